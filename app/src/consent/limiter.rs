//! The per-address limit of consent-link lookups. Held in memory by each instance (the GCRA of
//! the `governor` crate): a refused lookup costs no database work, so a flood of guessed tokens
//! from one address neither reaches the database nor slows anyone else's link. With several
//! instances each applies the limit on its own; against 256-bit tokens the limit protects the
//! service, not the tokens.

use crate::error::AppError;
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;

type Limiter = RateLimiter<String, HashMapStateStore<String>, DefaultClock>;

#[derive(Debug)]
pub struct LookupLimiter {
    limiter: Limiter,
    clock: DefaultClock,
}

impl LookupLimiter {
    /// `per_minute` lookups per address and minute, `burst` at once (each at least 1).
    pub fn new(per_minute: u32, burst: u32) -> LookupLimiter {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
        LookupLimiter {
            limiter: RateLimiter::hashmap(Quota::per_minute(per_minute).allow_burst(burst)),
            clock: DefaultClock::default(),
        }
    }

    /// Takes one lookup for `address`, or refuses with the time to wait.
    pub fn check(&self, address: &str) -> Result<(), AppError> {
        self.limiter
            .check_key(&address.to_owned())
            .map_err(|not_until| {
                let wait = not_until.wait_time_from(self.clock.now());
                AppError::RateLimited {
                    retry_after_secs: wait.as_secs().max(1),
                }
            })
    }

    /// Forgets addresses whose allowance is full again (run by the worker's housekeeping).
    pub fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_burst_then_is_refused_and_others_are_not() {
        let limiter = LookupLimiter::new(10, 3);
        for _ in 0..3 {
            assert!(limiter.check("198.51.100.7").is_ok());
        }
        assert!(matches!(
            limiter.check("198.51.100.7"),
            Err(AppError::RateLimited { .. })
        ));
        assert!(limiter.check("203.0.113.9").is_ok());
    }
}
