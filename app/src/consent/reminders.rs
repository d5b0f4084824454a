//! Automatic consent reminders (issue 17): where the partner set it for an engagement, an
//! unanswered consent request is re-sent to the customer a set number of days before it expires,
//! by the clock (`remind_consent`, in the claim's history), once per claim, counted as a re-send.
//! Off unless set.

use super::repo::{self, NewRequest};
use crate::auth::guard::PartnerScope;
use crate::auth::Role;
use crate::claims::repo::{self as claims_repo, claim_state};
use crate::claims::service::plan;
use crate::error::{AppError, FieldProblem, NeededRole};
use crate::state::AppState;
use domain::{deadline, Actor, ClaimAction, ClaimRef, ClaimStatus, DeadlineKind, EngagementId};

pub use super::reminder_page::REMINDER_DAYS;

/// The most claims one pass reminds; the next pass takes the rest.
const BATCH: i64 = 200;

/// The partner's setting for an engagement: days before expiry, or `None` (off).
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn setting(
    state: &AppState,
    scope: &PartnerScope,
    engagement_id: EngagementId,
) -> Result<Option<u32>, AppError> {
    own_engagement(state, scope, engagement_id).await?;
    let days: Option<i64> = sqlx::query_scalar(
        "SELECT days_before FROM consent_reminder_settings WHERE partner_id = $1 AND engagement_id = $2",
    )
    .bind(scope.partner_id.get())
    .bind(engagement_id.get())
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(days.and_then(|d| u32::try_from(d).ok()))
}

/// Sets (or with `None` turns off) the partner's reminder for an engagement: its Incentives
/// administrator's decision, for every location.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn save_setting(
    state: &AppState,
    scope: &PartnerScope,
    engagement_id: EngagementId,
    days_before: Option<u32>,
) -> Result<Option<u32>, AppError> {
    if scope.role != Role::IncentivesAdmin {
        return Err(AppError::Forbidden(NeededRole::IncentivesAdmin));
    }
    own_engagement(state, scope, engagement_id).await?;
    let pool = &state.db.pool;
    match days_before {
        None => {
            sqlx::query(
                "DELETE FROM consent_reminder_settings WHERE partner_id = $1 AND engagement_id = $2",
            )
            .bind(scope.partner_id.get())
            .bind(engagement_id.get())
            .execute(pool)
            .await?;
        }
        Some(days) if REMINDER_DAYS.contains(&days) => {
            sqlx::query(
                "INSERT INTO consent_reminder_settings (partner_id, engagement_id, days_before, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (partner_id, engagement_id) DO UPDATE SET days_before = excluded.days_before,
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            )
            .bind(scope.partner_id.get())
            .bind(engagement_id.get())
            .bind(i64::from(days))
            .bind(scope.user_id.get())
            .bind(state.clock.now())
            .execute(pool)
            .await?;
        }
        Some(_) => return Err(AppError::field("days_before", FieldProblem::Unknown)),
    }
    Ok(days_before)
}

/// Only engagements the partner has a Customers page for have a setting.
async fn own_engagement(
    state: &AppState,
    scope: &PartnerScope,
    engagement_id: EngagementId,
) -> Result<(), AppError> {
    let engagements =
        crate::customers::repo::rows::partner_engagements(&state.db.pool, scope.partner_id).await?;
    if engagements.contains(&engagement_id) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Reminds every customer whose consent request is due a reminder now; returns how many were
/// reminded. Each instance's worker runs it; each claim is reminded once.
#[tracing::instrument(skip(state), err(level = "warn"))]
pub async fn remind_customers(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    let due: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.claim_ref, s.days_before FROM claims c
         JOIN consent_reminder_settings s ON s.partner_id = c.partner_id AND s.engagement_id = c.engagement_id
         WHERE c.status = 'awaiting_consent' AND c.deadline_at > $1
           AND c.deadline_at <= $1 + 86400 * s.days_before
           AND NOT EXISTS (SELECT 1 FROM consent_auto_reminders r WHERE r.claim_id = c.id)
         ORDER BY c.deadline_at, c.id LIMIT $2",
    )
    .bind(now)
    .bind(BATCH)
    .fetch_all(&state.db.pool)
    .await?;
    let mut reminded = 0;
    for (claim_ref, days_before) in due {
        let Ok(claim_ref) = ClaimRef::parse(&claim_ref) else {
            continue;
        };
        if remind_one(state, &claim_ref, days_before, now).await? {
            reminded += 1;
        }
    }
    Ok(reminded)
}

/// One claim's reminder, in one transaction whose first statement claims it: `false` when
/// another instance did, when the partner re-sent within the hour (the next pass retries), when
/// the re-send limit is reached (recorded, never retried), or when the window just closed.
async fn remind_one(
    state: &AppState,
    claim_ref: &ClaimRef,
    days_before: i64,
    now: i64,
) -> Result<bool, AppError> {
    let pool = &state.db.pool;
    let Some(claim) = claim_state(pool, claim_ref).await? else {
        return Ok(false);
    };
    if claim.status != ClaimStatus::AwaitingConsent {
        return Ok(false);
    }
    let settings = state.config.consent;
    let (resends, last_at) = repo::send_counts(pool, claim.id).await?;
    if last_at.is_some_and(|at| now < at + settings.resend_interval_secs) {
        return Ok(false);
    }
    let planned = match plan(state, &claim, ClaimAction::RemindConsent, Actor::System).await {
        Ok(planned) => planned,
        Err(AppError::NotAllowed(_)) => return Ok(false),
        Err(other) => return Err(other),
    };
    let outcome = if resends >= settings.max_resends {
        "limit_reached"
    } else {
        "sent"
    };
    let mut tx = pool.begin().await?;
    let claimed = sqlx::query(
        "INSERT INTO consent_auto_reminders (claim_id, outcome, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (claim_id) DO NOTHING",
    )
    .bind(claim.id)
    .bind(outcome)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        tx.rollback().await?;
        return Ok(false);
    }
    if outcome == "limit_reached" {
        tx.commit().await?;
        tracing::info!(claim = %claim_ref, "consent reminder not sent: the re-send limit is reached");
        return Ok(false);
    }
    let (to_address, language): (String, String) =
        sqlx::query_as("SELECT contact_email, contact_language FROM claims WHERE id = $1")
            .bind(claim.id)
            .fetch_one(&mut *tx)
            .await?;
    let expires_at = deadline(planned.to, &planned.dates, &planned.engagement)
        .filter(|d| d.kind == DeadlineKind::Consent)
        .map(|d| d.at.unix_seconds())
        .ok_or_else(|| crate::error::broken("a claim awaiting consent has a consent deadline"))?;
    let details = serde_json::json!({
        "to": to_address,
        "language": language,
        "automatic": true,
        "days_before": days_before,
    });
    claims_repo::write_transition_in(
        &mut tx,
        planned.write(
            &claim,
            ClaimAction::RemindConsent,
            Actor::System,
            None,
            &details,
        ),
    )
    .await?;
    repo::insert_request(
        &mut tx,
        &NewRequest {
            claim_id: claim.id,
            resend: true,
            to_address: &to_address,
            language: &language,
            requested_by: None,
            now,
            expires_at,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(claim = %claim_ref, days_before, "consent reminder queued");
    state.outbox_wake.notify_one();
    Ok(true)
}
