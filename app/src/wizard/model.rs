//! Wire types of the wizards.

use domain::Reason;
use serde::{Deserialize, Serialize};

/// What the customer ID step sends while the partner types (once the value parses in the
/// browser with the same parser).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCheckRequest {
    pub location_id: String,
    pub customer_id_type: String,
    pub customer_id_value: String,
}

/// The verdict for one open engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementVerdict {
    pub engagement_id: i64,
    pub engagement_name: String,
    pub eligible: bool,
    pub reasons: Vec<Reason>,
}

/// What the page shows under the field: who the customer is, and where it can be nominated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCheck {
    /// The normalised ID, as it will be stored.
    pub normalised: String,
    /// The customer's name in the directory (for a domain: its tenant's).
    pub customer_name: Option<String>,
    /// For a domain: the tenant it resolves to.
    pub resolved_tenant: Option<String>,
    /// Every open engagement of the partner, eligible ones first.
    pub engagements: Vec<EngagementVerdict>,
}

impl CustomerCheck {
    pub fn eligible_count(&self) -> usize {
        self.engagements.iter().filter(|e| e.eligible).count()
    }

    pub fn ineligible_count(&self) -> usize {
        self.engagements.len() - self.eligible_count()
    }
}
