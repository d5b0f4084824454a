use super::*;
use crate::fixtures::{days, fixed_engagement, variable_engagement};

fn errors(e: &Engagement) -> Vec<EngagementError> {
    e.validate().err().unwrap_or_default()
}

#[test]
fn the_sample_engagements_are_valid() {
    assert_eq!(fixed_engagement().validate(), Ok(()));
    assert_eq!(variable_engagement().validate(), Ok(()));
}

#[test]
fn an_engagement_is_open_from_its_start_and_closed_at_its_end() {
    let e = fixed_engagement();
    assert!(!e.is_open(days(-101)));
    assert!(e.is_open(days(-100)));
    assert!(e.is_open(days(100).plus_seconds(-1)));
    assert!(!e.is_open(days(100)));
}

#[test]
fn accepts_lists_exactly_the_accepted_kinds() {
    let e = variable_engagement();
    assert!(e.accepts(CustomerIdType::MsxOpportunityId));
    assert!(!e.accepts(CustomerIdType::TenantId));
}

#[test]
fn a_variable_engagement_accepting_a_tenant_id_is_refused() {
    let mut e = variable_engagement();
    e.accepted_id_types.push(CustomerIdType::TenantId);
    assert_eq!(errors(&e), vec![EngagementError::VariableAcceptsOnlyMsx]);
}

#[test]
fn a_fixed_engagement_accepting_msx_is_refused() {
    let mut e = fixed_engagement();
    e.accepted_id_types.push(CustomerIdType::MsxOpportunityId);
    assert_eq!(errors(&e), vec![EngagementError::FixedCannotAcceptMsx]);
}

#[test]
fn min_hours_above_max_hours_is_refused() {
    let mut e = variable_engagement();
    if let PaymentRule::Variable { min_hours, .. } = &mut e.payment {
        *min_hours = 401;
    }
    assert_eq!(errors(&e), vec![EngagementError::HoursRangeInvalid]);
}

#[test]
fn a_payment_type_that_disagrees_with_the_rule_is_refused() {
    let mut e = fixed_engagement();
    e.payment_type = PaymentType::Variable;
    assert!(errors(&e).contains(&EngagementError::PaymentTypeMismatch));
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut e = fixed_engagement();
    e.code = " ".to_owned();
    e.accepted_id_types.clear();
    e.consent_window_days = 0;
    e.max_active_claims_per_customer = 0;
    e.open_until = e.open_from;
    e.payment = PaymentRule::Fixed {
        amount_cents: 0,
        currency: "usd".to_owned(),
    };
    assert_eq!(
        errors(&e),
        vec![
            EngagementError::CodeMissing,
            EngagementError::NoAcceptedIdTypes,
            EngagementError::ZeroWindow {
                kind: DeadlineKind::Consent
            },
            EngagementError::ZeroActiveClaimLimit,
            EngagementError::EmptyOpenPeriod,
            EngagementError::BadCurrency,
            EngagementError::AmountNotPositive,
        ]
    );
}

#[test]
fn variable_rule_problems_are_reported() {
    let mut e = variable_engagement();
    e.payment = PaymentRule::Variable {
        hourly_rate_cents_by_band: vec![(MarketBand::A, 1), (MarketBand::A, -1)],
        deal_value_percent_bp: 10_001,
        cap_cents: 1,
        min_hours: 0,
        max_hours: 0,
        currency: "EUR".to_owned(),
    };
    assert_eq!(
        errors(&e),
        vec![
            EngagementError::DuplicateBandRate,
            EngagementError::AmountNotPositive,
            EngagementError::PercentOutOfRange,
            EngagementError::HoursRangeInvalid,
        ]
    );
}

#[test]
fn a_rule_reports_its_rates_and_hours() {
    let rule = variable_engagement().payment;
    assert_eq!(rule.rate_for(MarketBand::B), Some(12_000));
    assert_eq!(rule.rate_for(MarketBand::D), None);
    assert_eq!(rule.hours_range(), Some((10, 400)));
    assert_eq!(rule.currency(), "USD");
    assert_eq!(fixed_engagement().payment.hours_range(), None);
}

#[test]
fn codes_match_serde_names() {
    assert_eq!(MarketBand::from_code(" b "), Some(MarketBand::B));
    assert_eq!(serde_json::to_string(&MarketBand::C).unwrap(), "\"C\"");
    assert_eq!(
        PaymentType::from_code("variable"),
        Some(PaymentType::Variable)
    );
    let e = EngagementError::ZeroWindow {
        kind: DeadlineKind::Dispute,
    };
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"code":"zero_window","kind":"dispute"}"#
    );
    assert_eq!(
        e.to_string(),
        "The dispute window must be at least one day."
    );
}

#[test]
fn an_engagement_survives_json() {
    let e = variable_engagement();
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(serde_json::from_str::<Engagement>(&json).unwrap(), e);
}
