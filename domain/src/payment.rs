//! The proposed payment of a claim (DESIGN.md §4, "Payment").

use crate::engagement::{MarketBand, PaymentRule};
use crate::money::Money;
use serde::{Deserialize, Serialize};

/// Basis points in a whole: 10 000 bp = 100 %.
const BP_PER_WHOLE: i128 = 10_000;

/// Why a payment cannot be proposed. Codes are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PaymentError {
    /// `missing_hours`: a variable engagement needs the claim's hours.
    #[error("Enter the number of hours.")]
    MissingHours,
    /// `hours_out_of_range`: the hours are outside what the engagement allows.
    #[error("The hours must be between {min} and {max}.")]
    HoursOutOfRange {
        /// Fewest hours allowed.
        min: u32,
        /// Most hours allowed.
        max: u32,
    },
    /// `missing_band`: the opportunity's market band is not known.
    #[error("The market band of the opportunity is not known.")]
    MissingBand,
    /// `no_rate_for_band`: the engagement has no hourly rate for the opportunity's band.
    #[error("This engagement has no hourly rate for market band {}.", band.code())]
    NoRateForBand {
        /// The band without a rate.
        band: MarketBand,
    },
    /// `missing_deal_value`: the opportunity's deal value is not known.
    #[error("The deal value of the opportunity is not known.")]
    MissingDealValue,
    /// `negative_deal_value`: the opportunity's deal value is below zero.
    #[error("The deal value of the opportunity is negative.")]
    NegativeDealValue,
    /// `invalid_rule`: the engagement's rule has a negative rate or cap (see
    /// [`Engagement::validate`](crate::engagement::Engagement::validate)).
    #[error("The engagement's payment rule is invalid.")]
    InvalidRule,
}

impl PaymentError {
    /// The stable snake_case code, equal to the serde tag.
    pub const fn code(&self) -> &'static str {
        match self {
            PaymentError::MissingHours => "missing_hours",
            PaymentError::HoursOutOfRange { .. } => "hours_out_of_range",
            PaymentError::MissingBand => "missing_band",
            PaymentError::NoRateForBand { .. } => "no_rate_for_band",
            PaymentError::MissingDealValue => "missing_deal_value",
            PaymentError::NegativeDealValue => "negative_deal_value",
            PaymentError::InvalidRule => "invalid_rule",
        }
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// The message in French.
    pub fn message_fr(&self) -> String {
        match self {
            PaymentError::MissingHours => "Saisissez le nombre d'heures.".to_owned(),
            PaymentError::HoursOutOfRange { min, max } => {
                format!("Le nombre d'heures doit être compris entre {min} et {max}.")
            }
            PaymentError::MissingBand => {
                "La zone de marché de l'opportunité n'est pas connue.".to_owned()
            }
            PaymentError::NoRateForBand { band } => format!(
                "Cet engagement n'a pas de taux horaire pour la zone de marché {}.",
                band.code()
            ),
            PaymentError::MissingDealValue => {
                "La valeur de la transaction de l'opportunité n'est pas connue.".to_owned()
            }
            PaymentError::NegativeDealValue => {
                "La valeur de la transaction de l'opportunité est négative.".to_owned()
            }
            PaymentError::InvalidRule => {
                "La règle de paiement de l'engagement n'est pas valide.".to_owned()
            }
        }
    }
}

/// The payment proposed for a claim.
///
/// - Fixed: the engagement's amount; the other arguments are ignored.
/// - Variable: `min(hours × hourly rate for the band, deal value × percentage, cap)`.
///
/// All arithmetic is in integer cents with an `i128` intermediate, so no product can
/// overflow. The percentage share is `deal_value_cents × bp / 10 000` **rounded half up to the
/// cent** (0.5 cent becomes 1 cent): the only rounding anywhere, applied before taking the
/// minimum. The deal value is assumed to be in the rule's currency; converting is the
/// caller's business.
pub fn proposed_payment(
    rule: &PaymentRule,
    hours: Option<u32>,
    band: Option<MarketBand>,
    deal_value_cents: Option<i64>,
) -> Result<Money, PaymentError> {
    let (bp, cap, min_hours, max_hours, currency) = match rule {
        PaymentRule::Fixed {
            amount_cents,
            currency,
        } => return Ok(Money::new(*amount_cents, currency.clone())),
        PaymentRule::Variable {
            deal_value_percent_bp,
            cap_cents,
            min_hours,
            max_hours,
            currency,
            ..
        } => (
            *deal_value_percent_bp,
            *cap_cents,
            *min_hours,
            *max_hours,
            currency,
        ),
    };

    let hours = hours.ok_or(PaymentError::MissingHours)?;
    if !(min_hours..=max_hours).contains(&hours) {
        return Err(PaymentError::HoursOutOfRange {
            min: min_hours,
            max: max_hours,
        });
    }
    let band = band.ok_or(PaymentError::MissingBand)?;
    let rate = rule
        .rate_for(band)
        .ok_or(PaymentError::NoRateForBand { band })?;
    let deal = deal_value_cents.ok_or(PaymentError::MissingDealValue)?;
    if deal < 0 {
        return Err(PaymentError::NegativeDealValue);
    }
    if rate < 0 || cap < 0 {
        return Err(PaymentError::InvalidRule);
    }

    let by_hours = i128::from(hours) * i128::from(rate);
    let by_deal = percent_half_up(i128::from(deal), i128::from(bp));
    let cents = by_hours.min(by_deal).min(i128::from(cap));
    // The minimum is at most the cap, an i64, and at least 0: the conversion cannot fail.
    let cents = i64::try_from(cents).map_err(|_| PaymentError::InvalidRule)?;
    Ok(Money::new(cents, currency.clone()))
}

/// `value × bp / 10 000`, rounded half up, for non-negative `value` and `bp`.
fn percent_half_up(value: i128, bp: i128) -> i128 {
    (value * bp + BP_PER_WHOLE / 2) / BP_PER_WHOLE
}

#[cfg(test)]
mod tests;
