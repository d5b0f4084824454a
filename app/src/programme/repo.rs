//! SQL of the programme console.

use super::ProgrammeEngagement;
use crate::engagements::model::OpenState;
use sqlx::{AnyPool, Row};

#[tracing::instrument(skip(pool))]
pub async fn list_engagements(
    pool: &AnyPool,
    now: i64,
) -> Result<Vec<ProgrammeEngagement>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT e.id, e.code, e.name, e.payment_type, e.open_from, e.open_until,
                (SELECT COUNT(*) FROM engagement_locations el JOIN locations l ON l.id = el.location_id
                  WHERE el.engagement_id = e.id AND l.enrolled_in_mci = 1) AS partner_locations,
                (SELECT COUNT(*) FROM eligibility_lists x WHERE x.engagement_id = e.id) AS eligibility_entries
         FROM engagements e ORDER BY e.name, e.id",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(ProgrammeEngagement {
                id: row.try_get("id")?,
                code: row.try_get("code")?,
                name: row.try_get("name")?,
                payment_type: row.try_get("payment_type")?,
                partner_locations: row.try_get("partner_locations")?,
                eligibility_entries: row.try_get("eligibility_entries")?,
                open_state: OpenState::at(
                    now,
                    row.try_get("open_from")?,
                    row.try_get("open_until")?,
                ),
            })
        })
        .collect()
}
