//! The tab counts the triggers of migration 0011 keep, on both backends: after claims are
//! created at several locations, consented, declined, cancelled, expired by the sweeper, after a directory import
//! and after rows are recomputed, the kept counts equal a COUNT over the rows they count, for
//! every partner, engagement, tab and location, and the Customers page's counts (for an
//! administrator and for a user limited to some locations) equal the counts taken from the
//! rows. A search counts exactly what the LIKE alone counts, through the trigram indexes.

mod common;

use app::customers::repo;
use app::customers::service::customer_counts;
use app::db::Db;
use app::programme::import::{ImportKind, ImportOutcome};
use app::programme::import_service::{import_file, Upload};
use app::state::AppState;
use common::fixtures::{
    cancel, engagement_id, scope_of, user_id, ClaimFixture, AZ_MIG_ASSESS, CONTOSO_ADMIN,
    CONTOSO_USER, DAY, DECLINE, FABRIKAM_ADMIN, LOC_LYON, LOC_PARIS, PROGRAMME_REVIEWER,
    SEC_ENVISION, T_ADVENTURE, T_BACKEREI, T_NORTHWIND, T_TAILSPIN, T_WWI,
};
use common::{seeded_state, Backend};
use domain::{CustomerIdType, Timestamp};

type CountRow = (i64, i64, String, String, i64);

/// Every kept count that is not zero, against the same counts taken from the rows.
async fn assert_kept(db: &Db, when: &str) {
    let kept: Vec<CountRow> = sqlx::query_as(
        "SELECT partner_id, engagement_id, tab, location_id, row_count FROM customer_tab_counts
         WHERE row_count <> 0 ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let counted: Vec<CountRow> = sqlx::query_as(
        "SELECT partner_id, engagement_id, tab, claim_location_id, COUNT(*) FROM customer_rows
         GROUP BY partner_id, engagement_id, tab, claim_location_id
         UNION ALL
         SELECT partner_id, engagement_id, 'completed', location_id, COUNT(*) FROM claims
         WHERE is_open = 0 AND NOT (origin = 'added' AND status IN ('consent_declined', 'consent_expired'))
         GROUP BY partner_id, engagement_id, location_id
         ORDER BY 1, 2, 3, 4",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(kept, counted, "kept counts {when}");
}

/// The page's counts (kept) against the counts taken from the rows, for each user and each of
/// its partner's engagements.
async fn assert_page_counts(state: &AppState, db: &Db, when: &str) {
    for email in [CONTOSO_ADMIN, CONTOSO_USER, FABRIKAM_ADMIN] {
        let scope = scope_of(db, email).await;
        for engagement in repo::rows::partner_engagements(&db.pool, scope.partner_id)
            .await
            .unwrap()
        {
            let kept = customer_counts(state, &scope, engagement, "")
                .await
                .unwrap();
            let counted = repo::counted(&db.pool, &scope, engagement, "")
                .await
                .unwrap();
            assert_eq!(
                (kept.eligible, kept.ineligible, kept.completed),
                (counted.eligible, counted.ineligible, counted.completed),
                "{email} on engagement {engagement} {when}"
            );
        }
    }
}

/// Recomputes every stale row, as the worker would.
async fn drain(state: &AppState) {
    let now = Timestamp::from_unix_seconds(state.clock.now());
    app::customers::marks::drain(&state.db.pool, now, None, 10_000)
        .await
        .unwrap();
}

async fn check(state: &AppState, db: &Db, when: &str) {
    assert_kept(db, &format!("{when}, rows not yet recomputed")).await;
    drain(state).await;
    assert_kept(db, when).await;
    assert_page_counts(state, db, when).await;
}

async fn import_eligibility(state: &AppState, db: &Db, csv: &str) {
    let upload = Upload {
        kind: ImportKind::Eligibility,
        file_name: "eligibility.csv".to_owned(),
        bytes: csv.as_bytes().to_vec(),
    };
    let outcome = import_file(
        &db.pool,
        user_id(db, PROGRAMME_REVIEWER).await,
        upload,
        Timestamp::from_unix_seconds(state.clock.now()),
    )
    .await
    .unwrap();
    assert!(
        matches!(outcome, ImportOutcome::Imported { .. }),
        "{outcome:?}"
    );
}

async fn the_kept_counts_follow_every_change_of_the_rows(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    check(&state, &db, "on the demo data").await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;

    // Claims at three locations, by two partners.
    let northwind = ClaimFixture::new(&state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .at(LOC_PARIS)
        .create()
        .await;
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_WWI)
        .on(AZ_MIG_ASSESS)
        .at(LOC_LYON)
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await;
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_BACKEREI)
        .on(AZ_MIG_ASSESS)
        .at(LOC_LYON)
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await;
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(AZ_MIG_ASSESS)
        .by(FABRIKAM_ADMIN)
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await;
    check(&state, &db, "after claims are created").await;

    // A consent makes the customer known on every engagement; a cancel ends the claim.
    let tailspin = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_TAILSPIN)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@tailspintoys.com")
        .consented()
        .create()
        .await;
    check(&state, &db, "after a consent").await;
    cancel(&state, &admin, &tailspin.claim_ref).await.unwrap();
    check(&state, &db, "after a cancel").await;

    // A newly added customer who declines leaves the page: neither listed nor completed.
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_ADVENTURE)
        .on(AZ_MIG_ASSESS)
        .at(LOC_PARIS)
        .contact_email("cio@adventure-works.com")
        .then(&DECLINE)
        .create()
        .await;
    check(&state, &db, "after a decline").await;

    // A directory import puts customers on (and off) an engagement's list.
    let security = engagement_id(&db, SEC_ENVISION).await;
    import_eligibility(
        &state,
        &db,
        &format!(
            "engagement_code,id_type,id_value\n\
             {SEC_ENVISION},tenant_id,{T_TAILSPIN}\n\
             {AZ_MIG_ASSESS},tenant_id,{T_WWI}\n"
        ),
    )
    .await;
    check(&state, &db, "after an eligibility import").await;
    let known = repo::counted(&db.pool, &admin, security, "").await.unwrap();
    assert!(
        known.eligible + known.ineligible > 0,
        "the consented customer is known on Security Envisioning"
    );

    // The consent windows pass: the sweeper ends the open claims that waited for one.
    clock.advance(31 * DAY);
    app::claims::sweeper::sweep(&state).await.unwrap();
    check(&state, &db, "after the sweeper").await;

    // A row written again with the same values, and every row recomputed from scratch.
    sqlx::query("UPDATE customer_rows SET updated_at = updated_at + 1")
        .execute(&db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM customer_rows WHERE claim_ref = $1")
        .bind(northwind.claim_ref.as_str())
        .execute(&db.pool)
        .await
        .unwrap();
    assert_kept(&db, "after rows are touched and one deleted").await;
}

