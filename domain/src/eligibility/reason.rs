//! Why a customer is not eligible: stable codes and words for a partner.

use crate::ids::{CustomerId, CustomerIdType};
use serde::{Deserialize, Serialize};

/// One failed eligibility check. Codes are stable: the UI and the CSV exports use them.
/// Listed in the order [`check_eligibility`](super::check_eligibility) reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// `location_not_enrolled`: the location is not enrolled in MCI.
    LocationNotEnrolled,
    /// `location_not_eligible`: the location does not meet the engagement's partner criteria.
    LocationNotEligible,
    /// `engagement_not_open`: the engagement does not take claims now.
    EngagementNotOpen,
    /// `id_type_not_accepted`: the engagement does not accept this kind of customer ID.
    IdTypeNotAccepted,
    /// `customer_unknown`: the ID is not in the customer directory (for a domain: it maps to
    /// no tenant).
    CustomerUnknown,
    /// `not_on_eligibility_list`: the ID (for a domain: its tenant) is not on the list.
    NotOnEligibilityList,
    /// `opportunity_closed`: the MSX opportunity is closed.
    OpportunityClosed,
    /// `active_claim_limit_reached`: the customer has as many open claims on the engagement,
    /// across all partners, as the engagement allows.
    ActiveClaimLimitReached,
    /// `partner_already_has_open_claim`: this partner already added or claimed this customer
    /// for this engagement.
    PartnerAlreadyHasOpenClaim,
}

impl ReasonCode {
    /// Every code, in report order.
    pub const ALL: [ReasonCode; 9] = [
        ReasonCode::LocationNotEnrolled,
        ReasonCode::LocationNotEligible,
        ReasonCode::EngagementNotOpen,
        ReasonCode::IdTypeNotAccepted,
        ReasonCode::CustomerUnknown,
        ReasonCode::NotOnEligibilityList,
        ReasonCode::OpportunityClosed,
        ReasonCode::ActiveClaimLimitReached,
        ReasonCode::PartnerAlreadyHasOpenClaim,
    ];

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            ReasonCode::LocationNotEnrolled => "location_not_enrolled",
            ReasonCode::LocationNotEligible => "location_not_eligible",
            ReasonCode::EngagementNotOpen => "engagement_not_open",
            ReasonCode::IdTypeNotAccepted => "id_type_not_accepted",
            ReasonCode::CustomerUnknown => "customer_unknown",
            ReasonCode::NotOnEligibilityList => "not_on_eligibility_list",
            ReasonCode::OpportunityClosed => "opportunity_closed",
            ReasonCode::ActiveClaimLimitReached => "active_claim_limit_reached",
            ReasonCode::PartnerAlreadyHasOpenClaim => "partner_already_has_open_claim",
        }
    }

    /// The code with this name, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The reason in English, without parameters.
    pub const fn message_en(self) -> &'static str {
        match self {
            ReasonCode::LocationNotEnrolled => "This location is not enrolled in MCI.",
            ReasonCode::LocationNotEligible => {
                "This location does not meet the partner criteria of this engagement."
            }
            ReasonCode::EngagementNotOpen => {
                "This engagement is not open for claims at the moment."
            }
            ReasonCode::IdTypeNotAccepted => {
                "This engagement does not accept this type of customer ID."
            }
            ReasonCode::CustomerUnknown => {
                "This customer ID is not in the programme's customer directory."
            }
            ReasonCode::NotOnEligibilityList => {
                "This customer is not on the eligibility list of this engagement."
            }
            ReasonCode::OpportunityClosed => "This MSX opportunity is closed.",
            ReasonCode::ActiveClaimLimitReached => {
                "This customer already has the maximum number of active claims for this engagement."
            }
            ReasonCode::PartnerAlreadyHasOpenClaim => {
                "Your organisation already has an open claim for this customer on this engagement."
            }
        }
    }

    /// The reason in French, without parameters.
    pub const fn message_fr(self) -> &'static str {
        match self {
            ReasonCode::LocationNotEnrolled => "Cet emplacement n'est pas inscrit à MCI.",
            ReasonCode::LocationNotEligible => {
                "Cet emplacement ne remplit pas les critères partenaire de cet engagement."
            }
            ReasonCode::EngagementNotOpen => {
                "Cet engagement n'accepte pas de réclamations actuellement."
            }
            ReasonCode::IdTypeNotAccepted => "Cet engagement n'accepte pas ce type d'ID client.",
            ReasonCode::CustomerUnknown => {
                "Cet ID client ne figure pas dans l'annuaire clients du programme."
            }
            ReasonCode::NotOnEligibilityList => {
                "Ce client ne figure pas sur la liste d'éligibilité de cet engagement."
            }
            ReasonCode::OpportunityClosed => "Cette opportunité MSX est fermée.",
            ReasonCode::ActiveClaimLimitReached => {
                "Ce client a déjà le nombre maximal de réclamations actives pour cet engagement."
            }
            ReasonCode::PartnerAlreadyHasOpenClaim => {
                "Votre organisation a déjà une réclamation ouverte pour ce client sur cet engagement."
            }
        }
    }
}

