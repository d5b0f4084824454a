//! The background worker loop of one instance. Each task is a single idempotent statement (or a
//! transaction), so several instances running it at once do no harm.

use app::consent::outbox::{deliver_due, DevMailbox, MailTransport};
use app::db::session_store::DbSessionStore;
use app::state::AppState;
use std::sync::Arc;
use std::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;

/// Rows one purge statement deletes at most: a short write that never holds SQLite's lock (or
/// PostgreSQL's row locks) for long.
pub const PURGE_BATCH: i64 = 500;
/// Batches of one table per pass at most: a large backlog is cleared over a few passes, and each
/// pass stays short.
const PURGE_BATCHES_PER_PASS: usize = 20;

/// What one purge deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub idempotency_keys: u64,
    pub mailbox_messages: u64,
}

/// Deletes what has outlived its use: idempotency keys past their replay window
/// (`claims::repo::IDEMPOTENCY_KEY_LIFE_SECS`) and development mailbox messages past their age
/// (`consent::repo::MAILBOX_KEEP_SECS`), in batches of `batch`. Each batch is one statement, so
/// it is idempotent and several instances may purge at once.
pub async fn purge(state: &AppState, batch: i64) -> anyhow::Result<Purged> {
    let now = state.clock.now();
    let keys_before =
        domain::Timestamp::from_unix_seconds(now - app::claims::repo::IDEMPOTENCY_KEY_LIFE_SECS);
    let mailbox_before = now - app::consent::repo::MAILBOX_KEEP_SECS;
    let mut purged = Purged::default();
    for _ in 0..PURGE_BATCHES_PER_PASS {
        let deleted =
            app::claims::repo::purge_idempotency_keys(&state.db.pool, keys_before, batch).await?;
        purged.idempotency_keys += deleted;
        if deleted < batch.unsigned_abs() {
            break;
        }
    }
    for _ in 0..PURGE_BATCHES_PER_PASS {
        let deleted =
            app::consent::repo::mailbox_purge(&state.db.pool, mailbox_before, batch).await?;
        purged.mailbox_messages += deleted;
        if deleted < batch.unsigned_abs() {
            break;
        }
    }
    Ok(purged)
}

/// One pass: claims whose deadline passed are expired, then housekeeping (expired sessions,
/// sign-in failures older than the window, idempotency keys and development mail past their
/// use).
pub async fn tick(state: &AppState) -> anyhow::Result<()> {
    let expired = app::claims::sweeper::sweep(state)
        .await
        .map_err(|e| anyhow::anyhow!("sweeping claim deadlines: {e}"))?;
    if expired > 0 {
        tracing::info!(expired, "claims expired by the deadline sweeper");
    }
    let customers = app::consent::reminders::remind_customers(state)
        .await
        .map_err(|e| anyhow::anyhow!("reminding customers of their consent: {e}"))?;
    if customers > 0 {
        tracing::info!(customers, "customers reminded of their consent request");
    }
    let reminded = app::notifications::service::remind(state)
        .await
        .map_err(|e| anyhow::anyhow!("sending deadline reminders: {e}"))?;
    if reminded > 0 {
        tracing::info!(reminded, "deadline reminders sent");
    }
    let digests = app::notifications::service::send_digests(state)
        .await
        .map_err(|e| anyhow::anyhow!("sending notification digests: {e}"))?;
    if digests > 0 {
        tracing::info!(digests, "notification digests queued");
    }
    let now = domain::Timestamp::from_unix_seconds(state.clock.now());
    let marked = app::customers::marks::apply_open_periods(&state.db.pool, now).await?;
    if marked > 0 {
        tracing::info!(
            marked,
            "Customers page rows marked for engagements that opened or closed"
        );
    }
    DbSessionStore::new(state.db.pool.clone())
        .delete_expired()
        .await
        .map_err(|e| anyhow::anyhow!("deleting expired sessions: {e}"))?;
    let window = state.config.sign_in_limits.window_secs;
    app::auth::repo::purge_failures_before(&state.db.pool, state.clock.now() - window).await?;
    state.consent_limiter.forget_idle();
    state.customer_check_limiter.forget_idle();
    state.account_limiter.forget_idle();
    let purged = purge(state, PURGE_BATCH).await?;
    if purged != Purged::default() {
        tracing::info!(
            idempotency_keys = purged.idempotency_keys,
            mailbox_messages = purged.mailbox_messages,
            "purged rows past their use"
        );
    }
    Ok(())
}

/// Where this instance's e-mail goes: the configured SMTP server, or (development without one)
/// the development mailbox.
pub fn mail_transport(
    state: &AppState,
    config: &crate::config::Config,
) -> anyhow::Result<Arc<dyn MailTransport>> {
    Ok(match &config.smtp {
        Some(smtp) => Arc::new(crate::mail::SmtpMailer::new(smtp, &config.mail_from)?),
        None => Arc::new(DevMailbox {
            state: state.clone(),
        }),
    })
}

/// A name for this instance in the outbox's leases and attempts.
pub fn instance_name() -> String {
    use rand::Rng;
    format!(
        "pid{}-{:08x}",
        std::process::id(),
        rand::thread_rng().gen::<u32>()
    )
}

/// The outbox loop of one instance: a pass whenever a change made here queues an e-mail, and
/// every `period` otherwise (retries, and e-mail queued by other instances).
pub fn spawn_outbox(
    state: AppState,
    transport: Arc<dyn MailTransport>,
    period: Duration,
) -> tokio::task::JoinHandle<()> {
    let instance = instance_name();
    tokio::spawn(async move {
        loop {
            match deliver_due(&state, transport.as_ref(), &instance, 50).await {
                Ok(report) if report.sent + report.failed + report.dropped > 0 => {
                    tracing::info!(
                        sent = report.sent,
                        failed = report.failed,
                        dropped = report.dropped,
                        "outbox pass"
                    );
                }
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "outbox pass failed"),
            }
            tokio::select! {
                _ = state.outbox_wake.notified() => {}
                _ = tokio::time::sleep(period) => {}
            }
        }
    })
}

/// Drains the Customers page's row marks (`app::customers::marks::drain`), batch after batch
/// until none is left.
pub async fn drain_row_marks(state: &AppState) -> anyhow::Result<usize> {
    let mut total = 0;
    loop {
        let now = domain::Timestamp::from_unix_seconds(state.clock.now());
        let cleared = app::customers::marks::drain(&state.db.pool, now, None, 200).await?;
        total += cleared;
        if cleared == 0 {
            return Ok(total);
        }
    }
}

/// The row-mark loop of one instance: every `period`, every mark is drained. Several instances
/// may drain at once; each mark is recomputed under its own lock.
pub fn spawn_row_marks(state: AppState, period: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match drain_row_marks(&state).await {
                Ok(0) => {}
                Ok(rows) => tracing::debug!(rows, "Customers page rows recomputed"),
                Err(error) => tracing::error!(
                    error = format!("{error:#}"),
                    "recomputing Customers page rows failed"
                ),
            }
            tokio::time::sleep(period).await;
        }
    })
}

/// Runs [`tick`] every `period` until the process ends; a failed pass is logged and retried at
/// the next period.
pub fn spawn(state: AppState, period: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = tick(&state).await {
                tracing::error!(
                    error = format!("{error:#}"),
                    "background worker pass failed"
                );
            }
        }
    })
}
