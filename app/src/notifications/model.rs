//! Wire types of notifications: what happened to which claim, how each user wants to hear of
//! it, and the bell's count.

use domain::ClaimStatus;
use serde::{Deserialize, Serialize};

/// What a notification is about. Codes are stable (stored in `notifications.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// The customer accepted the consent request.
    ConsentAccepted,
    /// The customer declined it.
    ConsentDeclined,
    /// The consent window closes in 3 days, then in 1 day.
    ConsentExpiring,
    /// The submission deadline is in 14, 3, then 1 day.
    SubmissionDue,
    /// The programme asked the partner for action.
    ActionRequested,
    /// The programme rejected the claim (the dispute deadline is given).
    Rejected,
    /// The programme approved the claim.
    Approved,
    /// The programme paid the claim.
    Paid,
    /// A deadline passed and the claim ended.
    Expired,
}

impl NotificationKind {
    /// Every kind, in the order the preferences page lists them.
    pub const ALL: [NotificationKind; 9] = [
        NotificationKind::ConsentAccepted,
        NotificationKind::ConsentDeclined,
        NotificationKind::ConsentExpiring,
        NotificationKind::SubmissionDue,
        NotificationKind::ActionRequested,
        NotificationKind::Rejected,
        NotificationKind::Approved,
        NotificationKind::Paid,
        NotificationKind::Expired,
    ];

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            NotificationKind::ConsentAccepted => "consent_accepted",
            NotificationKind::ConsentDeclined => "consent_declined",
            NotificationKind::ConsentExpiring => "consent_expiring",
            NotificationKind::SubmissionDue => "submission_due",
            NotificationKind::ActionRequested => "action_requested",
            NotificationKind::Rejected => "rejected",
            NotificationKind::Approved => "approved",
            NotificationKind::Paid => "paid",
            NotificationKind::Expired => "expired",
        }
    }

    /// The kind with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The days before a deadline at which a reminder of this kind goes out, most distant
    /// first; empty for the kinds an event raises.
    pub const fn thresholds(self) -> &'static [i64] {
        match self {
            NotificationKind::ConsentExpiring => &[3, 1],
            NotificationKind::SubmissionDue => &[14, 3, 1],
            _ => &[],
        }
    }

    /// The reminder kind a claim in `status` is owed, if any.
    pub const fn reminder_for(status: ClaimStatus) -> Option<Self> {
        match status {
            ClaimStatus::CustomerClaimed | ClaimStatus::AwaitingConsent => {
                Some(NotificationKind::ConsentExpiring)
            }
            ClaimStatus::ConsentReceived => Some(NotificationKind::SubmissionDue),
            _ => None,
        }
    }

    /// The kind an action that led to `to` raises, if any.
    pub fn of_transition(action: domain::ClaimAction, to: ClaimStatus) -> Option<Self> {
        use domain::ClaimAction as A;
        Some(match action {
            A::AcceptConsent => NotificationKind::ConsentAccepted,
            A::DeclineConsent => NotificationKind::ConsentDeclined,
            A::RequestPartnerAction => NotificationKind::ActionRequested,
            A::Reject => NotificationKind::Rejected,
            A::Approve | A::ApproveDispute => NotificationKind::Approved,
            A::MarkPaid => NotificationKind::Paid,
            A::ExpireConsent | A::ExpireSubmission | A::ExpireDispute | A::ExpirePartnerAction
                if to.is_terminal() =>
            {
                NotificationKind::Expired
            }
            _ => return None,
        })
    }

    /// The preferences page's name of the kind, in English.
    pub const fn label_en(self) -> &'static str {
        match self {
            NotificationKind::ConsentAccepted => "The customer accepted",
            NotificationKind::ConsentDeclined => "The customer declined",
            NotificationKind::ConsentExpiring => "Consent expires in 3 days, then in 1 day",
            NotificationKind::SubmissionDue => "Submission due in 14, 3, then 1 day",
            NotificationKind::ActionRequested => "The programme asks for action",
            NotificationKind::Rejected => "The programme rejected a claim",
            NotificationKind::Approved => "The programme approved a claim",
            NotificationKind::Paid => "A claim was paid",
            NotificationKind::Expired => "A claim expired",
        }
    }

    /// The preferences page's name of the kind, in French.
    pub const fn label_fr(self) -> &'static str {
        match self {
            NotificationKind::ConsentAccepted => "Le client a accepté",
            NotificationKind::ConsentDeclined => "Le client a refusé",
            NotificationKind::ConsentExpiring => "Le consentement expire dans 3 jours, puis 1 jour",
            NotificationKind::SubmissionDue => "Soumission à faire dans 14, 3, puis 1 jour",
            NotificationKind::ActionRequested => "Le programme demande une action",
            NotificationKind::Rejected => "Le programme a rejeté une réclamation",
            NotificationKind::Approved => "Le programme a approuvé une réclamation",
            NotificationKind::Paid => "Une réclamation a été payée",
            NotificationKind::Expired => "Une réclamation a expiré",
        }
    }
}

