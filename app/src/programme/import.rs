//! CSV import of programme data: the kinds of file the Programme reviewer loads, what an import
//! answers, and the server functions. The parsing and the transaction are in `import_service`
//! (server only).

mod problem;

#[cfg(test)]
pub(crate) use problem::samples as problem_samples;
pub use problem::ImportProblem;

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

/// Files larger than this are refused before they are read any further.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Data rows (the header excluded) one file may hold.
pub const MAX_ROWS: usize = 50_000;
/// Problems listed in a refusal; the rest are counted.
pub const MAX_LISTED_ERRORS: usize = 200;

/// What one file holds: one kind per upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Per engagement, the customer IDs on its eligibility list.
    Eligibility,
    /// Directory tenants and their verified domains.
    Tenants,
    /// Top parent IDs and their tenants.
    Tpids,
    /// Azure subscriptions and their tenant.
    Subscriptions,
    /// MSX opportunities.
    Opportunities,
}

/// One column of a kind of file, as the page documents it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// The header, as the file names it (matched without regard to case).
    pub name: &'static str,
    /// What the column holds, which the page words from the locale files.
    pub help: ColumnHelp,
    pub example: &'static str,
}

/// What a column holds, as the page explains it (`import_help_*` in the locale files). One
/// name may mean two things: a subscription's `tenant_id` is a reference, a tenant's is its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColumnHelp {
    Name,
    Country,
    EngagementCode,
    IdType,
    IdValue,
    TenantId,
    Segment,
    Domains,
    Tpid,
    TpidTenantIds,
    SubscriptionId,
    SubscriptionTenantId,
    OpportunityId,
    OpportunityTpid,
    DealValue,
    Currency,
    MarketBand,
    Stage,
}

impl ColumnHelp {
    /// The locale key that words it.
    pub const fn key(self) -> &'static str {
        match self {
            ColumnHelp::Name => "import_help_name",
            ColumnHelp::Country => "import_help_country",
            ColumnHelp::EngagementCode => "import_help_engagement_code",
            ColumnHelp::IdType => "import_help_id_type",
            ColumnHelp::IdValue => "import_help_id_value",
            ColumnHelp::TenantId => "import_help_tenant_id",
            ColumnHelp::Segment => "import_help_segment",
            ColumnHelp::Domains => "import_help_domains",
            ColumnHelp::Tpid => "import_help_tpid",
            ColumnHelp::TpidTenantIds => "import_help_tpid_tenant_ids",
            ColumnHelp::SubscriptionId => "import_help_subscription_id",
            ColumnHelp::SubscriptionTenantId => "import_help_subscription_tenant_id",
            ColumnHelp::OpportunityId => "import_help_opportunity_id",
            ColumnHelp::OpportunityTpid => "import_help_opportunity_tpid",
            ColumnHelp::DealValue => "import_help_deal_value",
            ColumnHelp::Currency => "import_help_currency",
            ColumnHelp::MarketBand => "import_help_market_band",
            ColumnHelp::Stage => "import_help_stage",
        }
    }
}

const fn col(name: &'static str, help: ColumnHelp, example: &'static str) -> ColumnSpec {
    ColumnSpec {
        name,
        help,
        example,
    }
}

const NAME: ColumnSpec = col("name", ColumnHelp::Name, "Contoso Ltd");
const COUNTRY: ColumnSpec = col("country", ColumnHelp::Country, "FR");
const EXAMPLE_TENANT: &str = "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d";

const ELIGIBILITY: [ColumnSpec; 3] = [
    col(
        "engagement_code",
        ColumnHelp::EngagementCode,
        "AZ-MIG-ASSESS",
    ),
    col("id_type", ColumnHelp::IdType, "tenant_id"),
    col("id_value", ColumnHelp::IdValue, EXAMPLE_TENANT),
];
const TENANTS: [ColumnSpec; 5] = [
    col("tenant_id", ColumnHelp::TenantId, EXAMPLE_TENANT),
    NAME,
    COUNTRY,
    col("segment", ColumnHelp::Segment, "SMC"),
    col("domains", ColumnHelp::Domains, "contoso.com;contoso.fr"),
];
const TPIDS: [ColumnSpec; 4] = [
    col("tpid", ColumnHelp::Tpid, "1234567"),
    NAME,
    COUNTRY,
    col("tenant_ids", ColumnHelp::TpidTenantIds, EXAMPLE_TENANT),
];
const SUBSCRIPTIONS: [ColumnSpec; 3] = [
    col(
        "subscription_id",
        ColumnHelp::SubscriptionId,
        "a1b2c3d4-e5f6-4789-a012-b3c4d5e6f701",
    ),
    col(
        "tenant_id",
        ColumnHelp::SubscriptionTenantId,
        EXAMPLE_TENANT,
    ),
    NAME,
];
const OPPORTUNITIES: [ColumnSpec; 8] = [
    col("opportunity_id", ColumnHelp::OpportunityId, "7-3FS2XQBWAO"),
    col("tpid", ColumnHelp::OpportunityTpid, "2345678"),
    NAME,
    col("deal_value", ColumnHelp::DealValue, "125000.00"),
    col("currency", ColumnHelp::Currency, "USD"),
    COUNTRY,
    col("market_band", ColumnHelp::MarketBand, "A"),
    col("stage", ColumnHelp::Stage, "open"),
];

