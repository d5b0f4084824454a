//! The wizards' live eligibility feedback at scale: `wizard::service::check_customer` (one
//! customer ID against every open engagement of the partner) with 1 000 000 customer IDs in the
//! directory, on SQLite and on PostgreSQL. For each kind of customer ID it times calls with IDs
//! of the directory (hits) and with well-formed IDs it does not hold (misses), and reports p50,
//! p99, mean, min and max per kind.
//!
//! A benchmark, not a timed test: it asserts nothing about durations (only that hits are found
//! and misses are not). Run it with
//!
//! ```text
//! cargo bench -p server --bench customer_check            # both backends
//! cargo bench -p server --bench customer_check -- sqlite  # one of them
//! cargo bench -p server --bench customer_check -- postgres
//! ```
//!
//! PostgreSQL: a fresh database `mci_bench_<random>` on `TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), dropped at the end. SQLite: a file in the
//! temporary folder, removed at the end. `CUSTOMERS_BENCH_KEEP=1` keeps both (their URLs are
//! printed) to look at query plans afterwards.
//!
//! The data: the demo data (`app::db::demo`), then 1 000 000 directory IDs written with direct
//! multi-row INSERTs:
//!
//! | kind                    | IDs     | value of the `i`-th                          |
//! |-------------------------|---------|----------------------------------------------|
//! | tenant ID               | 250 000 | a lower-case GUID                            |
//! | domain name             | 250 000 | `customer<i>.example.com`, of tenant `i`     |
//! | TPID                    | 200 000 | `10000000 + i` (8 digits)                    |
//! | Azure subscription ID   | 200 000 | a lower-case GUID, of a random tenant        |
//! | MSX opportunity ID      | 100 000 | `7-` and 10 upper-case letters or digits, of a random TPID; 80 % open |
//!
//! The IDs with an even `i` (half of each kind) are on the eligibility list of every demo
//! engagement that accepts their kind (for a domain: its tenant, on the lists of the engagements
//! taking tenant IDs or domains), 1 100 000 list rows in all. Misses are well-formed IDs of the
//! same shapes that the directory does not hold. Every value is in the normalised form the
//! parsers produce (checked at start-up), so what is measured is the lookups, not a mismatch.
//!
//! The caller is the demo administrator `admin@contoso.example` at location 1000001. Contoso has
//! five open engagements in the demo, so one call is about 30 statements: the partner's
//! engagements, each engagement loaded (with its ID types and band rates), then per engagement
//! the location, the directory lookup, the eligibility list (hits only) and the open claims; for
//! a tenant ID, its domains.

mod support;

use app::auth::guard::PartnerScope;
use app::db::Db;
use app::state::AppState;
use app::wizard::model::CustomerCheckRequest;
use app::wizard::service::check_customer;
use domain::{CustomerId, CustomerIdType};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;
use std::io::Write as _;
use std::time::{Duration, Instant};
use support::{
    base32, company_name, fast_writes, mix, pick, settle, state_over, timed, tuple, Backend,
    BenchDb, Bulk, Lit, Stats, ADMIN,
};

/// Directory tenants, each with one verified domain.
const TENANTS: usize = 250_000;
const TPIDS: usize = 200_000;
const SUBSCRIPTIONS: usize = 200_000;
const OPPORTUNITIES: usize = 100_000;
/// Tenants and domains, TPIDs, subscriptions and opportunities.
const DIRECTORY_IDS: usize = 2 * TENANTS + TPIDS + SUBSCRIPTIONS + OPPORTUNITIES;
/// The `i`-th ID of a kind is on the eligibility lists when `i % LISTED_EVERY == 0`.
const LISTED_EVERY: usize = 2;
/// The first TPID of the load (8 digits; the demo's have 7).
const TPID_BASE: u64 = 10_000_000;
/// The first unknown TPID.
const UNKNOWN_TPID_BASE: u64 = 90_000_000;

