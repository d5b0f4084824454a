//! SQL of the Customers page: keyset pages of `customer_rows` (Eligible, Ineligible) and of the
//! partner's ended claims (Completed), counts, and the rows of an export. No OFFSET anywhere: a
//! page starts after (or before) the cursor's sort value and key, so page 4 000 costs what page 1
//! costs.
//!
//! `rows`: what a row is recomputed from, and the rows written; `marks`: which rows are stale;
//! `search`: how a search is matched; `tab_counts`: the tabs' counts, from the filters here.

pub mod marks;
pub mod rows;
pub mod search;
mod tab_counts;

pub use tab_counts::{counted, counts};

use super::model::{Cursor, CustomerRow, CustomersQuery, IdReasons, RowAction, SortKey, Tab};
use super::refresh::NO_DATE;
use crate::auth::guard::PartnerScope;
use crate::db::row::{self, StoredCustomerId};
use crate::db::sql::{Sql, Value};
use crate::db::Backend;
use domain::EngagementId;
use domain::{ClaimDates, ClaimStatus, Timestamp};
use sqlx::AnyPool;

fn scope_filter(sql: &mut Sql, column: &str, scope: &PartnerScope, allow_empty: bool) {
    sql.within_locations(column, &scope.locations, allow_empty);
}

/// The rows of a tab of `customer_rows`, after `WHERE r.partner_id = `: within the search and
/// the user's locations.
fn listed_filter(
    sql: &mut Sql,
    backend: Backend,
    scope: &PartnerScope,
    engagement_id: EngagementId,
    search: &str,
) {
    sql.bind(scope.partner_id)
        .push(" AND r.engagement_id = ")
        .bind(engagement_id);
    search::listed_condition(sql, backend, search);
    scope_filter(sql, "r.claim_location_id", scope, true);
}

