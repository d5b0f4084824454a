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
//! Every change also marks the Customers page rows it makes stale (`customers::marks::mark*`)
//! in its own transaction: no caller refreshes anything after a commit.

use super::model::{ClaimDetail, ClaimEvent, ClaimOrigin, ClaimSummary};
use crate::customers::marks;
use crate::error::{AppError, Conflict, IneligibleEngagement};
use domain::{
    Actor, ClaimDates, ClaimStatus, CustomerId, CustomerIdType, CustomerKey, Reason, Timestamp,
};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

/// A claim ready to be written (already checked by the domain rules).
#[derive(Debug, Clone)]
pub struct ClaimInsert {
    pub claim_ref: String,
    pub partner_id: i64,
    pub location_id: String,
    pub engagement_id: i64,
    pub max_active_claims: u32,
    pub friendly_name: String,
    pub origin: ClaimOrigin,
    pub customer_id: CustomerId,
    /// The customer the ID belongs to (`domain::customer_key`), on which both limits count.
    pub customer_key: CustomerKey,
    pub resolved_tenant_id: Option<String>,
    pub customer_name: Option<String>,
    pub contact_email: String,
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub contact_language: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub mismatch_reason: Option<String>,
    pub mismatch_details: Option<String>,
    pub hours: Option<i64>,
    pub proposed_payment_cents: Option<i64>,
    pub currency: String,
    /// When the consent window closes (the sweeper's mark).
    pub deadline_at: Option<i64>,
    pub created_by: i64,
    pub actor: Actor,
}

/// Writes claims (one per engagement) with their creation events, in one transaction, under an
/// idempotency key. Returns the claim references; for a key already used, the first call's.
pub async fn insert_claims(
    pool: &AnyPool,
    user_id: i64,
    idempotency_key: &str,
    claims: &[ClaimInsert],
    now: Timestamp,
) -> Result<Vec<String>, AppError> {
    let now = now.unix_seconds();
    let mut tx = pool.begin().await?;
    let key_taken = sqlx::query(
        "INSERT INTO idempotency_keys (user_id, key, claim_refs, created_at) VALUES ($1, $2, '', $3)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING user_id",
    )
    .bind(user_id)
    .bind(idempotency_key)
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?
    .is_none();
    if key_taken {
        tx.rollback().await?;
        return previous_result(pool, user_id, idempotency_key).await;
    }

    let mut ordered: Vec<&ClaimInsert> = claims.iter().collect();
    // One lock order for every transaction: no deadlock between two multi-engagement requests.
    ordered.sort_by_key(|c| c.engagement_id);
    for claim in ordered {
        insert_one(&mut tx, claim, now).await?;
    }
    let refs: Vec<String> = claims.iter().map(|c| c.claim_ref.clone()).collect();
    sqlx::query("UPDATE idempotency_keys SET claim_refs = $3 WHERE user_id = $1 AND key = $2")
        .bind(user_id)
        .bind(idempotency_key)
        .bind(refs.join(","))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(refs)
}

/// The claims an earlier request with this key created, if it completed.
pub async fn idempotent_result(
    pool: &AnyPool,
    user_id: i64,
    key: &str,
) -> Result<Option<Vec<String>>, AppError> {
    let row =
        sqlx::query("SELECT claim_refs FROM idempotency_keys WHERE user_id = $1 AND key = $2")
            .bind(user_id)
            .bind(key)
            .fetch_optional(pool)
            .await?;
    Ok(row
        .map(|r| r.try_get::<String, _>("claim_refs"))
        .transpose()?
        .map(|refs| {
            refs.split(',')
                .filter(|r| !r.is_empty())
                .map(str::to_owned)
                .collect()
        }))
}

