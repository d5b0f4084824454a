//! The Customers page at scale: a partner with 100 000 known customers and 1 000 000 claims in
//! total, on SQLite and on PostgreSQL. Reports the server time (`customers::service::
//! customers_page`) of the first page and of a deep page of each tab, and of one search, with the
//! SQL of the page and of the tab counts (`repo::counts`, asked by the page only when the
//! engagement or the search changes) timed apart: p50 and p95 of each, in one table with the
//! backends side by side.
//!
//! A benchmark, not a timed test: it asserts nothing about durations. Run it with
//!
//! ```text
//! cargo bench -p server --bench customers_page            # both backends
//! cargo bench -p server --bench customers_page -- sqlite  # one of them
//! ```
//!
//! PostgreSQL: a fresh database `mci_bench_<random>` on `TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/postgres`), dropped at the end. SQLite: a file in the
//! temporary folder, removed at the end. `CUSTOMERS_BENCH_KEEP=1` keeps both (their URLs are
//! printed) to look at query plans afterwards.
//!
//! The rows are written with direct multi-row INSERTs (the application's own way of creating
//! claims would take hours for a million): what matters here is what the page reads.

// The measuring loop's future nests the service's futures deeper than the default limit.
#![recursion_limit = "256"]

mod support;

use app::auth::guard::PartnerScope;
use app::customers::model::{Cursor, CustomersQuery, SortKey, Tab, PAGE_SIZE};
use app::customers::{repo, service};
use app::db::Db;
use app::state::{AppState, Clock};
use domain::EngagementId;
use sqlx::Row;
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::{Duration, Instant};
use support::{
    base32, company_name, fast_writes, friendly_name, guid, id_of, int, mix, opt_int, opt_text,
    pick, settle, state_over, text, timed, Backend, BenchDb, Bulk, Stats, ADMIN,
};

/// Known customers of the partner on the engagement (rows of `customer_rows`).
const CUSTOMERS: usize = 100_000;
/// Customers `i` with `i % 10 < ELIGIBLE_TENTHS` are on the Eligible tab (70 000), the others on
/// the Ineligible tab (30 000).
const ELIGIBLE_TENTHS: usize = 7;
/// Every seventh eligible customer has an open claim of the partner (10 000).
const CLAIMED_EVERY: usize = 7;
/// Claims in all, over both partners and all engagements.
const TOTAL_CLAIMS: usize = 1_000_000;
const WARM_UPS: usize = 3;
const RUNS: usize = 20;
/// How far from the end of a tab the deep page starts.
const DEEP_FROM_END: i64 = 1_000;
/// The search term: one of the words of the synthetic names (about 1 name in 32).
const SEARCH: &str = "harbor";

const PARTNER: &str = "Contoso Consulting";
const OTHER_PARTNER: &str = "Fabrikam Partners";
const ENGAGEMENT: &str = "AZ-MIG-ASSESS";
const DAY: i64 = 86_400;
/// `customers::refresh::NO_DATE`: "no deadline", sorts last.
const NO_DATE: i64 = 9_999_999_999;

/// A demo engagement: code, accepted ID types, enrolled eligible locations of Contoso and of
/// Fabrikam, currency (see `app::db::demo`).
type DemoEngagement = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
);

const ENGAGEMENTS: [DemoEngagement; 7] = [
    (
        "AZ-MIG-ASSESS",
        &["domain_name", "tenant_id", "azure_subscription_id"],
        &["1000001", "1000002"],
        &["2000001"],
        "USD",
    ),
    (
        "M365-COPILOT-WS",
        &["domain_name", "tenant_id", "tpid"],
        &["1000001", "1000003"],
        &["2000001"],
        "USD",
    ),
    (
        "SEC-ENVISION",
        &["tenant_id", "tpid"],
        &["1000002", "1000003"],
        &[],
        "EUR",
    ),
    (
        "AZ-ACCEL-DEPLOY",
        &["msx_opportunity_id"],
        &["1000001", "1000002"],
        &["2000001"],
        "USD",
    ),
    (
        "DATA-AI-POC",
        &["msx_opportunity_id"],
        &["1000003"],
        &[],
        "USD",
    ),
    (
        "MW-WS-2025",
        &["domain_name", "tenant_id"],
        &["1000001"],
        &["2000001"],
        "USD",
    ),
    (
        "BIZAPPS-ASSESS",
        &["tpid", "azure_subscription_id"],
        &["1000001", "1000002"],
        &[],
        "USD",
    ),
];

