//! SQL of the outbox: which e-mails are due, the lease that lets one instance send each, what
//! an e-mail says, and how each attempt ended (`outbox_attempts`).

use super::is_resend;
use crate::consent::delivery::DeliveryProblem;
use crate::error::AppError;
use sqlx::AnyPool;

/// Pending e-mails whose time has come and that no live lease holds, oldest first.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn due_outbox(pool: &AnyPool, now: i64, limit: i64) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1
            AND (locked_until IS NULL OR locked_until < $1)
         ORDER BY next_attempt_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Takes the lease of one e-mail for `instance` until `until`: true when this instance won it.
/// One conditional UPDATE, so that of several instances exactly one sends.
#[tracing::instrument(skip(pool), err(level = "warn"))]
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

/// Extends `instance`'s lease of one e-mail to `until`, while its send runs: false when the
/// instance no longer holds it (another took it, or it was finished).
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn renew_lease(
    pool: &AnyPool,
    outbox_id: i64,
    instance: &str,
    until: i64,
) -> Result<bool, AppError> {
    let updated = sqlx::query(
        "UPDATE outbox SET locked_until = $1
         WHERE id = $2 AND locked_by = $3 AND status = 'pending'",
    )
    .bind(until)
    .bind(outbox_id)
    .bind(instance)
    .execute(pool)
    .await?;
    Ok(updated.rows_affected() == 1)
}

/// Everything a consent e-mail says, read when it is sent.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MailRow {
    pub outbox_id: i64,
    pub attempts: i64,
    pub request_id: i64,
    /// The claim's partner (the recipient is checked against its domains once more).
    pub partner_id: i64,
    pub revoked_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub expires_at: i64,
    /// `send` or `resend`: see [`MailRow::resend`].
    pub kind: String,
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

impl MailRow {
    /// The request can still be answered: neither replaced nor answered.
    pub fn usable(&self) -> bool {
        self.revoked_at.is_none() && self.decided_at.is_none()
    }

    /// A re-send (the e-mail says it is a reminder).
    pub fn resend(&self) -> Result<bool, sqlx::Error> {
        is_resend("consent_requests", &self.kind)
    }
}

/// The e-mail of this outbox entry, or `None`.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn mail_row(pool: &AnyPool, outbox_id: i64) -> Result<Option<MailRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT o.id AS outbox_id, o.attempts, o.to_address, r.id AS request_id, r.kind, r.language,
            r.expires_at, r.revoked_at, r.decided_at, c.partner_id, c.status AS claim_status, c.customer_name,
            c.contact_name, c.partner_contact_name, c.partner_contact_email,
            p.name AS partner_name, e.name AS engagement_name
         FROM outbox o JOIN consent_requests r ON r.id = o.consent_request_id
            JOIN claims c ON c.id = r.claim_id JOIN partners p ON p.id = c.partner_id
            JOIN engagements e ON e.id = c.engagement_id
         WHERE o.id = $1",
    )
    .bind(outbox_id)
    .fetch_optional(pool)
    .await?)
}

/// Gives a usable request the hash of the token about to be sent (replacing the hash of an
/// earlier attempt's token). False when the request stopped being usable meanwhile.
#[tracing::instrument(skip(pool, token_hash), err(level = "warn"))]
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
    /// Failed; retry at this time, or give up (`None`). `error` is the transport's whole text,
    /// for operators; `problem` what the partner is shown.
    Failed {
        error: String,
        problem: DeliveryProblem,
        retry_at: Option<i64>,
    },
    /// Not sent: the request or the claim moved on (no attempt is recorded).
    Dropped {
        why: &'static str,
    },
}

/// Ends this instance's lease of an e-mail with the attempt's outcome, recorded in the attempts'
/// history; one transaction.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn finish(
    pool: &AnyPool,
    outbox_id: i64,
    instance: &str,
    now: i64,
    outcome: &AttemptOutcome,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let (status, attempted, error, problem, next_at, sent_at) = match outcome {
        AttemptOutcome::Sent => ("sent", 1, None, None, None, Some(now)),
        AttemptOutcome::Failed {
            error,
            problem,
            retry_at: Some(at),
        } => (
            "pending",
            1,
            Some(error.as_str()),
            Some(problem.code()),
            Some(*at),
            None,
        ),
        AttemptOutcome::Failed {
            error,
            problem,
            retry_at: None,
        } => (
            "failed",
            1,
            Some(error.as_str()),
            Some(problem.code()),
            None,
            None,
        ),
        AttemptOutcome::Dropped { why } => ("dropped", 0, Some(*why), None, None, None),
    };
    sqlx::query(
        "UPDATE outbox SET status = $1, attempts = attempts + $2, last_error = COALESCE($3, last_error),
            last_problem = COALESCE($4, last_problem), next_attempt_at = COALESCE($5, next_attempt_at),
            sent_at = $6, locked_by = NULL, locked_until = NULL
         WHERE id = $7 AND locked_by = $8",
    )
    .bind(status)
    .bind(attempted)
    .bind(error)
    .bind(problem)
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