async fn previous_result(pool: &AnyPool, user_id: i64, key: &str) -> Result<Vec<String>, AppError> {
    let refs: String =
        sqlx::query("SELECT claim_refs FROM idempotency_keys WHERE user_id = $1 AND key = $2")
            .bind(user_id)
            .bind(key)
            .fetch_one(pool)
            .await?
            .try_get("claim_refs")?;
    Ok(refs
        .split(',')
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect())
}

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
    .bind(c.engagement_id)
    .bind(&key)
    .execute(&mut **tx)
    .await?;

    let inserted = sqlx::query(
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
    .bind(&c.claim_ref)
    .bind(c.partner_id)
    .bind(&c.location_id)
    .bind(c.engagement_id)
    .bind(&c.friendly_name)
    .bind(c.origin.code())
    .bind(kind)
    .bind(&value)
    .bind(&c.resolved_tenant_id)
    .bind(&c.customer_name)
    .bind(&c.contact_email)
    .bind(&c.contact_name)
    .bind(&c.contact_phone)
    .bind(&c.contact_language)
    .bind(&c.partner_contact_name)
    .bind(&c.partner_contact_email)
    .bind(&c.mismatch_reason)
    .bind(&c.mismatch_details)
    .bind(c.hours)
    .bind(c.proposed_payment_cents)
    .bind(&c.currency)
    .bind(ClaimStatus::CustomerClaimed.code())
    .bind(c.deadline_at)
    .bind(now)
    .bind(c.created_by)
    .bind(&key)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = inserted else {
        return Err(already_open(tx, c).await);
    };
    let claim_id: i64 = row.try_get("id")?;

    let counted = sqlx::query(
        "UPDATE claim_counters SET open_count = open_count + 1
         WHERE engagement_id = $1 AND customer_key = $2 AND open_count < $3",
    )
    .bind(c.engagement_id)
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
        Some(c.created_by),
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

/// A stored (type, value) pair as the domain's ID; `None` for what the parsers refuse (never
/// written by this application).
pub fn customer_id_of(kind: &str, value: &str) -> Option<CustomerId> {
    CustomerId::parse(CustomerIdType::from_code(kind)?, value).ok()
}

/// The ID in a row's `customer_id_type` and `customer_id_value` columns; a decode error for a
/// pair the parsers refuse.
pub fn customer_id_in(row: &AnyRow) -> Result<CustomerId, sqlx::Error> {
    let kind: String = row.try_get("customer_id_type")?;
    let value: String = row.try_get("customer_id_value")?;
    customer_id_of(&kind, &value)
        .ok_or_else(|| sqlx::Error::Decode(format!("unreadable customer ID {kind}:{value}").into()))
}

#[allow(clippy::too_many_arguments)]
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

/// What a transition needs to know of the claim as it was read.
#[derive(Debug, Clone)]
pub struct ClaimState {
    pub id: i64,
    pub partner_id: i64,
    pub location_id: String,
    pub engagement_id: i64,
    /// The ID the claim was made with.
    pub customer_id: CustomerId,
    /// The customer it was counted for when it was made (never recomputed).
    pub customer_key: CustomerKey,
    pub status: ClaimStatus,
    pub dates: ClaimDates,
    pub version: i64,
}

fn status_of(row: &AnyRow, column: &str) -> Result<ClaimStatus, sqlx::Error> {
    let code: String = row.try_get(column)?;
    ClaimStatus::from_code(&code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown claim status {code:?}").into()))
}

fn ts(row: &AnyRow, column: &str) -> Result<Option<Timestamp>, sqlx::Error> {
    Ok(row
        .try_get::<Option<i64>, _>(column)?
        .map(Timestamp::from_unix_seconds))
}

pub(crate) fn state_of(row: &AnyRow) -> Result<ClaimState, sqlx::Error> {
    Ok(ClaimState {
        id: row.try_get("id")?,
        partner_id: row.try_get("partner_id")?,
        location_id: row.try_get("location_id")?,
        engagement_id: row.try_get("engagement_id")?,
        customer_id: customer_id_in(row)?,
        customer_key: {
            let key: String = row.try_get("customer_key")?;
            CustomerKey::from_code(&key).ok_or_else(|| {
                sqlx::Error::Decode(format!("unreadable customer key {key:?}").into())
            })?
        },
        status: status_of(row, "status")?,
        dates: ClaimDates {
            created_at: Timestamp::from_unix_seconds(row.try_get("created_at")?),
            consent_at: ts(row, "consent_at")?,
            submitted_at: ts(row, "submitted_at")?,
            rejected_at: ts(row, "rejected_at")?,
        },
        version: row.try_get("version")?,
    })
}

const STATE_COLUMNS: &str =
    "id, partner_id, location_id, engagement_id, customer_id_type, customer_id_value, customer_key,
     status, created_at, consent_at, submitted_at, rejected_at, version";
pub(crate) const STATE_COLUMNS_OF_C: &str = "c.id, c.partner_id, c.location_id, c.engagement_id, c.customer_id_type,
     c.customer_id_value, c.customer_key, c.status, c.created_at, c.consent_at, c.submitted_at, c.rejected_at,
     c.version";

pub async fn claim_state(
    pool: &AnyPool,
    claim_ref: &str,
) -> Result<Option<ClaimState>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {STATE_COLUMNS} FROM claims WHERE claim_ref = $1"
    ))
    .bind(claim_ref)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(state_of)
    .transpose()
}

