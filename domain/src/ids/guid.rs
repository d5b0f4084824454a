//! GUID-shaped customer IDs: Entra tenant IDs and Azure subscription IDs.
//!
//! Two newtypes rather than one `Guid`, so a subscription ID can never be passed where a
//! tenant ID is meant; they share one parser.

use super::{string_newtype, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};

/// An Entra (Azure AD) tenant ID, held as lower-case hyphenated 8-4-4-4-12 hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TenantId(String);

string_newtype!(TenantId);

impl TenantId {
    /// Parses a GUID in any case, with or without braces, with or without hyphens.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        parse_guid(input, Field::TenantId).map(Self)
    }
}

/// An Azure subscription ID, held as lower-case hyphenated 8-4-4-4-12 hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AzureSubscriptionId(String);

string_newtype!(AzureSubscriptionId);

impl AzureSubscriptionId {
    /// Parses a GUID in any case, with or without braces, with or without hyphens.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        parse_guid(input, Field::AzureSubscriptionId).map(Self)
    }
}

/// Where the hyphens of the canonical 36-character form are.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// Accepts `{…}` around the value, and either exactly the 8-4-4-4-12 hyphenation or none at
/// all; a GUID with hyphens in other places is a typo worth reporting, not guessing about.
fn parse_guid(input: &str, field: Field) -> Result<String, ParseError> {
    let err = |problem| ParseError::new(field, problem);
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(err(Problem::Empty));
    }
    let inner = match (trimmed.strip_prefix('{'), trimmed.ends_with('}')) {
        (Some(rest), true) => rest.strip_suffix('}').unwrap_or(rest),
        (None, false) => trimmed,
        // One brace without the other.
        _ => return Err(err(Problem::BadFormat)),
    };
    if !inner.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(err(Problem::InvalidCharacter));
    }
    let hex: String = match inner.len() {
        32 if !inner.contains('-') => inner.to_ascii_lowercase(),
        36 if inner
            .char_indices()
            .all(|(i, c)| (c == '-') == HYPHENS.contains(&i)) =>
        {
            inner.replace('-', "").to_ascii_lowercase()
        }
        _ => return Err(err(Problem::BadFormat)),
    };
    if hex.bytes().all(|b| b == b'0') {
        return Err(err(Problem::Zero));
    }
    // `hex` is 32 ASCII hex digits here, so these byte ranges are on char boundaries.
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANONICAL: &str = "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d";

    fn problem(input: &str) -> Problem {
        TenantId::parse(input).unwrap_err().problem
    }

    #[test]
    fn a_canonical_guid_is_kept_as_is() {
        assert_eq!(TenantId::parse(CANONICAL).unwrap().as_str(), CANONICAL);
    }

    #[test]
    fn a_guid_in_braces_and_upper_case_is_normalised() {
        assert_eq!(
            TenantId::parse(" {8C3DBE5A-1F2E-4B7A-9C1D-0E2F3A4B5C6D} ")
                .unwrap()
                .as_str(),
            CANONICAL
        );
    }

    #[test]
    fn a_guid_without_hyphens_is_hyphenated() {
        assert_eq!(
            TenantId::parse("8C3DBE5A1F2E4B7A9C1D0E2F3A4B5C6D")
                .unwrap()
                .as_str(),
            CANONICAL
        );
        assert_eq!(
            TenantId::parse("{8c3dbe5a1f2e4b7a9c1d0e2f3a4b5c6d}")
                .unwrap()
                .as_str(),
            CANONICAL
        );
    }

    #[test]
    fn a_guid_with_misplaced_hyphens_is_rejected() {
        assert_eq!(
            problem("8c3dbe5a1-f2e-4b7a-9c1d-0e2f3a4b5c6d"),
            Problem::BadFormat
        );
        assert_eq!(
            problem("8c3dbe5a-1f2e4b7a9c1d0e2f3a4b5c6d"),
            Problem::BadFormat
        );
    }

    #[test]
    fn a_guid_with_a_missing_digit_is_rejected() {
        assert_eq!(problem(&CANONICAL[..35]), Problem::BadFormat);
    }

    #[test]
    fn a_lone_brace_is_rejected() {
        assert_eq!(problem(&format!("{{{CANONICAL}")), Problem::BadFormat);
        assert_eq!(problem(&format!("{CANONICAL}}}")), Problem::BadFormat);
    }

    #[test]
    fn a_non_hex_letter_is_an_invalid_character() {
        assert_eq!(
            problem("8c3dbe5g-1f2e-4b7a-9c1d-0e2f3a4b5c6d"),
            Problem::InvalidCharacter
        );
        assert_eq!(
            problem("8c3dbe5ä-1f2e-4b7a-9c1d-0e2f3a4b5c6"),
            Problem::InvalidCharacter
        );
    }

    #[test]
    fn the_all_zero_guid_is_rejected() {
        assert_eq!(
            problem("00000000-0000-0000-0000-000000000000"),
            Problem::Zero
        );
    }

    #[test]
    fn an_empty_guid_is_rejected() {
        assert_eq!(problem(" "), Problem::Empty);
    }

    #[test]
    fn a_subscription_id_error_names_its_own_field() {
        let e = AzureSubscriptionId::parse("nope").unwrap_err();
        assert_eq!(e.field, Field::AzureSubscriptionId);
    }

    #[test]
    fn deserialising_revalidates() {
        let t: TenantId =
            serde_json::from_str(&format!("\"{}\"", CANONICAL.to_uppercase())).unwrap();
        assert_eq!(t.as_str(), CANONICAL);
        assert!(serde_json::from_str::<TenantId>("\"x\"").is_err());
    }
}
