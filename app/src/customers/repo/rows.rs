//! SQL of the rows' recompute (`customers::refresh`): the claims and locations a row is computed
//! from, and `customer_rows` written and read back. Every function takes a connection, so that a
//! row is recomputed inside the transaction that holds its mark.

use crate::customers::model::IdReasons;
use crate::customers::refresh::{RowKey, RowValue};
use crate::db::row::{self, StoredCustomerId};
use domain::{ClaimDates, ClaimStatus, CustomerId, CustomerKey, LocationId, Timestamp};
use domain::{ClaimRef, EngagementId, PartnerId};
use sqlx::{AnyConnection, AnyPool};

/// The engagements a partner has a row set for: those with at least one enrolled, eligible
/// location of the partner (the Engagements page's list).
#[tracing::instrument(skip_all, fields(partner = %partner_id), err(level = "warn"))]
pub async fn partner_engagements(
    pool: &AnyPool,
    partner_id: PartnerId,
) -> Result<Vec<EngagementId>, sqlx::Error> {
    partner_engagements_in(&mut *pool.acquire().await?, partner_id).await
}

/// [`partner_engagements`] on a connection (inside a transaction).
#[tracing::instrument(skip_all, fields(partner = %partner_id), err(level = "warn"))]
pub async fn partner_engagements_in(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
) -> Result<Vec<EngagementId>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT el.engagement_id FROM engagement_locations el JOIN locations l ON l.id = el.location_id
         WHERE l.partner_id = $1 AND l.enrolled_in_mci = 1 ORDER BY el.engagement_id",
    )
    .bind(partner_id.get())
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids.into_iter().map(EngagementId::new).collect())
}

/// The partner's locations, enrolled ones first. One that does not parse is left out (logged):
/// the rows are computed from the others.
#[tracing::instrument(skip_all, fields(partner = %partner_id), err(level = "warn"))]
pub async fn partner_locations(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
) -> Result<Vec<LocationId>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM locations WHERE partner_id = $1 ORDER BY enrolled_in_mci DESC, id",
    )
    .bind(partner_id.get())
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids
        .iter()
        .filter_map(|id| row::parse("locations", "id", id, |s| LocationId::parse(s).ok()).ok())
        .collect())
}

/// This engagement's open claim of the customer, as its row shows it.
#[derive(Debug, Clone)]
pub struct RowClaim {
    pub claim_ref: ClaimRef,
    pub status: ClaimStatus,
    pub location_id: String,
    pub friendly_name: String,
    pub customer_name: Option<String>,
    pub customer_id: CustomerId,
    pub dates: ClaimDates,
}

#[derive(sqlx::FromRow)]
struct RowClaimRow {
    claim_ref: String,
    status: String,
    location_id: String,
    friendly_name: String,
    customer_name: Option<String>,
    #[sqlx(flatten)]
    customer_id: StoredCustomerId,
    created_at: i64,
    consent_at: Option<i64>,
    submitted_at: Option<i64>,
    rejected_at: Option<i64>,
}

impl TryFrom<RowClaimRow> for RowClaim {
    type Error = sqlx::Error;

    fn try_from(r: RowClaimRow) -> Result<Self, Self::Error> {
        Ok(RowClaim {
            status: row::parse("claims", "status", &r.status, ClaimStatus::from_code)?,
            customer_id: r.customer_id.parse("claims")?,
            claim_ref: row::claim_ref("claims", &r.claim_ref)?,
            location_id: r.location_id,
            friendly_name: r.friendly_name,
            customer_name: r.customer_name,
            dates: ClaimDates {
                created_at: Timestamp::from_unix_seconds(r.created_at),
                consent_at: row::timestamp(r.consent_at),
                submitted_at: row::timestamp(r.submitted_at),
                rejected_at: row::timestamp(r.rejected_at),
            },
        })
    }
}

/// The partner's open claim of the customer on the engagement (its oldest, should a migration
/// have left two).
#[tracing::instrument(skip_all, fields(partner = %partner_id, engagement = %engagement_id, key = %key), err(level = "warn"))]
pub async fn open_claim(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    engagement_id: EngagementId,
    key: &CustomerKey,
) -> Result<Option<RowClaim>, sqlx::Error> {
    sqlx::query_as::<_, RowClaimRow>(
        "SELECT claim_ref, status, location_id, friendly_name, customer_name, customer_id_type, customer_id_value,
                created_at, consent_at, submitted_at, rejected_at
         FROM claims WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3 AND is_open = 1
         ORDER BY id LIMIT 1",
    )
    .bind(partner_id.get())
    .bind(engagement_id.get())
    .bind(key.code())
    .fetch_optional(&mut *conn)
    .await?
    .map(RowClaim::try_from)
    .transpose()
}

/// The customer's IDs the partner knows (through a consented claim, or this engagement's open
/// one), the one it used last first. One that does not parse is left out (logged).
#[tracing::instrument(skip_all, fields(partner = %partner_id, engagement = %engagement_id, key = %key), err(level = "warn"))]
pub async fn known_ids(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    engagement_id: EngagementId,
    key: &CustomerKey,
) -> Result<Vec<CustomerId>, sqlx::Error> {
    let ids = sqlx::query_as::<_, StoredCustomerId>(
        "SELECT customer_id_type, customer_id_value, MAX(id) AS last FROM claims
         WHERE partner_id = $1 AND customer_key = $2 AND (consent_at IS NOT NULL OR (engagement_id = $3 AND is_open = 1))
         GROUP BY customer_id_type, customer_id_value ORDER BY last DESC",
    )
    .bind(partner_id.get())
    .bind(key.code())
    .bind(engagement_id.get())
    .fetch_all(&mut *conn)
    .await?;
    Ok(ids
        .iter()
        .filter_map(|id| id.parse("claims").ok())
        .collect())
}

