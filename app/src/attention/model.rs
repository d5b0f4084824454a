//! Wire types of the attention inbox.

use domain::{ClaimAction, ClaimStatus, CustomerId, Deadline, Money};
use domain::{ClaimRef, EngagementId};
use serde::{Deserialize, Serialize};

/// The statuses in which a claim waits on the partner: consent to send (or re-send while the
/// customer has not answered), proof to submit, the programme's request to answer, a rejection
/// to dispute.
pub const NEEDS_PARTNER: [ClaimStatus; 5] = [
    ClaimStatus::CustomerClaimed,
    ClaimStatus::AwaitingConsent,
    ClaimStatus::ConsentReceived,
    ClaimStatus::PartnerActionRequired,
    ClaimStatus::Rejected,
];

/// The "due within" choices of the filter, in days.
pub const WITHIN_DAYS: [u32; 3] = [7, 14, 30];

/// The most rows the inbox shows at once (the totals count every match).
pub const ATTENTION_LIMIT: i64 = 200;

/// The inbox's filters, as in the page's URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionFilter {
    /// Empty: every location of the user.
    pub location: String,
    /// `None`: every engagement.
    pub engagement_id: Option<EngagementId>,
    /// `None`: any deadline; otherwise due within this many days (one of [`WITHIN_DAYS`]).
    pub within_days: Option<u32>,
}

/// The one thing a row asks the partner to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttentionAction {
    SendConsent,
    ResendConsent,
    Submit,
    /// Answer the programme's request (resubmit).
    Answer,
    Dispute,
}

impl AttentionAction {
    /// The row's action among the claim's available ones, most pressing first; `None` when none
    /// is open to this user now (a re-send limit reached, say).
    pub fn pick(available: &[ClaimAction]) -> Option<AttentionAction> {
        [
            (ClaimAction::SendConsent, AttentionAction::SendConsent),
            (ClaimAction::Submit, AttentionAction::Submit),
            (ClaimAction::Resubmit, AttentionAction::Answer),
            (ClaimAction::Dispute, AttentionAction::Dispute),
            (ClaimAction::ResendConsent, AttentionAction::ResendConsent),
        ]
        .into_iter()
        .find(|(claim_action, _)| available.contains(claim_action))
        .map(|(_, action)| action)
    }

    /// Where the action is taken.
    pub fn href(self, claim_ref: &ClaimRef) -> String {
        match self {
            AttentionAction::SendConsent | AttentionAction::ResendConsent => {
                format!("/claims/{claim_ref}/consent")
            }
            AttentionAction::Submit | AttentionAction::Answer => {
                format!("/claims/{claim_ref}/submit")
            }
            AttentionAction::Dispute => format!("/claims/{claim_ref}"),
        }
    }
}

/// One claim waiting on the partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionRow {
    pub claim_ref: ClaimRef,
    pub engagement_id: EngagementId,
    pub engagement_name: String,
    pub location_name: String,
    pub customer_name: String,
    pub customer_id: CustomerId,
    pub friendly_name: String,
    pub status: ClaimStatus,
    pub deadline: Option<Deadline>,
    /// The claim's proposed payment: what is lost if the deadline passes.
    pub at_risk: Money,
    pub action: Option<AttentionAction>,
}

/// The money at risk in one week (Monday to Sunday, UTC) of deadlines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekAtRisk {
    /// Monday 00:00 UTC, Unix seconds.
    pub starts: i64,
    /// One amount per currency.
    pub amounts: Vec<Money>,
    pub claims: i64,
}

/// The inbox as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attention {
    pub rows: Vec<AttentionRow>,
    /// Matches beyond the rows shown.
    pub more: i64,
    /// Every match, by week of its deadline.
    pub weeks: Vec<WeekAtRisk>,
    /// The user's locations (ID, name), for the filter.
    pub locations: Vec<(String, String)>,
    /// The partner's engagements (ID, name), for the filter.
    pub engagements: Vec<(EngagementId, String)>,
    pub now: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_offers_its_most_pressing_action() {
        assert_eq!(
            AttentionAction::pick(&[ClaimAction::ResendConsent, ClaimAction::Cancel]),
            Some(AttentionAction::ResendConsent)
        );
        assert_eq!(
            AttentionAction::pick(&[ClaimAction::Cancel, ClaimAction::Submit]),
            Some(AttentionAction::Submit)
        );
        assert_eq!(
            AttentionAction::pick(&[ClaimAction::Resubmit]),
            Some(AttentionAction::Answer)
        );
        assert_eq!(AttentionAction::pick(&[ClaimAction::Cancel]), None);
        let claim = ClaimRef::parse("C-0S248SZF11").unwrap();
        assert_eq!(
            AttentionAction::Answer.href(&claim),
            "/claims/C-0S248SZF11/submit"
        );
    }
}
