//! The live eligibility feedback of the wizards, on both backends.

mod common;

use app::claims::check::preview_claims;
use app::claims::model::WizardStep;
use app::claims::service::create_claims;
use app::components::messages::field_message;
use app::error::AppError;
use app::i18n::Locale;
use app::wizard::model::CustomerCheckRequest;
use app::wizard::service::{check_customer, wizard_start};
use common::fixtures::{
    count, engagement_id, nomination, scope_of, ClaimFixture, AZ_ACCEL_DEPLOY, AZ_MIG_ASSESS,
    CONTOSO_ADMIN, CONTOSO_STAFF, CONTOSO_USER, FABRIKAM_ADMIN, LOC_BRUXELLES, LOC_LYON,
    LOC_MONTREAL, LOC_PARIS, LOC_SEATTLE, M365_COPILOT_WS, O_NORTHWIND, SEC_ENVISION, S_PROSEWARE,
    T_NORTHWIND,
};
use common::{seeded_state, Backend};

fn request(location: &str, kind: &str, value: &str) -> CustomerCheckRequest {
    CustomerCheckRequest {
        location_id: location.into(),
        customer_id_type: kind.into(),
        customer_id_value: value.into(),
    }
}

async fn a_domain_is_named_by_its_tenant_and_checked_on_every_open_engagement(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let check = check_customer(
        &state,
        &admin,
        request(LOC_PARIS, "domain_name", "NorthWind.fr"),
    )
    .await
    .unwrap();
    assert_eq!(check.normalised, "northwind.fr");
    assert_eq!(check.customer_name.as_deref(), Some("Northwind Traders"));
    assert_eq!(check.resolved_tenant.as_deref(), Some(T_NORTHWIND));
    // Open engagements of Contoso: AZ-MIG, M365, SEC, AZ-ACCEL, DATA-AI (MW-WS-2025 is closed,
    // BIZAPPS not yet open). From 1000001, a domain is eligible for AZ-MIG and M365 only.
    let eligible: Vec<&str> = check
        .engagements
        .iter()
        .filter(|e| e.eligible)
        .map(|e| e.engagement_name.as_str())
        .collect();
    assert_eq!(
        eligible,
        [
            "Azure Migration Assessment",
            "Microsoft 365 Copilot Workshop"
        ]
    );
    assert_eq!(check.engagements.len(), 5);
    assert_eq!(check.ineligible_count(), 3);
    assert!(check
        .engagements
        .iter()
        .filter(|e| !e.eligible)
        .all(|e| !e.reasons.is_empty()));
}

/// A customer of the directory that is on none of the partner's open engagements' lists is not
/// named: the verdicts say why, the directory's name and domains are not the partner's to read.
async fn a_customer_who_cannot_be_nominated_is_not_named(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let check = check_customer(
        &state,
        &admin,
        request(LOC_PARIS, "azure_subscription_id", S_PROSEWARE),
    )
    .await
    .unwrap();
    assert_eq!(check.eligible_count(), 0, "{check:?}");
    let unlisted = |e: &app::wizard::model::EngagementVerdict| {
        e.reasons.iter().any(|r| {
            matches!(
                r.code.code(),
                "customer_unknown" | "not_on_eligibility_list" | "id_type_not_accepted"
            )
        })
    };
    assert!(check.engagements.iter().all(unlisted), "{check:?}");
    assert_eq!(check.customer_name, None);
    assert_eq!(check.resolved_tenant, None);
    assert!(check.tenant_domains.is_empty());
    // A nominable one is named, with its domains for the contacts step.
    let check = check_customer(&state, &admin, request(LOC_PARIS, "tenant_id", T_NORTHWIND))
        .await
        .unwrap();
    assert_eq!(check.customer_name.as_deref(), Some("Northwind Traders"));
    assert!(!check.tenant_domains.is_empty());
}

async fn an_unknown_or_malformed_id_is_told_apart(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let unknown = check_customer(
        &state,
        &admin,
        request(LOC_PARIS, "msx_opportunity_id", "7-ZZZZZZZZZZ"),
    )
    .await
    .unwrap();
    assert_eq!(unknown.customer_name, None);
    assert_eq!(unknown.eligible_count(), 0);
    let malformed = check_customer(&state, &admin, request(LOC_PARIS, "tenant_id", "1234")).await;
    assert!(
        matches!(malformed, Err(AppError::Validation(ref e)) if e[0].field == "customer_id_value"),
        "{malformed:?}"
    );
    let foreign = check_customer(
        &state,
        &admin,
        request(LOC_SEATTLE, "tenant_id", T_NORTHWIND),
    )
    .await;
    assert!(
        matches!(foreign, Err(AppError::Validation(ref e)) if e[0].field == "location_id"),
        "{foreign:?}"
    );
    let user = scope_of(&db, CONTOSO_USER).await;
    let ungranted =
        check_customer(&state, &user, request(LOC_LYON, "tenant_id", T_NORTHWIND)).await;
    assert!(
        matches!(ungranted, Err(AppError::Validation(ref e)) if e[0].code() == "not_allowed"),
        "{ungranted:?}"
    );
}

