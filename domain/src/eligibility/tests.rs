use super::*;
use crate::fixtures::{days, fixed_engagement, variable_engagement, T0};
use crate::ids::{CustomerIdType, LocationId};
use ReasonCode as R;

const TENANT: &str = "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d";

fn id(kind: CustomerIdType, value: &str) -> CustomerId {
    CustomerId::parse(kind, value).unwrap()
}

fn tenant() -> TenantId {
    TenantId::parse(TENANT).unwrap()
}

/// Facts under which everything passes; each table row spoils some of them.
#[derive(Clone)]
struct Case {
    enrolled: bool,
    location_eligible: bool,
    now: Timestamp,
    customer_id: CustomerId,
    directory: DirectoryFacts,
    active: u32,
    partner_open: bool,
}

fn good(customer_id: CustomerId) -> Case {
    let resolved = match customer_id.kind() {
        CustomerIdType::DomainName => Some(tenant()),
        _ => None,
    };
    Case {
        enrolled: true,
        location_eligible: true,
        now: T0,
        customer_id,
        directory: DirectoryFacts {
            known: true,
            resolved_tenant: resolved,
            customer_name: Some("Contoso".to_owned()),
            on_eligibility_list: true,
            opportunity_closed: false,
        },
        active: 0,
        partner_open: false,
    }
}

fn check(engagement: &Engagement, case: &Case) -> Eligibility {
    check_eligibility(&EligibilityInput {
        engagement,
        location: LocationFacts {
            id: LocationId::parse("1234567").unwrap(),
            enrolled_in_mci: case.enrolled,
            eligible_for_engagement: case.location_eligible,
        },
        customer_id: case.customer_id.clone(),
        directory: case.directory.clone(),
        active_claims_for_customer: case.active,
        partner_open_claim: case.partner_open.then(|| OpenClaim {
            claim_ref: "C-0S248SZF11".into(),
            customer_id: CustomerId::TenantId(tenant()),
        }),
        now: case.now,
    })
}

fn codes(e: &Eligibility) -> Vec<ReasonCode> {
    e.reasons.iter().map(|r| r.code).collect()
}

type Spoil = fn(&mut Case);

/// Each spoiler alone, and the reasons it must produce (for a fixed engagement and a tenant ID,
/// or for the MSX cases a variable engagement).
fn spoilers() -> Vec<(&'static str, Spoil, Vec<ReasonCode>)> {
    vec![
        (
            "not enrolled",
            |c| c.enrolled = false,
            vec![R::LocationNotEnrolled],
        ),
        (
            "location not eligible",
            |c| c.location_eligible = false,
            vec![R::LocationNotEligible],
        ),
        (
            "before opening",
            |c| c.now = days(-101),
            vec![R::EngagementNotOpen],
        ),
        (
            "after closing",
            |c| c.now = days(100),
            vec![R::EngagementNotOpen],
        ),
        (
            "unknown",
            |c| c.directory.known = false,
            vec![R::CustomerUnknown],
        ),
        (
            "not on list",
            |c| c.directory.on_eligibility_list = false,
            vec![R::NotOnEligibilityList],
        ),
        (
            "limit reached",
            |c| c.active = 2,
            vec![R::ActiveClaimLimitReached],
        ),
        (
            "over limit",
            |c| c.active = 9,
            vec![R::ActiveClaimLimitReached],
        ),
        (
            "partner open",
            |c| c.partner_open = true,
            vec![R::PartnerAlreadyHasOpenClaim],
        ),
    ]
}

#[test]
fn with_every_fact_in_order_the_customer_is_eligible() {
    let e = check(
        &fixed_engagement(),
        &good(id(CustomerIdType::TenantId, TENANT)),
    );
    assert!(e.eligible);
    assert!(e.reasons.is_empty());
    assert_eq!(e.resolved_tenant, Some(tenant()));
}

#[test]
fn every_reason_alone() {
    let engagement = fixed_engagement();
    for (name, spoil, expected) in spoilers() {
        let mut case = good(id(CustomerIdType::TenantId, TENANT));
        spoil(&mut case);
        let e = check(&engagement, &case);
        assert_eq!(codes(&e), expected, "{name}");
        assert!(!e.eligible, "{name}");
    }
}

#[test]
fn every_pair_of_reasons_is_reported_in_design_order() {
    let engagement = fixed_engagement();
    let all = spoilers();
    for (i, (name_a, spoil_a, expected_a)) in all.iter().enumerate() {
        for (name_b, spoil_b, expected_b) in &all[i + 1..] {
            let mut case = good(id(CustomerIdType::Tpid, "42"));
            spoil_a(&mut case);
            spoil_b(&mut case);
            let got = codes(&check(&engagement, &case));
            let mut expected: Vec<ReasonCode> =
                expected_a.iter().chain(expected_b).copied().collect();
            // An unknown ID has no list entry to check.
            if expected.contains(&R::CustomerUnknown) {
                expected.retain(|c| *c != R::NotOnEligibilityList);
            }
            expected.sort();
            expected.dedup();
            assert_eq!(got, expected, "{name_a} + {name_b}");
        }
    }
}

