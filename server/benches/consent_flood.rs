//! The customer's consent link under a flood of guessed tokens: p50/p99 of real consent-page
//! lookups (`consent::service::consent_page`) alone, then while four tasks send 1 000 000 guessed
//! tokens from one address as fast as they can, on SQLite and on PostgreSQL. Reports how many
//! guesses reached the database and how fast refusals are answered.
//!
//! A benchmark, not a timed test: it asserts only that real links open and guesses do not.
//!
//! ```text
//! cargo bench -p server --bench consent_flood            # both backends
//! cargo bench -p server --bench consent_flood -- sqlite  # one of them
//! ```
//!
//! Each real lookup comes from its own address (as customers do), so that the per-address limit
//! measures the attacker, not the benchmark.

mod support;

use app::claims::model::ContactsForm;
use app::claims::service::create_claims;
use app::consent::model::ConsentState;
use app::consent::outbox::{deliver_due, DevMailbox};
use app::consent::service::{consent_page, send_consent};
use app::error::AppError;
use app::state::AppState;
use domain::EngagementId;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;
use support::{state_over, stats, Backend, BenchDb, Stats, ADMIN};

const REAL_LOOKUPS: usize = 1_000;
const FLOOD_TASKS: usize = 4;
const GUESSES_PER_TASK: usize = 250_000;
const ATTACKER: &str = "198.51.100.66";

/// A claim sent for consent and delivered to the development mailbox; returns the link's token.
async fn real_token(state: &AppState) -> anyhow::Result<String> {
    let scope = support::scope_of(&state.db, ADMIN).await?;
    let migration = support::id_of(
        &state.db,
        "SELECT id FROM engagements WHERE code = $1",
        "AZ-MIG-ASSESS",
    )
    .await?;
    let request = app::claims::model::NewClaims {
        friendly_name: "Consent flood".into(),
        location_id: "1000001".into(),
        customer_id_type: "domain_name".into(),
        customer_id_value: "northwind.fr".into(),
        engagement_ids: vec![EngagementId::new(migration)],
        origin: app::claims::model::ClaimOrigin::Added,
        contacts: ContactsForm {
            contact_email: "claire.dubois@northwindtraders.com".into(),
            contact_name: "Claire Dubois".into(),
            contact_language: "en".into(),
            partner_contact_name: "Camille Martin".into(),
            partner_contact_email: "camille.martin@contoso.example".into(),
            ..Default::default()
        },
        idempotency_key: "consent-flood-bench".into(),
        ..Default::default()
    };
    let claim = create_claims(state, &scope, request)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .remove(0)
        .claim_ref;
    let contacts = ContactsForm {
        contact_email: "claire.dubois@northwindtraders.com".into(),
        contact_name: "Claire Dubois".into(),
        contact_language: "en".into(),
        partner_contact_name: "Camille Martin".into(),
        partner_contact_email: "camille.martin@contoso.example".into(),
        ..Default::default()
    };
    send_consent(state, &scope, &claim, &contacts, false)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let mailbox = DevMailbox {
        state: state.clone(),
    };
    deliver_due(state, &mailbox, "bench", 10)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let text = app::consent::repo::mailbox_list(&state.db.pool, None, 1)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .remove(0)
        .body_text;
    let start = text.find("/consent/").unwrap() + "/consent/".len();
    Ok(text[start..start + app::consent::token::TOKEN_LEN].to_owned())
}

/// `REAL_LOOKUPS` lookups of the real link, each from its own address.
async fn real_lookups(state: &AppState, token: &str, round: usize) -> anyhow::Result<Stats> {
    let mut times = Vec::with_capacity(REAL_LOOKUPS);
    for i in 0..REAL_LOOKUPS {
        let address = format!("10.{round}.{}.{}", i / 256, i % 256);
        let started = Instant::now();
        let page = consent_page(state, &address, token)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
        times.push(started.elapsed());
        anyhow::ensure!(page.state == ConsentState::Open, "the real link opens");
    }
    Ok(stats(times))
}

struct Measured {
    alone: Stats,
    flooded: Stats,
    guesses: usize,
    reached_db: usize,
    flood_secs: f64,
}

async fn run_backend(backend: Backend) -> anyhow::Result<Measured> {
    println!("== {}: preparing", backend.name());
    let target = BenchDb::create(backend).await?;
    let (db, clock) = target.connect_demo().await?;
    let state = state_over(&db, clock);
    let token = real_token(&state).await?;
    // Warm the pool and the caches.
    real_lookups(&state, &token, 0).await?;

    println!("== {}: real lookups alone", backend.name());
    let alone = real_lookups(&state, &token, 1).await?;

    println!(
        "== {}: real lookups during {} guesses",
        backend.name(),
        FLOOD_TASKS * GUESSES_PER_TASK
    );
    let reached_db = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let flood: Vec<_> = (0..FLOOD_TASKS)
        .map(|_| {
            let state = state.clone();
            let reached_db = reached_db.clone();
            tokio::spawn(async move {
                for n in 0..GUESSES_PER_TASK {
                    let (guess, _) = app::consent::token::new_token();
                    match consent_page(&state, ATTACKER, &guess).await {
                        Ok(page) if page.state == ConsentState::Unknown => {
                            reached_db.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(AppError::RateLimited { .. }) => {}
                        other => panic!("a guess got {other:?}"),
                    }
                    if n % 1_000 == 0 {
                        tokio::task::yield_now().await;
                    }
                }
            })
        })
        .collect();
    let flooded = real_lookups(&state, &token, 2).await?;
    for task in flood {
        task.await?;
    }
    let flood_secs = started.elapsed().as_secs_f64();
    Ok(Measured {
        alone,
        flooded,
        guesses: FLOOD_TASKS * GUESSES_PER_TASK,
        reached_db: reached_db.load(Ordering::Relaxed),
        flood_secs,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut results = Vec::new();
    for backend in Backend::from_args() {
        results.push((backend, run_backend(backend).await?));
    }
    println!();
    println!("Real consent-page lookups, {REAL_LOOKUPS} per line (ms)");
    println!(
        "{:<9} {:<22} {:>8} {:>8} {:>8} {:>8}",
        "backend", "while", "p50", "p95", "p99", "max"
    );
    for (backend, m) in &results {
        for (label, s) in [("alone", m.alone), ("1 000 000 guesses", m.flooded)] {
            println!(
                "{:<9} {:<22} {:>8.3} {:>8.3} {:>8.3} {:>8.3}",
                backend.name(),
                label,
                s.p50,
                s.p95,
                s.p99,
                s.max
            );
        }
    }
    println!();
    println!("Guessed tokens from one address");
    for (backend, m) in &results {
        println!(
            "{:<9} {} guesses in {:.2} s ({:.0} refusals/s), {} reached the database",
            backend.name(),
            m.guesses,
            m.flood_secs,
            m.guesses as f64 / m.flood_secs.max(f64::EPSILON),
            m.reached_db
        );
    }
    Ok(())
}
