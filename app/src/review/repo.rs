//! SQL of the review console.

use super::model::{QueueRow, QUEUE_LIMIT};
use crate::claims::repo::{ClaimState, ClaimStateRow, STATE_COLUMNS_OF_C};
use crate::db::row;
use crate::db::sql::Sql;
use domain::EngagementId;
use domain::{ClaimStatus, Money};
use sqlx::AnyPool;

/// A claim of the queue, with its partner's and engagement's names.
#[derive(sqlx::FromRow)]
struct QueueClaimRow {
    #[sqlx(flatten)]
    state: ClaimStateRow,
    claim_ref: String,
    friendly_name: String,
    customer_name: Option<String>,
    proposed_payment_cents: Option<i64>,
    currency: String,
    partner_name: String,
    engagement_name: String,
}

impl TryFrom<QueueClaimRow> for (QueueRow, ClaimState) {
    type Error = sqlx::Error;

    fn try_from(r: QueueClaimRow) -> Result<Self, Self::Error> {
        let state = ClaimState::try_from(r.state)?;
        let row = QueueRow {
            claim_ref: row::claim_ref("claims", &r.claim_ref)?,
            partner_name: r.partner_name,
            engagement_name: r.engagement_name,
            friendly_name: r.friendly_name,
            customer_name: r.customer_name,
            customer_id: state.customer_id.clone(),
            status: state.status,
            submitted_at: state.dates.submitted_at.map(|t| t.unix_seconds()),
            deadline: None,
            proposed_payment: r
                .proposed_payment_cents
                .map(|cents| Money::new(cents, r.currency)),
        };
        Ok((row, state))
    }
}

/// The queue's condition, after `WHERE `: the statuses, the engagement (0: any) and the text.
fn queue_filter(
    sql: &mut Sql,
    statuses: &[ClaimStatus],
    engagement_id: Option<EngagementId>,
    q: &str,
) {
    sql.push("c.status IN ('-'");
    for status in statuses {
        sql.push(", ").bind(status.code());
    }
    sql.push(")");
    if let Some(engagement_id) = engagement_id {
        sql.push(" AND c.engagement_id = ").bind(engagement_id);
    }
    if !q.trim().is_empty() {
        let escaped = q.trim().to_lowercase().replace(['%', '_', '\\'], "");
        let pattern = format!("%{escaped}%");
        let columns = [
            "LOWER(c.claim_ref)",
            "LOWER(p.name)",
            "LOWER(COALESCE(c.customer_name, ''))",
            "LOWER(c.friendly_name)",
            "LOWER(c.customer_id_value)",
        ];
        for (i, column) in columns.into_iter().enumerate() {
            sql.push(if i == 0 { " AND (" } else { " OR " });
            sql.push(column).push(" LIKE ").bind(pattern.as_str());
        }
        sql.push(")");
    }
}

/// The claim's current deadline as `domain::deadline` reckons it for the queue's statuses (the
/// review window from the latest submission; the dispute window from a rejection), in SQL so the
/// queue can sort by it. `claims.deadline_at` cannot serve: it holds only the deadlines the clock
/// acts on, and the programme's own review deadline is not one. The queue test checks the order
/// against the domain's deadlines.
const REVIEW_DEADLINE: &str =
    "(CASE WHEN c.status IN ('submitted', 'under_review', 'partner_action_required')
         THEN c.submitted_at + 86400 * e.review_window_days
         WHEN c.status = 'rejected' THEN c.rejected_at + 86400 * e.dispute_window_days END)";

/// Claims in `statuses`, the nearest review deadline first (claims without one after, oldest
/// submission first), filtered; with how many more match. The portable `CASE` puts NULLs last on
/// both backends (SQLite sorts them first, PostgreSQL last).
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn queue(
    pool: &AnyPool,
    statuses: &[ClaimStatus],
    engagement_id: Option<EngagementId>,
    q: &str,
) -> Result<(Vec<(QueueRow, ClaimState)>, i64), sqlx::Error> {
    let mut sql = Sql::new("SELECT ");
    sql.push(STATE_COLUMNS_OF_C).push(
        ", c.claim_ref, c.friendly_name, c.customer_name, c.proposed_payment_cents, c.currency,
            p.name AS partner_name, e.name AS engagement_name
         FROM claims c JOIN partners p ON p.id = c.partner_id JOIN engagements e ON e.id = c.engagement_id
         WHERE ",
    );
    queue_filter(&mut sql, statuses, engagement_id, q);
    sql.push(" ORDER BY CASE WHEN ")
        .push(REVIEW_DEADLINE)
        .push(" IS NULL THEN 1 ELSE 0 END, ")
        .push(REVIEW_DEADLINE)
        .push(", c.submitted_at, c.id LIMIT ")
        .bind(QUEUE_LIMIT);
    let rows = sql
        .query_as::<QueueClaimRow>()
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(TryFrom::try_from)
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let mut count = Sql::new(
        "SELECT COUNT(*) AS n FROM claims c JOIN partners p ON p.id = c.partner_id WHERE ",
    );
    queue_filter(&mut count, statuses, engagement_id, q);
    let total: i64 = count.query_scalar().fetch_one(pool).await?;
    let more = (total - rows.len() as i64).max(0);
    Ok((rows, more))
}

/// Every engagement (id, name), by name: the queue's filter.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn engagements(pool: &AnyPool) -> Result<Vec<(EngagementId, String)>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM engagements ORDER BY name, id")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (EngagementId::new(id), name))
        .collect())
}

/// The proposed payment of a claim, in cents.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn proposed_payment(pool: &AnyPool, claim_id: i64) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT proposed_payment_cents FROM claims WHERE id = $1")
        .bind(claim_id)
        .fetch_one(pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::sql::Value;

    #[test]
    fn the_queue_binds_its_statuses_engagement_and_text() {
        let mut sql = Sql::new("WHERE ");
        queue_filter(
            &mut sql,
            &[ClaimStatus::Submitted, ClaimStatus::Disputed],
            Some(EngagementId::new(4)),
            " North_ ",
        );
        assert_eq!(
            sql.text(),
            "WHERE c.status IN ('-', $1, $2) AND c.engagement_id = $3 AND (LOWER(c.claim_ref) LIKE $4 \
             OR LOWER(p.name) LIKE $5 OR LOWER(COALESCE(c.customer_name, '')) LIKE $6 \
             OR LOWER(c.friendly_name) LIKE $7 OR LOWER(c.customer_id_value) LIKE $8)"
        );
        assert_eq!(sql.binds()[0], Value::Text("submitted".into()));
        assert_eq!(sql.binds()[2], Value::Int(4));
        assert_eq!(sql.binds()[7], Value::Text("%north%".into()));
    }

    #[test]
    fn no_engagement_and_no_text_filter_nothing_more() {
        let mut sql = Sql::new("WHERE ");
        queue_filter(&mut sql, &[ClaimStatus::UnderReview], None, "  ");
        assert_eq!(sql.text(), "WHERE c.status IN ('-', $1)");
    }
}
