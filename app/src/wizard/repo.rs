//! SQL of the wizards' start: the partner's enrolled locations, which of them are eligible for
//! which engagement, and the contacts of the customer a Claim customer wizard opens with.

use domain::{CustomerId, CustomerKey, EngagementId, PartnerId};
use sqlx::AnyPool;

/// An enrolled location of the partner, and whether it is eligible for the wizard's engagement.
#[derive(Debug, sqlx::FromRow)]
pub struct LocationRow {
    pub id: String,
    pub name: String,
    pub country: String,
    /// How many eligibility entries tie it to the wizard's engagement (0 or 1).
    pub this_one: i64,
}

/// The partner's enrolled locations, by ID.
#[tracing::instrument(skip(pool), fields(partner = %partner_id, engagement = %engagement_id), err(level = "warn"))]
pub async fn enrolled_locations(
    pool: &AnyPool,
    partner_id: PartnerId,
    engagement_id: EngagementId,
) -> Result<Vec<LocationRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.id, l.name, l.country,
                (SELECT COUNT(*) FROM engagement_locations el WHERE el.location_id = l.id AND el.engagement_id = $2) AS this_one
         FROM locations l WHERE l.partner_id = $1 AND l.enrolled_in_mci = 1 ORDER BY l.id",
    )
    .bind(partner_id.get())
    .bind(engagement_id.get())
    .fetch_all(pool)
    .await
}

/// Every (location, engagement) the partner's locations are eligible for.
#[tracing::instrument(skip(pool), fields(partner = %partner_id), err(level = "warn"))]
pub async fn eligible_pairs(
    pool: &AnyPool,
    partner_id: PartnerId,
) -> Result<Vec<(String, EngagementId)>, sqlx::Error> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT DISTINCT el.location_id, el.engagement_id FROM engagement_locations el
         JOIN locations l ON l.id = el.location_id WHERE l.partner_id = $1",
    )
    .bind(partner_id.get())
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(location, engagement)| (location, EngagementId::new(engagement)))
        .collect())
}

/// The contacts of a consented claim of the partner's for the customer.
#[derive(Debug, sqlx::FromRow)]
pub struct KnownClaimRow {
    pub location_id: String,
    pub customer_name: Option<String>,
    pub friendly_name: String,
    pub contact_email: String,
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub contact_language: String,
}

/// The partner's consented claims of the customer, those made with this very ID first (their
/// e-mail domain fits it), then the newest.
#[tracing::instrument(skip(pool), fields(partner = %partner_id, key = %key), err(level = "warn"))]
pub async fn consented_claims(
    pool: &AnyPool,
    partner_id: PartnerId,
    key: &CustomerKey,
    id: &CustomerId,
) -> Result<Vec<KnownClaimRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT location_id, customer_name, friendly_name, contact_email, contact_name, contact_phone, contact_language
         FROM claims WHERE partner_id = $1 AND customer_key = $2 AND consent_at IS NOT NULL
         ORDER BY CASE WHEN customer_id_type = $3 AND customer_id_value = $4 THEN 0 ELSE 1 END,
            created_at DESC, id DESC",
    )
    .bind(partner_id.get())
    .bind(key.code())
    .bind(id.kind().code())
    .bind(id.value())
    .fetch_all(pool)
    .await
}
