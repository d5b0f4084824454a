//! Wire types of customer consent.

use super::delivery::DeliveryProblem;
use crate::claims::model::ContactsForm;
use domain::ClaimStatus;
use domain::{ClaimRef, EngagementId};
use serde::{Deserialize, Serialize};

/// Where one consent e-mail is on its way to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    /// Waiting for the worker (after `attempts` failed tries, with why the last one failed: a
    /// category, never the mail server's own words).
    Pending {
        attempts: i64,
        problem: Option<DeliveryProblem>,
    },
    /// Handed to the mail server.
    Sent { at: i64 },
    /// Given up after every retry.
    Failed { problem: Option<DeliveryProblem> },
    /// Not sent: a newer e-mail replaced it, or the claim moved on first.
    Dropped,
}

/// One consent e-mail of a claim (the first or a re-send).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSend {
    pub requested_at: i64,
    pub resend: bool,
    pub to_address: String,
    pub language: String,
    pub delivery: Delivery,
}

/// What the Send consent flow needs: the claim, the contacts to review, and whether (and when)
/// the e-mail may go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentFlow {
    pub claim_ref: ClaimRef,
    pub friendly_name: String,
    pub customer_name: Option<String>,
    pub customer_id: domain::CustomerId,
    pub engagement_id: EngagementId,
    pub engagement_name: String,
    pub status: ClaimStatus,
    /// This flow re-sends (the claim is already awaiting consent).
    pub resend: bool,
    pub contacts: ContactsForm,
    /// For a tenant ID: the tenant's verified domains (the UI mirrors the mismatch rule).
    pub tenant_domains: Vec<String>,
    /// The consent deadline the e-mail announces (Unix seconds).
    pub consent_deadline: Option<i64>,
    pub sends: Vec<ConsentSend>,
    pub resends_used: u32,
    pub resends_max: u32,
    /// When a re-send is allowed again, if not now.
    pub next_send_at: Option<i64>,
    /// Why no e-mail can be sent now (a stable code: `status`, `resend_limit`, `too_soon`), or
    /// `None` when it can.
    pub blocked: Option<String>,
    pub now: i64,
}

/// Where a consent request stands, as its link shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ConsentState {
    /// Waiting for the customer's answer.
    Open,
    Accepted {
        at: i64,
    },
    Declined {
        at: i64,
    },
    /// The consent deadline passed without an answer.
    Expired {
        at: i64,
    },
    /// A newer e-mail replaced this link.
    Replaced,
    /// The partner withdrew the claim.
    Withdrawn,
    /// No such link.
    Unknown,
}

/// What the customer's consent page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentPage {
    pub state: ConsentState,
    /// Everything else, for a link that exists.
    pub details: Option<ConsentDetails>,
    pub now: i64,
}

/// Who asks the customer for what, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentDetails {
    pub partner_name: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub engagement_name: String,
    pub solution_area: String,
    pub customer_name: Option<String>,
    pub contact_name: String,
    pub language: String,
    pub deadline: i64,
}

/// Where a customer's answer came from, as the claim page shows it to the partner and to
/// reviewers. The parts are `None` for an answer given before evidence was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvidence {
    pub accepted: bool,
    pub decided_at: i64,
    /// The client's address, as the trusted hop gave it.
    pub ip: Option<String>,
    /// At most [`MAX_USER_AGENT_CHARS`] characters.
    pub user_agent: Option<String>,
    /// The language the consent page was read in (`en`, `fr`).
    pub language: Option<String>,
    /// The consent statement exactly as the page showed it (`statement::ConsentStatement::text`).
    pub text: Option<String>,
}

/// The longest user agent kept with an answer: enough for any real browser's.
pub const MAX_USER_AGENT_CHARS: usize = 512;
