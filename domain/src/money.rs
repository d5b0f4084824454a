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

    /// An amount as a person types it, in cents: `4000`, `4000.5`, `4,000.00`, `4 000,00`.
    /// Digits with optional thousands separators (`,`, space, no-break space) and at most two
    /// decimals after `.` or `,` (a `,` followed by exactly three digits groups thousands).
    /// Negative amounts, more than two decimals and anything else give `None`.
    pub fn parse_cents(text: &str) -> Option<i64> {
        let compact: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if compact.is_empty() {
            return None;
        }
        // The decimal separator is the last '.' or ',' followed by one or two digits to the end.
        let (units, decimals) = match compact.rfind(['.', ',']) {
            Some(at) if (1..=2).contains(&(compact.len() - at - 1)) => {
                (&compact[..at], &compact[at + 1..])
            }
            _ => (compact.as_str(), ""),
        };
        let units: String = units.chars().filter(|c| *c != ',').collect();
        if units.is_empty()
            || !units.bytes().all(|b| b.is_ascii_digit())
            || !decimals.bytes().all(|b| b.is_ascii_digit())
            || units.len() > 15
        {
            return None;
        }
        let whole: i64 = units.parse().ok()?;
        let fraction: i64 = match decimals.len() {
            0 => 0,
            1 => decimals.parse::<i64>().ok()? * 10,
            _ => decimals.parse().ok()?,
        };
        whole.checked_mul(100)?.checked_add(fraction)
    }

    /// The amount as a form field shows it before editing: `4000.00`.
    pub fn plain(&self) -> String {
        format!("{}.{:02}", self.cents / 100, (self.cents % 100).abs())
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
    fn typed_amounts_parse_to_cents() {
        assert_eq!(Money::parse_cents("4000"), Some(400_000));
        assert_eq!(Money::parse_cents("4000.5"), Some(400_050));
        assert_eq!(Money::parse_cents(" 4,000.00 "), Some(400_000));
        assert_eq!(Money::parse_cents("4 000,00"), Some(400_000));
        assert_eq!(Money::parse_cents("4\u{a0}000,75"), Some(400_075));
        assert_eq!(Money::parse_cents("1,234"), Some(123_400));
        assert_eq!(Money::parse_cents("0.05"), Some(5));
        for bad in [
            "",
            "-5",
            "12.345",
            "abc",
            "1.2.3x",
            ".50",
            "1e5",
            "99999999999999999999",
        ] {
            assert_eq!(Money::parse_cents(bad), None, "{bad:?}");
        }
        assert_eq!(Money::new(400_000, "EUR").plain(), "4000.00");
    }

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
