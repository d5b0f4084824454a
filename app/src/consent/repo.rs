//! SQL of consent requests, the outbox and the development mailbox.

use super::model::{ConsentSend, Delivery};
use crate::error::{AppError, Conflict};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};

/// A new request for consent, written with the claim's transition.
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub claim_id: i64,
    pub resend: bool,
    pub to_address: &'a str,
    pub language: &'a str,
    pub requested_by: i64,
    pub now: i64,
    pub expires_at: i64,
}

/// Revokes the claim's usable request (its link stops working), writes the new one and queues
/// its e-mail: all inside the caller's transaction.
pub async fn insert_request(
    tx: &mut Transaction<'static, Any>,
    r: &NewRequest<'_>,
) -> Result<i64, AppError> {
    sqlx::query(
        "UPDATE consent_requests SET revoked_at = $1
         WHERE claim_id = $2 AND revoked_at IS NULL AND decided_at IS NULL",
    )
    .bind(r.now)
    .bind(r.claim_id)
    .execute(&mut **tx)
    .await?;
    let id: i64 = sqlx::query(
        "INSERT INTO consent_requests (claim_id, kind, to_address, language, requested_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(r.claim_id)
    .bind(if r.resend { "resend" } else { "send" })
    .bind(r.to_address)
    .bind(r.language)
    .bind(r.requested_by)
    .bind(r.now)
    .bind(r.expires_at)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    sqlx::query(
        "INSERT INTO outbox (kind, consent_request_id, to_address, status, attempts, next_attempt_at, created_at)
         VALUES ('consent_request', $1, $2, 'pending', 0, $3, $3)",
    )
    .bind(id)
    .bind(r.to_address)
    .bind(r.now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// How many re-sends a claim had, and when its last e-mail was asked for.
pub async fn send_counts(pool: &AnyPool, claim_id: i64) -> Result<(u32, Option<i64>), AppError> {
    let row = sqlx::query(
        "SELECT COUNT(CASE WHEN kind = 'resend' THEN 1 END) AS resends, MAX(created_at) AS last_at
         FROM consent_requests WHERE claim_id = $1",
    )
    .bind(claim_id)
    .fetch_one(pool)
    .await?;
    let resends: i64 = row.try_get("resends")?;
    Ok((
        u32::try_from(resends).unwrap_or(u32::MAX),
        row.try_get("last_at")?,
    ))
}

/// The consent e-mails of a claim, oldest first, with where each delivery stands.
pub async fn sends(pool: &AnyPool, claim_id: i64) -> Result<Vec<ConsentSend>, AppError> {
    let rows = sqlx::query(
        "SELECT r.created_at, r.kind, r.to_address, r.language, o.status, o.attempts, o.last_error, o.sent_at
         FROM consent_requests r LEFT JOIN outbox o ON o.consent_request_id = r.id
         WHERE r.claim_id = $1 ORDER BY r.id",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let status: Option<String> = row.try_get("status")?;
            let delivery = match status.as_deref() {
                Some("sent") => Delivery::Sent {
                    at: row.try_get::<Option<i64>, _>("sent_at")?.unwrap_or(0),
                },
                Some("failed") => Delivery::Failed {
                    last_error: row.try_get("last_error")?,
                },
                Some("dropped") | None => Delivery::Dropped,
                Some(_) => Delivery::Pending {
                    attempts: row.try_get("attempts")?,
                    last_error: row.try_get("last_error")?,
                },
            };
            Ok(ConsentSend {
                requested_at: row.try_get("created_at")?,
                resend: kind == "resend",
                to_address: row.try_get("to_address")?,
                language: row.try_get("language")?,
                delivery,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// A consent request found by its link, with what its page shows.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: i64,
    pub claim_ref: String,
    pub claim_status: String,
    pub revoked: bool,
    pub decided_at: Option<i64>,
    pub decision: Option<String>,
    pub expires_at: i64,
    pub language: String,
    pub partner_name: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub engagement_name: String,
    pub solution_area: String,
    pub customer_name: Option<String>,
    pub contact_name: String,
}

const REQUEST_COLUMNS: &str =
    "r.id, r.revoked_at, r.decided_at, r.decision, r.expires_at, r.language,
    c.claim_ref, c.status AS claim_status, c.customer_name, c.contact_name, c.partner_contact_name,
    c.partner_contact_email, p.name AS partner_name, e.name AS engagement_name, e.solution_area";

const REQUEST_JOINS: &str = "consent_requests r JOIN claims c ON c.id = r.claim_id
    JOIN partners p ON p.id = c.partner_id JOIN engagements e ON e.id = c.engagement_id";

fn request_row(row: &AnyRow) -> Result<RequestRow, sqlx::Error> {
    Ok(RequestRow {
        id: row.try_get("id")?,
        claim_ref: row.try_get("claim_ref")?,
        claim_status: row.try_get("claim_status")?,
        revoked: row.try_get::<Option<i64>, _>("revoked_at")?.is_some(),
        decided_at: row.try_get("decided_at")?,
        decision: row.try_get("decision")?,
        expires_at: row.try_get("expires_at")?,
        language: row.try_get("language")?,
        partner_name: row.try_get("partner_name")?,
        partner_contact_name: row.try_get("partner_contact_name")?,
        partner_contact_email: row.try_get("partner_contact_email")?,
        engagement_name: row.try_get("engagement_name")?,
        solution_area: row.try_get("solution_area")?,
        customer_name: row.try_get("customer_name")?,
        contact_name: row.try_get("contact_name")?,
    })
}

/// The request whose token has this hash.
pub async fn find_by_token_hash(
    pool: &AnyPool,
    token_hash: &str,
) -> Result<Option<RequestRow>, AppError> {
    Ok(sqlx::query(&format!(
        "SELECT {REQUEST_COLUMNS} FROM {REQUEST_JOINS} WHERE r.token_hash = $1"
    ))
    .bind(token_hash)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(request_row)
    .transpose()?)
}

/// Records the customer's answer, once: only a usable, undecided request takes it.
pub async fn record_decision(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
    accepted: bool,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let updated = sqlx::query(
        "UPDATE consent_requests SET decided_at = $1, decision = $2, decline_reason = $3
         WHERE id = $4 AND decided_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(if accepted { "accepted" } else { "declined" })
    .bind(reason)
    .bind(request_id)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::Conflict(Conflict::ClaimChanged));
    }
    Ok(())
}

// ---- The outbox ----------------------------------------------------------------------------

/// Pending e-mails whose time has come and that no live lease holds, oldest first.
pub async fn due_outbox(pool: &AnyPool, now: i64, limit: i64) -> Result<Vec<i64>, AppError> {
    sqlx::query(
        "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1
            AND (locked_until IS NULL OR locked_until < $1)
         ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get("id").map_err(AppError::from))
    .collect()
}

/// Takes the lease of one e-mail for `instance` until `until`: true when this instance won it.
/// One conditional UPDATE, so that of several instances exactly one sends.
pub async fn lease(
    pool: &AnyPool,
    outbox_id: i64,
    instance: &str,
    now: i64,
    until: i64,
) -> Result<bool, AppError> {
    let updated = sqlx::query(
        "UPDATE outbox SET locked_by = $1, locked_until = $2
         WHERE id = $3 AND status = 'pending' AND next_attempt_at <= $4
            AND (locked_until IS NULL OR locked_until < $4)",
    )
    .bind(instance)
    .bind(until)
    .bind(outbox_id)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Everything a consent e-mail says, read when it is sent.
#[derive(Debug, Clone)]
pub struct MailRow {
    pub outbox_id: i64,
    pub attempts: i64,
    pub request_id: i64,
    pub usable: bool,
    pub expires_at: i64,
    pub resend: bool,
    pub to_address: String,
    pub language: String,
    pub claim_status: String,
    pub partner_name: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub engagement_name: String,
    pub customer_name: Option<String>,
    pub contact_name: String,
}

pub async fn mail_row(pool: &AnyPool, outbox_id: i64) -> Result<Option<MailRow>, AppError> {
    let Some(row) = sqlx::query(
        "SELECT o.id AS outbox_id, o.attempts, o.to_address, r.id AS request_id, r.kind, r.language,
            r.expires_at, r.revoked_at, r.decided_at, c.status AS claim_status, c.customer_name,
            c.contact_name, c.partner_contact_name, c.partner_contact_email,
            p.name AS partner_name, e.name AS engagement_name
         FROM outbox o JOIN consent_requests r ON r.id = o.consent_request_id
            JOIN claims c ON c.id = r.claim_id JOIN partners p ON p.id = c.partner_id
            JOIN engagements e ON e.id = c.engagement_id
         WHERE o.id = $1",
    )
    .bind(outbox_id)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let kind: String = row.try_get("kind")?;
    Ok(Some(MailRow {
        outbox_id: row.try_get("outbox_id")?,
        attempts: row.try_get("attempts")?,
        request_id: row.try_get("request_id")?,
        usable: row.try_get::<Option<i64>, _>("revoked_at")?.is_none()
            && row.try_get::<Option<i64>, _>("decided_at")?.is_none(),
        expires_at: row.try_get("expires_at")?,
        resend: kind == "resend",
        to_address: row.try_get("to_address")?,
        language: row.try_get("language")?,
        claim_status: row.try_get("claim_status")?,
        partner_name: row.try_get("partner_name")?,
        partner_contact_name: row.try_get("partner_contact_name")?,
        partner_contact_email: row.try_get("partner_contact_email")?,
        engagement_name: row.try_get("engagement_name")?,
        customer_name: row.try_get("customer_name")?,
        contact_name: row.try_get("contact_name")?,
    }))
}

/// Gives a usable request the hash of the token about to be sent (replacing the hash of an
/// earlier attempt's token). False when the request stopped being usable meanwhile.
pub async fn set_token_hash(
    pool: &AnyPool,
    request_id: i64,
    token_hash: &str,
) -> Result<bool, AppError> {
    let updated = sqlx::query(
        "UPDATE consent_requests SET token_hash = $1
         WHERE id = $2 AND revoked_at IS NULL AND decided_at IS NULL",
    )
    .bind(token_hash)
    .bind(request_id)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    Sent,
    /// Failed; retry at this time, or give up (`None`).
    Failed {
        error: String,
        retry_at: Option<i64>,
    },
    /// Not sent: the request or the claim moved on (no attempt is recorded).
    Dropped {
        why: &'static str,
    },
}

/// Ends this instance's lease of an e-mail with the attempt's outcome, recorded in the attempts'
/// history; one transaction.
pub async fn finish(
    pool: &AnyPool,
    outbox_id: i64,
    instance: &str,
    now: i64,
    outcome: &AttemptOutcome,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let (status, attempted, error, next_at, sent_at) = match outcome {
        AttemptOutcome::Sent => ("sent", 1, None, None, Some(now)),
        AttemptOutcome::Failed {
            error,
            retry_at: Some(at),
        } => ("pending", 1, Some(error.as_str()), Some(*at), None),
        AttemptOutcome::Failed {
            error,
            retry_at: None,
        } => ("failed", 1, Some(error.as_str()), None, None),
        AttemptOutcome::Dropped { why } => ("dropped", 0, Some(*why), None, None),
    };
    sqlx::query(
        "UPDATE outbox SET status = $1, attempts = attempts + $2, last_error = COALESCE($3, last_error),
            next_attempt_at = COALESCE($4, next_attempt_at), sent_at = $5, locked_by = NULL, locked_until = NULL
         WHERE id = $6 AND locked_by = $7",
    )
    .bind(status)
    .bind(attempted)
    .bind(error)
    .bind(next_at)
    .bind(sent_at)
    .bind(outbox_id)
    .bind(instance)
    .execute(&mut *tx)
    .await?;
    if attempted == 1 {
        sqlx::query(
            "INSERT INTO outbox_attempts (outbox_id, at, instance, ok, error) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(outbox_id)
        .bind(now)
        .bind(instance)
        .bind(i64::from(*outcome == AttemptOutcome::Sent))
        .bind(error)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

// ---- The development mailbox ---------------------------------------------------------------

/// One message delivered to the development mailbox.
#[derive(Debug, Clone)]
pub struct MailboxMessage {
    pub id: i64,
    pub delivered_at: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

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
pub async fn mailbox_list(
    pool: &AnyPool,
    to: Option<&str>,
    limit: i64,
) -> Result<Vec<MailboxMessage>, AppError> {
    sqlx::query(
        "SELECT id, delivered_at, to_address, subject, body_text, body_html FROM dev_mailbox
         WHERE ($1 = '' OR to_address = $1) ORDER BY id DESC LIMIT $2",
    )
    .bind(to.unwrap_or(""))
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(MailboxMessage {
            id: r.try_get("id")?,
            delivered_at: r.try_get("delivered_at")?,
            to_address: r.try_get("to_address")?,
            subject: r.try_get("subject")?,
            body_text: r.try_get("body_text")?,
            body_html: r.try_get("body_html")?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()
    .map_err(AppError::from)
}
