//! SQL of the attention inbox: the partner's Customers page rows (`customer_rows`) whose claim
//! waits on the partner, within the user's locations and the filters, nearest deadline first;
//! and the money at risk per week of deadlines over every match.

use super::model::{AttentionFilter, ATTENTION_LIMIT, NEEDS_PARTNER};
use crate::auth::guard::PartnerScope;
use crate::claims::repo::{ClaimState, ClaimStateRow, STATE_COLUMNS_OF_C};
use crate::db::row;
use crate::db::sql::Sql;
use domain::{EngagementId, Money, Timestamp};
use sqlx::AnyPool;

/// Monday 5 January 1970, 00:00 UTC: weeks of deadlines are counted from it.
const FIRST_MONDAY: i64 = 4 * 86_400;
const WEEK: i64 = 7 * 86_400;

/// A row of the inbox: the claim's state, the row's names and the claim's proposed payment.
#[derive(sqlx::FromRow)]
struct AttentionClaimRow {
    #[sqlx(flatten)]
    state: ClaimStateRow,
    claim_ref: String,
    customer_name: String,
    friendly_name: String,
    engagement_name: String,
    location_name: String,
    proposed_payment_cents: Option<i64>,
    currency: String,
}

/// What the service makes a row of.
pub struct Listed {
    pub claim: ClaimState,
    pub claim_ref: domain::ClaimRef,
    pub customer_name: String,
    pub friendly_name: String,
    pub engagement_name: String,
    pub location_name: String,
    pub at_risk: Money,
}

impl TryFrom<AttentionClaimRow> for Listed {
    type Error = sqlx::Error;

    fn try_from(r: AttentionClaimRow) -> Result<Self, Self::Error> {
        Ok(Listed {
            claim: ClaimState::try_from(r.state)?,
            claim_ref: row::claim_ref("claims", &r.claim_ref)?,
            customer_name: r.customer_name,
            friendly_name: r.friendly_name,
            engagement_name: r.engagement_name,
            location_name: r.location_name,
            at_risk: Money::new(r.proposed_payment_cents.unwrap_or(0), r.currency),
        })
    }
}

/// After `WHERE `: the partner's rows with a claim waiting on it whose deadline is still ahead,
/// within the user's locations and the filters.
fn condition(sql: &mut Sql, scope: &PartnerScope, filter: &AttentionFilter, now: Timestamp) {
    sql.push("r.partner_id = ").bind(scope.partner_id);
    sql.push(" AND r.claim_ref <> '' AND c.status IN ('-'");
    for status in NEEDS_PARTNER {
        sql.push(", ").bind(status.code());
    }
    sql.push(") AND c.deadline_at > ").bind(now.unix_seconds());
    if let Some(days) = filter.within_days {
        sql.push(" AND c.deadline_at <= ")
            .bind(now.unix_seconds() + i64::from(days) * 86_400);
    }
    if let Some(engagement_id) = filter.engagement_id {
        sql.push(" AND r.engagement_id = ").bind(engagement_id);
    }
    if !filter.location.is_empty() {
        sql.push(" AND c.location_id = ")
            .bind(filter.location.as_str());
    }
    sql.within_locations("c.location_id", &scope.locations, false);
}

const FROM: &str = " FROM customer_rows r JOIN claims c ON c.claim_ref = r.claim_ref";

/// The first [`ATTENTION_LIMIT`] matches, nearest deadline first, and how many more there are.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id), err(level = "warn"))]
pub async fn listed(
    pool: &AnyPool,
    scope: &PartnerScope,
    filter: &AttentionFilter,
    now: Timestamp,
) -> Result<(Vec<Listed>, i64), sqlx::Error> {
    let mut sql = Sql::new("SELECT ");
    sql.push(STATE_COLUMNS_OF_C).push(
        ", c.claim_ref, r.customer_name, r.friendly_name, e.name AS engagement_name,
           l.name AS location_name, c.proposed_payment_cents, c.currency",
    );
    sql.push(FROM);
    sql.push(" JOIN engagements e ON e.id = r.engagement_id JOIN locations l ON l.id = c.location_id WHERE ");
    condition(&mut sql, scope, filter, now);
    sql.push(" ORDER BY c.deadline_at, c.id LIMIT ")
        .bind(ATTENTION_LIMIT);
    let rows = sql
        .query_as::<AttentionClaimRow>()
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(Listed::try_from)
        .collect::<Result<Vec<_>, _>>()?;
    let mut count = Sql::new("SELECT COUNT(*) AS n");
    count.push(FROM).push(" WHERE ");
    condition(&mut count, scope, filter, now);
    let total: i64 = count.query_scalar().fetch_one(pool).await?;
    let more = (total - rows.len() as i64).max(0);
    Ok((rows, more))
}

