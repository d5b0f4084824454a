//! Server functions of the Engagements page.

use super::model::EngagementSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// The engagements the signed-in partner user has at least one eligible location for.
#[server(endpoint = "list_engagements")]
pub async fn list_engagements() -> Result<Vec<EngagementSummary>, AppError> {
    let (state, scope) = crate::auth::server::guard_incentives().await?;
    let now = state.clock.now();
    super::repo::list_for_partner(&state.db.pool, &scope, now)
        .await
        .map_err(|e| crate::auth::server::respond(e.into()))
}
