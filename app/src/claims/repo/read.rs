//! Claims read for their pages (detail, history, the partner's list), the contacts a consent
//! e-mail reviews, and the directory facts the checks of a claim need.

use super::state::{ClaimState, ClaimStateRow, STATE_COLUMNS_OF_C};
use crate::claims::model::{ClaimDetail, ClaimEvent, ClaimOrigin, ClaimSummary};
use crate::db::row;
use crate::error::AppError;
use crate::submission::model::PaymentInfo;
use domain::{Actor, ClaimStatus, CustomerKey, LocationId, Money, Timestamp};
use domain::{ClaimRef, EngagementId, PartnerId};
use sqlx::{Any, AnyPool, Transaction};

/// A claim with its engagement's and partner's names, as the claim page shows it.
#[derive(sqlx::FromRow)]
struct DetailRow {
    #[sqlx(flatten)]
    state: ClaimStateRow,
    claim_ref: String,
    friendly_name: String,
    origin: String,
    engagement_code: String,
    engagement_name: String,
    partner_name: String,
    resolved_tenant_id: Option<String>,
    customer_name: Option<String>,
    contact_email: String,
    contact_name: String,
    contact_phone: Option<String>,
    contact_language: String,
    partner_contact_name: String,
    partner_contact_email: String,
    mismatch_reason: Option<String>,
    mismatch_details: Option<String>,
    hours: Option<i64>,
    proposed_payment_cents: Option<i64>,
    currency: String,
    ended_at: Option<i64>,
    completion_date: Option<String>,
    hours_delivered: Option<i64>,
    paid_amount_cents: Option<i64>,
    payment_date: Option<String>,
}

impl TryFrom<DetailRow> for (ClaimDetail, ClaimState) {
    type Error = sqlx::Error;

    fn try_from(r: DetailRow) -> Result<Self, Self::Error> {
        let state = ClaimState::try_from(r.state)?;
        let payment = match (r.paid_amount_cents, r.payment_date) {
            (Some(cents), Some(date)) => Some(PaymentInfo {
                amount: Money::new(cents, r.currency.clone()),
                date,
            }),
            _ => None,
        };
        let detail = ClaimDetail {
            claim_ref: row::claim_ref("claims", &r.claim_ref)?,
            friendly_name: r.friendly_name,
            origin: row::parse("claims", "origin", &r.origin, ClaimOrigin::from_code)?,
            engagement_id: state.engagement_id,
            engagement_code: r.engagement_code,
            engagement_name: r.engagement_name,
            location_id: state.location_id.clone(),
            customer_id: state.customer_id.clone(),
            resolved_tenant_id: r.resolved_tenant_id,
            customer_name: r.customer_name,
            contact_email: r.contact_email,
            contact_name: r.contact_name,
            contact_phone: r.contact_phone,
            contact_language: r.contact_language,
            partner_contact_name: r.partner_contact_name,
            partner_contact_email: r.partner_contact_email,
            mismatch_reason: r.mismatch_reason,
            mismatch_details: r.mismatch_details,
            hours: r.hours,
            proposed_payment: r
                .proposed_payment_cents
                .map(|cents| Money::new(cents, r.currency)),
            status: state.status,
            deadline: None,
            created_at: state.dates.created_at.unix_seconds(),
            consent_at: state.dates.consent_at.map(Timestamp::unix_seconds),
            submitted_at: state.dates.submitted_at.map(Timestamp::unix_seconds),
            ended_at: r.ended_at,
            available_actions: Vec::new(),
            events: Vec::new(),
            consent_sends: Vec::new(),
            consent_evidence: None,
            partner_name: r.partner_name,
            completion_date: r.completion_date,
            hours_delivered: r.hours_delivered,
            rejected_at: state.dates.rejected_at.map(Timestamp::unix_seconds),
            submissions: Vec::new(),
            payment,
            upload_limit_bytes: 0,
            now: 0,
        };
        Ok((detail, state))
    }
}

/// One claim with its engagement's name, or `None`.
#[tracing::instrument(skip_all, fields(claim_ref = %claim_ref), err(level = "warn"))]
pub async fn claim_detail_row(
    pool: &AnyPool,
    claim_ref: &ClaimRef,
) -> Result<Option<(ClaimDetail, ClaimState)>, sqlx::Error> {
    sqlx::query_as::<_, DetailRow>(
        "SELECT c.*, e.code AS engagement_code, e.name AS engagement_name, p.name AS partner_name
         FROM claims c JOIN engagements e ON e.id = c.engagement_id
         JOIN partners p ON p.id = c.partner_id WHERE c.claim_ref = $1",
    )
    .bind(claim_ref.as_str())
    .fetch_optional(pool)
    .await?
    .map(TryFrom::try_from)
    .transpose()
}

/// One event of a claim's history, with the name of the user who acted.
#[derive(sqlx::FromRow)]
struct EventRow {
    at: i64,
    actor: String,
    action: String,
    from_status: Option<String>,
    to_status: String,
    details: String,
    display_name: Option<String>,
}

impl TryFrom<EventRow> for ClaimEvent {
    type Error = sqlx::Error;

