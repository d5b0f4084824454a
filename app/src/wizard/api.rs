//! Server functions of the wizards.

use super::model::{CustomerCheck, CustomerCheckRequest};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Who a customer ID is and for which open engagements it is eligible, from a location: the
/// feedback of the customer ID step, asked (debounced) while the partner types.
#[server(endpoint = "check_customer", input = Json)]
pub async fn check_customer(request: CustomerCheckRequest) -> Result<CustomerCheck, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::check_customer(&state, &scope, request)
        .await
        .map_err(respond)
}
