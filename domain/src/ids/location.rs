//! Partner location IDs.

use super::{string_newtype, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};

/// Exactly 7 digits. Kept as a string: leading zeros are part of the ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LocationId(String);

string_newtype!(LocationId);

const LEN: usize = 7;

impl LocationId {
    /// Parses exactly 7 ASCII digits, ignoring surrounding white space.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::LocationId, problem);
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Empty));
        }
        if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err(Problem::InvalidCharacter));
        }
        if trimmed.len() != LEN {
            return Err(err(Problem::BadFormat));
        }
        Ok(Self(trimmed.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_zeros_are_kept() {
        assert_eq!(LocationId::parse(" 0012345 ").unwrap().as_str(), "0012345");
    }

    #[test]
    fn six_or_eight_digits_are_rejected() {
        assert_eq!(
            LocationId::parse("123456").unwrap_err().problem,
            Problem::BadFormat
        );
        assert_eq!(
            LocationId::parse("12345678").unwrap_err().problem,
            Problem::BadFormat
        );
    }

    #[test]
    fn letters_are_rejected() {
        assert_eq!(
            LocationId::parse("123456a").unwrap_err().problem,
            Problem::InvalidCharacter
        );
    }
}
