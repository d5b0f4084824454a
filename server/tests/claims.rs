//! Claims on both backends: the rules as the server applies them, the limits under
//! concurrency, transitions, and the deadline sweeper.

mod common;

use app::claims::service::{claim_detail, create_claims};
use app::claims::sweeper::sweep;
use app::components::messages::field_message;
use app::eligibility::repo::evaluate;
use app::error::AppError;
use app::i18n::Locale;
use common::fixtures::{
    cancel, count, engagement_id, is_open_claim_refusal, nomination, scope_of, ClaimFixture,
    AZ_ACCEL_DEPLOY, AZ_MIG_ASSESS, BIZAPPS_ASSESS, CONTOSO_ADMIN, CONTOSO_USER, DAY,
    FABRIKAM_ADMIN, LOC_BRUXELLES, LOC_LYON, LOC_MONTREAL, LOC_PARIS, LOC_SEATTLE, M365_COPILOT_WS,
    MW_WS_2025, O_ADVENTURE, O_PROSEWARE, S_PROSEWARE, TPID_ADVENTURE, TPID_NORTHWIND, T_ADVENTURE,
    T_NORTHWIND, T_PROSEWARE, T_TAILSPIN, T_WWI,
};
use common::{seeded_state, Backend};
use domain::EngagementId;
use domain::{
    ClaimAction, ClaimStatus, CustomerId, CustomerIdType, LocationId, ReasonCode, Timestamp,
};

/// The reason codes the server finds for a (location, engagement code, ID) of Contoso.
async fn reasons(
    db: &app::db::Db,
    now: i64,
    location: &str,
    code: &str,
    kind: CustomerIdType,
    value: &str,
) -> Vec<&'static str> {
    let engagement =
        app::engagements::repo::load_engagement(&db.pool, engagement_id(db, code).await)
            .await
            .unwrap()
            .unwrap();
    let scope = scope_of(db, CONTOSO_ADMIN).await;
    let id = CustomerId::parse(kind, value).unwrap();
    let location = LocationId::parse(location).unwrap();
    let mut conn = db.pool.acquire().await.unwrap();
    let key = app::eligibility::repo::customer_key_of(&mut conn, &id)
        .await
        .unwrap();
    let (verdict, _) = evaluate(
        &mut conn,
        scope.partner_id,
        &location,
        &engagement,
        &id,
        &key,
        Timestamp::from_unix_seconds(now),
    )
    .await
    .unwrap()
    .expect("a Contoso location");
    verdict.reasons.iter().map(|r| r.code.code()).collect()
}

