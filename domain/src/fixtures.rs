//! Sample engagements and IDs shared by the unit tests.

use crate::engagement::{Engagement, MarketBand, PaymentRule, PaymentType};
use crate::ids::CustomerIdType;
use crate::time::{Timestamp, SECONDS_PER_DAY};

/// 2025-01-01T00:00:00Z, an arbitrary "today".
pub const T0: Timestamp = Timestamp(1_735_689_600);

pub fn days(n: i64) -> Timestamp {
    T0.plus_seconds(n * SECONDS_PER_DAY)
}

pub fn fixed_engagement() -> Engagement {
    Engagement {
        id: crate::EngagementId::new(1),
        code: "AZ-MIG-ASSESS".to_owned(),
        name: "Azure migration assessment".to_owned(),
        solution_area: "Infrastructure".to_owned(),
        activity_type: "Assessment".to_owned(),
        payment_type: PaymentType::Fixed,
        accepted_id_types: vec![
            CustomerIdType::DomainName,
            CustomerIdType::TenantId,
            CustomerIdType::Tpid,
            CustomerIdType::AzureSubscriptionId,
        ],
        consent_window_days: 14,
        submission_window_days: 60,
        review_window_days: 30,
        dispute_window_days: 10,
        max_active_claims_per_customer: 2,
        open_from: days(-100),
        open_until: days(100),
        payment: PaymentRule::Fixed {
            amount_cents: 500_000,
            currency: "USD".to_owned(),
        },
    }
}

pub fn variable_engagement() -> Engagement {
    Engagement {
        id: crate::EngagementId::new(2),
        code: "AI-PROJECT".to_owned(),
        name: "AI project".to_owned(),
        payment_type: PaymentType::Variable,
        accepted_id_types: vec![CustomerIdType::MsxOpportunityId],
        max_active_claims_per_customer: 1,
        payment: PaymentRule::Variable {
            hourly_rate_cents_by_band: vec![
                (MarketBand::A, 15_000),
                (MarketBand::B, 12_000),
                (MarketBand::C, 9_000),
            ],
            deal_value_percent_bp: 500,
            cap_cents: 5_000_000,
            min_hours: 10,
            max_hours: 400,
            currency: "USD".to_owned(),
        },
        ..fixed_engagement()
    }
}
