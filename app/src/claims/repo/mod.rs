//! SQL of claims. Every change of a claim and its event are written in one transaction, and the
//! two limits that must hold under concurrency are held by the database:
//! * one open claim per partner, engagement and customer (its canonical key, whatever alias was
//!   typed): the partial unique index `claims_one_open_per_customer`, met with
//!   `ON CONFLICT DO NOTHING`;
//! * at most the engagement's limit of open claims per customer across partners: a
//!   conditional `UPDATE claim_counters ... WHERE open_count < limit`, per key.
//!
//! Each transaction's first statement is a write: on SQLite that takes the write lock at once
//! (waiting on the busy timeout) instead of failing when a read lock would need upgrading.
//!
//! Every change also marks the Customers page rows it makes stale
//! (`customers::repo::marks::mark*`) in its own transaction: no caller refreshes anything after
//! a commit.
//!
//! This module writes new claims; `state` reads a claim for a transition and writes
//! transitions; `read` reads claims for their pages.

mod read;
mod state;

pub use read::{
    claim_detail_row, claim_hours, events, list_claims, location_enrolled, opportunity_terms,
    partner_knows_customer, tenant_domains, update_contacts, ContactsUpdate,
};
pub use state::{
    claim_state, due_claims, write_transition, write_transition_in, ClaimState, ClaimStateRow,
    DueClaim, TransitionWrite, STATE_COLUMNS_OF_C,
};

use super::model::ClaimOrigin;
use crate::customers::repo::marks;
use crate::error::{AppError, Conflict, IneligibleEngagement};
use domain::{Actor, ClaimStatus, CustomerId, CustomerKey, Reason, Timestamp};
use domain::{ClaimRef, EngagementId, PartnerId, UserId};
use sqlx::{Any, AnyPool, Transaction};

/// A claim ready to be written (already checked by the domain rules).
#[derive(Debug, Clone)]
pub struct ClaimInsert {
    pub claim_ref: ClaimRef,
    pub partner_id: PartnerId,
    pub location_id: String,
    pub engagement_id: EngagementId,
    pub max_active_claims: u32,
    pub friendly_name: String,
    pub origin: ClaimOrigin,
    pub customer_id: CustomerId,
    /// The customer the ID belongs to (`domain::customer_key`), on which both limits count.
    pub customer_key: CustomerKey,
    pub resolved_tenant_id: Option<String>,
    pub customer_name: Option<String>,
    /// The contacts as the Send consent flow rewrites them later.
    pub contacts: ContactsUpdate,
    pub hours: Option<i64>,
    pub proposed_payment_cents: Option<i64>,
    pub currency: String,
    /// When the consent window closes (the sweeper's mark).
    pub deadline_at: Option<i64>,
    pub created_by: UserId,
    pub actor: Actor,
}

/// Writes claims (one per engagement) with their creation events, in one transaction, under an
/// idempotency key. Returns the claim references; for a key already used, the first call's.
#[tracing::instrument(skip_all, fields(user = %user_id, claims = claims.len()), err(level = "debug"))]
pub async fn insert_claims(
    pool: &AnyPool,
    user_id: UserId,
    idempotency_key: &str,
    claims: &[ClaimInsert],
    now: Timestamp,
) -> Result<Vec<ClaimRef>, AppError> {
    let now = now.unix_seconds();
    let mut tx = pool.begin().await?;
    let key_taken = sqlx::query_scalar::<_, i64>(
        "INSERT INTO idempotency_keys (user_id, key, claim_refs, created_at) VALUES ($1, $2, '', $3)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING user_id",
    )
    .bind(user_id.get())
    .bind(idempotency_key)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?
    .is_none();
    if key_taken {
        tx.rollback().await?;
        // The key's first request committed its claims with it: they are there.
        return idempotent_result(pool, user_id, idempotency_key)
            .await?
            .ok_or_else(|| AppError::from(sqlx::Error::RowNotFound));
    }

    let mut ordered: Vec<&ClaimInsert> = claims.iter().collect();
    // One lock order for every transaction: no deadlock between two multi-engagement requests.
    ordered.sort_by_key(|c| c.engagement_id);
    for claim in ordered {
        insert_one(&mut tx, claim, now).await?;
    }
    let refs: Vec<ClaimRef> = claims.iter().map(|c| c.claim_ref.clone()).collect();
    let stored: Vec<&str> = refs.iter().map(ClaimRef::as_str).collect();
    sqlx::query("UPDATE idempotency_keys SET claim_refs = $3 WHERE user_id = $1 AND key = $2")
        .bind(user_id.get())
        .bind(idempotency_key)
        .bind(stored.join(","))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(refs)
}