    fn try_from(r: EventRow) -> Result<Self, Self::Error> {
        const TABLE: &str = "claim_events";
        let message = serde_json::from_str::<serde_json::Value>(&r.details)
            .ok()
            .and_then(|d| d.get("message")?.as_str().map(str::to_owned))
            .filter(|m| !m.is_empty());
        Ok(ClaimEvent {
            at: r.at,
            actor: row::parse(TABLE, "actor", &r.actor, Actor::from_code)?,
            actor_name: r.display_name,
            action: r.action,
            from_status: row::parse_optional(
                TABLE,
                "from_status",
                r.from_status.as_deref(),
                ClaimStatus::from_code,
            )?,
            to_status: row::parse(TABLE, "to_status", &r.to_status, ClaimStatus::from_code)?,
            details: r.details,
            message,
        })
    }
}

/// The history of a claim, oldest first.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn events(pool: &AnyPool, claim_id: i64) -> Result<Vec<ClaimEvent>, sqlx::Error> {
    sqlx::query_as::<_, EventRow>(
        "SELECT ev.at, ev.actor, ev.action, ev.from_status, ev.to_status, ev.details, u.display_name
         FROM claim_events ev LEFT JOIN users u ON u.id = ev.actor_user_id
         WHERE ev.claim_id = $1 ORDER BY ev.id",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(ClaimEvent::try_from)
    .collect()
}

/// A line of the partner's list of claims.
#[derive(sqlx::FromRow)]
struct SummaryRow {
    #[sqlx(flatten)]
    state: ClaimStateRow,
    claim_ref: String,
    friendly_name: String,
    customer_name: Option<String>,
    engagement_name: String,
}

impl TryFrom<SummaryRow> for (ClaimSummary, ClaimState) {
    type Error = sqlx::Error;

    fn try_from(r: SummaryRow) -> Result<Self, Self::Error> {
        let state = ClaimState::try_from(r.state)?;
        let summary = ClaimSummary {
            claim_ref: row::claim_ref("claims", &r.claim_ref)?,
            friendly_name: r.friendly_name,
            engagement_id: state.engagement_id,
            engagement_name: r.engagement_name,
            customer_id: state.customer_id.clone(),
            customer_name: r.customer_name,
            status: state.status,
            deadline: None,
        };
        Ok((summary, state))
    }
}

/// The partner's claims (optionally of one engagement), newest first.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn list_claims(
    pool: &AnyPool,
    partner_id: PartnerId,
    locations: &crate::auth::guard::LocationScope,
    engagement_id: Option<EngagementId>,
    limit: i64,
) -> Result<Vec<(ClaimSummary, ClaimState)>, sqlx::Error> {
    let mut sql = crate::db::sql::Sql::new(&format!(
        "SELECT {STATE_COLUMNS_OF_C}, c.claim_ref, c.friendly_name, c.customer_name, e.name AS engagement_name
         FROM claims c JOIN engagements e ON e.id = c.engagement_id
         WHERE c.partner_id = "
    ));
    sql.bind(partner_id);
    if let Some(engagement_id) = engagement_id {
        sql.push(" AND c.engagement_id = ").bind(engagement_id);
    }
    // In SQL, before the LIMIT: filtered afterwards, a user of one location could see an empty
    // list while its claims sat below the first page of other locations' newer ones.
    sql.within_locations("c.location_id", locations, false);
    sql.push(" ORDER BY c.created_at DESC, c.id DESC LIMIT ")
        .bind(limit);
    sql.query_as::<SummaryRow>()
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(TryFrom::try_from)
        .collect()
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

/// Replaces the contact details of a claim (the Send consent flow reviews them).
#[tracing::instrument(skip(tx, c), err(level = "warn"))]
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

/// The verified domains of a tenant (for the contact e-mail mismatch check).
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn tenant_domains(pool: &AnyPool, tenant_id: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT domain FROM directory_tenant_domains WHERE tenant_id = $1 ORDER BY domain",
    )
    .bind(tenant_id)
    .fetch_all(pool)
    .await
}

/// Market band and deal value of an MSX opportunity (variable payment).
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn opportunity_terms(
    pool: &AnyPool,
    opportunity_id: &str,
) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT market_band, deal_value_cents FROM directory_opportunities WHERE opportunity_id = $1",
    )
    .bind(opportunity_id)
    .fetch_optional(pool)
    .await
}

/// The hours a variable-payment claim was created with (`None` for fixed payment).
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn claim_hours(pool: &AnyPool, claim_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT hours FROM claims WHERE id = $1")
        .bind(claim_id)
        .fetch_one(pool)
        .await
}

/// True when the location is the partner's and enrolled in the programme.
#[tracing::instrument(skip(pool), fields(partner = %partner_id, location = %location), err(level = "warn"))]
pub async fn location_enrolled(
    pool: &AnyPool,
    partner_id: PartnerId,
    location: &LocationId,
) -> Result<bool, sqlx::Error> {
    let enrolled: Option<i64> = sqlx::query_scalar(
        "SELECT enrolled_in_mci FROM locations WHERE id = $1 AND partner_id = $2",
    )
    .bind(location.as_str())
    .bind(partner_id.get())
    .fetch_optional(pool)
    .await?;
    Ok(enrolled == Some(1))
}

/// True when the partner knows the customer: some claim of its, on any engagement and with any
/// of the customer's IDs, whose customer consented. Only a known customer can be *claimed*
/// (rather than added).
#[tracing::instrument(skip(pool), fields(partner = %partner_id, key = %key), err(level = "warn"))]
pub async fn partner_knows_customer(
    pool: &AnyPool,
    partner_id: PartnerId,
    key: &CustomerKey,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM claims WHERE partner_id = $1 AND customer_key = $2 AND consent_at IS NOT NULL",
    )
    .bind(partner_id.get())
    .bind(key.code())
    .fetch_one(pool)
    .await?;
    Ok(n > 0)
}
