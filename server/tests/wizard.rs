//! The live eligibility feedback of the wizards, on both backends.

mod common;

use app::error::AppError;
use app::wizard::model::CustomerCheckRequest;
use app::wizard::service::check_customer;
use common::{scope_of, seeded_db, state_over, Backend};

fn request(location: &str, kind: &str, value: &str) -> CustomerCheckRequest {
    CustomerCheckRequest {
        location_id: location.into(),
        customer_id_type: kind.into(),
        customer_id_value: value.into(),
    }
}

async fn a_domain_is_named_by_its_tenant_and_checked_on_every_open_engagement(backend: Backend) {
    let (_guard, db, clock) = seeded_db(backend).await;
    let state = state_over(&db, clock);
    let admin = scope_of(&db, "admin@contoso.example").await;
    let check = check_customer(
        &state,
        &admin,
        request("1000001", "domain_name", "NorthWind.fr"),
    )
    .await
    .unwrap();
    assert_eq!(check.normalised, "northwind.fr");
    assert_eq!(check.customer_name.as_deref(), Some("Northwind Traders"));
    assert_eq!(
        check.resolved_tenant.as_deref(),
        Some("3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61")
    );
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

async fn an_unknown_or_malformed_id_is_told_apart(backend: Backend) {
    let (_guard, db, clock) = seeded_db(backend).await;
    let state = state_over(&db, clock);
    let admin = scope_of(&db, "admin@contoso.example").await;
    let unknown = check_customer(
        &state,
        &admin,
        request("1000001", "msx_opportunity_id", "7-ZZZZZZZZZZ"),
    )
    .await
    .unwrap();
    assert_eq!(unknown.customer_name, None);
    assert_eq!(unknown.eligible_count(), 0);
    let malformed = check_customer(&state, &admin, request("1000001", "tenant_id", "1234")).await;
    assert!(
        matches!(malformed, Err(AppError::Validation(ref e)) if e[0].field == "customer_id_value"),
        "{malformed:?}"
    );
    let foreign = check_customer(
        &state,
        &admin,
        request(
            "2000001",
            "tenant_id",
            "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61",
        ),
    )
    .await;
    assert!(
        matches!(foreign, Err(AppError::Validation(ref e)) if e[0].field == "location_id"),
        "{foreign:?}"
    );
    let user = scope_of(&db, "user@contoso.example").await;
    let ungranted = check_customer(
        &state,
        &user,
        request(
            "1000002",
            "tenant_id",
            "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61",
        ),
    )
    .await;
    assert!(
        matches!(ungranted, Err(AppError::Validation(ref e)) if e[0].code == "not_allowed"),
        "{ungranted:?}"
    );
}

backend_tests!(
    a_domain_is_named_by_its_tenant_and_checked_on_every_open_engagement,
    an_unknown_or_malformed_id_is_told_apart,
);