async fn each_step_is_checked_with_the_steps_before_it_and_only_those(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    // Only the name typed so far: the name step passes, whatever the later fields hold.
    let mut request = app::claims::model::NewClaims {
        friendly_name: "  Northwind wave 1 ".into(),
        origin: app::claims::model::ClaimOrigin::Added,
        ..Default::default()
    };
    preview_claims(&state, &admin, &request, WizardStep::Name)
        .await
        .unwrap();
    // A name too short: refused at its step, in both languages, naming the field.
    request.friendly_name = "NW".into();
    let refused = preview_claims(&state, &admin, &request, WizardStep::Name).await;
    let Err(AppError::Validation(errors)) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "friendly_name");
    assert_eq!(errors[0].code(), "too_short");
    let (en, fr) = (
        field_message(Locale::en, &errors[0]),
        field_message(Locale::fr, &errors[0]),
    );
    assert!(!en.is_empty() && !fr.is_empty());
    assert_ne!(en, fr);
    // Leaving the location step re-checks the name too.
    request.location_id = LOC_PARIS.into();
    let refused = preview_claims(&state, &admin, &request, WizardStep::Location).await;
    assert!(
        matches!(refused, Err(AppError::Validation(ref e)) if e[0].field == "friendly_name"),
        "{refused:?}"
    );
    request.friendly_name = "Northwind wave 1".into();
    preview_claims(&state, &admin, &request, WizardStep::Location)
        .await
        .unwrap();
    // A location not enrolled in MCI, another partner's, or one the user was not granted.
    for (who, location, code) in [
        (CONTOSO_ADMIN, LOC_BRUXELLES, "not_enrolled"),
        (CONTOSO_ADMIN, LOC_SEATTLE, "not_enrolled"),
        (CONTOSO_USER, LOC_LYON, "not_allowed"),
    ] {
        let scope = scope_of(&db, who).await;
        let mut request = request.clone();
        request.location_id = location.into();
        let refused = preview_claims(&state, &scope, &request, WizardStep::Location).await;
        assert!(
            matches!(refused, Err(AppError::Validation(ref e)) if e[0].field == "location_id" && e[0].code() == code),
            "{who} {location}: {refused:?}"
        );
    }
    // Customer step: the ID is parsed by the shared parser.
    request.customer_id_type = "tenant_id".into();
    request.customer_id_value = "not-a-guid".into();
    let refused = preview_claims(&state, &admin, &request, WizardStep::Customer).await;
    assert!(
        matches!(refused, Err(AppError::Validation(ref e)) if e[0].field == "customer_id_value"),
        "{refused:?}"
    );
    request.customer_id_value = T_NORTHWIND.to_uppercase();
    preview_claims(&state, &admin, &request, WizardStep::Customer)
        .await
        .unwrap();
    // Engagements step: the claims it would create, with their payment.
    request.engagement_ids = vec![migration];
    let preview = preview_claims(&state, &admin, &request, WizardStep::Engagements)
        .await
        .unwrap();
    assert_eq!(preview.customer_name.as_deref(), Some("Northwind Traders"));
    assert_eq!(preview.lines.len(), 1);
    assert_eq!(
        preview.lines[0].proposed_payment,
        domain::Money::new(500_000, "USD")
    );
    // Contacts step: every contact field is named.
    let refused = preview_claims(&state, &admin, &request, WizardStep::Contacts).await;
    let Err(AppError::Validation(errors)) = refused else {
        panic!("{refused:?}")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "contact_email",
            "contact_name",
            "contact_language",
            "partner_contact_name",
            "partner_contact_email"
        ]
    );
    // Nothing was written by any check.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM claims").await, 0);
}

async fn the_review_step_shows_the_variable_payment_to_the_cent(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let accelerate = engagement_id(&db, AZ_ACCEL_DEPLOY).await;
    let mut request = nomination(
        LOC_PARIS,
        "msx_opportunity_id",
        O_NORTHWIND,
        vec![accelerate],
    );
    request.contacts.contact_email = "cio@northwindtraders.com".into();
    request.hours = Some(37);
    let preview = preview_claims(&state, &admin, &request, WizardStep::Review)
        .await
        .unwrap();
    // Band B: min(37 h × rate B, 80 000.00 × 10 %, cap): the domain's proposed_payment.
    let engagement = app::engagements::repo::load_engagement(&db.pool, accelerate)
        .await
        .unwrap()
        .unwrap();
    let expected = domain::proposed_payment(
        &engagement.payment,
        Some(37),
        Some(domain::MarketBand::B),
        Some(8_000_000),
    )
    .unwrap();
    assert_eq!(preview.lines[0].proposed_payment, expected);
    assert_eq!(preview.lines[0].hours, Some(37));
    // What was previewed is what is created.
    let created = create_claims(&state, &admin, request).await.unwrap();
    let detail = app::claims::service::claim_detail(&state, &admin, &created[0].claim_ref)
        .await
        .unwrap();
    assert_eq!(detail.proposed_payment, Some(expected));
}

