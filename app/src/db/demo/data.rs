//! The demo's data tables: partners and locations, accounts, the customer directory (tenants,
//! TPIDs, subscriptions, opportunities), the engagements with their eligibility lists. Over 400
//! lines because it is data, one table after the other, with no logic to split.

use super::super::demo_ids::*;
use crate::auth::Role;

/// The password of every demo account (printed at start-up in development).
pub use super::super::demo_ids::DEMO_PASSWORD;

/// A demo account: e-mail, display name, role, partner index (into `PARTNERS`), granted locations.
pub type DemoAccount = (
    &'static str,
    &'static str,
    Role,
    Option<usize>,
    &'static [&'static str],
);
/// A demo location: ID, name, country, enrolled in MCI.
pub(super) type DemoLocation = (&'static str, &'static str, &'static str, bool);
/// A demo MSX opportunity: ID, TPID, name, deal value in cents, currency, country, band, stage.
pub(super) type DemoOpportunity = (
    &'static str,
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The demo accounts.
pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    (
        CONTOSO_ADMIN,
        "Camille Martin",
        Role::IncentivesAdmin,
        Some(0),
        &[],
    ),
    (
        CONTOSO_USER,
        "Louis Bernard",
        Role::IncentivesUser,
        Some(0),
        &[LOC_PARIS, LOC_MONTREAL],
    ),
    (CONTOSO_STAFF, "Emma Petit", Role::PartnerUser, Some(0), &[]),
    (
        FABRIKAM_ADMIN,
        "Jordan Lee",
        Role::IncentivesAdmin,
        Some(1),
        &[],
    ),
    (
        PROGRAMME_REVIEWER,
        "Alex Morgan",
        Role::ProgrammeReviewer,
        None,
        &[],
    ),
];

/// Partners and their locations: (location ID, name, country, enrolled in MCI).
pub(super) const PARTNERS: [(&str, &[DemoLocation]); 2] = [
    (
        CONTOSO,
        &[
            (LOC_PARIS, "Contoso Consulting Paris", "FR", true),
            (LOC_LYON, "Contoso Consulting Lyon", "FR", true),
            (LOC_MONTREAL, "Contoso Consulting Montréal", "CA", true),
            (LOC_BRUXELLES, "Contoso Consulting Bruxelles", "BE", false),
        ],
    ),
    (
        FABRIKAM,
        &[
            (LOC_SEATTLE, "Fabrikam Seattle", "US", true),
            (LOC_DUBLIN, "Fabrikam Dublin", "IE", false),
        ],
    ),
];

/// Tenants: (tenant ID, name, country, segment, verified domains).
pub(super) const TENANTS: [(&str, &str, &str, &str, &[&str]); 8] = [
    (
        T_NORTHWIND,
        "Northwind Traders",
        "FR",
        "SMB",
        &["northwindtraders.com", "northwind.fr"],
    ),
    (
        T_ADVENTURE,
        "Adventure Works",
        "US",
        "Enterprise",
        &["adventure-works.com"],
    ),
    (
        T_TAILSPIN,
        "Tailspin Toys",
        "GB",
        "SMC",
        &["tailspintoys.com"],
    ),
    (
        T_WWI,
        "Wide World Importers",
        "US",
        "Enterprise",
        &["wideworldimporters.com"],
    ),
    (
        T_WOODGROVE,
        "Woodgrove Bank",
        "CA",
        "Enterprise",
        &["woodgrovebank.com"],
    ),
    (T_LITWARE, "Litware", "DE", "SMB", &["litware.com"]),
    // An internationalised domain, stored as punycode: bäckerei-münchen.de
    (
        T_BACKEREI,
        "Bäckerei München",
        "DE",
        "SMB",
        &["xn--bckerei-mnchen-5hb60b.de"],
    ),
    (T_PROSEWARE, "Proseware", "FR", "SMC", &["proseware.com"]),
];

/// Top parent IDs: (TPID, name, country, tenants).
pub(super) const TPIDS: [(&str, &str, &str, &[&str]); 5] = [
    (TPID_NORTHWIND, "Northwind Holdings", "FR", &[T_NORTHWIND]),
    (
        TPID_ADVENTURE,
        "Adventure Works Group",
        "US",
        &[T_ADVENTURE],
    ),
    (
        TPID_CONTOSO_GLOBAL,
        "Contoso Global Industries",
        "US",
        &[T_WWI, T_WOODGROVE],
    ),
    (
        TPID_LITWARE,
        "Litware Group",
        "DE",
        &[T_LITWARE, T_BACKEREI],
    ),
    (TPID_PROSEWARE, "Proseware Holdings", "FR", &[T_PROSEWARE]),
];

/// Azure subscriptions: (subscription ID, tenant ID, name).
pub(super) const SUBSCRIPTIONS: [(&str, &str, &str); 4] = [
    (S_NORTHWIND, T_NORTHWIND, "Northwind production"),
    (S_ADVENTURE, T_ADVENTURE, "Adventure Works analytics"),
    (S_WWI, T_WWI, "Wide World Importers ERP"),
    (S_PROSEWARE, T_PROSEWARE, "Proseware sandbox"),
];

/// MSX opportunities: (ID, TPID, name, deal value in cents, currency, country, market band, stage).
pub(super) const OPPORTUNITIES: [DemoOpportunity; 5] = [
    (
        O_ADVENTURE,
        TPID_ADVENTURE,
        "Adventure Works data platform",
        25_000_000,
        "USD",
        "US",
        "A",
        "open",
    ),
    (
        O_NORTHWIND,
        TPID_NORTHWIND,
        "Northwind cloud migration",
        8_000_000,
        "USD",
        "FR",
        "B",
        "open",
    ),
    (
        O_LITWARE,
        TPID_LITWARE,
        "Litware AI pilot",
        4_000_000,
        "USD",
        "DE",
        "B",
        "open",
    ),
    (
        O_WWI,
        TPID_CONTOSO_GLOBAL,
        "Wide World Importers ERP modernisation",
        120_000_000,
        "USD",
        "US",
        "A",
        "lost",
    ),
    (
        O_PROSEWARE,
        TPID_PROSEWARE,
        "Proseware analytics",
        6_000_000,
        "USD",
        "FR",
        "C",
        "open",
    ),
];

/// Payment of an engagement in the demo: fixed amount, or variable (band rates, basis points,
/// cap, min and max hours).
pub(super) enum DemoPayment {
    Fixed(i64),
    Variable {
        rates: [(&'static str, i64); 4],
        percent_bp: i64,
        cap: i64,
        hours: (i64, i64),
    },
}

pub(super) struct DemoEngagement {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) solution_area: &'static str,
    pub(super) activity_type: &'static str,
    pub(super) id_types: &'static [&'static str],
    pub(super) windows: (i64, i64, i64, i64),
    pub(super) limit: i64,
    /// Open period relative to the seeding time, in days.
    pub(super) open: (i64, i64),
    pub(super) currency: &'static str,
    pub(super) payment: DemoPayment,
    pub(super) locations: &'static [&'static str],
    /// (ID type, value) pairs on the engagement's eligibility list.
    pub(super) eligible: &'static [(&'static str, &'static str)],
}

