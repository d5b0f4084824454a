//! SQL of the Engagements page.

use super::model::{EngagementSummary, OpenState};
use crate::auth::guard::PartnerScope;
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// Engagements with at least one enrolled, eligible location of the partner within the scope.
#[tracing::instrument(skip(pool))]
pub async fn list_for_partner(
    pool: &AnyPool,
    scope: &PartnerScope,
    now: i64,
) -> Result<Vec<EngagementSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.id, e.code, e.name, e.solution_area, e.payment_type, e.open_from, e.open_until,
                el.location_id
         FROM engagements e
         JOIN engagement_locations el ON el.engagement_id = e.id
         JOIN locations l ON l.id = el.location_id
         WHERE l.partner_id = $1 AND l.enrolled_in_mci = 1
         ORDER BY e.name, e.id, el.location_id",
    )
    .bind(scope.partner_id)
    .fetch_all(pool)
    .await?;

    let mut by_id: BTreeMap<i64, EngagementSummary> = BTreeMap::new();
    let mut order = Vec::new();
    for row in rows {
        let location: String = row.try_get("location_id")?;
        if !scope.locations.allows(&location) {
            continue;
        }
        let id: i64 = row.try_get("id")?;
        if let Some(summary) = by_id.get_mut(&id) {
            summary.eligible_locations += 1;
            continue;
        }
        order.push(id);
        by_id.insert(
            id,
            EngagementSummary {
                id,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                solution_area: row.try_get("solution_area")?,
                payment_type: row.try_get("payment_type")?,
                accepted_id_types: Vec::new(),
                eligible_locations: 1,
                open_state: OpenState::at(
                    now,
                    row.try_get("open_from")?,
                    row.try_get("open_until")?,
                ),
            },
        );
    }
    if by_id.is_empty() {
        return Ok(Vec::new());
    }

    let types = sqlx::query("SELECT engagement_id, id_type FROM engagement_id_types")
        .fetch_all(pool)
        .await?;
    for row in types {
        let id: i64 = row.try_get("engagement_id")?;
        if let Some(summary) = by_id.get_mut(&id) {
            summary.accepted_id_types.push(row.try_get("id_type")?);
        }
    }
    let mut list: Vec<EngagementSummary> = order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect();
    for summary in &mut list {
        // The programme's order of ID types (the domain's), not the database's.
        summary.accepted_id_types.sort_by_key(|t| {
            domain::CustomerIdType::from_code(t).map_or(usize::MAX, |k| k as usize)
        });
    }
    Ok(list)
}

fn decode_error(what: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("engagement: {what}").into())
}

fn non_negative(value: i64, what: &str) -> Result<u32, sqlx::Error> {
    u32::try_from(value).map_err(|_| decode_error(what))
}

/// One engagement as the domain rules see it, or `None` when there is no such engagement.
#[tracing::instrument(skip(pool))]
pub async fn load_engagement(
    pool: &AnyPool,
    id: i64,
) -> Result<Option<domain::Engagement>, sqlx::Error> {
    load_engagement_in(&mut *pool.acquire().await?, id).await
}

/// [`load_engagement`] on a connection (inside a transaction).
pub async fn load_engagement_in(
    conn: &mut sqlx::AnyConnection,
    id: i64,
) -> Result<Option<domain::Engagement>, sqlx::Error> {
    use domain::{CustomerIdType, Engagement, MarketBand, PaymentRule, PaymentType, Timestamp};
    let Some(row) = sqlx::query("SELECT * FROM engagements WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let payment_type = PaymentType::from_code(&row.try_get::<String, _>("payment_type")?)
        .ok_or_else(|| decode_error("payment type"))?;
    let currency: String = row.try_get("currency")?;
    let payment = match payment_type {
        PaymentType::Fixed => PaymentRule::Fixed {
            amount_cents: row
                .try_get::<Option<i64>, _>("fixed_amount_cents")?
                .ok_or_else(|| decode_error("fixed amount"))?,
            currency,
        },
        PaymentType::Variable => {
            let rates = sqlx::query(
                "SELECT market_band, hourly_rate_cents FROM engagement_band_rates WHERE engagement_id = $1 ORDER BY market_band",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| {
                let band = MarketBand::from_code(&r.try_get::<String, _>("market_band")?)
                    .ok_or_else(|| decode_error("market band"))?;
                Ok((band, r.try_get::<i64, _>("hourly_rate_cents")?))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
            let opt = |name: &str| -> Result<i64, sqlx::Error> {
                row.try_get::<Option<i64>, _>(name)?
                    .ok_or_else(|| decode_error(name))
            };
            PaymentRule::Variable {
                hourly_rate_cents_by_band: rates,
                deal_value_percent_bp: non_negative(opt("deal_value_percent_bp")?, "percentage")?,
                cap_cents: opt("cap_cents")?,
                min_hours: non_negative(opt("min_hours")?, "min hours")?,
                max_hours: non_negative(opt("max_hours")?, "max hours")?,
                currency,
            }
        }
    };
    let mut accepted_id_types =
        sqlx::query("SELECT id_type FROM engagement_id_types WHERE engagement_id = $1")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| {
                CustomerIdType::from_code(&r.try_get::<String, _>("id_type")?)
                    .ok_or_else(|| decode_error("ID type"))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
    accepted_id_types.sort();
    Ok(Some(Engagement {
        id,
        code: row.try_get("code")?,
        name: row.try_get("name")?,
        solution_area: row.try_get("solution_area")?,
        activity_type: row.try_get("activity_type")?,
        payment_type,
        accepted_id_types,
        consent_window_days: non_negative(row.try_get("consent_window_days")?, "consent window")?,
        submission_window_days: non_negative(
            row.try_get("submission_window_days")?,
            "submission window",
        )?,
        review_window_days: non_negative(row.try_get("review_window_days")?, "review window")?,
        dispute_window_days: non_negative(row.try_get("dispute_window_days")?, "dispute window")?,
        max_active_claims_per_customer: non_negative(
            row.try_get("max_active_claims_per_customer")?,
            "limit",
        )?,
        open_from: Timestamp::from_unix_seconds(row.try_get("open_from")?),
        open_until: Timestamp::from_unix_seconds(row.try_get("open_until")?),
        payment,
    }))
}