/// How a user hears of one kind. Codes are stable (stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// In the app only: the bell and the notifications page.
    InApp,
    /// In the app, and an e-mail at once.
    #[default]
    Email,
    /// In the app, and in one e-mail a day.
    Digest,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::InApp, Delivery::Email, Delivery::Digest];

    pub const fn code(self) -> &'static str {
        match self {
            Delivery::InApp => "in_app",
            Delivery::Email => "email",
            Delivery::Digest => "digest",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// Which claims a user hears of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NoticeScope {
    /// The claims the user is the partner contact of.
    #[default]
    MyClaims,
    /// Every claim of the locations the user may act for.
    MyLocations,
}

impl NoticeScope {
    pub const fn code(self) -> &'static str {
        match self {
            NoticeScope::MyClaims => "my_claims",
            NoticeScope::MyLocations => "my_locations",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [NoticeScope::MyClaims, NoticeScope::MyLocations]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// One notification as the bell and the notifications page show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationItem {
    pub id: i64,
    pub kind: NotificationKind,
    pub claim_ref: String,
    /// The customer's name, or the friendly name the partner gave it.
    pub customer: String,
    pub engagement_name: String,
    /// The deadline it is about, if any (Unix seconds).
    pub deadline_at: Option<i64>,
    /// Days before the deadline, for a reminder.
    pub threshold: Option<i64>,
    pub created_at: i64,
    pub read: bool,
}

/// The newest notifications of the signed-in user, with the unread count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct NotificationList {
    pub items: Vec<NotificationItem>,
    pub unread: i64,
    pub now: i64,
}

/// The signed-in user's preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Preferences {
    pub scope: NoticeScope,
    /// One entry per kind, in [`NotificationKind::ALL`]'s order.
    pub kinds: Vec<(NotificationKind, Delivery)>,
    /// `en` or `fr`: the language of the e-mails.
    pub language: String,
}

/// What the notification says, in the page's language: one line, shared by the bell, the page
/// and the e-mail's subject.
pub fn headline(item: &NotificationItem, french: bool) -> String {
    let customer = &item.customer;
    let days = item.threshold.unwrap_or(0);
    let plural_en = if days == 1 { "day" } else { "days" };
    let plural_fr = if days <= 1 { "jour" } else { "jours" };
    match (item.kind, french) {
        (NotificationKind::ConsentAccepted, false) => {
            format!("{customer} accepted the consent request")
        }
        (NotificationKind::ConsentAccepted, true) => {
            format!("{customer} a accepté la demande de consentement")
        }
        (NotificationKind::ConsentDeclined, false) => {
            format!("{customer} declined the consent request")
        }
        (NotificationKind::ConsentDeclined, true) => {
            format!("{customer} a refusé la demande de consentement")
        }
        (NotificationKind::ConsentExpiring, false) => {
            format!("Consent of {customer} expires in {days} {plural_en}")
        }
        (NotificationKind::ConsentExpiring, true) => {
            format!("Le consentement de {customer} expire dans {days} {plural_fr}")
        }
        (NotificationKind::SubmissionDue, false) => {
            format!("Claim for {customer} to submit within {days} {plural_en}")
        }
        (NotificationKind::SubmissionDue, true) => {
            format!("Réclamation pour {customer} à soumettre dans {days} {plural_fr}")
        }
        (NotificationKind::ActionRequested, false) => {
            format!("The programme asks for action on the claim for {customer}")
        }
        (NotificationKind::ActionRequested, true) => {
            format!("Le programme demande une action sur la réclamation pour {customer}")
        }
        (NotificationKind::Rejected, false) => {
            format!("The programme rejected the claim for {customer}")
        }
        (NotificationKind::Rejected, true) => {
            format!("Le programme a rejeté la réclamation pour {customer}")
        }
        (NotificationKind::Approved, false) => {
            format!("The programme approved the claim for {customer}")
        }
        (NotificationKind::Approved, true) => {
            format!("Le programme a approuvé la réclamation pour {customer}")
        }
        (NotificationKind::Paid, false) => format!("The claim for {customer} was paid"),
        (NotificationKind::Paid, true) => format!("La réclamation pour {customer} a été payée"),
        (NotificationKind::Expired, false) => format!("The claim for {customer} expired"),
        (NotificationKind::Expired, true) => format!("La réclamation pour {customer} a expiré"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_serde() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::from_code(kind.code()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.code())
            );
        }
        for d in Delivery::ALL {
            assert_eq!(Delivery::from_code(d.code()), Some(d));
        }
    }

    #[test]
    fn every_expiry_into_an_end_state_is_told() {
        for t in domain::claim::TRANSITIONS {
            if t.by == domain::claim::Party::System {
                // The clock's reminder to the customer is not news to the partner (its history
                // shows it); every expiry is.
                let expected = t.action.is_expiry().then_some(NotificationKind::Expired);
                assert_eq!(
                    NotificationKind::of_transition(t.action, t.to),
                    expected,
                    "{t:?}"
                );
            }
        }
    }

    #[test]
    fn reminders_go_to_the_states_that_wait_on_the_partner_or_the_customer_by_a_date() {
        use domain::ClaimStatus as S;
        assert_eq!(
            NotificationKind::reminder_for(S::AwaitingConsent),
            Some(NotificationKind::ConsentExpiring)
        );
        assert_eq!(
            NotificationKind::reminder_for(S::ConsentReceived),
            Some(NotificationKind::SubmissionDue)
        );
        assert_eq!(NotificationKind::reminder_for(S::Submitted), None);
        assert_eq!(NotificationKind::SubmissionDue.thresholds(), &[14, 3, 1]);
    }
}
