//! Customer consent on both backends: the Send / Re-send flow, the outbox delivered through a
//! real SMTP server (a sink started by the test), the link's token, the customer's answer, expiry
//! and the per-address limit of link lookups.

mod common;

use app::claims::model::ContactsForm;
use app::claims::service::claim_detail;
use app::consent::model::ConsentState;
use app::consent::outbox::{deliver_due, DevMailbox, PassReport};
use app::consent::reminders::{remind_customers, save_setting, setting};
use app::consent::service::{consent_flow, consent_page, decide, send_consent, Answerer};
use app::customers::model::Tab;
use app::customers::service::customers_page;
use app::error::{AppError, Conflict};
use app::state::AppState;
use common::fixtures::{
    cancel, count, engagement_id, scope_of, tab_query, ClaimFixture, AZ_MIG_ASSESS, CONTOSO,
    CONTOSO_ADMIN, CONTOSO_USER, DAY, FABRIKAM_ADMIN, LOC_LYON, LOC_PARIS, M365_COPILOT_WS,
    SEC_ENVISION, T_WOODGROVE,
};
use common::smtp::{free_port, smtp_mailer, SmtpSink};
use common::{seeded_state, state_over, Backend, TestApp};
use domain::ClaimRef;
use domain::{ClaimStatus, CustomerIdType, DeadlineKind};
use sqlx::Row;
use std::time::Duration;

const CUSTOMER: &str = "203.0.113.10";

/// The customer's browser, answering from [`CUSTOMER`].
fn customer() -> Answerer<'static> {
    Answerer {
        address: CUSTOMER,
        user_agent: "Mozilla/5.0 (test)",
        language: None,
    }
}

