//! The schema, the demo data and the repository functions, on both backends.

mod common;

use app::auth::Role;
use app::db::session_store::DbSessionStore;
use common::fixtures::{
    count, engagement_id, scope_of, user_id, AZ_MIG_ASSESS, CONTOSO_ADMIN, CONTOSO_USER,
    LOC_MONTREAL, LOC_PARIS,
};
use common::{seeded_db, seeded_state, Backend, TestDb};
use sqlx::Row;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{ExpiredDeletion, SessionStore};

async fn migrations_run_twice_without_harm(backend: Backend) {
    let test_db = TestDb::create(backend).await;
    let db = test_db.connect().await;
    db.migrate()
        .await
        .expect("a second migration run is a no-op");
    assert!(app::db::demo::is_empty(&db).await.unwrap());
}

async fn the_demo_data_covers_both_partners_and_every_role(backend: Backend) {
    let (_guard, db, _clock) = seeded_db(backend).await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM partners").await, 2);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM engagements").await, 7);
    // The directory and the eligibility lists come through the import (its checks and its
    // writes), without the import's log: the demo is nobody's upload.
    for (table, rows) in [
        ("directory_tenants", 8),
        ("directory_tenant_domains", 9),
        ("directory_tpids", 5),
        ("directory_tpid_tenants", 7),
        ("directory_subscriptions", 4),
        ("directory_opportunities", 5),
        ("eligibility_lists", 35),
        ("imports", 0),
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        assert_eq!(count(&db, &sql).await, rows, "{table}");
    }
    let roles: Vec<String> = sqlx::query("SELECT DISTINCT role FROM users ORDER BY role")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("role").unwrap())
        .collect();
    assert_eq!(roles.len(), Role::ALL.len());
    let variable = count(
        &db,
        "SELECT COUNT(*) FROM engagements WHERE payment_type = 'variable'",
    )
    .await;
    assert_eq!(variable, 2);
    // Seeding twice is refused: demo data goes only into an empty database.
    assert!(app::db::demo::seed(&db, 0).await.is_err());
}

async fn the_schema_refuses_inconsistent_users(backend: Backend) {
    let (_guard, db, _clock) = seeded_db(backend).await;
    let insert = |email: &'static str, role: &'static str, partner: Option<i64>| {
        let pool = db.pool.clone();
        async move {
            sqlx::query("INSERT INTO users (partner_id, email, display_name, password_hash, role, created_at) VALUES ($1, $2, 'X', 'h', $3, 0)")
                .bind(partner)
                .bind(email)
                .bind(role)
                .execute(&pool)
                .await
        }
    };
    assert!(
        insert("a@x.example", "programme_reviewer", Some(1))
            .await
            .is_err(),
        "a reviewer belongs to no partner"
    );
    assert!(
        insert("b@x.example", "incentives_admin", None)
            .await
            .is_err(),
        "a partner role needs a partner"
    );
    assert!(
        insert("c@x.example", "superuser", Some(1)).await.is_err(),
        "unknown roles are refused"
    );
    assert!(
        insert(CONTOSO_ADMIN, "incentives_user", Some(1))
            .await
            .is_err(),
        "e-mail addresses are unique"
    );
    assert!(insert("d@x.example", "incentives_user", Some(1))
        .await
        .is_ok());
}

async fn principals_carry_only_their_own_partners_locations(backend: Backend) {
    let (_guard, db, _clock) = seeded_db(backend).await;
    let user = user_id(&db, CONTOSO_USER).await;
    // A grant that points at another partner's location must not widen the scope.
    sqlx::query("INSERT INTO user_locations (user_id, location_id) VALUES ($1, '2000001')")
        .bind(user.get())
        .execute(&db.pool)
        .await
        .unwrap();
    let principal = app::auth::repo::load_principal(&db.pool, user)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(principal.role, Role::IncentivesUser);
    assert_eq!(principal.granted_locations, [LOC_PARIS, LOC_MONTREAL]);
    assert!(
        app::auth::repo::load_principal(&db.pool, domain::UserId::new(999_999))
            .await
            .unwrap()
            .is_none()
    );
}