async fn every_eligibility_reason_comes_from_the_demo_data(backend: Backend) {
    use CustomerIdType::*;
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let now = app::state::Clock::now(clock.as_ref());
    let none: Vec<&str> = Vec::new();
    let cases: Vec<(&str, &str, CustomerIdType, &str, Vec<&str>)> = vec![
        (
            LOC_PARIS,
            AZ_MIG_ASSESS,
            TenantId,
            T_NORTHWIND,
            none.clone(),
        ),
        // A domain is resolved to its tenant, and the tenant is checked (IDN included).
        (
            LOC_PARIS,
            AZ_MIG_ASSESS,
            DomainName,
            "Northwind.FR",
            none.clone(),
        ),
        (
            LOC_PARIS,
            AZ_MIG_ASSESS,
            DomainName,
            "bäckerei-münchen.de",
            none.clone(),
        ),
        (
            LOC_BRUXELLES,
            AZ_MIG_ASSESS,
            TenantId,
            T_NORTHWIND,
            vec!["location_not_enrolled"],
        ),
        (
            LOC_MONTREAL,
            AZ_MIG_ASSESS,
            TenantId,
            T_NORTHWIND,
            vec!["location_not_eligible"],
        ),
        (
            LOC_BRUXELLES,
            M365_COPILOT_WS,
            TenantId,
            T_NORTHWIND,
            vec!["location_not_enrolled", "location_not_eligible"],
        ),
        (
            LOC_PARIS,
            MW_WS_2025,
            TenantId,
            T_NORTHWIND,
            vec!["engagement_not_open"],
        ),
        (
            LOC_PARIS,
            BIZAPPS_ASSESS,
            Tpid,
            TPID_NORTHWIND,
            vec!["engagement_not_open"],
        ),
        (
            LOC_PARIS,
            AZ_MIG_ASSESS,
            Tpid,
            TPID_NORTHWIND,
            vec!["id_type_not_accepted", "not_on_eligibility_list"],
        ),
        (
            LOC_PARIS,
            AZ_ACCEL_DEPLOY,
            TenantId,
            T_NORTHWIND,
            vec!["id_type_not_accepted", "not_on_eligibility_list"],
        ),
        (
            LOC_PARIS,
            AZ_MIG_ASSESS,
            DomainName,
            "unknown-customer.example",
            vec!["customer_unknown"],
        ),
        (
            LOC_PARIS,
            AZ_ACCEL_DEPLOY,
            MsxOpportunityId,
            "7-ZZZZZZZZZZ",
            vec!["customer_unknown"],
        ),
        (
            LOC_PARIS,
            AZ_MIG_ASSESS,
            TenantId,
            T_PROSEWARE,
            vec!["not_on_eligibility_list"],
        ),
        // No cascade: Adventure Works' tenant is listed for M365, its parent TPID is not.
        (
            LOC_PARIS,
            M365_COPILOT_WS,
            TenantId,
            T_ADVENTURE,
            none.clone(),
        ),
        (
            LOC_PARIS,
            M365_COPILOT_WS,
            Tpid,
            TPID_ADVENTURE,
            vec!["not_on_eligibility_list"],
        ),
        // ... nor from a subscription to its tenant (Proseware's subscription is unlisted).
        (
            LOC_PARIS,
            AZ_MIG_ASSESS,
            AzureSubscriptionId,
            S_PROSEWARE,
            vec!["not_on_eligibility_list"],
        ),
        (
            LOC_PARIS,
            AZ_ACCEL_DEPLOY,
            MsxOpportunityId,
            "7-ww2h6j8k4c",
            vec!["opportunity_closed"],
        ),
        (
            LOC_PARIS,
            AZ_ACCEL_DEPLOY,
            MsxOpportunityId,
            O_ADVENTURE,
            none.clone(),
        ),
        (
            LOC_MONTREAL,
            AZ_ACCEL_DEPLOY,
            MsxOpportunityId,
            O_PROSEWARE,
            vec!["location_not_eligible", "not_on_eligibility_list"],
        ),
    ];
    for (location, code, kind, value, expected) in cases {
        assert_eq!(
            reasons(&db, now, location, code, kind, value).await,
            expected,
            "{location} {code} {value}"
        );
    }

    // The two claim-count reasons need claims: Fabrikam takes Adventure Works' one M365 slot,
    // and Contoso's own claim on Northwind makes a second one its duplicate.
    ClaimFixture::new(&state)
        .by(FABRIKAM_ADMIN)
        .customer(TenantId, T_ADVENTURE)
        .on(M365_COPILOT_WS)
        .contact_email("cio@adventure-works.com")
        .create()
        .await;
    assert_eq!(
        reasons(&db, now, LOC_PARIS, M365_COPILOT_WS, TenantId, T_ADVENTURE).await,
        ["active_claim_limit_reached"]
    );

    ClaimFixture::new(&state)
        .customer(TenantId, T_NORTHWIND)
        .on(AZ_MIG_ASSESS)
        .create()
        .await;
    assert_eq!(
        reasons(&db, now, LOC_PARIS, AZ_MIG_ASSESS, TenantId, T_NORTHWIND).await,
        ["partner_already_has_open_claim"]
    );
    // The limits are about the customer: the same customer by one of its domains is the same
    // customer, already claimed.
    assert_eq!(
        reasons(
            &db,
            now,
            LOC_PARIS,
            AZ_MIG_ASSESS,
            DomainName,
            "northwind.fr"
        )
        .await,
        ["partner_already_has_open_claim"]
    );
}

