//! The calendar feed on both backends (issue 17), over HTTP: each partner user's secret address
//! carries every deadline of the claims it may act on, read back by an independent parser
//! (Python's `icalendar`); a replaced or revoked address, or a malformed one, answers 404.

mod common;

use app::claims::service::claim_detail;
use common::fixtures::{
    scope_of, ClaimFixture, AZ_ACCEL_DEPLOY, CONTOSO_ADMIN, CONTOSO_USER, LOC_LYON, LOC_PARIS,
    O_NORTHWIND, SEC_ENVISION, T_TAILSPIN,
};
use common::{Backend, TestApp};
use domain::CustomerIdType;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// The feed as Python's `icalendar` reads it (`common/ics_events.py`); a problem it reports
/// fails the test.
fn parsed(ics: &str) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/common/ics_events.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (scripts/setup.sh installs its icalendar package)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ics.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "Python's icalendar refused the feed: {}\n{ics}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Makes a new address for the signed-in client; its path.
async fn new_address(app: &TestApp, client: &reqwest::Client) -> String {
    let response = app.call(client, "create_calendar_feed", &[]).await;
    assert_eq!(response.status(), 200);
    let made: Value = response.json().await.unwrap();
    let url = made["url"].as_str().unwrap();
    assert_eq!(
        made["webcal"].as_str().unwrap(),
        url.replacen("http://", "webcal://", 1)
    );
    url[url.find("/calendar/").unwrap()..].to_owned()
}

/// The feed at `path`, fetched as a calendar fetches it: no session.
async fn fetch(app: &TestApp, path: &str) -> reqwest::Response {
    reqwest::get(app.url(path)).await.unwrap()
}

async fn the_feed_carries_every_deadline_of_the_users_claims(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.state;
    let admin = scope_of(&state.db, CONTOSO_ADMIN).await;
    let lyon = ClaimFixture::new(state)
        .customer(CustomerIdType::TenantId, T_TAILSPIN)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await
        .claim_ref;
    let paris = paris_claim(state).await;
    let deadline = claim_detail(state, &admin, &lyon)
        .await
        .unwrap()
        .deadline
        .unwrap();

    let client = app.signed_in(CONTOSO_ADMIN).await;
    let path = new_address(&app, &client).await;
    let before_read = state.clock.now();
    let response = fetch(&app, &path).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let feed = parsed(&response.text().await.unwrap());
    assert_eq!(feed["name"], "MCI Customers: deadlines");
    let events = feed["events"].as_array().unwrap();

    // One event per open claim of Contoso's with a deadline, each claim once.
    let now = state.clock.now();
    let expected: Vec<String> = sqlx::query_scalar(
        "SELECT claim_ref FROM claims WHERE partner_id = $1 AND is_open = 1
         AND deadline_at > $2 ORDER BY claim_ref",
    )
    .bind(admin.partner_id.get())
    .bind(now - 30 * 86_400)
    .fetch_all(&state.db.pool)
    .await
    .unwrap();
    let mut listed: Vec<String> = events
        .iter()
        .map(|e| {
            e["uid"]
                .as_str()
                .unwrap()
                .split('-')
                .take(2)
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect();
    listed.sort();
    assert_eq!(listed, expected);
    assert!(listed.contains(&lyon.to_string()) && listed.contains(&paris.to_string()));

    let event = events
        .iter()
        .find(|e| e["uid"].as_str().unwrap().starts_with(lyon.as_str()))
        .unwrap();
    assert_eq!(event["end"], deadline.at.unix_seconds());
    assert_eq!(event["start"], deadline.at.unix_seconds() - 1_800);
    assert_eq!(
        event["summary"],
        format!("Consent deadline: Tailspin Toys ({lyon})")
    );
    assert!(event["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/claims/{lyon}")));
    assert_eq!(event["alarm_seconds_before_end"], 86_400);
    assert_eq!(event["alarm_related"], "END");

    // The Incentives user's feed keeps to its locations (Paris, Montréal): no Lyon claim.
    let user = app.signed_in(CONTOSO_USER).await;
    let user_path = new_address(&app, &user).await;
    let theirs = parsed(&fetch(&app, &user_path).await.text().await.unwrap());
    let theirs: Vec<&str> = theirs["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["uid"].as_str().unwrap())
        .collect();
    assert!(
        theirs.iter().any(|uid| uid.starts_with(paris.as_str())),
        "{theirs:?}"
    );
    assert!(
        theirs.iter().all(|uid| !uid.starts_with(lyon.as_str())),
        "{theirs:?}"
    );

    // The page says when a calendar last read it.
    let status: Value = app
        .call(&client, "get_calendar_feed", &[])
        .await
        .json()
        .await
        .unwrap();
    let read_at = status["last_read_at"].as_i64().unwrap();
    assert!(
        (before_read..=state.clock.now()).contains(&read_at),
        "{read_at}"
    );

    // A new address replaces the old one; revoking ends it; nothing else answers.
    let second = new_address(&app, &client).await;
    assert_ne!(second, path);
    assert_eq!(fetch(&app, &path).await.status(), 404);
    assert_eq!(fetch(&app, &second).await.status(), 200);
    assert_eq!(
        app.call(&client, "revoke_calendar_feed", &[])
            .await
            .status(),
        200
    );
    assert_eq!(fetch(&app, &second).await.status(), 404);
    assert_eq!(fetch(&app, "/calendar/not-a-token.ics").await.status(), 404);
    assert_eq!(
        fetch(&app, &user_path.replace(".ics", "")).await.status(),
        404
    );
    assert_eq!(fetch(&app, &user_path).await.status(), 200);
    let hashes: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM calendar_feeds WHERE token_hash = $1")
            .bind(
                user_path
                    .trim_start_matches("/calendar/")
                    .trim_end_matches(".ics"),
            )
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
    assert_eq!(hashes, 0, "the token itself is not stored");
}

/// A claim of Paris's (Northwind, on the Azure Accelerate deployment), waiting for consent.
async fn paris_claim(state: &app::state::AppState) -> domain::ClaimRef {
    ClaimFixture::new(state)
        .customer(CustomerIdType::MsxOpportunityId, O_NORTHWIND)
        .on(AZ_ACCEL_DEPLOY)
        .at(LOC_PARIS)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .hours(100)
        .create()
        .await
        .claim_ref
}

/// A user who reads in French gets its calendar in French.
async fn the_feed_speaks_the_users_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    paris_claim(&app.state).await;
    let client = app.signed_in(CONTOSO_ADMIN).await;
    sqlx::query("UPDATE users SET language = 'fr' WHERE email = $1")
        .bind(CONTOSO_ADMIN)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let path = new_address(&app, &client).await;
    let feed = parsed(&fetch(&app, &path).await.text().await.unwrap());
    assert_eq!(feed["name"], "MCI Customers : échéances");
    let events = feed["events"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(events
        .iter()
        .all(|e| e["summary"].as_str().unwrap().starts_with("Date limite")));
}

backend_tests!(
    the_feed_carries_every_deadline_of_the_users_claims,
    the_feed_speaks_the_users_language,
);
