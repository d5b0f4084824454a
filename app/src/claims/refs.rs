//! Claim references: stable, human-readable, and not guessable from one another.

use rand::Rng;

/// Crockford's base 32: no I, L, O or U, so a reference read aloud or retyped stays right.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// `C-` and ten characters (50 random bits from the operating system's generator, via
/// `rand`'s thread-local CSPRNG).
pub fn new_claim_ref() -> String {
    let mut rng = rand::thread_rng();
    let body: String = (0..10)
        .map(|_| ALPHABET[rng.gen_range(0..32)] as char)
        .collect();
    format!("C-{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_ref_has_the_prefix_and_ten_unambiguous_characters() {
        let r = new_claim_ref();
        assert_eq!(r.len(), 12);
        assert!(r.starts_with("C-"));
        assert!(r[2..].bytes().all(|b| ALPHABET.contains(&b)));
    }

    #[test]
    fn claim_refs_do_not_repeat() {
        let refs: std::collections::HashSet<_> = (0..10_000).map(|_| new_claim_ref()).collect();
        assert_eq!(refs.len(), 10_000);
    }
}
