//! A claim as its transitions see it ([`ClaimState`]), and the transitions written: only at the
//! version the claim was read at.

use super::insert_event;
use crate::customers::repo::marks;
use crate::db::row::{self, StoredCustomerId};
use crate::error::{AppError, Conflict};
use domain::{Actor, ClaimDates, ClaimStatus, CustomerId, CustomerKey, Timestamp};
use domain::{ClaimRef, EngagementId, PartnerId};
use sqlx::{Any, AnyPool, Transaction};

/// What a transition needs to know of the claim as it was read.
#[derive(Debug, Clone)]
pub struct ClaimState {
    pub id: i64,
    pub partner_id: PartnerId,
    pub location_id: String,
    pub engagement_id: EngagementId,
    /// The ID the claim was made with.
    pub customer_id: CustomerId,
    /// The customer it was counted for when it was made (never recomputed).
    pub customer_key: CustomerKey,
    pub status: ClaimStatus,
    pub dates: ClaimDates,
    pub version: i64,
}

/// The columns of [`ClaimState`] as stored ([`STATE_COLUMNS_OF_C`]); flattened into the rows of
/// queries that read more of the claim.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimStateRow {
    id: i64,
    partner_id: i64,
    location_id: String,
    engagement_id: i64,
    #[sqlx(flatten)]
    customer_id: StoredCustomerId,
    customer_key: String,
    status: String,
    created_at: i64,
    consent_at: Option<i64>,
    submitted_at: Option<i64>,
    rejected_at: Option<i64>,
    version: i64,
}

impl TryFrom<ClaimStateRow> for ClaimState {
    type Error = sqlx::Error;

    fn try_from(r: ClaimStateRow) -> Result<Self, Self::Error> {
        Ok(ClaimState {
            customer_id: r.customer_id.parse("claims")?,
            customer_key: row::parse(
                "claims",
                "customer_key",
                &r.customer_key,
                CustomerKey::from_code,
            )?,
            status: row::parse("claims", "status", &r.status, ClaimStatus::from_code)?,
            dates: ClaimDates {
                created_at: Timestamp::from_unix_seconds(r.created_at),
                consent_at: row::timestamp(r.consent_at),
                submitted_at: row::timestamp(r.submitted_at),
                rejected_at: row::timestamp(r.rejected_at),
            },
            id: r.id,
            partner_id: PartnerId::new(r.partner_id),
            location_id: r.location_id,
            engagement_id: EngagementId::new(r.engagement_id),
            version: r.version,
        })
    }
}

/// The columns of [`ClaimStateRow`], of the claim aliased `c`.
pub const STATE_COLUMNS_OF_C: &str = "c.id, c.partner_id, c.location_id, c.engagement_id, c.customer_id_type,
     c.customer_id_value, c.customer_key, c.status, c.created_at, c.consent_at, c.submitted_at, c.rejected_at,
     c.version";

/// The claim with this reference, or `None`.
#[tracing::instrument(skip_all, fields(claim_ref = %claim_ref), err(level = "warn"))]
pub async fn claim_state(
    pool: &AnyPool,
    claim_ref: &ClaimRef,
) -> Result<Option<ClaimState>, sqlx::Error> {
    sqlx::query_as::<_, ClaimStateRow>(&format!(
        "SELECT {STATE_COLUMNS_OF_C} FROM claims c WHERE c.claim_ref = $1"
    ))
    .bind(claim_ref.as_str())
    .fetch_optional(pool)
    .await?
    .map(ClaimState::try_from)
    .transpose()
}

/// One claim the sweeper found due: its place in the sweep's order (`deadline_at`, `id`), and
/// the claim, or why its row could not be read (one bad row is that claim's problem alone).
#[derive(Debug)]
pub struct DueClaim {
    pub id: i64,
    pub deadline_at: i64,
    pub claim: Result<ClaimState, sqlx::Error>,
}

