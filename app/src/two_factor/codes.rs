//! The codes of two-factor authentication: RFC 6238 time-based codes (the `totp-rs` crate: SHA-1,
//! six digits, 30-second steps, which every authenticator app reads) and one-time recovery codes.
//!
//! A code is checked against the step before, the current one and the one after (a phone's clock
//! a little off), and only against steps after the last one accepted: a code cannot be used twice,
//! nor an older one after a newer. The caller records the step it was accepted for, in the
//! database, so two requests with one code cannot both pass.

use rand::rngs::OsRng;
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Secret, TOTP};

/// Seconds of one time step.
pub const STEP_SECS: u64 = 30;
/// How many recovery codes an authenticator comes with.
pub const RECOVERY_CODES: usize = 10;
/// The name an authenticator app shows above the codes.
const ISSUER: &str = "MCI Customers";
/// Recovery code characters: lower-case letters and digits, without those read alike (0 o 1 l i).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
const RECOVERY_LEN: usize = 10;

/// What the person typed in the code field, once read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entered {
    /// Six digits from the authenticator.
    Totp(String),
    /// A recovery code, as its hash.
    Recovery(String),
}

/// Reads a typed code: spaces and dashes are ignored, letters in either case. `None` when it is
/// neither six digits nor a recovery code.
pub fn read_entered(typed: &str) -> Option<Entered> {
    let compact: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_lowercase();
    if compact.len() == 6 && compact.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Entered::Totp(compact));
    }
    (compact.len() == RECOVERY_LEN && compact.bytes().all(|b| RECOVERY_ALPHABET.contains(&b)))
        .then(|| Entered::Recovery(hash_recovery_code(&compact)))
}

/// A new secret of 160 bits (RFC 4226's recommended length), base32 as apps and the database
/// take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => unreachable!("to_encoded gives the encoded form"),
    }
}

fn totp(secret: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    TOTP::new(
        Algorithm::SHA1,
        6,
        0,
        STEP_SECS,
        bytes,
        Some(ISSUER.to_owned()),
        account.to_owned(),
    )
    .ok()
}

/// The `otpauth://` address that the QR code carries.
pub fn otpauth_url(secret: &str, account: &str) -> Option<String> {
    totp(secret, account).map(|t| t.get_url())
}

/// The QR code of `url`, as an SVG image.
pub fn qr_svg(url: &str) -> Option<String> {
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    // The image goes inside the page's HTML: without the XML declaration before it.
    svg.find("<svg").map(|start| svg[start..].to_owned())
}

/// The step `code` is valid for, within one step of `now_secs` and after `after_step`.
pub fn matching_step(
    secret: &str,
    account: &str,
    code: &str,
    now_secs: u64,
    after_step: i64,
) -> Option<i64> {
    let totp = totp(secret, account)?;
    let current = now_secs / STEP_SECS;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .filter(|step| i64::try_from(*step).is_ok_and(|s| s > after_step))
        .find(|step| totp.check(code, step * STEP_SECS))
        .and_then(|step| i64::try_from(step).ok())
}

/// The code of `secret` at `time_secs` (for the tests, which act as the person's phone).
pub fn code_at(secret: &str, time_secs: u64) -> Option<String> {
    totp(secret, "x").map(|t| t.generate(time_secs))
}

/// New recovery codes, as shown to the person (`abcde-fghjk`).
pub fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let chars: String = (0..RECOVERY_LEN)
                .map(|_| char::from(RECOVERY_ALPHABET[OsRng.gen_range(0..RECOVERY_ALPHABET.len())]))
                .collect();
            format!("{}-{}", &chars[..5], &chars[5..])
        })
        .collect()
}

/// What the database keeps of a recovery code: the SHA-256 of its compact form. Fifty bits from
/// the operating system's random source, tried at most a few times per window by the sign-in
/// throttle, need no slow hash.
pub fn hash_recovery_code(code: &str) -> String {
    let compact: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_lowercase();
    hex::encode(Sha256::digest(compact.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_accepted_within_one_step_and_only_after_the_last_accepted() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = (now / STEP_SECS) as i64;
        assert_eq!(
            matching_step(&secret, "a@b.example", &code, now, 0),
            Some(step)
        );
        // A phone 30 seconds behind or ahead still works.
        assert_eq!(
            matching_step(&secret, "a@b.example", &code, now + STEP_SECS, 0),
            Some(step)
        );
        assert_eq!(
            matching_step(&secret, "a@b.example", &code, now - STEP_SECS, 0),
            Some(step)
        );
        // Two steps off, or once used, it is refused.
        assert_eq!(
            matching_step(&secret, "a@b.example", &code, now + 2 * STEP_SECS, 0),
            None
        );
        assert_eq!(
            matching_step(&secret, "a@b.example", &code, now, step),
            None
        );
        // Another secret's code is refused.
        let other = code_at(&new_secret(), now).unwrap();
        if other != code {
            assert_eq!(matching_step(&secret, "a@b.example", &other, now, 0), None);
        }
    }

    #[test]
    fn the_rfc_6238_test_vector_gives_its_code() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 on eight digits, so 287082 on six.
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => unreachable!(),
        };
        assert_eq!(code_at(&secret, 59).as_deref(), Some("287082"));
    }

    #[test]
    fn the_qr_code_carries_an_otpauth_address_with_issuer_and_account() {
        let secret = new_secret();
        let url = otpauth_url(&secret, "ana@contoso.example").unwrap();
        assert!(url.starts_with("otpauth://totp/"), "{url}");
        assert!(
            url.contains("ana%40contoso.example") && url.contains("issuer=MCI%20Customers"),
            "{url}"
        );
        assert!(url.contains(&format!("secret={secret}")), "{url}");
        let svg = qr_svg(&url).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    }

    #[test]
    fn a_typed_code_is_read_as_digits_or_a_recovery_code() {
        assert_eq!(
            read_entered(" 123 456 "),
            Some(Entered::Totp("123456".into()))
        );
        let code = &new_recovery_codes()[0];
        assert_eq!(code.len(), 11);
        assert_eq!(
            read_entered(&code.to_uppercase()),
            Some(Entered::Recovery(hash_recovery_code(code)))
        );
        assert_eq!(read_entered("12345"), None);
        assert_eq!(
            read_entered("abcde-fghj0"),
            None,
            "0 is not in the alphabet"
        );
        assert_eq!(read_entered(""), None);
    }

    #[test]
    fn recovery_codes_differ_and_their_hash_is_not_the_code() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        assert_ne!(hash_recovery_code(&codes[0]), codes[0]);
        assert_eq!(
            hash_recovery_code(&codes[0]),
            hash_recovery_code(&codes[0].replace('-', ""))
        );
    }
}
