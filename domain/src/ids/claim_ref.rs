//! Claim references: what partners and reviewers quote (`C-7K2M9QXA4D`).

use super::{string_newtype, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};

/// `C-` and ten characters of Crockford's base 32 (no I, L, O or U). Lower case is accepted and
/// stored upper case, so a reference retyped from a letter still matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClaimRef(String);

string_newtype!(ClaimRef);

/// The characters of a reference's body.
pub const CLAIM_REF_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters after the prefix.
pub const CLAIM_REF_BODY_LEN: usize = 10;
const PREFIX: &str = "C-";

impl ClaimRef {
    /// Parses `C-` and ten base-32 characters, ignoring surrounding white space and case.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::ClaimRef, problem);
        let normalised = input.trim().to_ascii_uppercase();
        if normalised.is_empty() {
            return Err(err(Problem::Empty));
        }
        let Some(body) = normalised.strip_prefix(PREFIX) else {
            return Err(err(Problem::BadFormat));
        };
        if !body.bytes().all(|b| CLAIM_REF_ALPHABET.contains(&b)) {
            return Err(err(Problem::InvalidCharacter));
        }
        if body.len() != CLAIM_REF_BODY_LEN {
            return Err(err(Problem::BadFormat));
        }
        Ok(Self(normalised))
    }

    /// The reference with `body` (ten alphabet characters, e.g. drawn at random) after the prefix.
    pub fn from_body(body: &[u8; CLAIM_REF_BODY_LEN]) -> Result<Self, ParseError> {
        Self::parse(&format!("{PREFIX}{}", String::from_utf8_lossy(body)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_retyped_in_lower_case_is_the_same_reference() {
        assert_eq!(
            ClaimRef::parse(" c-7k2m9qxa4d ").unwrap().as_str(),
            "C-7K2M9QXA4D"
        );
    }

    #[test]
    fn letters_outside_the_alphabet_are_refused() {
        assert_eq!(
            ClaimRef::parse("C-7K2M9QXA4I").unwrap_err().problem,
            Problem::InvalidCharacter
        );
    }

    #[test]
    fn a_reference_without_its_prefix_or_of_another_length_is_refused() {
        assert_eq!(
            ClaimRef::parse("7K2M9QXA4D").unwrap_err().problem,
            Problem::BadFormat
        );
        assert_eq!(
            ClaimRef::parse("C-7K2M9").unwrap_err().problem,
            Problem::BadFormat
        );
    }

    #[test]
    fn a_reference_crosses_the_wire_as_its_text_and_is_parsed_again() {
        let r = ClaimRef::parse("C-0000000001").unwrap();
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"C-0000000001\"");
        assert!(serde_json::from_str::<ClaimRef>("\"C-1\"").is_err());
    }
}
