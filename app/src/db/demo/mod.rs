//! Deterministic demo data: two partners (so isolation shows), their locations and users (one per
//! role), seven engagements (fixed and variable payment, every ID type, open, closed and not yet
//! open), a customer directory and eligibility lists from which every eligibility reason of
//! DESIGN.md §4 can be produced. Loaded into an empty database in development, and by
//! `mci-customers seed` into any database.
//!
//! Open periods are relative to the moment of seeding so that a fresh start always shows open
//! and closed engagements; everything else is fixed.
//!
//! What the programme's CSV import loads (the customer directory, the eligibility lists) is
//! data files in the import's formats (`files/`), loaded through the import's own checks and
//! writes ([`check_and_write`]) in the seeding's transaction: each is a file a reviewer could
//! upload, and a demo file the import would refuse fails the seeding with its problems. The
//! rest (partners, locations, accounts, engagements) cannot be imported and is typed data in
//! `data`, written here. `claims` tells the claims' stories through the real services.

mod claims;
mod data;

use super::demo_ids::*;
use super::Db;
use crate::auth::password::hash_password;
use crate::programme::import::ImportKind;
use crate::programme::import_service::{check_and_write, Refusal};
use anyhow::Context;
pub use claims::seed_claims;
use data::*;
pub use data::{DemoAccount, DEMO_ACCOUNTS, DEMO_PASSWORD};
use sqlx::{Any, Transaction};
use std::collections::HashMap;

type Tx = Transaction<'static, Any>;

/// True when the database holds no partner yet (a fresh database).
pub async fn is_empty(db: &Db) -> anyhow::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) AS n FROM partners")
        .fetch_one(&db.pool)
        .await?;
    Ok(n == 0)
}

/// Loads the demo data in one transaction. Refuses a database that already has partners.
pub async fn seed(db: &Db, now: i64) -> anyhow::Result<()> {
    seed_with(db, now, true).await
}

/// The demo data as a schema from before migration 0008 holds it (no partner domains): for
/// the tests that migrate a database the first wave wrote.
pub async fn seed_before_partner_domains(db: &Db, now: i64) -> anyhow::Result<()> {
    seed_with(db, now, false).await
}

async fn seed_with(db: &Db, now: i64, partner_domains: bool) -> anyhow::Result<()> {
    anyhow::ensure!(
        is_empty(db).await?,
        "the database already has data; the demo data goes only into an empty one"
    );
    let mut tx = db.pool.begin().await?;
    let partner_ids = seed_partners(&mut tx, now).await?;
    if partner_domains {
        seed_partner_domains(&mut tx, &partner_ids).await?;
    }
    // A schema from before the partner domains has no programme administrators either.
    seed_accounts(&mut tx, &partner_ids, now, partner_domains).await?;
    for file in &DIRECTORY_FILES {
        load_file(&mut tx, file).await?;
    }
    // The eligibility file names engagements by code: they must exist first.
    for engagement in &ENGAGEMENTS {
        seed_engagement(&mut tx, engagement, now)
            .await
            .with_context(|| format!("seeding engagement {}", engagement.code))?;
    }
    load_file(&mut tx, &ELIGIBILITY_FILE).await?;
    tx.commit().await?;
    Ok(())
}

/// The partners and their locations; the partners' ids by name.
async fn seed_partners(tx: &mut Tx, now: i64) -> anyhow::Result<HashMap<&'static str, i64>> {
    let mut partner_ids = HashMap::new();
    for partner in &PARTNERS {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO partners (name, created_at) VALUES ($1, $2) RETURNING id",
        )
        .bind(partner.name)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        for location in partner.locations {
            sqlx::query("INSERT INTO locations (id, partner_id, name, country, enrolled_in_mci) VALUES ($1, $2, $3, $4, $5)")
                .bind(location.id)
                .bind(id)
                .bind(location.name)
                .bind(location.country)
                .bind(super::flag(location.enrolled_in_mci))
                .execute(&mut **tx)
                .await?;
        }
        partner_ids.insert(partner.name, id);
    }
    Ok(partner_ids)
}

