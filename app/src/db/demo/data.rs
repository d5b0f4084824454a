//! The demo's data that the import does not load: partners and locations, accounts, and the
//! engagements. Their eligibility lists and the customer directory are files (`files/`) that
//! the parent module loads through the import.

use super::super::demo_ids::*;
use crate::auth::Role;

/// The password of every demo account (printed at start-up in development).
pub use super::super::demo_ids::DEMO_PASSWORD;

/// A demo account, one per role.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: Role,
    /// The name of its partner (one of [`PARTNERS`]); none for the programme's staff.
    pub partner: Option<&'static str>,
    /// The locations it is granted (an Incentives user's; an administrator has them all).
    pub locations: &'static [&'static str],
}

/// The demo accounts.
pub const DEMO_ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        email: CONTOSO_ADMIN,
        name: "Camille Martin",
        role: Role::IncentivesAdmin,
        partner: Some(CONTOSO),
        locations: &[],
    },
    DemoAccount {
        email: CONTOSO_USER,
        name: "Louis Bernard",
        role: Role::IncentivesUser,
        partner: Some(CONTOSO),
        locations: &[LOC_PARIS, LOC_MONTREAL],
    },
    DemoAccount {
        email: CONTOSO_STAFF,
        name: "Emma Petit",
        role: Role::PartnerUser,
        partner: Some(CONTOSO),
        locations: &[],
    },
    DemoAccount {
        email: FABRIKAM_ADMIN,
        name: "Jordan Lee",
        role: Role::IncentivesAdmin,
        partner: Some(FABRIKAM),
        locations: &[],
    },
    DemoAccount {
        email: PROGRAMME_REVIEWER,
        name: "Alex Morgan",
        role: Role::ProgrammeReviewer,
        partner: None,
        locations: &[],
    },
];

/// A partner and its programme locations.
pub(super) struct DemoPartner {
    pub(super) name: &'static str,
    pub(super) locations: &'static [DemoLocation],
    /// Its own domains, as configured (a consent recipient may not be at one of them).
    pub(super) domains: &'static [&'static str],
}

pub(super) struct DemoLocation {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) country: &'static str,
    pub(super) enrolled_in_mci: bool,
}

const fn location(
    id: &'static str,
    name: &'static str,
    country: &'static str,
    enrolled_in_mci: bool,
) -> DemoLocation {
    DemoLocation {
        id,
        name,
        country,
        enrolled_in_mci,
    }
}

pub(super) const PARTNERS: [DemoPartner; 2] = [
    DemoPartner {
        name: CONTOSO,
        locations: &[
            location(LOC_PARIS, "Contoso Consulting Paris", "FR", true),
            location(LOC_LYON, "Contoso Consulting Lyon", "FR", true),
            location(LOC_MONTREAL, "Contoso Consulting Montréal", "CA", true),
            location(LOC_BRUXELLES, "Contoso Consulting Bruxelles", "BE", false),
        ],
        domains: &["contoso.example", "contoso-consulting.example"],
    },
    DemoPartner {
        name: FABRIKAM,
        locations: &[
            location(LOC_SEATTLE, "Fabrikam Seattle", "US", true),
            location(LOC_DUBLIN, "Fabrikam Dublin", "IE", false),
        ],
        domains: &["fabrikam.example"],
    },
];

/// How the programme pays for an engagement in the demo. Amounts in cents.
pub(super) enum DemoPayment {
    Fixed {
        amount_cents: i64,
    },
    Variable {
        /// Hourly rate per market band.
        hourly_rates_cents: [(&'static str, i64); 4],
        /// Share of the deal value, in basis points.
        deal_value_percent_bp: i64,
        cap_cents: i64,
        min_hours: i64,
        max_hours: i64,
    },
}

pub(super) struct DemoEngagement {
    pub(super) code: &'static str,
    pub(super) name: &'static str,
    pub(super) solution_area: &'static str,
    pub(super) activity_type: &'static str,
    pub(super) id_types: &'static [&'static str],
    pub(super) consent_window_days: i64,
    pub(super) submission_window_days: i64,
    pub(super) review_window_days: i64,
    pub(super) dispute_window_days: i64,
    pub(super) max_active_claims_per_customer: i64,
    /// The open period, in days from the seeding time (negative: before it), so that a fresh
    /// start always has open, closed and not-yet-open engagements.
    pub(super) opens_in_days: i64,
    pub(super) closes_in_days: i64,
    pub(super) currency: &'static str,
    pub(super) payment: DemoPayment,
    /// The partner locations eligible for it (the partner criteria).
    pub(super) locations: &'static [&'static str],
}