/// The claims an earlier request with this key created, if it completed.
#[tracing::instrument(skip_all, fields(user = %user_id), err(level = "warn"))]
pub async fn idempotent_result(
    pool: &AnyPool,
    user_id: UserId,
    key: &str,
) -> Result<Option<Vec<ClaimRef>>, AppError> {
    let refs: Option<String> = sqlx::query_scalar(
        "SELECT claim_refs FROM idempotency_keys WHERE user_id = $1 AND key = $2",
    )
    .bind(user_id.get())
    .bind(key)
    .fetch_optional(pool)
    .await?;
    let Some(refs) = refs else {
        return Ok(None);
    };
    let refs = refs
        .split(',')
        .filter(|r| !r.is_empty())
        .map(|r| crate::db::row::claim_ref("idempotency_keys", r))
        .collect::<Result<_, _>>()?;
    Ok(Some(refs))
}

/// How long an idempotency key answers for its first request. A key is made by the wizard's
/// review step and lives in that tab's draft until the claims are created; it is sent again only
/// by that tab (a double click, a retry after a lost answer). A week covers a tab left open over
/// a weekend. A replay after that no longer gets the first answer, but creates nothing either:
/// the partner's open claim for that customer refuses a second one.
pub const IDEMPOTENCY_KEY_LIFE_SECS: i64 = 7 * 24 * 60 * 60;

/// Deletes at most `limit` idempotency keys written before `before`, oldest first; returns how
/// many. One statement: instances purging at once delete each key once.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn purge_idempotency_keys(
    pool: &AnyPool,
    before: Timestamp,
    limit: i64,
) -> Result<u64, AppError> {
    Ok(sqlx::query(
        "DELETE FROM idempotency_keys WHERE (user_id, key) IN (
            SELECT user_id, key FROM idempotency_keys WHERE created_at < $1
            ORDER BY created_at LIMIT $2)",
    )
    .bind(before.unix_seconds())
    .bind(limit)
    .execute(pool)
    .await?
    .rows_affected())
}

