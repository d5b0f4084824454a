//! The language a contact reads: e-mails and the consent page are written in it.

use super::{Field, ParseError, Problem};
use serde::{Deserialize, Serialize};
use std::fmt;

/// English or French. Serialised as its code, `en` or `fr`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub enum Language {
    /// English, the default.
    #[default]
    En,
    /// French.
    Fr,
}

impl Language {
    /// Both languages.
    pub const ALL: [Language; 2] = [Language::En, Language::Fr];

    /// Parses `en` or `fr` in any case, also with a region (`en-US`, `fr_CA`), as browsers'
    /// `Accept-Language` and operating systems write them.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::Language, problem);
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Empty));
        }
        let primary = trimmed.split(['-', '_']).next().unwrap_or(trimmed);
        if primary.eq_ignore_ascii_case("en") {
            Ok(Language::En)
        } else if primary.eq_ignore_ascii_case("fr") {
            Ok(Language::Fr)
        } else {
            Err(err(Problem::BadFormat))
        }
    }

    /// The ISO 639-1 code: `en` or `fr`.
    pub const fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }

    /// The language's own name, for a language picker.
    pub const fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Fr => "Français",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Language {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Language {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Language> for String {
    fn from(value: Language) -> String {
        value.code().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_with_regions_and_any_case_are_accepted() {
        assert_eq!(Language::parse("EN").unwrap(), Language::En);
        assert_eq!(Language::parse("en-US").unwrap(), Language::En);
        assert_eq!(Language::parse(" fr-CA ").unwrap(), Language::Fr);
        assert_eq!(Language::parse("fr_be").unwrap(), Language::Fr);
    }

    #[test]
    fn other_languages_are_rejected() {
        assert_eq!(
            Language::parse("de").unwrap_err().problem,
            Problem::BadFormat
        );
        assert_eq!(
            Language::parse("english").unwrap_err().problem,
            Problem::BadFormat
        );
        assert_eq!(Language::parse("").unwrap_err().problem, Problem::Empty);
    }

    #[test]
    fn a_language_serialises_as_its_code() {
        assert_eq!(serde_json::to_string(&Language::Fr).unwrap(), "\"fr\"");
        assert_eq!(
            serde_json::from_str::<Language>("\"fr-CA\"").unwrap(),
            Language::Fr
        );
    }
}