const OPEN_STATUSES: [&str; 9] = [
    "customer_claimed",
    "awaiting_consent",
    "awaiting_consent",
    "consent_received",
    "submitted",
    "under_review",
    "partner_action_required",
    "approved",
    "rejected",
];
const ENDED_STATUSES: [&str; 10] = [
    "paid",
    "paid",
    "paid",
    "paid",
    "rejected_final",
    "dispute_expired",
    "canceled",
    "not_submitted_expired",
    "consent_declined",
    "consent_expired",
];

/// Reasons of the Ineligible rows, as `serde_json` writes `Vec<domain::Reason>` (checked at
/// start-up); a row holds them per ID (`id_reasons`).
const REASONS: [&str; 4] = [
    r#"[{"code":"not_on_eligibility_list","params":{}}]"#,
    r#"[{"code":"customer_unknown","params":{}}]"#,
    r#"[{"code":"active_claim_limit_reached","params":{"limit":2}}]"#,
    r#"[{"code":"not_on_eligibility_list","params":{}},{"code":"active_claim_limit_reached","params":{"limit":2}}]"#,
];

// ---------------------------------------------------------------------------------------------
// Deterministic synthetic values.

/// `C-` and 10 characters, unique for each `k` below 2^50 (multiplying by an odd number is a
/// bijection modulo 2^50), not in creation order.
fn claim_ref(k: usize) -> String {
    let n = ((k as u64) + 1).wrapping_mul(0x5851_F42D_4C95_7F2D) & ((1 << 50) - 1);
    format!("C-{}", base32(n))
}

/// The partner's known customer `i`: tenant ID, name, friendly name.
fn known_customer(i: usize) -> (String, String, String) {
    let h = mix(i as u64 ^ 0xC0FFEE);
    (guid(i as u64, 1), company_name(h), friendly_name(h))
}

/// A customer ID value of this type, distinct for each `k`.
fn id_value(kind: &str, k: u64) -> String {
    match kind {
        "tenant_id" => guid(k, 2),
        "azure_subscription_id" => guid(k, 3),
        "domain_name" => format!("customer{k}.example.com"),
        "tpid" => format!("{:07}", 1_000_000 + k),
        _ => format!("7-{}", base32(k.wrapping_mul(0x2545_F491_4F6C_DD1D))),
    }
}

// ---------------------------------------------------------------------------------------------
// The rows.

const CLAIMS_INSERT: &str = "INSERT INTO claims (claim_ref, partner_id, location_id, engagement_id, friendly_name, origin,
    customer_id_type, customer_id_value, resolved_tenant_id, customer_name, contact_email, contact_name,
    contact_language, partner_contact_name, partner_contact_email, currency, status, is_open, deadline_at,
    created_at, created_by, consent_at, submitted_at, rejected_at, ended_at, updated_at, customer_key)";

const ROWS_INSERT: &str = "INSERT INTO customer_rows (partner_id, engagement_id, customer_key, customer_id_type, customer_id_value, other_ids, tab,
    customer_name, friendly_name, sort_customer, sort_friendly, claim_ref, claim_status, claim_location_id,
    deadline_at, reasons, search, updated_at)";

