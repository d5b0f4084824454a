//! The states of a claim.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a claim is in its life cycle. Codes are stable (stored in the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimStatus {
    /// `customer_claimed`: created; no consent e-mail sent yet.
    CustomerClaimed,
    /// `awaiting_consent`: the consent e-mail was sent.
    AwaitingConsent,
    /// `consent_received`: the customer accepted; the partner may submit.
    ConsentReceived,
    /// `consent_declined` (end): the customer declined.
    ConsentDeclined,
    /// `consent_expired` (end): the consent window passed.
    ConsentExpired,
    /// `canceled` (end): the partner withdrew the claim before submitting it.
    Canceled,
    /// `not_submitted_expired` (end): the submission window passed.
    NotSubmittedExpired,
    /// `submitted`: waiting for a reviewer.
    Submitted,
    /// `under_review`: a reviewer is on it.
    UnderReview,
    /// `partner_action_required`: the reviewer asked the partner for more.
    PartnerActionRequired,
    /// `approved`: will be paid.
    Approved,
    /// `paid` (end).
    Paid,
    /// `rejected`: the partner may still dispute.
    Rejected,
    /// `disputed`: the partner disputed the rejection.
    Disputed,
    /// `rejected_final` (end): the dispute was rejected.
    RejectedFinal,
    /// `dispute_expired` (end): the dispute window passed (shown "Disputed expired").
    DisputeExpired,
    /// `post_submission_expired` (end): the programme asked the partner to act and the review
    /// deadline passed without an answer.
    PostSubmissionExpired,
}