/// A new claim of Contoso's Paris location for Northwind (by its domain) on the migration
/// assessment; returns its reference.
async fn new_claim(state: &AppState) -> ClaimRef {
    ClaimFixture::new(state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .at(LOC_PARIS)
        .create()
        .await
        .claim_ref
}

/// A new claim of Contoso's Lyon location for Woodgrove Bank (by its tenant ID) on the security
/// envisioning; returns its reference.
async fn woodgrove_claim(state: &AppState) -> ClaimRef {
    ClaimFixture::new(state)
        .customer(CustomerIdType::TenantId, T_WOODGROVE)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@woodgrovebank.com")
        .create()
        .await
        .claim_ref
}

fn contacts(language: &str) -> ContactsForm {
    ContactsForm {
        contact_email: "Claire.Dubois@NorthwindTraders.com".into(),
        contact_name: "Claire Dubois".into(),
        contact_phone: String::new(),
        contact_language: language.into(),
        partner_contact_name: "Camille Martin".into(),
        partner_contact_email: "camille.martin@contoso.example".into(),
        mismatch_reason: String::new(),
        mismatch_details: String::new(),
    }
}

async fn send(state: &AppState, claim_ref: &ClaimRef) -> Result<ClaimStatus, AppError> {
    let scope = scope_of(&state.db, CONTOSO_ADMIN).await;
    send_consent(state, &scope, claim_ref, &contacts("en"), false).await
}

/// Delivers what is due into the development mailbox and returns the newest link there.
async fn deliver_to_mailbox(state: &AppState) -> (PassReport, Option<String>) {
    let mailbox = DevMailbox {
        state: state.clone(),
    };
    let report = deliver_due(state, &mailbox, "test", 50).await.unwrap();
    let newest = app::consent::repo::mailbox_list(&state.db.pool, None, 1)
        .await
        .unwrap()
        .first()
        .and_then(|m| link_token(&m.body_text));
    (report, newest)
}

/// The token of the consent link in a message's text.
fn link_token(text: &str) -> Option<String> {
    let start = text.find("/consent/")? + "/consent/".len();
    let rest = &text[start..];
    let end = rest.find(['?', '\n', ' ']).unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

async fn sending_consent_queues_one_email_in_the_claims_transaction(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = new_claim(&state).await;

    let flow = consent_flow(&state, &scope, &claim).await.unwrap();
    assert!(!flow.resend);
    assert_eq!(flow.blocked, None);
    assert_eq!(
        flow.contacts.contact_email,
        "it.director@northwindtraders.com"
    );
    assert_eq!(flow.contacts.contact_language, "fr");

    // A field that does not parse is named, and nothing is written.
    let mut bad = contacts("en");
    bad.contact_email = "claire at northwind".into();
    bad.partner_contact_name = "  ".into();
    match send_consent(&state, &scope, &claim, &bad, false).await {
        Err(AppError::Validation(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, ["contact_email", "partner_contact_name"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    // The review step checks everything and writes nothing.
    assert_eq!(
        send_consent(&state, &scope, &claim, &contacts("en"), true)
            .await
            .unwrap(),
        ClaimStatus::AwaitingConsent
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox").await, 0);
    assert_eq!(
        claim_detail(&state, &scope, &claim).await.unwrap().status,
        ClaimStatus::CustomerClaimed
    );

    assert_eq!(
        send(&state, &claim).await.unwrap(),
        ClaimStatus::AwaitingConsent
    );
    let detail = claim_detail(&state, &scope, &claim).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::AwaitingConsent);
    assert_eq!(detail.contact_email, "Claire.Dubois@northwindtraders.com");
    assert_eq!(detail.contact_language, "en");
    let event = detail.events.last().unwrap();
    assert_eq!(event.action, "send_consent");
    assert_eq!(event.actor_name.as_deref(), Some("Camille Martin"));
    assert!(event.details.contains("Claire.Dubois@northwindtraders.com"));
    assert_eq!(detail.consent_sends.len(), 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'").await,
        1
    );
    // No token exists before the e-mail is delivered.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM consent_requests WHERE token_hash IS NOT NULL"
        )
        .await,
        0
    );
    // The deadline the e-mail announces is the claim's consent deadline, unchanged by sending.
    let deadline = detail.deadline.unwrap();
    assert_eq!(deadline.kind, DeadlineKind::Consent);
    assert_eq!(
        count(&db, "SELECT MAX(expires_at) FROM consent_requests").await,
        deadline.at.unix_seconds()
    );
}

/// Whether a text is anywhere in the database: every table's rows as text on PostgreSQL, the
/// file and its write-ahead log on SQLite.
async fn stored_anywhere(db: &app::db::Db, url: &str, backend: Backend, needle: &str) -> bool {
    match backend {
        Backend::Postgres => {
            for table in [
                "claims",
                "claim_events",
                "consent_requests",
                "outbox",
                "outbox_attempts",
                "dev_mailbox",
                "sessions",
            ] {
                let found: i64 = sqlx::query(&format!(
                    "SELECT COUNT(*) FROM {table} t WHERE t::text LIKE '%' || $1 || '%'"
                ))
                .bind(needle)
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .try_get(0)
                .unwrap();
                if found > 0 {
                    return true;
                }
            }
            false
        }
        Backend::Sqlite => {
            let path = url.trim_start_matches("sqlite://");
            let path = path.split('?').next().unwrap();
            [path.to_owned(), format!("{path}-wal")].iter().any(|file| {
                std::fs::read(file)
                    .map(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
                    .unwrap_or(false)
            })
        }
    }
}

async fn the_worker_sends_through_a_real_smtp_server_and_retries_when_it_is_down(backend: Backend) {
    let (guard, db, state, clock) = seeded_state(backend).await;
    let claim = new_claim(&state).await;
    send(&state, &claim).await.unwrap();

    let port = free_port();
    let mailer = smtp_mailer(port);

    // Nothing listens yet: the attempt fails, is recorded, and is retried after 30 s (from the
    // attempt's moment, which the clock's real seconds may have moved past by the check).
    let before = app::state::Clock::now(clock.as_ref());
    let report = deliver_due(&state, &mailer, "instance-a", 10)
        .await
        .unwrap();
    assert_eq!(report.failed, 1, "{report:?}");
    let row = sqlx::query("SELECT status, attempts, next_attempt_at, last_error FROM outbox")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>("status").unwrap(), "pending");
    assert_eq!(row.try_get::<i64, _>("attempts").unwrap(), 1);
    let retry_at = row.try_get::<i64, _>("next_attempt_at").unwrap();
    let after = app::state::Clock::now(clock.as_ref());
    assert!(
        (before + 30..=after + 30).contains(&retry_at),
        "{retry_at} in {before}+30..={after}+30"
    );
    assert!(row
        .try_get::<String, _>("last_error")
        .unwrap()
        .starts_with("SMTP"));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox_attempts WHERE ok = 0").await,
        1
    );
    // Not before its time.
    assert_eq!(
        deliver_due(&state, &mailer, "instance-a", 10)
            .await
            .unwrap(),
        PassReport::default()
    );

    let sink = SmtpSink::start(port);
    clock.advance(31);
    // Two instances pass at once: the lease lets exactly one of them send.
    let other = smtp_mailer(port);
    let (a, b) = tokio::join!(
        deliver_due(&state, &mailer, "instance-a", 10),
        deliver_due(&state, &other, "instance-b", 10)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);

    let mail = sink.next();
    assert_eq!(
        mail["envelope_to"][0].as_str(),
        Some("Claire.Dubois@northwindtraders.com")
    );
    assert_eq!(mail["user"].as_str(), Some("mci"), "authenticated: {mail}");
    assert_eq!(
        mail["subject"].as_str(),
        Some("Contoso Consulting asks for your consent: Azure Migration Assessment")
    );
    let text = mail["text"].as_str().unwrap();
    let html = mail["html"].as_str().unwrap();
    assert!(text.contains("Hello Claire Dubois,"), "{text}");
    let token = link_token(text).expect("a consent link");
    assert_eq!(token.len(), 43);
    assert!(html.contains(&format!("/consent/{token}?lang=en")));
    assert!(
        sink.next_within(Duration::from_millis(200)).is_none(),
        "exactly one message"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await,
        1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox_attempts").await,
        2,
        "the failed attempt and the one that went"
    );

    // The token is stored only as its SHA-256, nowhere in clear.
    let hash: String = sqlx::query("SELECT token_hash FROM consent_requests")
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(hash, app::consent::token::hash_token(&token));
    assert!(!stored_anywhere(&db, &guard.url, backend, &token).await);
    assert!(stored_anywhere(&db, &guard.url, backend, &hash).await);

    let page = consent_page(&state, CUSTOMER, &token).await.unwrap();
    assert_eq!(page.state, ConsentState::Open);
    let details = page.details.unwrap();
    assert_eq!(details.partner_name, CONTOSO);
    assert_eq!(details.engagement_name, "Azure Migration Assessment");
}

async fn only_the_newest_link_works_and_re_sends_are_limited(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = new_claim(&state).await;
    send(&state, &claim).await.unwrap();
    let (_, first) = deliver_to_mailbox(&state).await;
    let first = first.expect("a first link");
    assert_eq!(
        consent_page(&state, CUSTOMER, &first).await.unwrap().state,
        ConsentState::Open
    );

    // Not twice within the hour.
    assert_eq!(
        send(&state, &claim).await.unwrap_err(),
        AppError::Conflict(Conflict::ConsentResendTooSoon)
    );
    let flow = consent_flow(&state, &scope, &claim).await.unwrap();
    assert!(flow.resend);
    assert_eq!(flow.blocked.as_deref(), Some("too_soon"));

    let mut links = vec![first.clone()];
    for resend in 1..=3 {
        clock.advance(3_601);
        assert_eq!(
            send(&state, &claim).await.unwrap(),
            ClaimStatus::AwaitingConsent
        );
        // The earlier link stops working at once, before the new e-mail goes.
        assert_eq!(
            consent_page(&state, CUSTOMER, links.last().unwrap())
                .await
                .unwrap()
                .state,
            ConsentState::Replaced
        );
        let (report, link) = deliver_to_mailbox(&state).await;
        assert_eq!(report.sent, 1, "re-send {resend}");
        links.push(link.unwrap());
    }
    let newest = links.last().unwrap();
    assert_eq!(
        consent_page(&state, CUSTOMER, newest).await.unwrap().state,
        ConsentState::Open
    );
    let subjects = app::consent::repo::mailbox_list(&db.pool, None, 10)
        .await
        .unwrap();
    assert!(subjects[0].subject.starts_with("Reminder: "));
    assert!(!subjects.last().unwrap().subject.starts_with("Reminder"));

    clock.advance(3_601);
    assert_eq!(
        send(&state, &claim).await.unwrap_err(),
        AppError::Conflict(Conflict::ConsentResendLimit)
    );
    let flow = consent_flow(&state, &scope, &claim).await.unwrap();
    assert_eq!(flow.blocked.as_deref(), Some("resend_limit"));
    assert_eq!(flow.resends_used, 3);
    // Every e-mail announced the same deadline, and each is in the claim's history.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(DISTINCT expires_at) FROM consent_requests"
        )
        .await,
        1
    );
    let detail = claim_detail(&state, &scope, &claim).await.unwrap();
    assert_eq!(
        detail
            .events
            .iter()
            .filter(|e| e.action == "resend_consent")
            .count(),
        3
    );
    assert_eq!(detail.consent_sends.len(), 4);
}

async fn the_customer_answers_once_and_the_partner_sees_it(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = new_claim(&state).await;
    send(&state, &claim).await.unwrap();
    let token = deliver_to_mailbox(&state).await.1.unwrap();

    let page = decide(&state, &customer(), &token, true, "").await.unwrap();
    assert!(matches!(page.state, ConsentState::Accepted { .. }));
    let detail = claim_detail(&state, &scope, &claim).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::ConsentReceived);
    assert_eq!(detail.deadline.unwrap().kind, DeadlineKind::Submission);
    let event = detail.events.last().unwrap();
    assert_eq!(
        (event.action.as_str(), event.actor),
        ("accept_consent", domain::Actor::Customer)
    );
    // Final: a second answer changes nothing, and the page shows the first.
    let again = decide(&state, &customer(), &token, false, "changed my mind")
        .await
        .unwrap();
    assert_eq!(again.state, page.state);
    assert_eq!(
        claim_detail(&state, &scope, &claim).await.unwrap().status,
        ClaimStatus::ConsentReceived
    );
    assert_eq!(
        consent_page(&state, CUSTOMER, &token).await.unwrap().state,
        page.state
    );
    // Northwind is now known to Contoso: it shows on another engagement's Eligible tab.
    let m365 = engagement_id(&db, M365_COPILOT_WS).await;
    let eligible = customers_page(&state, &scope, tab_query(m365, Tab::Eligible))
        .await
        .unwrap();
    assert!(eligible
        .rows
        .iter()
        .any(|r| r.customer_id.value() == "northwind.fr"));

    // A second, newly added customer declines: the claim ends and leaves the Customers page.
    let security = engagement_id(&db, SEC_ENVISION).await;
    let declined = woodgrove_claim(&state).await;
    let mut c = contacts("fr");
    c.contact_email = "it@woodgrovebank.com".into();
    send_consent(&state, &scope, &declined, &c, false)
        .await
        .unwrap();
    let token = deliver_to_mailbox(&state).await.1.unwrap();
    let too_long = "x".repeat(1_001);
    assert!(matches!(
        decide(&state, &customer(), &token, false, &too_long).await,
        Err(AppError::Validation(ref e)) if e[0].field == "reason"
    ));
    let page = decide(
        &state,
        &customer(),
        &token,
        false,
        "  We chose another partner.  ",
    )
    .await
    .unwrap();
    assert!(matches!(page.state, ConsentState::Declined { .. }));
    let detail = claim_detail(&state, &scope, &declined).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::ConsentDeclined);
    assert!(detail
        .events
        .last()
        .unwrap()
        .details
        .contains("We chose another partner."));
    let eligible = customers_page(&state, &scope, tab_query(security, Tab::Eligible))
        .await
        .unwrap();
    assert!(!eligible
        .rows
        .iter()
        .any(|r| r.claim_ref.as_ref() == Some(&declined)));
}

