//! Why an engagement definition is inconsistent.

use crate::claim::DeadlineKind;
use serde::{Deserialize, Serialize};

/// Why an engagement definition is inconsistent. For programme staff, so English only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum EngagementError {
    /// `code_missing`
    #[error("The engagement has no code.")]
    CodeMissing,
    /// `name_missing`
    #[error("The engagement has no name.")]
    NameMissing,
    /// `no_accepted_id_types`
    #[error("The engagement accepts no customer ID type.")]
    NoAcceptedIdTypes,
    /// `duplicate_id_type`
    #[error("A customer ID type is listed twice.")]
    DuplicateIdType,
    /// `payment_type_mismatch`
    #[error("The payment type does not match the payment rule.")]
    PaymentTypeMismatch,
    /// `variable_accepts_only_msx`
    #[error("A variable-payment engagement accepts only MSX opportunity IDs.")]
    VariableAcceptsOnlyMsx,
    /// `fixed_cannot_accept_msx`
    #[error("A fixed-payment engagement cannot accept MSX opportunity IDs.")]
    FixedCannotAcceptMsx,
    /// `zero_window`
    #[error("The {} window must be at least one day.", kind.code())]
    ZeroWindow {
        /// Which window.
        kind: DeadlineKind,
    },
    /// `zero_active_claim_limit`
    #[error("The limit of active claims per customer must be at least 1.")]
    ZeroActiveClaimLimit,
    /// `empty_open_period`
    #[error("The engagement closes before it opens.")]
    EmptyOpenPeriod,
    /// `bad_currency`
    #[error("The currency must be a three-letter upper-case ISO 4217 code.")]
    BadCurrency,
    /// `amount_not_positive`
    #[error("Amounts, rates and the cap must be more than zero.")]
    AmountNotPositive,
    /// `no_band_rates`
    #[error("A variable-payment engagement needs an hourly rate for at least one market band.")]
    NoBandRates,
    /// `duplicate_band_rate`
    #[error("A market band has two hourly rates.")]
    DuplicateBandRate,
    /// `percent_out_of_range`
    #[error("The share of the deal value must be between 1 and 10,000 basis points.")]
    PercentOutOfRange,
    /// `hours_range_invalid`
    #[error("The minimum hours exceed the maximum, or the maximum is zero.")]
    HoursRangeInvalid,
}

impl EngagementError {
    /// The stable snake_case code, equal to the serde tag.
    pub const fn code(&self) -> &'static str {
        match self {
            EngagementError::CodeMissing => "code_missing",
            EngagementError::NameMissing => "name_missing",
            EngagementError::NoAcceptedIdTypes => "no_accepted_id_types",
            EngagementError::DuplicateIdType => "duplicate_id_type",
            EngagementError::PaymentTypeMismatch => "payment_type_mismatch",
            EngagementError::VariableAcceptsOnlyMsx => "variable_accepts_only_msx",
            EngagementError::FixedCannotAcceptMsx => "fixed_cannot_accept_msx",
            EngagementError::ZeroWindow { .. } => "zero_window",
            EngagementError::ZeroActiveClaimLimit => "zero_active_claim_limit",
            EngagementError::EmptyOpenPeriod => "empty_open_period",
            EngagementError::BadCurrency => "bad_currency",
            EngagementError::AmountNotPositive => "amount_not_positive",
            EngagementError::NoBandRates => "no_band_rates",
            EngagementError::DuplicateBandRate => "duplicate_band_rate",
            EngagementError::PercentOutOfRange => "percent_out_of_range",
            EngagementError::HoursRangeInvalid => "hours_range_invalid",
        }
    }
}
