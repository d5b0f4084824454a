//! The server's render of the Customers page under load: the real application (router, layers,
//! sessions) on a scratch SQLite database with the demo data and 10 000 known customers of
//! Contoso on the engagement `/engagements/1/customers` shows, served on a free port in this
//! process, and `wrk` against it: the sign-in page, the Customers page (signed in as Contoso's
//! administrator) and `/healthz` for reference. Prints requests per second and p50/p99 side by
//! side, and the Customers page's rate as a share of the sign-in page's.
//!
//! A benchmark, not a timed test: it asserts only that the page answers 200 with its rows. Run it
//! with `./scripts/ssr-load.sh` (which installs `wrk` first if it is missing), or
//!
//! ```text
//! cargo bench -p server --bench ssr_load
//! ```
//!
//! `SSR_LOAD_SECONDS` changes the duration of each run (default 8); `SSR_LOAD_PERF=<file>`
//! records a `perf` profile of the process during the Customers page's run.
//!
//! wrk runs on the same machine as the server and competes with it for the CPU, as it did for the
//! figures in issue 16: the ratio between the pages is the comparable figure, more than the rates.

// The state over a database without HTTP (`state_over`) is not needed here: the real router is.
#[allow(unused_imports)]
mod support;

use anyhow::Context;
use app::db::Db;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::process::Command;
use support::{
    company_name, fast_writes, friendly_name, guid, id_of, int, mix, settle, text, Backend,
    BenchDb, Bulk, ADMIN,
};

/// Known customers of Contoso on the measured engagement (rows of `customer_rows`).
const CUSTOMERS: usize = 10_000;
/// Customers `i` with `i % 10 < ELIGIBLE_TENTHS` are on the Eligible tab, the others Ineligible.
const ELIGIBLE_TENTHS: usize = 7;
const PARTNER: &str = "Contoso Consulting";
const ENGAGEMENT: &str = "AZ-MIG-ASSESS";
/// The measured engagement's id in the demo data (its Customers page is this path).
const ENGAGEMENT_ID: i64 = 1;
const PASSWORD: &str = "Demo!2026-mci";
/// `customers::refresh::NO_DATE`: "no deadline", sorts last.
const NO_DATE: i64 = 9_999_999_999;

/// wrk's threads and connections.
const THREADS: u32 = 2;
const CONNECTIONS: u32 = 32;

/// The targets of issue 16, item 7.
const MIN_SHARE: f64 = 0.40;
const MAX_P99_MS: f64 = 30.0;

const ROWS_INSERT: &str = "INSERT INTO customer_rows (partner_id, engagement_id, customer_key, customer_id_type, customer_id_value, other_ids, tab,
    customer_name, friendly_name, sort_customer, sort_friendly, claim_ref, claim_status, claim_location_id,
    deadline_at, reasons, search, updated_at)";

/// Reasons of an Ineligible row, as `serde_json` writes `Vec<IdReasons>` for one tenant ID
/// (checked at start-up): `TENANT` stands for the tenant ID.
const INELIGIBLE_REASONS: [&str; 2] = [
    r#"[{"id":{"kind":"tenant_id","value":"TENANT"},"reasons":[{"code":"not_on_eligibility_list","params":{}}]}]"#,
    r#"[{"id":{"kind":"tenant_id","value":"TENANT"},"reasons":[{"code":"active_claim_limit_reached","params":{"limit":2}}]}]"#,
];

/// Known customer `i`: tenant ID, name (with a serial number, so that names are distinct),
/// friendly name, whether it is eligible.
fn known_customer(i: usize) -> (String, String, String, bool) {
    let h = mix(i as u64 ^ 0x55_AA);
    let name = format!("{} {:05}", company_name(h), i);
    (
        guid(i as u64, 7),
        name,
        friendly_name(h),
        i % 10 < ELIGIBLE_TENTHS,
    )
}

fn reasons_of(i: usize, tenant: &str) -> String {
    if i % 10 < ELIGIBLE_TENTHS {
        "[]".to_owned()
    } else {
        INELIGIBLE_REASONS[i % 2].replace("TENANT", tenant)
    }
}

