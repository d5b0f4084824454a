//! Deterministic demo data: two partners (so isolation shows), their locations and users (one per
//! role), seven engagements (fixed and variable payment, every ID type, open, closed and not yet
//! open), a customer directory and eligibility lists from which every eligibility reason of
//! DESIGN.md §4 can be produced. Loaded into an empty database in development, and by
//! `mci-customers seed` into any database.
//!
//! Open periods are relative to the moment of seeding so that a fresh start always shows open
//! and closed engagements; everything else is fixed.

use super::demo_ids::*;
use super::Db;
use crate::auth::password::hash_password;
use crate::auth::Role;
use anyhow::Context;
use sqlx::{Any, Transaction};

/// The password of every demo account (printed at start-up in development).
pub use super::demo_ids::DEMO_PASSWORD;

/// A demo account: e-mail, display name, role, partner index (into `PARTNERS`), granted locations.
pub type DemoAccount = (
    &'static str,
    &'static str,
    Role,
    Option<usize>,
    &'static [&'static str],
);
/// A demo location: ID, name, country, enrolled in MCI.
type DemoLocation = (&'static str, &'static str, &'static str, bool);
/// A demo MSX opportunity: ID, TPID, name, deal value in cents, currency, country, band, stage.
type DemoOpportunity = (
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
const PARTNERS: [(&str, &[DemoLocation]); 2] = [
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
const TENANTS: [(&str, &str, &str, &str, &[&str]); 8] = [
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
const TPIDS: [(&str, &str, &str, &[&str]); 5] = [
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
const SUBSCRIPTIONS: [(&str, &str, &str); 4] = [
    (S_NORTHWIND, T_NORTHWIND, "Northwind production"),
    (S_ADVENTURE, T_ADVENTURE, "Adventure Works analytics"),
    (S_WWI, T_WWI, "Wide World Importers ERP"),
    (S_PROSEWARE, T_PROSEWARE, "Proseware sandbox"),
];

/// MSX opportunities: (ID, TPID, name, deal value in cents, currency, country, market band, stage).
const OPPORTUNITIES: [DemoOpportunity; 5] = [
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
enum DemoPayment {
    Fixed(i64),
    Variable {
        rates: [(&'static str, i64); 4],
        percent_bp: i64,
        cap: i64,
        hours: (i64, i64),
    },
}

struct DemoEngagement {
    code: &'static str,
    name: &'static str,
    solution_area: &'static str,
    activity_type: &'static str,
    id_types: &'static [&'static str],
    windows: (i64, i64, i64, i64),
    limit: i64,
    /// Open period relative to the seeding time, in days.
    open: (i64, i64),
    currency: &'static str,
    payment: DemoPayment,
    locations: &'static [&'static str],
    /// (ID type, value) pairs on the engagement's eligibility list.
    eligible: &'static [(&'static str, &'static str)],
}

const ENGAGEMENTS: [DemoEngagement; 7] = [
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
const DEMO_PDF: &str = "%PDF-1.4
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

/// True when the database holds no partner yet (a fresh database).
pub async fn is_empty(db: &Db) -> anyhow::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM partners")
        .fetch_one(&db.pool)
        .await?;
    Ok(n == 0)
}

/// Loads the demo data in one transaction. Refuses a database that already has partners.
pub async fn seed(db: &Db, now: i64) -> anyhow::Result<()> {
    anyhow::ensure!(
        is_empty(db).await?,
        "the database already has data; the demo data goes only into an empty one"
    );
    let mut tx = db.pool.begin().await?;

    let mut partner_ids = Vec::new();
    for (name, locations) in PARTNERS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO partners (name, created_at) VALUES ($1, $2) RETURNING id",
        )
        .bind(name)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for (location_id, location_name, country, enrolled) in locations.iter().copied() {
            sqlx::query("INSERT INTO locations (id, partner_id, name, country, enrolled_in_mci) VALUES ($1, $2, $3, $4, $5)")
                .bind(location_id)
                .bind(id)
                .bind(location_name)
                .bind(country)
                .bind(super::flag(enrolled))
                .execute(&mut *tx)
                .await?;
        }
        partner_ids.push(id);
    }

    for (email, name, role, partner, granted) in DEMO_ACCOUNTS {
        let hash = hash_password(DEMO_PASSWORD)?;
        let user_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (partner_id, email, display_name, password_hash, role, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(partner.map(|p| partner_ids[p]))
        .bind(email)
        .bind(name)
        .bind(hash.as_str())
        .bind(role.code())
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for location in granted.iter().copied() {
            sqlx::query("INSERT INTO user_locations (user_id, location_id) VALUES ($1, $2)")
                .bind(user_id)
                .bind(location)
                .execute(&mut *tx)
                .await?;
        }
    }

    seed_directory(&mut tx).await?;
    for engagement in &ENGAGEMENTS {
        seed_engagement(&mut tx, engagement, now)
            .await
            .with_context(|| format!("seeding engagement {}", engagement.code))?;
    }
    tx.commit().await?;
    Ok(())
}

async fn seed_directory(tx: &mut Transaction<'static, Any>) -> anyhow::Result<()> {
    for (tenant_id, name, country, segment, domains) in TENANTS {
        sqlx::query("INSERT INTO directory_tenants (tenant_id, name, country, segment) VALUES ($1, $2, $3, $4)")
            .bind(tenant_id)
            .bind(name)
            .bind(country)
            .bind(segment)
            .execute(&mut **tx)
            .await?;
        for domain in domains.iter().copied() {
            sqlx::query("INSERT INTO directory_tenant_domains (domain, tenant_id) VALUES ($1, $2)")
                .bind(domain)
                .bind(tenant_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    for (tpid, name, country, tenants) in TPIDS {
        sqlx::query("INSERT INTO directory_tpids (tpid, name, country) VALUES ($1, $2, $3)")
            .bind(tpid)
            .bind(name)
            .bind(country)
            .execute(&mut **tx)
            .await?;
        for tenant in tenants.iter().copied() {
            sqlx::query("INSERT INTO directory_tpid_tenants (tpid, tenant_id) VALUES ($1, $2)")
                .bind(tpid)
                .bind(tenant)
                .execute(&mut **tx)
                .await?;
        }
    }
    for (subscription, tenant, name) in SUBSCRIPTIONS {
        sqlx::query("INSERT INTO directory_subscriptions (subscription_id, tenant_id, name) VALUES ($1, $2, $3)")
            .bind(subscription)
            .bind(tenant)
            .bind(name)
            .execute(&mut **tx)
            .await?;
    }
    for (id, tpid, name, deal, currency, country, band, stage) in OPPORTUNITIES {
        sqlx::query(
            "INSERT INTO directory_opportunities (opportunity_id, tpid, name, deal_value_cents, currency, country, market_band, stage)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(tpid)
        .bind(name)
        .bind(deal)
        .bind(currency)
        .bind(country)
        .bind(band)
        .bind(stage)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn seed_engagement(
    tx: &mut Transaction<'static, Any>,
    e: &DemoEngagement,
    now: i64,
) -> anyhow::Result<()> {
    let (payment_type, fixed, percent, cap, min_hours, max_hours) = match &e.payment {
        DemoPayment::Fixed(amount) => ("fixed", Some(*amount), None, None, None, None),
        DemoPayment::Variable {
            percent_bp,
            cap,
            hours,
            ..
        } => (
            "variable",
            None,
            Some(*percent_bp),
            Some(*cap),
            Some(hours.0),
            Some(hours.1),
        ),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO engagements (code, name, solution_area, activity_type, payment_type,
            consent_window_days, submission_window_days, review_window_days, dispute_window_days,
            max_active_claims_per_customer, open_from, open_until, currency, fixed_amount_cents,
            deal_value_percent_bp, cap_cents, min_hours, max_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         RETURNING id",
    )
    .bind(e.code)
    .bind(e.name)
    .bind(e.solution_area)
    .bind(e.activity_type)
    .bind(payment_type)
    .bind(e.windows.0)
    .bind(e.windows.1)
    .bind(e.windows.2)
    .bind(e.windows.3)
    .bind(e.limit)
    .bind(now + e.open.0 * DAY)
    .bind(now + e.open.1 * DAY)
    .bind(e.currency)
    .bind(fixed)
    .bind(percent)
    .bind(cap)
    .bind(min_hours)
    .bind(max_hours)
    .fetch_one(&mut **tx)
    .await?;

    for id_type in e.id_types.iter().copied() {
        sqlx::query("INSERT INTO engagement_id_types (engagement_id, id_type) VALUES ($1, $2)")
            .bind(id)
            .bind(id_type)
            .execute(&mut **tx)
            .await?;
    }
    if let DemoPayment::Variable { rates, .. } = &e.payment {
        for (band, rate) in rates.iter().copied() {
            sqlx::query("INSERT INTO engagement_band_rates (engagement_id, market_band, hourly_rate_cents) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(band)
                .bind(rate)
                .execute(&mut **tx)
                .await?;
        }
    }
    for location in e.locations.iter().copied() {
        sqlx::query(
            "INSERT INTO engagement_locations (engagement_id, location_id) VALUES ($1, $2)",
        )
        .bind(id)
        .bind(location)
        .execute(&mut **tx)
        .await?;
    }
    for (id_type, value) in e.eligible.iter().copied() {
        sqlx::query(
            "INSERT INTO eligibility_lists (engagement_id, id_type, id_value) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(id_type)
        .bind(value)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Demo claims in every state of the life cycle for Contoso (and two of Fabrikam's, so that a
/// customer's limit across partners shows), made through the application's own services with a
/// clock set 40 days back and moved forward step by step, then swept at the real time: the
/// Customers page shows every tab, reason and action on a fresh start.
pub async fn seed_claims(state: &crate::state::AppState) -> anyhow::Result<()> {
    use crate::claims::model::{ClaimOrigin, ContactsForm, NewClaims};
    use crate::claims::service::{create_claims, perform};
    use crate::state::{AppState, OffsetClock};
    use domain::{Actor, ClaimAction as A};
    use std::sync::Arc;

    let clock = Arc::new(OffsetClock::default());
    clock.advance(-40 * DAY);
    let demo = AppState {
        clock: clock.clone(),
        ..state.clone()
    };
    let scope = |email: &'static str| {
        let pool = state.db.pool.clone();
        async move {
            let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(email)
                .fetch_one(&pool)
                .await?;
            let principal = crate::auth::repo::load_principal(&pool, id)
                .await?
                .context("demo user")?;
            crate::auth::guard::require_incentives(&principal).map_err(|e| anyhow::anyhow!("{e}"))
        }
    };
    let contoso = scope("admin@contoso.example").await?;
    let fabrikam = scope("admin@fabrikam.example").await?;
    let engagement = |code: &'static str| {
        let pool = state.db.pool.clone();
        async move {
            let id: i64 = sqlx::query_scalar("SELECT id FROM engagements WHERE code = $1")
                .bind(code)
                .fetch_one(&pool)
                .await?;
            Ok::<i64, anyhow::Error>(id)
        }
    };
    let mut n = 0;
    let mut nominate = |scope: crate::auth::guard::PartnerScope,
                        location: &'static str,
                        kind: &'static str,
                        value: &'static str,
                        code: &'static str,
                        name: &'static str,
                        hours: Option<u32>| {
        n += 1;
        let demo = demo.clone();
        let key = format!("demo-claim-{n:04}");
        let engagement = engagement(code);
        async move {
            let request = NewClaims {
                friendly_name: name.to_owned(),
                location_id: location.to_owned(),
                customer_id_type: kind.to_owned(),
                customer_id_value: value.to_owned(),
                engagement_ids: vec![engagement.await?],
                origin: ClaimOrigin::Added,
                contacts: ContactsForm {
                    contact_email: "it.contact@northwindtraders.com".to_owned(),
                    contact_name: "Alex Dupont".to_owned(),
                    contact_phone: "+33 1 70 00 00 00".to_owned(),
                    contact_language: "fr".to_owned(),
                    partner_contact_name: "Camille Martin".to_owned(),
                    partner_contact_email: "camille.martin@contoso.example".to_owned(),
                    mismatch_reason: "contact_at_subsidiary".to_owned(),
                    mismatch_details: String::new(),
                },
                hours,
                idempotency_key: key,
            };
            let created = create_claims(&demo, &scope, request)
                .await
                .map_err(|e| anyhow::anyhow!("demo claim {name}: {e:?}"))?;
            Ok::<String, anyhow::Error>(created[0].claim_ref.clone())
        }
    };
    let step = |claim_ref: String, actions: Vec<(A, Actor)>| {
        let demo = demo.clone();
        let scopes = [contoso.clone(), fabrikam.clone()];
        async move {
            for (action, actor) in actions {
                let claim = crate::claims::repo::claim_state(&demo.db.pool, &claim_ref)
                    .await?
                    .context("demo claim")?;
                let failed = |e| anyhow::anyhow!("demo step {action:?} on {claim_ref}: {e:?}");
                if matches!(action, A::SendConsent | A::ResendConsent) {
                    // Through the consent flow, so that the request and its e-mail exist.
                    let scope = scopes
                        .iter()
                        .find(|s| s.partner_id == claim.partner_id)
                        .context("the demo claim's partner")?;
                    let flow = crate::consent::service::consent_flow(&demo, scope, &claim_ref)
                        .await
                        .map_err(failed)?;
                    crate::consent::service::send_consent(
                        &demo,
                        scope,
                        &claim_ref,
                        &flow.contacts,
                        false,
                    )
                    .await
                    .map_err(failed)?;
                } else if action == A::Submit {
                    // Through the submission service, so that the documents exist.
                    let scope = scopes
                        .iter()
                        .find(|s| s.partner_id == claim.partner_id)
                        .context("the demo claim's partner")?;
                    let hours = crate::claims::repo::claim_hours(&demo.db.pool, claim.id).await?;
                    let today = crate::components::format::iso_date(demo.clock.now());
                    let form = crate::submission::service::SubmissionForm {
                        claim_ref: claim_ref.clone(),
                        completion_date: today,
                        hours_delivered: hours.map(|h| h.to_string()).unwrap_or_default(),
                        comments:
                            "Workshop delivered on site; the signed attendance sheet is attached."
                                .to_owned(),
                        uploads: vec![crate::submission::service::Upload {
                            file_name: "proof-of-execution.pdf".to_owned(),
                            bytes: DEMO_PDF.as_bytes().to_vec(),
                        }],
                        read_errors: Vec::new(),
                    };
                    crate::submission::service::submit(&demo, scope, form)
                        .await
                        .map_err(failed)?;
                } else if action == A::MarkPaid {
                    let reviewer: i64 = sqlx::query_scalar("SELECT id FROM users WHERE role = 'programme_reviewer' ORDER BY id LIMIT 1")
                        .fetch_one(&demo.db.pool)
                        .await?;
                    let amount = crate::review::repo::proposed_payment(&demo.db.pool, claim.id)
                        .await?
                        .map(|cents| domain::Money::new(cents, "").plain())
                        .unwrap_or_default();
                    let today = crate::components::format::iso_date(demo.clock.now());
                    crate::review::service::record_payment(
                        &demo, reviewer, &claim_ref, &today, &amount,
                    )
                    .await
                    .map_err(failed)?;
                } else {
                    let message = match action {
                        A::Reject => Some("The attendance sheet is not signed by the customer."),
                        A::RequestPartnerAction => Some(
                            "Add the signed statement of work with the hours of each consultant.",
                        ),
                        A::Dispute => Some(
                            "The attendance sheet in the submission is signed by the customer's CISO (page 3).",
                        ),
                        A::RejectFinal => {
                            Some("Page 3 is signed by the partner, not by the customer.")
                        }
                        _ => None,
                    };
                    perform(
                        &demo,
                        &claim,
                        action,
                        actor,
                        None,
                        serde_json::json!({ "message": message }),
                    )
                    .await
                    .map_err(failed)?;
                }
            }
            Ok::<(), anyhow::Error>(())
        }
    };
    let (p, c, r) = (Actor::PartnerAdmin, Actor::Customer, Actor::Reviewer);
    let consented = vec![(A::SendConsent, p), (A::AcceptConsent, c)];
    let submitted = [consented.clone(), vec![(A::Submit, p)]].concat();
    let reviewing = [submitted.clone(), vec![(A::StartReview, r)]].concat();
    let rejected = [reviewing.clone(), vec![(A::Reject, r)]].concat();

    // Day 0 (40 days ago).
    let northwind = nominate(
        contoso.clone(),
        "1000001",
        "tenant_id",
        "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61",
        "AZ-MIG-ASSESS",
        "Northwind migration",
        None,
    )
    .await?;
    step(northwind, consented.clone()).await?;
    let adventure = nominate(
        contoso.clone(),
        "1000001",
        "domain_name",
        "adventure-works.com",
        "AZ-MIG-ASSESS",
        "Adventure Works estate review",
        None,
    )
    .await?;
    step(adventure, vec![(A::SendConsent, p), (A::DeclineConsent, c)]).await?;
    nominate(
        contoso.clone(),
        "1000002",
        "tenant_id",
        "d4f8a2c1-3e5b-47a9-b6c0-8e1f2d3a4b5c",
        "AZ-MIG-ASSESS",
        "WWI datacentre exit",
        None,
    )
    .await?;
    let woodgrove = nominate(
        contoso.clone(),
        "1000001",
        "tenant_id",
        "5e9c1b7a-2d4f-4a6e-8c3b-9f0a1e2d3c4b",
        "M365-COPILOT-WS",
        "Woodgrove Copilot pilot",
        None,
    )
    .await?;
    step(
        woodgrove,
        [reviewing.clone(), vec![(A::Approve, r), (A::MarkPaid, r)]].concat(),
    )
    .await?;
    let subscription = nominate(
        contoso.clone(),
        "1000001",
        "azure_subscription_id",
        "b2c3d4e5-f6a7-4890-b123-c4d5e6f7a802",
        "AZ-MIG-ASSESS",
        "Adventure Works analytics subscription",
        None,
    )
    .await?;
    step(
        subscription,
        [consented.clone(), vec![(A::Cancel, p)]].concat(),
    )
    .await?;
    let accelerate = nominate(
        contoso.clone(),
        "1000001",
        "msx_opportunity_id",
        "7-3FS2XQBWAO",
        "AZ-ACCEL-DEPLOY",
        "Adventure Works data platform",
        Some(120),
    )
    .await?;
    step(
        accelerate,
        [reviewing.clone(), vec![(A::RequestPartnerAction, r)]].concat(),
    )
    .await?;
    let wwi_security = nominate(
        contoso.clone(),
        "1000002",
        "tenant_id",
        "d4f8a2c1-3e5b-47a9-b6c0-8e1f2d3a4b5c",
        "SEC-ENVISION",
        "WWI threat protection",
        None,
    )
    .await?;
    step(
        wwi_security,
        [rejected.clone(), vec![(A::Dispute, p), (A::RejectFinal, r)]].concat(),
    )
    .await?;
    let litware_m365 = nominate(
        contoso.clone(),
        "1000001",
        "tenant_id",
        "7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d",
        "M365-COPILOT-WS",
        "Litware Copilot envisioning",
        None,
    )
    .await?;
    step(litware_m365, consented.clone()).await?;
    let tailspin = nominate(
        contoso.clone(),
        "1000001",
        "tenant_id",
        "0b7e2d94-6c1a-4f3b-8e5d-2a9c7f1e4b30",
        "AZ-MIG-ASSESS",
        "Tailspin cloud readiness",
        None,
    )
    .await?;
    step(
        tailspin,
        [reviewing.clone(), vec![(A::Approve, r)]].concat(),
    )
    .await?;
    let litware_group = nominate(
        contoso.clone(),
        "1000003",
        "tpid",
        "4567890",
        "SEC-ENVISION",
        "Litware Group security review",
        None,
    )
    .await?;
    step(litware_group, rejected.clone()).await?;

    // Day 12: more recent work, still within its windows today.
    clock.advance(12 * DAY);
    let backerei = nominate(
        contoso.clone(),
        "1000001",
        "domain_name",
        "bäckerei-münchen.de",
        "AZ-MIG-ASSESS",
        "Bäckerei München migration",
        None,
    )
    .await?;
    step(backerei, reviewing.clone()).await?;
    let adventure_group = nominate(
        contoso.clone(),
        "1000003",
        "tpid",
        "2345678",
        "SEC-ENVISION",
        "Adventure Works Group SOC",
        None,
    )
    .await?;
    step(
        adventure_group,
        [rejected.clone(), vec![(A::Dispute, p)]].concat(),
    )
    .await?;

    // Day 33: recent nominations.
    clock.advance(21 * DAY);
    let contoso_global = nominate(
        contoso.clone(),
        "1000003",
        "tpid",
        "3456789",
        "M365-COPILOT-WS",
        "Contoso Global Copilot rollout",
        None,
    )
    .await?;
    step(contoso_global, submitted.clone()).await?;
    let proseware_security = nominate(
        contoso.clone(),
        "1000002",
        "tenant_id",
        "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9",
        "SEC-ENVISION",
        "Proseware security posture",
        None,
    )
    .await?;
    step(proseware_security, rejected.clone()).await?;
    let ai = nominate(
        contoso.clone(),
        "1000003",
        "msx_opportunity_id",
        "7-NW4K8P2M1Z",
        "DATA-AI-POC",
        "Northwind AI proof of concept",
        Some(50),
    )
    .await?;
    step(ai, vec![(A::SendConsent, p)]).await?;
    // Woodgrove belongs to Contoso Global Industries (TPID 3456789), whose one Copilot slot
    // Contoso's rollout above holds: a Woodgrove nomination by anyone is now over the limit.
    nominate(
        fabrikam,
        "2000001",
        "tenant_id",
        "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d",
        "AZ-MIG-ASSESS",
        "Adventure Works assessment",
        None,
    )
    .await?;

    // Today: a known customer claimed again, and the deadlines that passed are applied.
    let claimed = NewClaims {
        friendly_name: "Northwind Copilot workshop".to_owned(),
        location_id: "1000001".to_owned(),
        customer_id_type: "tenant_id".to_owned(),
        customer_id_value: "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61".to_owned(),
        engagement_ids: vec![engagement("M365-COPILOT-WS").await?],
        origin: ClaimOrigin::Claimed,
        contacts: ContactsForm {
            contact_email: "it.contact@northwindtraders.com".to_owned(),
            contact_name: "Alex Dupont".to_owned(),
            contact_phone: String::new(),
            contact_language: "fr".to_owned(),
            partner_contact_name: "Camille Martin".to_owned(),
            partner_contact_email: "camille.martin@contoso.example".to_owned(),
            mismatch_reason: String::new(),
            mismatch_details: String::new(),
        },
        hours: None,
        idempotency_key: "demo-claim-claimed".to_owned(),
    };
    create_claims(state, &contoso, claimed)
        .await
        .map_err(|e| anyhow::anyhow!("demo claimed customer: {e:?}"))?;
    crate::claims::sweeper::sweep(state)
        .await
        .map_err(|e| anyhow::anyhow!("demo sweep: {e:?}"))?;
    settle_demo_consent(&state.db.pool).await
}

/// The demo's customers answered through the life cycle's actions, not through links: their
/// requests take the answer the claim shows, and the e-mails of claims past awaiting consent
/// count as sent when they were asked for. Those still awaiting consent keep their e-mail queued:
/// the worker delivers it to the development mailbox, with a link that works.
async fn settle_demo_consent(pool: &sqlx::AnyPool) -> anyhow::Result<()> {
    for sql in [
        "UPDATE consent_requests SET decision = 'accepted',
            decided_at = (SELECT consent_at FROM claims WHERE claims.id = consent_requests.claim_id)
         WHERE revoked_at IS NULL AND decided_at IS NULL
            AND claim_id IN (SELECT id FROM claims WHERE consent_at IS NOT NULL)",
        "UPDATE consent_requests SET decision = 'declined',
            decided_at = (SELECT ended_at FROM claims WHERE claims.id = consent_requests.claim_id)
         WHERE revoked_at IS NULL AND decided_at IS NULL
            AND claim_id IN (SELECT id FROM claims WHERE status = 'consent_declined')",
        "UPDATE outbox SET status = 'sent', sent_at = created_at, attempts = 1
         WHERE status = 'pending' AND consent_request_id IN (
            SELECT r.id FROM consent_requests r JOIN claims c ON c.id = r.claim_id
            WHERE c.status <> 'awaiting_consent')",
    ] {
        sqlx::query(sql).execute(pool).await?;
    }
    Ok(())
}
