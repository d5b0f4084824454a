//! The deadlines a claim runs against, and how much time is left.

use super::ClaimStatus;
use crate::engagement::Engagement;
use crate::time::{Timestamp, SECONDS_PER_DAY};
use serde::{Deserialize, Serialize};

/// Which window a deadline closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// `consent`: the customer must consent by then (creation + consent window).
    Consent,
    /// `submission`: the partner must submit by then (consent + submission window).
    Submission,
    /// `review`: the programme should decide by then (latest submission + review window);
    /// a partner asked to act must resubmit by then.
    Review,
    /// `dispute`: the partner may dispute a rejection until then (rejection + dispute window).
    Dispute,
}

impl DeadlineKind {
    /// Every kind.
    pub const ALL: [DeadlineKind; 4] = [
        DeadlineKind::Consent,
        DeadlineKind::Submission,
        DeadlineKind::Review,
        DeadlineKind::Dispute,
    ];

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            DeadlineKind::Consent => "consent",
            DeadlineKind::Submission => "submission",
            DeadlineKind::Review => "review",
            DeadlineKind::Dispute => "dispute",
        }
    }

    /// A label for the deadline, in English.
    pub const fn message_en(self) -> &'static str {
        match self {
            DeadlineKind::Consent => "Consent deadline",
            DeadlineKind::Submission => "Submission deadline",
            DeadlineKind::Review => "Review deadline",
            DeadlineKind::Dispute => "Dispute deadline",
        }
    }

    /// A label for the deadline, in French.
    pub const fn message_fr(self) -> &'static str {
        match self {
            DeadlineKind::Consent => "Date limite de consentement",
            DeadlineKind::Submission => "Date limite de soumission",
            DeadlineKind::Review => "Date limite d'examen",
            DeadlineKind::Dispute => "Date limite de contestation",
        }
    }

    /// The French noun after "délai de …".
    pub(crate) const fn noun_fr(self) -> &'static str {
        match self {
            DeadlineKind::Consent => "consentement",
            DeadlineKind::Submission => "soumission",
            DeadlineKind::Review => "examen",
            DeadlineKind::Dispute => "contestation",
        }
    }
}

/// The dates of a claim that deadlines are counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDates {
    /// When the claim was created.
    pub created_at: Timestamp,
    /// When the customer consented.
    pub consent_at: Option<Timestamp>,
    /// When the claim was last submitted (a resubmission moves it: the review clock restarts).
    pub submitted_at: Option<Timestamp>,
    /// When the claim was rejected.
    pub rejected_at: Option<Timestamp>,
}

impl ClaimDates {
    /// The dates of a claim just created at `created_at`.
    pub const fn created(created_at: Timestamp) -> Self {
        Self {
            created_at,
            consent_at: None,
            submitted_at: None,
            rejected_at: None,
        }
    }
}

/// A deadline: the window it closes and the moment it closes. At `at` it has passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// Which window.
    pub kind: DeadlineKind,
    /// When it closes.
    pub at: Timestamp,
}

impl Deadline {
    /// Whether the window has closed at `now` (`at <= now`).
    pub fn has_passed(&self, now: Timestamp) -> bool {
        self.at <= now
    }
}

/// The deadline a claim in `status` runs against, if any. `None` in end states, in states
/// where nobody is waited on by a date (`disputed`, `approved`), and when the date a window
/// counts from is missing.
pub fn deadline(
    status: ClaimStatus,
    dates: &ClaimDates,
    engagement: &Engagement,
) -> Option<Deadline> {
    let (kind, from) = match status {
        ClaimStatus::CustomerClaimed | ClaimStatus::AwaitingConsent => {
            (DeadlineKind::Consent, Some(dates.created_at))
        }
        ClaimStatus::ConsentReceived => (DeadlineKind::Submission, dates.consent_at),
        ClaimStatus::Submitted | ClaimStatus::UnderReview | ClaimStatus::PartnerActionRequired => {
            (DeadlineKind::Review, dates.submitted_at)
        }
        ClaimStatus::Rejected => (DeadlineKind::Dispute, dates.rejected_at),
        _ => return None,
    };
    from.map(|from| Deadline {
        kind,
        at: from.plus_days(engagement.window_days(kind)),
    })
}

/// How long until a deadline, rounded the way a person reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "count", rename_all = "snake_case")]
pub enum TimeLeft {
    /// The deadline has passed.
    Overdue,
    /// At least a day left: whole days, rounded down (2 days 23 hours is 2 days).
    Days(u32),
    /// Less than a day: whole hours, rounded down (1 to 23).
    Hours(u32),
    /// Less than an hour: minutes, rounded up so the last seconds still read "1 minute".
    Minutes(u32),
}

impl TimeLeft {
    /// e.g. "3 days left", "Overdue".
    pub fn message_en(self) -> String {
        let plural =
            |n: u32, one: &str, many: &str| format!("{n} {} left", if n == 1 { one } else { many });
        match self {
            TimeLeft::Overdue => "Overdue".to_owned(),
            TimeLeft::Days(n) => plural(n, "day", "days"),
            TimeLeft::Hours(n) => plural(n, "hour", "hours"),
            TimeLeft::Minutes(n) => plural(n, "minute", "minutes"),
        }
    }

    /// e.g. "3 jours restants", "En retard".
    pub fn message_fr(self) -> String {
        // "heure" and "minute" are feminine: the participle agrees.
        let plural =
            |n: u32, one: &str, many: &str| format!("{n} {}", if n <= 1 { one } else { many });
        match self {
            TimeLeft::Overdue => "En retard".to_owned(),
            TimeLeft::Days(n) => plural(n, "jour restant", "jours restants"),
            TimeLeft::Hours(n) => plural(n, "heure restante", "heures restantes"),
            TimeLeft::Minutes(n) => plural(n, "minute restante", "minutes restantes"),
        }
    }
}

/// How long from `now` until `deadline`.
pub fn time_left(deadline: Timestamp, now: Timestamp) -> TimeLeft {
    let seconds = now.seconds_until(deadline);
    let count = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    if seconds <= 0 {
        TimeLeft::Overdue
    } else if seconds >= SECONDS_PER_DAY {
        TimeLeft::Days(count(seconds / SECONDS_PER_DAY))
    } else if seconds >= 3_600 {
        TimeLeft::Hours(count(seconds / 3_600))
    } else {
        // 1..=3599 seconds → 1..=60 minutes.
        TimeLeft::Minutes(count((seconds + 59) / 60))
    }
}
