//! Wire types of claims.

use domain::{Actor, ClaimAction, ClaimStatus, CustomerId, Deadline, Money};
use domain::{ClaimRef, EngagementId};
use serde::{Deserialize, Serialize};

/// How the customer came to the claim: newly added, or a known customer claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ClaimOrigin {
    /// A new customer, through the Add customer wizard.
    #[default]
    Added,
    /// A customer who consented to an earlier claim, through the Claim customer wizard.
    Claimed,
}

impl ClaimOrigin {
    pub const fn code(self) -> &'static str {
        match self {
            ClaimOrigin::Added => "added",
            ClaimOrigin::Claimed => "claimed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "added" => Some(ClaimOrigin::Added),
            "claimed" => Some(ClaimOrigin::Claimed),
            _ => None,
        }
    }
}

/// The customer's and the partner's contacts as typed (raw text, parsed on the server by the
/// domain's parsers): the contacts step of the wizards and the Send consent flow share it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactsForm {
    pub contact_email: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_language: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    /// Required when the contact's e-mail domain is not one of the tenant's domains.
    pub mismatch_reason: String,
    pub mismatch_details: String,
}

/// One text field of a [`ContactsForm`]: the form's inputs are bound through it, not by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactField {
    Email,
    Name,
    Phone,
    Language,
    PartnerName,
    PartnerEmail,
    MismatchReason,
    MismatchDetails,
}

impl ContactField {
    /// The field's name in forms and field errors.
    pub const fn name(self) -> &'static str {
        match self {
            ContactField::Email => "contact_email",
            ContactField::Name => "contact_name",
            ContactField::Phone => "contact_phone",
            ContactField::Language => "contact_language",
            ContactField::PartnerName => "partner_contact_name",
            ContactField::PartnerEmail => "partner_contact_email",
            ContactField::MismatchReason => "mismatch_reason",
            ContactField::MismatchDetails => "mismatch_details",
        }
    }
}

impl ContactsForm {
    /// The value of one field, as typed.
    pub fn get(&self, field: ContactField) -> &str {
        match field {
            ContactField::Email => &self.contact_email,
            ContactField::Name => &self.contact_name,
            ContactField::Phone => &self.contact_phone,
            ContactField::Language => &self.contact_language,
            ContactField::PartnerName => &self.partner_contact_name,
            ContactField::PartnerEmail => &self.partner_contact_email,
            ContactField::MismatchReason => &self.mismatch_reason,
            ContactField::MismatchDetails => &self.mismatch_details,
        }
    }

    /// Replaces one field's value.
    pub fn set(&mut self, field: ContactField, value: String) {
        let slot = match field {
            ContactField::Email => &mut self.contact_email,
            ContactField::Name => &mut self.contact_name,
            ContactField::Phone => &mut self.contact_phone,
            ContactField::Language => &mut self.contact_language,
            ContactField::PartnerName => &mut self.partner_contact_name,
            ContactField::PartnerEmail => &mut self.partner_contact_email,
            ContactField::MismatchReason => &mut self.mismatch_reason,
            ContactField::MismatchDetails => &mut self.mismatch_details,
        };
        *slot = value;
    }

    /// Whether the contact's e-mail, as typed, needs a mismatch reason: the domain's
    /// `contact_domain_mismatch` on the tenant's domains. False while the e-mail does not parse
    /// or the domains are not known (the server decides in the end).
    pub fn mismatch_needed(&self, customer_id: &CustomerId, tenant_domains: &[String]) -> bool {
        let Ok(email) = domain::EmailAddress::parse(&self.contact_email) else {
            return false;
        };
        let domains: Vec<domain::DomainName> = tenant_domains
            .iter()
            .filter_map(|d| domain::DomainName::parse(d).ok())
            .collect();
        !domains.is_empty() && domain::contact_domain_mismatch(customer_id, &domains, &email)
    }
}

/// What a partner submits to nominate one customer for one or more engagements: raw text as
/// typed, parsed on the server by the domain's parsers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewClaims {
    pub friendly_name: String,
    pub location_id: String,
    pub customer_id_type: String,
    pub customer_id_value: String,
    pub engagement_ids: Vec<EngagementId>,
    /// Which wizard: a crafted value other than `added` or `claimed` is refused when the request
    /// is read.
    pub origin: ClaimOrigin,
    /// The contacts, flattened: on the wire they sit beside the other fields.
    #[serde(flatten)]
    pub contacts: ContactsForm,
    /// Variable payment only: the hours the engagement will take (fixed once created).
    pub hours: Option<u32>,
    /// One per press of the final button: a repeated request creates nothing more.
    pub idempotency_key: String,
}

/// A claim just created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedClaim {
    pub claim_ref: ClaimRef,
    pub engagement_id: EngagementId,
    pub engagement_name: String,
}

