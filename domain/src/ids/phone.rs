//! Contact phone numbers.

use super::{string_newtype, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};

/// An E.164 number: `+`, then 8 to 15 digits, the first not 0. E.g. `+33612345678`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

string_newtype!(PhoneNumber);

const MIN_DIGITS: usize = 8;
const MAX_DIGITS: usize = 15;

impl PhoneNumber {
    /// Parses a number typed the way people write them: spaces, dots, hyphens and parentheses
    /// are dropped, and a leading `00` (the international prefix in most countries) becomes `+`.
    /// National numbers without a country code are refused: the e-mail may cross borders and
    /// the programme cannot guess the country. The `(0)` written after a country code in
    /// Europe (`+33 (0)6 …`) is the national trunk prefix, not part of the number: it is dropped.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::PhoneNumber, problem);
        let compact: String = input
            .replace("(0)", "")
            .chars()
            .filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')')))
            .collect();
        if compact.is_empty() {
            return Err(err(Problem::Empty));
        }
        let digits = if let Some(rest) = compact.strip_prefix('+') {
            rest
        } else if let Some(rest) = compact.strip_prefix("00") {
            rest
        } else if compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(err(Problem::BadFormat));
        } else {
            return Err(err(Problem::InvalidCharacter));
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(Problem::InvalidCharacter));
        }
        if digits.starts_with('0') {
            // Country codes never start with 0: this is a national number after a '+'.
            return Err(err(Problem::BadFormat));
        }
        if digits.len() < MIN_DIGITS {
            return Err(err(Problem::TooShort {
                min: MIN_DIGITS as u32,
            }));
        }
        if digits.len() > MAX_DIGITS {
            return Err(err(Problem::TooLong {
                max: MAX_DIGITS as u32,
            }));
        }
        Ok(Self(format!("+{digits}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(input: &str) -> Problem {
        PhoneNumber::parse(input).unwrap_err().problem
    }

    #[test]
    fn separators_are_removed() {
        assert_eq!(
            PhoneNumber::parse("+33 6.12-34 56 78").unwrap().as_str(),
            "+33612345678"
        );
        assert_eq!(
            PhoneNumber::parse(" +1 (425) 555-0100 ").unwrap().as_str(),
            "+14255550100"
        );
    }

    #[test]
    fn a_trunk_prefix_in_parentheses_is_dropped() {
        assert_eq!(
            PhoneNumber::parse("+33 (0)6 12 34 56 78").unwrap().as_str(),
            "+33612345678"
        );
    }

    #[test]
    fn a_double_zero_prefix_becomes_a_plus() {
        assert_eq!(
            PhoneNumber::parse("0033 6 12 34 56 78").unwrap().as_str(),
            "+33612345678"
        );
    }

    #[test]
    fn a_national_number_without_country_code_is_rejected() {
        assert_eq!(problem("06 12 34 56 78"), Problem::BadFormat);
        assert_eq!(problem("+0612345678"), Problem::BadFormat);
    }

    #[test]
    fn seven_digits_are_too_few_and_sixteen_too_many() {
        assert_eq!(problem("+1234567"), Problem::TooShort { min: 8 });
        assert!(PhoneNumber::parse("+12345678").is_ok());
        assert!(PhoneNumber::parse("+123456789012345").is_ok());
        assert_eq!(problem("+1234567890123456"), Problem::TooLong { max: 15 });
        assert_eq!(problem("+"), Problem::TooShort { min: 8 });
    }

    #[test]
    fn letters_and_extensions_are_rejected() {
        assert_eq!(problem("+1 425 555 0100 ext 12"), Problem::InvalidCharacter);
        assert_eq!(problem("call me"), Problem::InvalidCharacter);
        assert_eq!(problem("++33612345678"), Problem::InvalidCharacter);
    }

    #[test]
    fn blank_is_empty() {
        assert_eq!(problem(" - "), Problem::Empty);
    }
}