async fn an_expired_link_says_so_and_takes_no_answer(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = new_claim(&state).await;
    send(&state, &claim).await.unwrap();
    let token = deliver_to_mailbox(&state).await.1.unwrap();

    clock.advance(30 * DAY);
    // Before the sweeper runs, the link already says it expired, and an answer changes nothing.
    let page = decide(&state, &customer(), &token, true, "").await.unwrap();
    assert!(
        matches!(page.state, ConsentState::Expired { .. }),
        "{page:?}"
    );
    assert_eq!(
        claim_detail(&state, &scope, &claim).await.unwrap().status,
        ClaimStatus::AwaitingConsent
    );
    app::claims::sweeper::sweep(&state).await.unwrap();
    assert_eq!(
        claim_detail(&state, &scope, &claim).await.unwrap().status,
        ClaimStatus::ConsentExpired
    );
    assert!(matches!(
        consent_page(&state, CUSTOMER, &token).await.unwrap().state,
        ConsentState::Expired { .. }
    ));
    // An e-mail still queued for an ended claim is dropped, not sent.
    let scope_claim = new_claim(&state).await;
    send(&state, &scope_claim).await.unwrap();
    cancel(&state, &scope, &scope_claim).await.unwrap();
    let (report, _) = deliver_to_mailbox(&state).await;
    assert_eq!(report.dropped, 1, "{report:?}");
}

