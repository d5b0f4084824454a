//! The identifiers of the demo data, in one place: the demo (`super::demo`) is written with them,
//! and the tests and benchmarks name the demo's accounts, locations, engagements and customers
//! through them instead of keeping copies of the strings.
//!
//! Values are stored as the domain's parsers normalise them (lower-case GUIDs, upper-case MSX
//! opportunity IDs, TPIDs without leading zeros).

/// Seconds in a day: the demo's open periods and every window are whole days.
pub const DAY: i64 = domain::time::SECONDS_PER_DAY;

/// The password of every demo account (printed at start-up in development).
pub const DEMO_PASSWORD: &str = "Demo!2026-mci";

// Accounts: one per role.
/// Incentives administrator of Contoso Consulting (all of its locations).
pub const CONTOSO_ADMIN: &str = "admin@contoso.example";
/// Incentives user of Contoso Consulting, granted Paris and Montréal.
pub const CONTOSO_USER: &str = "user@contoso.example";
/// A Contoso partner user without an incentives role.
pub const CONTOSO_STAFF: &str = "staff@contoso.example";
/// Incentives administrator of Fabrikam Partners.
pub const FABRIKAM_ADMIN: &str = "admin@fabrikam.example";
/// The programme reviewer (no partner).
pub const PROGRAMME_REVIEWER: &str = "reviewer@programme.example";

// Partners.
pub const CONTOSO: &str = "Contoso Consulting";
pub const FABRIKAM: &str = "Fabrikam Partners";

// Locations.
/// Contoso Paris, enrolled.
pub const LOC_PARIS: &str = "1000001";
/// Contoso Lyon, enrolled.
pub const LOC_LYON: &str = "1000002";
/// Contoso Montréal, enrolled.
pub const LOC_MONTREAL: &str = "1000003";
/// Contoso Bruxelles, not enrolled in MCI.
pub const LOC_BRUXELLES: &str = "1000004";
/// Fabrikam Seattle, enrolled.
pub const LOC_SEATTLE: &str = "2000001";
/// Fabrikam Dublin, not enrolled in MCI.
pub const LOC_DUBLIN: &str = "2000002";

// Engagements, by code.
/// Fixed payment, limit 2 per customer, 30-day consent window; domain, tenant, subscription.
pub const AZ_MIG_ASSESS: &str = "AZ-MIG-ASSESS";
/// Fixed payment, limit 1 per customer, 14-day consent window; domain, tenant, TPID.
pub const M365_COPILOT_WS: &str = "M365-COPILOT-WS";
/// Fixed payment in EUR, limit 3; tenant, TPID.
pub const SEC_ENVISION: &str = "SEC-ENVISION";
/// Variable payment; MSX opportunities only.
pub const AZ_ACCEL_DEPLOY: &str = "AZ-ACCEL-DEPLOY";
/// Variable payment; MSX opportunities only; Montréal only.
pub const DATA_AI_POC: &str = "DATA-AI-POC";
/// Closed (its open period ended).
pub const MW_WS_2025: &str = "MW-WS-2025";
/// Not open yet.
pub const BIZAPPS_ASSESS: &str = "BIZAPPS-ASSESS";

// Directory: tenants.
pub const T_NORTHWIND: &str = "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61";
pub const T_ADVENTURE: &str = "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d";
pub const T_TAILSPIN: &str = "0b7e2d94-6c1a-4f3b-8e5d-2a9c7f1e4b30";
pub const T_WWI: &str = "d4f8a2c1-3e5b-47a9-b6c0-8e1f2d3a4b5c";
pub const T_WOODGROVE: &str = "5e9c1b7a-2d4f-4a6e-8c3b-9f0a1e2d3c4b";
pub const T_LITWARE: &str = "7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d";
/// Bäckerei München, whose domain is internationalised (stored as punycode).
pub const T_BACKEREI: &str = "9f8e7d6c-5b4a-4392-8e1f-0a1b2c3d4e5f";
pub const T_PROSEWARE: &str = "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9";

// Directory: top parent IDs.
/// Northwind Holdings, parent of Northwind Traders.
pub const TPID_NORTHWIND: &str = "1234567";
/// Adventure Works Group, parent of Adventure Works.
pub const TPID_ADVENTURE: &str = "2345678";
/// Contoso Global Industries, parent of Wide World Importers and Woodgrove Bank.
pub const TPID_CONTOSO_GLOBAL: &str = "3456789";
/// Litware Group, parent of Litware and Bäckerei München.
pub const TPID_LITWARE: &str = "4567890";
/// Proseware Holdings, parent of Proseware.
pub const TPID_PROSEWARE: &str = "5678901";

// Directory: Azure subscriptions.
pub const S_NORTHWIND: &str = "a1b2c3d4-e5f6-4789-a012-b3c4d5e6f701";
pub const S_ADVENTURE: &str = "b2c3d4e5-f6a7-4890-b123-c4d5e6f7a802";
pub const S_WWI: &str = "c3d4e5f6-a7b8-4901-8234-d5e6f7a8b903";
pub const S_PROSEWARE: &str = "d4e5f6a7-b8c9-4012-9345-e6f7a8b9c004";

// Directory: MSX opportunities.
/// Adventure Works data platform: open, band A, deal value 250 000.00 USD.
pub const O_ADVENTURE: &str = "7-3FS2XQBWAO";
/// Northwind cloud migration: open, band B, deal value 80 000.00 USD.
pub const O_NORTHWIND: &str = "7-NW4K8P2M1Z";
/// Litware AI pilot: open, band B.
pub const O_LITWARE: &str = "7-LT9R3D7Q5X";
/// Wide World Importers ERP modernisation: lost (closed).
pub const O_WWI: &str = "7-WW2H6J8K4C";
/// Proseware analytics: open, band C.
pub const O_PROSEWARE: &str = "7-PS5T1V3N9B";
