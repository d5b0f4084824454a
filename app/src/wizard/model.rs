//! Wire types of the wizards.

use domain::{CustomerIdType, Reason};
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
    /// Variable payment: the range of hours a claim may ask for.
    pub hours_range: Option<(u32, u32)>,
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
    /// For a tenant ID: the tenant's domains, so that the contacts step can tell at once
    /// (with the domain's `contact_domain_mismatch`) whether a mismatch reason is needed.
    pub tenant_domains: Vec<String>,
}

impl CustomerCheck {
    pub fn eligible_count(&self) -> usize {
        self.engagements.iter().filter(|e| e.eligible).count()
    }

    pub fn ineligible_count(&self) -> usize {
        self.engagements.len() - self.eligible_count()
    }
}

/// A location of the partner as the location step offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationChoice {
    pub id: String,
    pub name: String,
    pub country: String,
    /// False when the location is eligible for no open engagement (Add customer) or not for
    /// this engagement (Claim customer): shown, but not selectable.
    pub usable: bool,
}

/// A customer the partner knows, as the Claim customer wizard starts from it: its ID and the
/// contacts of its latest claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownCustomer {
    pub customer_id_type: String,
    pub customer_id_value: String,
    pub customer_name: Option<String>,
    pub friendly_name: String,
    pub contact_email: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_language: String,
}

/// What a wizard needs before its first step: the engagement it was opened from, the
/// locations, the user's own contact, and for Claim customer the known customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardStart {
    pub engagement_id: i64,
    pub engagement_code: String,
    pub engagement_name: String,
    pub engagement_open: bool,
    /// The ID types the engagement accepts, offered first.
    pub accepted_id_types: Vec<CustomerIdType>,
    pub variable_payment: bool,
    pub locations: Vec<LocationChoice>,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub known: Option<KnownCustomer>,
}