async fn another_partner_cannot_send_consent_for_a_claim(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let claim = new_claim(&state).await;
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let user = scope_of(&db, CONTOSO_USER).await;
    assert_eq!(
        send_consent(&state, &fabrikam, &claim, &contacts("en"), false)
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    assert_eq!(
        consent_flow(&state, &fabrikam, &claim).await.unwrap_err(),
        AppError::NotFound
    );
    // The Incentives user is granted Paris (1000001): this claim is its location's; one of
    // Lyon (1000002) is not.
    assert!(consent_flow(&state, &user, &claim).await.is_ok());
    let lyon = woodgrove_claim(&state).await;
    assert_eq!(
        send_consent(&state, &user, &lyon, &contacts("en"), false)
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox").await, 0);
}

async fn ten_thousand_wrong_tokens_are_refused_without_slowing_real_ones(backend: Backend) {
    let (_guard, _db, state, _clock) = seeded_state(backend).await;
    let claim = new_claim(&state).await;
    send(&state, &claim).await.unwrap();
    let token = deliver_to_mailbox(&state).await.1.unwrap();

    let attacker = {
        let state = state.clone();
        tokio::spawn(async move {
            let (mut unknown, mut limited) = (0, 0);
            for _ in 0..10_000 {
                let (guess, _) = app::consent::token::new_token();
                match consent_page(&state, "198.51.100.66", &guess).await {
                    Ok(page) if page.state == ConsentState::Unknown => unknown += 1,
                    Err(AppError::RateLimited { retry_after_secs }) => {
                        assert!(retry_after_secs >= 1);
                        limited += 1;
                    }
                    other => panic!("a guessed token got {other:?}"),
                }
                if (unknown + limited) % 500 == 0 {
                    tokio::task::yield_now().await;
                }
            }
            (unknown, limited)
        })
    };
    // Meanwhile the customer, from another address, opens the real link and it works.
    for _ in 0..5 {
        let page = consent_page(&state, CUSTOMER, &token).await.unwrap();
        assert_eq!(page.state, ConsentState::Open);
    }
    let (unknown, limited) = attacker.await.unwrap();
    assert_eq!(unknown + limited, 10_000);
    // The burst (30) and what refilled during the flood (20 a minute) were looked up; every
    // other guess was refused before any database work.
    assert!(unknown <= 40, "{unknown} guesses reached the database");
    assert!(limited >= 9_960);
    assert_eq!(
        consent_page(&state, CUSTOMER, &token).await.unwrap().state,
        ConsentState::Open
    );
}

async fn the_consent_page_is_public_and_speaks_the_customers_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    let unknown = "A".repeat(43);
    let response = client
        .get(app.url(&format!("/consent/{unknown}?lang=fr")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with("i18n_pref_locale=fr"));
    assert!(cookie, "the language is kept for the browser");
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Ce lien n&#x27;est pas valide") || html.contains("Ce lien n'est pas valide"),
        "{html}"
    );

    // Partner functions stay closed without a session.
    let response = app
        .call(&client, "consent_flow", &[("claim_ref", "C-0000000000")])
        .await;
    assert_eq!(response.status(), 401);

    // The development mailbox exists in development only.
    let response = client.get(app.url("/dev/mailbox")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let mut config = common::test_config("sqlite://unused");
    config.environment = app::state::Environment::Production;
    let production = server::router(app.state.clone(), &config);
    let response = tower::ServiceExt::oneshot(
        production,
        http::Request::get("/dev/mailbox")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 404);
}

/// The consent requests of a claim, by kind, oldest first.
async fn request_kinds(state: &AppState, claim_ref: &ClaimRef) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT r.kind FROM consent_requests r JOIN claims c ON c.id = r.claim_id
         WHERE c.claim_ref = $1 ORDER BY r.id",
    )
    .bind(claim_ref.as_str())
    .fetch_all(&state.db.pool)
    .await
    .unwrap()
}

