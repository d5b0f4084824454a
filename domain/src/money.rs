//! Amounts of money, in integer minor units, and how people read them.

use serde::{Deserialize, Serialize};

/// An amount in cents (minor units) of an ISO 4217 currency. Never a float: a payment must
/// add up to the cent on both sides of the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The amount, in cents.
    pub cents: i64,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
}

impl Money {
    /// An amount.
    pub fn new(cents: i64, currency: impl Into<String>) -> Self {
        Self {
            cents,
            currency: currency.into(),
        }
    }

    /// English style: `1,234.56 USD`.
    pub fn format_en(&self) -> String {
        format!("{} {}", self.digits(",", '.'), self.currency)
    }

    /// French style: `1 234,56 USD`. The thousands separator is a no-break space (U+00A0), so
    /// a number never wraps in the middle; the space before the currency is an ordinary one.
    pub fn format_fr(&self) -> String {
        format!("{} {}", self.digits("\u{a0}", ','), self.currency)
    }

    /// The amount with two decimals and grouped thousands. Assumes two minor digits, true of
    /// every currency the programme pays in (USD, EUR, CAD, …).
    fn digits(&self, thousands: &str, decimal: char) -> String {
        // unsigned_abs: -i64::MIN does not fit in an i64.
        let abs = self.cents.unsigned_abs();
        let units = (abs / 100).to_string();
        let mut grouped = String::with_capacity(units.len() * 2);
        for (i, digit) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push_str(thousands);
            }
            grouped.push(digit);
        }
        let sign = if self.cents < 0 { "-" } else { "" };
        format!("{sign}{grouped}{decimal}{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_by_thousands_in_english() {
        assert_eq!(Money::new(123_456, "USD").format_en(), "1,234.56 USD");
        assert_eq!(Money::new(5, "USD").format_en(), "0.05 USD");
        assert_eq!(
            Money::new(100_000_000, "EUR").format_en(),
            "1,000,000.00 EUR"
        );
        assert_eq!(Money::new(99_999, "EUR").format_en(), "999.99 EUR");
    }

    #[test]
    fn amounts_use_a_comma_and_no_break_spaces_in_french() {
        assert_eq!(Money::new(123_456, "USD").format_fr(), "1\u{a0}234,56 USD");
        assert_eq!(Money::new(0, "EUR").format_fr(), "0,00 EUR");
    }

    #[test]
    fn negative_and_extreme_amounts_format_without_overflow() {
        assert_eq!(Money::new(-123_456, "USD").format_en(), "-1,234.56 USD");
        assert_eq!(
            Money::new(i64::MIN, "USD").format_en(),
            "-92,233,720,368,547,758.08 USD"
        );
        assert_eq!(
            Money::new(i64::MAX, "USD").format_en(),
            "92,233,720,368,547,758.07 USD"
        );
    }
}