/// Open claims whose sweeper mark has passed, oldest first.
pub async fn due_claims(
    pool: &AnyPool,
    now: Timestamp,
    limit: i64,
) -> Result<Vec<ClaimState>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {STATE_COLUMNS} FROM claims WHERE is_open = 1 AND deadline_at <= $1 ORDER BY deadline_at, id LIMIT $2"
    ))
    .bind(now.unix_seconds())
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(state_of)
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
}

/// Writes a transition and its event in one transaction, only if the claim is still as it was
/// read (its version): two actors (or two sweepers) racing on one claim change it once.
pub async fn write_transition(pool: &AnyPool, t: TransitionWrite<'_>) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    write_transition_in(&mut tx, t).await?;
    tx.commit().await?;
    Ok(())
}

/// [`write_transition`] inside a transaction the caller commits, with its own writes (the
/// transition's UPDATE comes first: on SQLite it takes the write lock). On `claim_changed` the
/// caller drops the transaction, which rolls it back.
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
        .bind(t.from.engagement_id)
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
    .await
}

/// One claim with its engagement's name, or `None`.
pub async fn claim_detail_row(
    pool: &AnyPool,
    claim_ref: &str,
) -> Result<Option<(ClaimDetail, ClaimState)>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT c.*, e.code AS engagement_code, e.name AS engagement_name, p.name AS partner_name
         FROM claims c JOIN engagements e ON e.id = c.engagement_id
         JOIN partners p ON p.id = c.partner_id WHERE c.claim_ref = $1",
    )
    .bind(claim_ref)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let state = state_of(&row)?;
    let origin: String = row.try_get("origin")?;
    let currency: String = row.try_get("currency")?;
    let payment = match (
        row.try_get::<Option<i64>, _>("paid_amount_cents")?,
        row.try_get::<Option<String>, _>("payment_date")?,
    ) {
        (Some(cents), Some(date)) => Some(crate::submission::model::PaymentInfo {
            amount: domain::Money::new(cents, currency.clone()),
            date,
        }),
        _ => None,
    };
    let detail = ClaimDetail {
        claim_ref: row.try_get("claim_ref")?,
        friendly_name: row.try_get("friendly_name")?,
        origin: ClaimOrigin::from_code(&origin)
            .ok_or_else(|| sqlx::Error::Decode("unknown origin".into()))?,
        engagement_id: state.engagement_id,
        engagement_code: row.try_get("engagement_code")?,
        engagement_name: row.try_get("engagement_name")?,
        location_id: state.location_id.clone(),
        customer_id: state.customer_id.clone(),
        resolved_tenant_id: row.try_get("resolved_tenant_id")?,
        customer_name: row.try_get("customer_name")?,
        contact_email: row.try_get("contact_email")?,
        contact_name: row.try_get("contact_name")?,
        contact_phone: row.try_get("contact_phone")?,
        contact_language: row.try_get("contact_language")?,
        partner_contact_name: row.try_get("partner_contact_name")?,
        partner_contact_email: row.try_get("partner_contact_email")?,
        mismatch_reason: row.try_get("mismatch_reason")?,
        mismatch_details: row.try_get("mismatch_details")?,
        hours: row.try_get("hours")?,
        proposed_payment: row
            .try_get::<Option<i64>, _>("proposed_payment_cents")?
            .map(|cents| domain::Money::new(cents, currency)),
        status: state.status,
        deadline: None,
        created_at: state.dates.created_at.unix_seconds(),
        consent_at: state.dates.consent_at.map(Timestamp::unix_seconds),
        submitted_at: state.dates.submitted_at.map(Timestamp::unix_seconds),
        ended_at: row.try_get("ended_at")?,
        available_actions: Vec::new(),
        events: Vec::new(),
        consent_sends: Vec::new(),
        partner_name: row.try_get("partner_name")?,
        completion_date: row.try_get("completion_date")?,
        hours_delivered: row.try_get("hours_delivered")?,
        rejected_at: state.dates.rejected_at.map(Timestamp::unix_seconds),
        submissions: Vec::new(),
        payment,
        upload_limit_bytes: 0,
        now: 0,
    };
    Ok(Some((detail, state)))
}