const WARM_UPS: usize = 200;
/// Timed calls per kind of ID, for hits and for misses.
const CALLS: usize = 2_000;
const LOCATION: &str = "1000001";

const COUNTRIES: [&str; 8] = ["US", "FR", "DE", "GB", "NL", "ES", "CA", "JP"];
const SEGMENTS: [&str; 3] = ["SMB", "SMC", "Enterprise"];
const BANDS: [&str; 4] = ["A", "B", "C", "D"];

const TENANTS_INSERT: &str = "INSERT INTO directory_tenants (tenant_id, name, country, segment)";
const DOMAINS_INSERT: &str = "INSERT INTO directory_tenant_domains (domain, tenant_id)";
const TPIDS_INSERT: &str = "INSERT INTO directory_tpids (tpid, name, country)";
const SUBSCRIPTIONS_INSERT: &str =
    "INSERT INTO directory_subscriptions (subscription_id, tenant_id, name)";
const OPPORTUNITIES_INSERT: &str =
    "INSERT INTO directory_opportunities (opportunity_id, tpid, name,
    deal_value_cents, currency, country, market_band, stage)";
const LISTS_INSERT: &str = "INSERT INTO eligibility_lists (engagement_id, id_type, id_value)";

// ---------------------------------------------------------------------------------------------
// The IDs.

/// How many IDs of this kind the directory holds.
fn loaded(kind: CustomerIdType) -> usize {
    match kind {
        CustomerIdType::DomainName | CustomerIdType::TenantId => TENANTS,
        CustomerIdType::Tpid => TPIDS,
        CustomerIdType::AzureSubscriptionId => SUBSCRIPTIONS,
        CustomerIdType::MsxOpportunityId => OPPORTUNITIES,
    }
}

/// `7-` and 10 characters, distinct for each `n` below 2^50 (multiplying by an odd number is a
/// bijection modulo 2^50).
fn msx(n: u64) -> String {
    format!(
        "7-{}",
        base32(n.wrapping_mul(0x2545_F491_4F6C_DD1D) & ((1 << 50) - 1))
    )
}

/// The value of the `i`-th ID of a kind: one of the directory (`known`) or one it does not hold.
fn value(kind: CustomerIdType, i: usize, known: bool) -> String {
    let n = i as u64;
    match (kind, known) {
        (CustomerIdType::DomainName, true) => format!("customer{i}.example.com"),
        (CustomerIdType::DomainName, false) => format!("unknown{i}.example.net"),
        (CustomerIdType::TenantId, true) => support::guid(n, 11),
        (CustomerIdType::TenantId, false) => support::guid(n, 13),
        (CustomerIdType::Tpid, true) => (TPID_BASE + n).to_string(),
        (CustomerIdType::Tpid, false) => (UNKNOWN_TPID_BASE + n).to_string(),
        (CustomerIdType::AzureSubscriptionId, true) => support::guid(n, 12),
        (CustomerIdType::AzureSubscriptionId, false) => support::guid(n, 14),
        (CustomerIdType::MsxOpportunityId, true) => msx(n + 1),
        (CustomerIdType::MsxOpportunityId, false) => msx(n + 1 + (1 << 45)),
    }
}

/// The tenant of subscription `i`.
fn subscription_tenant(i: usize) -> usize {
    (mix(i as u64 ^ 0x5AB5) % TENANTS as u64) as usize
}

/// The TPID of opportunity `i`.
fn opportunity_tpid(i: usize) -> usize {
    (mix(i as u64 ^ 0x0990) % TPIDS as u64) as usize
}

/// The eligibility list an ID of this kind is checked against (a domain: its tenant's).
fn list_type(kind: CustomerIdType) -> CustomerIdType {
    match kind {
        CustomerIdType::DomainName => CustomerIdType::TenantId,
        other => other,
    }
}