async fn a_new_claim_starts_its_history_and_consent_deadline(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let m365 = engagement_id(&db, M365_COPILOT_WS).await;
    let created = create_claims(
        &state,
        &scope,
        nomination(
            LOC_PARIS,
            "domain_name",
            "northwind.fr",
            vec![m365, migration],
        ),
    )
    .await
    .unwrap();
    assert_eq!(created.len(), 2, "one claim per engagement");
    assert!(created
        .iter()
        .all(|c| c.claim_ref.as_str().starts_with("C-")));

    let detail = claim_detail(&state, &scope, &created[0].claim_ref)
        .await
        .unwrap();
    assert_eq!(detail.status, ClaimStatus::CustomerClaimed);
    assert_eq!(detail.customer_id.value(), "northwind.fr");
    assert_eq!(detail.resolved_tenant_id.as_deref(), Some(T_NORTHWIND));
    assert_eq!(detail.customer_name.as_deref(), Some("Northwind Traders"));
    assert_eq!(detail.contact_phone.as_deref(), Some("+33123456789"));
    let window = if detail.engagement_id == m365 { 14 } else { 30 };
    let deadline = detail.deadline.expect("a consent deadline");
    assert_eq!(deadline.at.unix_seconds(), detail.created_at + window * DAY);
    assert_eq!(detail.events.len(), 1);
    assert_eq!(detail.events[0].action, "create");
    assert_eq!(
        detail.events[0].actor_name.as_deref(),
        Some("Camille Martin")
    );
    assert!(detail.available_actions.contains(&ClaimAction::SendConsent));
    assert!(detail.available_actions.contains(&ClaimAction::Cancel));
    assert_eq!(
        detail.proposed_payment.as_ref().map(|m| m.cents),
        Some(if detail.engagement_id == m365 {
            350_000
        } else {
            500_000
        })
    );
}

async fn bad_input_names_each_field(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let mut request = nomination("12345", "tenant_id", "not-a-guid", vec![]);
    request.friendly_name = "  x ".into();
    request.contacts.contact_email = "nobody".into();
    request.contacts.contact_language = "de".into();
    let Err(AppError::Validation(errors)) = create_claims(&state, &scope, request).await else {
        panic!("a validation error");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "friendly_name",
            "location_id",
            "customer_id_value",
            "engagement_ids",
            "contact_email",
            "contact_language"
        ]
    );
    assert!(errors
        .iter()
        .find(|e| e.field == "customer_id_value")
        .map(|e| field_message(Locale::en, e))
        .unwrap()
        .contains("32 hexadecimal digits"));

    // A location of another partner, or one not granted to an Incentives user, is refused.
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let foreign = create_claims(
        &state,
        &scope,
        nomination(LOC_SEATTLE, "tenant_id", T_NORTHWIND, vec![migration]),
    )
    .await;
    assert!(
        matches!(foreign, Err(AppError::Validation(ref e)) if e[0].field == "location_id"),
        "{foreign:?}"
    );
    let user = scope_of(&db, CONTOSO_USER).await;
    let ungranted = create_claims(
        &state,
        &user,
        nomination(LOC_LYON, "tenant_id", T_NORTHWIND, vec![migration]),
    )
    .await;
    assert!(
        matches!(ungranted, Err(AppError::Validation(ref e)) if e[0].code() == "not_allowed"),
        "{ungranted:?}"
    );
}

