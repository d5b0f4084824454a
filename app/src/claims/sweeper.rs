//! The deadline sweeper: moves claims whose deadline has passed to their expired state. Safe to
//! run in several instances at once: each transition is written only if the claim is still at
//! the version that was read, so a claim is expired (and its event written) exactly once.

use super::repo;
use super::service::perform;
use crate::error::AppError;
use crate::state::AppState;
use domain::{expired_action, Actor, Timestamp};
use std::collections::HashMap;

/// One pass: expires every due claim (in batches). Returns how many this pass expired.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn sweep(state: &AppState) -> Result<usize, AppError> {
    let mut expired = 0;
    let mut engagements = HashMap::new();
    loop {
        let now = Timestamp::from_unix_seconds(state.clock.now());
        let due = repo::due_claims(&state.db.pool, now, 200).await?;
        let batch = due.len();
        let mut moved_in_batch = 0;
        for claim in due {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                engagements.entry(claim.engagement_id)
            {
                let engagement =
                    crate::engagements::repo::load_engagement(&state.db.pool, claim.engagement_id)
                        .await?
                        .ok_or_else(|| crate::error::broken("a claim's engagement exists"))?;
                slot.insert(engagement);
            }
            let Some(engagement) = engagements.get(&claim.engagement_id) else {
                continue;
            };
            let Some(action) = expired_action(claim.status, &claim.dates, engagement, now) else {
                continue;
            };
            match perform(
                state,
                &claim,
                action,
                Actor::System,
                None,
                serde_json::json!({}),
            )
            .await
            {
                Ok(_) => {
                    expired += 1;
                    moved_in_batch += 1;
                }
                // Another instance (or a person) changed it first: nothing left to do here.
                Err(AppError::Conflict(_)) | Err(AppError::NotAllowed(_)) => {}
                Err(error) => return Err(error),
            }
        }
        if batch < 200 || moved_in_batch == 0 {
            return Ok(expired);
        }
    }
}