/// Seconds from now to `days` before the claim's consent deadline.
async fn until_days_before(state: &AppState, claim_ref: &ClaimRef, days: i64) -> i64 {
    let scope = scope_of(&state.db, CONTOSO_ADMIN).await;
    let deadline = claim_detail(state, &scope, claim_ref)
        .await
        .unwrap()
        .deadline
        .unwrap();
    assert_eq!(deadline.kind, DeadlineKind::Consent);
    deadline.at.unix_seconds() - days * DAY - state.clock.now()
}

/// Off by default; once the administrator sets "3 days before", the customer who has not
/// answered is sent the e-mail again exactly then, once, by the clock, even with two instances
/// running; the claim's history shows it; only the administrator may set it.
async fn an_unanswered_request_is_reminded_once_as_the_partner_set(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let other_instance = state_over(&db, clock.clone());
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let claim = new_claim(&state).await;
    send(&state, &claim).await.unwrap();

    // Off by default: at "3 days before", nobody is reminded.
    assert_eq!(setting(&state, &admin, migration).await.unwrap(), None);
    clock.advance(until_days_before(&state, &claim, 3).await - 1);
    assert_eq!(remind_customers(&state).await.unwrap(), 0);
    clock.advance(1);
    assert_eq!(remind_customers(&state).await.unwrap(), 0);

    // Only the administrator sets it, to one of the offered choices.
    let user = scope_of(&db, CONTOSO_USER).await;
    assert!(matches!(
        save_setting(&state, &user, migration, Some(3)).await,
        Err(AppError::Forbidden(_))
    ));
    assert_eq!(
        save_setting(&state, &admin, migration, Some(4))
            .await
            .unwrap_err()
            .field_errors("days_before")
            .len(),
        1
    );
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let security = engagement_id(&db, SEC_ENVISION).await;
    assert!(matches!(
        setting(&state, &fabrikam, security).await,
        Err(AppError::NotFound)
    ));
    assert_eq!(
        save_setting(&state, &admin, migration, Some(3))
            .await
            .unwrap(),
        Some(3)
    );
    assert_eq!(setting(&state, &user, migration).await.unwrap(), Some(3));

    // Once set, exactly one reminder from two workers.
    let (a, b) = tokio::join!(remind_customers(&state), remind_customers(&other_instance));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(remind_customers(&state).await.unwrap(), 0);
    clock.advance(DAY);
    assert_eq!(remind_customers(&state).await.unwrap(), 0);
    assert_eq!(request_kinds(&state, &claim).await, ["send", "resend"]);

    let detail = claim_detail(&state, &admin, &claim).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::AwaitingConsent);
    let last = detail.events.last().unwrap();
    assert_eq!(last.action, "remind_consent");
    assert_eq!(last.actor, domain::Actor::System);
    // Its e-mail goes out like any other, with the new link (the first one stops working).
    let (report, newest) = deliver_to_mailbox(&state).await;
    assert!(report.sent >= 1, "{report:?}");
    let page = consent_page(&state, CUSTOMER, &newest.unwrap())
        .await
        .unwrap();
    assert_eq!(page.state, ConsentState::Open);
}