async fn an_ineligible_customer_is_refused_with_every_reason(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let closed = engagement_id(&db, MW_WS_2025).await;
    let refused = create_claims(
        &state,
        &scope,
        nomination(LOC_PARIS, "tenant_id", T_PROSEWARE, vec![migration, closed]),
    )
    .await;
    let Err(AppError::Ineligible(engagements)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(engagements.len(), 2);
    let codes = |id: i64| -> Vec<ReasonCode> {
        engagements
            .iter()
            .find(|e| e.engagement_id == EngagementId::new(id))
            .unwrap()
            .reasons
            .iter()
            .map(|r| r.code)
            .collect()
    };
    assert_eq!(codes(migration.get()), [ReasonCode::NotOnEligibilityList]);
    assert_eq!(
        codes(closed.get()),
        [
            ReasonCode::EngagementNotOpen,
            ReasonCode::NotOnEligibilityList
        ]
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM claims").await,
        0,
        "nothing half-created"
    );
}

async fn a_variable_payment_is_computed_and_its_hours_checked(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let accelerate = engagement_id(&db, AZ_ACCEL_DEPLOY).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;

    let mut request = nomination(
        LOC_PARIS,
        "msx_opportunity_id",
        "7-3fs2xqbwao",
        vec![accelerate],
    );
    request.hours = Some(500);
    let refused = create_claims(&state, &scope, request.clone()).await;
    assert!(
        matches!(refused, Err(AppError::Validation(ref e)) if e[0].field == "hours" && e[0].code() == "hours_out_of_range"),
        "{refused:?}"
    );
    request.hours = None;
    assert!(
        matches!(create_claims(&state, &scope, request.clone()).await, Err(AppError::Validation(ref e)) if e[0].field == "hours")
    );
    request.engagement_ids = vec![accelerate, migration];
    request.hours = Some(100);
    assert!(matches!(
        create_claims(&state, &scope, request.clone()).await,
        Err(AppError::Validation(_)) | Err(AppError::Ineligible(_))
    ));

    request.engagement_ids = vec![accelerate];
    let created = create_claims(&state, &scope, request).await.unwrap();
    let detail = claim_detail(&state, &scope, &created[0].claim_ref)
        .await
        .unwrap();
    // min(100 h × 150.00 (band A), 250 000.00 × 10 %, 50 000.00) = 15 000.00
    assert_eq!(detail.hours, Some(100));
    assert_eq!(
        detail.proposed_payment,
        Some(domain::Money::new(1_500_000, "USD"))
    );
    assert_eq!(detail.customer_id.value(), "7-3FS2XQBWAO");
}

async fn a_contact_outside_the_tenants_domains_needs_a_reason(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let mut request = nomination(LOC_PARIS, "tenant_id", T_NORTHWIND, vec![migration]);
    request.contacts.contact_email = "claire.dubois@gmail.com".into();
    let refused = create_claims(&state, &scope, request.clone()).await;
    assert!(
        matches!(refused, Err(AppError::Validation(ref e)) if e[0].field == "mismatch_reason"),
        "{refused:?}"
    );
    request.contacts.mismatch_reason = "other".into();
    let refused = create_claims(&state, &scope, request.clone()).await;
    assert!(
        matches!(refused, Err(AppError::Validation(ref e)) if e[0].field == "mismatch_details"),
        "{refused:?}"
    );
    request.contacts.mismatch_details =
        "The IT director uses a personal address during the merger.".into();
    let created = create_claims(&state, &scope, request).await.unwrap();
    let detail = claim_detail(&state, &scope, &created[0].claim_ref)
        .await
        .unwrap();
    assert_eq!(detail.mismatch_reason.as_deref(), Some("other"));
    // A subdomain of a verified domain is not a mismatch; nor is any contact for a domain ID.
    let mut request = nomination(LOC_PARIS, "tenant_id", T_ADVENTURE, vec![migration]);
    request.contacts.contact_email = "it@emea.adventure-works.com".into();
    assert!(create_claims(&state, &scope, request).await.is_ok());
}

async fn a_repeated_request_creates_the_claims_once(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let request = nomination(LOC_PARIS, "tenant_id", T_NORTHWIND, vec![migration]);
    let (first, second) = tokio::join!(
        create_claims(&state, &scope, request.clone()),
        create_claims(&state, &scope, request.clone())
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(
        first.iter().map(|c| &c.claim_ref).collect::<Vec<_>>(),
        second.iter().map(|c| &c.claim_ref).collect::<Vec<_>>()
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM claims").await, 1);
}

async fn two_hundred_racing_attempts_open_exactly_what_the_rules_allow(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await; // limit: 2 open claims per customer
    let contoso_admin = scope_of(&db, CONTOSO_ADMIN).await;
    let contoso_user = scope_of(&db, CONTOSO_USER).await;
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let mut attempts = Vec::new();
    for i in 0..200 {
        let (scope, location) = match i % 3 {
            0 => (contoso_admin.clone(), LOC_PARIS),
            1 => (contoso_user.clone(), LOC_PARIS),
            _ => (fabrikam.clone(), LOC_SEATTLE),
        };
        let state = state.clone();
        let request = nomination(location, "tenant_id", T_NORTHWIND, vec![migration]);
        attempts.push(tokio::spawn(async move {
            create_claims(&state, &scope, request).await
        }));
    }
    let mut created = 0;
    for attempt in attempts {
        match attempt.await.expect("no panic") {
            Ok(claims) => created += claims.len(),
            Err(error) => assert!(is_open_claim_refusal(&error), "{error:?}"),
        }
    }
    assert_eq!(created, 2, "one per partner, within the limit of 2");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(DISTINCT partner_id) FROM claims WHERE is_open = 1"
        )
        .await,
        2
    );
    assert_eq!(count(&db, "SELECT open_count FROM claim_counters").await, 2);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM claim_events").await, 2);

    // The limit holds across partners: on M365 (limit 1) only one partner gets the customer.
    let m365 = engagement_id(&db, M365_COPILOT_WS).await;
    let mut attempts = Vec::new();
    for i in 0..40 {
        let (scope, location) = if i % 2 == 0 {
            (contoso_admin.clone(), LOC_PARIS)
        } else {
            (fabrikam.clone(), LOC_SEATTLE)
        };
        let state = state.clone();
        let request = nomination(location, "tenant_id", T_NORTHWIND, vec![m365]);
        attempts.push(tokio::spawn(async move {
            create_claims(&state, &scope, request).await
        }));
    }
    let mut created = 0;
    for attempt in attempts {
        match attempt.await.expect("no panic") {
            Ok(_) => created += 1,
            Err(error) => assert!(is_open_claim_refusal(&error), "{error:?}"),
        }
    }
    assert_eq!(created, 1);
}

async fn cancel_ends_a_claim_and_frees_the_customer(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let northwind = || {
        ClaimFixture::new(&state)
            .customer(CustomerIdType::TenantId, T_NORTHWIND)
            .on(M365_COPILOT_WS)
    };
    let claim = northwind().create().await.claim_ref;

    // Two cancels racing: one wins, the other is refused; one event.
    let (a, b) = tokio::join!(
        cancel(&state, &scope, &claim),
        cancel(&state, &scope, &claim)
    );
    assert_eq!(
        [a.is_ok(), b.is_ok()].iter().filter(|ok| **ok).count(),
        1,
        "{a:?} {b:?}"
    );
    let detail = claim_detail(&state, &scope, &claim).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::Canceled);
    assert!(detail.ended_at.is_some());
    assert_eq!(
        detail
            .events
            .iter()
            .filter(|e| e.action == "cancel")
            .count(),
        1
    );
    assert!(detail.available_actions.is_empty());
    let again = cancel(&state, &scope, &claim).await;
    assert!(matches!(again, Err(AppError::NotAllowed(_))), "{again:?}");
    // The slot is free again: the same customer can be nominated anew (a fresh request).
    assert!(northwind().try_create().await.is_ok());
}

