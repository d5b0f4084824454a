//! TPIDs (top parent IDs): the programme's number for a customer's parent organisation.

use super::{Field, ParseError, Problem};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A positive number of at most 10 digits. Serialised as its decimal string, like every other
/// identifier, so JavaScript never rounds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tpid(u64);

const MAX_DIGITS: usize = 10;

impl Tpid {
    /// Parses ASCII digits, ignoring surrounding white space and leading zeros (spreadsheets
    /// pad them); at most 10 significant digits, and not zero.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::Tpid, problem);
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Empty));
        }
        if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(Problem::InvalidCharacter));
        }
        let significant = trimmed.trim_start_matches('0');
        if significant.is_empty() {
            return Err(err(Problem::Zero));
        }
        if significant.len() > MAX_DIGITS {
            return Err(err(Problem::TooLong {
                max: MAX_DIGITS as u32,
            }));
        }
        // 10 digits always fit in a u64; the error arm is unreachable but costs nothing.
        significant
            .parse::<u64>()
            .map(Self)
            .map_err(|_| err(Problem::BadFormat))
    }

    /// The number.
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Tpid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for Tpid {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Tpid {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Tpid> for String {
    fn from(value: Tpid) -> String {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(input: &str) -> Problem {
        Tpid::parse(input).unwrap_err().problem
    }

    #[test]
    fn leading_zeros_are_stripped() {
        let t = Tpid::parse(" 00012345 ").unwrap();
        assert_eq!(t.get(), 12345);
        assert_eq!(t.to_string(), "12345");
    }

    #[test]
    fn ten_digits_are_accepted_and_eleven_rejected() {
        assert_eq!(Tpid::parse("9999999999").unwrap().get(), 9_999_999_999);
        assert_eq!(problem("12345678901"), Problem::TooLong { max: 10 });
    }

    #[test]
    fn zero_is_rejected() {
        assert_eq!(problem("0"), Problem::Zero);
        assert_eq!(problem("0000"), Problem::Zero);
    }

    #[test]
    fn signs_separators_and_letters_are_rejected() {
        for input in ["-5", "+5", "1,234", "1 234", "12a", "１２"] {
            assert_eq!(problem(input), Problem::InvalidCharacter, "{input}");
        }
    }

    #[test]
    fn a_tpid_serialises_as_a_string_and_revalidates() {
        let t = Tpid::parse("42").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"42\"");
        assert_eq!(serde_json::from_str::<Tpid>("\"0042\"").unwrap(), t);
        assert!(serde_json::from_str::<Tpid>("\"0\"").is_err());
    }
}
