//! Server functions of the attention inbox: thin wrappers that guard, then call
//! `attention::service`.

use super::model::{Attention, AttentionFilter};
use crate::error::AppError;
use leptos::prelude::*;

/// Everything waiting on the signed-in partner user, under the filters.
#[server(endpoint = "get_attention")]
pub async fn get_attention(filter: AttentionFilter) -> Result<Attention, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::attention(&state, &scope, &filter)
        .await
        .map_err(respond)
}

/// The header's count of claims waiting on the signed-in partner user.
#[server(endpoint = "attention_count")]
pub async fn attention_count() -> Result<i64, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::count(&state, &scope).await.map_err(respond)
}