#[test]
fn everything_wrong_at_once_reports_every_applicable_reason_in_order() {
    let mut case = good(id(CustomerIdType::MsxOpportunityId, "7-3FS2XQBWAO"));
    case.enrolled = false;
    case.location_eligible = false;
    case.now = days(500);
    case.directory.on_eligibility_list = false;
    case.directory.opportunity_closed = true;
    case.active = 5;
    case.partner_open = true;
    // A fixed engagement does not accept MSX IDs: the other checks still run.
    assert_eq!(
        codes(&check(&fixed_engagement(), &case)),
        vec![
            R::LocationNotEnrolled,
            R::LocationNotEligible,
            R::EngagementNotOpen,
            R::IdTypeNotAccepted,
            R::NotOnEligibilityList,
            R::OpportunityClosed,
            R::ActiveClaimLimitReached,
            R::PartnerAlreadyHasOpenClaim,
        ]
    );
}

#[test]
fn a_closed_opportunity_is_reported_for_msx_ids() {
    let mut case = good(id(CustomerIdType::MsxOpportunityId, "7-3FS2XQBWAO"));
    case.directory.opportunity_closed = true;
    let e = check(&variable_engagement(), &case);
    assert_eq!(codes(&e), vec![R::OpportunityClosed]);
    assert_eq!(e.resolved_tenant, None);
}

#[test]
fn a_closed_opportunity_flag_is_ignored_for_other_ids() {
    let mut case = good(id(CustomerIdType::Tpid, "42"));
    case.directory.opportunity_closed = true;
    assert!(check(&fixed_engagement(), &case).eligible);
}

#[test]
fn an_unknown_id_is_not_also_reported_as_off_list_or_closed() {
    let mut case = good(id(CustomerIdType::MsxOpportunityId, "7-3FS2XQBWAO"));
    case.directory = DirectoryFacts::default();
    case.directory.opportunity_closed = true;
    assert_eq!(
        codes(&check(&variable_engagement(), &case)),
        vec![R::CustomerUnknown]
    );
}

#[test]
fn a_type_the_engagement_does_not_accept_names_the_accepted_ones() {
    let case = good(id(CustomerIdType::TenantId, TENANT));
    let e = check(&variable_engagement(), &case);
    assert_eq!(codes(&e), vec![R::IdTypeNotAccepted]);
    let reason = &e.reasons[0];
    assert_eq!(reason.params.id_type, Some(CustomerIdType::TenantId));
    assert_eq!(
        reason.message_en(),
        "This engagement does not accept this type of customer ID. It accepts: MSX opportunity ID."
    );
}

#[test]
fn a_domain_is_checked_through_its_tenant() {
    let case = good(id(CustomerIdType::DomainName, "contoso.com"));
    let e = check(&fixed_engagement(), &case);
    assert!(e.eligible);
    assert_eq!(e.resolved_tenant, Some(tenant()));
}

#[test]
fn a_domain_that_maps_to_no_tenant_is_unknown() {
    let mut case = good(id(CustomerIdType::DomainName, "contoso.com"));
    case.directory.resolved_tenant = None;
    let e = check(&fixed_engagement(), &case);
    assert_eq!(codes(&e), vec![R::CustomerUnknown]);
    assert_eq!(e.resolved_tenant, None);
}

#[test]
fn other_ids_do_not_resolve_to_a_tenant() {
    let case = good(id(CustomerIdType::AzureSubscriptionId, TENANT));
    let e = check(&fixed_engagement(), &case);
    assert!(e.eligible);
    assert_eq!(e.resolved_tenant, None);
}

#[test]
fn the_limit_is_a_parameter_of_its_reason() {
    let mut case = good(id(CustomerIdType::Tpid, "42"));
    case.active = 2;
    let e = check(&fixed_engagement(), &case);
    assert_eq!(e.reasons[0].params.limit, Some(2));
    assert_eq!(
        e.reasons[0].message_en(),
        "This customer already has 2 active claims for this engagement, the most it allows."
    );
    assert!(e.reasons[0].message_fr().contains("2 réclamations actives"));
    let json = serde_json::to_string(&e.reasons[0]).unwrap();
    assert_eq!(
        json,
        r#"{"code":"active_claim_limit_reached","params":{"limit":2}}"#
    );
}

#[test]
fn one_below_the_limit_is_still_eligible() {
    let mut case = good(id(CustomerIdType::Tpid, "42"));
    case.active = 1;
    assert!(check(&fixed_engagement(), &case).eligible);
}

