//! Whether a customer can be added or claimed for an engagement from a location
//! (DESIGN.md §4, "Eligibility"). The browser runs it for live feedback and the server runs it
//! as the rule; the callers gather the facts, this module only judges them.

mod mismatch;
mod reason;

#[cfg(test)]
mod tests;

pub use mismatch::{contact_domain_mismatch, MismatchJustification, MismatchReason};
pub use reason::{Reason, ReasonCode, ReasonParams};

use crate::engagement::Engagement;
use crate::ids::{CustomerId, CustomerIdType, LocationId, TenantId};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What the partner data says about the location the claim would come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationFacts {
    /// The location.
    pub id: LocationId,
    /// Enrolled in MCI.
    pub enrolled_in_mci: bool,
    /// Meets this engagement's partner criteria.
    pub eligible_for_engagement: bool,
}

/// What the customer directory knows about exactly the ID given, never about the customer's
/// other IDs: eligibility does not cascade from one ID of a customer to another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryFacts {
    /// The ID is in the directory. For a domain: it maps to a tenant.
    pub known: bool,
    /// For a domain: the tenant it maps to.
    pub resolved_tenant: Option<TenantId>,
    /// The customer's name, when known.
    pub customer_name: Option<String>,
    /// The ID is on the engagement's eligibility list. For a domain: its tenant is (a domain
    /// is checked through its tenant).
    pub on_eligibility_list: bool,
    /// For an MSX opportunity: it is closed. Ignored for other kinds.
    pub opportunity_closed: bool,
}

/// Everything the eligibility rule looks at, gathered by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityInput<'a> {
    /// The engagement the customer would be claimed for.
    pub engagement: &'a Engagement,
    /// The partner location the claim would come from.
    pub location: LocationFacts,
    /// The customer ID, as given.
    pub customer_id: CustomerId,
    /// What the directory knows about that ID.
    pub directory: DirectoryFacts,
    /// Open claims for this customer (every ID with the same [`CustomerKey`]) on this
    /// engagement, by all partners.
    ///
    /// [`CustomerKey`]: crate::CustomerKey
    pub active_claims_for_customer: u32,
    /// This partner's open claim for this customer (any of its IDs) on this engagement, if any.
    pub partner_open_claim: Option<OpenClaim>,
    /// The time of the check.
    pub now: Timestamp,
}

/// A partner's open claim for a customer on an engagement: which claim, and which of the
/// customer's IDs it was made with, so that a refusal can name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenClaim {
    /// The claim's reference (`C-…`).
    pub claim_ref: String,
    /// The ID the claim was made with (may be another alias than the one now given).
    pub customer_id: CustomerId,
}

/// The verdict: eligible when no check failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    /// `reasons.is_empty()`.
    pub eligible: bool,
    /// Every failed check, in DESIGN.md §4 order.
    pub reasons: Vec<Reason>,
    /// The tenant the claim is about: for a domain, the tenant it resolved to; for a tenant
    /// ID, itself; for any other kind, none (no cascading).
    pub resolved_tenant: Option<TenantId>,
}

impl Eligibility {
    /// Whether a given check failed.
    pub fn has(&self, code: ReasonCode) -> bool {
        self.reasons.iter().any(|r| r.code == code)
    }
}

/// The eligibility rule. Reports every failed check, not only the first, so a partner sees
/// at once everything that stands in the way:
///
/// 1. `location_not_enrolled`, `location_not_eligible` (each on its own fact);
/// 2. `engagement_not_open`;
/// 3. `id_type_not_accepted` — the other checks still run, so the partner learns whether this
///    customer would qualify through an accepted kind of ID;
/// 4. `customer_unknown` — for a domain, also when it resolves to no tenant; an unknown ID
///    has no list entry or opportunity to check, so 5 is skipped;
/// 5. `not_on_eligibility_list`, `opportunity_closed` (MSX only);
/// 6. `active_claim_limit_reached` (parameter `limit`);
/// 7. `partner_already_has_open_claim`.
pub fn check_eligibility(input: &EligibilityInput<'_>) -> Eligibility {
    let engagement = input.engagement;
    let directory = &input.directory;
    let kind = input.customer_id.kind();
    let mut reasons = Vec::new();
    let mut fail = |failed: bool, reason: Reason| {
        if failed {
            reasons.push(reason);
        }
    };

    fail(
        !input.location.enrolled_in_mci,
        Reason::new(ReasonCode::LocationNotEnrolled),
    );
    fail(
        !input.location.eligible_for_engagement,
        Reason::new(ReasonCode::LocationNotEligible),
    );
    fail(
        !engagement.is_open(input.now),
        Reason::new(ReasonCode::EngagementNotOpen),
    );
    fail(
        !engagement.accepts(kind),
        Reason {
            code: ReasonCode::IdTypeNotAccepted,
            params: ReasonParams {
                id_type: Some(kind),
                accepted: engagement.accepted_id_types.clone(),
                ..ReasonParams::default()
            },
        },
    );

    let resolved_tenant = match &input.customer_id {
        CustomerId::DomainName(_) => directory.resolved_tenant.clone(),
        CustomerId::TenantId(tenant) => Some(tenant.clone()),
        _ => None,
    };
    // A domain is only known through its tenant: one that maps to none is unknown.
    let known =
        directory.known && (kind != CustomerIdType::DomainName || resolved_tenant.is_some());
    fail(!known, Reason::new(ReasonCode::CustomerUnknown));
    if known {
        fail(
            !directory.on_eligibility_list,
            Reason::new(ReasonCode::NotOnEligibilityList),
        );
        fail(
            matches!(input.customer_id, CustomerId::MsxOpportunityId(_))
                && directory.opportunity_closed,
            Reason::new(ReasonCode::OpportunityClosed),
        );
    }

    let limit = engagement.max_active_claims_per_customer;
    fail(
        input.active_claims_for_customer >= limit,
        Reason {
            code: ReasonCode::ActiveClaimLimitReached,
            params: ReasonParams {
                limit: Some(limit),
                ..ReasonParams::default()
            },
        },
    );
    if let Some(open) = &input.partner_open_claim {
        reasons.push(Reason::partner_open_claim(
            Some(open),
            directory.customer_name.clone(),
        ));
    }

    Eligibility {
        eligible: reasons.is_empty(),
        reasons,
        resolved_tenant,
    }
}
