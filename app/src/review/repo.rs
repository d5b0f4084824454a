//! SQL of the review console.

use super::model::{QueueRow, QUEUE_LIMIT};
use crate::claims::repo::{state_of, ClaimState, STATE_COLUMNS_OF_C};
use domain::{ClaimStatus, Money};
use sqlx::{AnyPool, Row};

/// Claims in `statuses`, oldest submission first, filtered; with how many more match.
pub async fn queue(
    pool: &AnyPool,
    statuses: &[ClaimStatus],
    engagement_id: i64,
    q: &str,
) -> Result<(Vec<(QueueRow, ClaimState)>, i64), sqlx::Error> {
    // The codes are the domain's own constants, never the request's text.
    let codes = statuses
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ");
    let pattern = if q.trim().is_empty() {
        String::new()
    } else {
        let escaped = q.trim().to_lowercase().replace(['%', '_', '\\'], "");
        format!("%{escaped}%")
    };
    let filter = format!(
        "c.status IN ({codes}) AND ($1 = 0 OR c.engagement_id = $1)
         AND ($2 = '' OR LOWER(c.claim_ref) LIKE $2 OR LOWER(p.name) LIKE $2
              OR LOWER(COALESCE(c.customer_name, '')) LIKE $2 OR LOWER(c.friendly_name) LIKE $2
              OR LOWER(c.customer_id_value) LIKE $2)"
    );
    let rows = sqlx::query(&format!(
        "SELECT {STATE_COLUMNS_OF_C}, c.claim_ref, c.friendly_name, c.customer_name,
                c.proposed_payment_cents, c.currency, p.name AS partner_name, e.name AS engagement_name
         FROM claims c JOIN partners p ON p.id = c.partner_id JOIN engagements e ON e.id = c.engagement_id
         WHERE {filter}
         ORDER BY c.submitted_at, c.id LIMIT $3"
    ))
    .bind(engagement_id)
    .bind(&pattern)
    .bind(QUEUE_LIMIT)
    .fetch_all(pool)
    .await?;
    let total: i64 = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM claims c JOIN partners p ON p.id = c.partner_id WHERE {filter}"
    ))
    .bind(engagement_id)
    .bind(&pattern)
    .fetch_one(pool)
    .await?
    .try_get("n")?;
    let out = rows
        .iter()
        .map(|row| {
            let state = state_of(row)?;
            let currency: String = row.try_get("currency")?;
            Ok((
                QueueRow {
                    claim_ref: row.try_get("claim_ref")?,
                    partner_name: row.try_get("partner_name")?,
                    engagement_name: row.try_get("engagement_name")?,
                    friendly_name: row.try_get("friendly_name")?,
                    customer_name: row.try_get("customer_name")?,
                    customer_id: state.customer_id.clone(),
                    status: state.status,
                    submitted_at: state.dates.submitted_at.map(|t| t.unix_seconds()),
                    deadline: None,
                    proposed_payment: row
                        .try_get::<Option<i64>, _>("proposed_payment_cents")?
                        .map(|cents| Money::new(cents, currency)),
                },
                state,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let more = (total - out.len() as i64).max(0);
    Ok((out, more))
}

/// Every engagement (id, name), by name: the queue's filter.
pub async fn engagements(pool: &AnyPool) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query("SELECT id, name FROM engagements ORDER BY name, id")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}

/// The proposed payment of a claim, in cents.
pub async fn proposed_payment(pool: &AnyPool, claim_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query("SELECT proposed_payment_cents FROM claims WHERE id = $1")
        .bind(claim_id)
        .fetch_one(pool)
        .await?
        .try_get("proposed_payment_cents")
}
