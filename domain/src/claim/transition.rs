//! The graph of the life cycle, as data, and the one function that walks it.

use super::{Actor, ClaimAction, ClaimStatus, DeadlineKind, Party};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// One edge of the life cycle: `action` by `by` moves a claim from `from` to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Transition {
    /// The state the action applies to.
    pub from: ClaimStatus,
    /// The action.
    pub action: ClaimAction,
    /// The state it leads to.
    pub to: ClaimStatus,
    /// Who may take it.
    pub by: Party,
}

const fn t(from: ClaimStatus, action: ClaimAction, to: ClaimStatus, by: Party) -> Transition {
    Transition {
        from,
        action,
        to,
        by,
    }
}

use ClaimAction as A;
use ClaimStatus as S;
use Party as P;

/// Every allowed transition. `(from, action)` pairs are unique, so an action has at most one
/// outcome from a given state.
#[rustfmt::skip]
pub const TRANSITIONS: [Transition; 23] = [
    t(S::CustomerClaimed,      A::SendConsent,          S::AwaitingConsent,        P::Partner),
    t(S::AwaitingConsent,      A::ResendConsent,        S::AwaitingConsent,        P::Partner),
    t(S::AwaitingConsent,      A::RemindConsent,        S::AwaitingConsent,        P::System),
    t(S::AwaitingConsent,      A::AcceptConsent,        S::ConsentReceived,        P::Customer),
    t(S::AwaitingConsent,      A::DeclineConsent,       S::ConsentDeclined,        P::Customer),
    t(S::CustomerClaimed,      A::ExpireConsent,        S::ConsentExpired,         P::System),
    t(S::AwaitingConsent,      A::ExpireConsent,        S::ConsentExpired,         P::System),
    t(S::CustomerClaimed,      A::Cancel,               S::Canceled,               P::Partner),
    t(S::AwaitingConsent,      A::Cancel,               S::Canceled,               P::Partner),
    t(S::ConsentReceived,      A::Cancel,               S::Canceled,               P::Partner),
    t(S::ConsentReceived,      A::ExpireSubmission,     S::NotSubmittedExpired,    P::System),
    t(S::ConsentReceived,      A::Submit,               S::Submitted,              P::Partner),
    t(S::Submitted,            A::StartReview,          S::UnderReview,            P::Reviewer),
    t(S::UnderReview,          A::Approve,              S::Approved,               P::Reviewer),
    t(S::UnderReview,          A::Reject,               S::Rejected,               P::Reviewer),
    t(S::UnderReview,          A::RequestPartnerAction, S::PartnerActionRequired,  P::Reviewer),
    t(S::PartnerActionRequired, A::Resubmit,             S::Submitted,              P::Partner),
    t(S::PartnerActionRequired, A::ExpirePartnerAction,  S::PostSubmissionExpired,  P::System),
    t(S::Rejected,             A::Dispute,              S::Disputed,               P::Partner),
    t(S::Rejected,             A::ExpireDispute,        S::DisputeExpired,         P::System),
    t(S::Disputed,             A::ApproveDispute,       S::Approved,               P::Reviewer),
    t(S::Disputed,             A::RejectFinal,          S::RejectedFinal,          P::Reviewer),
    t(S::Approved,             A::MarkPaid,             S::Paid,                   P::Reviewer),
];

/// Why an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum TransitionError {
    /// `terminal_status`: the claim is in an end state.
    #[error("This claim is {} and can no longer change.", status.message_en().to_lowercase())]
    TerminalStatus {
        /// Its state.
        status: ClaimStatus,
    },
    /// `not_allowed_in_status`: the action does not apply to the claim's state.
    #[error("“{}” is not possible while the claim is {}.", action.message_en(), status.message_en().to_lowercase())]
    NotAllowedInStatus {
        /// The claim's state.
        status: ClaimStatus,
        /// The refused action.
        action: ClaimAction,
    },
    /// `wrong_actor`: the action belongs to someone else.
    #[error("You cannot “{}” this claim.", action.message_en().to_lowercase())]
    WrongActor {
        /// The refused action.
        action: ClaimAction,
        /// Who tried.
        actor: Actor,
    },
    /// `deadline_passed`: the window for the action has closed.
    #[error("The {} deadline for this claim has passed.", kind.code())]
    DeadlinePassed {
        /// Which window.
        kind: DeadlineKind,
        /// When it closed.
        at: Timestamp,
    },
    /// `deadline_not_reached`: the clock may only expire a claim once its deadline has passed.
    #[error("The {} deadline for this claim has not passed yet.", kind.code())]
    DeadlineNotReached {
        /// Which window.
        kind: DeadlineKind,
    },
}

impl TransitionError {
    /// The stable snake_case code, equal to the serde tag.
    pub const fn code(&self) -> &'static str {
        match self {
            TransitionError::TerminalStatus { .. } => "terminal_status",
            TransitionError::NotAllowedInStatus { .. } => "not_allowed_in_status",
            TransitionError::WrongActor { .. } => "wrong_actor",
            TransitionError::DeadlinePassed { .. } => "deadline_passed",
            TransitionError::DeadlineNotReached { .. } => "deadline_not_reached",
        }
    }

    /// What the person who tried reads, in English.
    pub fn message_en(&self) -> String {
        self.to_string()
    }

    /// What the person who tried reads, in French.
    pub fn message_fr(&self) -> String {
        match self {
            TransitionError::TerminalStatus { status } => format!(
                "Cette réclamation est à l'état «\u{a0}{}\u{a0}» et ne peut plus changer.",
                status.message_fr()
            ),
            TransitionError::NotAllowedInStatus { status, action } => format!(
                "«\u{a0}{}\u{a0}» n'est pas possible à l'état «\u{a0}{}\u{a0}».",
                action.message_fr(),
                status.message_fr()
            ),
            TransitionError::WrongActor { action, .. } => format!(
                "Vous ne pouvez pas effectuer «\u{a0}{}\u{a0}» sur cette réclamation.",
                action.message_fr()
            ),
            TransitionError::DeadlinePassed { kind, .. } => format!(
                "Le délai de {} de cette réclamation est dépassé.",
                kind.noun_fr()
            ),
            TransitionError::DeadlineNotReached { kind } => format!(
                "Le délai de {} de cette réclamation n'est pas encore dépassé.",
                kind.noun_fr()
            ),
        }
    }
}

/// The state `action` by `actor` leads to from `status`, by the graph alone (no clock: see
/// [`apply_action`](super::apply_action) for the check the server runs).
///
/// Refusals are checked in this order: end state, action not applicable, wrong actor.
pub fn transition(
    status: ClaimStatus,
    action: ClaimAction,
    actor: Actor,
) -> Result<ClaimStatus, TransitionError> {
    if status.is_terminal() {
        return Err(TransitionError::TerminalStatus { status });
    }
    let edge = TRANSITIONS
        .iter()
        .find(|t| t.from == status && t.action == action)
        .ok_or(TransitionError::NotAllowedInStatus { status, action })?;
    if edge.by != actor.party() {
        return Err(TransitionError::WrongActor { action, actor });
    }
    Ok(edge.to)
}
