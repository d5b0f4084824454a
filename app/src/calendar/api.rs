//! Server functions of the calendar feed: thin wrappers that guard, then call
//! `calendar::service`. The feed itself is a plain route (`feed.rs`).

use super::model::{FeedStatus, NewFeed};
use crate::error::AppError;
use leptos::prelude::*;

/// Whether the signed-in partner user has a calendar address, and when a calendar last read it.
#[server(endpoint = "get_calendar_feed")]
pub async fn get_calendar_feed() -> Result<FeedStatus, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::status(&state, &scope)
        .await
        .map_err(respond)
}

/// A new calendar address for the signed-in partner user (the earlier one stops answering).
#[server(endpoint = "create_calendar_feed")]
pub async fn create_calendar_feed() -> Result<NewFeed, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::create(&state, &scope)
        .await
        .map_err(respond)
}

/// Revokes the signed-in partner user's calendar address.
#[server(endpoint = "revoke_calendar_feed")]
pub async fn revoke_calendar_feed() -> Result<FeedStatus, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::revoke(&state, &scope)
        .await
        .map_err(respond)
}