impl ClaimStatus {
    /// Every status, in life-cycle order.
    pub const ALL: [ClaimStatus; 17] = [
        ClaimStatus::CustomerClaimed,
        ClaimStatus::AwaitingConsent,
        ClaimStatus::ConsentReceived,
        ClaimStatus::ConsentDeclined,
        ClaimStatus::ConsentExpired,
        ClaimStatus::Canceled,
        ClaimStatus::NotSubmittedExpired,
        ClaimStatus::Submitted,
        ClaimStatus::UnderReview,
        ClaimStatus::PartnerActionRequired,
        ClaimStatus::Approved,
        ClaimStatus::Paid,
        ClaimStatus::Rejected,
        ClaimStatus::Disputed,
        ClaimStatus::RejectedFinal,
        ClaimStatus::DisputeExpired,
        ClaimStatus::PostSubmissionExpired,
    ];

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            ClaimStatus::CustomerClaimed => "customer_claimed",
            ClaimStatus::AwaitingConsent => "awaiting_consent",
            ClaimStatus::ConsentReceived => "consent_received",
            ClaimStatus::ConsentDeclined => "consent_declined",
            ClaimStatus::ConsentExpired => "consent_expired",
            ClaimStatus::Canceled => "canceled",
            ClaimStatus::NotSubmittedExpired => "not_submitted_expired",
            ClaimStatus::Submitted => "submitted",
            ClaimStatus::UnderReview => "under_review",
            ClaimStatus::PartnerActionRequired => "partner_action_required",
            ClaimStatus::Approved => "approved",
            ClaimStatus::Paid => "paid",
            ClaimStatus::Rejected => "rejected",
            ClaimStatus::Disputed => "disputed",
            ClaimStatus::RejectedFinal => "rejected_final",
            ClaimStatus::DisputeExpired => "dispute_expired",
            ClaimStatus::PostSubmissionExpired => "post_submission_expired",
        }
    }

    /// The status with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// An end state: nothing can happen to the claim any more.
    pub const fn is_terminal(self) -> bool {
        matches!(
            self,
            ClaimStatus::ConsentDeclined
                | ClaimStatus::ConsentExpired
                | ClaimStatus::Canceled
                | ClaimStatus::NotSubmittedExpired
                | ClaimStatus::Paid
                | ClaimStatus::RejectedFinal
                | ClaimStatus::DisputeExpired
                | ClaimStatus::PostSubmissionExpired
        )
    }

    /// Counts toward the engagement's limit of active claims per customer, and toward "this
    /// partner already has an open claim": every state that is not an end state (an approved
    /// claim not yet paid still holds its place).
    pub const fn is_open(self) -> bool {
        !self.is_terminal()
    }

    /// Before the first submission: the stretch in which the partner may cancel.
    pub const fn is_before_submission(self) -> bool {
        matches!(
            self,
            ClaimStatus::CustomerClaimed
                | ClaimStatus::AwaitingConsent
                | ClaimStatus::ConsentReceived
        )
    }

    /// Who the claim waits on in this status: `None` in an end state. The programme's review
    /// deadline of a submitted claim binds the programme, not the partner, so no clock ends
    /// those states: a late decision is better than a claim lost for the programme's delay.
    pub const fn waiting_on(self) -> Option<super::Party> {
        use super::Party;
        match self {
            ClaimStatus::CustomerClaimed
            | ClaimStatus::ConsentReceived
            | ClaimStatus::PartnerActionRequired
            | ClaimStatus::Rejected => Some(Party::Partner),
            ClaimStatus::AwaitingConsent => Some(Party::Customer),
            ClaimStatus::Submitted
            | ClaimStatus::UnderReview
            | ClaimStatus::Approved
            | ClaimStatus::Disputed => Some(Party::Reviewer),
            _ => None,
        }
    }

    /// The status as shown to a person, in English.
    pub const fn message_en(self) -> &'static str {
        match self {
            ClaimStatus::CustomerClaimed => "Customer claimed",
            ClaimStatus::AwaitingConsent => "Awaiting consent",
            ClaimStatus::ConsentReceived => "Consent received",
            ClaimStatus::ConsentDeclined => "Consent declined",
            ClaimStatus::ConsentExpired => "Consent expired",
            ClaimStatus::Canceled => "Canceled",
            ClaimStatus::NotSubmittedExpired => "Expired before submission",
            ClaimStatus::Submitted => "Submitted",
            ClaimStatus::UnderReview => "Under review",
            ClaimStatus::PartnerActionRequired => "Partner action required",
            ClaimStatus::Approved => "Approved",
            ClaimStatus::Paid => "Paid",
            ClaimStatus::Rejected => "Rejected",
            ClaimStatus::Disputed => "Disputed",
            ClaimStatus::RejectedFinal => "Rejected (final)",
            ClaimStatus::DisputeExpired => "Disputed expired",
            ClaimStatus::PostSubmissionExpired => "Post submission expired",
        }
    }

    /// The status as shown to a person, in French.
    pub const fn message_fr(self) -> &'static str {
        match self {
            ClaimStatus::CustomerClaimed => "Client revendiqué",
            ClaimStatus::AwaitingConsent => "En attente du consentement",
            ClaimStatus::ConsentReceived => "Consentement reçu",
            ClaimStatus::ConsentDeclined => "Consentement refusé",
            ClaimStatus::ConsentExpired => "Consentement expiré",
            ClaimStatus::Canceled => "Annulée",
            ClaimStatus::NotSubmittedExpired => "Expirée avant soumission",
            ClaimStatus::Submitted => "Soumise",
            ClaimStatus::UnderReview => "En cours d'examen",
            ClaimStatus::PartnerActionRequired => "Action du partenaire requise",
            ClaimStatus::Approved => "Approuvée",
            ClaimStatus::Paid => "Payée",
            ClaimStatus::Rejected => "Rejetée",
            ClaimStatus::Disputed => "Contestée",
            ClaimStatus::RejectedFinal => "Rejet définitif",
            ClaimStatus::DisputeExpired => "Contestation expirée",
            ClaimStatus::PostSubmissionExpired => "Expirée après soumission",
        }
    }
}

impl fmt::Display for ClaimStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
