//! What the benchmarks share: a fresh database per backend with the demo data, bulk INSERTs of
//! literal rows, deterministic synthetic values, the application state and the demo partner's
//! scope, and the timing statistics.
//!
//! Each benchmark is a crate of its own that includes this module with `mod support;` and uses a
//! part of it.
#![allow(dead_code)]

use anyhow::Context;
use app::auth::guard::PartnerScope;
use app::db::Db;
use app::state::{Clock, OffsetClock};
use domain::UserId;
use sqlx::AnyConnection;
use sqlx::Row;
use std::fmt::Write as _;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The measured partner's Incentives administrator in the demo data.
pub const ADMIN: &str = "admin@contoso.example";

#[path = "../../tests/common/scratch.rs"]
mod scratch;

use scratch::ScratchDb;
pub use scratch::{state_over, Backend};
// Only the SSR load benchmark starts the real server from a configuration.
#[allow(unused_imports)]
pub use scratch::test_config;

impl Backend {
    /// What `settle` runs after a load.
    pub fn analyze_name(self) -> &'static str {
        match self {
            Backend::Sqlite => "ANALYZE",
            Backend::Postgres => "VACUUM (ANALYZE)",
        }
    }

    /// The backends named on the command line (`cargo bench -- sqlite` or `-- postgres`), both
    /// when none is; cargo's own flags are ignored.
    pub fn from_args() -> Vec<Backend> {
        let wanted: Vec<String> = std::env::args()
            .skip(1)
            .filter(|a| !a.starts_with('-'))
            .collect();
        [Backend::Sqlite, Backend::Postgres]
            .into_iter()
            .filter(|b| wanted.is_empty() || wanted.iter().any(|w| w == b.name()))
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Deterministic synthetic values.

/// SplitMix64's finaliser: a bijection of u64 that looks random.
pub fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

pub fn pick<T: Copy>(items: &[T], h: u64) -> T {
    items[(h % items.len() as u64) as usize]
}

/// A lowercase GUID (version 4 layout), distinct for distinct (n, salt) with n below 2^40.
pub fn guid(n: u64, salt: u64) -> String {
    let a = mix(n ^ (salt << 40));
    let b = mix(a);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

/// 10 characters of Crockford base 32 (upper case) for the low 50 bits of `n`.
pub fn base32(n: u64) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    (0..10)
        .rev()
        .map(|i| ALPHABET[((n >> (5 * i)) & 31) as usize] as char)
        .collect()
}

const NAME_FIRST: [&str; 32] = [
    "Northwind",
    "Adventure",
    "Tailspin",
    "Woodgrove",
    "Litware",
    "Proseware",
    "Fabrikam",
    "Alpine",
    "Blue Yonder",
    "Coho",
    "Fourth",
    "Graphic",
    "Humongous",
    "Lamna",
    "Lucerne",
    "Margie",
    "Nod",
    "Relecloud",
    "Southridge",
    "Trey",
    "VanArsdel",
    "Wingtip",
    "Boreal",
    "Cedar",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Horizon",
    "Iris",
    "Juniper",
    "Kestrel",
];
const NAME_SECOND: [&str; 32] = [
    "Traders",
    "Works",
    "Toys",
    "Bank",
    "Systems",
    "Insurance",
    "Airlines",
    "Winery",
    "Coffee",
    "Design",
    "Publishing",
    "Healthcare",
    "Harbor",
    "Logistics",
    "Foods",
    "Energy",
    "Motors",
    "Pharma",
    "Textiles",
    "Studios",
    "Analytics",
    "Retail",
    "Mining",
    "Robotics",
    "Outfitters",
    "Labs",
    "Freight",
    "Hotels",
    "Media",
    "Telecom",
    "Farms",
    "Capital",
];
const NAME_SUFFIX: [&str; 12] = [
    "Ltd", "GmbH", "SA", "SAS", "Inc.", "LLC", "Group", "Holdings", "BV", "AG", "SpA", "Oy",
];

/// A company name of three words (1 024 × 12 combinations).
pub fn company_name(h: u64) -> String {
    format!(
        "{} {} {}",
        pick(&NAME_FIRST, h),
        pick(&NAME_SECOND, h >> 8),
        pick(&NAME_SUFFIX, h >> 16)
    )
}

const FRIENDLY: [&str; 8] = [
    "Migration wave",
    "Landing zone",
    "Cost review",
    "Security baseline",
    "Data estate",
    "Copilot pilot",
    "Modern desktop",
    "DR assessment",
];

/// A claim's friendly name, e.g. "Landing zone 12".
pub fn friendly_name(h: u64) -> String {
    format!("{} {}", pick(&FRIENDLY, h >> 24), 1 + (h >> 32) % 40)
}

// ---------------------------------------------------------------------------------------------
// SQL literals and batched INSERTs.

pub fn text(out: &mut String, value: &str) {
    out.push('\'');
    for ch in value.chars() {
        if ch == '\'' {
            out.push('\'');
        }
        out.push(ch);
    }
    out.push('\'');
}

pub fn opt_text(out: &mut String, value: Option<&str>) {
    match value {
        Some(v) => text(out, v),
        None => out.push_str("NULL"),
    }
}

pub fn int(out: &mut String, value: i64) {
    let _ = write!(out, "{value}");
}

pub fn opt_int(out: &mut String, value: Option<i64>) {
    match value {
        Some(v) => int(out, v),
        None => out.push_str("NULL"),
    }
}

/// A value of a literal row.
pub enum Lit<'a> {
    Text(&'a str),
    Int(i64),
}

/// Writes `(v1, v2, ...)` into `out` (cleared first), for `Bulk::push`.
pub fn tuple(out: &mut String, values: &[Lit<'_>]) {
    out.clear();
    out.push('(');
    for (n, value) in values.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        match value {
            Lit::Text(v) => text(out, v),
            Lit::Int(v) => int(out, *v),
        }
    }
    out.push(')');
}

/// Rows per INSERT statement, and statements per transaction.
pub const BATCH: usize = 1_000;
pub const STATEMENTS_PER_TX: usize = 25;

/// Multi-row INSERTs of literal rows, `BATCH` rows a statement, `STATEMENTS_PER_TX` statements a
/// transaction, on one connection.
pub struct Bulk {
    header: &'static str,
    sql: String,
    rows: usize,
    statements: usize,
    total: usize,
}

impl Bulk {
    pub fn new(header: &'static str) -> Bulk {
        Bulk {
            header,
            sql: String::with_capacity(BATCH * 600),
            rows: 0,
            statements: 0,
            total: 0,
        }
    }

    /// Adds one row, written as `(v1, v2, ...)`.
    pub async fn push(&mut self, conn: &mut AnyConnection, tuple: &str) -> anyhow::Result<()> {
        if self.rows == 0 {
            self.sql.clear();
            self.sql.push_str(self.header);
            self.sql.push_str(" VALUES ");
        } else {
            self.sql.push_str(",\n");
        }
        self.sql.push_str(tuple);
        self.rows += 1;
        if self.rows == BATCH {
            self.flush(conn).await?;
        }
        Ok(())
    }

    async fn flush(&mut self, conn: &mut AnyConnection) -> anyhow::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        if self.statements == 0 {
            sqlx::raw_sql("BEGIN").execute(&mut *conn).await?;
        }
        sqlx::raw_sql(&self.sql)
            .execute(&mut *conn)
            .await
            .with_context(|| format!("inserting: {}", self.header))?;
        self.total += self.rows;
        self.rows = 0;
        self.statements += 1;
        if self.statements == STATEMENTS_PER_TX {
            sqlx::raw_sql("COMMIT").execute(&mut *conn).await?;
            self.statements = 0;
        }
        Ok(())
    }

    /// Writes what is left and commits; returns the number of rows written.
    pub async fn finish(mut self, conn: &mut AnyConnection) -> anyhow::Result<usize> {
        self.flush(conn).await?;
        if self.statements > 0 {
            sqlx::raw_sql("COMMIT").execute(&mut *conn).await?;
        }
        Ok(self.total)
    }
}

