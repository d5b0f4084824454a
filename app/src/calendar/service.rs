//! The calendar feed's actions: make, revoke and read the user's address, and the events it
//! carries (one per open claim's current deadline, from the same rules as the claim page's).

use super::feed::{render, FeedEvent};
use super::model::{webcal_of, FeedStatus, NewFeed};
use super::repo;
use crate::auth::guard::{require_incentives, PartnerScope};
use crate::claims::service::EngagementsOf;
use crate::consent::token::{hash_token, new_token, well_formed};
use crate::error::AppError;
use crate::state::AppState;
use domain::deadline;
use domain::time::SECONDS_PER_DAY;

/// Deadlines passed this long ago still show, so that a missed one does not vanish at once.
const KEEP_PASSED_DAYS: i64 = 30;

/// The user's address, as its settings show it.
#[tracing::instrument(skip(state, scope), fields(user = %scope.user_id), err(level = "debug"))]
pub async fn status(state: &AppState, scope: &PartnerScope) -> Result<FeedStatus, AppError> {
    let found = repo::status(&state.db.pool, scope.user_id).await?;
    Ok(FeedStatus {
        created_at: found.map(|(created, _)| created),
        last_read_at: found.and_then(|(_, read)| read),
    })
}

/// A new address for the user; the earlier one, if any, stops answering.
#[tracing::instrument(skip(state, scope), fields(user = %scope.user_id), err(level = "debug"))]
pub async fn create(state: &AppState, scope: &PartnerScope) -> Result<NewFeed, AppError> {
    let (token, hash) = new_token();
    let now = state.clock.now();
    repo::replace(&state.db.pool, scope.user_id, &hash, now).await?;
    let url = format!(
        "{}/calendar/{token}.ics",
        state.config.public_url.trim_end_matches('/')
    );
    Ok(NewFeed {
        webcal: webcal_of(&url),
        url,
        created_at: now,
    })
}

/// Revokes the user's address.
#[tracing::instrument(skip(state, scope), fields(user = %scope.user_id), err(level = "debug"))]
pub async fn revoke(state: &AppState, scope: &PartnerScope) -> Result<FeedStatus, AppError> {
    repo::revoke(&state.db.pool, scope.user_id).await?;
    Ok(FeedStatus {
        created_at: None,
        last_read_at: None,
    })
}

/// The calendar of the address whose token is `token` (without `.ics`), or `None` for one that
/// is not (or no longer) issued, or whose user may no longer act on claims.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn calendar(state: &AppState, token: &str) -> Result<Option<String>, AppError> {
    if !well_formed(token) {
        return Ok(None);
    }
    let pool = &state.db.pool;
    let now = state.clock.now();
    let Some((user_id, language)) = repo::read_by(pool, &hash_token(token), now).await? else {
        return Ok(None);
    };
    let Some(principal) = crate::auth::repo::load_principal(pool, user_id).await? else {
        return Ok(None);
    };
    let Ok(scope) = require_incentives(&principal) else {
        return Ok(None);
    };
    let mut engagements = EngagementsOf::new(state);
    let mut events = Vec::new();
    for c in repo::claims(pool, &scope, now - KEEP_PASSED_DAYS * SECONDS_PER_DAY).await? {
        let engagement = engagements.get(c.claim.engagement_id).await?;
        if let Some(deadline) = deadline(c.claim.status, &c.claim.dates, engagement) {
            events.push(FeedEvent {
                claim_ref: c.claim_ref,
                status: c.claim.status,
                deadline,
                customer_name: c.customer_name,
                friendly_name: c.friendly_name,
                engagement_name: c.engagement_name,
            });
        }
    }
    let french = language == "fr";
    Ok(Some(render(
        &events,
        now,
        state.config.public_url.trim_end_matches('/'),
        french,
    )))
}
