//! Engagements: the programme's offers, with their windows, limits and payment rules.

mod error;
mod rule;

#[cfg(test)]
mod tests;

pub use error::EngagementError;
pub use rule::{MarketBand, PaymentRule, PaymentType};

use crate::claim::DeadlineKind;
use crate::ids::CustomerIdType;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// A programme offer partners nominate customers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Engagement {
    /// Database ID.
    pub id: crate::EngagementId,
    /// The programme's short code, e.g. `AZ-MIG-ASSESS`.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Solution area, e.g. "Infrastructure".
    pub solution_area: String,
    /// Partner activity type, e.g. "Assessment".
    pub activity_type: String,
    /// Fixed or variable; must agree with `payment`.
    pub payment_type: PaymentType,
    /// The customer ID kinds a claim may use.
    pub accepted_id_types: Vec<CustomerIdType>,
    /// Days the customer has to consent, from the claim's creation.
    pub consent_window_days: u32,
    /// Days the partner has to submit, from the consent.
    pub submission_window_days: u32,
    /// Days the programme has to review, from the (latest) submission; a partner asked to act
    /// must resubmit within it too.
    pub review_window_days: u32,
    /// Days the partner has to dispute a rejection, from the rejection.
    pub dispute_window_days: u32,
    /// How many open claims, across all partners, one customer may have on this engagement.
    pub max_active_claims_per_customer: u32,
    /// First moment new claims are accepted (inclusive).
    pub open_from: Timestamp,
    /// Moment new claims stop being accepted (exclusive).
    pub open_until: Timestamp,
    /// How much a claim is paid.
    pub payment: PaymentRule,
}

impl Engagement {
    /// Whether new claims are accepted at `now`: `open_from <= now < open_until`.
    pub fn is_open(&self, now: Timestamp) -> bool {
        self.open_from <= now && now < self.open_until
    }

    /// Whether a claim may use a customer ID of this kind.
    pub fn accepts(&self, kind: CustomerIdType) -> bool {
        self.accepted_id_types.contains(&kind)
    }

    /// The length of one of the engagement's windows, in days.
    pub const fn window_days(&self, kind: DeadlineKind) -> u32 {
        match kind {
            DeadlineKind::Consent => self.consent_window_days,
            DeadlineKind::Submission => self.submission_window_days,
            DeadlineKind::Review => self.review_window_days,
            DeadlineKind::Dispute => self.dispute_window_days,
        }
    }

    /// Checks that the engagement is consistent (run when the programme loads or edits one);
    /// returns every problem found, not only the first.
    pub fn validate(&self) -> Result<(), Vec<EngagementError>> {
        let mut errors = Vec::new();
        let mut push = |condition: bool, error| {
            if condition {
                errors.push(error);
            }
        };
        push(self.code.trim().is_empty(), EngagementError::CodeMissing);
        push(self.name.trim().is_empty(), EngagementError::NameMissing);
        push(
            self.accepted_id_types.is_empty(),
            EngagementError::NoAcceptedIdTypes,
        );
        push(
            has_duplicates(&self.accepted_id_types),
            EngagementError::DuplicateIdType,
        );
        push(
            self.payment_type != self.payment.payment_type(),
            EngagementError::PaymentTypeMismatch,
        );
        let msx = self.accepts(CustomerIdType::MsxOpportunityId);
        let non_msx = self
            .accepted_id_types
            .iter()
            .any(|k| *k != CustomerIdType::MsxOpportunityId);
        match self.payment_type {
            PaymentType::Variable => push(non_msx, EngagementError::VariableAcceptsOnlyMsx),
            PaymentType::Fixed => push(msx, EngagementError::FixedCannotAcceptMsx),
        }
        for kind in DeadlineKind::ALL {
            push(
                self.window_days(kind) == 0,
                EngagementError::ZeroWindow { kind },
            );
        }
        push(
            self.max_active_claims_per_customer == 0,
            EngagementError::ZeroActiveClaimLimit,
        );
        push(
            self.open_from >= self.open_until,
            EngagementError::EmptyOpenPeriod,
        );
        push(
            !is_currency_code(self.payment.currency()),
            EngagementError::BadCurrency,
        );
        match &self.payment {
            PaymentRule::Fixed { amount_cents, .. } => {
                push(*amount_cents <= 0, EngagementError::AmountNotPositive);
            }
            PaymentRule::Variable {
                hourly_rate_cents_by_band,
                deal_value_percent_bp,
                cap_cents,
                min_hours,
                max_hours,
                ..
            } => {
                let bands: Vec<MarketBand> =
                    hourly_rate_cents_by_band.iter().map(|(b, _)| *b).collect();
                push(bands.is_empty(), EngagementError::NoBandRates);
                push(has_duplicates(&bands), EngagementError::DuplicateBandRate);
                push(
                    *cap_cents <= 0 || hourly_rate_cents_by_band.iter().any(|(_, r)| *r <= 0),
                    EngagementError::AmountNotPositive,
                );
                push(
                    *deal_value_percent_bp == 0 || *deal_value_percent_bp > 10_000,
                    EngagementError::PercentOutOfRange,
                );
                push(
                    min_hours > max_hours || *max_hours == 0,
                    EngagementError::HoursRangeInvalid,
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[i + 1..].contains(a))
}

fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}
