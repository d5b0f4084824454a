//! SQL of the Engagements page, and of an engagement as the domain rules see it.

use super::model::{EngagementSummary, OpenState};
use crate::auth::guard::PartnerScope;
use crate::db::row;
use domain::EngagementId;
use domain::{CustomerIdType, Engagement, MarketBand, PaymentRule, PaymentType, Timestamp};
use sqlx::{AnyConnection, AnyPool};
use std::collections::BTreeMap;

/// An engagement with one enrolled location of the partner it is eligible for.
#[derive(sqlx::FromRow)]
struct ListedRow {
    id: i64,
    code: String,
    name: String,
    solution_area: String,
    payment_type: String,
    open_from: i64,
    open_until: i64,
    location_id: String,
}

/// Engagements with at least one enrolled, eligible location of the partner within the scope.
#[tracing::instrument(skip(pool, scope), fields(partner = %scope.partner_id), err(level = "warn"))]
pub async fn list_for_partner(
    pool: &AnyPool,
    scope: &PartnerScope,
    now: i64,
) -> Result<Vec<EngagementSummary>, sqlx::Error> {
    let rows = sqlx::query_as::<_, ListedRow>(
        "SELECT e.id, e.code, e.name, e.solution_area, e.payment_type, e.open_from, e.open_until,
                el.location_id
         FROM engagements e
         JOIN engagement_locations el ON el.engagement_id = e.id
         JOIN locations l ON l.id = el.location_id
         WHERE l.partner_id = $1 AND l.enrolled_in_mci = 1
         ORDER BY e.name, e.id, el.location_id",
    )
    .bind(scope.partner_id.get())
    .fetch_all(pool)
    .await?;

    let mut by_id: BTreeMap<i64, EngagementSummary> = BTreeMap::new();
    let mut order = Vec::new();
    for row in rows {
        if !scope.locations.allows(&row.location_id) {
            continue;
        }
        if let Some(summary) = by_id.get_mut(&row.id) {
            summary.eligible_locations += 1;
            continue;
        }
        order.push(row.id);
        by_id.insert(
            row.id,
            EngagementSummary {
                id: EngagementId::new(row.id),
                code: row.code,
                name: row.name,
                solution_area: row.solution_area,
                payment_type: row.payment_type,
                accepted_id_types: Vec::new(),
                eligible_locations: 1,
                open_state: OpenState::at(now, row.open_from, row.open_until),
            },
        );
    }
    if by_id.is_empty() {
        return Ok(Vec::new());
    }

    let types: Vec<(i64, String)> =
        sqlx::query_as("SELECT engagement_id, id_type FROM engagement_id_types")
            .fetch_all(pool)
            .await?;
    for (id, id_type) in types {
        if let Some(summary) = by_id.get_mut(&id) {
            summary.accepted_id_types.push(id_type);
        }
    }
    let mut list: Vec<EngagementSummary> = order
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .collect();
    for summary in &mut list {
        // The programme's order of ID types (the domain's), not the database's.
        summary
            .accepted_id_types
            .sort_by_key(|t| CustomerIdType::from_code(t).map_or(usize::MAX, |k| k as usize));
    }
    Ok(list)
}

/// A row of `engagements`.
#[derive(sqlx::FromRow)]
struct EngagementRow {
    id: i64,
    code: String,
    name: String,
    solution_area: String,
    activity_type: String,
    payment_type: String,
    consent_window_days: i64,
    submission_window_days: i64,
    review_window_days: i64,
    dispute_window_days: i64,
    max_active_claims_per_customer: i64,
    open_from: i64,
    open_until: i64,
    currency: String,
    fixed_amount_cents: Option<i64>,
    deal_value_percent_bp: Option<i64>,
    cap_cents: Option<i64>,
    min_hours: Option<i64>,
    max_hours: Option<i64>,
}

const TABLE: &str = "engagements";

/// A column the engagement's payment type requires (the table's check constraint holds it).
fn required(column: &str, value: Option<i64>) -> Result<i64, sqlx::Error> {
    value.ok_or_else(|| row::unreadable(TABLE, column, "NULL"))
}

