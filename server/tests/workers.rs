//! The background workers on both backends, where one bad row, one slow mail server or one raw
//! SMTP reply must not break them: the deadline sweeper skips a claim it cannot expire and
//! expires the others; the outbox's lease is held while a slow send runs, so a second instance
//! does not send the e-mail again; the purge deletes idempotency keys and development mail past
//! their use; a partner reads why an e-mail failed as a summary, never the server's reply.

mod common;

use app::claims::model::ContactsForm;
use app::claims::service::claim_detail;
use app::consent::delivery::DeliveryProblem;
use app::consent::model::Delivery;
use app::consent::outbox::{deliver_due, DeliveryError, MailTransport, OutgoingMail, PassReport};
use app::consent::service::{consent_flow, send_consent};
use app::state::{AppState, Clock, OffsetClock};
use common::fixtures::{
    count, scope_of, user_id, ClaimFixture, AZ_MIG_ASSESS, CONTOSO_ADMIN, DAY, LOC_PARIS,
    T_ADVENTURE, T_NORTHWIND, T_TAILSPIN, T_WWI,
};
use common::{seeded_state, Backend, TestApp};
use domain::{ClaimRef, CustomerIdType};
use server::config::{SmtpSettings, SmtpTls};
use server::mail::SmtpMailer;
use sqlx::Row;
use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

// ---------------------------------------------------------------------------------------------
// The deadline sweeper

/// A claim of Contoso's on the migration assessment (30-day consent window) for a tenant.
async fn tenant_claim(state: &AppState, tenant: &str) -> common::fixtures::FixtureClaim {
    ClaimFixture::new(state)
        .customer(CustomerIdType::TenantId, tenant)
        .on(AZ_MIG_ASSESS)
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await
}

async fn status_of(db: &app::db::Db, id: i64) -> String {
    sqlx::query("SELECT status FROM claims WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

/// Makes every write of one claim fail, as a broken row or a failing disk would.
async fn refuse_updates_of(db: &app::db::Db, backend: Backend, claim_id: i64) {
    let statements = match backend {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER refuse_claim BEFORE UPDATE ON claims WHEN OLD.id = {claim_id}
             BEGIN SELECT RAISE(ABORT, 'this claim cannot be written'); END"
        )],
        Backend::Postgres => vec![
            "CREATE FUNCTION refuse_claim() RETURNS trigger AS $$
             BEGIN RAISE EXCEPTION 'this claim cannot be written'; END $$ LANGUAGE plpgsql"
                .to_owned(),
            format!(
                "CREATE TRIGGER refuse_claim BEFORE UPDATE ON claims FOR EACH ROW
                 WHEN (OLD.id = {claim_id}) EXECUTE FUNCTION refuse_claim()"
            ),
        ],
    };
    for sql in statements {
        sqlx::query(&sql).execute(&db.pool).await.unwrap();
    }
}

async fn one_bad_claim_is_skipped_and_every_other_due_claim_expires(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;

    // A claim whose transition cannot be written, due with three sound ones.
    let refused = tenant_claim(&state, T_NORTHWIND).await;
    let mut sound = Vec::new();
    for tenant in [T_ADVENTURE, T_TAILSPIN, T_WWI] {
        sound.push(tenant_claim(&state, tenant).await);
    }
    refuse_updates_of(&db, backend, refused.id).await;
    clock.advance(31 * DAY);
    let expired = app::claims::sweeper::sweep(&state)
        .await
        .expect("one claim that cannot be written does not end the pass");
    assert!(expired >= 3, "{expired}");
    for claim in &sound {
        assert_eq!(status_of(&db, claim.id).await, "consent_expired");
    }
    assert_eq!(status_of(&db, refused.id).await, "customer_claimed");

    // A claim whose row cannot be read (a status this code never writes), due with a sound
    // one, while the first is still refused: the pass skips both and expires the other.
    let unreadable = tenant_claim(&state, T_ADVENTURE).await;
    let fine = tenant_claim(&state, T_TAILSPIN).await;
    sqlx::query("UPDATE claims SET status = 'no_such_status' WHERE id = $1")
        .bind(unreadable.id)
        .execute(&db.pool)
        .await
        .unwrap();
    clock.advance(31 * DAY);
    let expired = app::claims::sweeper::sweep(&state)
        .await
        .expect("an unreadable claim does not end the pass");
    assert!(expired >= 1, "{expired}");
    assert_eq!(status_of(&db, fine.id).await, "consent_expired");
    assert_eq!(status_of(&db, unreadable.id).await, "no_such_status");
    assert_eq!(status_of(&db, refused.id).await, "customer_claimed");
    // The next pass skips them again, and the worker's pass goes on to its housekeeping.
    assert_eq!(app::claims::sweeper::sweep(&state).await.unwrap(), 0);
    server::workers::tick(&state).await.unwrap();
}