/// The Completed tab's rows, after `WHERE c.partner_id = `: the partner's ended claims on the
/// engagement, less newly added customers who declined or let their consent expire (they leave
/// the page), within the search and the user's locations.
fn completed_filter(
    sql: &mut Sql,
    scope: &PartnerScope,
    engagement_id: EngagementId,
    search: &str,
) {
    sql.bind(scope.partner_id)
        .push(" AND c.engagement_id = ")
        .bind(engagement_id);
    sql.push(" AND c.is_open = 0 AND NOT (c.origin = 'added' AND c.status IN ('consent_declined', 'consent_expired'))");
    search::completed_condition(sql, search);
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

/// How a page is read: its sort, the cursor it continues from, and which way.
struct Walk {
    expression: &'static str,
    numeric: bool,
    cursor: Option<Cursor>,
    backward: bool,
    /// The order walked: reading backward walks it reversed, then flips the rows back.
    descending: bool,
}

impl Walk {
    fn of(query: &CustomersQuery) -> Walk {
        let (expression, numeric) = sort_expression(query.tab, query.sort);
        let (cursor, backward) = match (&query.after, &query.before) {
            (_, Some(before)) => (Cursor::decode(before), true),
            (Some(after), None) => (Cursor::decode(after), false),
            _ => (None, false),
        };
        Walk {
            expression,
            numeric,
            cursor,
            backward,
            descending: query.descending != backward,
        }
    }

    /// The row's sort value, in the column of its type (`sort_text` or `sort_number`; the other
    /// one empty), for its cursor.
    fn select(&self, sql: &mut Sql) {
        if self.numeric {
            sql.push(", '' AS sort_text, ").push(self.expression);
            sql.push(" AS sort_number");
        } else {
            sql.push(", ").push(self.expression);
            sql.push(" AS sort_text, 0 AS sort_number");
        }
    }

    /// The keyset condition after the cursor (`key` breaks ties), the order and the limit.
    ///
    /// The row-value comparison comes with the bound it implies on the sort value alone: SQLite
    /// seeks an index by a row value of plain columns, but not when the sort value is an
    /// expression (the Completed tab's lower-cased names), and would walk from the first row.
    fn order_by(&self, sql: &mut Sql, key: &str, key_value: impl Fn(&Cursor) -> Value, size: i64) {
        let (cmp, dir) = if self.descending {
            ("<", "DESC")
        } else {
            (">", "ASC")
        };
        if let Some(cursor) = &self.cursor {
            sql.push(" AND ").push(self.expression);
            sql.push(if self.descending { " <= " } else { " >= " });
            if self.numeric {
                sql.bind(cursor.number);
            } else {
                sql.bind(cursor.text.as_str());
            }
            sql.push(" AND (")
                .push(self.expression)
                .push(", ")
                .push(key);
            sql.push(") ").push(cmp).push(" (");
            if self.numeric {
                sql.bind(cursor.number);
            } else {
                sql.bind(cursor.text.as_str());
            }
            sql.push(", ").bind(key_value(cursor)).push(")");
        }
        sql.push(" ORDER BY ")
            .push(self.expression)
            .push(" ")
            .push(dir);
        sql.push(", ").push(key).push(" ").push(dir);
        sql.push(" LIMIT ").bind(size + 1);
    }
}

/// The key a cursor holds: the customer key of a listed row ...
fn listed_key(cursor: &Cursor) -> Value {
    Value::Text(cursor.value.clone())
}

/// ... or the claim id of a completed one.
fn completed_key(cursor: &Cursor) -> Value {
    Value::Int(cursor.value.parse().unwrap_or(0))
}

/// One page of rows, in display order, and whether more rows lie beyond it.
pub struct RawPage<T> {
    pub rows: Vec<T>,
    /// More rows after the last one (forward) or before the first one (backward).
    pub more: bool,
    pub backward: bool,
}

fn finish<T>(mut rows: Vec<T>, size: i64, backward: bool) -> RawPage<T> {
    let more = rows.len() as i64 > size;
    rows.truncate(usize::try_from(size).unwrap_or(0));
    if backward {
        rows.reverse();
    }
    RawPage {
        rows,
        more,
        backward,
    }
}

/// A row a page can continue after (or before).
pub trait Paged {
    fn cursor(&self) -> Cursor;
}

/// A row's sort value as [`Walk::select`] reads it, for its cursor.
#[derive(Debug, sqlx::FromRow)]
struct SortValue {
    sort_text: Option<String>,
    sort_number: Option<i64>,
}

impl SortValue {
    /// The cursor at this row, `key` its unique key.
    fn cursor(&self, key: String) -> Cursor {
        Cursor {
            text: self.sort_text.clone().unwrap_or_default(),
            number: self.sort_number.unwrap_or(0),
            value: key,
        }
    }
}

/// A row of the Eligible or Ineligible tab: `customer_rows` with its open claim's dates.
#[derive(Debug, sqlx::FromRow)]
pub struct ListedRow {
    customer_key: String,
    #[sqlx(flatten)]
    id: StoredCustomerId,
    /// JSON of the other IDs.
    other_ids: String,
    customer_name: String,
    friendly_name: String,
    claim_ref: String,
    claim_status: Option<String>,
    deadline_at: i64,
    /// JSON of the reasons per ID.
    reasons: String,
    created_at: Option<i64>,
    consent_at: Option<i64>,
    submitted_at: Option<i64>,
    rejected_at: Option<i64>,
    #[sqlx(flatten)]
    sort: SortValue,
}

impl Paged for ListedRow {
    fn cursor(&self) -> Cursor {
        self.sort.cursor(self.customer_key.clone())
    }
}

impl ListedRow {
    /// The page's row, its actions left to the caller, with its open claim's dates when it has
    /// one (what the actions are decided from).
    pub fn into_customer_row(self) -> Result<(CustomerRow, Option<ClaimDates>), sqlx::Error> {
        const TABLE: &str = "customer_rows";
        let status = row::parse_optional(
            TABLE,
            "claim_status",
            self.claim_status.as_deref(),
            ClaimStatus::from_code,
        )?;
        let dates = self.created_at.map(|created_at| ClaimDates {
            created_at: Timestamp::from_unix_seconds(created_at),
            consent_at: row::timestamp(self.consent_at),
            submitted_at: row::timestamp(self.submitted_at),
            rejected_at: row::timestamp(self.rejected_at),
        });
        let reasons: Vec<IdReasons> = row::json(TABLE, "reasons", &self.reasons)?;
        let customer_row = CustomerRow {
            customer_id: self.id.parse(TABLE)?,
            other_ids: row::json(TABLE, "other_ids", &self.other_ids)?,
            customer_name: self.customer_name,
            friendly_name: self.friendly_name,
            claim_ref: row::claim_ref_or_none(TABLE, &self.claim_ref)?,
            claim_status: status,
            date: Some(self.deadline_at).filter(|d| *d != NO_DATE),
            reasons,
            actions: Vec::new(),
        };
        Ok((customer_row, dates))
    }
}

/// A row of the Completed tab: one ended claim.
#[derive(Debug, sqlx::FromRow)]
pub struct CompletedRow {
    id: i64,
    #[sqlx(flatten)]
    customer_id: StoredCustomerId,
    customer_name: Option<String>,
    friendly_name: String,
    claim_ref: String,
    status: String,
    ended_at: Option<i64>,
    #[sqlx(flatten)]
    sort: SortValue,
}

impl Paged for CompletedRow {
    fn cursor(&self) -> Cursor {
        self.sort.cursor(self.id.to_string())
    }
}

impl TryFrom<CompletedRow> for CustomerRow {
    type Error = sqlx::Error;

    fn try_from(row: CompletedRow) -> Result<Self, Self::Error> {
        Ok(CustomerRow {
            customer_id: row.customer_id.parse("claims")?,
            other_ids: Vec::new(),
            customer_name: row.customer_name.unwrap_or_default(),
            friendly_name: row.friendly_name,
            claim_ref: Some(row::claim_ref("claims", &row.claim_ref)?),
            claim_status: Some(row::parse(
                "claims",
                "status",
                &row.status,
                ClaimStatus::from_code,
            )?),
            date: row.ended_at,
            reasons: Vec::new(),
            actions: vec![RowAction::ViewClaim],
        })
    }
}

const LISTED_COLUMNS: &str =
    "r.customer_key, r.customer_id_type, r.customer_id_value, r.other_ids, r.customer_name, r.friendly_name,
     r.claim_ref, r.claim_status, r.deadline_at, r.reasons, c.created_at, c.consent_at, c.submitted_at,
     c.rejected_at";

const COMPLETED_COLUMNS: &str =
    "c.id, c.customer_id_type, c.customer_id_value, c.customer_name, c.friendly_name,
     c.claim_ref, c.status, c.ended_at";

/// One page of the Eligible or Ineligible tab for the partner (and the user's locations).
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, engagement = %query.engagement_id, tab = query.tab.code()), err(level = "warn"))]
pub async fn listed_page(
    pool: &AnyPool,
    scope: &PartnerScope,
    query: &CustomersQuery,
    size: i64,
) -> Result<RawPage<ListedRow>, sqlx::Error> {
    let walk = Walk::of(query);
    let mut sql = Sql::new("SELECT ");
    sql.push(LISTED_COLUMNS);
    walk.select(&mut sql);
    sql.push(" FROM customer_rows r");
    sql.push(" LEFT JOIN claims c ON c.claim_ref = r.claim_ref AND r.claim_ref <> ''");
    sql.push(" WHERE r.partner_id = ");
    let backend = Backend::of(pool);
    listed_filter(&mut sql, backend, scope, query.engagement_id, &query.search);
    sql.push(" AND r.tab = ").bind(query.tab.code());
    walk.order_by(&mut sql, "r.customer_key", listed_key, size);
    let rows = sql.query_as::<ListedRow>().fetch_all(pool).await?;
    Ok(finish(rows, size, walk.backward))
}

/// One page of the Completed tab for the partner (and the user's locations).
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, engagement = %query.engagement_id), err(level = "warn"))]
pub async fn completed_page(
    pool: &AnyPool,
    scope: &PartnerScope,
    query: &CustomersQuery,
    size: i64,
) -> Result<RawPage<CompletedRow>, sqlx::Error> {
    let walk = Walk::of(query);
    let mut sql = Sql::new("SELECT ");
    sql.push(COMPLETED_COLUMNS);
    walk.select(&mut sql);
    sql.push(" FROM claims c WHERE c.partner_id = ");
    completed_filter(&mut sql, scope, query.engagement_id, &query.search);
    walk.order_by(&mut sql, "c.id", completed_key, size);
    let rows = sql.query_as::<CompletedRow>().fetch_all(pool).await?;
    Ok(finish(rows, size, walk.backward))
}

#[cfg(test)]
mod tests;