/// Checks that every kind of value, known or not, is already what the parser makes of it.
fn check_values() -> anyhow::Result<()> {
    for kind in CustomerIdType::ALL {
        for known in [true, false] {
            for i in [0, 1, 7, loaded(kind) - 1] {
                let v = value(kind, i, known);
                let parsed = CustomerId::parse(kind, &v)
                    .map_err(|e| anyhow::anyhow!("{} {v}: {e:?}", kind.code()))?;
                anyhow::ensure!(
                    parsed.value() == v,
                    "{} {v} is normalised to {}",
                    kind.code(),
                    parsed.value()
                );
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The load.

struct LoadTimes {
    directory: Duration,
    lists: Duration,
    list_rows: usize,
    analyze: Duration,
}

/// Writes one table: `count` rows, row `i` written by `row` into the buffer.
async fn write_table(
    conn: &mut AnyConnection,
    header: &'static str,
    count: usize,
    mut row: impl FnMut(&mut String, usize),
) -> anyhow::Result<usize> {
    let started = Instant::now();
    let mut bulk = Bulk::new(header);
    let mut buffer = String::with_capacity(256);
    for i in 0..count {
        row(&mut buffer, i);
        bulk.push(conn, &buffer).await?;
    }
    let n = bulk.finish(conn).await?;
    let table = header
        .split_whitespace()
        .nth(2)
        .unwrap_or("?")
        .trim_end_matches('(');
    println!(
        "  {table:<26} {n:>9} rows, {:6.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(n)
}

async fn load(db: &Db) -> anyhow::Result<LoadTimes> {
    // The demo engagements accepting each list type.
    let mut takers: BTreeMap<&'static str, Vec<i64>> = BTreeMap::new();
    let rows = sqlx::query(
        "SELECT engagement_id, id_type FROM engagement_id_types ORDER BY engagement_id, id_type",
    )
    .fetch_all(&db.pool)
    .await?;
    for row in rows {
        let engagement: i64 = row.try_get("engagement_id")?;
        let code: String = row.try_get("id_type")?;
        let kind = CustomerIdType::from_code(&code)
            .ok_or_else(|| anyhow::anyhow!("unknown ID type {code}"))?;
        let list = takers.entry(list_type(kind).code()).or_default();
        if !list.contains(&engagement) {
            list.push(engagement);
        }
    }

    let mut conn = db.pool.acquire().await?;
    fast_writes(&mut conn, db.backend).await?;

    let started = Instant::now();
    let mut directory = 0;
    directory += write_table(&mut conn, TENANTS_INSERT, TENANTS, |out, i| {
        let h = mix(i as u64 ^ 0x7E7A);
        tuple(
            out,
            &[
                Lit::Text(&value(CustomerIdType::TenantId, i, true)),
                Lit::Text(&company_name(h)),
                Lit::Text(pick(&COUNTRIES, h >> 24)),
                Lit::Text(pick(&SEGMENTS, h >> 32)),
            ],
        );
    })
    .await?;
    directory += write_table(&mut conn, DOMAINS_INSERT, TENANTS, |out, i| {
        tuple(
            out,
            &[
                Lit::Text(&value(CustomerIdType::DomainName, i, true)),
                Lit::Text(&value(CustomerIdType::TenantId, i, true)),
            ],
        );
    })
    .await?;
    directory += write_table(&mut conn, TPIDS_INSERT, TPIDS, |out, i| {
        let h = mix(i as u64 ^ 0x7819);
        tuple(
            out,
            &[
                Lit::Text(&value(CustomerIdType::Tpid, i, true)),
                Lit::Text(&company_name(h)),
                Lit::Text(pick(&COUNTRIES, h >> 24)),
            ],
        );
    })
    .await?;
    directory += write_table(&mut conn, SUBSCRIPTIONS_INSERT, SUBSCRIPTIONS, |out, i| {
        let tenant = subscription_tenant(i);
        tuple(
            out,
            &[
                Lit::Text(&value(CustomerIdType::AzureSubscriptionId, i, true)),
                Lit::Text(&value(CustomerIdType::TenantId, tenant, true)),
                Lit::Text(&format!("Subscription {i}")),
            ],
        );
    })
    .await?;
    directory += write_table(&mut conn, OPPORTUNITIES_INSERT, OPPORTUNITIES, |out, i| {
        let h = mix(i as u64 ^ 0x0EE0);
        let stage = match h % 10 {
            0 => "won",
            1 => "lost",
            _ => "open",
        };
        tuple(
            out,
            &[
                Lit::Text(&value(CustomerIdType::MsxOpportunityId, i, true)),
                Lit::Text(&value(CustomerIdType::Tpid, opportunity_tpid(i), true)),
                Lit::Text(&format!("Opportunity {i}")),
                Lit::Int(100_000 * (1 + (h >> 8) % 10_000) as i64),
                Lit::Text("USD"),
                Lit::Text(pick(&COUNTRIES, h >> 24)),
                Lit::Text(pick(&BANDS, h >> 32)),
                Lit::Text(stage),
            ],
        );
    })
    .await?;
    anyhow::ensure!(
        directory == DIRECTORY_IDS,
        "wrote {directory} directory IDs"
    );
    let directory_time = started.elapsed();

    // Eligibility lists: kind by kind, engagement by engagement.
    let started = Instant::now();
    let mut lists = Bulk::new(LISTS_INSERT);
    let mut buffer = String::with_capacity(128);
    let listed = [
        CustomerIdType::TenantId,
        CustomerIdType::Tpid,
        CustomerIdType::AzureSubscriptionId,
        CustomerIdType::MsxOpportunityId,
    ];
    for kind in listed {
        for &engagement in takers.get(kind.code()).map(Vec::as_slice).unwrap_or(&[]) {
            for i in (0..loaded(kind)).step_by(LISTED_EVERY) {
                tuple(
                    &mut buffer,
                    &[
                        Lit::Int(engagement),
                        Lit::Text(kind.code()),
                        Lit::Text(&value(kind, i, true)),
                    ],
                );
                lists.push(&mut conn, &buffer).await?;
            }
        }
    }
    let list_rows = lists.finish(&mut conn).await?;
    println!(
        "  {:<26} {list_rows:>9} rows, {:6.1} s",
        "eligibility_lists",
        started.elapsed().as_secs_f64()
    );
    let lists_time = started.elapsed();

    Ok(LoadTimes {
        directory: directory_time,
        lists: lists_time,
        list_rows,
        analyze: settle(&mut conn, db.backend).await?,
    })
}

// ---------------------------------------------------------------------------------------------
// The measurements.

struct Measured {
    kind: CustomerIdType,
    known: bool,
    stats: Stats,
    /// Verdicts (engagements) per call.
    verdicts: usize,
    /// Eligible verdicts per call, on average.
    eligible: f64,
}

/// Times `CALLS` calls for IDs of one kind, hits or misses, each call a different ID.
async fn measure(
    state: &AppState,
    scope: &PartnerScope,
    kind: CustomerIdType,
    known: bool,
) -> anyhow::Result<Measured> {
    let salt = ((kind as u64) << 8) | u64::from(known);
    let (stats, outputs) = timed(WARM_UPS, CALLS, |call| {
        let i = (mix(call as u64 ^ (salt << 32)) % loaded(kind) as u64) as usize;
        let request = CustomerCheckRequest {
            location_id: LOCATION.to_owned(),
            customer_id_type: kind.code().to_owned(),
            customer_id_value: value(kind, i, known),
        };
        async move {
            let check = check_customer(state, scope, request).await?;
            Ok((i, check))
        }
    })
    .await?;

    let mut verdicts = None;
    let mut eligible = 0;
    for (i, check) in &outputs {
        let v = value(kind, *i, known);
        anyhow::ensure!(check.normalised == v, "{v} became {}", check.normalised);
        anyhow::ensure!(
            check.customer_name.is_some() == known,
            "{} {v}: customer name {:?}",
            kind.code(),
            check.customer_name
        );
        if known && kind == CustomerIdType::DomainName {
            let tenant = value(CustomerIdType::TenantId, *i, true);
            anyhow::ensure!(
                check.resolved_tenant.as_deref() == Some(tenant.as_str()),
                "{v} resolved to {:?}",
                check.resolved_tenant
            );
        }
        anyhow::ensure!(
            *verdicts.get_or_insert(check.engagements.len()) == check.engagements.len(),
            "the number of open engagements changed"
        );
        eligible += check.eligible_count();
    }
    Ok(Measured {
        kind,
        known,
        stats,
        verdicts: verdicts.unwrap_or(0),
        eligible: eligible as f64 / outputs.len() as f64,
    })
}

async fn run_backend(backend: Backend) -> anyhow::Result<(LoadTimes, Vec<Measured>)> {
    println!("== {}: creating the database", backend.name());
    let target = BenchDb::create(backend).await?;
    let (db, clock) = target.connect_demo().await?;

    println!(
        "== {}: loading {DIRECTORY_IDS} directory IDs and their eligibility lists",
        backend.name()
    );
    let times = load(&db).await?;
    println!(
        "  {} {:.1} s",
        backend.analyze_name(),
        times.analyze.as_secs_f64()
    );

    println!(
        "== {}: measuring ({WARM_UPS} warm-ups, {CALLS} calls per line)",
        backend.name()
    );
    let state = state_over(&db, clock);
    let scope = support::scope_of(&db, ADMIN).await?;
    let mut measured = Vec::new();
    for kind in CustomerIdType::ALL {
        for known in [true, false] {
            print!(
                "  {:<22} {:<5} ",
                kind.code(),
                if known { "hit" } else { "miss" }
            );
            let _ = std::io::stdout().flush();
            let m = measure(&state, &scope, kind, known).await?;
            println!("p50 {:7.3} ms  p99 {:7.3} ms", m.stats.p50, m.stats.p99);
            measured.push(m);
        }
    }
    db.pool.close().await;
    drop(target);
    Ok((times, measured))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    check_values()?;
    // `cargo bench -- sqlite` or `-- postgres` runs one backend; cargo's own flags are ignored.
    let backends = Backend::from_args();

    let mut results = Vec::new();
    for backend in backends {
        let (times, measured) = run_backend(backend).await?;
        results.push((backend, times, measured));
    }

    println!();
    println!("Load ({DIRECTORY_IDS} directory IDs, on top of the demo data)");
    println!(
        "{:<9} {:>12} {:>12} {:>10} {:>10} {:>9}",
        "backend", "directory s", "list rows", "lists s", "analyze s", "total s"
    );
    for (backend, t, _) in &results {
        println!(
            "{:<9} {:>12.1} {:>12} {:>10.1} {:>10.1} {:>9.1}",
            backend.name(),
            t.directory.as_secs_f64(),
            t.list_rows,
            t.lists.as_secs_f64(),
            t.analyze.as_secs_f64(),
            (t.directory + t.lists + t.analyze).as_secs_f64()
        );
    }
    for (backend, _, measured) in &results {
        println!();
        println!(
            "{}: check_customer from {LOCATION} as {ADMIN}, {CALLS} calls per line after {WARM_UPS} warm-ups (ms)",
            backend.name()
        );
        println!(
            "{:<22} {:<5} {:>8} {:>8} {:>8} {:>8} {:>8}   {:>8} {:>8}",
            "ID kind", "ID", "p50", "p99", "mean", "min", "max", "verdicts", "eligible"
        );
        for m in measured {
            println!(
                "{:<22} {:<5} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>8.3}   {:>8} {:>8.2}",
                m.kind.code(),
                if m.known { "hit" } else { "miss" },
                m.stats.p50,
                m.stats.p99,
                m.stats.mean,
                m.stats.min,
                m.stats.max,
                m.verdicts,
                m.eligible
            );
        }
    }
    Ok(())
}
