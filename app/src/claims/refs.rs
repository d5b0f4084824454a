//! Claim references: stable, human-readable, and not guessable from one another.

use crate::error::AppError;
use domain::ids::{CLAIM_REF_ALPHABET, CLAIM_REF_BODY_LEN};
use domain::ClaimRef;
use rand::Rng;

/// `C-` and ten characters of Crockford's base 32 (50 random bits from the operating system's
/// generator, via `rand`'s thread-local CSPRNG).
pub fn new_claim_ref() -> ClaimRef {
    let mut rng = rand::thread_rng();
    let body: [u8; CLAIM_REF_BODY_LEN] =
        std::array::from_fn(|_| CLAIM_REF_ALPHABET[rng.gen_range(0..CLAIM_REF_ALPHABET.len())]);
    ClaimRef::from_body(&body).expect("a body drawn from the alphabet is a reference")
}

/// A reference as a request gives it (a URL segment, a form field). Text that cannot be a
/// reference names no claim: it is answered as a claim that does not exist, like any other.
pub fn requested(text: &str) -> Result<ClaimRef, AppError> {
    ClaimRef::parse(text).map_err(|_| AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_claim_ref_reads_back_as_itself() {
        let r = new_claim_ref();
        assert_eq!(ClaimRef::parse(r.as_str()).unwrap(), r);
        assert!(r.as_str().starts_with("C-"));
    }

    #[test]
    fn claim_refs_do_not_repeat() {
        let refs: std::collections::HashSet<_> = (0..10_000).map(|_| new_claim_ref()).collect();
        assert_eq!(refs.len(), 10_000);
    }

    #[test]
    fn text_that_is_no_reference_is_answered_as_a_claim_not_found() {
        assert_eq!(requested("C-1; DROP TABLE claims"), Err(AppError::NotFound));
        assert!(requested(" c-0000000001 ").is_ok());
    }
}
