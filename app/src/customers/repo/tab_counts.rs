//! The tabs' counts: kept by the database without a search (migration 0011), counted through
//! the search's indexes with one. The rows counted are those of the tabs' own filters.

use super::{completed_filter, listed_filter, scope_filter, search};
use crate::auth::guard::PartnerScope;
use crate::customers::model::TabCounts;
use crate::db::sql::Sql;
use crate::db::Backend;
use domain::EngagementId;
use sqlx::AnyPool;

/// The number of rows of each tab under the search: without one, the counts the triggers of
/// migration 0011 keep per location (within the user's); with one, counted through the search's
/// indexes (`search`).
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, engagement = %engagement_id), err(level = "warn"))]
pub async fn counts(
    pool: &AnyPool,
    scope: &PartnerScope,
    engagement_id: EngagementId,
    search: &str,
) -> Result<TabCounts, sqlx::Error> {
    if search.trim().is_empty() {
        kept_counts(pool, scope, engagement_id).await
    } else {
        counted(pool, scope, engagement_id, search).await
    }
}

/// The kept counts, summed over the locations the user sees: as the tabs' own filters, a row
/// without an open claim (location '') is seen by everyone, a completed claim only within the
/// user's locations.
async fn kept_counts(
    pool: &AnyPool,
    scope: &PartnerScope,
    engagement_id: EngagementId,
) -> Result<TabCounts, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT k.tab, CAST(SUM(k.row_count) AS BIGINT) AS n FROM customer_tab_counts k WHERE k.partner_id = ",
    );
    sql.bind(scope.partner_id)
        .push(" AND k.engagement_id = ")
        .bind(engagement_id);
    sql.push(" AND ((k.tab <> 'completed'");
    scope_filter(&mut sql, "k.location_id", scope, true);
    sql.push(") OR (k.tab = 'completed'");
    scope_filter(&mut sql, "k.location_id", scope, false);
    sql.push(")) GROUP BY k.tab");
    let mut counts = TabCounts::default();
    for (tab, n) in sql.query_as::<(String, i64)>().fetch_all(pool).await? {
        match tab.as_str() {
            "eligible" => counts.eligible = n,
            "completed" => counts.completed = n,
            _ => counts.ineligible = n,
        }
    }
    Ok(counts)
}

/// The counts under a search, counted from the rows that match it (any search, the empty one
/// too: the tests compare the kept counts with these).
pub async fn counted(
    pool: &AnyPool,
    scope: &PartnerScope,
    engagement_id: EngagementId,
    search: &str,
) -> Result<TabCounts, sqlx::Error> {
    let backend = Backend::of(pool);
    let mut sql =
        Sql::new("SELECT r.tab, COUNT(*) AS n FROM customer_rows r WHERE r.partner_id = ");
    listed_filter(&mut sql, backend, scope, engagement_id, search);
    sql.push(" GROUP BY r.tab");
    let mut counts = TabCounts::default();
    for (tab, n) in sql.query_as::<(String, i64)>().fetch_all(pool).await? {
        match tab.as_str() {
            "eligible" => counts.eligible = n,
            _ => counts.ineligible = n,
        }
    }
    let mut sql = Sql::new("SELECT COUNT(*) AS n");
    sql.push(search::completed_count_source(backend));
    completed_filter(&mut sql, scope, engagement_id, search);
    counts.completed = sql.query_scalar::<i64>().fetch_one(pool).await?;
    Ok(counts)
}