// ---------------------------------------------------------------------------------------------
// The outbox's lease

fn contacts() -> ContactsForm {
    ContactsForm {
        contact_email: "Claire.Dubois@NorthwindTraders.com".into(),
        contact_name: "Claire Dubois".into(),
        contact_phone: String::new(),
        contact_language: "en".into(),
        partner_contact_name: "Camille Martin".into(),
        partner_contact_email: "camille.martin@contoso.example".into(),
        mismatch_reason: String::new(),
        mismatch_details: String::new(),
    }
}

/// A claim of Contoso's Paris location for Northwind, its consent e-mail queued.
async fn queued_consent(state: &AppState) -> ClaimRef {
    let claim = ClaimFixture::new(state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .at(LOC_PARIS)
        .create()
        .await
        .claim_ref;
    let scope = scope_of(&state.db, CONTOSO_ADMIN).await;
    send_consent(state, &scope, &claim, &contacts(), false)
        .await
        .unwrap();
    claim
}

/// The worst send both test transports announce: the lease is this plus the margin (160 s,
/// longer than the fixed 120 s lease this outbox once had).
const TEST_WORST_SEND: Duration = Duration::from_secs(100);

/// A mail server that takes longer than a whole lease: while it "works", the clock moves on in
/// steps (with real pauses, in which the worker's heartbeat may run), to well past the lease
/// taken at the start; then it says so and waits for the test's go-ahead.
struct SlowTransport {
    clock: Arc<OffsetClock>,
    delivered: Arc<AtomicUsize>,
    slow: Notify,
    finish: Notify,
}

#[async_trait::async_trait]
impl MailTransport for SlowTransport {
    async fn deliver(&self, _mail: &OutgoingMail) -> Result<(), DeliveryError> {
        let lease = app::consent::outbox::lease_secs(self);
        for _ in 0..4 {
            self.clock.advance(lease / 3);
            tokio::time::sleep(Duration::from_millis(1_500)).await;
        }
        self.slow.notify_one();
        self.finish.notified().await;
        self.delivered.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    fn worst_send(&self) -> Duration {
        TEST_WORST_SEND
    }
}

/// A mail server that takes every message at once.
struct QuickTransport {
    delivered: Arc<AtomicUsize>,
}

#[async_trait::async_trait]
impl MailTransport for QuickTransport {
    async fn deliver(&self, _mail: &OutgoingMail) -> Result<(), DeliveryError> {
        self.delivered.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    fn worst_send(&self) -> Duration {
        TEST_WORST_SEND
    }
}

async fn a_slow_send_keeps_its_lease_and_the_mail_goes_once(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    queued_consent(&state).await;
    let delivered = Arc::new(AtomicUsize::new(0));
    let slow = Arc::new(SlowTransport {
        clock: clock.clone(),
        delivered: delivered.clone(),
        slow: Notify::new(),
        finish: Notify::new(),
    });
    let started = clock.now();

    let first = {
        let (state, slow) = (state.clone(), slow.clone());
        tokio::spawn(async move { deliver_due(&state, slow.as_ref(), "instance-a", 10).await })
    };
    tokio::time::timeout(Duration::from_secs(60), slow.slow.notified())
        .await
        .expect("the slow send to reach its end");
    assert!(clock.now() - started > app::consent::outbox::lease_secs(slow.as_ref()));

    // The first lease has long run out by the clock, and the e-mail is still being sent: a
    // second instance finds it held.
    let quick = QuickTransport {
        delivered: delivered.clone(),
    };
    let second = deliver_due(&state, &quick, "instance-b", 10).await.unwrap();
    assert_eq!(second, PassReport::default());

    slow.finish.notify_one();
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.sent, 1, "{first:?}");
    assert_eq!(delivered.load(Ordering::SeqCst), 1, "sent once");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM outbox WHERE status = 'sent'").await,
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM outbox_attempts WHERE instance = 'instance-a' AND ok = 1"
        )
        .await,
        1
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox_attempts").await, 1);
    // Nothing is left for anyone.
    assert_eq!(
        deliver_due(&state, &quick, "instance-b", 10).await.unwrap(),
        PassReport::default()
    );
    assert_eq!(delivered.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------------
// The purge

async fn insert_keys(db: &app::db::Db, user: i64, prefix: &str, n: usize, created_at: i64) {
    let mut tx = db.pool.begin().await.unwrap();
    for i in 0..n {
        sqlx::query(
            "INSERT INTO idempotency_keys (user_id, key, claim_refs, created_at) VALUES ($1, $2, '', $3)",
        )
        .bind(user)
        .bind(format!("{prefix}-{i:05}"))
        .bind(created_at)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn insert_mail(db: &app::db::Db, n: usize, delivered_at: i64) {
    for i in 0..n {
        app::consent::repo::mailbox_insert(
            &db.pool,
            0,
            delivered_at,
            "someone@example.com",
            &format!("message {i}"),
            "text",
            "<p>html</p>",
        )
        .await
        .unwrap();
    }
}

async fn keys_and_development_mail_past_their_use_are_purged(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let user = user_id(&db, CONTOSO_ADMIN).await.get();
    let now = clock.now();
    let key_life = app::claims::repo::IDEMPOTENCY_KEY_LIFE_SECS;
    let mail_age = app::consent::repo::MAILBOX_KEEP_SECS;
    let keys_before = count(&db, "SELECT COUNT(*) FROM idempotency_keys").await;
    let mail_before = count(&db, "SELECT COUNT(*) FROM dev_mailbox").await;

    insert_keys(&db, user, "old", 1_203, now - key_life - 1).await;
    insert_keys(&db, user, "young", 7, now - key_life + DAY).await;
    insert_mail(&db, 5, now - mail_age - 1).await;
    insert_mail(&db, 2, now - mail_age + DAY).await;
    // A key still in its replay window answers a repeated request with the first one's claims.
    let claim = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_WWI)
        .on(AZ_MIG_ASSESS)
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await;

    // One statement deletes one bounded batch, oldest first.
    let before = domain::Timestamp::from_unix_seconds(now - key_life);
    assert_eq!(
        app::claims::repo::purge_idempotency_keys(&db.pool, before, 100)
            .await
            .unwrap(),
        100
    );
    assert_eq!(
        app::consent::repo::mailbox_purge(&db.pool, now - mail_age, 2)
            .await
            .unwrap(),
        2
    );

    // Two instances purge at once: each row goes once, and only what is past its use.
    let (a, b) = tokio::join!(
        server::workers::purge(&state, 100),
        server::workers::purge(&state, 100)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.idempotency_keys + b.idempotency_keys, 1_103);
    assert_eq!(a.mailbox_messages + b.mailbox_messages, 3);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM idempotency_keys").await,
        keys_before + 7 + 1
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM dev_mailbox").await,
        mail_before + 2
    );
    // Again: nothing more to do.
    assert_eq!(
        server::workers::purge(&state, 100).await.unwrap(),
        server::workers::Purged::default()
    );
    let refs = app::claims::repo::idempotent_result(
        &db.pool,
        user_id(&db, CONTOSO_ADMIN).await,
        &the_key_of(&db, &claim.claim_ref).await,
    )
    .await
    .unwrap();
    assert_eq!(refs, Some(vec![claim.claim_ref.clone()]));

    // Two days on, the worker's own pass purges the rest as each passes its age.
    clock.advance(2 * DAY);
    server::workers::tick(&state).await.unwrap();
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM idempotency_keys WHERE key LIKE 'young-%'"
        )
        .await,
        0
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM dev_mailbox").await,
        mail_before
    );
    clock.advance(key_life);
    server::workers::tick(&state).await.unwrap();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM idempotency_keys").await, 0);
}

/// The idempotency key a claim was created under.
async fn the_key_of(db: &app::db::Db, claim_ref: &ClaimRef) -> String {
    sqlx::query("SELECT key FROM idempotency_keys WHERE claim_refs = $1")
        .bind(claim_ref.as_str())
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// What a partner reads of a failed delivery

const RAW_REPLY: &str = "550 5.1.1 <claire.dubois@northwindtraders.com>: Recipient address rejected: User unknown in virtual mailbox table";

/// A mail server that answers every recipient with `reply`, on a free port (a thread per
/// connection, until the test ends).
fn refusing_smtp_server(reply: &'static str) -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for socket in listener.incoming() {
            let Ok(socket) = socket else { return };
            std::thread::spawn(move || {
                let mut writer = socket.try_clone()?;
                writer.write_all(b"220 mx.test ESMTP\r\n")?;
                for line in BufReader::new(socket).lines() {
                    let line = line?;
                    let verb = line
                        .split([' ', ':'])
                        .next()
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let answer = match verb.as_str() {
                        "EHLO" | "HELO" => "250 mx.test".to_owned(),
                        "MAIL" | "RSET" | "NOOP" => "250 2.0.0 Ok".to_owned(),
                        "RCPT" => reply.to_owned(),
                        "QUIT" => {
                            writer.write_all(b"221 2.0.0 Bye\r\n")?;
                            return Ok(());
                        }
                        _ => "502 5.5.2 Error: command not recognized".to_owned(),
                    };
                    writer.write_all(format!("{answer}\r\n").as_bytes())?;
                }
                Ok::<(), std::io::Error>(())
            });
        }
    });
    port
}

