//! The name a partner gives a customer in its own lists.

use super::{string_newtype, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};

/// 3 to 100 characters (Unicode scalar values, not bytes: "Société Générale" counts 16),
/// trimmed, without control characters (they break CSV exports and e-mail subjects).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FriendlyName(String);

string_newtype!(FriendlyName);

const MIN_CHARS: usize = 3;
const MAX_CHARS: usize = 100;

impl FriendlyName {
    /// Parses a trimmed name of 3 to 100 characters without control characters.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::FriendlyName, problem);
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Empty));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(err(Problem::InvalidCharacter));
        }
        let count = trimmed.chars().count();
        if count < MIN_CHARS {
            return Err(err(Problem::TooShort {
                min: MIN_CHARS as u32,
            }));
        }
        if count > MAX_CHARS {
            return Err(err(Problem::TooLong {
                max: MAX_CHARS as u32,
            }));
        }
        Ok(Self(trimmed.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(input: &str) -> Problem {
        FriendlyName::parse(input).unwrap_err().problem
    }

    #[test]
    fn a_name_is_trimmed() {
        assert_eq!(
            FriendlyName::parse("  Contoso Ltd ").unwrap().as_str(),
            "Contoso Ltd"
        );
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        let hundred_accents = "é".repeat(100);
        assert!(FriendlyName::parse(&hundred_accents).is_ok());
        assert_eq!(problem(&"é".repeat(101)), Problem::TooLong { max: 100 });
        assert!(FriendlyName::parse("Ééé").is_ok());
    }

    #[test]
    fn a_name_of_two_characters_is_too_short() {
        assert_eq!(problem(" ab "), Problem::TooShort { min: 3 });
    }

    #[test]
    fn control_characters_are_rejected() {
        assert_eq!(problem("Contoso\nLtd"), Problem::InvalidCharacter);
        assert_eq!(problem("Contoso\u{0}"), Problem::InvalidCharacter);
    }

    #[test]
    fn blank_is_empty() {
        assert_eq!(problem("\t "), Problem::Empty);
    }
}
