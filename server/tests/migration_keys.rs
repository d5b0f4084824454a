//! Migration 0007 on a database the first wave wrote, on both backends: every claim gets the key
//! `domain::customer_key` gives (the SQL backfill and the domain agree), a partner's earlier
//! alias duplicates stay open but are flagged, the counters are counted again per customer, and
//! the Customers page rows are rebuilt from the marks it leaves.

mod common;

use app::customers::model::Tab;
use app::customers::service::customers_page;
use app::db::Db;
use common::fixtures::{
    engagement_id, is_open_claim_refusal, nomination, scope_of, tab_query, AZ_ACCEL_DEPLOY,
    AZ_MIG_ASSESS, CONTOSO_ADMIN, LOC_PARIS, M365_COPILOT_WS, O_ADVENTURE, S_NORTHWIND,
    TPID_NORTHWIND, T_NORTHWIND,
};
use common::{state_over, Backend, TestDb};
use domain::{CustomerId, CustomerIdType};
use sqlx::Row;
use std::sync::Arc;

/// A claim as the schema before 0007 held it.
struct OldClaim {
    claim_ref: &'static str,
    engagement: &'static str,
    kind: &'static str,
    value: &'static str,
    status: &'static str,
    open: bool,
    consented: bool,
}

const OLD_CLAIMS: [OldClaim; 7] = [
    OldClaim {
        claim_ref: "C-0000000001",
        engagement: M365_COPILOT_WS,
        kind: "tenant_id",
        value: T_NORTHWIND,
        status: "awaiting_consent",
        open: true,
        consented: false,
    },
    OldClaim {
        claim_ref: "C-0000000002",
        engagement: M365_COPILOT_WS,
        kind: "domain_name",
        value: "northwind.fr",
        status: "customer_claimed",
        open: true,
        consented: false,
    },
    OldClaim {
        claim_ref: "C-0000000003",
        engagement: M365_COPILOT_WS,
        kind: "domain_name",
        value: "northwindtraders.com",
        status: "customer_claimed",
        open: true,
        consented: false,
    },
    OldClaim {
        claim_ref: "C-0000000004",
        engagement: AZ_MIG_ASSESS,
        kind: "azure_subscription_id",
        value: S_NORTHWIND,
        status: "consent_received",
        open: true,
        consented: true,
    },
    OldClaim {
        claim_ref: "C-0000000005",
        engagement: AZ_MIG_ASSESS,
        kind: "domain_name",
        value: "xn--bckerei-mnchen-5hb60b.de",
        status: "consent_received",
        open: true,
        consented: true,
    },
    OldClaim {
        claim_ref: "C-0000000006",
        engagement: AZ_ACCEL_DEPLOY,
        kind: "msx_opportunity_id",
        value: O_ADVENTURE,
        status: "consent_declined",
        open: false,
        consented: false,
    },
    OldClaim {
        claim_ref: "C-0000000007",
        engagement: AZ_MIG_ASSESS,
        kind: "domain_name",
        value: "gone.example",
        status: "consent_expired",
        open: false,
        consented: false,
    },
];

async fn write_old_claims(db: &Db, now: i64) {
    let partner: i64 = sqlx::query("SELECT id FROM partners WHERE name = 'Contoso Consulting'")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    for c in &OLD_CLAIMS {
        let engagement = engagement_id(db, c.engagement).await;
        sqlx::query(
            "INSERT INTO claims (claim_ref, partner_id, location_id, engagement_id, friendly_name, origin,
                customer_id_type, customer_id_value, contact_email, contact_name, contact_language,
                partner_contact_name, partner_contact_email, currency, status, is_open, created_at, updated_at,
                consent_at, ended_at)
             VALUES ($1, $2, '1000001', $3, 'Before the keys', 'added', $4, $5, 'it@northwindtraders.com', 'Claire',
                'fr', 'Camille', 'camille@contoso.example', 'USD', $6, $7, $8, $8, $9, $10)",
        )
        .bind(c.claim_ref)
        .bind(partner)
        .bind(engagement.get())
        .bind(c.kind)
        .bind(c.value)
        .bind(c.status)
        .bind(i64::from(c.open))
        .bind(now)
        .bind(c.consented.then_some(now))
        .bind((!c.open).then_some(now))
        .execute(&db.pool)
        .await
        .unwrap();
        if c.open {
            sqlx::query(
                "INSERT INTO claim_counters (engagement_id, customer_id_type, customer_id_value, open_count)
                 VALUES ($1, $2, $3, 1)",
            )
            .bind(engagement.get())
            .bind(c.kind)
            .bind(c.value)
            .execute(&db.pool)
            .await
            .unwrap();
        }
    }
}