/// One claim to write.
struct Claim<'a> {
    claim_ref: &'a str,
    partner_id: i64,
    partner_contact: (&'a str, &'a str),
    created_by: Option<i64>,
    location_id: &'a str,
    engagement_id: i64,
    currency: &'a str,
    friendly_name: &'a str,
    customer_id_type: &'a str,
    customer_id_value: &'a str,
    customer_name: &'a str,
    status: &'a str,
    /// Hash driving the other columns.
    h: u64,
}

/// Writes the claim's tuple; returns its deadline when it is open.
fn claim_tuple(out: &mut String, c: &Claim<'_>, now: i64) -> Option<i64> {
    let open = !matches!(
        c.status,
        "paid"
            | "rejected_final"
            | "dispute_expired"
            | "canceled"
            | "not_submitted_expired"
            | "consent_declined"
            | "consent_expired"
    );
    let h = c.h;
    let created_at = now - DAY * (if open { 1 + (h % 60) } else { 30 + (h % 500) }) as i64;
    let consented = !matches!(
        c.status,
        "customer_claimed" | "awaiting_consent" | "consent_declined" | "consent_expired"
    );
    let consent_at = consented.then_some(created_at + DAY * (1 + (h >> 8) % 10) as i64);
    let submitted = matches!(
        c.status,
        "submitted"
            | "under_review"
            | "partner_action_required"
            | "approved"
            | "rejected"
            | "paid"
            | "rejected_final"
            | "dispute_expired"
    );
    let submitted_at = submitted.then_some(created_at + DAY * (12 + (h >> 12) % 10) as i64);
    let rejected = matches!(c.status, "rejected" | "rejected_final" | "dispute_expired");
    let rejected_at = rejected.then_some(created_at + DAY * 25);
    let ended_at = (!open).then(|| (created_at + DAY * (26 + (h >> 16) % 60) as i64).min(now - 60));
    let deadline_at = match c.status {
        "approved" => None,
        _ if open => Some(now + DAY * (1 + (h >> 20) % 60) as i64),
        _ => None,
    };
    let updated_at = ended_at
        .or(submitted_at)
        .or(consent_at)
        .unwrap_or(created_at);
    let language = if h & 1 == 0 { "en" } else { "fr" };

    out.clear();
    out.push('(');
    text(out, c.claim_ref);
    out.push(',');
    int(out, c.partner_id);
    out.push(',');
    text(out, c.location_id);
    out.push(',');
    int(out, c.engagement_id);
    out.push(',');
    text(out, c.friendly_name);
    out.push(',');
    text(
        out,
        if (h >> 4) & 1 == 0 {
            "claimed"
        } else {
            "added"
        },
    );
    out.push(',');
    text(out, c.customer_id_type);
    out.push(',');
    text(out, c.customer_id_value);
    out.push(',');
    opt_text(
        out,
        (c.customer_id_type == "tenant_id").then_some(c.customer_id_value),
    );
    out.push(',');
    text(out, c.customer_name);
    out.push(',');
    let _ = write!(out, "'it.{:x}@customer.example'", h >> 20);
    out.push(',');
    text(out, "Alex Contact");
    out.push(',');
    text(out, language);
    out.push(',');
    text(out, c.partner_contact.0);
    out.push(',');
    text(out, c.partner_contact.1);
    out.push(',');
    text(out, c.currency);
    out.push(',');
    text(out, c.status);
    out.push(',');
    int(out, i64::from(open));
    out.push(',');
    opt_int(out, deadline_at);
    out.push(',');
    int(out, created_at);
    out.push(',');
    opt_int(out, c.created_by);
    out.push(',');
    opt_int(out, consent_at);
    out.push(',');
    opt_int(out, submitted_at);
    out.push(',');
    opt_int(out, rejected_at);
    out.push(',');
    opt_int(out, ended_at);
    out.push(',');
    int(out, updated_at);
    out.push(',');
    // The load's directory links no tenant to a TPID: a tenant is its own customer, and any other
    // ID is one of its own, as `domain::customer_key` would say of it.
    text(out, &bench_key(c.customer_id_type, c.customer_id_value));
    out.push(')');
    deadline_at
}

