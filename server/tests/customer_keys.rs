//! One customer behind every ID, on both backends: both limits count per customer whatever alias
//! was typed, the Customers page lists customers (not aliases), and its stored rows always equal
//! a full recompute once their marks are drained.

mod common;

use app::claims::service::create_claims;
use app::claims::sweeper::sweep;
use app::customers::marks::drain;
use app::customers::model::{CustomersQuery, Tab};
use app::customers::refresh::{recompute_all, stored_rows};
use app::customers::service::customers_page;
use app::db::Db;
use app::error::{AppError, Conflict};
use app::programme::import::ImportKind;
use app::programme::import_service::{import_file, Upload};
use app::state::AppState;
use common::fixtures::{
    act, count, engagement_id, is_open_claim_refusal, nomination, scope_of, tab_query, try_act,
    user_id, ClaimFixture, AZ_MIG_ASSESS, CONSENT, CONTOSO_ADMIN, CONTOSO_USER, DAY, DECLINE,
    FABRIKAM_ADMIN, LOC_PARIS, LOC_SEATTLE, M365_COPILOT_WS, PROGRAMME_REVIEWER, SEC_ENVISION,
    S_ADVENTURE, S_NORTHWIND, TPID_ADVENTURE, TPID_NORTHWIND, T_NORTHWIND,
};
use common::{seeded_state, Backend};
use domain::ClaimRef;
use domain::EngagementId;
use domain::{Actor, ClaimAction, CustomerIdType, ReasonCode, Timestamp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;

/// Every ID of Northwind Traders in the demo directory: all give the key `tpid:1234567`.
const NORTHWIND_ALIASES: [(&str, &str); 5] = [
    ("tenant_id", T_NORTHWIND),
    ("domain_name", "northwind.fr"),
    ("domain_name", "northwindtraders.com"),
    ("azure_subscription_id", S_NORTHWIND),
    ("tpid", TPID_NORTHWIND),
];

async fn sql(db: &Db, statement: &str) {
    sqlx::query(statement).execute(&db.pool).await.unwrap();
}

/// Lets an engagement take every kind of Northwind's IDs, each on its eligibility list.
async fn accept_every_alias(db: &Db, engagement: i64) {
    for kind in ["domain_name", "tenant_id", "tpid", "azure_subscription_id"] {
        sql(db, &format!("INSERT INTO engagement_id_types (engagement_id, id_type) VALUES ({engagement}, '{kind}') ON CONFLICT DO NOTHING")).await;
    }
    for (kind, value) in [
        ("tenant_id", T_NORTHWIND),
        ("tpid", TPID_NORTHWIND),
        ("azure_subscription_id", S_NORTHWIND),
    ] {
        sql(db, &format!("INSERT INTO eligibility_lists (engagement_id, id_type, id_value) VALUES ({engagement}, '{kind}', '{value}') ON CONFLICT DO NOTHING")).await;
    }
}

/// The counters equal the open claims they count, key by key.
async fn counters_match_open_claims(db: &Db) {
    let drift = count(
        db,
        "SELECT COUNT(*) FROM (
            SELECT c.engagement_id, c.customer_key FROM claims c WHERE c.is_open = 1
            GROUP BY c.engagement_id, c.customer_key
            HAVING COUNT(*) <> COALESCE((SELECT k.open_count FROM claim_counters k
                WHERE k.engagement_id = c.engagement_id AND k.customer_key = c.customer_key), -1)
         ) AS drift",
    )
    .await;
    let stray = count(
        db,
        "SELECT COUNT(*) FROM claim_counters k WHERE k.open_count <> (SELECT COUNT(*) FROM claims c
            WHERE c.is_open = 1 AND c.engagement_id = k.engagement_id AND c.customer_key = k.customer_key)",
    )
    .await;
    assert_eq!(
        (drift, stray),
        (0, 0),
        "counters must equal the open claims"
    );
}