impl EngagementRow {
    /// The domain's engagement, with its band rates (`engagement_band_rates`) and accepted ID
    /// types (`engagement_id_types`) as stored.
    fn into_engagement(
        self,
        rates: Vec<(String, i64)>,
        id_types: Vec<String>,
    ) -> Result<Engagement, sqlx::Error> {
        let payment_type = row::parse(
            TABLE,
            "payment_type",
            &self.payment_type,
            PaymentType::from_code,
        )?;
        let payment = match payment_type {
            PaymentType::Fixed => PaymentRule::Fixed {
                amount_cents: required("fixed_amount_cents", self.fixed_amount_cents)?,
                currency: self.currency,
            },
            PaymentType::Variable => PaymentRule::Variable {
                hourly_rate_cents_by_band: rates
                    .into_iter()
                    .map(|(band, cents)| {
                        let band = row::parse(
                            "engagement_band_rates",
                            "market_band",
                            &band,
                            MarketBand::from_code,
                        )?;
                        Ok((band, cents))
                    })
                    .collect::<Result<_, sqlx::Error>>()?,
                deal_value_percent_bp: row::unsigned(
                    TABLE,
                    "deal_value_percent_bp",
                    required("deal_value_percent_bp", self.deal_value_percent_bp)?,
                )?,
                cap_cents: required("cap_cents", self.cap_cents)?,
                min_hours: row::unsigned(
                    TABLE,
                    "min_hours",
                    required("min_hours", self.min_hours)?,
                )?,
                max_hours: row::unsigned(
                    TABLE,
                    "max_hours",
                    required("max_hours", self.max_hours)?,
                )?,
                currency: self.currency,
            },
        };
        let mut accepted_id_types = id_types
            .iter()
            .map(|t| {
                row::parse(
                    "engagement_id_types",
                    "id_type",
                    t,
                    CustomerIdType::from_code,
                )
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        accepted_id_types.sort();
        Ok(Engagement {
            id: EngagementId::new(self.id),
            code: self.code,
            name: self.name,
            solution_area: self.solution_area,
            activity_type: self.activity_type,
            payment_type,
            accepted_id_types,
            consent_window_days: row::unsigned(
                TABLE,
                "consent_window_days",
                self.consent_window_days,
            )?,
            submission_window_days: row::unsigned(
                TABLE,
                "submission_window_days",
                self.submission_window_days,
            )?,
            review_window_days: row::unsigned(
                TABLE,
                "review_window_days",
                self.review_window_days,
            )?,
            dispute_window_days: row::unsigned(
                TABLE,
                "dispute_window_days",
                self.dispute_window_days,
            )?,
            max_active_claims_per_customer: row::unsigned(
                TABLE,
                "max_active_claims_per_customer",
                self.max_active_claims_per_customer,
            )?,
            open_from: Timestamp::from_unix_seconds(self.open_from),
            open_until: Timestamp::from_unix_seconds(self.open_until),
            payment,
        })
    }
}

/// One engagement as the domain rules see it, or `None` when there is no such engagement.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn load_engagement(
    pool: &AnyPool,
    id: EngagementId,
) -> Result<Option<Engagement>, sqlx::Error> {
    load_engagement_in(&mut *pool.acquire().await?, id).await
}

/// [`load_engagement`] on a connection (inside a transaction).
#[tracing::instrument(skip(conn), err(level = "warn"))]
pub async fn load_engagement_in(
    conn: &mut AnyConnection,
    id: EngagementId,
) -> Result<Option<Engagement>, sqlx::Error> {
    let Some(row) = sqlx::query_as::<_, EngagementRow>("SELECT * FROM engagements WHERE id = $1")
        .bind(id.get())
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let rates: Vec<(String, i64)> = if row.payment_type == PaymentType::Variable.code() {
        sqlx::query_as(
            "SELECT market_band, hourly_rate_cents FROM engagement_band_rates WHERE engagement_id = $1 ORDER BY market_band",
        )
        .bind(id.get())
        .fetch_all(&mut *conn)
        .await?
    } else {
        Vec::new()
    };
    let id_types: Vec<String> =
        sqlx::query_scalar("SELECT id_type FROM engagement_id_types WHERE engagement_id = $1")
            .bind(id.get())
            .fetch_all(&mut *conn)
            .await?;
    row.into_engagement(rates, id_types).map(Some)
}
