//! Tests of the life cycle: the graph alone (`graph`), and with the clock (`clock`).

mod clock;
mod graph;

use super::*;
use crate::fixtures::{days, T0};
use ClaimAction as A;
use ClaimStatus as S;

pub(super) const PARTNERS: [Actor; 2] = [Actor::PartnerAdmin, Actor::PartnerUser];

/// The edges of the DESIGN.md §4 diagram, written independently of `TRANSITIONS`, with the
/// party the brief assigns to each.
#[rustfmt::skip]
pub(super) const DESIGN_EDGES: [(ClaimStatus, ClaimAction, ClaimStatus, Party); 23] = [
    (S::CustomerClaimed,      A::SendConsent,          S::AwaitingConsent,        Party::Partner),
    (S::AwaitingConsent,      A::ResendConsent,        S::AwaitingConsent,        Party::Partner),
    (S::AwaitingConsent,      A::RemindConsent,        S::AwaitingConsent,        Party::System),
    (S::AwaitingConsent,      A::AcceptConsent,        S::ConsentReceived,        Party::Customer),
    (S::AwaitingConsent,      A::DeclineConsent,       S::ConsentDeclined,        Party::Customer),
    (S::AwaitingConsent,      A::ExpireConsent,        S::ConsentExpired,         Party::System),
    (S::CustomerClaimed,      A::ExpireConsent,        S::ConsentExpired,         Party::System),
    (S::CustomerClaimed,      A::Cancel,               S::Canceled,               Party::Partner),
    (S::AwaitingConsent,      A::Cancel,               S::Canceled,               Party::Partner),
    (S::ConsentReceived,      A::Cancel,               S::Canceled,               Party::Partner),
    (S::ConsentReceived,      A::Submit,               S::Submitted,              Party::Partner),
    (S::ConsentReceived,      A::ExpireSubmission,     S::NotSubmittedExpired,    Party::System),
    (S::Submitted,            A::StartReview,          S::UnderReview,            Party::Reviewer),
    (S::UnderReview,          A::Approve,              S::Approved,               Party::Reviewer),
    (S::UnderReview,          A::RequestPartnerAction, S::PartnerActionRequired,  Party::Reviewer),
    (S::UnderReview,          A::Reject,               S::Rejected,               Party::Reviewer),
    (S::PartnerActionRequired, A::Resubmit,             S::Submitted,              Party::Partner),
    (S::PartnerActionRequired, A::ExpirePartnerAction,  S::PostSubmissionExpired,  Party::System),
    (S::Approved,             A::MarkPaid,             S::Paid,                   Party::Reviewer),
    (S::Rejected,             A::Dispute,              S::Disputed,               Party::Partner),
    (S::Rejected,             A::ExpireDispute,        S::DisputeExpired,         Party::System),
    (S::Disputed,             A::ApproveDispute,       S::Approved,               Party::Reviewer),
    (S::Disputed,             A::RejectFinal,          S::RejectedFinal,          Party::Reviewer),
];

pub(super) fn actors_of(party: Party) -> Vec<Actor> {
    Actor::ALL
        .into_iter()
        .filter(|a| a.party() == party)
        .collect()
}

pub(super) fn is_design_edge(
    from: ClaimStatus,
    action: ClaimAction,
    to: ClaimStatus,
    actor: Actor,
) -> bool {
    DESIGN_EDGES
        .iter()
        .any(|&(f, a, t, p)| (f, a, t, p) == (from, action, to, actor.party()))
}

/// Dates with every event one day after the previous one.
pub(super) fn dates() -> ClaimDates {
    ClaimDates {
        created_at: T0,
        consent_at: Some(days(1)),
        submitted_at: Some(days(2)),
        rejected_at: Some(days(3)),
    }
}
