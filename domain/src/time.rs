//! Points in time, as plain Unix seconds.
//!
//! The rules only ever add whole days to a date and compare two dates, so a calendar library
//! would be weight without benefit, in the WASM bundle especially. Callers read the clock
//! (an injectable one on the server) and pass `now` in; nothing here reads it.

use serde::{Deserialize, Serialize};

/// Seconds in a day. Windows are counted in days of exactly this length (no time zones, no
/// daylight saving): a 14-day window closes 14 × 86 400 seconds after it opens.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// A point in time: seconds since 1970-01-01T00:00:00Z. Serialised as the bare number.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The time `seconds` after the Unix epoch.
    pub const fn from_unix_seconds(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// This time plus whole days. Saturates at the far end of time instead of overflowing, so
    /// an absurd window yields "never" rather than a deadline in the past.
    pub const fn plus_days(self, days: u32) -> Self {
        // u32::MAX days × 86 400 s ≈ 3.7e14, far inside i64: the product cannot overflow.
        Self(self.0.saturating_add(days as i64 * SECONDS_PER_DAY))
    }

    /// This time plus (or minus) some seconds, saturating.
    pub const fn plus_seconds(self, seconds: i64) -> Self {
        Self(self.0.saturating_add(seconds))
    }

    /// Seconds from `self` to `later` (negative when `later` is earlier), saturating.
    pub const fn seconds_until(self, later: Timestamp) -> i64 {
        later.0.saturating_sub(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_days_adds_whole_days_of_seconds() {
        assert_eq!(Timestamp(100).plus_days(2), Timestamp(100 + 2 * 86_400));
    }

    #[test]
    fn adding_days_near_the_end_of_time_saturates() {
        assert_eq!(
            Timestamp(i64::MAX - 5).plus_days(u32::MAX),
            Timestamp(i64::MAX)
        );
        assert_eq!(Timestamp(i64::MIN).plus_seconds(-1), Timestamp(i64::MIN));
    }

    #[test]
    fn seconds_until_is_negative_for_an_earlier_time() {
        assert_eq!(Timestamp(10).seconds_until(Timestamp(4)), -6);
        assert_eq!(
            Timestamp(i64::MIN).seconds_until(Timestamp(i64::MAX)),
            i64::MAX
        );
    }
}
