//! What can be done to a claim, and by whom.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Something done to a claim. Codes are stable (stored in the claim's history).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimAction {
    /// `send_consent`: the partner sends the consent e-mail.
    SendConsent,
    /// `resend_consent`: the partner sends it again.
    ResendConsent,
    /// `accept_consent`: the customer accepts.
    AcceptConsent,
    /// `decline_consent`: the customer declines.
    DeclineConsent,
    /// `expire_consent`: the clock closes the consent window.
    ExpireConsent,
    /// `cancel`: the partner withdraws the claim before submitting it.
    Cancel,
    /// `expire_submission`: the clock closes the submission window.
    ExpireSubmission,
    /// `submit`: the partner submits proof of execution.
    Submit,
    /// `start_review`: a reviewer takes the claim.
    StartReview,
    /// `approve`: a reviewer approves.
    Approve,
    /// `reject`: a reviewer rejects.
    Reject,
    /// `request_partner_action`: a reviewer asks the partner for more.
    RequestPartnerAction,
    /// `resubmit`: the partner answers the reviewer.
    Resubmit,
    /// `dispute`: the partner disputes a rejection.
    Dispute,
    /// `approve_dispute`: a reviewer upholds the dispute; the claim is approved.
    ApproveDispute,
    /// `reject_final`: a reviewer rejects the dispute.
    RejectFinal,
    /// `expire_dispute`: the clock closes the dispute window.
    ExpireDispute,
    /// `mark_paid`: a reviewer records the payment.
    MarkPaid,
    /// `expire_partner_action`: the clock closes the partner's time to answer the programme
    /// (the review deadline).
    ExpirePartnerAction,
    /// `remind_consent`: the clock re-sends an unanswered consent e-mail a set number of days
    /// before the consent deadline (the partner's per-engagement setting); it counts as a re-send.
    RemindConsent,
}

impl ClaimAction {
    /// Every action.
    pub const ALL: [ClaimAction; 20] = [
        ClaimAction::SendConsent,
        ClaimAction::ResendConsent,
        ClaimAction::AcceptConsent,
        ClaimAction::DeclineConsent,
        ClaimAction::ExpireConsent,
        ClaimAction::Cancel,
        ClaimAction::ExpireSubmission,
        ClaimAction::Submit,
        ClaimAction::StartReview,
        ClaimAction::Approve,
        ClaimAction::Reject,
        ClaimAction::RequestPartnerAction,
        ClaimAction::Resubmit,
        ClaimAction::Dispute,
        ClaimAction::ApproveDispute,
        ClaimAction::RejectFinal,
        ClaimAction::ExpireDispute,
        ClaimAction::MarkPaid,
        ClaimAction::ExpirePartnerAction,
        ClaimAction::RemindConsent,
    ];

