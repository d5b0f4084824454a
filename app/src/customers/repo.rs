//! SQL of the Customers page: keyset pages of `customer_rows` (Eligible, Ineligible) and of the
//! partner's ended claims (Completed), counts, and the rows of an export. No OFFSET anywhere: a
//! page starts after (or before) the cursor's sort value and key, so page 4 000 costs what page 1
//! costs.

use super::model::{Cursor, CustomersQuery, SortKey, Tab, TabCounts};
use crate::auth::guard::{LocationScope, PartnerScope};
use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};

/// A value bound to a built query.
#[derive(Debug, Clone)]
enum Bind {
    Int(i64),
    Text(String),
}

/// A query assembled from fixed pieces (never from user text) and numbered parameters.
#[derive(Debug, Default)]
struct Sql {
    text: String,
    binds: Vec<Bind>,
}

impl Sql {
    fn push(&mut self, piece: &str) -> &mut Self {
        self.text.push_str(piece);
        self
    }

    /// Appends `$n` for a new parameter.
    fn bind(&mut self, value: Bind) -> &mut Self {
        self.binds.push(value);
        let n = self.binds.len();
        self.text.push_str(&format!("${n}"));
        self
    }

    async fn fetch_all(&self, pool: &AnyPool) -> Result<Vec<AnyRow>, sqlx::Error> {
        let mut query = sqlx::query(&self.text);
        for b in &self.binds {
            query = match b {
                Bind::Int(v) => query.bind(*v),
                Bind::Text(v) => query.bind(v.clone()),
            };
        }
        query.fetch_all(pool).await
    }
}

/// `%term%` for LIKE, with the wildcard characters of the term itself escaped.
fn like_pattern(search: &str) -> String {
    let escaped = search
        .trim()
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn scope_filter(sql: &mut Sql, column: &str, scope: &PartnerScope, allow_empty: bool) {
    if let LocationScope::Only(locations) = &scope.locations {
        sql.push(" AND (");
        if allow_empty {
            sql.push(column).push(" = '' OR ");
        }
        sql.push(column).push(" IN ('-'");
        for location in locations {
            sql.push(", ").bind(Bind::Text(location.clone()));
        }
        sql.push("))");
    }
}

/// The Completed tab's rows, after `WHERE c.partner_id = `: the partner's ended claims on the
/// engagement, less newly added customers who declined or let their consent expire (they leave
/// the page), within the search and the user's locations.
fn completed_filter(sql: &mut Sql, scope: &PartnerScope, engagement_id: i64, search: &str) {
    sql.bind(Bind::Int(scope.partner_id))
        .push(" AND c.engagement_id = ")
        .bind(Bind::Int(engagement_id));
    sql.push(" AND c.is_open = 0 AND NOT (c.origin = 'added' AND c.status IN ('consent_declined', 'consent_expired'))");
    if !search.trim().is_empty() {
        sql.push(" AND LOWER(COALESCE(c.customer_name, '') || ' ' || c.customer_id_value || ' ' || c.friendly_name || ' ' || c.claim_ref) LIKE ")
            .bind(Bind::Text(like_pattern(search)))
            .push(" ESCAPE '\\'");
    }
    scope_filter(sql, "c.location_id", scope, false);
}

/// The sort expression of a tab's column, and whether it is a number.
fn sort_expression(tab: Tab, sort: SortKey) -> (&'static str, bool) {
    match (tab, sort) {
        (Tab::Completed, SortKey::Customer) => ("LOWER(COALESCE(c.customer_name, ''))", false),
        (Tab::Completed, SortKey::CustomerId) => ("c.customer_id_value", false),
        (Tab::Completed, SortKey::FriendlyName) => ("LOWER(c.friendly_name)", false),
        (Tab::Completed, SortKey::Claim) => ("c.claim_ref", false),
        (Tab::Completed, SortKey::Date) => ("c.ended_at", true),
        (_, SortKey::Customer) => ("r.sort_customer", false),
        (_, SortKey::CustomerId) => ("r.customer_id_value", false),
        (_, SortKey::FriendlyName) => ("r.sort_friendly", false),
        (_, SortKey::Claim) => ("r.claim_ref", false),
        (_, SortKey::Date) => ("r.deadline_at", true),
    }
}

/// Raw rows of one page, in display order, and whether more rows lie beyond it.
pub struct RawPage {
    pub rows: Vec<AnyRow>,
    /// More rows after the last one (forward) or before the first one (backward).
    pub more: bool,
    pub backward: bool,
}

const ROW_COLUMNS: &str =
    "r.customer_key, r.customer_id_type, r.customer_id_value, r.other_ids, r.customer_name, r.friendly_name, r.claim_ref,
     r.claim_status, r.deadline_at, r.reasons, r.sort_customer, r.sort_friendly,
     c.created_at, c.consent_at, c.submitted_at, c.rejected_at";

const COMPLETED_COLUMNS: &str =
    "c.id, c.customer_id_type, c.customer_id_value, c.customer_name, c.friendly_name,
     c.claim_ref, c.status, c.ended_at";

/// One page of a tab for the partner (and the user's locations).
#[tracing::instrument(skip(pool, scope))]
pub async fn page(
    pool: &AnyPool,
    scope: &PartnerScope,
    query: &CustomersQuery,
    size: i64,
) -> Result<RawPage, sqlx::Error> {
    let (expression, numeric) = sort_expression(query.tab, query.sort);
    let (cursor, backward) = match (&query.after, &query.before) {
        (_, Some(before)) => (Cursor::decode(before), true),
        (Some(after), None) => (Cursor::decode(after), false),
        _ => (None, false),
    };
    // Reading backward walks the order reversed, then flips the rows back.
    let descending = query.descending != backward;
    let (cmp, dir) = if descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };

    let mut sql = Sql::default();
    if query.tab == Tab::Completed {
        sql.push("SELECT ")
            .push(COMPLETED_COLUMNS)
            .push(", ")
            .push(expression)
            .push(" AS sort_value FROM claims c WHERE c.partner_id = ");
        completed_filter(&mut sql, scope, query.engagement_id, &query.search);
        if let Some(cursor) = &cursor {
            sql.push(" AND (")
                .push(expression)
                .push(", c.id) ")
                .push(cmp)
                .push(" (");
            sql.bind(if numeric {
                Bind::Int(cursor.number)
            } else {
                Bind::Text(cursor.text.clone())
            });
            sql.push(", ")
                .bind(Bind::Int(cursor.value.parse().unwrap_or(0)))
                .push(")");
        }
        sql.push(" ORDER BY ")
            .push(expression)
            .push(" ")
            .push(dir)
            .push(", c.id ")
            .push(dir);
    } else {
        sql.push("SELECT ")
            .push(ROW_COLUMNS)
            .push(", ")
            .push(expression)
            .push(" AS sort_value FROM customer_rows r");
        sql.push(" LEFT JOIN claims c ON c.claim_ref = r.claim_ref AND r.claim_ref <> ''");
        sql.push(" WHERE r.partner_id = ")
            .bind(Bind::Int(scope.partner_id));
        sql.push(" AND r.engagement_id = ")
            .bind(Bind::Int(query.engagement_id));
        sql.push(" AND r.tab = ")
            .bind(Bind::Text(query.tab.code().to_owned()));
        if !query.search.trim().is_empty() {
            sql.push(" AND r.search LIKE ")
                .bind(Bind::Text(like_pattern(&query.search)))
                .push(" ESCAPE '\\'");
        }
        scope_filter(&mut sql, "r.claim_location_id", scope, true);
        if let Some(cursor) = &cursor {
            sql.push(" AND (")
                .push(expression)
                .push(", r.customer_key) ")
                .push(cmp)
                .push(" (");
            sql.bind(if numeric {
                Bind::Int(cursor.number)
            } else {
                Bind::Text(cursor.text.clone())
            });
            sql.push(", ")
                .bind(Bind::Text(cursor.value.clone()))
                .push(")");
        }
        sql.push(" ORDER BY ").push(expression).push(" ").push(dir);
        sql.push(", r.customer_key ").push(dir);
    }
    sql.push(" LIMIT ").bind(Bind::Int(size + 1));
    let mut rows = sql.fetch_all(pool).await?;
    let more = rows.len() as i64 > size;
    rows.truncate(size as usize);
    if backward {
        rows.reverse();
    }
    Ok(RawPage {
        rows,
        more,
        backward,
    })
}