impl ImportKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [ImportKind; 5] = [
        ImportKind::Eligibility,
        ImportKind::Tenants,
        ImportKind::Tpids,
        ImportKind::Subscriptions,
        ImportKind::Opportunities,
    ];

    /// The stable code, as in the form and the `imports` table.
    pub const fn code(self) -> &'static str {
        match self {
            ImportKind::Eligibility => "eligibility",
            ImportKind::Tenants => "tenants",
            ImportKind::Tpids => "tpids",
            ImportKind::Subscriptions => "subscriptions",
            ImportKind::Opportunities => "opportunities",
        }
    }

    /// The kind with this code (exact match), if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The columns of the header row, every one required, in the documented order (a file may
    /// order them as it likes).
    pub const fn columns(self) -> &'static [ColumnSpec] {
        match self {
            ImportKind::Eligibility => &ELIGIBILITY,
            ImportKind::Tenants => &TENANTS,
            ImportKind::Tpids => &TPIDS,
            ImportKind::Subscriptions => &SUBSCRIPTIONS,
            ImportKind::Opportunities => &OPPORTUNITIES,
        }
    }
}

/// One problem of a refused file: where (line as counted in the file, the header being line 1,
/// and the column's header; empty for the whole line or file) and what. On the wire
/// `{"line": …, "column": …, "code": …, "params": …}`; the page words it from the locale files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub line: u64,
    pub column: String,
    #[serde(flatten)]
    pub problem: ImportProblem,
}

impl RowError {
    pub fn new(line: u64, column: &str, problem: ImportProblem) -> Self {
        Self {
            line,
            column: column.to_owned(),
            problem,
        }
    }
}

/// What an import answers: every row written in one transaction, or nothing written and every
/// problem listed (up to [`MAX_LISTED_ERRORS`], the rest counted in `more`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ImportOutcome {
    Imported {
        kind: ImportKind,
        file_name: String,
        rows: u64,
        /// Keys that were not there before.
        inserted: u64,
        /// Keys that were there, their fields replaced (eligibility: already on the list).
        updated: u64,
    },
    Refused {
        kind: ImportKind,
        file_name: String,
        errors: Vec<RowError>,
        /// Problems found beyond those listed.
        more: u64,
    },
}

/// One past import, for the page's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    pub kind: ImportKind,
    pub file_name: String,
    pub rows: u64,
    pub inserted: u64,
    pub updated: u64,
    pub imported_by: String,
    pub at: i64,
}

/// Loads one CSV file of programme data (Programme reviewer only). The multipart form carries
/// `kind` (an [`ImportKind`] code) and `file`. A file with any bad row is refused whole: the
/// answer is then `Ok(Refused { .. })` listing each problem, and nothing is written.
#[server(endpoint = "import_programme_data", input = MultipartFormData)]
pub async fn import_programme_data(data: MultipartData) -> Result<ImportOutcome, AppError> {
    use crate::auth::server::{guard_reviewer, respond};
    let (state, reviewer) = guard_reviewer().await?;
    let upload = super::import_service::read_upload(data)
        .await
        .map_err(respond)?;
    super::import_service::import_file(
        &state.db.pool,
        reviewer,
        upload,
        domain::Timestamp::from_unix_seconds(state.clock.now()),
    )
    .await
    .map_err(respond)
}

/// The most recent imports, newest first (Programme reviewer only).
#[server(endpoint = "list_programme_imports")]
pub async fn list_programme_imports() -> Result<Vec<ImportRecord>, AppError> {
    use crate::auth::server::{guard_reviewer, respond};
    let (state, _reviewer) = guard_reviewer().await?;
    super::import_service::recent_imports(&state.db.pool, 10)
        .await
        .map_err(|e| respond(e.into()))
}
