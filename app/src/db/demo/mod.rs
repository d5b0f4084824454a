//! Deterministic demo data: two partners (so isolation shows), their locations and users (one per
//! role), seven engagements (fixed and variable payment, every ID type, open, closed and not yet
//! open), a customer directory and eligibility lists from which every eligibility reason of
//! DESIGN.md §4 can be produced. Loaded into an empty database in development, and by
//! `mci-customers seed` into any database.
//!
//! Open periods are relative to the moment of seeding so that a fresh start always shows open
//! and closed engagements; everything else is fixed.

//!
//! `data` holds the tables, this module writes them, `claims` tells the claims' stories through
//! the real services.

mod claims;
mod data;

use super::demo_ids::*;
use super::Db;
use crate::auth::password::hash_password;
use anyhow::Context;
pub use claims::seed_claims;
use data::*;
pub use data::{DemoAccount, DEMO_ACCOUNTS, DEMO_PASSWORD};
use sqlx::{Any, Transaction};

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