/// A claim in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    pub claim_ref: ClaimRef,
    pub friendly_name: String,
    pub engagement_id: EngagementId,
    pub engagement_name: String,
    pub customer_id: CustomerId,
    pub customer_name: Option<String>,
    pub status: ClaimStatus,
    pub deadline: Option<Deadline>,
}

/// One entry of a claim's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimEvent {
    pub at: i64,
    pub actor: Actor,
    pub actor_name: Option<String>,
    pub action: String,
    pub from_status: Option<ClaimStatus>,
    pub to_status: ClaimStatus,
    /// JSON object with what changed.
    pub details: String,
    /// What the person wrote with the action (a reviewer's reason or request, the partner's
    /// comment or dispute reason), from `details`.
    pub message: Option<String>,
}

/// Everything about one claim, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDetail {
    pub claim_ref: ClaimRef,
    pub friendly_name: String,
    pub origin: ClaimOrigin,
    pub engagement_id: EngagementId,
    pub engagement_code: String,
    pub engagement_name: String,
    pub location_id: String,
    /// The ID the claim was made with (shown with `display_value`: a domain in Unicode).
    pub customer_id: CustomerId,
    pub resolved_tenant_id: Option<String>,
    pub customer_name: Option<String>,
    pub contact_email: String,
    pub contact_name: String,
    pub contact_phone: Option<String>,
    pub contact_language: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub mismatch_reason: Option<String>,
    pub mismatch_details: Option<String>,
    pub hours: Option<i64>,
    pub proposed_payment: Option<Money>,
    pub status: ClaimStatus,
    pub deadline: Option<Deadline>,
    pub created_at: i64,
    pub consent_at: Option<i64>,
    pub submitted_at: Option<i64>,
    pub ended_at: Option<i64>,
    /// What the signed-in user may do now (`domain::available_actions`).
    pub available_actions: Vec<ClaimAction>,
    pub events: Vec<ClaimEvent>,
    /// The consent e-mails sent for it, oldest first, with their delivery.
    pub consent_sends: Vec<crate::consent::model::ConsentSend>,
    /// The customer's answer and where it came from, once answered.
    pub consent_evidence: Option<crate::consent::model::ConsentEvidence>,
    /// The partner that nominated the customer (reviewers see it).
    pub partner_name: String,
    /// What the first submission declared.
    pub completion_date: Option<String>,
    pub hours_delivered: Option<i64>,
    pub rejected_at: Option<i64>,
    /// Every submission, oldest first, with its documents.
    pub submissions: Vec<crate::submission::model::SubmissionInfo>,
    pub payment: Option<crate::submission::model::PaymentInfo>,
    /// The most one uploaded document may weigh (the server's setting), for the form's hint.
    pub upload_limit_bytes: i64,
    /// The server's "now" (Unix seconds), for the time left.
    pub now: i64,
}

impl ClaimDetail {
    /// The latest message of one of these actions, with when it was written.
    pub fn latest_message(&self, actions: &[ClaimAction]) -> Option<(&ClaimEvent, &str)> {
        self.events
            .iter()
            .rev()
            .filter(|e| ClaimAction::from_code(&e.action).is_some_and(|a| actions.contains(&a)))
            .find_map(|e| e.message.as_deref().map(|m| (e, m)))
    }
}

/// The steps of the Add customer and Claim customer wizards, in order. Each field of a
/// [`NewClaims`] belongs to one step; the server checks a step with every step before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WizardStep {
    Name,
    Location,
    Customer,
    Engagements,
    Contacts,
    Review,
}

impl WizardStep {
    pub const ALL: [WizardStep; 6] = [
        WizardStep::Name,
        WizardStep::Location,
        WizardStep::Customer,
        WizardStep::Engagements,
        WizardStep::Contacts,
        WizardStep::Review,
    ];

    /// The step a field of [`NewClaims`] is typed at.
    pub fn of_field(field: &str) -> WizardStep {
        match field {
            "friendly_name" => WizardStep::Name,
            "location_id" => WizardStep::Location,
            "customer_id_type" | "customer_id_value" | "origin" => WizardStep::Customer,
            "engagement_ids" | "hours" => WizardStep::Engagements,
            "contact_email"
            | "contact_name"
            | "contact_phone"
            | "contact_language"
            | "partner_contact_name"
            | "partner_contact_email"
            | "mismatch_reason"
            | "mismatch_details" => WizardStep::Contacts,
            _ => WizardStep::Review,
        }
    }
}

/// One claim the review step announces: engagement, hours and the proposed payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewLine {
    pub engagement_id: EngagementId,
    pub engagement_name: String,
    pub hours: Option<u32>,
    pub proposed_payment: Money,
}

/// What the server found checking a step: from the engagements step on, the claims it would
/// create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimsPreview {
    pub customer_name: Option<String>,
    pub lines: Vec<PreviewLine>,
}
