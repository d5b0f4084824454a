//! Wire types of the calendar feed.

use serde::{Deserialize, Serialize};

/// The user's feed as its settings show it: the address itself is shown only once, when made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedStatus {
    /// When the current address was made (Unix seconds); `None`: no address.
    pub created_at: Option<i64>,
    /// When a calendar last read it.
    pub last_read_at: Option<i64>,
}

/// A new address, to copy into a calendar now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFeed {
    /// `https://…/calendar/{token}.ics`: to download, or to paste into a calendar.
    pub url: String,
    /// The same as `webcal://…`: calendars subscribe to it in one click.
    pub webcal: String,
    pub created_at: i64,
}

/// `webcal://` for an `http(s)://` address.
pub fn webcal_of(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webcal_address_is_the_same_address() {
        assert_eq!(
            webcal_of("https://mci.example/calendar/abc.ics"),
            "webcal://mci.example/calendar/abc.ics"
        );
        assert_eq!(
            webcal_of("http://127.0.0.1:3000/calendar/abc.ics"),
            "webcal://127.0.0.1:3000/calendar/abc.ics"
        );
    }
}
