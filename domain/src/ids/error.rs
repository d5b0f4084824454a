//! The one error every parser returns: which field, what is wrong, and words for a partner.
//!
//! Problem codes are stable; the UI may localise by `(field code, problem code)`:
//!
//! | code | meaning |
//! |---|---|
//! | `empty` | nothing but white space was given |
//! | `too_short` | fewer than `min` characters (phone: digits) |
//! | `too_long` | more than `max` characters (phone: digits; TPID: significant digits) |
//! | `bad_format` | the overall shape is wrong (length of a GUID, missing `7-`, missing `+`, …) |
//! | `invalid_character` | a character that this field never contains |
//! | `zero` | a TPID of 0 or an all-zero GUID |
//! | `single_label` | a domain name without a dot |
//! | `empty_label` | a domain name starting with a dot or with two dots in a row |
//! | `label_too_long` | a part of a domain name between dots longer than `max` (63) |
//! | `hyphen_at_edge` | a part of a domain name starting or ending with a hyphen |
//! | `numeric_tld` | the last part of a domain name is all digits |

use super::field::Field;
use serde::{Deserialize, Serialize};

/// What is wrong with an input, independent of which field it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    /// Nothing but white space.
    Empty,
    /// Fewer than `min` characters (for a phone number: digits).
    TooShort {
        /// The minimum.
        min: u32,
    },
    /// More than `max` characters (for a phone number: digits).
    TooLong {
        /// The maximum.
        max: u32,
    },
    /// The overall shape is wrong.
    BadFormat,
    /// A character this field never contains.
    InvalidCharacter,
    /// Zero, which is never a real identifier.
    Zero,
    /// A domain name with no dot.
    SingleLabel,
    /// A domain name starting with a dot or with two dots in a row.
    EmptyLabel,
    /// A part of a domain name longer than `max` characters.
    LabelTooLong {
        /// The maximum (63).
        max: u32,
    },
    /// A part of a domain name starting or ending with a hyphen.
    HyphenAtEdge,
    /// A domain name whose last part is only digits.
    NumericTld,
}

impl Problem {
    /// The stable snake_case code (see the module documentation).
    pub const fn code(&self) -> &'static str {
        match self {
            Problem::Empty => "empty",
            Problem::TooShort { .. } => "too_short",
            Problem::TooLong { .. } => "too_long",
            Problem::BadFormat => "bad_format",
            Problem::InvalidCharacter => "invalid_character",
            Problem::Zero => "zero",
            Problem::SingleLabel => "single_label",
            Problem::EmptyLabel => "empty_label",
            Problem::LabelTooLong { .. } => "label_too_long",
            Problem::HyphenAtEdge => "hyphen_at_edge",
            Problem::NumericTld => "numeric_tld",
        }
    }
}

/// An input that could not be parsed into a domain type.
///
/// Serialised as `{"field": "tenant_id", "problem": {"code": "bad_format"}}`, so the browser
/// receives the same structure the server produced and can show it next to the right field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.message_en())]
pub struct ParseError {
    /// Which input.
    pub field: Field,
    /// What is wrong with it.
    pub problem: Problem,
}