pub(super) const ENGAGEMENTS: [DemoEngagement; 7] = [
    DemoEngagement {
        code: AZ_MIG_ASSESS,
        name: "Azure Migration Assessment",
        solution_area: "Azure",
        activity_type: "Assessment",
        id_types: &["domain_name", "tenant_id", "azure_subscription_id"],
        windows: (30, 60, 30, 30),
        limit: 2,
        open: (-90, 275),
        currency: "USD",
        payment: DemoPayment::Fixed(500_000),
        locations: &[LOC_PARIS, LOC_LYON, LOC_BRUXELLES, LOC_SEATTLE, LOC_DUBLIN],
        eligible: &[
            ("tenant_id", T_NORTHWIND),
            ("tenant_id", T_ADVENTURE),
            ("tenant_id", T_TAILSPIN),
            ("tenant_id", T_WWI),
            ("tenant_id", T_BACKEREI),
            ("azure_subscription_id", S_NORTHWIND),
            ("azure_subscription_id", S_ADVENTURE),
            ("azure_subscription_id", S_WWI),
        ],
    },
    DemoEngagement {
        code: M365_COPILOT_WS,
        name: "Microsoft 365 Copilot Workshop",
        solution_area: "Modern Work",
        activity_type: "Workshop",
        id_types: &["domain_name", "tenant_id", "tpid"],
        windows: (14, 30, 30, 30),
        limit: 1,
        open: (-60, 300),
        currency: "USD",
        payment: DemoPayment::Fixed(350_000),
        locations: &[LOC_PARIS, LOC_MONTREAL, LOC_SEATTLE],
        eligible: &[
            ("tenant_id", T_NORTHWIND),
            ("tenant_id", T_ADVENTURE),
            ("tenant_id", T_WOODGROVE),
            ("tenant_id", T_LITWARE),
            ("tpid", TPID_NORTHWIND),
            ("tpid", TPID_CONTOSO_GLOBAL),
        ],
    },
    DemoEngagement {
        code: SEC_ENVISION,
        name: "Security Envisioning",
        solution_area: "Security",
        activity_type: "Envisioning",
        id_types: &["tenant_id", "tpid"],
        windows: (21, 45, 30, 30),
        limit: 3,
        open: (-60, 330),
        currency: "EUR",
        payment: DemoPayment::Fixed(400_000),
        locations: &[LOC_LYON, LOC_MONTREAL],
        eligible: &[
            ("tenant_id", T_NORTHWIND),
            ("tenant_id", T_TAILSPIN),
            ("tenant_id", T_WWI),
            ("tenant_id", T_WOODGROVE),
            ("tenant_id", T_LITWARE),
            ("tenant_id", T_BACKEREI),
            ("tenant_id", T_PROSEWARE),
            ("tpid", TPID_NORTHWIND),
            ("tpid", TPID_ADVENTURE),
            ("tpid", TPID_LITWARE),
        ],
    },
    DemoEngagement {
        code: AZ_ACCEL_DEPLOY,
        name: "Azure Accelerate Deployment",
        solution_area: "Azure",
        activity_type: "Deployment",
        id_types: &["msx_opportunity_id"],
        windows: (30, 90, 30, 30),
        limit: 1,
        open: (-120, 245),
        currency: "USD",
        payment: DemoPayment::Variable {
            rates: [("A", 15_000), ("B", 12_000), ("C", 9_000), ("D", 7_000)],
            percent_bp: 1_000,
            cap: 5_000_000,
            hours: (20, 400),
        },
        locations: &[LOC_PARIS, LOC_LYON, LOC_SEATTLE],
        eligible: &[
            ("msx_opportunity_id", O_ADVENTURE),
            ("msx_opportunity_id", O_NORTHWIND),
            ("msx_opportunity_id", O_LITWARE),
            ("msx_opportunity_id", O_WWI),
        ],
    },
    DemoEngagement {
        code: DATA_AI_POC,
        name: "Data & AI Proof of Concept",
        solution_area: "Data & AI",
        activity_type: "Proof of concept",
        id_types: &["msx_opportunity_id"],
        windows: (21, 60, 30, 30),
        limit: 2,
        open: (-45, 320),
        currency: "USD",
        payment: DemoPayment::Variable {
            rates: [("A", 14_000), ("B", 11_000), ("C", 8_500), ("D", 6_000)],
            percent_bp: 1_500,
            cap: 3_000_000,
            hours: (10, 200),
        },
        locations: &[LOC_MONTREAL],
        eligible: &[
            ("msx_opportunity_id", O_NORTHWIND),
            ("msx_opportunity_id", O_LITWARE),
        ],
    },
    DemoEngagement {
        code: MW_WS_2025,
        name: "Modern Work Workshop 2025",
        solution_area: "Modern Work",
        activity_type: "Workshop",
        id_types: &["domain_name", "tenant_id"],
        windows: (14, 30, 30, 30),
        limit: 1,
        open: (-400, -30),
        currency: "USD",
        payment: DemoPayment::Fixed(250_000),
        locations: &[LOC_PARIS, LOC_SEATTLE],
        eligible: &[("tenant_id", T_NORTHWIND), ("tenant_id", T_ADVENTURE)],
    },
    DemoEngagement {
        code: BIZAPPS_ASSESS,
        name: "Business Applications Assessment",
        solution_area: "Business Applications",
        activity_type: "Assessment",
        id_types: &["tpid", "azure_subscription_id"],
        windows: (30, 60, 30, 30),
        limit: 2,
        open: (30, 395),
        currency: "USD",
        payment: DemoPayment::Fixed(600_000),
        locations: &[LOC_PARIS, LOC_LYON],
        eligible: &[
            ("tpid", TPID_NORTHWIND),
            ("tpid", TPID_ADVENTURE),
            ("azure_subscription_id", S_NORTHWIND),
        ],
    },
];

/// The proof of execution attached to the demo's submitted claims: a one-page PDF.
pub(super) const DEMO_PDF: &str = "%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 88 >> stream
BT /F1 18 Tf 72 760 Td (Proof of execution - attendance sheet signed by the customer) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R >>
%%EOF
";
