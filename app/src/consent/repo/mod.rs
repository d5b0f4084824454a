//! SQL of consent requests (this module), of the outbox that delivers their e-mails (`outbox`)
//! and of the development mailbox (`mailbox`).

mod mailbox;
mod outbox;
mod recipient;

pub use mailbox::{mailbox_insert, mailbox_list, mailbox_purge, MailboxMessage, MAILBOX_KEEP_SECS};
pub use outbox::{
    due_outbox, finish, lease, mail_row, renew_lease, set_token_hash, AttemptOutcome, MailRow,
};
pub use recipient::partner_domains;

use super::delivery::DeliveryProblem;
use super::model::{ConsentEvidence, ConsentSend, Delivery};
use crate::db::row;
use crate::error::{AppError, Conflict};
use sqlx::{Any, AnyPool, Transaction};

/// `kind` of a request: the first e-mail, or a re-send.
fn is_resend(table: &str, kind: &str) -> Result<bool, sqlx::Error> {
    row::parse(table, "kind", kind, |kind| match kind {
        "send" => Some(false),
        "resend" => Some(true),
        _ => None,
    })
}

/// A new request for consent, written with the claim's transition.
#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub claim_id: i64,
    pub resend: bool,
    pub to_address: &'a str,
    pub language: &'a str,
    /// `None`: the clock's automatic reminder.
    pub requested_by: Option<i64>,
    pub now: i64,
    pub expires_at: i64,
}

/// Revokes the claim's usable request (its link stops working), writes the new one and queues
/// its e-mail: all inside the caller's transaction.
#[tracing::instrument(skip_all, fields(claim = r.claim_id, resend = r.resend), err(level = "warn"))]
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
    let id: i64 = sqlx::query_scalar(
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
    .await?;
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
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn send_counts(pool: &AnyPool, claim_id: i64) -> Result<(u32, Option<i64>), AppError> {
    let (resends, last_at): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(CASE WHEN kind = 'resend' THEN 1 END) AS resends, MAX(created_at) AS last_at
         FROM consent_requests WHERE claim_id = $1",
    )
    .bind(claim_id)
    .fetch_one(pool)
    .await?;
    Ok((u32::try_from(resends).unwrap_or(u32::MAX), last_at))
}

/// A request with its e-mail's delivery (none for a request from before the outbox).
#[derive(sqlx::FromRow)]
struct SendRow {
    created_at: i64,
    kind: String,
    to_address: String,
    language: String,
    status: Option<String>,
    attempts: Option<i64>,
    last_problem: Option<String>,
    sent_at: Option<i64>,
}

impl TryFrom<SendRow> for ConsentSend {
    type Error = sqlx::Error;

    fn try_from(r: SendRow) -> Result<Self, Self::Error> {
        // The mail server's words (`last_error`) are for operators: the partner reads the
        // category.
        let problem = row::parse_optional(
            "outbox",
            "last_problem",
            r.last_problem.as_deref(),
            DeliveryProblem::from_code,
        )?;
        let delivery = match r.status.as_deref() {
            Some("sent") => Delivery::Sent {
                at: r.sent_at.unwrap_or(0),
            },
            Some("failed") => Delivery::Failed { problem },
            Some("dropped") | None => Delivery::Dropped,
            Some("pending") => Delivery::Pending {
                attempts: r.attempts.unwrap_or(0),
                problem,
            },
            Some(other) => return Err(row::unreadable("outbox", "status", other)),
        };
        Ok(ConsentSend {
            requested_at: r.created_at,
            resend: is_resend("consent_requests", &r.kind)?,
            to_address: r.to_address,
            language: r.language,
            delivery,
        })
    }
}

/// The consent e-mails of a claim, oldest first, with where each delivery stands.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn sends(pool: &AnyPool, claim_id: i64) -> Result<Vec<ConsentSend>, AppError> {
    let rows = sqlx::query_as::<_, SendRow>(
        "SELECT r.created_at, r.kind, r.to_address, r.language, o.status, o.attempts, o.last_problem, o.sent_at
         FROM consent_requests r LEFT JOIN outbox o ON o.consent_request_id = r.id
         WHERE r.claim_id = $1 ORDER BY r.id",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(ConsentSend::try_from)
        .collect::<Result<_, _>>()?)
}

/// A consent request found by its link, with what its page shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub claim_ref: String,
    pub claim_status: String,
    /// When a newer request (a re-send) replaced it.
    pub revoked_at: Option<i64>,
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

/// The request whose token has this hash (the hash is not logged: it finds the request).
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn find_by_token_hash(
    pool: &AnyPool,
    token_hash: &str,
) -> Result<Option<RequestRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {REQUEST_COLUMNS} FROM {REQUEST_JOINS} WHERE r.token_hash = $1"
    ))
    .bind(token_hash)
    .fetch_optional(pool)
    .await?)
}

/// Where an answer came from, written with it.
#[derive(Debug, Clone)]
pub struct Evidence<'a> {
    pub ip: &'a str,
    pub user_agent: &'a str,
    pub language: &'a str,
    /// The consent statement as the page showed it.
    pub text: &'a str,
}

/// Records the customer's answer with its evidence, once: only a usable, undecided request
/// takes it.
#[tracing::instrument(skip(tx, reason, evidence), err(level = "debug"))]
pub async fn record_decision(
    tx: &mut Transaction<'static, Any>,
    request_id: i64,
    accepted: bool,
    reason: Option<&str>,
    now: i64,
    evidence: &Evidence<'_>,
) -> Result<(), AppError> {
    let updated = sqlx::query(
        "UPDATE consent_requests SET decided_at = $1, decision = $2, decline_reason = $3,
            decided_ip = $4, decided_user_agent = $5, decided_language = $6, decided_text = $7
         WHERE id = $8 AND decided_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(if accepted { "accepted" } else { "declined" })
    .bind(reason)
    .bind(evidence.ip)
    .bind(evidence.user_agent)
    .bind(evidence.language)
    .bind(evidence.text)
    .bind(request_id)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(AppError::Conflict(Conflict::ClaimChanged));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EvidenceRow {
    decision: String,
    decided_at: i64,
    decided_ip: Option<String>,
    decided_user_agent: Option<String>,
    decided_language: Option<String>,
    decided_text: Option<String>,
}

/// The customer's answer to the claim's consent request, with where it came from; `None` while
/// no request of the claim was answered (a claim takes one answer: it then leaves awaiting
/// consent).
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn evidence(pool: &AnyPool, claim_id: i64) -> Result<Option<ConsentEvidence>, AppError> {
    let row = sqlx::query_as::<_, EvidenceRow>(
        "SELECT decision, decided_at, decided_ip, decided_user_agent, decided_language, decided_text
         FROM consent_requests
         WHERE claim_id = $1 AND decided_at IS NOT NULL AND decision IS NOT NULL
         ORDER BY id DESC LIMIT 1",
    )
    .bind(claim_id)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let accepted = row::parse("consent_requests", "decision", &r.decision, |d| match d {
        "accepted" => Some(true),
        "declined" => Some(false),
        _ => None,
    })?;
    Ok(Some(ConsentEvidence {
        accepted,
        decided_at: r.decided_at,
        ip: r.decided_ip,
        user_agent: r.decided_user_agent,
        language: r.decided_language,
        text: r.decided_text,
    }))
}
