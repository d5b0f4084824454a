//! SQL of the Engagements page.

use super::model::{EngagementSummary, OpenState};
use crate::auth::guard::PartnerScope;
use sqlx::{AnyPool, Row};
use std::collections::BTreeMap;

/// The programme's fixed order of customer ID types, for display.
const ID_TYPE_ORDER: [&str; 5] = [
    "domain_name",
    "tenant_id",
    "tpid",
    "azure_subscription_id",
    "msx_opportunity_id",
];

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
        summary.accepted_id_types.sort_by_key(|t| {
            ID_TYPE_ORDER
                .iter()
                .position(|o| o == t)
                .unwrap_or(usize::MAX)
        });
    }
    Ok(list)
}