#[test]
fn reason_codes_round_trip_and_have_messages() {
    for code in ReasonCode::ALL {
        assert_eq!(ReasonCode::from_code(code.code()), Some(code));
        assert_eq!(
            serde_json::to_string(&code).unwrap(),
            format!("\"{}\"", code.code())
        );
        assert!(code.message_en().ends_with('.'));
        assert!(code.message_fr().ends_with('.'));
    }
}

// ---- mismatch ---------------------------------------------------------------------------

fn domains(names: &[&str]) -> Vec<DomainName> {
    names
        .iter()
        .map(|n| DomainName::parse(n).unwrap())
        .collect()
}

fn email(s: &str) -> EmailAddress {
    EmailAddress::parse(s).unwrap()
}

use crate::ids::{DomainName, EmailAddress};

#[test]
fn a_contact_at_one_of_the_tenants_domains_matches() {
    let t = id(CustomerIdType::TenantId, TENANT);
    let ds = domains(&["contoso.com", "contoso.fr"]);
    assert!(!contact_domain_mismatch(&t, &ds, &email("jane@Contoso.FR")));
    assert!(!contact_domain_mismatch(
        &t,
        &ds,
        &email("jane@emea.contoso.com")
    ));
}

#[test]
fn a_contact_elsewhere_mismatches() {
    let t = id(CustomerIdType::TenantId, TENANT);
    let ds = domains(&["contoso.com"]);
    assert!(contact_domain_mismatch(&t, &ds, &email("jane@gmail.com")));
    assert!(contact_domain_mismatch(
        &t,
        &ds,
        &email("jane@notcontoso.com")
    ));
    assert!(contact_domain_mismatch(&t, &[], &email("jane@contoso.com")));
}

#[test]
fn only_a_tenant_id_can_mismatch() {
    let ds = domains(&["contoso.com"]);
    for c in [
        id(CustomerIdType::DomainName, "contoso.com"),
        id(CustomerIdType::Tpid, "42"),
        id(CustomerIdType::AzureSubscriptionId, TENANT),
    ] {
        assert!(!contact_domain_mismatch(&c, &ds, &email("jane@gmail.com")));
    }
}

#[test]
fn other_needs_details_of_five_to_five_hundred_characters() {
    let other = MismatchReason::Other;
    let problem = |d: &str| MismatchJustification::parse(other, d).unwrap_err().problem;
    assert_eq!(problem("  "), Problem::Empty);
    assert_eq!(problem("abcd"), Problem::TooShort { min: 5 });
    assert_eq!(problem(&"é".repeat(501)), Problem::TooLong { max: 500 });
    assert_eq!(problem("bad\u{7}bell"), Problem::InvalidCharacter);
    let ok = MismatchJustification::parse(other, " Group IT\nmailbox ").unwrap();
    assert_eq!(ok.details(), "Group IT\nmailbox");
    assert_eq!(ok.reason(), other);
}

#[test]
fn other_reasons_may_omit_details() {
    let j = MismatchJustification::parse(MismatchReason::ContactAtSubsidiary, "").unwrap();
    assert_eq!(j.details(), "");
    assert!(
        MismatchJustification::parse(MismatchReason::PersonalOrAliasAddress, &"x".repeat(501))
            .is_err()
    );
}

#[test]
fn a_justification_is_revalidated_when_deserialised() {
    let ok: MismatchJustification =
        serde_json::from_str(r#"{"reason":"contact_at_partner_of_record"}"#).unwrap();
    assert_eq!(ok.reason(), MismatchReason::ContactAtPartnerOfRecord);
    assert!(
        serde_json::from_str::<MismatchJustification>(r#"{"reason":"other","details":"x"}"#)
            .is_err()
    );
    let json = serde_json::to_string(&ok).unwrap();
    assert_eq!(
        json,
        r#"{"reason":"contact_at_partner_of_record","details":""}"#
    );
    for r in MismatchReason::ALL {
        assert_eq!(MismatchReason::from_code(r.code()), Some(r));
    }
}

use crate::ids::Problem;

mod open_claim_message {
    use super::*;

    #[test]
    fn a_refusal_names_the_customer_the_claim_and_the_alias_it_was_made_with() {
        let engagement = fixed_engagement();
        let mut case = good(CustomerId::DomainName(
            crate::ids::DomainName::parse("northwind.fr").unwrap(),
        ));
        case.directory.customer_name = Some("Northwind Traders".into());
        case.partner_open = true;
        let verdict = check(&engagement, &case);
        let reason = verdict
            .reasons
            .iter()
            .find(|r| r.code == R::PartnerAlreadyHasOpenClaim)
            .unwrap();
        assert_eq!(
            reason.message_en(),
            format!(
                "Northwind Traders already has an open claim of yours on this engagement (C-0S248SZF11, made with tenant ID {}).",
                tenant()
            )
        );
        assert!(reason.message_fr().starts_with(
            "Northwind Traders a déjà une réclamation ouverte de votre organisation sur cet engagement (C-0S248SZF11, faite avec l'ID de locataire "
        ));
    }
}