/// Writes the known customers, as `customers::refresh` would have written them for customers
/// the partner named by their tenant ID without claiming them yet.
async fn load(db: &Db, partner: i64, engagement: i64, now: i64) -> anyhow::Result<usize> {
    let mut conn = db.pool.acquire().await?;
    fast_writes(&mut conn, db.backend).await?;
    let mut rows = Bulk::new(ROWS_INSERT);
    let mut tuple = String::with_capacity(1_024);
    for i in 0..CUSTOMERS {
        let (tenant, name, friendly, eligible) = known_customer(i);
        tuple.clear();
        tuple.push('(');
        int(&mut tuple, partner);
        tuple.push(',');
        int(&mut tuple, engagement);
        tuple.push(',');
        // `domain::customer_key` of a tenant that no directory entry links to a TPID.
        text(&mut tuple, &format!("tenant:{tenant}"));
        tuple.push(',');
        text(&mut tuple, "tenant_id");
        tuple.push(',');
        text(&mut tuple, &tenant);
        tuple.push(',');
        text(&mut tuple, "[]");
        tuple.push(',');
        text(&mut tuple, if eligible { "eligible" } else { "ineligible" });
        tuple.push(',');
        text(&mut tuple, &name);
        tuple.push(',');
        text(&mut tuple, &friendly);
        tuple.push(',');
        text(&mut tuple, &name.to_lowercase());
        tuple.push(',');
        text(&mut tuple, &friendly.to_lowercase());
        // No claim: no reference, status or location, no deadline.
        tuple.push_str(",'',NULL,'',");
        int(&mut tuple, NO_DATE);
        tuple.push(',');
        text(&mut tuple, &reasons_of(i, &tenant));
        tuple.push(',');
        // As `customers::refresh::haystack` writes it: name, friendly name, claim, IDs.
        text(
            &mut tuple,
            &format!("{name} {friendly}  {tenant}").to_lowercase(),
        );
        tuple.push(',');
        int(&mut tuple, now);
        tuple.push(')');
        rows.push(&mut conn, &tuple).await?;
    }
    let n = rows.finish(&mut conn).await?;
    settle(&mut conn, db.backend).await?;
    Ok(n)
}

/// The application over `db`, served on a free port of 127.0.0.1 in this process.
async fn serve(
    bench_db: &BenchDb,
    db: Db,
    clock: std::sync::Arc<app::state::OffsetClock>,
) -> anyhow::Result<(SocketAddr, String)> {
    let config = support::test_config(&bench_db.url);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let options = LeptosOptions::builder()
        .output_name("mci-customers")
        .site_addr(addr)
        .build();
    let state = server::app_state(options, db, clock, &config)?;
    let router = server::router(state, &config);
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    Ok((addr, config.session_cookie_name().to_owned()))
}

/// Signs in as Contoso's administrator; returns the session cookie (`name=value`).
async fn sign_in(base: &str, cookie_name: &str) -> anyhow::Result<String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = client
        .post(format!("{base}/api/sign_in"))
        .header("origin", base)
        .form(&[("email", ADMIN), ("password", PASSWORD)])
        .send()
        .await?;
    anyhow::ensure!(
        response.status() == 200,
        "signing in: {} {}",
        response.status(),
        response.text().await.unwrap_or_default()
    );
    response
        .headers()
        .get_all(http::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .find(|pair| pair.starts_with(&format!("{cookie_name}=")))
        .map(str::to_owned)
        .context("the sign-in answer sets the session cookie")
}

/// What wrk measured.
struct Run {
    path: &'static str,
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// Answers that were not 2xx or 3xx, and socket errors.
    bad: u64,
    errors: String,
}

/// A wrk duration (`812.00us`, `4.51ms`, `1.02s`, `1.00m`) in milliseconds.
fn millis(value: &str) -> Option<f64> {
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => number / 1_000.0,
        "ms" => number,
        "s" => number * 1_000.0,
        "m" => number * 60_000.0,
        _ => return None,
    })
}

fn parse_wrk(path: &'static str, out: &str) -> anyhow::Result<Run> {
    let field = |prefix: &str| {
        out.lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix).map(str::trim).map(str::to_owned))
    };
    let requests_per_sec = field("Requests/sec:")
        .and_then(|v| v.parse().ok())
        .with_context(|| format!("no Requests/sec in wrk's output:\n{out}"))?;
    let p50_ms = field("50%")
        .and_then(|v| millis(&v))
        .with_context(|| format!("no p50 in wrk's output:\n{out}"))?;
    let p99_ms = field("99%")
        .and_then(|v| millis(&v))
        .with_context(|| format!("no p99 in wrk's output:\n{out}"))?;
    let bad = field("Non-2xx or 3xx responses:")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Ok(Run {
        path,
        requests_per_sec,
        p50_ms,
        p99_ms,
        bad,
        errors: field("Socket errors:").unwrap_or_default(),
    })
}