fn smtp_mailer(port: u16) -> SmtpMailer {
    SmtpMailer::new(
        &SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            username: None,
            password: None,
            tls: SmtpTls::None,
            timeout_secs: 5,
        },
        "MCI Customers <no-reply@mci-customers.test>",
    )
    .unwrap()
}

/// The pieces of the raw reply that must never reach a partner.
const RAW_PIECES: [&str; 4] = [
    "5.1.1",
    "Recipient address rejected",
    "User unknown",
    "virtual mailbox",
];

fn assert_no_raw_reply(what: &str, text: &str) {
    for piece in RAW_PIECES {
        assert!(!text.contains(piece), "{what} shows {piece:?}: {text}");
    }
}

async fn a_partner_reads_a_summary_of_a_refused_address_never_the_servers_reply(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.state;
    let db = &state.db;
    let claim = queued_consent(state).await;
    let port = refusing_smtp_server(RAW_REPLY);

    let report = deliver_due(state, &smtp_mailer(port), "instance-a", 10)
        .await
        .unwrap();
    assert_eq!(report.failed, 1, "{report:?}");

    // Operators keep the whole reply, in the outbox row and the attempts' history.
    let row = sqlx::query("SELECT last_error, last_problem FROM outbox")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let last_error: String = row.try_get("last_error").unwrap();
    assert!(
        last_error.contains("User unknown in virtual mailbox table")
            && last_error.contains("5.1.1"),
        "{last_error}"
    );
    assert_eq!(
        row.try_get::<String, _>("last_problem").unwrap(),
        "address_unknown"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM outbox_attempts WHERE error LIKE '%User unknown%'"
        )
        .await,
        1
    );

    // The services the pages call give the category.
    let scope = scope_of(db, CONTOSO_ADMIN).await;
    // An address that does not exist is given up at the first attempt: no retry can mend it.
    let expected = Delivery::Failed {
        problem: Some(DeliveryProblem::AddressUnknown),
    };
    let detail = claim_detail(state, &scope, &claim).await.unwrap();
    assert_eq!(detail.consent_sends[0].delivery, expected);
    let flow = consent_flow(state, &scope, &claim).await.unwrap();
    assert_eq!(flow.sends[0].delivery, expected);

    // Over the wire: the server functions and the claim's page, in both languages.
    let client = app.signed_in(CONTOSO_ADMIN).await;
    for endpoint in ["get_claim", "consent_flow"] {
        let response = app
            .call(&client, endpoint, &[("claim_ref", claim.as_str())])
            .await;
        assert_eq!(response.status(), 200, "{endpoint}");
        let body = response.text().await.unwrap();
        assert!(body.contains("\"address_unknown\""), "{endpoint}: {body}");
        assert_no_raw_reply(endpoint, &body);
    }
    for (language, summary) in [
        ("en", "The address does not exist"),
        ("fr", "L&#x27;adresse n&#x27;existe pas"),
    ] {
        let page = client
            .get(app.url(&format!("/claims/{claim}")))
            .header("accept-language", language)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(
            html.contains(summary) || html.contains(&summary.replace("&#x27;", "'")),
            "the claim's page in {language} shows {summary:?}"
        );
        assert_no_raw_reply("the claim's page", &html);
    }
}

backend_tests!(
    one_bad_claim_is_skipped_and_every_other_due_claim_expires,
    a_slow_send_keeps_its_lease_and_the_mail_goes_once,
    keys_and_development_mail_past_their_use_are_purged,
    a_partner_reads_a_summary_of_a_refused_address_never_the_servers_reply,
);
