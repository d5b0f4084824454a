//! Server functions of the Customers page.

use super::model::{CustomersPage, CustomersQuery};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One page of one tab of an engagement's Customers page, with the counts of all three tabs.
#[server(endpoint = "get_customers_page", input = Json)]
pub async fn get_customers_page(query: CustomersQuery) -> Result<CustomersPage, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::customers_page(&state, &scope, query)
        .await
        .map_err(respond)
}