async fn the_migration_keys_every_claim_as_the_domain_does(backend: Backend) {
    let test_db = TestDb::create(backend).await;
    let db = Db::connect(&test_db.url, 5).await.unwrap();
    let full = db.migrator();
    let mut before = db.migrator();
    before.migrations = full
        .migrations
        .iter()
        .filter(|m| m.version < 7)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    before.run(&db.pool).await.unwrap();
    let clock = Arc::new(app::state::OffsetClock::default());
    let now = app::state::Clock::now(clock.as_ref());
    app::db::demo::seed_before_partner_domains(&db, now)
        .await
        .unwrap();
    write_old_claims(&db, now).await;

    full.run(&db.pool).await.unwrap();

    // The SQL backfill gives each claim the key the domain gives its ID.
    let mut conn = db.pool.acquire().await.unwrap();
    for c in &OLD_CLAIMS {
        let row =
            sqlx::query("SELECT customer_key, alias_duplicate FROM claims WHERE claim_ref = $1")
                .bind(c.claim_ref)
                .fetch_one(&mut *conn)
                .await
                .unwrap();
        let id = CustomerId::parse(CustomerIdType::from_code(c.kind).unwrap(), c.value).unwrap();
        let expected = app::eligibility::repo::customer_key_of(&mut conn, &id)
            .await
            .unwrap();
        assert_eq!(
            row.try_get::<String, _>("customer_key").unwrap(),
            expected.code(),
            "{}",
            c.claim_ref
        );
        // Only the later open aliases of one customer on one engagement are flagged.
        let duplicate = matches!(c.claim_ref, "C-0000000002" | "C-0000000003");
        assert_eq!(
            row.try_get::<i64, _>("alias_duplicate").unwrap(),
            i64::from(duplicate),
            "{}",
            c.claim_ref
        );
    }
    drop(conn);
    let keyed: Vec<(String, i64)> = sqlx::query(
        "SELECT customer_key, open_count FROM claim_counters ORDER BY customer_key, open_count",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get("customer_key").unwrap(),
            r.try_get("open_count").unwrap(),
        )
    })
    .collect();
    assert_eq!(
        keyed,
        [
            ("tpid:1234567".to_owned(), 1),
            ("tpid:1234567".to_owned(), 3),
            ("tpid:4567890".to_owned(), 1)
        ]
    );

    // The rows come back from the marks: Northwind once on the Copilot workshop, with its oldest
    // open claim; and no new Northwind claim while the duplicates are open.
    let state = state_over(&db, clock);
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    let m365 = engagement_id(&db, M365_COPILOT_WS).await;
    let page = customers_page(&state, &contoso, tab_query(m365, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 1, "{:?}", page.rows);
    assert_eq!(
        page.rows[0]
            .claim_ref
            .as_ref()
            .map(domain::ClaimRef::as_str),
        Some("C-0000000001")
    );
    let again = app::claims::service::create_claims(
        &state,
        &contoso,
        nomination(LOC_PARIS, "tpid", TPID_NORTHWIND, vec![m365]),
    )
    .await;
    assert!(is_open_claim_refusal(&again.unwrap_err()));
}

backend_tests!(the_migration_keys_every_claim_as_the_domain_does);