/// The cursor of a raw row (to continue after or before it).
pub fn cursor_of(tab: Tab, sort: SortKey, row: &AnyRow) -> Result<Cursor, sqlx::Error> {
    let (_, numeric) = sort_expression(tab, sort);
    let (text, number) = if numeric {
        (
            String::new(),
            row.try_get::<Option<i64>, _>("sort_value")?.unwrap_or(0),
        )
    } else {
        (
            row.try_get::<Option<String>, _>("sort_value")?
                .unwrap_or_default(),
            0,
        )
    };
    Ok(if tab == Tab::Completed {
        Cursor {
            text,
            number,
            value: row.try_get::<i64, _>("id")?.to_string(),
        }
    } else {
        Cursor {
            text,
            number,
            value: row.try_get("customer_key")?,
        }
    })
}

/// The number of rows of each tab under the search.
pub async fn counts(
    pool: &AnyPool,
    scope: &PartnerScope,
    engagement_id: i64,
    search: &str,
) -> Result<TabCounts, sqlx::Error> {
    let mut sql = Sql::default();
    sql.push("SELECT r.tab, COUNT(*) AS n FROM customer_rows r WHERE r.partner_id = ")
        .bind(Bind::Int(scope.partner_id));
    sql.push(" AND r.engagement_id = ")
        .bind(Bind::Int(engagement_id));
    if !search.trim().is_empty() {
        sql.push(" AND r.search LIKE ")
            .bind(Bind::Text(like_pattern(search)))
            .push(" ESCAPE '\\'");
    }
    scope_filter(&mut sql, "r.claim_location_id", scope, true);
    sql.push(" GROUP BY r.tab");
    let mut counts = TabCounts::default();
    for row in sql.fetch_all(pool).await? {
        let n: i64 = row.try_get("n")?;
        match row.try_get::<String, _>("tab")?.as_str() {
            "eligible" => counts.eligible = n,
            _ => counts.ineligible = n,
        }
    }
    let mut sql = Sql::default();
    sql.push("SELECT COUNT(*) AS n FROM claims c WHERE c.partner_id = ");
    completed_filter(&mut sql, scope, engagement_id, search);
    if let Some(row) = sql.fetch_all(pool).await?.first() {
        counts.completed = row.try_get("n")?;
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::like_pattern;

    #[test]
    fn a_search_term_matches_literally() {
        assert_eq!(like_pattern(" North_Wind% "), "%north\\_wind\\%%");
    }
}
