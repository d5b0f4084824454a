//! SQL of the programme console: its engagements (this module) and the CSV imports (`import`).

pub mod import;

use super::ProgrammeEngagement;
use crate::engagements::model::OpenState;
use domain::EngagementId;
use sqlx::AnyPool;

/// An engagement with how many partner locations and eligibility entries it has.
#[derive(sqlx::FromRow)]
struct EngagementRow {
    id: i64,
    code: String,
    name: String,
    payment_type: String,
    open_from: i64,
    open_until: i64,
    partner_locations: i64,
    eligibility_entries: i64,
}

/// Every engagement, by name, as the console lists it at `now`.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn list_engagements(
    pool: &AnyPool,
    now: i64,
) -> Result<Vec<ProgrammeEngagement>, sqlx::Error> {
    let rows = sqlx::query_as::<_, EngagementRow>(
        "SELECT e.id, e.code, e.name, e.payment_type, e.open_from, e.open_until,
                (SELECT COUNT(*) FROM engagement_locations el JOIN locations l ON l.id = el.location_id
                  WHERE el.engagement_id = e.id AND l.enrolled_in_mci = 1) AS partner_locations,
                (SELECT COUNT(*) FROM eligibility_lists x WHERE x.engagement_id = e.id) AS eligibility_entries
         FROM engagements e ORDER BY e.name, e.id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| ProgrammeEngagement {
            id: EngagementId::new(row.id),
            code: row.code,
            name: row.name,
            payment_type: row.payment_type,
            partner_locations: row.partner_locations,
            eligibility_entries: row.eligibility_entries,
            open_state: OpenState::at(now, row.open_from, row.open_until),
        })
        .collect())
}
