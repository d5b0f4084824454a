//! Server functions of the programme console.

use super::ProgrammeEngagement;
use crate::error::AppError;
use leptos::prelude::*;

/// Every engagement of the programme (Programme reviewer only).
#[server(endpoint = "list_programme_engagements")]
pub async fn list_programme_engagements() -> Result<Vec<ProgrammeEngagement>, AppError> {
    let (state, _reviewer) = crate::auth::server::guard_reviewer().await?;
    super::repo::list_engagements(&state.db.pool, state.clock.now())
        .await
        .map_err(|e| crate::auth::server::respond(e.into()))
}