/// The counts of a search, taken with the LIKE alone (no trigram index).
async fn like_counts(db: &Db, partner: i64, engagement: i64, term: &str) -> (i64, i64) {
    let pattern = repo::search::like_pattern(term);
    let listed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customer_rows WHERE partner_id = $1 AND engagement_id = $2
         AND search LIKE $3 ESCAPE '\\'",
    )
    .bind(partner)
    .bind(engagement)
    .bind(&pattern)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let completed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM claims c WHERE c.partner_id = $1 AND c.engagement_id = $2
         AND c.is_open = 0 AND NOT (c.origin = 'added' AND c.status IN ('consent_declined', 'consent_expired'))
         AND LOWER(COALESCE(c.customer_name, '') || ' ' || c.customer_id_value || ' ' || c.friendly_name || ' ' || c.claim_ref) LIKE $3 ESCAPE '\\'",
    )
    .bind(partner)
    .bind(engagement)
    .bind(&pattern)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    (listed, completed)
}

async fn a_search_counts_what_the_like_alone_counts(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    for (i, tenant) in [T_NORTHWIND, T_ADVENTURE, T_WWI, T_BACKEREI]
        .iter()
        .enumerate()
    {
        ClaimFixture::new(&state)
            .customer(CustomerIdType::TenantId, tenant)
            .on(AZ_MIG_ASSESS)
            .friendly_name(format!("Wave {i} \"quoted\" 50%_off"))
            .mismatch_reason("contact_at_subsidiary")
            .create()
            .await;
    }
    // One ends, for the Completed tab.
    let tailspin = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_TAILSPIN)
        .on(AZ_MIG_ASSESS)
        .friendly_name("Wave 5 landing zone")
        .contact_email("it@tailspintoys.com")
        .consented()
        .create()
        .await;
    cancel(&state, &admin, &tailspin.claim_ref).await.unwrap();
    drain(&state).await;
    let partner = admin.partner_id.get();
    let mut found_some = false;
    for term in [
        "north",
        "NORTH",
        "wind",
        "no",
        "n",
        "wave",
        "\"quoted\"",
        "50%_",
        "%",
        "_",
        "c-",
        "zone",
        "landing zone",
        "été",
        "nothing like it",
    ] {
        let counts = repo::counts(&db.pool, &admin, migration, term)
            .await
            .unwrap();
        let (listed, completed) = like_counts(&db, partner, migration.get(), term).await;
        assert_eq!(
            (counts.eligible + counts.ineligible, counts.completed),
            (listed, completed),
            "search {term:?}"
        );
        found_some |= listed > 0 && completed > 0;
    }
    assert!(found_some, "some search matched listed and completed rows");
}

backend_tests!(
    the_kept_counts_follow_every_change_of_the_rows,
    a_search_counts_what_the_like_alone_counts,
);