/// A row's `reasons` as `customers::refresh` stores them (JSON of `Vec<IdReasons>`, checked at
/// start-up): the reasons of its one ID, a tenant.
fn id_reasons(tenant: &str, reasons: &str) -> String {
    format!(r#"[{{"id":{{"kind":"tenant_id","value":"{tenant}"}},"reasons":{reasons}}}]"#)
}

/// The stored customer key of a generated ID (see the claim tuple's comment).
fn bench_key(kind: &str, value: &str) -> String {
    if kind == "tenant_id" {
        format!("tenant:{value}")
    } else {
        format!("{kind}:{value}")
    }
}

// ---------------------------------------------------------------------------------------------
// The load.

struct LoadTimes {
    claims: Duration,
    rows: Duration,
    analyze: Duration,
}

async fn load(db: &Db, now: i64) -> anyhow::Result<LoadTimes> {
    let partner = id_of(db, "SELECT id FROM partners WHERE name = $1", PARTNER).await?;
    let other = id_of(db, "SELECT id FROM partners WHERE name = $1", OTHER_PARTNER).await?;
    let admin = id_of(db, "SELECT id FROM users WHERE email = $1", ADMIN).await?;
    let other_admin = id_of(
        db,
        "SELECT id FROM users WHERE email = $1",
        "admin@fabrikam.example",
    )
    .await?;
    let mut engagement_ids = Vec::new();
    for (code, ..) in ENGAGEMENTS {
        engagement_ids.push(id_of(db, "SELECT id FROM engagements WHERE code = $1", code).await?);
    }
    // ENGAGEMENTS[0] is the measured engagement.
    let target = engagement_ids[0];

    // (partner, created_by, contact, engagement index, locations) of the other claims: every
    // engagement of both partners but the measured one of the measured partner.
    let contoso_contact = ("Camille Martin", "camille.martin@contoso.example");
    let fabrikam_contact = ("Jordan Lee", "jordan.lee@fabrikam.example");
    let mut spreads = Vec::new();
    for (e, (_, _, contoso, fabrikam, _)) in ENGAGEMENTS.iter().enumerate() {
        if e != 0 {
            spreads.push((partner, admin, contoso_contact, e, *contoso));
        }
        if !fabrikam.is_empty() {
            spreads.push((other, other_admin, fabrikam_contact, e, *fabrikam));
        }
    }

    // The Eligible customers with an open claim, in claim order.
    let claimed: Vec<usize> = (0..CUSTOMERS)
        .filter(|i| i % 10 < ELIGIBLE_TENTHS)
        .enumerate()
        .filter(|(n, _)| n % CLAIMED_EVERY == 0)
        .map(|(_, i)| i)
        .collect();
    // Per known customer: its open claim (reference, status, location, deadline).
    let mut open_claims: Vec<Option<(String, &str, &str, i64)>> = vec![None; CUSTOMERS];

    let mut conn = db.pool.acquire().await?;
    fast_writes(&mut conn, db.backend).await?;

    // Claims: in one sequence so that the partner's claims are spread through the table as they
    // would be over time. Position k: k % 100 == 0 is an open claim of an Eligible customer
    // (10 000); k % 500 in 1..=11 an ended claim of the partner on the engagement (22 000, the
    // Completed tab); every other position a claim elsewhere.
    let started = Instant::now();
    let mut claims = Bulk::new(CLAIMS_INSERT);
    let mut tuple = String::with_capacity(1_024);
    let mut completed_n = 0usize;
    for k in 0..TOTAL_CLAIMS {
        let h = mix(k as u64 ^ 0xC1A1);
        let reference = claim_ref(k);
        if k % 100 == 0 {
            let customer = claimed[k / 100];
            let (tenant, name, friendly) = known_customer(customer);
            let location = pick(ENGAGEMENTS[0].2, h >> 40);
            let status = pick(&OPEN_STATUSES, h >> 44);
            let claim = Claim {
                claim_ref: &reference,
                partner_id: partner,
                partner_contact: contoso_contact,
                created_by: Some(admin),
                location_id: location,
                engagement_id: target,
                currency: ENGAGEMENTS[0].4,
                friendly_name: &friendly,
                customer_id_type: "tenant_id",
                customer_id_value: &tenant,
                customer_name: &name,
                status,
                h,
            };
            let deadline = claim_tuple(&mut tuple, &claim, now);
            open_claims[customer] = Some((
                reference.clone(),
                status,
                location,
                deadline.unwrap_or(NO_DATE),
            ));
        } else if (1..=11).contains(&(k % 500)) {
            let customer = (mix(completed_n as u64 ^ 0xD0DE) % CUSTOMERS as u64) as usize;
            completed_n += 1;
            let (tenant, name, friendly) = known_customer(customer);
            let claim = Claim {
                claim_ref: &reference,
                partner_id: partner,
                partner_contact: contoso_contact,
                created_by: Some(admin),
                location_id: pick(ENGAGEMENTS[0].2, h >> 40),
                engagement_id: target,
                currency: ENGAGEMENTS[0].4,
                friendly_name: &friendly,
                customer_id_type: "tenant_id",
                customer_id_value: &tenant,
                customer_name: &name,
                status: pick(&ENDED_STATUSES, h >> 44),
                h,
            };
            claim_tuple(&mut tuple, &claim, now);
        } else {
            let (partner_id, created_by, contact, e, locations) = pick(&spreads, h >> 36);
            let (_, kinds, _, _, currency) = ENGAGEMENTS[e];
            let kind = pick(kinds, h >> 40);
            let value = id_value(kind, k as u64);
            // 30 % open, 70 % ended.
            let status = if (h >> 48) % 10 < 3 {
                pick(&OPEN_STATUSES, h >> 52)
            } else {
                pick(&ENDED_STATUSES, h >> 52)
            };
            let claim = Claim {
                claim_ref: &reference,
                partner_id,
                partner_contact: contact,
                created_by: Some(created_by),
                location_id: pick(locations, h >> 44),
                engagement_id: engagement_ids[e],
                currency,
                friendly_name: &friendly_name(h),
                customer_id_type: kind,
                customer_id_value: &value,
                customer_name: &company_name(mix(h)),
                status,
                h,
            };
            claim_tuple(&mut tuple, &claim, now);
        }
        claims.push(&mut conn, &tuple).await?;
        if (k + 1) % 200_000 == 0 {
            println!(
                "  claims: {:>9} rows, {:6.1} s",
                k + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let n = claims.finish(&mut conn).await?;
    anyhow::ensure!(n == TOTAL_CLAIMS, "wrote {n} claims");
    let claims_time = started.elapsed();

    // The partner's known customers on the engagement.
    let started = Instant::now();
    let mut rows = Bulk::new(ROWS_INSERT);
    for (i, open_claim) in open_claims.iter().enumerate() {
        let (tenant, name, friendly) = known_customer(i);
        let eligible = i % 10 < ELIGIBLE_TENTHS;
        let (claim_ref, status, location, deadline) = match open_claim {
            Some((r, s, l, d)) => (r.as_str(), Some(*s), *l, *d),
            None => ("", None, "", NO_DATE),
        };
        let reasons = if eligible {
            "[]".to_owned()
        } else {
            id_reasons(&tenant, pick(&REASONS, mix(i as u64 ^ 0x5EA5)))
        };
        tuple.clear();
        tuple.push('(');
        int(&mut tuple, partner);
        tuple.push(',');
        int(&mut tuple, target);
        tuple.push(',');
        text(&mut tuple, &bench_key("tenant_id", &tenant));
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
        tuple.push(',');
        text(&mut tuple, claim_ref);
        tuple.push(',');
        opt_text(&mut tuple, status);
        tuple.push(',');
        text(&mut tuple, location);
        tuple.push(',');
        int(&mut tuple, deadline);
        tuple.push(',');
        text(&mut tuple, &reasons);
        tuple.push(',');
        // As `customers::refresh::refresh_row` writes it.
        text(
            &mut tuple,
            &format!("{name} {tenant} {friendly} {claim_ref}").to_lowercase(),
        );
        tuple.push(',');
        int(&mut tuple, now);
        tuple.push(')');
        rows.push(&mut conn, &tuple).await?;
    }
    let n = rows.finish(&mut conn).await?;
    anyhow::ensure!(n == CUSTOMERS, "wrote {n} customer rows");
    let rows_time = started.elapsed();

    Ok(LoadTimes {
        claims: claims_time,
        rows: rows_time,
        analyze: settle(&mut conn, db.backend).await?,
    })
}

// ---------------------------------------------------------------------------------------------
// The measurements.

struct Measured {
    backend: Backend,
    tab: Tab,
    page: String,
    total: Stats,
    page_sql: Stats,
    counts_sql: Stats,
    rows: usize,
}

/// The cursor of the row at `offset` (0-based) of a tab in its default order (sort by customer
/// name, then the key), read directly, ordered as `customers::repo::listed_page` orders.
async fn cursor_at(
    db: &Db,
    partner: i64,
    engagement: i64,
    tab: Tab,
    offset: i64,
) -> anyhow::Result<Cursor> {
    if tab == Tab::Completed {
        let row = sqlx::query(
            "SELECT c.id, LOWER(COALESCE(c.customer_name, '')) AS sort_value FROM claims c
             WHERE c.partner_id = $1 AND c.engagement_id = $2 AND c.is_open = 0
             AND NOT (c.origin = 'added' AND c.status IN ('consent_declined', 'consent_expired'))
             ORDER BY LOWER(COALESCE(c.customer_name, '')) ASC, c.id ASC LIMIT 1 OFFSET $3",
        )
        .bind(partner)
        .bind(engagement)
        .bind(offset)
        .fetch_one(&db.pool)
        .await?;
        Ok(Cursor {
            text: row.try_get("sort_value")?,
            number: 0,
            value: row.try_get::<i64, _>("id")?.to_string(),
        })
    } else {
        let row = sqlx::query(
            "SELECT r.sort_customer, r.customer_key FROM customer_rows r
             WHERE r.partner_id = $1 AND r.engagement_id = $2 AND r.tab = $3
             ORDER BY r.sort_customer ASC, r.customer_key ASC
             LIMIT 1 OFFSET $4",
        )
        .bind(partner)
        .bind(engagement)
        .bind(tab.code())
        .bind(offset)
        .fetch_one(&db.pool)
        .await?;
        Ok(Cursor {
            text: row.try_get("sort_customer")?,
            number: 0,
            value: row.try_get("customer_key")?,
        })
    }
}

async fn measure(
    backend: Backend,
    db: &Db,
    state: &AppState,
    scope: &PartnerScope,
    engagement: i64,
) -> anyhow::Result<Vec<Measured>> {
    let counts = repo::counts(&db.pool, scope, EngagementId::new(engagement), "").await?;
    println!(
        "  tab counts: eligible {}, ineligible {}, completed {}",
        counts.eligible, counts.ineligible, counts.completed
    );
    let mut cases: Vec<(Tab, String, CustomersQuery)> = Vec::new();
    for tab in Tab::ALL {
        let base = CustomersQuery {
            engagement_id: EngagementId::new(engagement),
            tab,
            sort: SortKey::Customer,
            ..CustomersQuery::new(EngagementId::new(engagement))
        };
        cases.push((tab, "first".to_owned(), base.clone()));
        let total = match tab {
            Tab::Eligible => counts.eligible,
            Tab::Ineligible => counts.ineligible,
            Tab::Completed => counts.completed,
        };
        let offset = (total - DEEP_FROM_END).max(0);
        let cursor = cursor_at(db, scope.partner_id.get(), engagement, tab, offset).await?;
        cases.push((
            tab,
            format!("deep@{offset}"),
            CustomersQuery {
                after: Some(cursor.encode()),
                ..base
            },
        ));
    }
    cases.push((
        Tab::Eligible,
        format!("search '{SEARCH}'"),
        CustomersQuery {
            engagement_id: EngagementId::new(engagement),
            search: SEARCH.to_owned(),
            ..CustomersQuery::new(EngagementId::new(engagement))
        },
    ));

    let mut out = Vec::new();
    for (tab, page, query) in cases {
        print!("  {:<10} {:<18} ", tab.code(), page);
        let _ = std::io::stdout().flush();
        let (pool, q, search) = (&db.pool, &query, query.search.as_str());
        let (total, rows) = timed(WARM_UPS, RUNS, |_| async move {
            let page = service::customers_page(state, scope, q.clone()).await?;
            Ok(page.rows.len())
        })
        .await?;
        let (page_sql, raw_rows) = timed(WARM_UPS, RUNS, |_| async move {
            Ok(if q.tab == Tab::Completed {
                repo::completed_page(pool, scope, q, PAGE_SIZE)
                    .await?
                    .rows
                    .len()
            } else {
                repo::listed_page(pool, scope, q, PAGE_SIZE)
                    .await?
                    .rows
                    .len()
            })
        })
        .await?;
        let (counts_sql, _) = timed(WARM_UPS, RUNS, |_| async move {
            let counts = repo::counts(pool, scope, EngagementId::new(engagement), search).await?;
            Ok(counts)
        })
        .await?;
        // The last run's.
        let (rows, raw_rows) = (rows[RUNS - 1], raw_rows[RUNS - 1]);
        anyhow::ensure!(
            raw_rows == rows,
            "the page SQL gave {raw_rows} rows, the service {rows}"
        );
        println!(
            "p50 {:8.2} ms  p95 {:8.2} ms  ({rows} rows)",
            total.p50, total.p95
        );
        out.push(Measured {
            backend,
            tab,
            page,
            total,
            page_sql,
            counts_sql,
            rows,
        });
    }
    Ok(out)
}

async fn run_backend(backend: Backend) -> anyhow::Result<(LoadTimes, Vec<Measured>)> {
    println!("== {}: creating the database", backend.name());
    let target = BenchDb::create(backend).await?;
    let (db, clock) = target.connect_demo().await?;
    let now = clock.now();

    println!(
        "== {}: loading {TOTAL_CLAIMS} claims and {CUSTOMERS} known customers",
        backend.name()
    );
    let times = load(&db, now).await?;
    println!(
        "  loaded: claims {:.1} s, customer_rows {:.1} s, {} {:.1} s",
        times.claims.as_secs_f64(),
        times.rows.as_secs_f64(),
        backend.analyze_name(),
        times.analyze.as_secs_f64()
    );

    println!(
        "== {}: measuring ({WARM_UPS} warm-ups, {RUNS} runs each)",
        backend.name()
    );
    let state = state_over(&db, clock.clone());
    let scope = support::scope_of(&db, ADMIN).await?;
    let engagement = id_of(
        &db,
        "SELECT id FROM engagements WHERE code = $1",
        ENGAGEMENT,
    )
    .await?;
    let measured = measure(backend, &db, &state, &scope, engagement).await?;
    db.pool.close().await;
    drop(target);
    Ok((times, measured))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    for reasons in REASONS {
        let parsed: Vec<domain::Reason> = serde_json::from_str(reasons)?;
        anyhow::ensure!(
            serde_json::to_string(&parsed)? == reasons,
            "reasons not in serde's shape: {reasons}"
        );
    }
    let stored: Vec<app::customers::model::IdReasons> =
        serde_json::from_str(&id_reasons(&support::guid(1, 1), REASONS[3]))?;
    anyhow::ensure!(
        stored.len() == 1 && stored[0].reasons.len() == 2,
        "reasons not in the rows' shape: {stored:?}"
    );
    // `cargo bench -- sqlite` or `-- postgres` runs one backend; cargo's own flags are ignored.
    let backends = Backend::from_args();

    let mut loads = Vec::new();
    let mut results = Vec::new();
    for backend in backends {
        let (times, measured) = run_backend(backend).await?;
        loads.push((backend, times));
        results.extend(measured);
    }

    println!();
    println!("Load ({TOTAL_CLAIMS} claims, {CUSTOMERS} customer rows)");
    println!(
        "{:<9} {:>10} {:>15} {:>10} {:>9}",
        "backend", "claims s", "cust. rows s", "analyze s", "total s"
    );
    for (backend, t) in &loads {
        println!(
            "{:<9} {:>10.1} {:>15.1} {:>10.1} {:>9.1}",
            backend.name(),
            t.claims.as_secs_f64(),
            t.rows.as_secs_f64(),
            t.analyze.as_secs_f64(),
            (t.claims + t.rows + t.analyze).as_secs_f64()
        );
    }
    print_table(&results);
    Ok(())
}

/// The measurements, one line per tab and page, the backends side by side: the service's time
/// for the page, the page's SQL alone, and the tab counts (with the line's search), each p50 and
/// p95.
fn print_table(results: &[Measured]) {
    let backends: Vec<Backend> = results.iter().fold(Vec::new(), |mut seen, m| {
        if !seen.contains(&m.backend) {
            seen.push(m.backend);
        }
        seen
    });
    let lines: Vec<(Tab, &str)> = results.iter().fold(Vec::new(), |mut seen, m| {
        if !seen.contains(&(m.tab, m.page.as_str())) {
            seen.push((m.tab, m.page.as_str()));
        }
        seen
    });
    println!();
    println!(
        "customers_page server time in ms ({RUNS} runs after {WARM_UPS} warm-ups, p50 / p95); \
         page: the service, SQL: the page's query alone, counts: repo::counts with the line's search"
    );
    let mut header = format!("{:<11} {:<18} {:>5}", "tab", "page", "rows");
    let mut rule = format!("{:<11} {:<18} {:>5}", "", "", "");
    for backend in &backends {
        let title = format!("{} (page, SQL, counts)", backend.name());
        let _ = write!(header, " | {title:^50}");
        let _ = write!(
            rule,
            " | {:>8} {:>8} {:>7} {:>7} {:>8} {:>8}",
            "page p50", "p95", "SQL p50", "p95", "cnt p50", "p95"
        );
    }
    println!("{header}");
    println!("{rule}");
    for (tab, page) in lines {
        let mut line = String::new();
        let mut rows = None;
        for backend in &backends {
            match results
                .iter()
                .find(|m| m.backend == *backend && m.tab == tab && m.page == page)
            {
                Some(m) => {
                    rows.get_or_insert(m.rows);
                    let _ = write!(
                        line,
                        " | {:>8.2} {:>8.2} {:>7.2} {:>7.2} {:>8.2} {:>8.2}",
                        m.total.p50,
                        m.total.p95,
                        m.page_sql.p50,
                        m.page_sql.p95,
                        m.counts_sql.p50,
                        m.counts_sql.p95
                    );
                }
                None => {
                    let _ = write!(line, " | {:^50}", "-");
                }
            }
        }
        println!(
            "{:<11} {:<18} {:>5}{line}",
            tab.code(),
            page,
            rows.map_or_else(String::new, |r| r.to_string())
        );
    }
}
