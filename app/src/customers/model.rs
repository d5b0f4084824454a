//! Wire types of the Customers page.

use domain::{ClaimAction, ClaimStatus, CustomerId, Reason};
use domain::{ClaimRef, EngagementId};
use serde::{Deserialize, Serialize};

/// The three tabs. Codes are the `tab` URL parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    #[default]
    Eligible,
    Ineligible,
    Completed,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Eligible, Tab::Ineligible, Tab::Completed];

    pub const fn code(self) -> &'static str {
        match self {
            Tab::Eligible => "eligible",
            Tab::Ineligible => "ineligible",
            Tab::Completed => "completed",
        }
    }

    pub fn from_code(code: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// The column a tab is sorted by. Codes are the `sort` URL parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    #[default]
    Customer,
    CustomerId,
    FriendlyName,
    Claim,
    /// The next deadline (Eligible) or the end date (Completed).
    Date,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Customer,
        SortKey::CustomerId,
        SortKey::FriendlyName,
        SortKey::Claim,
        SortKey::Date,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            SortKey::Customer => "customer",
            SortKey::CustomerId => "id",
            SortKey::FriendlyName => "name",
            SortKey::Claim => "claim",
            SortKey::Date => "date",
        }
    }

    pub fn from_code(code: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A position in a sorted tab: the sort value and the row's unique key. Opaque to the UI, which
/// only carries it in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// Text sort value, or the integer one for dates.
    pub text: String,
    pub number: i64,
    /// The row's key: the customer key (Eligible/Ineligible), or the claim id (Completed).
    pub value: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        serde_json::from_str(raw).ok()
    }
}

/// What the page asks for: everything lives in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomersQuery {
    pub engagement_id: EngagementId,
    pub tab: Tab,
    pub search: String,
    pub sort: SortKey,
    pub descending: bool,
    /// Rows after this cursor (next page) ...
    pub after: Option<String>,
    /// ... or before it (previous page).
    pub before: Option<String>,
    /// Rows per page (default [`PAGE_SIZE`], at most [`MAX_PAGE_SIZE`]).
    pub size: Option<i64>,
}

impl CustomersQuery {
    /// The first page of an engagement's Eligible tab, in the default order.
    pub fn new(engagement_id: EngagementId) -> Self {
        Self {
            engagement_id,
            tab: Tab::default(),
            search: String::new(),
            sort: SortKey::default(),
            descending: false,
            after: None,
            before: None,
            size: None,
        }
    }
}

/// What a row offers the partner now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    ClaimCustomer,
    SendConsent,
    ResendConsent,
    SubmitClaim,
    ViewClaim,
}

impl RowAction {
    /// The row actions a claim's available life-cycle actions give.
    pub fn from_claim_actions(actions: &[ClaimAction]) -> Vec<RowAction> {
        let mut out = Vec::new();
        if actions.contains(&ClaimAction::SendConsent) {
            out.push(RowAction::SendConsent);
        }
        if actions.contains(&ClaimAction::ResendConsent) {
            out.push(RowAction::ResendConsent);
        }
        if actions.contains(&ClaimAction::Submit) {
            out.push(RowAction::SubmitClaim);
        }
        out.push(RowAction::ViewClaim);
        out
    }
}

/// The reasons one of a customer's IDs is not eligible (eligibility is decided per ID as given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdReasons {
    pub id: CustomerId,
    pub reasons: Vec<Reason>,
}

/// One row of the Eligible, Ineligible or Completed tab: one customer (Eligible, Ineligible) or
/// one ended claim (Completed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    /// The ID the row is known by: this engagement's claim's, else the eligible one (which
    /// *Claim customer* uses), else the one the partner used last.
    pub customer_id: CustomerId,
    /// The customer's other IDs known to the partner.
    pub other_ids: Vec<CustomerId>,
    pub customer_name: String,
    pub friendly_name: String,
    pub claim_ref: Option<ClaimRef>,
    pub claim_status: Option<ClaimStatus>,
    /// Eligible: the claim's next deadline; Completed: the end date (Unix seconds).
    pub date: Option<i64>,
    /// Ineligible: each known ID's reasons, the row's own ID first.
    pub reasons: Vec<IdReasons>,
    pub actions: Vec<RowAction>,
}

/// The count of each tab (under the current search).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TabCounts {
    pub eligible: i64,
    pub ineligible: i64,
    pub completed: i64,
}

/// One page of a tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomersPage {
    pub engagement_name: String,
    pub engagement_code: String,
    /// The engagement accepts only MSX opportunity IDs: the Ineligible tab shows a note instead
    /// of rows.
    pub msx_only: bool,
    /// The engagement accepts new claims now (the Add customer button shows).
    pub accepting_claims: bool,
    pub rows: Vec<CustomerRow>,
    pub next: Option<String>,
    pub previous: Option<String>,
    /// The server's "now" (Unix seconds), so that time left reads the same in the server's
    /// render and in the browser.
    pub now: i64,
}

/// Rows per page unless the URL says otherwise.
pub const PAGE_SIZE: i64 = 25;
/// The most rows a page may ask for.
pub const MAX_PAGE_SIZE: i64 = 100;
