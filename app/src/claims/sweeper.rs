//! The deadline sweeper: moves claims whose deadline has passed to their expired state. Safe to
//! run in several instances at once: each transition is written only if the claim is still at
//! the version that was read, so a claim is expired (and its event written) exactly once.
//!
//! A claim that cannot be expired (a row the code cannot read, a write that fails) is logged and
//! skipped: it is that claim's problem, and every other due claim is still expired in the same
//! pass. The pass walks the due claims in order (`deadline_at`, `id`) from where its last batch
//! ended, so claims skipped at the head of the queue never hide the ones behind them. Only a
//! failure to read the queue itself ends the pass.

use super::repo::{self, ClaimState};
use super::service::perform;
use crate::error::AppError;
use crate::state::AppState;
use domain::{expired_action, Actor, Engagement, EngagementId, Timestamp};
use std::collections::HashMap;

/// Due claims read at a time.
const BATCH: i64 = 200;

/// One pass: expires every due claim (in batches). Returns how many this pass expired.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn sweep(state: &AppState) -> Result<usize, AppError> {
    let mut expired = 0;
    let mut skipped = 0;
    let mut engagements = HashMap::new();
    let mut after = None;
    loop {
        let now = Timestamp::from_unix_seconds(state.clock.now());
        let due = repo::due_claims(&state.db.pool, now, after, BATCH).await?;
        let batch = due.len();
        for due in due {
            after = Some((due.deadline_at, due.id));
            let outcome = match due.claim {
                Ok(claim) => expire(state, &mut engagements, &claim, now).await,
                Err(error) => {
                    tracing::error!(claim = due.id, %error, "a due claim's row cannot be read");
                    Err(AppError::Internal)
                }
            };
            match outcome {
                Ok(true) => expired += 1,
                Ok(false) => {}
                Err(error) => {
                    skipped += 1;
                    tracing::error!(
                        claim = due.id,
                        %error,
                        "the deadline sweeper skipped a claim it could not expire; it tries again at the next pass"
                    );
                }
            }
        }
        if batch < usize::try_from(BATCH).unwrap_or(usize::MAX) {
            if skipped > 0 {
                tracing::warn!(expired, skipped, "deadline sweep done with skipped claims");
            }
            return Ok(expired);
        }
    }
}

/// Expires one due claim: true when this call moved it, false when nothing was left to do.
async fn expire(
    state: &AppState,
    engagements: &mut HashMap<EngagementId, Engagement>,
    claim: &ClaimState,
    now: Timestamp,
) -> Result<bool, AppError> {
    let engagement = match engagements.entry(claim.engagement_id) {
        std::collections::hash_map::Entry::Occupied(slot) => slot.into_mut(),
        std::collections::hash_map::Entry::Vacant(slot) => {
            let engagement =
                crate::engagements::repo::load_engagement(&state.db.pool, claim.engagement_id)
                    .await?
                    .ok_or_else(|| crate::error::broken("a claim's engagement exists"))?;
            slot.insert(engagement)
        }
    };
    let Some(action) = expired_action(claim.status, &claim.dates, engagement, now) else {
        return Ok(false);
    };
    match perform(
        state,
        claim,
        action,
        Actor::System,
        None,
        serde_json::json!({}),
    )
    .await
    {
        Ok(_) => Ok(true),
        // Another instance (or a person) changed it first: nothing left to do here.
        Err(AppError::Conflict(_)) | Err(AppError::NotAllowed(_)) => Ok(false),
        Err(error) => Err(error),
    }
}