pub(super) const ENGAGEMENTS: [DemoEngagement; 7] = [
    DemoEngagement {
        code: AZ_MIG_ASSESS,
        name: "Azure Migration Assessment",
        solution_area: "Azure",
        activity_type: "Assessment",
        id_types: &["domain_name", "tenant_id", "azure_subscription_id"],
        consent_window_days: 30,
        submission_window_days: 60,
        review_window_days: 30,
        dispute_window_days: 30,
        max_active_claims_per_customer: 2,
        opens_in_days: -90,
        closes_in_days: 275,
        currency: "USD",
        payment: DemoPayment::Fixed {
            amount_cents: 500_000,
        },
        locations: &[LOC_PARIS, LOC_LYON, LOC_BRUXELLES, LOC_SEATTLE, LOC_DUBLIN],
    },
    DemoEngagement {
        code: M365_COPILOT_WS,
        name: "Microsoft 365 Copilot Workshop",
        solution_area: "Modern Work",
        activity_type: "Workshop",
        id_types: &["domain_name", "tenant_id", "tpid"],
        consent_window_days: 14,
        submission_window_days: 30,
        review_window_days: 30,
        dispute_window_days: 30,
        max_active_claims_per_customer: 1,
        opens_in_days: -60,
        closes_in_days: 300,
        currency: "USD",
        payment: DemoPayment::Fixed {
            amount_cents: 350_000,
        },
        locations: &[LOC_PARIS, LOC_MONTREAL, LOC_SEATTLE],
    },
    DemoEngagement {
        code: SEC_ENVISION,
        name: "Security Envisioning",
        solution_area: "Security",
        activity_type: "Envisioning",
        id_types: &["tenant_id", "tpid"],
        consent_window_days: 21,
        submission_window_days: 45,
        review_window_days: 30,
        dispute_window_days: 30,
        max_active_claims_per_customer: 3,
        opens_in_days: -60,
        closes_in_days: 330,
        currency: "EUR",
        payment: DemoPayment::Fixed {
            amount_cents: 400_000,
        },
        locations: &[LOC_LYON, LOC_MONTREAL],
    },
    DemoEngagement {
        code: AZ_ACCEL_DEPLOY,
        name: "Azure Accelerate Deployment",
        solution_area: "Azure",
        activity_type: "Deployment",
        id_types: &["msx_opportunity_id"],
        consent_window_days: 30,
        submission_window_days: 90,
        review_window_days: 30,
        dispute_window_days: 30,
        max_active_claims_per_customer: 1,
        opens_in_days: -120,
        closes_in_days: 245,
        currency: "USD",
        payment: DemoPayment::Variable {
            hourly_rates_cents: [("A", 15_000), ("B", 12_000), ("C", 9_000), ("D", 7_000)],
            deal_value_percent_bp: 1_000,
            cap_cents: 5_000_000,
            min_hours: 20,
            max_hours: 400,
        },
        locations: &[LOC_PARIS, LOC_LYON, LOC_SEATTLE],
    },
    DemoEngagement {
        code: DATA_AI_POC,
        name: "Data & AI Proof of Concept",
        solution_area: "Data & AI",
        activity_type: "Proof of concept",
        id_types: &["msx_opportunity_id"],
        consent_window_days: 21,
        submission_window_days: 60,
        review_window_days: 30,
        dispute_window_days: 30,
        max_active_claims_per_customer: 2,
        opens_in_days: -45,
        closes_in_days: 320,
        currency: "USD",
        payment: DemoPayment::Variable {
            hourly_rates_cents: [("A", 14_000), ("B", 11_000), ("C", 8_500), ("D", 6_000)],
            deal_value_percent_bp: 1_500,
            cap_cents: 3_000_000,
            min_hours: 10,
            max_hours: 200,
        },
        locations: &[LOC_MONTREAL],
    },
    DemoEngagement {
        code: MW_WS_2025,
        name: "Modern Work Workshop 2025",
        solution_area: "Modern Work",
        activity_type: "Workshop",
        id_types: &["domain_name", "tenant_id"],
        consent_window_days: 14,
        submission_window_days: 30,
        review_window_days: 30,
        dispute_window_days: 30,
        max_active_claims_per_customer: 1,
        opens_in_days: -400,
        closes_in_days: -30,
        currency: "USD",
        payment: DemoPayment::Fixed {
            amount_cents: 250_000,
        },
        locations: &[LOC_PARIS, LOC_SEATTLE],
    },
    DemoEngagement {
        code: BIZAPPS_ASSESS,
        name: "Business Applications Assessment",
        solution_area: "Business Applications",
        activity_type: "Assessment",
        id_types: &["tpid", "azure_subscription_id"],
        consent_window_days: 30,
        submission_window_days: 60,
        review_window_days: 30,
        dispute_window_days: 30,
        max_active_claims_per_customer: 2,
        opens_in_days: 30,
        closes_in_days: 395,
        currency: "USD",
        payment: DemoPayment::Fixed {
            amount_cents: 600_000,
        },
        locations: &[LOC_PARIS, LOC_LYON],
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