async fn another_partners_claim_does_not_exist_for_you(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let user = scope_of(&db, CONTOSO_USER).await;
    let claim = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(AZ_MIG_ASSESS)
        .at(LOC_LYON)
        .create()
        .await
        .claim_ref;
    assert_eq!(
        claim_detail(&state, &fabrikam, &claim).await.unwrap_err(),
        AppError::NotFound
    );
    assert_eq!(
        cancel(&state, &fabrikam, &claim).await.unwrap_err(),
        AppError::NotFound
    );
    // An Incentives user sees only the claims of its granted locations (1000002 is not one).
    assert_eq!(
        claim_detail(&state, &user, &claim).await.unwrap_err(),
        AppError::NotFound
    );
    assert!(app::claims::service::list_claims(&state, &fabrikam, None)
        .await
        .unwrap()
        .is_empty());
    assert!(app::claims::service::list_claims(&state, &user, None)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        app::claims::service::list_claims(&state, &contoso, None)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        claim_detail(&state, &contoso, &"C-0000000000".parse().unwrap())
            .await
            .unwrap_err(),
        AppError::NotFound
    );
}

/// The list's limit counts only claims the user may see: with a limit of one, an Incentives user
/// gets its own location's claim, not nothing because another location's is newer.
async fn the_claim_list_limit_counts_only_the_users_locations(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let user = scope_of(&db, CONTOSO_USER).await;
    let paris = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_ADVENTURE)
        .on(AZ_MIG_ASSESS)
        .at(LOC_PARIS)
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await
        .claim_ref;
    clock.advance(60);
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(AZ_MIG_ASSESS)
        .at(LOC_LYON)
        .create()
        .await;
    let listed =
        app::claims::repo::list_claims(&db.pool, user.partner_id, &user.locations, None, 1)
            .await
            .unwrap();
    let refs: Vec<_> = listed.iter().map(|(s, _)| s.claim_ref.clone()).collect();
    assert_eq!(refs, [paris]);
}