async fn northwind_by_any_alias_is_one_customer(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let m365 = engagement_id(&db, M365_COPILOT_WS).await; // limit: 1 open claim per customer

    let first = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(M365_COPILOT_WS)
        .create()
        .await
        .claim_ref;

    // The same customer by either of its verified domains: refused, naming the claim and the
    // alias it was made with.
    for domain in ["northwind.fr", "northwindtraders.com"] {
        let refused = create_claims(
            &state,
            &contoso,
            nomination(LOC_PARIS, "domain_name", domain, vec![m365]),
        )
        .await;
        let Err(AppError::Ineligible(engagements)) = refused else {
            panic!("{domain}: refused with a reason, got {refused:?}");
        };
        // Both limits say no (the customer's one slot is this claim): the partner's own claim
        // is named.
        let reason = engagements[0]
            .reasons
            .iter()
            .find(|r| r.code == ReasonCode::PartnerAlreadyHasOpenClaim)
            .expect("the open claim named");
        assert_eq!(
            reason.message_en(),
            format!("Northwind Traders already has an open claim of yours on this engagement ({first}, made with tenant ID {T_NORTHWIND}).")
        );
    }
    // Another partner by the parent TPID: the customer's limit of 1 is taken.
    let by_tpid = create_claims(
        &state,
        &fabrikam,
        nomination(LOC_SEATTLE, "tpid", TPID_NORTHWIND, vec![m365]),
    )
    .await;
    assert!(
        matches!(
            by_tpid,
            Err(AppError::Conflict(Conflict::ActiveClaimLimitReached))
        ),
        "{by_tpid:?}"
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM claims WHERE is_open = 1 AND engagement_id = {m365}")
        )
        .await,
        1
    );
    counters_match_open_claims(&db).await;

    // The Eligible tab lists the customer once.
    let page = customers_page(&state, &contoso, tab_query(m365, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.rows[0].customer_name, "Northwind Traders");
    assert_eq!(page.rows[0].claim_ref.as_ref(), Some(&first));

    // Known by two IDs (both claims consented): still one row per engagement, shown by the
    // claim's ID, with the other ID beside it.
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let by_domain = ClaimFixture::new(&state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .create()
        .await
        .claim_ref;
    for claim_ref in [&first, &by_domain] {
        act(&state, claim_ref, &CONSENT).await;
    }
    let page = customers_page(&state, &contoso, tab_query(migration, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 1, "{:?}", page.rows);
    assert_eq!(page.rows[0].customer_id.value(), "northwind.fr");
    assert_eq!(
        page.rows[0]
            .other_ids
            .iter()
            .map(|id| id.value())
            .collect::<Vec<_>>(),
        [T_NORTHWIND]
    );
    // A search by the other ID finds the row.
    let mut search = tab_query(migration, Tab::Eligible);
    search.search = T_NORTHWIND[..8].to_owned();
    assert_eq!(
        customers_page(&state, &contoso, search)
            .await
            .unwrap()
            .rows
            .len(),
        1
    );
    // Security Envisioning accepts tenant IDs, not domains: each ID judged as given, the row is
    // eligible through the tenant ID, which Claim customer then uses.
    let security = engagement_id(&db, SEC_ENVISION).await;
    let page = customers_page(&state, &contoso, tab_query(security, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(page.rows.len(), 1, "{:?}", page.rows);
    assert_eq!(page.rows[0].customer_id.value(), T_NORTHWIND);
    assert!(
        customers_page(&state, &contoso, tab_query(security, Tab::Ineligible))
            .await
            .unwrap()
            .rows
            .is_empty()
    );
}

/// The limit is across partners: another partner's claim, by another alias, moves my row to
/// the Ineligible tab, and back when it ends.
async fn another_partners_claim_moves_my_row(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    let m365 = engagement_id(&db, M365_COPILOT_WS).await; // limit 1
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(AZ_MIG_ASSESS)
        .consented()
        .create()
        .await;
    // The customer's Accept recomputed nothing itself: it left one partner-wide mark, and the
    // Customers page rows of the other engagements wait for a drainer.
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM customer_row_marks WHERE partner_id = {} AND engagement_id = 0 AND customer_key = 'tpid:1234567'",
                contoso.partner_id
            )
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM customer_rows WHERE engagement_id = {m365}")
        )
        .await,
        0
    );
    let tab_of_northwind = |state: AppState| async move {
        drain_all(&state).await;
        let rows = stored_rows(&state.db.pool).await.unwrap();
        rows.iter()
            .find(|((p, e, k), _)| *p == contoso.partner_id && *e == m365 && k == "tpid:1234567")
            .map(|(_, v)| {
                (
                    v.eligible,
                    v.reasons
                        .iter()
                        .flat_map(|r| r.reasons.iter().map(|x| x.code))
                        .collect::<Vec<_>>(),
                )
            })
    };
    assert_eq!(tab_of_northwind(state.clone()).await, Some((true, vec![])));

    let theirs = ClaimFixture::new(&state)
        .by(FABRIKAM_ADMIN)
        .customer(CustomerIdType::DomainName, "northwindtraders.com")
        .on(M365_COPILOT_WS)
        .create()
        .await
        .claim_ref;
    assert_eq!(
        tab_of_northwind(state.clone()).await,
        Some((false, vec![ReasonCode::ActiveClaimLimitReached]))
    );
    act(&state, &theirs, &DECLINE).await;
    assert_eq!(tab_of_northwind(state.clone()).await, Some((true, vec![])));
}

/// Attempts from three users of two partners, cycling through the customer's five aliases.
async fn race(state: &AppState, engagement: i64, attempts: usize) -> (usize, std::time::Duration) {
    let db = &state.db;
    let scopes = [
        (scope_of(db, CONTOSO_ADMIN).await, LOC_PARIS),
        (scope_of(db, CONTOSO_USER).await, LOC_PARIS),
        (scope_of(db, FABRIKAM_ADMIN).await, LOC_SEATTLE),
    ];
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..attempts {
        let (scope, location) = scopes[i % scopes.len()].clone();
        let (kind, value) = NORTHWIND_ALIASES[i % NORTHWIND_ALIASES.len()];
        let state = state.clone();
        let request = nomination(location, kind, value, vec![EngagementId::new(engagement)]);
        tasks.push(tokio::spawn(async move {
            create_claims(&state, &scope, request).await
        }));
    }
    let mut created = 0;
    for task in tasks {
        match task.await.expect("no panic") {
            Ok(claims) => created += claims.len(),
            Err(error) => assert!(is_open_claim_refusal(&error), "{error:?}"),
        }
    }
    (created, started.elapsed())
}

async fn aliases_racing_from_two_partners_open_exactly_the_limit(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await; // limit 2
    let m365 = engagement_id(&db, M365_COPILOT_WS).await; // limit 1
    accept_every_alias(&db, migration.get()).await;
    accept_every_alias(&db, m365.get()).await;

    let (created, took) = race(&state, migration.get(), 200).await;
    println!("alias race, {backend:?}, limit 2: 200 attempts, {created} opened, {took:?}");
    assert_eq!(created, 2, "one per partner, within the limit of 2");
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(DISTINCT partner_id) FROM claims WHERE is_open = 1 AND engagement_id = {migration}")
        )
        .await,
        2
    );
    let (created, took) = race(&state, m365.get(), 200).await;
    println!("alias race, {backend:?}, limit 1: 200 attempts, {created} opened, {took:?}");
    assert_eq!(created, 1, "the limit of 1 across partners");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(DISTINCT customer_key) FROM claims WHERE is_open = 1"
        )
        .await,
        1,
        "every alias is one customer"
    );
    counters_match_open_claims(&db).await;
}

