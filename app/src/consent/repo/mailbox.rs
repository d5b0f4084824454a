//! SQL of the development mailbox: where e-mail goes in development without an SMTP server.

use crate::error::AppError;
use sqlx::AnyPool;

/// One message delivered to the development mailbox.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailboxMessage {
    pub id: i64,
    pub delivered_at: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// Delivers one message to the mailbox.
#[tracing::instrument(skip(pool, subject, text, html), err(level = "warn"))]
pub async fn mailbox_insert(
    pool: &AnyPool,
    outbox_id: i64,
    now: i64,
    to: &str,
    subject: &str,
    text: &str,
    html: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO dev_mailbox (outbox_id, delivered_at, to_address, subject, body_text, body_html)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(outbox_id)
    .bind(now)
    .bind(to)
    .bind(subject)
    .bind(text)
    .bind(html)
    .execute(pool)
    .await?;
    Ok(())
}

/// The newest messages, optionally to one address.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn mailbox_list(
    pool: &AnyPool,
    to: Option<&str>,
    limit: i64,
) -> Result<Vec<MailboxMessage>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, delivered_at, to_address, subject, body_text, body_html FROM dev_mailbox
         WHERE ($1 = '' OR to_address = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(to.unwrap_or(""))
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// How long the development mailbox keeps a message: long enough to read last week's e-mails,
/// short enough that a development database left running does not grow without end.
pub const MAILBOX_KEEP_SECS: i64 = 7 * 24 * 60 * 60;

/// Deletes at most `limit` messages delivered before `before`, oldest first; returns how many.
/// One statement: instances purging at once delete each message once, the others find it gone.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn mailbox_purge(pool: &AnyPool, before: i64, limit: i64) -> Result<u64, AppError> {
    Ok(sqlx::query(
        "DELETE FROM dev_mailbox WHERE id IN (
            SELECT id FROM dev_mailbox WHERE delivered_at < $1 ORDER BY delivered_at, id LIMIT $2)",
    )
    .bind(before)
    .bind(limit)
    .execute(pool)
    .await?
    .rows_affected())
}