/// The names of the partner's latest consented claim of the customer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsentedNames {
    pub friendly_name: String,
    pub customer_name: Option<String>,
}

#[tracing::instrument(skip_all, fields(partner = %partner_id, key = %key), err(level = "warn"))]
pub async fn latest_consented(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    key: &CustomerKey,
) -> Result<Option<ConsentedNames>, sqlx::Error> {
    sqlx::query_as(
        "SELECT friendly_name, customer_name FROM claims
         WHERE partner_id = $1 AND customer_key = $2 AND consent_at IS NOT NULL
         ORDER BY consent_at DESC, id DESC LIMIT 1",
    )
    .bind(partner_id.get())
    .bind(key.code())
    .fetch_optional(&mut *conn)
    .await
}

/// Every customer some partner knows (a consented or an open claim): (partner, key as stored).
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn known_customers(conn: &mut AnyConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT partner_id, customer_key FROM claims WHERE consent_at IS NOT NULL OR is_open = 1",
    )
    .fetch_all(&mut *conn)
    .await
}

/// Deletes the row of (partner, engagement, customer): the partner does not know it there.
#[tracing::instrument(skip_all, fields(partner = %partner_id, engagement = %engagement_id, key = %key), err(level = "warn"))]
pub async fn delete(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    engagement_id: EngagementId,
    key: &CustomerKey,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM customer_rows WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3",
    )
    .bind(partner_id.get())
    .bind(engagement_id.get())
    .bind(key.code())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Writes the row of (partner, engagement, customer), `search` its haystack.
#[tracing::instrument(skip_all, fields(partner = %partner_id, engagement = %engagement_id, key = %key), err(level = "warn"))]
pub async fn upsert(
    conn: &mut AnyConnection,
    (partner_id, engagement_id, key): (i64, i64, &CustomerKey),
    v: &RowValue,
    search: &str,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_rows (partner_id, engagement_id, customer_key, customer_id_type, customer_id_value,
            other_ids, tab, customer_name, friendly_name, sort_customer, sort_friendly, claim_ref, claim_status,
            claim_location_id, deadline_at, reasons, search, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (partner_id, engagement_id, customer_key) DO UPDATE SET
            customer_id_type = excluded.customer_id_type, customer_id_value = excluded.customer_id_value,
            other_ids = excluded.other_ids, tab = excluded.tab, customer_name = excluded.customer_name,
            friendly_name = excluded.friendly_name, sort_customer = excluded.sort_customer,
            sort_friendly = excluded.sort_friendly, claim_ref = excluded.claim_ref,
            claim_status = excluded.claim_status, claim_location_id = excluded.claim_location_id,
            deadline_at = excluded.deadline_at, reasons = excluded.reasons, search = excluded.search,
            updated_at = excluded.updated_at",
    )
    .bind(partner_id)
    .bind(engagement_id)
    .bind(key.code())
    .bind(v.customer_id.kind().code())
    .bind(v.customer_id.value())
    .bind(json(&v.other_ids))
    .bind(if v.eligible { "eligible" } else { "ineligible" })
    .bind(&v.customer_name)
    .bind(&v.friendly_name)
    .bind(v.customer_name.to_lowercase())
    .bind(v.friendly_name.to_lowercase())
    .bind(v.claim_ref.as_ref().map_or("", ClaimRef::as_str))
    .bind(v.claim_status.map(ClaimStatus::code))
    .bind(&v.claim_location_id)
    .bind(v.deadline_at)
    .bind(json(&v.reasons))
    .bind(search)
    .bind(now.unix_seconds())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// JSON of the two list columns; serialising these types cannot fail.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

/// A row of `customer_rows` as stored.
#[derive(sqlx::FromRow)]
struct StoredRow {
    partner_id: i64,
    engagement_id: i64,
    customer_key: String,
    #[sqlx(flatten)]
    customer_id: StoredCustomerId,
    other_ids: String,
    tab: String,
    customer_name: String,
    friendly_name: String,
    claim_ref: String,
    claim_status: Option<String>,
    claim_location_id: String,
    deadline_at: i64,
    reasons: String,
}

impl TryFrom<StoredRow> for (RowKey, RowValue) {
    type Error = sqlx::Error;

    fn try_from(r: StoredRow) -> Result<Self, Self::Error> {
        const TABLE: &str = "customer_rows";
        let claim_status = row::parse_optional(
            TABLE,
            "claim_status",
            r.claim_status.as_deref(),
            ClaimStatus::from_code,
        )?;
        let reasons: Vec<IdReasons> = row::json(TABLE, "reasons", &r.reasons)?;
        let value = RowValue {
            customer_id: r.customer_id.parse(TABLE)?,
            other_ids: row::json(TABLE, "other_ids", &r.other_ids)?,
            eligible: r.tab == "eligible",
            customer_name: r.customer_name,
            friendly_name: r.friendly_name,
            claim_ref: row::claim_ref_or_none(TABLE, &r.claim_ref)?,
            claim_status,
            claim_location_id: r.claim_location_id,
            deadline_at: r.deadline_at,
            reasons,
        };
        Ok((
            (
                PartnerId::new(r.partner_id),
                EngagementId::new(r.engagement_id),
                r.customer_key,
            ),
            value,
        ))
    }
}

/// Every stored row, read back.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn stored(pool: &AnyPool) -> Result<Vec<(RowKey, RowValue)>, sqlx::Error> {
    sqlx::query_as::<_, StoredRow>("SELECT * FROM customer_rows")
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(TryFrom::try_from)
        .collect()
}