/// Recomputes every marked row, as the workers do.
async fn drain_all(state: &AppState) {
    let now = Timestamp::from_unix_seconds(state.clock.now());
    while drain(&state.db.pool, now, None, 500).await.unwrap() > 0 {}
}

async fn assert_rows_fresh(state: &AppState, step: usize, what: &str) {
    drain_all(state).await;
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let expected = recompute_all(&state.db.pool, now).await.unwrap();
    let stored = stored_rows(&state.db.pool).await.unwrap();
    if expected != stored {
        for key in expected.keys().chain(stored.keys()) {
            if expected.get(key) != stored.get(key) {
                panic!(
                    "step {step} ({what}): row {key:?}\n  recomputed {:?}\n  stored     {:?}",
                    expected.get(key),
                    stored.get(key)
                );
            }
        }
    }
}

/// Eligibility files the random sequence loads: each changes the verdicts of known customers.
const IMPORTS: [&str; 3] = [
    "engagement_code,id_type,id_value\nM365-COPILOT-WS,tpid,2345678\n",
    "engagement_code,id_type,id_value\nSEC-ENVISION,tenant_id,8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d\n",
    "engagement_code,id_type,id_value\nAZ-MIG-ASSESS,tenant_id,2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9\n",
];

async fn random_changes_leave_every_row_as_a_full_recompute_says(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let reviewer = user_id(&db, PROGRAMME_REVIEWER).await;
    let engagements = [
        engagement_id(&db, AZ_MIG_ASSESS).await,
        engagement_id(&db, M365_COPILOT_WS).await,
        engagement_id(&db, SEC_ENVISION).await,
    ];
    // Northwind's five aliases, and Adventure Works by two of its IDs.
    let mut ids: Vec<(&str, &str)> = NORTHWIND_ALIASES.to_vec();
    ids.push(("tpid", TPID_ADVENTURE));
    ids.push(("azure_subscription_id", S_ADVENTURE));

    let mut rng = StdRng::seed_from_u64(13);
    let mut claims: Vec<ClaimRef> = Vec::new();
    let steps = 150;
    let started = Instant::now();
    for step in 0..steps {
        let op = rng.gen_range(0..8);
        let pick = |rng: &mut StdRng, claims: &[ClaimRef]| {
            (!claims.is_empty()).then(|| claims[rng.gen_range(0..claims.len())].clone())
        };
        let what = match op {
            0 | 1 => {
                let (scope, location) = if rng.gen_bool(0.5) {
                    (&contoso, LOC_PARIS)
                } else {
                    (&fabrikam, LOC_SEATTLE)
                };
                let (kind, value) = ids[rng.gen_range(0..ids.len())];
                let engagement = engagements[rng.gen_range(0..engagements.len())];
                match create_claims(
                    &state,
                    scope,
                    nomination(location, kind, value, vec![engagement]),
                )
                .await
                {
                    Ok(created) => claims.extend(created.into_iter().map(|c| c.claim_ref)),
                    Err(AppError::Internal) => panic!("step {step}: an internal error"),
                    Err(_) => {}
                }
                "create"
            }
            2..=5 => {
                let (action, actor, what) = match op {
                    2 => (ClaimAction::SendConsent, Actor::PartnerAdmin, "send"),
                    3 if rng.gen_bool(0.7) => {
                        (ClaimAction::AcceptConsent, Actor::Customer, "accept")
                    }
                    3 => (ClaimAction::DeclineConsent, Actor::Customer, "decline"),
                    4 => (ClaimAction::Cancel, Actor::PartnerAdmin, "cancel"),
                    _ => (ClaimAction::Submit, Actor::PartnerAdmin, "submit"),
                };
                if let Some(claim_ref) = pick(&mut rng, &claims) {
                    // Refused when the status does not allow it: nothing changes, fine.
                    let _ = try_act(&state, &claim_ref, action, actor).await;
                }
                what
            }
            6 => {
                clock.advance(rng.gen_range(1..=20) * DAY);
                sweep(&state).await.unwrap();
                "expire"
            }
            _ => {
                let csv = IMPORTS[rng.gen_range(0..IMPORTS.len())];
                let upload = Upload {
                    kind: ImportKind::Eligibility,
                    file_name: "eligibility.csv".into(),
                    bytes: csv.as_bytes().to_vec(),
                };
                let now = Timestamp::from_unix_seconds(state.clock.now());
                import_file(&db.pool, reviewer, upload, now).await.unwrap();
                "import"
            }
        };
        assert_rows_fresh(&state, step, what).await;
        counters_match_open_claims(&db).await;
    }
    let took = started.elapsed();
    let ended = count(&db, "SELECT COUNT(*) FROM claims WHERE is_open = 0").await;
    println!(
        "consistency, {backend:?}: {steps} steps, {} claims ({ended} ended), {:?} per step (change, drain, full recompute, compare)",
        claims.len(),
        took / steps as u32
    );
    assert!(
        claims.len() >= 3,
        "the sequence created {} claims",
        claims.len()
    );
    // The sequence reached more than one status.
    let statuses = count(&db, "SELECT COUNT(DISTINCT status) FROM claims").await;
    assert!(statuses >= 3, "{statuses} statuses");
}