async fn a_wizard_starts_from_the_partners_engagement_and_locations(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let user = scope_of(&db, CONTOSO_USER).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let start = wizard_start(&state, &admin, migration, None).await.unwrap();
    assert_eq!(start.engagement_code, AZ_MIG_ASSESS);
    assert!(start.engagement_open && !start.variable_payment);
    // Enrolled locations only (1000004 is not enrolled); each usable for some open engagement.
    let ids: Vec<(&str, bool)> = start
        .locations
        .iter()
        .map(|l| (l.id.as_str(), l.usable))
        .collect();
    assert_eq!(
        ids,
        [(LOC_PARIS, true), (LOC_LYON, true), (LOC_MONTREAL, true)]
    );
    assert_eq!(start.partner_contact_email, CONTOSO_ADMIN);
    assert!(start.known.is_none());
    // An Incentives user sees only its granted locations.
    let start = wizard_start(&state, &user, migration, None).await.unwrap();
    let ids: Vec<&str> = start.locations.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, [LOC_PARIS, LOC_MONTREAL]);
    // Another partner's engagement does not exist for Fabrikam.
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let security = engagement_id(&db, SEC_ENVISION).await;
    assert!(matches!(
        wizard_start(&state, &fabrikam, security, None).await,
        Err(AppError::NotFound)
    ));
    // Claim customer: only for a customer the partner knows, with its last contacts.
    let known =
        Some(domain::CustomerId::parse(domain::CustomerIdType::TenantId, T_NORTHWIND).unwrap());
    assert!(matches!(
        wizard_start(&state, &admin, migration, known.clone()).await,
        Err(AppError::NotFound)
    ));
    // Known once a claim of Contoso's for it (on another engagement) has consent.
    ClaimFixture::new(&state)
        .customer(domain::CustomerIdType::TenantId, T_NORTHWIND)
        .on(M365_COPILOT_WS)
        .consented()
        .create()
        .await;
    let start = wizard_start(&state, &admin, migration, known.clone())
        .await
        .unwrap();
    let known_customer = start.known.expect("a known customer");
    assert_eq!(known_customer.contact_name, "Claire Dubois");
    assert_eq!(
        known_customer.customer_name.as_deref(),
        Some("Northwind Traders")
    );
    // For Claim customer, a location is usable only if eligible for this engagement
    // (AZ-MIG-ASSESS: 1000001 and 1000002).
    let usable: Vec<&str> = start
        .locations
        .iter()
        .filter(|l| l.usable)
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(usable, [LOC_PARIS, LOC_LYON]);
    // Fabrikam does not know Contoso's customer.
    assert!(matches!(
        wizard_start(&state, &fabrikam, migration, known).await,
        Err(AppError::NotFound)
    ));
}

async fn the_wizard_endpoints_refuse_a_user_without_an_incentives_role(backend: Backend) {
    let app = common::TestApp::spawn(backend).await;
    let staff = app.signed_in(CONTOSO_STAFF).await;
    for (endpoint, form) in [(
        "wizard_start",
        vec![
            ("engagement_id", "1"),
            ("known_type", ""),
            ("known_value", ""),
        ],
    )] {
        let response = app.call(&staff, endpoint, &form).await;
        assert_eq!(response.status(), 403, "{endpoint}");
    }
    // The JSON endpoints too.
    for (endpoint, body) in [
        (
            "check_claim_step",
            serde_json::json!({"request": nomination(LOC_PARIS, "tenant_id", T_NORTHWIND, vec![domain::EngagementId::new(1)]), "step": "review"}),
        ),
        (
            "check_customer",
            serde_json::json!({"request": {"location_id": LOC_PARIS, "customer_id_type": "tenant_id", "customer_id_value": T_NORTHWIND}}),
        ),
    ] {
        let response = app
            .post(&staff, &format!("/api/{endpoint}"))
            .header("sec-fetch-site", "same-origin")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{endpoint}");
    }
    // A crafted step is a 400, not a panic.
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let response = app
        .post(&admin, "/api/check_claim_step")
        .header("sec-fetch-site", "same-origin")
        .json(&serde_json::json!({"request": {}, "step": "nonsense"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

backend_tests!(
    a_customer_who_cannot_be_nominated_is_not_named,
    a_domain_is_named_by_its_tenant_and_checked_on_every_open_engagement,
    an_unknown_or_malformed_id_is_told_apart,
    each_step_is_checked_with_the_steps_before_it_and_only_those,
    the_review_step_shows_the_variable_payment_to_the_cent,
    a_wizard_starts_from_the_partners_engagement_and_locations,
    the_wizard_endpoints_refuse_a_user_without_an_incentives_role,
);