impl ParseError {
    /// An error about `field`.
    pub const fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }

    /// The stable code of the problem, e.g. `bad_format`.
    pub const fn code(&self) -> &'static str {
        self.problem.code()
    }

    /// What a partner reads, in English.
    pub fn message_en(&self) -> String {
        let w = self.field.words();
        let unit = if self.field == Field::PhoneNumber {
            "digits after the + sign"
        } else {
            "characters"
        };
        match self.problem {
            Problem::Empty => format!("Enter {}.", w.a_en),
            Problem::TooShort { min } => format!("{} must have at least {min} {unit}.", w.the_en),
            Problem::TooLong { max } => format!("{} can have at most {max} {unit}.", w.the_en),
            Problem::BadFormat => format!("This is not a valid {}. {}", w.noun_en, w.hint_en),
            Problem::InvalidCharacter => format!(
                "{} contains a character that is not allowed. {}",
                w.the_en, w.hint_en
            ),
            Problem::Zero => format!("{} cannot be zero.", w.the_en),
            Problem::SingleLabel => {
                "A domain name needs at least one dot, like contoso.com.".to_owned()
            }
            Problem::EmptyLabel => {
                "A domain name cannot start with a dot or have two dots in a row.".to_owned()
            }
            Problem::LabelTooLong { max } => format!(
                "Each part of a domain name between dots can have at most {max} characters."
            ),
            Problem::HyphenAtEdge => {
                "A part of a domain name cannot start or end with a hyphen.".to_owned()
            }
            Problem::NumericTld => {
                "The last part of a domain name, like .com, cannot be only digits.".to_owned()
            }
        }
    }

    /// What a partner reads, in French.
    pub fn message_fr(&self) -> String {
        let w = self.field.words();
        let unit = if self.field == Field::PhoneNumber {
            "chiffres après le signe +"
        } else {
            "caractères"
        };
        match self.problem {
            Problem::Empty => format!("Saisissez {}.", w.un_fr),
            Problem::TooShort { min } => {
                format!("{} doit comporter au moins {min} {unit}.", w.le_fr)
            }
            Problem::TooLong { max } => format!("{} ne peut pas dépasser {max} {unit}.", w.le_fr),
            Problem::BadFormat => format!("Ce n'est pas {} valide. {}", w.un_fr, w.hint_fr),
            Problem::InvalidCharacter => format!(
                "{} contient un caractère non autorisé. {}",
                w.le_fr, w.hint_fr
            ),
            Problem::Zero => format!("{} ne peut pas valoir zéro.", w.le_fr),
            Problem::SingleLabel => {
                "Un nom de domaine doit contenir au moins un point, par exemple contoso.com."
                    .to_owned()
            }
            Problem::EmptyLabel => "Un nom de domaine ne peut pas commencer par un point ni contenir deux points consécutifs.".to_owned(),
            Problem::LabelTooLong { max } => format!(
                "Chaque partie d'un nom de domaine entre deux points peut comporter au plus {max} caractères."
            ),
            Problem::HyphenAtEdge => "Une partie d'un nom de domaine ne peut ni commencer ni finir par un trait d'union.".to_owned(),
            Problem::NumericTld => "La dernière partie d'un nom de domaine, comme .com, ne peut pas être composée uniquement de chiffres.".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_tenant_id_message_shows_the_expected_shape() {
        let e = ParseError::new(Field::TenantId, Problem::BadFormat);
        assert_eq!(
            e.message_en(),
            "This is not a valid tenant ID. A tenant ID has 32 hexadecimal digits in five groups, like 8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d."
        );
        assert!(e
            .message_fr()
            .starts_with("Ce n'est pas un ID de locataire valide."));
        assert_eq!(e.to_string(), e.message_en());
    }

    #[test]
    fn every_field_and_problem_has_a_message_in_both_languages() {
        let problems = [
            Problem::Empty,
            Problem::TooShort { min: 3 },
            Problem::TooLong { max: 9 },
            Problem::BadFormat,
            Problem::InvalidCharacter,
            Problem::Zero,
            Problem::SingleLabel,
            Problem::EmptyLabel,
            Problem::LabelTooLong { max: 63 },
            Problem::HyphenAtEdge,
            Problem::NumericTld,
        ];
        for field in Field::ALL {
            for problem in problems {
                let e = ParseError::new(field, problem);
                assert!(e.message_en().ends_with('.'), "{e:?}");
                assert!(e.message_fr().ends_with('.'), "{e:?}");
            }
        }
    }

    #[test]
    fn a_parse_error_serialises_with_its_codes() {
        let e = ParseError::new(Field::FriendlyName, Problem::TooLong { max: 100 });
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"field":"friendly_name","problem":{"code":"too_long","max":100}}"#
        );
        assert_eq!(serde_json::from_str::<ParseError>(&json).unwrap(), e);
    }

    #[test]
    fn field_codes_are_their_serde_names() {
        for f in Field::ALL {
            assert_eq!(
                serde_json::to_string(&f).unwrap(),
                format!("\"{}\"", f.code())
            );
        }
    }
}
