//! Formatting of dates and codes for people, in the page's language.

use crate::i18n::Locale;

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// The page's language, as the domain names it (the locale files speak the same two).
pub fn page_language(i18n: leptos_i18n::I18nContext<Locale>) -> domain::Language {
    language_of(i18n.get_locale())
}

/// A locale of the page as the domain's `Language`.
pub fn language_of(locale: Locale) -> domain::Language {
    match locale {
        Locale::en => domain::Language::En,
        Locale::fr => domain::Language::Fr,
    }
}

/// A day, from Unix seconds (UTC): "31 Dec 2026" / "31 déc. 2026".
pub fn format_date(unix_secs: i64, locale: Locale) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(unix_secs) else {
        return String::from("—");
    };
    let month = usize::from(u8::from(at.month())) - 1;
    let name = match locale {
        Locale::en => MONTHS_EN[month],
        Locale::fr => MONTHS_FR[month],
    };
    format!("{} {} {}", at.day(), name, at.year())
}

/// A claim status in the page's language (the domain words it in both).
pub fn status_label(status: domain::ClaimStatus, locale: Locale) -> &'static str {
    match locale {
        Locale::en => status.message_en(),
        Locale::fr => status.message_fr(),
    }
}

/// An eligibility reason, with its parameters, in the page's language.
pub fn reason_text(reason: &domain::Reason, locale: Locale) -> String {
    match locale {
        Locale::en => reason.message_en(),
        Locale::fr => reason.message_fr(),
    }
}

/// "3 days left" / "Overdue" for a deadline, counted from the server's `now`.
pub fn time_left_text(deadline: i64, now: i64, locale: Locale) -> String {
    let left = domain::time_left(
        domain::Timestamp::from_unix_seconds(deadline),
        domain::Timestamp::from_unix_seconds(now),
    );
    match locale {
        Locale::en => left.message_en(),
        Locale::fr => left.message_fr(),
    }
}

/// The day of a moment, from Unix seconds (UTC), as `YYYY-MM-DD` (date inputs, CSV, stored
/// dates); empty when out of range.
pub fn iso_date(unix_secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix_secs)
        .map(|t| t.date().to_string())
        .unwrap_or_default()
}

/// A moment, from Unix seconds (UTC): "31 Dec 2026, 14:05".
pub fn format_date_time(unix_secs: i64, locale: Locale) -> String {
    let Ok(at) = time::OffsetDateTime::from_unix_timestamp(unix_secs) else {
        return String::from("—");
    };
    format!(
        "{}, {:02}:{:02} UTC",
        format_date(unix_secs, locale),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_reads_in_english_and_in_french() {
        // 2026-12-31T12:00:00Z
        assert_eq!(format_date(1_798_718_400, Locale::en), "31 Dec 2026");
        assert_eq!(format_date(1_798_718_400, Locale::fr), "31 déc. 2026");
    }

    #[test]
    fn an_impossible_date_is_a_dash_not_a_panic() {
        assert_eq!(format_date(i64::MAX, Locale::en), "—");
    }
}
