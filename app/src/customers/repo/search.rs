//! The Customers page's search: a case-insensitive substring of a row's haystack, as `LIKE
//! '%term%'` over the lower-cased haystack, with what lets the database answer it from an index
//! (migration 0011) instead of reading every row of the engagement.
//!
//! * PostgreSQL: a `pg_trgm` GIN index on `customer_rows.search`, which the planner uses for the
//!   LIKE itself.
//! * SQLite: the FTS5 `trigram` table `customer_rows_search` narrows the rows to those holding
//!   the term; the LIKE stays beside it, so what matches is exactly what the LIKE alone matched
//!   (the trigram match folds case too, so it only ever keeps more rows than the LIKE). A term
//!   shorter than 3 characters has no trigram and is left to the LIKE.

use crate::db::sql::Sql;
use crate::db::Backend;

/// The search term as it is matched: trimmed and lower-cased, as the haystacks are stored.
fn term(search: &str) -> String {
    search.trim().to_lowercase()
}

/// `%term%` for LIKE, with the wildcard characters of the term itself escaped.
pub fn like_pattern(search: &str) -> String {
    let escaped = term(search)
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// The FTS5 query that finds the term as a substring in a `trigram` table: the term as one
/// quoted string (a phrase of its trigrams), its own quotes doubled. `None` for a term of fewer
/// than 3 characters, which a trigram index cannot find.
pub fn trigram_query(search: &str) -> Option<String> {
    let term = term(search);
    (term.chars().count() >= 3).then(|| format!("\"{}\"", term.replace('"', "\"\"")))
}

/// ` AND r.search LIKE …` for a row of `customer_rows` aliased `r`, with the trigram table's
/// narrowing on SQLite. Nothing for an empty search.
pub fn listed_condition(sql: &mut Sql, backend: Backend, search: &str) {
    if search.trim().is_empty() {
        return;
    }
    sql.push(" AND r.search LIKE ")
        .bind(like_pattern(search))
        .push(" ESCAPE '\\'");
    if let (Backend::Sqlite, Some(query)) = (backend, trigram_query(search)) {
        sql.push(
            " AND r.rowid IN (SELECT rowid FROM customer_rows_search WHERE customer_rows_search MATCH ",
        )
        .bind(query)
        .push(")");
    }
}

/// The Completed tab's haystack of a claim aliased `c`, as `claims_completed_search` indexes it.
pub const COMPLETED_HAYSTACK: &str = "LOWER(COALESCE(c.customer_name, '') || ' ' || c.customer_id_value || ' ' || c.friendly_name || ' ' || c.claim_ref)";

/// ` AND <haystack> LIKE …` for a claim aliased `c`. Nothing for an empty search.
pub fn completed_condition(sql: &mut Sql, search: &str) {
    if search.trim().is_empty() {
        return;
    }
    sql.push(" AND ")
        .push(COMPLETED_HAYSTACK)
        .push(" LIKE ")
        .bind(like_pattern(search))
        .push(" ESCAPE '\\'");
}

/// How the Completed tab's count under a search reads `claims`: from `claims_completed_search`,
/// which holds what the haystack is made of, not from the table. PostgreSQL's planner takes it
/// (an index-only scan); SQLite's, counting the equalities, would rather take `claims_completed`
/// and read every claim of the engagement from the table, so it is named.
pub fn completed_count_source(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => {
            " FROM claims c INDEXED BY claims_completed_search WHERE c.partner_id = "
        }
        Backend::Postgres => " FROM claims c WHERE c.partner_id = ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_is_matched_as_typed_whatever_it_holds() {
        assert_eq!(like_pattern("  50%_Off\\ "), "%50\\%\\_off\\\\%");
        assert_eq!(trigram_query(" Harbor "), Some("\"harbor\"".to_owned()));
        assert_eq!(
            trigram_query("say \"hi\""),
            Some("\"say \"\"hi\"\"\"".to_owned())
        );
        // Characters, not bytes: "été" has three.
        assert_eq!(trigram_query("été"), Some("\"été\"".to_owned()));
        assert_eq!(trigram_query("ab"), None);
        assert_eq!(trigram_query("  a "), None);
    }
}
