use super::*;
use crate::fixtures::{fixed_engagement, variable_engagement};

/// Band A 150.00/h, B 120.00/h, C 90.00/h; 5 % of the deal (500 bp); cap 50,000.00;
/// 10..=400 hours.
fn rule() -> PaymentRule {
    variable_engagement().payment
}

fn pay(hours: u32, band: MarketBand, deal: i64) -> Result<i64, PaymentError> {
    proposed_payment(&rule(), Some(hours), Some(band), Some(deal)).map(|m| m.cents)
}

fn rule_with(bp: u32, rate: i64, cap: i64) -> PaymentRule {
    PaymentRule::Variable {
        hourly_rate_cents_by_band: vec![(MarketBand::A, rate)],
        deal_value_percent_bp: bp,
        cap_cents: cap,
        min_hours: 1,
        max_hours: u32::MAX,
        currency: "USD".to_owned(),
    }
}

#[test]
fn a_fixed_engagement_pays_its_amount_whatever_else_is_given() {
    let m = proposed_payment(&fixed_engagement().payment, None, None, None).unwrap();
    assert_eq!(m, Money::new(500_000, "USD"));
    let m = proposed_payment(
        &fixed_engagement().payment,
        Some(1),
        Some(MarketBand::D),
        Some(-1),
    );
    assert_eq!(m.unwrap().cents, 500_000);
}

#[test]
fn hours_times_rate_wins_when_smallest() {
    // 20 h × 150.00 = 3,000.00; 5 % of 1,000,000.00 = 50,000.00; cap 50,000.00.
    assert_eq!(pay(20, MarketBand::A, 100_000_000), Ok(300_000));
}

#[test]
fn the_band_sets_the_rate() {
    assert_eq!(pay(20, MarketBand::B, 100_000_000), Ok(240_000));
    assert_eq!(pay(20, MarketBand::C, 100_000_000), Ok(180_000));
}

#[test]
fn the_deal_share_wins_when_smallest() {
    // 5 % of 10,000.00 = 500.00 < 20 h × 150.00.
    assert_eq!(pay(20, MarketBand::A, 1_000_000), Ok(50_000));
}

#[test]
fn the_cap_wins_when_smallest() {
    // 400 h × 150.00 = 60,000.00; 5 % of 2,000,000.00 = 100,000.00; cap 50,000.00.
    assert_eq!(pay(400, MarketBand::A, 200_000_000), Ok(5_000_000));
}

#[test]
fn exactly_at_the_cap_pays_the_cap() {
    // 5 % of 1,000,000.00 = 50,000.00 = the cap.
    assert_eq!(pay(400, MarketBand::A, 100_000_000), Ok(5_000_000));
}

#[test]
fn hours_at_the_bounds_are_accepted_and_outside_refused() {
    assert!(pay(10, MarketBand::A, 100_000_000).is_ok());
    assert!(pay(400, MarketBand::A, 100_000_000).is_ok());
    let out = Err(PaymentError::HoursOutOfRange { min: 10, max: 400 });
    assert_eq!(pay(9, MarketBand::A, 100_000_000), out);
    assert_eq!(pay(401, MarketBand::A, 100_000_000), out);
}

#[test]
fn a_band_without_a_rate_is_refused() {
    assert_eq!(
        pay(20, MarketBand::D, 100_000_000),
        Err(PaymentError::NoRateForBand {
            band: MarketBand::D
        })
    );
}

#[test]
fn missing_inputs_are_named() {
    let r = rule();
    let a = Some(MarketBand::A);
    assert_eq!(
        proposed_payment(&r, None, a, Some(1)),
        Err(PaymentError::MissingHours)
    );
    assert_eq!(
        proposed_payment(&r, Some(20), None, Some(1)),
        Err(PaymentError::MissingBand)
    );
    assert_eq!(
        proposed_payment(&r, Some(20), a, None),
        Err(PaymentError::MissingDealValue)
    );
    assert_eq!(
        proposed_payment(&r, Some(20), a, Some(-1)),
        Err(PaymentError::NegativeDealValue)
    );
}

#[test]
fn the_deal_share_rounds_half_up_to_the_cent() {
    let big = i64::MAX;
    let share = |bp, deal| {
        proposed_payment(
            &rule_with(bp, big, big),
            Some(1),
            Some(MarketBand::A),
            Some(deal),
        )
        .map(|m| m.cents)
    };
    // 12.5 bp is not expressible, but 125 bp of 40 cents is exactly 0.5 cent → 1 cent.
    assert_eq!(share(125, 40), Ok(1));
    // 0.4999 cent → 0.
    assert_eq!(share(1, 4_999), Ok(0));
    // 0.5 cent → 1; 1.5 → 2; 2.5 → 3 (half up, not half even).
    assert_eq!(share(1, 5_000), Ok(1));
    assert_eq!(share(1, 15_000), Ok(2));
    assert_eq!(share(1, 25_000), Ok(3));
    // 2.5 % of 123.45 = 3.08625 → 3.09.
    assert_eq!(share(250, 12_345), Ok(309));
    // 100 % of the deal is the deal.
    assert_eq!(share(10_000, 987_654_321), Ok(987_654_321));
}

#[test]
fn huge_values_do_not_overflow() {
    let r = rule_with(10_000, i64::MAX, i64::MAX);
    let m = proposed_payment(&r, Some(u32::MAX), Some(MarketBand::A), Some(i64::MAX)).unwrap();
    // hours × rate ≈ 4e28 and deal × 10 000 ≈ 9e22 fit in i128; the deal share wins.
    assert_eq!(m.cents, i64::MAX);
    let r = rule_with(u32::MAX, i64::MAX, 7);
    let m = proposed_payment(&r, Some(u32::MAX), Some(MarketBand::A), Some(i64::MAX)).unwrap();
    assert_eq!(m.cents, 7);
}

#[test]
fn a_negative_rate_or_cap_is_an_invalid_rule() {
    let r = rule_with(100, -1, 100);
    assert_eq!(
        proposed_payment(&r, Some(1), Some(MarketBand::A), Some(1)),
        Err(PaymentError::InvalidRule)
    );
}

#[test]
fn payment_errors_have_codes_and_messages() {
    let e = PaymentError::HoursOutOfRange { min: 10, max: 400 };
    assert_eq!(e.code(), "hours_out_of_range");
    assert_eq!(e.message_en(), "The hours must be between 10 and 400.");
    assert_eq!(
        e.message_fr(),
        "Le nombre d'heures doit être compris entre 10 et 400."
    );
    assert_eq!(
        serde_json::to_string(&e).unwrap(),
        r#"{"code":"hours_out_of_range","min":10,"max":400}"#
    );
}