/// `wrk -t2 -c32 -d<seconds>s --latency` on `path`, with the cookie if any.
async fn wrk(
    base: &str,
    path: &'static str,
    cookie: Option<&str>,
    seconds: u32,
) -> anyhow::Result<Run> {
    let mut command = Command::new("wrk");
    command.args([
        format!("-t{THREADS}"),
        format!("-c{CONNECTIONS}"),
        format!("-d{seconds}s"),
        "--latency".to_owned(),
    ]);
    if let Some(cookie) = cookie {
        command.args(["-H".to_owned(), format!("Cookie: {cookie}")]);
    }
    command.arg(format!("{base}{path}"));
    let output = tokio::task::spawn_blocking(move || command.output())
        .await?
        .context("running wrk (Debian package `wrk`; ./scripts/ssr-load.sh installs it)")?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    anyhow::ensure!(
        output.status.success(),
        "wrk failed on {path}: {}{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    parse_wrk(path, &stdout)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    for reasons in INELIGIBLE_REASONS {
        let json = reasons.replace("TENANT", &guid(1, 7));
        let parsed: Vec<app::customers::model::IdReasons> = serde_json::from_str(&json)?;
        anyhow::ensure!(
            serde_json::to_string(&parsed)? == json,
            "reasons not in serde's shape: {json}"
        );
    }
    let seconds: u32 = std::env::var("SSR_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(8);

    println!("== sqlite: the demo data and {CUSTOMERS} known customers");
    let bench_db = BenchDb::create(Backend::Sqlite).await?;
    let (db, clock) = bench_db.connect_demo().await?;
    let partner = id_of(&db, "SELECT id FROM partners WHERE name = $1", PARTNER).await?;
    let engagement = id_of(
        &db,
        "SELECT id FROM engagements WHERE code = $1",
        ENGAGEMENT,
    )
    .await?;
    anyhow::ensure!(
        engagement == ENGAGEMENT_ID,
        "{ENGAGEMENT} is engagement {engagement}, not {ENGAGEMENT_ID}"
    );
    let before: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customer_rows WHERE partner_id = $1 AND engagement_id = $2",
    )
    .bind(partner)
    .bind(engagement)
    .fetch_one(&db.pool)
    .await?;
    let written = load(&db, partner, engagement, app::state::Clock::now(&*clock)).await?;
    println!("  customer rows of {PARTNER} on {ENGAGEMENT}: {before} from the demo + {written}");

    let (addr, cookie_name) = serve(&bench_db, db.clone(), clock).await?;
    let base = format!("http://{addr}");
    let cookie = sign_in(&base, &cookie_name).await?;
    const CUSTOMERS_PATH: &str = "/engagements/1/customers";
    let page = reqwest::Client::new()
        .get(format!("{base}{CUSTOMERS_PATH}"))
        .header("cookie", &cookie)
        .send()
        .await?;
    anyhow::ensure!(
        page.status() == 200,
        "the Customers page answered {}",
        page.status()
    );
    let html = page.text().await?;
    // The first row in the default order (customer name): one of ours, unless the demo's own rows
    // filled the page before it.
    let mut names: Vec<String> = (0..CUSTOMERS)
        .map(known_customer)
        .filter(|c| c.3)
        .map(|c| c.1)
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    let shown = names
        .iter()
        .take(25)
        .filter(|n| html.contains(n.as_str()))
        .count();
    anyhow::ensure!(
        shown > 0,
        "the Customers page shows none of the first known customers:\n{html}"
    );
    println!(
        "  {CUSTOMERS_PATH}: 200, {} bytes of HTML, {shown} of the first 25 known customers shown",
        html.len()
    );

    println!("== wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s --latency");
    let mut runs = Vec::new();
    for (path, cookie) in [
        ("/sign-in", None),
        (CUSTOMERS_PATH, Some(cookie.as_str())),
        ("/healthz", None),
    ] {
        // A profile of the process while wrk loads the Customers page, when asked for.
        let perf = match (std::env::var("SSR_LOAD_PERF"), cookie) {
            (Ok(file), Some(_)) if !file.is_empty() => Some(
                Command::new("perf")
                    .args(["record", "-F", "999", "-g", "-o", file.as_str(), "-p"])
                    .arg(std::process::id().to_string())
                    .arg("--")
                    .arg("sleep")
                    .arg(seconds.saturating_sub(1).max(1).to_string())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .context("starting perf")?,
            ),
            _ => None,
        };
        let run = wrk(&base, path, cookie, seconds).await?;
        if let Some(mut perf) = perf {
            perf.wait()?;
        }
        println!(
            "  {path}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
            run.requests_per_sec, run.p50_ms, run.p99_ms
        );
        runs.push(run);
    }

    println!();
    println!(
        "SSR under wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s, SQLite, {CUSTOMERS} known customers"
    );
    println!(
        "{:<26} {:>10} {:>9} {:>9} {:>8}  socket errors",
        "page", "req/s", "p50 ms", "p99 ms", "non-2xx"
    );
    for r in &runs {
        println!(
            "{:<26} {:>10.0} {:>9.2} {:>9.2} {:>8}  {}",
            r.path,
            r.requests_per_sec,
            r.p50_ms,
            r.p99_ms,
            r.bad,
            if r.errors.is_empty() {
                "-"
            } else {
                r.errors.as_str()
            }
        );
    }
    let (sign_in_run, customers_run) = (&runs[0], &runs[1]);
    let share = customers_run.requests_per_sec / sign_in_run.requests_per_sec;
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    println!();
    println!(
        "Customers / sign-in rate: {:5.1} %   target >= {:.0} %: {}",
        share * 100.0,
        MIN_SHARE * 100.0,
        verdict(share >= MIN_SHARE)
    );
    println!(
        "Customers p99:           {:6.2} ms  target <= {MAX_P99_MS:.0} ms: {}",
        customers_run.p99_ms,
        verdict(customers_run.p99_ms <= MAX_P99_MS)
    );
    anyhow::ensure!(
        runs.iter().all(|r| r.bad == 0),
        "some answers were not 2xx/3xx: the figures do not measure the pages"
    );
    db.pool.close().await;
    drop(bench_db);
    Ok(())
}