/// The reminder is one of the claim's re-sends: after it the partner has one fewer, and once
/// the partner has used them all the customer is not reminded (recorded, never retried).
async fn a_reminder_counts_towards_the_resend_limit(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    save_setting(&state, &admin, migration, Some(5))
        .await
        .unwrap();
    let claim = new_claim(&state).await;
    send(&state, &claim).await.unwrap();
    for _ in 0..2 {
        clock.advance(3_601);
        send(&state, &claim).await.unwrap();
    }
    clock.advance(until_days_before(&state, &claim, 5).await);
    assert_eq!(remind_customers(&state).await.unwrap(), 1);
    clock.advance(3_601);
    assert!(matches!(
        send(&state, &claim).await,
        Err(AppError::Conflict(Conflict::ConsentResendLimit))
    ));

    // Another claim whose partner used every re-send: no reminder, and none later.
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    save_setting(&state, &admin, migration, Some(5))
        .await
        .unwrap();
    let claim = new_claim(&state).await;
    send(&state, &claim).await.unwrap();
    for _ in 0..3 {
        clock.advance(3_601);
        send(&state, &claim).await.unwrap();
    }
    clock.advance(until_days_before(&state, &claim, 5).await);
    assert_eq!(remind_customers(&state).await.unwrap(), 0);
    clock.advance(DAY);
    assert_eq!(remind_customers(&state).await.unwrap(), 0);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM consent_auto_reminders WHERE outcome = 'limit_reached'"
        )
        .await,
        1
    );
    assert_eq!(request_kinds(&state, &claim).await.len(), 4);
}

backend_tests!(
    sending_consent_queues_one_email_in_the_claims_transaction,
    the_worker_sends_through_a_real_smtp_server_and_retries_when_it_is_down,
    only_the_newest_link_works_and_re_sends_are_limited,
    the_customer_answers_once_and_the_partner_sees_it,
    an_expired_link_says_so_and_takes_no_answer,
    another_partner_cannot_send_consent_for_a_claim,
    ten_thousand_wrong_tokens_are_refused_without_slowing_real_ones,
    the_consent_page_is_public_and_speaks_the_customers_language,
    an_unanswered_request_is_reminded_once_as_the_partner_set,
    a_reminder_counts_towards_the_resend_limit,
);
