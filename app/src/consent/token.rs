//! The consent link's token: 256 bits from the operating system's random source, written in the
//! link as unpadded base64url; the database keeps only its SHA-256. A token of full entropy needs
//! no slow hash: nothing about it can be guessed faster than the 2^256 tries.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Characters of a token as written in a link.
pub const TOKEN_LEN: usize = 43;

/// A new token for a link, with the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_token(&token);
    (token, hash)
}

/// What the database stores for a token: its SHA-256, in hexadecimal.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether a string could be a token at all (before any lookup).
pub fn well_formed(token: &str) -> bool {
    token.len() == TOKEN_LEN
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_well_formed_and_its_hash_is_not_the_token() {
        let (token, hash) = new_token();
        assert!(well_formed(&token), "{token}");
        assert_eq!(hash.len(), 64);
        assert_eq!(hash, hash_token(&token));
        assert!(!hash.contains(&token));
    }

    #[test]
    fn two_tokens_differ() {
        assert_ne!(new_token().0, new_token().0);
    }

    #[test]
    fn malformed_tokens_are_recognised_without_a_lookup() {
        assert!(!well_formed(""));
        assert!(!well_formed("short"));
        assert!(!well_formed(&"a".repeat(44)));
        assert!(!well_formed(&format!("{}/", "a".repeat(42))));
    }
}