/// Open claims whose sweeper mark has passed, oldest first, after the claim at `after`
/// (`(deadline_at, id)`, from the previous batch) when given.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn due_claims(
    pool: &AnyPool,
    now: Timestamp,
    after: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<DueClaim>, sqlx::Error> {
    use sqlx::{FromRow, Row};
    let (after_deadline, after_id) = after.unwrap_or((i64::MIN, i64::MIN));
    sqlx::query(&format!(
        "SELECT {STATE_COLUMNS_OF_C}, c.deadline_at FROM claims c
         WHERE c.is_open = 1 AND c.deadline_at <= $1
            AND (c.deadline_at > $2 OR (c.deadline_at = $2 AND c.id > $3))
         ORDER BY c.deadline_at, c.id LIMIT $4"
    ))
    .bind(now.unix_seconds())
    .bind(after_deadline)
    .bind(after_id)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        Ok(DueClaim {
            id: row.try_get("id")?,
            deadline_at: row.try_get("deadline_at")?,
            claim: ClaimStateRow::from_row(row).and_then(ClaimState::try_from),
        })
    })
    .collect()
}

/// A change of status decided by the domain, to be written.
#[derive(Debug, Clone)]
pub struct TransitionWrite<'a> {
    pub from: &'a ClaimState,
    pub to: ClaimStatus,
    pub action: &'a str,
    pub actor: Actor,
    pub actor_user_id: Option<i64>,
    pub dates: ClaimDates,
    /// The sweeper's mark for the new status.
    pub deadline_at: Option<i64>,
    pub details: String,
    pub now: Timestamp,
    /// The app's public address, for the links of the notification e-mails it queues.
    pub public_url: &'a str,
}

/// Writes a transition and its event in one transaction, only if the claim is still as it was
/// read (its version): two actors (or two sweepers) racing on one claim change it once.
#[tracing::instrument(skip_all, fields(claim = %t.from.id, action = t.action, to = t.to.code()), err(level = "debug"))]
pub async fn write_transition(pool: &AnyPool, t: TransitionWrite<'_>) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    write_transition_in(&mut tx, t).await?;
    tx.commit().await?;
    Ok(())
}

/// [`write_transition`] inside a transaction the caller commits, with its own writes (the
/// transition's UPDATE comes first: on SQLite it takes the write lock). On `claim_changed` the
/// caller drops the transaction, which rolls it back.
#[tracing::instrument(skip_all, fields(claim = %t.from.id, action = t.action, to = t.to.code()), err(level = "debug"))]
pub async fn write_transition_in(
    tx: &mut Transaction<'static, Any>,
    t: TransitionWrite<'_>,
) -> Result<(), AppError> {
    let now = t.now.unix_seconds();
    let ended_at = if t.to.is_terminal() { Some(now) } else { None };
    let updated = sqlx::query(
        "UPDATE claims SET status = $1, is_open = $2, deadline_at = $3, consent_at = $4, submitted_at = $5,
            rejected_at = $6, ended_at = $7, updated_at = $8, version = version + 1
         WHERE id = $9 AND version = $10",
    )
    .bind(t.to.code())
    .bind(i64::from(t.to.is_open()))
    .bind(t.deadline_at)
    .bind(t.dates.consent_at.map(Timestamp::unix_seconds))
    .bind(t.dates.submitted_at.map(Timestamp::unix_seconds))
    .bind(t.dates.rejected_at.map(Timestamp::unix_seconds))
    .bind(ended_at)
    .bind(now)
    .bind(t.from.id)
    .bind(t.from.version)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::Conflict(Conflict::ClaimChanged));
    }
    let closed = t.from.status.is_open() && !t.to.is_open();
    if closed {
        // Given back on the key the claim was counted on, whatever the directory says now.
        sqlx::query(
            "UPDATE claim_counters SET open_count = open_count - 1
             WHERE engagement_id = $1 AND customer_key = $2 AND open_count > 0",
        )
        .bind(t.from.engagement_id.get())
        .bind(t.from.customer_key.code())
        .execute(&mut **tx)
        .await?;
    }
    let consented = t.from.dates.consent_at.is_none() && t.dates.consent_at.is_some();
    marks::mark_claim_change(
        tx,
        t.from.partner_id,
        t.from.engagement_id,
        &t.from.customer_key,
        closed,
        consented,
        now,
    )
    .await?;
    insert_event(
        tx,
        t.from.id,
        now,
        t.actor,
        t.actor_user_id,
        t.action,
        Some(t.from.status),
        t.to,
        &t.details,
    )
    .await?;
    // The people of the claim hear of it in the same transaction: told once, with the change.
    if let Some(action) = domain::ClaimAction::from_code(t.action) {
        crate::notifications::service::on_transition(
            tx,
            t.from.id,
            action,
            t.to,
            t.from.version + 1,
            t.deadline_at,
            now,
            t.public_url,
        )
        .await?;
    }
    Ok(())
}