/// The history of a claim, oldest first.
pub async fn events(pool: &AnyPool, claim_id: i64) -> Result<Vec<ClaimEvent>, sqlx::Error> {
    sqlx::query(
        "SELECT ev.at, ev.actor, ev.action, ev.from_status, ev.to_status, ev.details, u.display_name
         FROM claim_events ev LEFT JOIN users u ON u.id = ev.actor_user_id
         WHERE ev.claim_id = $1 ORDER BY ev.id",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        let actor: String = row.try_get("actor")?;
        let from: Option<String> = row.try_get("from_status")?;
        let details: String = row.try_get("details")?;
        let message = serde_json::from_str::<serde_json::Value>(&details)
            .ok()
            .and_then(|d| d.get("message")?.as_str().map(str::to_owned))
            .filter(|m| !m.is_empty());
        Ok(ClaimEvent {
            at: row.try_get("at")?,
            actor: Actor::from_code(&actor).ok_or_else(|| sqlx::Error::Decode("unknown actor".into()))?,
            actor_name: row.try_get("display_name")?,
            action: row.try_get("action")?,
            from_status: from.as_deref().and_then(ClaimStatus::from_code),
            to_status: status_of(row, "to_status")?,
            details,
            message,
        })
    })
    .collect()
}

/// The partner's claims (optionally of one engagement and within some locations), newest first.
pub async fn list_claims(
    pool: &AnyPool,
    partner_id: i64,
    engagement_id: Option<i64>,
    limit: i64,
) -> Result<Vec<(ClaimSummary, ClaimState)>, sqlx::Error> {
    sqlx::query(&format!(
        "SELECT {STATE_COLUMNS_OF_C}, c.claim_ref, c.friendly_name, c.customer_name, e.name AS engagement_name
         FROM claims c JOIN engagements e ON e.id = c.engagement_id
         WHERE c.partner_id = $1 AND ($2 = 0 OR c.engagement_id = $2)
         ORDER BY c.created_at DESC, c.id DESC LIMIT $3"
    ))
    .bind(partner_id)
    .bind(engagement_id.unwrap_or(0))
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        let state = state_of(row)?;
        Ok((
            ClaimSummary {
                claim_ref: row.try_get("claim_ref")?,
                friendly_name: row.try_get("friendly_name")?,
                engagement_id: state.engagement_id,
                engagement_name: row.try_get("engagement_name")?,
                customer_id: state.customer_id.clone(),
                customer_name: row.try_get("customer_name")?,
                status: state.status,
                deadline: None,
            },
            state,
        ))
    })
    .collect()
}

/// Replaces the contact details of a claim (the Send consent flow reviews them).
pub async fn update_contacts(
    tx: &mut Transaction<'static, Any>,
    claim_id: i64,
    c: &ContactsUpdate,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE claims SET contact_email = $1, contact_name = $2, contact_phone = $3, contact_language = $4,
            partner_contact_name = $5, partner_contact_email = $6, mismatch_reason = $7, mismatch_details = $8
         WHERE id = $9",
    )
    .bind(&c.contact_email)
    .bind(&c.contact_name)
    .bind(&c.contact_phone)
    .bind(&c.contact_language)
    .bind(&c.partner_contact_name)
    .bind(&c.partner_contact_email)
    .bind(&c.mismatch_reason)
    .bind(&c.mismatch_details)
    .bind(claim_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Contact details, parsed and normalised, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactsUpdate {
    pub contact_email: String,
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub contact_language: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub mismatch_reason: Option<String>,
    pub mismatch_details: Option<String>,
}

/// The verified domains of a tenant (for the contact e-mail mismatch check).
pub async fn tenant_domains(pool: &AnyPool, tenant_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query("SELECT domain FROM directory_tenant_domains WHERE tenant_id = $1 ORDER BY domain")
        .bind(tenant_id)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get("domain"))
        .collect()
}

/// Market band and deal value of an MSX opportunity (variable payment).
pub async fn opportunity_terms(
    pool: &AnyPool,
    opportunity_id: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query("SELECT market_band, deal_value_cents FROM directory_opportunities WHERE opportunity_id = $1")
        .bind(opportunity_id)
        .fetch_optional(pool)
        .await?
        .map(|r| Ok((r.try_get("market_band")?, r.try_get("deal_value_cents")?)))
        .transpose()
}

/// The hours a variable-payment claim was created with (`None` for fixed payment).
pub async fn claim_hours(pool: &AnyPool, claim_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT hours FROM claims WHERE id = $1")
        .bind(claim_id)
        .fetch_one(pool)
        .await?
        .try_get("hours")
}