#[tracing::instrument(skip_all, fields(claim_ref = %c.claim_ref, engagement = %c.engagement_id), err(level = "debug"))]
async fn insert_one(
    tx: &mut Transaction<'static, Any>,
    c: &ClaimInsert,
    now: i64,
) -> Result<(), AppError> {
    let kind = c.customer_id.kind().code();
    let value = c.customer_id.value();
    let key = c.customer_key.code();
    sqlx::query(
        "INSERT INTO claim_counters (engagement_id, customer_key, open_count)
         VALUES ($1, $2, 0) ON CONFLICT (engagement_id, customer_key) DO NOTHING",
    )
    .bind(c.engagement_id.get())
    .bind(&key)
    .execute(&mut **tx)
    .await?;

    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO claims (claim_ref, partner_id, location_id, engagement_id, friendly_name, origin,
            customer_id_type, customer_id_value, resolved_tenant_id, customer_name, contact_email,
            contact_name, contact_phone, contact_language, partner_contact_name, partner_contact_email,
            mismatch_reason, mismatch_details, hours, proposed_payment_cents, currency, status, is_open,
            deadline_at, created_at, created_by, updated_at, customer_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
            $21, $22, 1, $23, $24, $25, $24, $26)
         ON CONFLICT (partner_id, engagement_id, customer_key) WHERE is_open = 1 AND alias_duplicate = 0 DO NOTHING
         RETURNING id",
    )
    .bind(c.claim_ref.as_str())
    .bind(c.partner_id.get())
    .bind(&c.location_id)
    .bind(c.engagement_id.get())
    .bind(&c.friendly_name)
    .bind(c.origin.code())
    .bind(kind)
    .bind(&value)
    .bind(&c.resolved_tenant_id)
    .bind(&c.customer_name)
    .bind(&c.contacts.contact_email)
    .bind(&c.contacts.contact_name)
    .bind(&c.contacts.contact_phone)
    .bind(&c.contacts.contact_language)
    .bind(&c.contacts.partner_contact_name)
    .bind(&c.contacts.partner_contact_email)
    .bind(&c.contacts.mismatch_reason)
    .bind(&c.contacts.mismatch_details)
    .bind(c.hours)
    .bind(c.proposed_payment_cents)
    .bind(&c.currency)
    .bind(ClaimStatus::CustomerClaimed.code())
    .bind(c.deadline_at)
    .bind(now)
    .bind(c.created_by.get())
    .bind(&key)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(claim_id) = inserted else {
        return Err(already_open(tx, c).await);
    };

    let counted = sqlx::query(
        "UPDATE claim_counters SET open_count = open_count + 1
         WHERE engagement_id = $1 AND customer_key = $2 AND open_count < $3",
    )
    .bind(c.engagement_id.get())
    .bind(&key)
    .bind(i64::from(c.max_active_claims))
    .execute(&mut **tx)
    .await?;
    if counted.rows_affected() != 1 {
        return Err(AppError::Conflict(Conflict::ActiveClaimLimitReached));
    }

    // This partner's row, and every other partner's row of the customer on this engagement
    // (one more open claim counts against the limit there).
    marks::mark_claim_change(
        tx,
        c.partner_id,
        c.engagement_id,
        &c.customer_key,
        true,
        false,
        now,
    )
    .await?;
    insert_event(
        tx,
        claim_id,
        now,
        c.actor,
        Some(c.created_by.get()),
        "create",
        None,
        ClaimStatus::CustomerClaimed,
        "{}",
    )
    .await
}

/// The refusal when the partner's open claim for this customer won the race (or a check read
/// before it committed): names the claim and the alias it was made with, as the rule would.
async fn already_open(tx: &mut Transaction<'static, Any>, c: &ClaimInsert) -> AppError {
    // Should even this read fail, the refusal still stands, without the claim's name.
    let open =
        crate::eligibility::repo::open_claims(tx, c.partner_id, c.engagement_id, &c.customer_key)
            .await
            .ok()
            .and_then(|(_, mine)| mine);
    AppError::Ineligible(vec![IneligibleEngagement {
        engagement_id: c.engagement_id,
        reasons: vec![Reason::partner_open_claim(
            open.as_ref(),
            c.customer_name.clone(),
        )],
    }])
}

/// One event of a claim's history, in the transaction of its change.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip_all, fields(claim = claim_id, action = action), err(level = "warn"))]
async fn insert_event(
    tx: &mut Transaction<'static, Any>,
    claim_id: i64,
    at: i64,
    actor: Actor,
    actor_user_id: Option<i64>,
    action: &str,
    from: Option<ClaimStatus>,
    to: ClaimStatus,
    details: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO claim_events (claim_id, at, actor, actor_user_id, action, from_status, to_status, details)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(claim_id)
    .bind(at)
    .bind(actor.code())
    .bind(actor_user_id)
    .bind(action)
    .bind(from.map(ClaimStatus::code))
    .bind(to.code())
    .bind(details)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
