//! A password a user chooses (NIST SP 800-63B, 5.1.1.2): at least 12 characters and at most 256,
//! counted in characters, with no composition rule (any letter, digit, space or symbol, in any
//! mix). Spaces are kept as typed: a passphrase is a good password. Only control characters are
//! refused, since no keyboard types them. Whether the password is common or easy to guess is
//! the server's further check (a dictionary of breached passwords that the browser does not
//! carry).

use super::{Field, ParseError, Problem};

/// The shortest password accepted.
pub const PASSWORD_MIN_CHARS: usize = 12;
/// The longest password accepted (long passphrases fit; hashing cost stays bounded).
pub const PASSWORD_MAX_CHARS: usize = 256;

/// A password that passed the length and character rules. Its `Debug` form hides it, and it is
/// neither serialised nor displayed.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(..)")
    }
}

impl NewPassword {
    /// Parses a password of 12 to 256 characters without control characters.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::Password, problem);
        if input.is_empty() {
            return Err(err(Problem::Empty));
        }
        if input.chars().any(char::is_control) {
            return Err(err(Problem::InvalidCharacter));
        }
        let count = input.chars().count();
        if count < PASSWORD_MIN_CHARS {
            return Err(err(Problem::TooShort {
                min: PASSWORD_MIN_CHARS as u32,
            }));
        }
        if count > PASSWORD_MAX_CHARS {
            return Err(err(Problem::TooLong {
                max: PASSWORD_MAX_CHARS as u32,
            }));
        }
        Ok(Self(input.to_owned()))
    }

    /// The password, to hash or to rate.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(input: &str) -> Problem {
        NewPassword::parse(input).unwrap_err().problem
    }

    #[test]
    fn twelve_characters_of_any_kind_are_enough() {
        assert!(NewPassword::parse("aaaaaaaaaaaa").is_ok());
        assert!(NewPassword::parse("four words in a row").is_ok());
        assert_eq!(problem("elevenchars"), Problem::TooShort { min: 12 });
    }

    #[test]
    fn length_is_counted_in_characters_and_spaces_are_kept() {
        assert!(NewPassword::parse(&"é".repeat(12)).is_ok());
        assert_eq!(problem(&"é".repeat(11)), Problem::TooShort { min: 12 });
        let spaced = NewPassword::parse("  spaces count  ").unwrap();
        assert_eq!(spaced.expose(), "  spaces count  ");
        assert_eq!(problem(&"x".repeat(257)), Problem::TooLong { max: 256 });
        assert!(NewPassword::parse(&"x".repeat(256)).is_ok());
    }

    #[test]
    fn empty_and_control_characters_are_refused() {
        assert_eq!(problem(""), Problem::Empty);
        assert_eq!(problem("twelve chars\nplus"), Problem::InvalidCharacter);
    }

    #[test]
    fn the_debug_form_hides_the_password() {
        let password = NewPassword::parse("correct horse battery").unwrap();
        assert_eq!(format!("{password:?}"), "NewPassword(..)");
    }

    #[test]
    fn the_message_names_the_field_and_the_length() {
        let error = NewPassword::parse("short").unwrap_err();
        assert_eq!(error.field, Field::Password);
        assert_eq!(
            error.message_en(),
            "The password must have at least 12 characters."
        );
    }
}
