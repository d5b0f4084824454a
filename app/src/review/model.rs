//! Wire types of the review console.

use domain::{ClaimAction, ClaimStatus, Deadline, Money};
use domain::{ClaimRef, EngagementId};
use serde::{Deserialize, Serialize};

/// The decisions a reviewer takes from the review page (payment has its own form).
pub const DECISIONS: [ClaimAction; 6] = [
    ClaimAction::StartReview,
    ClaimAction::Approve,
    ClaimAction::Reject,
    ClaimAction::RequestPartnerAction,
    ClaimAction::ApproveDispute,
    ClaimAction::RejectFinal,
];

/// Decisions that need a written reason or request.
pub fn needs_message(action: ClaimAction) -> bool {
    matches!(
        action,
        ClaimAction::Reject | ClaimAction::RequestPartnerAction | ClaimAction::RejectFinal
    )
}

/// The statuses in which a claim waits for the programme: the queue's default view.
pub const WAITING_FOR_PROGRAMME: [ClaimStatus; 4] = [
    ClaimStatus::Submitted,
    ClaimStatus::UnderReview,
    ClaimStatus::Disputed,
    ClaimStatus::Approved,
];

/// The statuses the queue's status filter offers, after "waiting for the programme".
pub const QUEUE_STATUSES: [ClaimStatus; 8] = [
    ClaimStatus::Submitted,
    ClaimStatus::UnderReview,
    ClaimStatus::PartnerActionRequired,
    ClaimStatus::Disputed,
    ClaimStatus::Approved,
    ClaimStatus::Rejected,
    ClaimStatus::Paid,
    ClaimStatus::RejectedFinal,
];

/// The queue's filters, as in the page's URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueFilter {
    /// Empty: waiting for the programme; otherwise a status code.
    pub status: String,
    /// `None`: every engagement.
    pub engagement_id: Option<EngagementId>,
    /// Claim ID, partner, customer or friendly name contains this.
    pub q: String,
}

/// One claim of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRow {
    pub claim_ref: ClaimRef,
    pub partner_name: String,
    pub engagement_name: String,
    pub friendly_name: String,
    pub customer_name: Option<String>,
    pub customer_id: domain::CustomerId,
    pub status: ClaimStatus,
    pub submitted_at: Option<i64>,
    pub deadline: Option<Deadline>,
    pub proposed_payment: Option<Money>,
}

/// The queue as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub rows: Vec<QueueRow>,
    /// Matches beyond the rows shown (the queue shows at most [`QUEUE_LIMIT`]).
    pub more: i64,
    /// Every engagement, for the filter.
    pub engagements: Vec<(EngagementId, String)>,
    pub now: i64,
}

/// The most rows the queue shows at once.
pub const QUEUE_LIMIT: i64 = 200;
