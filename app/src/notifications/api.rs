//! Server functions of notifications: thin wrappers that guard, then call
//! `notifications::service`.

use super::model::{NotificationList, Preferences};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The signed-in user's newest notifications, with the unread count.
#[server(endpoint = "list_notifications")]
pub async fn list_notifications() -> Result<NotificationList, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::list(&state, &scope).await.map_err(respond)
}

/// The bell's count of unread notifications.
#[server(endpoint = "unread_notifications")]
pub async fn unread_notifications() -> Result<i64, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::unread(&state, &scope)
        .await
        .map_err(respond)
}

/// Marks the given notifications read, or every one when `ids` is empty.
#[server(endpoint = "mark_notifications_read", input = Json)]
pub async fn mark_notifications_read(ids: Vec<i64>) -> Result<u64, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::mark_read(&state, &scope, &ids)
        .await
        .map_err(respond)
}

/// The signed-in user's notification preferences.
#[server(endpoint = "get_notification_preferences")]
pub async fn get_notification_preferences() -> Result<Preferences, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::preferences(&state, &scope)
        .await
        .map_err(respond)
}

/// Saves the signed-in user's notification preferences.
#[server(endpoint = "save_notification_preferences", input = Json)]
pub async fn save_notification_preferences(
    preferences: Preferences,
) -> Result<Preferences, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::save_preferences(&state, &scope, preferences)
        .await
        .map_err(respond)
}
