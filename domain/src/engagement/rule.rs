//! How an engagement pays: fixed or variable, market bands, and the payment rule.

use serde::{Deserialize, Serialize};

/// How the programme pays for an engagement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentType {
    /// `fixed`: one amount per claim.
    Fixed,
    /// `variable`: hours × rate, bounded by a share of the deal and a cap.
    Variable,
}

impl PaymentType {
    /// The stable code: `fixed` or `variable`.
    pub const fn code(self) -> &'static str {
        match self {
            PaymentType::Fixed => "fixed",
            PaymentType::Variable => "variable",
        }
    }

    /// The type with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        [PaymentType::Fixed, PaymentType::Variable]
            .into_iter()
            .find(|t| t.code() == code)
    }
}

/// The market band of an opportunity's country, which sets the hourly rate of a variable
/// engagement. Codes are the band letters `A`…`D`, as the programme's data files write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum MarketBand {
    /// Band A.
    A,
    /// Band B.
    B,
    /// Band C.
    C,
    /// Band D.
    D,
}

impl MarketBand {
    /// Every band.
    pub const ALL: [MarketBand; 4] = [MarketBand::A, MarketBand::B, MarketBand::C, MarketBand::D];

    /// The band letter, `A`…`D`.
    pub const fn code(self) -> &'static str {
        match self {
            MarketBand::A => "A",
            MarketBand::B => "B",
            MarketBand::C => "C",
            MarketBand::D => "D",
        }
    }

    /// The band with this letter, in either case, ignoring surrounding white space.
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL
            .into_iter()
            .find(|b| b.code().eq_ignore_ascii_case(code))
    }
}

/// How much the programme pays for one claim. Amounts are integer minor units (cents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PaymentRule {
    /// The same amount for every claim.
    Fixed {
        /// The amount, in cents.
        amount_cents: i64,
        /// ISO 4217 code, e.g. `USD`.
        currency: String,
    },
    /// `min(hours × rate for the band, deal value × percentage, cap)`.
    Variable {
        /// Hourly rate per market band, in cents.
        hourly_rate_cents_by_band: Vec<(MarketBand, i64)>,
        /// Share of the deal value, in basis points (1/100 of a percent: 250 = 2.5 %).
        deal_value_percent_bp: u32,
        /// The most one claim can be paid, in cents.
        cap_cents: i64,
        /// Fewest hours a claim may declare.
        min_hours: u32,
        /// Most hours a claim may declare.
        max_hours: u32,
        /// ISO 4217 code, e.g. `USD`.
        currency: String,
    },
}

impl PaymentRule {
    /// Fixed or variable.
    pub const fn payment_type(&self) -> PaymentType {
        match self {
            PaymentRule::Fixed { .. } => PaymentType::Fixed,
            PaymentRule::Variable { .. } => PaymentType::Variable,
        }
    }

    /// The currency payments are made in.
    pub fn currency(&self) -> &str {
        match self {
            PaymentRule::Fixed { currency, .. } | PaymentRule::Variable { currency, .. } => {
                currency
            }
        }
    }

    /// The hourly rate for a band, for a variable rule that has one.
    pub fn rate_for(&self, band: MarketBand) -> Option<i64> {
        match self {
            PaymentRule::Fixed { .. } => None,
            PaymentRule::Variable {
                hourly_rate_cents_by_band,
                ..
            } => hourly_rate_cents_by_band
                .iter()
                .find(|(b, _)| *b == band)
                .map(|(_, rate)| *rate),
        }
    }

    /// The allowed hours `(min, max)`, for a variable rule.
    pub const fn hours_range(&self) -> Option<(u32, u32)> {
        match self {
            PaymentRule::Fixed { .. } => None,
            PaymentRule::Variable {
                min_hours,
                max_hours,
                ..
            } => Some((*min_hours, *max_hours)),
        }
    }
}
