//! Password hashing with Argon2id (the `argon2` crate, RustCrypto), PHC string format.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// A stored password hash. Deliberately neither `Serialize` nor `Debug`-revealing: it never
/// leaves the server and never appears in a log.
#[derive(Clone)]
pub struct PasswordHashString(String);

impl std::fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashString(..)")
    }
}

impl PasswordHashString {
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Hashes a password with a fresh random salt.
pub fn hash_password(password: &str) -> anyhow::Result<PasswordHashString> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))?;
    Ok(PasswordHashString(hash.to_string()))
}

/// True when `password` matches `hash`. A malformed stored hash counts as a mismatch (and is
/// logged), never as a crash.
pub fn verify_password(password: &str, hash: &PasswordHashString) -> bool {
    match PasswordHash::new(hash.as_str()) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(error) => {
            tracing::error!(%error, "a stored password hash cannot be parsed");
            false
        }
    }
}

/// How many password hashes may be computed at once. Argon2id costs tens of milliseconds of CPU
/// and 19 MiB each: a burst of sign-ins waits here for its turn instead of filling every
/// blocking thread (and the memory) at once.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    tokio::sync::Semaphore::new(cores.clamp(1, 4))
});

/// Checks a password against a stored hash, or, when there is no account, spends the same time
/// against a dummy hash and answers `false`. The work runs on tokio's blocking pool behind
/// [`HASHING`], never on the async workers that serve every other request.
pub async fn verify(password: String, hash: Option<PasswordHashString>) -> bool {
    let Ok(_permit) = HASHING.acquire().await else {
        return false;
    };
    let checked = tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            verify_against_dummy(&password);
            false
        }
    })
    .await;
    checked.unwrap_or_else(|error| {
        tracing::error!(%error, "checking a password failed");
        false
    })
}

/// Hashes a new password on tokio's blocking pool behind [`HASHING`], as [`verify`] checks one.
pub async fn hash(password: String) -> anyhow::Result<PasswordHashString> {
    let _permit = HASHING
        .acquire()
        .await
        .map_err(|e| anyhow::anyhow!("the hashing queue is closed: {e}"))?;
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| anyhow::anyhow!("hashing a password failed: {e}"))?
}

/// Spends the time of one verification, so that an unknown e-mail address answers as slowly as
/// a known one with a wrong password (no account enumeration by timing).
pub fn verify_against_dummy(password: &str) {
    use std::sync::OnceLock;
    static DUMMY: OnceLock<Option<PasswordHashString>> = OnceLock::new();
    // A constant of the algorithm, not application state: computed once, never changes.
    if let Some(dummy) = DUMMY.get_or_init(|| hash_password("not-a-real-password").ok()) {
        let _ = verify_password(password, dummy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies() {
        let hash = hash_password("correct horse battery staple").unwrap();
        assert!(verify_password("correct horse battery staple", &hash));
    }

    #[test]
    fn a_wrong_password_does_not_verify() {
        let hash = hash_password("correct horse battery staple").unwrap();
        assert!(!verify_password("Correct horse battery staple", &hash));
        assert!(!verify_password("", &hash));
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let a = hash_password("secret-secret").unwrap();
        let b = hash_password("secret-secret").unwrap();
        assert_ne!(a.as_str(), b.as_str());
        assert!(a.as_str().starts_with("$argon2id$"));
    }

    #[test]
    fn a_malformed_stored_hash_is_a_mismatch_not_a_panic() {
        let broken = PasswordHashString::from_stored("not a phc string".into());
        assert!(!verify_password("anything", &broken));
    }

    /// On a single-threaded runtime, a check that ran on the async worker would not let any other
    /// task run before it finished; run on the blocking pool, it does.
    #[tokio::test(flavor = "current_thread")]
    async fn a_password_check_leaves_the_async_worker_free() {
        let hash = hash_password("correct horse battery staple").unwrap();
        let ticks = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let ticker = {
            let ticks = ticks.clone();
            tokio::spawn(async move {
                loop {
                    ticks.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    tokio::task::yield_now().await;
                }
            })
        };
        let ok = verify("correct horse battery staple".into(), Some(hash)).await;
        let seen = ticks.load(std::sync::atomic::Ordering::SeqCst);
        ticker.abort();
        assert!(ok);
        assert!(!verify("wrong".into(), None).await);
        assert!(seen > 0, "no other task ran while the password was checked");
    }

    #[test]
    fn the_debug_form_does_not_reveal_the_hash() {
        let hash = hash_password("secret-secret").unwrap();
        assert_eq!(format!("{hash:?}"), "PasswordHashString(..)");
    }
}