/// Before a bulk load on `conn`: no waiting for the disk at each commit, and (SQLite) a large
/// page cache.
pub async fn fast_writes(
    conn: &mut AnyConnection,
    backend: app::db::Backend,
) -> anyhow::Result<()> {
    if backend == app::db::Backend::Sqlite {
        sqlx::raw_sql("PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;")
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::raw_sql("SET synchronous_commit = off")
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// After a bulk load on `conn`: the connection's settings back to normal, and fresh planner
/// statistics. Returns how long it took.
pub async fn settle(
    conn: &mut AnyConnection,
    backend: app::db::Backend,
) -> anyhow::Result<Duration> {
    let started = Instant::now();
    if backend == app::db::Backend::Sqlite {
        sqlx::raw_sql("PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000; ANALYZE;")
            .execute(&mut *conn)
            .await?;
    } else {
        sqlx::raw_sql("SET synchronous_commit = on")
            .execute(&mut *conn)
            .await?;
        // VACUUM as well: it sets the visibility map that index-only scans need, as autovacuum
        // would soon after such a load (and would otherwise do during the measurements).
        sqlx::raw_sql("VACUUM (ANALYZE)")
            .execute(&mut *conn)
            .await?;
    }
    Ok(started.elapsed())
}

// ---------------------------------------------------------------------------------------------
// The databases.

fn keep_databases() -> bool {
    std::env::var("CUSTOMERS_BENCH_KEEP").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A database made for the benchmark, removed when dropped (unless kept).
pub struct BenchDb(ScratchDb);

impl std::ops::Deref for BenchDb {
    type Target = ScratchDb;

    fn deref(&self) -> &ScratchDb {
        &self.0
    }
}

impl BenchDb {
    pub async fn create(backend: Backend) -> anyhow::Result<BenchDb> {
        Ok(BenchDb(
            ScratchDb::create(backend, "mci_bench", keep_databases()).await?,
        ))
    }

    /// Connects (10 connections at most), runs the migrations and loads the demo data
    /// (`app::db::demo::seed`) at the clock's present.
    pub async fn connect_demo(&self) -> anyhow::Result<(Db, Arc<OffsetClock>)> {
        let db = Db::connect(&self.url, 10).await?;
        db.migrate().await?;
        let clock = Arc::new(OffsetClock::default());
        app::db::demo::seed(&db, clock.now()).await?;
        Ok((db, clock))
    }
}

/// The `id` column of the one row `sql` (with `$1` = `key`) selects.
pub async fn id_of(db: &Db, sql: &str, key: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query(sql)
        .bind(key)
        .fetch_one(&db.pool)
        .await
        .with_context(|| format!("looking up {key}"))?
        .try_get("id")?)
}

/// The partner scope of a user, as the server functions get it for an Incentives user.
pub async fn scope_of(db: &Db, email: &str) -> anyhow::Result<PartnerScope> {
    let user = id_of(db, "SELECT id FROM users WHERE email = $1", email).await?;
    let principal = app::auth::repo::load_principal(&db.pool, UserId::new(user))
        .await?
        .with_context(|| format!("the principal of {email}"))?;
    Ok(app::auth::guard::require_incentives(&principal)?)
}

// ---------------------------------------------------------------------------------------------
// Timing.

/// Statistics of a series of timings, in milliseconds; percentiles by nearest rank.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub runs: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

/// The statistics of `times` (at least one).
pub fn stats(mut times: Vec<Duration>) -> Stats {
    assert!(!times.is_empty(), "statistics of no timing");
    times.sort();
    let at = |p: f64| {
        let rank = ((p * times.len() as f64).ceil() as usize).clamp(1, times.len());
        ms(times[rank - 1])
    };
    let total: Duration = times.iter().sum();
    Stats {
        runs: times.len(),
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        mean: ms(total) / times.len() as f64,
        min: ms(times[0]),
        max: ms(times[times.len() - 1]),
    }
}

/// Calls `f(0)` to `f(warm_ups - 1)` untimed, then times `f(warm_ups)` to
/// `f(warm_ups + runs - 1)`, one call at a time. Returns the statistics of the timed calls and
/// their outputs, in order.
pub async fn timed<F, Fut, T>(
    warm_ups: usize,
    runs: usize,
    mut f: F,
) -> anyhow::Result<(Stats, Vec<T>)>
where
    F: FnMut(usize) -> Fut,
    Fut: Future<Output = anyhow::Result<T>>,
{
    anyhow::ensure!(runs > 0, "at least one timed run");
    for call in 0..warm_ups {
        f(call).await?;
    }
    let mut times = Vec::with_capacity(runs);
    let mut outputs = Vec::with_capacity(runs);
    for call in warm_ups..warm_ups + runs {
        let started = Instant::now();
        let out = f(call).await?;
        times.push(started.elapsed());
        outputs.push(out);
    }
    Ok((stats(times), outputs))
}