/// Changes from two partners, two workers draining and page reads draining their own
/// engagement, all at once: no drainer may leave a stale verdict behind.
async fn concurrent_changes_and_drainers_leave_no_stale_row(backend: Backend) {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let engagements = [
        engagement_id(&db, AZ_MIG_ASSESS).await,
        engagement_id(&db, M365_COPILOT_WS).await,
        engagement_id(&db, SEC_ENVISION).await,
    ];
    for e in engagements {
        accept_every_alias(&db, e.get()).await;
    }
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let done = Arc::new(AtomicBool::new(false));
    let mut background = Vec::new();
    for _ in 0..2 {
        let (state, done) = (state.clone(), done.clone());
        background.push(tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                let now = Timestamp::from_unix_seconds(state.clock.now());
                drain(&state.db.pool, now, None, 20).await.unwrap();
                tokio::task::yield_now().await;
            }
        }));
    }
    {
        let (state, done, scope) = (state.clone(), done.clone(), contoso.clone());
        background.push(tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                for e in engagements {
                    let query = CustomersQuery::new(e);
                    customers_page(&state, &scope, query).await.unwrap();
                }
            }
        }));
    }
    let mut changes = Vec::new();
    for i in 0..60 {
        let (scope, location) = if i % 2 == 0 {
            (contoso.clone(), LOC_PARIS)
        } else {
            (fabrikam.clone(), LOC_SEATTLE)
        };
        let (kind, value) = NORTHWIND_ALIASES[i % NORTHWIND_ALIASES.len()];
        let engagement = engagements[i % engagements.len()];
        let state = state.clone();
        changes.push(tokio::spawn(async move {
            let request = nomination(location, kind, value, vec![engagement]);
            let Ok(created) = create_claims(&state, &scope, request).await else {
                return;
            };
            // A step may lose a race with another task's change: refused, fine.
            for (action, actor) in CONSENT {
                let _ = try_act(&state, &created[0].claim_ref, action, actor).await;
            }
        }));
    }
    for change in changes {
        change.await.expect("no panic");
    }
    done.store(true, Ordering::Relaxed);
    for task in background {
        task.await.expect("no panic");
    }
    assert_rows_fresh(&state, 0, "after the concurrent changes").await;
    counters_match_open_claims(&db).await;
}

backend_tests!(
    another_partners_claim_moves_my_row,
    concurrent_changes_and_drainers_leave_no_stale_row,
    northwind_by_any_alias_is_one_customer,
    aliases_racing_from_two_partners_open_exactly_the_limit,
    random_changes_leave_every_row_as_a_full_recompute_says,
);
