//! Server functions of the Customers page.

use super::model::{CustomersPage, CustomersQuery, TabCounts};
use crate::error::AppError;
use domain::EngagementId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One page of one tab of an engagement's Customers page.
#[server(endpoint = "get_customers_page", input = Json)]
pub async fn get_customers_page(query: CustomersQuery) -> Result<CustomersPage, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::customers_page(&state, &scope, query)
        .await
        .map_err(respond)
}

/// How many rows each tab of an engagement's Customers page has under a search.
#[server(endpoint = "get_customer_counts")]
pub async fn get_customer_counts(
    engagement_id: EngagementId,
    search: String,
) -> Result<TabCounts, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::customer_counts(&state, &scope, engagement_id, &search)
        .await
        .map_err(respond)
}
