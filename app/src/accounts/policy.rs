//! The server's password rule beyond the length (`domain::NewPassword`): not a common or breached
//! password, and not easy to guess, by zxcvbn (Dropbox's estimator, the `zxcvbn` crate). zxcvbn
//! ships the list it checks against: the 30 000 most frequent passwords of public breaches, with
//! common words and names, and it sees through capitals, l33t substitutions and reversal. The
//! user's own e-mail address and name count as words anyone would try first.

use super::model::Strength;
use crate::error::{AppError, FieldError, FieldProblem};
use domain::NewPassword;
use zxcvbn::feedback::Warning;
use zxcvbn::{zxcvbn, Entropy};

/// The lowest zxcvbn score accepted: 3 is "safely unguessable" (10^10 guesses or more), the
/// level zxcvbn itself names the least for an account.
pub const MIN_SCORE: u8 = 3;

/// The words of the user anyone would try first: the e-mail address, its local part, the name.
fn personal_words(email: &str, display_name: &str) -> Vec<String> {
    let mut words = vec![email.to_lowercase()];
    if let Some((local, _)) = email.split_once('@') {
        words.push(local.to_lowercase());
        words.extend(
            local
                .split(['.', '-', '_', '+'])
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_lowercase),
        );
    }
    words.extend(
        display_name
            .split_whitespace()
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_lowercase),
    );
    words
}

fn estimate(password: &str, email: &str, display_name: &str) -> Entropy {
    let words = personal_words(email, display_name);
    let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
    zxcvbn(password, &inputs)
}

/// Whether zxcvbn recognised the password as one of its list of breached passwords, or a close
/// variant of one (capitals, l33t, reversal): its warning says so.
fn is_common(entropy: &Entropy) -> bool {
    entropy
        .feedback()
        .and_then(|f| f.warning())
        .is_some_and(|w| {
            matches!(
                w,
                Warning::ThisIsATop10Password
                    | Warning::ThisIsATop100Password
                    | Warning::ThisIsACommonPassword
                    | Warning::ThisIsSimilarToACommonlyUsedPassword
            )
        })
}

/// The strength meter's reading of what is typed so far.
pub fn rate(password: &str, email: &str, display_name: &str) -> Strength {
    if password.is_empty() {
        return Strength::default();
    }
    let entropy = estimate(password, email, display_name);
    let common = is_common(&entropy);
    let long_enough = NewPassword::parse(password).is_ok();
    Strength {
        score: u8::from(entropy.score()),
        common,
        long_enough,
        acceptable: long_enough && !common && u8::from(entropy.score()) >= MIN_SCORE,
    }
}

/// Parses and checks a new password for the form field `field`: the length rule, then the list
/// of breached passwords, then the strength.
pub fn check(
    field: &str,
    password: &str,
    email: &str,
    display_name: &str,
) -> Result<NewPassword, AppError> {
    let refuse = |problem| AppError::Validation(vec![FieldError::new(field, problem)]);
    let parsed = NewPassword::parse(password).map_err(|e| refuse(FieldProblem::Invalid(e)))?;
    let entropy = estimate(parsed.expose(), email, display_name);
    if is_common(&entropy) {
        return Err(refuse(FieldProblem::CommonPassword));
    }
    if u8::from(entropy.score()) < MIN_SCORE {
        return Err(refuse(FieldProblem::WeakPassword));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(password: &str) -> FieldProblem {
        match check("password", password, "ada@contoso.example", "Ada Lovelace") {
            Err(AppError::Validation(errors)) => errors[0].problem.clone(),
            other => panic!("{password:?} was not refused: {other:?}"),
        }
    }

    #[test]
    fn a_passphrase_of_unrelated_words_is_accepted() {
        assert!(check(
            "password",
            "violet tractor sings quietly",
            "ada@contoso.example",
            "Ada Lovelace"
        )
        .is_ok());
    }

    #[test]
    fn breached_passwords_of_twelve_characters_and_more_are_refused() {
        for breached in [
            "password1234",
            "qwertyuiop123",
            "Password1234",
            "1234567890123",
        ] {
            let p = problem(breached);
            assert!(
                matches!(p, FieldProblem::CommonPassword | FieldProblem::WeakPassword),
                "{breached}: {p:?}"
            );
        }
        assert_eq!(problem("iloveyou1234"), FieldProblem::CommonPassword);
    }

    #[test]
    fn the_users_own_name_and_address_do_not_make_a_password() {
        // Strong enough for anyone else: the address is a long, uncommon string.
        assert!(check(
            "password",
            "ada@contoso.example",
            "bob@other.example",
            "Bob"
        )
        .is_ok());
        assert!(matches!(
            problem("ada@contoso.example"),
            FieldProblem::CommonPassword | FieldProblem::WeakPassword
        ));
    }

    #[test]
    fn the_length_rule_comes_first_and_names_the_field() {
        match check("new_password", "short", "a@b.example", "") {
            Err(AppError::Validation(errors)) => {
                assert_eq!(errors[0].field, "new_password");
                assert_eq!(errors[0].problem.code(), "too_short");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_meter_reads_what_is_typed() {
        assert_eq!(rate("", "a@b.example", ""), Strength::default());
        let weak = rate("password", "a@b.example", "");
        assert!(weak.common && !weak.acceptable && !weak.long_enough);
        let strong = rate("violet tractor sings quietly", "a@b.example", "");
        assert!(strong.acceptable && strong.score >= MIN_SCORE, "{strong:?}");
    }
}