/// The partners' own domains, as configured (a consent recipient may not be at one of them).
async fn seed_partner_domains(
    tx: &mut Tx,
    partner_ids: &HashMap<&'static str, i64>,
) -> anyhow::Result<()> {
    for partner in &PARTNERS {
        let id = *partner_ids
            .get(partner.name)
            .with_context(|| format!("no demo partner is named {}", partner.name))?;
        for domain in partner.domains {
            sqlx::query("INSERT INTO partner_domains (partner_id, domain) VALUES ($1, $2)")
                .bind(id)
                .bind(*domain)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

async fn seed_accounts(
    tx: &mut Tx,
    partner_ids: &HashMap<&'static str, i64>,
    now: i64,
    current_schema: bool,
) -> anyhow::Result<()> {
    for account in &DEMO_ACCOUNTS {
        let partner_id = match account.partner {
            Some(name) => Some(
                *partner_ids
                    .get(name)
                    .with_context(|| format!("no demo partner is named {name}"))?,
            ),
            None => None,
        };
        let hash = hash_password(DEMO_PASSWORD)?;
        let user_id: i64 = sqlx::query_scalar(
            "INSERT INTO users (partner_id, email, display_name, password_hash, role, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(partner_id)
        .bind(account.email)
        .bind(account.name)
        .bind(hash.as_str())
        .bind(account.role.code())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        for location in account.locations {
            sqlx::query("INSERT INTO user_locations (user_id, location_id) VALUES ($1, $2)")
                .bind(user_id)
                .bind(*location)
                .execute(&mut **tx)
                .await?;
        }
    }
    // The demo's reviewer also runs the programme's team.
    if current_schema {
        sqlx::query("UPDATE users SET programme_admin = 1 WHERE role = 'programme_reviewer'")
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// A file of the demo, in the format of the programme's CSV import, loaded through it.
struct DemoFile {
    kind: ImportKind,
    name: &'static str,
    bytes: &'static [u8],
}

/// The customer directory, in the order the import needs: tenants before the TPIDs and
/// subscriptions that name them, TPIDs before the opportunities. The values are those of
/// `demo_ids`; Bäckerei München's domain is written in Unicode, and the import stores it in
/// punycode as it would a reviewer's file.
const DIRECTORY_FILES: [DemoFile; 4] = [
    DemoFile {
        kind: ImportKind::Tenants,
        name: "tenants.csv",
        bytes: include_bytes!("files/tenants.csv"),
    },
    DemoFile {
        kind: ImportKind::Tpids,
        name: "tpids.csv",
        bytes: include_bytes!("files/tpids.csv"),
    },
    DemoFile {
        kind: ImportKind::Subscriptions,
        name: "subscriptions.csv",
        bytes: include_bytes!("files/subscriptions.csv"),
    },
    DemoFile {
        kind: ImportKind::Opportunities,
        name: "opportunities.csv",
        bytes: include_bytes!("files/opportunities.csv"),
    },
];

/// Every engagement's eligibility list, loaded once the engagements exist.
const ELIGIBILITY_FILE: DemoFile = DemoFile {
    kind: ImportKind::Eligibility,
    name: "eligibility.csv",
    bytes: include_bytes!("files/eligibility.csv"),
};

/// One demo file through the import's checks and writes, without the import's log (the demo is
/// nobody's upload). A refusal is an error that lists the file's problems.
async fn load_file(tx: &mut Tx, file: &DemoFile) -> anyhow::Result<()> {
    match check_and_write(tx, file.kind, file.bytes)
        .await
        .with_context(|| format!("loading the demo file {}", file.name))?
    {
        Ok(_) => Ok(()),
        Err(refusal) => Err(anyhow::anyhow!(
            "the import refuses the demo file {}: {}",
            file.name,
            problems(&refusal)
        )),
    }
}

/// A refusal's problems on one line of text for the developer who edits the demo files:
/// `line 3, name: Missing; …` (the problem's variant and params; the import page words them).
fn problems(refusal: &Refusal) -> String {
    let mut listed: Vec<String> = refusal
        .errors
        .iter()
        .map(|e| match e.column.as_str() {
            "" => format!("line {}: {:?}", e.line, e.problem),
            column => format!("line {}, {column}: {:?}", e.line, e.problem),
        })
        .collect();
    if refusal.more > 0 {
        listed.push(format!("and {} more", refusal.more));
    }
    listed.join("; ")
}

/// An engagement, its accepted ID types, its band rates and its partner locations (its
/// eligibility list is in [`ELIGIBILITY_FILE`]).
async fn seed_engagement(tx: &mut Tx, e: &DemoEngagement, now: i64) -> anyhow::Result<()> {
    let (payment_type, fixed, percent, cap, min_hours, max_hours) = match &e.payment {
        DemoPayment::Fixed { amount_cents } => {
            ("fixed", Some(*amount_cents), None, None, None, None)
        }
        DemoPayment::Variable {
            deal_value_percent_bp,
            cap_cents,
            min_hours,
            max_hours,
            ..
        } => (
            "variable",
            None,
            Some(*deal_value_percent_bp),
            Some(*cap_cents),
            Some(*min_hours),
            Some(*max_hours),
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
    .bind(e.consent_window_days)
    .bind(e.submission_window_days)
    .bind(e.review_window_days)
    .bind(e.dispute_window_days)
    .bind(e.max_active_claims_per_customer)
    .bind(now + e.opens_in_days * DAY)
    .bind(now + e.closes_in_days * DAY)
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
    if let DemoPayment::Variable {
        hourly_rates_cents, ..
    } = &e.payment
    {
        for (band, rate) in hourly_rates_cents.iter().copied() {
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
    Ok(())
}

#[cfg(test)]
mod tests;