    /// Whether the clock closes a window with this action (the sweeper's work, once a deadline
    /// has passed); the automatic reminder is the clock's only other action, taken before one.
    pub const fn is_expiry(self) -> bool {
        matches!(
            self,
            ClaimAction::ExpireConsent
                | ClaimAction::ExpireSubmission
                | ClaimAction::ExpireDispute
                | ClaimAction::ExpirePartnerAction
        )
    }

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            ClaimAction::SendConsent => "send_consent",
            ClaimAction::ResendConsent => "resend_consent",
            ClaimAction::AcceptConsent => "accept_consent",
            ClaimAction::DeclineConsent => "decline_consent",
            ClaimAction::ExpireConsent => "expire_consent",
            ClaimAction::Cancel => "cancel",
            ClaimAction::ExpireSubmission => "expire_submission",
            ClaimAction::Submit => "submit",
            ClaimAction::StartReview => "start_review",
            ClaimAction::Approve => "approve",
            ClaimAction::Reject => "reject",
            ClaimAction::RequestPartnerAction => "request_partner_action",
            ClaimAction::Resubmit => "resubmit",
            ClaimAction::Dispute => "dispute",
            ClaimAction::ApproveDispute => "approve_dispute",
            ClaimAction::RejectFinal => "reject_final",
            ClaimAction::ExpireDispute => "expire_dispute",
            ClaimAction::MarkPaid => "mark_paid",
            ClaimAction::ExpirePartnerAction => "expire_partner_action",
            ClaimAction::RemindConsent => "remind_consent",
        }
    }

    /// The action with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// A button label or history line, in English.
    pub const fn message_en(self) -> &'static str {
        match self {
            ClaimAction::SendConsent => "Send consent e-mail",
            ClaimAction::ResendConsent => "Re-send consent e-mail",
            ClaimAction::AcceptConsent => "Accept",
            ClaimAction::DeclineConsent => "Decline",
            ClaimAction::ExpireConsent => "Consent window closed",
            ClaimAction::Cancel => "Cancel claim",
            ClaimAction::ExpireSubmission => "Submission window closed",
            ClaimAction::Submit => "Submit claim",
            ClaimAction::StartReview => "Start review",
            ClaimAction::Approve => "Approve",
            ClaimAction::Reject => "Reject",
            ClaimAction::RequestPartnerAction => "Ask the partner for action",
            ClaimAction::Resubmit => "Resubmit claim",
            ClaimAction::Dispute => "Dispute rejection",
            ClaimAction::ApproveDispute => "Uphold dispute and approve",
            ClaimAction::RejectFinal => "Reject dispute",
            ClaimAction::ExpireDispute => "Dispute window closed",
            ClaimAction::MarkPaid => "Mark as paid",
            ClaimAction::ExpirePartnerAction => "Review deadline passed without an answer",
            ClaimAction::RemindConsent => "Consent e-mail re-sent automatically as a reminder",
        }
    }

    /// A button label or history line, in French.
    pub const fn message_fr(self) -> &'static str {
        match self {
            ClaimAction::SendConsent => "Envoyer l'e-mail de consentement",
            ClaimAction::ResendConsent => "Renvoyer l'e-mail de consentement",
            ClaimAction::AcceptConsent => "Accepter",
            ClaimAction::DeclineConsent => "Refuser",
            ClaimAction::ExpireConsent => "Délai de consentement écoulé",
            ClaimAction::Cancel => "Annuler la réclamation",
            ClaimAction::ExpireSubmission => "Délai de soumission écoulé",
            ClaimAction::Submit => "Soumettre la réclamation",
            ClaimAction::StartReview => "Commencer l'examen",
            ClaimAction::Approve => "Approuver",
            ClaimAction::Reject => "Rejeter",
            ClaimAction::RequestPartnerAction => "Demander une action au partenaire",
            ClaimAction::Resubmit => "Soumettre à nouveau",
            ClaimAction::Dispute => "Contester le rejet",
            ClaimAction::ApproveDispute => "Accepter la contestation et approuver",
            ClaimAction::RejectFinal => "Rejeter la contestation",
            ClaimAction::ExpireDispute => "Délai de contestation écoulé",
            ClaimAction::MarkPaid => "Marquer comme payée",
            ClaimAction::ExpirePartnerAction => "Délai de réponse au programme écoulé",
            ClaimAction::RemindConsent => {
                "E-mail de consentement renvoyé automatiquement en rappel"
            }
        }
    }
}

impl fmt::Display for ClaimAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Who acts on a claim. Codes are stable (stored in the claim's history).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// `partner_admin`: a partner's Incentives administrator.
    PartnerAdmin,
    /// `partner_user`: a partner's Incentives user (location grants are checked elsewhere).
    PartnerUser,
    /// `customer`: the customer contact, through the consent link.
    Customer,
    /// `reviewer`: programme operations.
    Reviewer,
    /// `system`: the deadline sweeper, acting for the clock.
    System,
}

impl Actor {
    /// Every actor.
    pub const ALL: [Actor; 5] = [
        Actor::PartnerAdmin,
        Actor::PartnerUser,
        Actor::Customer,
        Actor::Reviewer,
        Actor::System,
    ];

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            Actor::PartnerAdmin => "partner_admin",
            Actor::PartnerUser => "partner_user",
            Actor::Customer => "customer",
            Actor::Reviewer => "reviewer",
            Actor::System => "system",
        }
    }

    /// The actor with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The side of the claim this actor is on: both partner roles act as the partner.
    pub const fn party(self) -> Party {
        match self {
            Actor::PartnerAdmin | Actor::PartnerUser => Party::Partner,
            Actor::Customer => Party::Customer,
            Actor::Reviewer => Party::Reviewer,
            Actor::System => Party::System,
        }
    }
}

/// The side of a claim an action belongs to. The life cycle does not distinguish the two
/// partner roles; which locations a partner user may act on is an authorisation question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// Either partner role.
    Partner,
    /// The customer contact.
    Customer,
    /// Programme operations.
    Reviewer,
    /// The clock.
    System,
}
