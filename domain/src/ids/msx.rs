//! MSX opportunity IDs: the only customer ID that variable-payment engagements accept.

use super::{string_newtype, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};

/// `7-` then 10 upper-case ASCII letters or digits, e.g. `7-3FS2XQBWAO`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MsxOpportunityId(String);

string_newtype!(MsxOpportunityId);

const BODY_LEN: usize = 10;

impl MsxOpportunityId {
    /// Parses `7-` and 10 letters or digits; lower case is accepted and upper-cased.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::MsxOpportunityId, problem);
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Empty));
        }
        let Some(body) = trimmed.strip_prefix("7-") else {
            return Err(err(Problem::BadFormat));
        };
        if !body.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(err(Problem::InvalidCharacter));
        }
        if body.len() != BODY_LEN {
            return Err(err(Problem::BadFormat));
        }
        Ok(Self(format!("7-{}", body.to_ascii_uppercase())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(input: &str) -> Problem {
        MsxOpportunityId::parse(input).unwrap_err().problem
    }

    #[test]
    fn a_lower_case_id_is_upper_cased() {
        assert_eq!(
            MsxOpportunityId::parse(" 7-3fs2xqbwao ").unwrap().as_str(),
            "7-3FS2XQBWAO"
        );
    }

    #[test]
    fn an_id_without_the_7_prefix_is_rejected() {
        assert_eq!(problem("3FS2XQBWAO"), Problem::BadFormat);
        assert_eq!(problem("8-3FS2XQBWAO"), Problem::BadFormat);
        assert_eq!(problem("7_3FS2XQBWAO"), Problem::BadFormat);
    }

    #[test]
    fn an_id_with_nine_or_eleven_characters_is_rejected() {
        assert_eq!(problem("7-3FS2XQBWA"), Problem::BadFormat);
        assert_eq!(problem("7-3FS2XQBWAOX"), Problem::BadFormat);
    }

    #[test]
    fn punctuation_and_accented_letters_are_invalid_characters() {
        assert_eq!(problem("7-3FS2XQ-WAO"), Problem::InvalidCharacter);
        assert_eq!(problem("7-3FS2XQÉWAO"), Problem::InvalidCharacter);
    }

    #[test]
    fn empty_is_rejected() {
        assert_eq!(problem(""), Problem::Empty);
    }
}