async fn two_sweepers_expire_each_claim_exactly_once(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    let tenants = [T_NORTHWIND, T_ADVENTURE, T_TAILSPIN, T_WWI];
    let mut refs = Vec::new();
    for tenant in tenants {
        for by in [CONTOSO_ADMIN, FABRIKAM_ADMIN] {
            let claim = ClaimFixture::new(&state)
                .by(by)
                .customer(CustomerIdType::TenantId, tenant)
                .on(AZ_MIG_ASSESS)
                .mismatch_reason("contact_at_subsidiary")
                .create()
                .await;
            refs.push(claim);
        }
    }
    let claim = ClaimFixture::new(&state)
        .customer(CustomerIdType::Tpid, TPID_NORTHWIND)
        .on(M365_COPILOT_WS)
        .contact_email("it@northwindtraders.com")
        .create()
        .await;
    refs.push(claim);
    assert_eq!(refs.len(), 9);

    // Nothing is due yet.
    assert_eq!(sweep(&state).await.unwrap(), 0);
    // 15 days later only the M365 claim (14-day window) has expired.
    clock.advance(15 * DAY);
    assert_eq!(sweep(&state).await.unwrap(), 1);
    clock.advance(16 * DAY);
    let (a, b) = tokio::join!(sweep(&state), sweep(&state));
    assert_eq!(
        a.unwrap() + b.unwrap(),
        8,
        "together the two sweepers expire the eight left, each once"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM claims WHERE status = 'consent_expired'"
        )
        .await,
        9
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM claim_events WHERE action = 'expire_consent' AND actor = 'system'").await, 9);
    assert_eq!(
        count(
            &db,
            "SELECT CAST(COALESCE(SUM(open_count), 0) AS BIGINT) FROM claim_counters"
        )
        .await,
        0
    );
    assert_eq!(
        sweep(&state).await.unwrap(),
        0,
        "a second pass finds nothing"
    );
    let detail = claim_detail(&state, &contoso, &refs[0].claim_ref)
        .await
        .unwrap();
    assert_eq!(detail.status, ClaimStatus::ConsentExpired);
    assert_eq!(detail.events.last().unwrap().actor, domain::Actor::System);
}

async fn only_a_customer_who_consented_before_can_be_claimed(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let mut request = nomination(LOC_PARIS, "tenant_id", T_NORTHWIND, vec![migration]);
    request.origin = app::claims::model::ClaimOrigin::Claimed;
    let refused = create_claims(&state, &scope, request.clone()).await;
    assert!(
        matches!(refused, Err(AppError::Validation(ref e)) if e[0].code() == "not_known"),
        "{refused:?}"
    );
    // Once a claim of this partner for the customer (on another engagement) has consent, the
    // customer is known.
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(M365_COPILOT_WS)
        .consented()
        .create()
        .await;
    request.idempotency_key = "claim-a-known-customer".into();
    assert!(create_claims(&state, &scope, request).await.is_ok());
}

backend_tests!(
    the_claim_list_limit_counts_only_the_users_locations,
    every_eligibility_reason_comes_from_the_demo_data,
    a_new_claim_starts_its_history_and_consent_deadline,
    bad_input_names_each_field,
    an_ineligible_customer_is_refused_with_every_reason,
    a_variable_payment_is_computed_and_its_hours_checked,
    a_contact_outside_the_tenants_domains_needs_a_reason,
    a_repeated_request_creates_the_claims_once,
    two_hundred_racing_attempts_open_exactly_what_the_rules_allow,
    cancel_ends_a_claim_and_frees_the_customer,
    another_partners_claim_does_not_exist_for_you,
    two_sweepers_expire_each_claim_exactly_once,
    only_a_customer_who_consented_before_can_be_claimed,
);
