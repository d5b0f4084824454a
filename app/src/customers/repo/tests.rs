//! The text and the binds of the Customers page's built statements.

use super::*;
use crate::auth::guard::LocationScope;

#[test]
fn a_search_term_matches_literally() {
    assert_eq!(search::like_pattern(" North_Wind% "), "%north\\_wind\\%%");
}

#[test]
fn a_user_sees_only_its_locations_rows_and_the_rows_without_a_claim() {
    let scope = PartnerScope {
        user_id: domain::UserId::new(1),
        partner_id: domain::PartnerId::new(7),
        role: crate::auth::Role::IncentivesUser,
        locations: LocationScope::Only(vec!["1000001".into(), "1000003".into()]),
    };
    let mut sql = Sql::new("WHERE r.partner_id = ");
    listed_filter(
        &mut sql,
        Backend::Postgres,
        &scope,
        domain::EngagementId::new(3),
        "north",
    );
    assert_eq!(
        sql.text(),
        "WHERE r.partner_id = $1 AND r.engagement_id = $2 AND r.search LIKE $3 ESCAPE '\\' \
         AND (r.claim_location_id = '' OR r.claim_location_id IN ('-', $4, $5))"
    );
    assert_eq!(
        sql.binds(),
        [
            Value::Int(7),
            Value::Int(3),
            Value::Text("%north%".into()),
            Value::Text("1000001".into()),
            Value::Text("1000003".into()),
        ]
    );
}

#[test]
fn a_next_page_starts_after_the_cursor_by_sort_value_then_key() {
    let query = CustomersQuery {
        tab: Tab::Completed,
        sort: SortKey::Date,
        after: Some(
            Cursor {
                text: String::new(),
                number: 1_700_000_000,
                value: "42".into(),
            }
            .encode(),
        ),
        ..CustomersQuery::new(domain::EngagementId::new(1))
    };
    let walk = Walk::of(&query);
    let mut sql = Sql::new("…");
    walk.order_by(&mut sql, "c.id", completed_key, 50);
    assert_eq!(
        sql.text(),
        "… AND c.ended_at >= $1 AND (c.ended_at, c.id) > ($2, $3) ORDER BY c.ended_at ASC, c.id ASC LIMIT $4"
    );
    assert_eq!(
        sql.binds(),
        [
            Value::Int(1_700_000_000),
            Value::Int(1_700_000_000),
            Value::Int(42),
            Value::Int(51)
        ]
    );
}

#[test]
fn a_previous_page_walks_the_order_reversed() {
    let query = CustomersQuery {
        sort: SortKey::FriendlyName,
        descending: true,
        before: Some(
            Cursor {
                text: "north".into(),
                number: 0,
                value: "tpid:1".into(),
            }
            .encode(),
        ),
        ..CustomersQuery::new(domain::EngagementId::new(1))
    };
    let walk = Walk::of(&query);
    let mut sql = Sql::new("…");
    walk.order_by(&mut sql, "r.customer_key", listed_key, 10);
    assert_eq!(
        sql.text(),
        "… AND r.sort_friendly >= $1 AND (r.sort_friendly, r.customer_key) > ($2, $3) ORDER BY r.sort_friendly ASC, r.customer_key ASC LIMIT $4"
    );
}

#[test]
fn on_sqlite_a_search_is_narrowed_by_the_trigram_table_from_three_characters() {
    let scope = PartnerScope {
        user_id: domain::UserId::new(1),
        partner_id: domain::PartnerId::new(7),
        role: crate::auth::Role::IncentivesAdmin,
        locations: LocationScope::All,
    };
    let mut sql = Sql::new("WHERE r.partner_id = ");
    listed_filter(
        &mut sql,
        Backend::Sqlite,
        &scope,
        domain::EngagementId::new(3),
        "North",
    );
    assert_eq!(
        sql.text(),
        "WHERE r.partner_id = $1 AND r.engagement_id = $2 AND r.search LIKE $3 ESCAPE '\\' \
         AND r.rowid IN (SELECT rowid FROM customer_rows_search WHERE customer_rows_search MATCH $4)"
    );
    assert_eq!(sql.binds()[3], Value::Text("\"north\"".into()));
    let mut sql = Sql::new("WHERE r.partner_id = ");
    listed_filter(
        &mut sql,
        Backend::Sqlite,
        &scope,
        domain::EngagementId::new(3),
        "no",
    );
    assert!(!sql.text().contains("MATCH"), "{}", sql.text());
}