/// The values a reason's message may mention. Absent fields are omitted from JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReasonParams {
    /// `active_claim_limit_reached`: the engagement's limit of active claims per customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// `id_type_not_accepted`: the refused kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_type: Option<CustomerIdType>,
    /// `id_type_not_accepted`: the kinds the engagement does accept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<CustomerIdType>,
    /// `partner_already_has_open_claim`: the partner's open claim for this customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_ref: Option<String>,
    /// `partner_already_has_open_claim`: the ID that claim was made with (any alias of the
    /// customer, not necessarily the one given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_by: Option<CustomerId>,
    /// `partner_already_has_open_claim`: the customer's name in the directory, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
}

/// A failed check, with what its message needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Reason {
    /// Which check.
    pub code: ReasonCode,
    /// Values for the message.
    #[serde(default)]
    pub params: ReasonParams,
}

impl Reason {
    /// A reason without parameters.
    pub fn new(code: ReasonCode) -> Self {
        Self {
            code,
            params: ReasonParams::default(),
        }
    }

    /// `partner_already_has_open_claim`, naming the partner's open claim (when it is known) and
    /// the customer. The rule and the repository's refusal after a lost race both build it here.
    pub fn partner_open_claim(
        open: Option<&super::OpenClaim>,
        customer_name: Option<String>,
    ) -> Self {
        Self {
            code: ReasonCode::PartnerAlreadyHasOpenClaim,
            params: ReasonParams {
                claim_ref: open.map(|o| o.claim_ref.clone()),
                held_by: open.map(|o| o.customer_id.clone()),
                customer_name,
                ..ReasonParams::default()
            },
        }
    }

    /// The full message in English, with its parameters.
    pub fn message_en(&self) -> String {
        match (self.code, &self.params) {
            (ReasonCode::ActiveClaimLimitReached, ReasonParams { limit: Some(n), .. }) => format!(
                "This customer already has {n} active {} for this engagement, the most it allows.",
                if *n == 1 { "claim" } else { "claims" }
            ),
            (ReasonCode::IdTypeNotAccepted, p) if !p.accepted.is_empty() => format!(
                "This engagement does not accept this type of customer ID. It accepts: {}.",
                list(&p.accepted, CustomerIdType::message_en)
            ),
            (
                ReasonCode::PartnerAlreadyHasOpenClaim,
                ReasonParams {
                    claim_ref: Some(claim_ref),
                    held_by: Some(id),
                    customer_name,
                    ..
                },
            ) => format!(
                "{} already has an open claim of yours on this engagement ({claim_ref}, made with {} {}).",
                customer_name.as_deref().unwrap_or("This customer"),
                lower_first(id.kind().message_en()),
                id.display_value()
            ),
            (code, _) => code.message_en().to_owned(),
        }
    }

    /// The full message in French, with its parameters.
    pub fn message_fr(&self) -> String {
        match (self.code, &self.params) {
            (ReasonCode::ActiveClaimLimitReached, ReasonParams { limit: Some(n), .. }) => format!(
                "Ce client a déjà {n} {} pour cet engagement, le maximum autorisé.",
                if *n <= 1 {
                    "réclamation active"
                } else {
                    "réclamations actives"
                }
            ),
            (ReasonCode::IdTypeNotAccepted, p) if !p.accepted.is_empty() => format!(
                "Cet engagement n'accepte pas ce type d'ID client. Il accepte\u{a0}: {}.",
                list(&p.accepted, CustomerIdType::message_fr)
            ),
            (
                ReasonCode::PartnerAlreadyHasOpenClaim,
                ReasonParams {
                    claim_ref: Some(claim_ref),
                    held_by: Some(id),
                    customer_name,
                    ..
                },
            ) => format!(
                "{} a déjà une réclamation ouverte de votre organisation sur cet engagement ({claim_ref}, faite avec {} {}).",
                customer_name.as_deref().unwrap_or("Ce client"),
                id_noun_fr(id.kind()),
                id.display_value()
            ),
            (code, _) => code.message_fr().to_owned(),
        }
    }
}

/// "Tenant ID" → "tenant ID", "TPID" stays (an acronym).
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => first
            .to_lowercase()
            .chain(name[first.len_utf8()..].chars())
            .collect(),
        _ => name.to_owned(),
    }
}

/// The kind's name in French with its article ("le nom de domaine", "l'ID de locataire" …).
fn id_noun_fr(kind: CustomerIdType) -> &'static str {
    match kind {
        CustomerIdType::DomainName => "le nom de domaine",
        CustomerIdType::TenantId => "l'ID de locataire",
        CustomerIdType::Tpid => "le TPID",
        CustomerIdType::AzureSubscriptionId => "l'ID d'abonnement Azure",
        CustomerIdType::MsxOpportunityId => "l'ID d'opportunité MSX",
    }
}

fn list(kinds: &[CustomerIdType], name: fn(CustomerIdType) -> &'static str) -> String {
    kinds
        .iter()
        .map(|k| name(*k))
        .collect::<Vec<_>>()
        .join(", ")
}