async fn sign_in_failures_are_counted_per_account_and_address(backend: Backend) {
    let (_guard, db, _clock) = seeded_db(backend).await;
    use app::auth::repo::{
        admit_attempt, clear_account_failures, count_failures, purge_failures_before,
        record_attempt,
    };
    record_attempt(&db.pool, "a@x", "1.1.1.1", 100)
        .await
        .unwrap();
    record_attempt(&db.pool, "a@x", "2.2.2.2", 200)
        .await
        .unwrap();
    record_attempt(&db.pool, "b@x", "1.1.1.1", 300)
        .await
        .unwrap();
    // Over the account's limit (1): refused, and rolled back, so it is never counted.
    assert!(!admit_attempt(&db.pool, "a@x", "1.1.1.1", 250, 0, (1, 30))
        .await
        .unwrap());
    assert_eq!(
        count_failures(&db.pool, "a@x", "1.1.1.1", 0).await.unwrap(),
        (2, 2)
    );
    assert_eq!(
        count_failures(&db.pool, "a@x", "1.1.1.1", 150)
            .await
            .unwrap(),
        (1, 1)
    );
    clear_account_failures(&db.pool, "a@x").await.unwrap();
    assert_eq!(
        count_failures(&db.pool, "a@x", "1.1.1.1", 0).await.unwrap(),
        (0, 1)
    );
    assert_eq!(purge_failures_before(&db.pool, 300).await.unwrap(), 1);
}

async fn sessions_are_stored_loaded_and_expired(backend: Backend) {
    let (_guard, db, _clock) = seeded_db(backend).await;
    let store = DbSessionStore::new(db.pool.clone());
    let mut record = Record {
        id: Id::default(),
        data: [("user_id".to_owned(), serde_json::json!(42))]
            .into_iter()
            .collect(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    store.create(&mut record).await.unwrap();
    let loaded = store
        .load(&record.id)
        .await
        .unwrap()
        .expect("the session is there");
    assert_eq!(loaded.data["user_id"], 42);

    record
        .data
        .insert("user_id".to_owned(), serde_json::json!(43));
    store.save(&record).await.unwrap();
    assert_eq!(
        store.load(&record.id).await.unwrap().unwrap().data["user_id"],
        43
    );

    let mut stale = Record {
        id: Id::default(),
        data: Default::default(),
        expiry_date: time::OffsetDateTime::now_utc() - time::Duration::seconds(1),
    };
    store.create(&mut stale).await.unwrap();
    assert!(
        store.load(&stale.id).await.unwrap().is_none(),
        "an expired session does not load"
    );
    store.delete_expired().await.unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM sessions").await, 1);
    store.delete(&record.id).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
    // Saving a session that was ended meanwhile does not bring it back.
    store.save(&record).await.unwrap();
    assert!(store.load(&record.id).await.unwrap().is_none());
}

/// Each session names its user, so that all of one user's sessions end at once and no other's.
async fn every_session_of_one_user_ends_at_once(backend: Backend) {
    let (_guard, db, _clock) = seeded_db(backend).await;
    let store = DbSessionStore::new(db.pool.clone());
    let session_of = |user: Option<i64>| Record {
        id: Id::default(),
        data: user
            .map(|u| ("user_id".to_owned(), serde_json::json!(u)))
            .into_iter()
            .collect(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::hours(1),
    };
    let mut records = [
        session_of(Some(7)),
        session_of(Some(7)),
        session_of(Some(7)),
        session_of(Some(8)),
        session_of(None),
    ];
    for record in &mut records {
        store.create(record).await.unwrap();
    }
    let seven = domain::UserId::new(7);
    let kept = app::db::session_store::end_sessions_of(&db.pool, seven, Some(&records[0].id))
        .await
        .unwrap();
    assert_eq!(kept, 2, "all but the one kept");
    assert!(store.load(&records[0].id).await.unwrap().is_some());
    assert_eq!(
        app::db::session_store::end_sessions_of(&db.pool, seven, None)
            .await
            .unwrap(),
        1
    );
    for (i, alive) in [(0, false), (1, false), (2, false), (3, true), (4, true)] {
        assert_eq!(
            store.load(&records[i].id).await.unwrap().is_some(),
            alive,
            "session {i}"
        );
    }
}

async fn the_demo_claims_cover_every_state_of_the_life_cycle(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    app::db::demo::seed_claims(&state)
        .await
        .expect("the demo claims load");
    let statuses: Vec<String> = sqlx::query("SELECT DISTINCT status FROM claims ORDER BY status")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get("status").unwrap())
        .collect();
    let mut every: Vec<&str> = domain::ClaimStatus::ALL.iter().map(|s| s.code()).collect();
    every.sort();
    assert_eq!(statuses, every);
    // Every tab of the main engagement has something to show.
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let counts = app::customers::service::customer_counts(&state, &scope, migration, "")
        .await
        .unwrap();
    assert!(
        counts.eligible > 0 && counts.ineligible > 0 && counts.completed > 0,
        "{counts:?}"
    );
}

backend_tests!(
    the_demo_claims_cover_every_state_of_the_life_cycle,
    migrations_run_twice_without_harm,
    the_demo_data_covers_both_partners_and_every_role,
    the_schema_refuses_inconsistent_users,
    principals_carry_only_their_own_partners_locations,
    sign_in_failures_are_counted_per_account_and_address,
    sessions_are_stored_loaded_and_expired,
    every_session_of_one_user_ends_at_once,
);