/// The number of claims waiting on the user (the header's count).
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id), err(level = "warn"))]
pub async fn count(
    pool: &AnyPool,
    scope: &PartnerScope,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    let mut count = Sql::new("SELECT COUNT(*) AS n");
    count.push(FROM).push(" WHERE ");
    condition(&mut count, scope, &AttentionFilter::default(), now);
    count.query_scalar().fetch_one(pool).await
}

/// One week's total in one currency.
#[derive(Debug, sqlx::FromRow)]
pub struct WeekTotal {
    /// Monday 00:00 UTC of the week, Unix seconds.
    pub starts: i64,
    pub currency: String,
    pub cents: i64,
    pub claims: i64,
}

/// The money at risk of every match, per week of deadlines (Monday to Sunday, UTC) and currency,
/// earliest week first.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id), err(level = "warn"))]
pub async fn weeks(
    pool: &AnyPool,
    scope: &PartnerScope,
    filter: &AttentionFilter,
    now: Timestamp,
) -> Result<Vec<WeekTotal>, sqlx::Error> {
    // Integer division truncates on both backends; deadlines are after 1970, so it floors.
    let mut sql = Sql::new("SELECT (c.deadline_at - ");
    sql.bind(FIRST_MONDAY).push(") / ").bind(WEEK);
    sql.push(" * ").bind(WEEK).push(" + ").bind(FIRST_MONDAY);
    sql.push(
        " AS starts, c.currency, CAST(COALESCE(SUM(c.proposed_payment_cents), 0) AS BIGINT) AS cents,
          COUNT(*) AS claims",
    );
    sql.push(FROM).push(" WHERE ");
    condition(&mut sql, scope, filter, now);
    sql.push(" GROUP BY 1, 2 ORDER BY 1, 2");
    sql.query_as::<WeekTotal>().fetch_all(pool).await
}

/// The user's locations (ID, name), by name: the location filter.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id), err(level = "warn"))]
pub async fn locations(
    pool: &AnyPool,
    scope: &PartnerScope,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    let mut sql = Sql::new("SELECT l.id, l.name FROM locations l WHERE l.partner_id = ");
    sql.bind(scope.partner_id);
    sql.within_locations("l.id", &scope.locations, false);
    sql.push(" ORDER BY l.name, l.id");
    sql.query_as::<(String, String)>().fetch_all(pool).await
}

/// The names of these engagements, by name: the engagement filter.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn engagement_names(
    pool: &AnyPool,
    ids: &[EngagementId],
) -> Result<Vec<(EngagementId, String)>, sqlx::Error> {
    let mut sql = Sql::new("SELECT id, name FROM engagements WHERE id IN (0");
    for id in ids {
        sql.push(", ").bind(*id);
    }
    sql.push(") ORDER BY name, id");
    Ok(sql
        .query_as::<(i64, String)>()
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(id, name)| (EngagementId::new(id), name))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::guard::LocationScope;
    use crate::auth::Role;
    use crate::db::sql::Value;
    use domain::{PartnerId, UserId};

    #[test]
    fn the_inbox_keeps_to_the_users_locations_and_filters() {
        let scope = PartnerScope {
            user_id: UserId::new(1),
            partner_id: PartnerId::new(7),
            role: Role::IncentivesUser,
            locations: LocationScope::Only(vec!["1000001".into()]),
        };
        let filter = AttentionFilter {
            location: "1000001".into(),
            engagement_id: Some(EngagementId::new(3)),
            within_days: Some(7),
        };
        let mut sql = Sql::new("");
        condition(
            &mut sql,
            &scope,
            &filter,
            Timestamp::from_unix_seconds(1_000),
        );
        assert_eq!(
            sql.text(),
            "r.partner_id = $1 AND r.claim_ref <> '' AND c.status IN ('-', $2, $3, $4, $5, $6) \
             AND c.deadline_at > $7 AND c.deadline_at <= $8 AND r.engagement_id = $9 \
             AND c.location_id = $10 AND (c.location_id IN ('-', $11))"
        );
        assert_eq!(sql.binds()[7], Value::Int(1_000 + 7 * 86_400));
        assert_eq!(sql.binds()[10], Value::Text("1000001".into()));
    }

    #[test]
    fn weeks_start_on_monday() {
        // Thursday 3 December 2026, 08:00 UTC is in the week of Monday 30 November.
        let thursday = 1_796_256_000 + 8 * 3_600;
        let starts = (thursday - FIRST_MONDAY) / WEEK * WEEK + FIRST_MONDAY;
        assert_eq!(starts, 1_795_996_800);
        assert_eq!(
            time::OffsetDateTime::from_unix_timestamp(starts)
                .unwrap()
                .weekday(),
            time::Weekday::Monday
        );
    }
}
