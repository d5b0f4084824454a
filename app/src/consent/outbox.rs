//! Delivery of the outbox: each pass leases due e-mails one by one, makes the link's token,
//! hands the message to the transport and records the attempt. Failed attempts are retried with
//! exponential back-off; several instances may run passes at once (the lease is one conditional
//! UPDATE, so each e-mail has one sender at a time).
//!
//! The lease outlasts the transport's worst send (`MailTransport::worst_send`, plus what the
//! attempt reads and writes around it), and a heartbeat renews it while the transport works: a
//! slow mail server never lets a second instance take over an e-mail that is still being sent
//! (which would send it twice, with two tokens, the first link dead on arrival).
//!
//! Delivery is still at least once: if an instance stops after the mail server took a message but
//! before recording it, the lease runs out and the e-mail is sent again with a new token, the
//! newest link being the one that works.

use super::delivery::DeliveryProblem;
use super::mail::{render, ConsentMail, Rendered};
use super::repo::{self, AttemptOutcome};
use super::token::new_token;
use crate::error::AppError;
use crate::state::AppState;
use domain::ClaimStatus;
use std::convert::Infallible;
use std::time::Duration;

/// An e-mail ready for the transport.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub outbox_id: i64,
    pub to_address: String,
    pub to_name: String,
    pub message: Rendered,
}

/// Why a transport could not hand a message over: the category a partner is shown, and the
/// full text (the mail server's reply) that only the logs and the outbox row keep.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail}")]
pub struct DeliveryError {
    pub problem: DeliveryProblem,
    pub detail: String,
}

impl DeliveryError {
    pub fn new(problem: DeliveryProblem, detail: impl Into<String>) -> Self {
        Self {
            problem,
            detail: detail.into(),
        }
    }
}

/// Where e-mail goes: SMTP in the server crate, or the development mailbox.
#[async_trait::async_trait]
pub trait MailTransport: Send + Sync {
    /// Hands one message over; the error says why it could not be.
    async fn deliver(&self, mail: &OutgoingMail) -> Result<(), DeliveryError>;

    /// The longest one `deliver` can take: it gives up by then. The outbox's lease is derived
    /// from it ([`lease_secs`]).
    fn worst_send(&self) -> Duration;
}

/// Development without an SMTP server: messages land in the `dev_mailbox` table, shown at
/// `/dev/mailbox`.
#[derive(Debug, Clone)]
pub struct DevMailbox {
    pub state: AppState,
}

#[async_trait::async_trait]
impl MailTransport for DevMailbox {
    #[tracing::instrument(skip_all, fields(outbox = mail.outbox_id), err(level = "warn"))]
    async fn deliver(&self, mail: &OutgoingMail) -> Result<(), DeliveryError> {
        repo::mailbox_insert(
            &self.state.db.pool,
            mail.outbox_id,
            self.state.clock.now(),
            &mail.to_address,
            &mail.message.subject,
            &mail.message.text,
            &mail.message.html,
        )
        .await
        .map_err(|e| DeliveryError::new(DeliveryProblem::Other, e.to_string()))
    }

    /// One INSERT: at most the pool's acquire time-out (10 s) and SQLite's busy time-out (15 s).
    fn worst_send(&self) -> Duration {
        Duration::from_secs(30)
    }
}

/// Attempts before an e-mail is given up.
pub const MAX_ATTEMPTS: i64 = 10;

/// What a lease must cover beyond the send: the statements of the attempt around it (the
/// e-mail's row, its token's hash, the record of the attempt), each of which waits at most the
/// pool's acquire time-out (10 s) plus SQLite's busy time-out (15 s). 60 s holds two of them with
/// room to spare.
pub const LEASE_MARGIN_SECS: i64 = 60;

/// How long one lease (and each renewal) holds: the transport's worst send plus the margin. With
/// SMTP at its default 30 s a step that is 14 × 30 + 60 = 480 s (`server::mail::SMTP_STEPS`).
pub fn lease_secs(transport: &dyn MailTransport) -> i64 {
    i64::try_from(transport.worst_send().as_secs())
        .unwrap_or(i64::MAX / 4)
        .saturating_add(LEASE_MARGIN_SECS)
}

/// How often, in real time, the heartbeat of a send in progress reads the clock. A renewal is
/// written only once a quarter of the lease has passed, so this costs no database work.
const HEARTBEAT_TICK: Duration = Duration::from_secs(1);

/// The wait before the next attempt after `attempts` failed ones: 30 s, doubling, at most 1 h.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exponent = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    (30 * 2_i64.pow(exponent)).min(3600)
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PassReport {
    pub sent: usize,
    pub failed: usize,
    pub dropped: usize,
}

/// One pass over the due e-mails (at most `batch`).
#[tracing::instrument(skip(state, transport), err(level = "warn"))]
pub async fn deliver_due(
    state: &AppState,
    transport: &dyn MailTransport,
    instance: &str,
    batch: i64,
) -> Result<PassReport, AppError> {
    let mut report = PassReport::default();
    let lease_secs = lease_secs(transport);
    let now = state.clock.now();
    for outbox_id in repo::due_outbox(&state.db.pool, now, batch).await? {
        let now = state.clock.now();
        if !repo::lease(&state.db.pool, outbox_id, instance, now, now + lease_secs).await? {
            continue;
        }
        let lease = Lease {
            outbox_id,
            instance,
            secs: lease_secs,
            taken_at: now,
        };
        let outcome = attempt(state, transport, &lease).await?;
        match &outcome {
            AttemptOutcome::Sent => report.sent += 1,
            AttemptOutcome::Failed { error, problem, .. } => {
                tracing::warn!(outbox_id, %error, problem = problem.code(), "e-mail delivery failed");
                report.failed += 1;
            }
            AttemptOutcome::Dropped { why } => {
                tracing::info!(outbox_id, why, "e-mail no longer needed");
                report.dropped += 1;
            }
        }
        repo::finish(
            &state.db.pool,
            outbox_id,
            instance,
            state.clock.now(),
            &outcome,
        )
        .await?;
    }
    Ok(report)
}

/// This instance's lease of one e-mail.
#[derive(Debug, Clone, Copy)]
struct Lease<'a> {
    outbox_id: i64,
    instance: &'a str,
    secs: i64,
    taken_at: i64,
}

/// Keeps the lease while a send runs: whenever a quarter of it has passed by the state's clock,
/// it is extended to a whole lease from now. Never returns (the send it runs beside ends it); if
/// another instance holds the lease after all, it says so once and renews no more.
async fn hold_lease(state: &AppState, lease: &Lease<'_>) -> Infallible {
    let mut renewed_at = lease.taken_at;
    let mut held = true;
    loop {
        tokio::time::sleep(HEARTBEAT_TICK).await;
        let now = state.clock.now();
        if !held || now - renewed_at < lease.secs / 4 {
            continue;
        }
        let renewed = repo::renew_lease(
            &state.db.pool,
            lease.outbox_id,
            lease.instance,
            now + lease.secs,
        )
        .await;
        match renewed {
            Ok(true) => renewed_at = now,
            Ok(false) => {
                held = false;
                tracing::error!(
                    outbox_id = lease.outbox_id,
                    instance = lease.instance,
                    "the outbox lease was lost while the e-mail was being sent: it may go twice"
                );
            }
            // Logged where it became an AppError; the next tick tries again, well before the
            // lease runs out.
            Err(_) => {}
        }
    }
}

#[tracing::instrument(skip(state, transport), err(level = "warn"))]
async fn attempt(
    state: &AppState,
    transport: &dyn MailTransport,
    lease: &Lease<'_>,
) -> Result<AttemptOutcome, AppError> {
    let (outbox_id, now) = (lease.outbox_id, lease.taken_at);
    // A notification or a digest: rendered when queued, sent as it is.
    if let Some((to_address, to_name, message, attempts)) =
        crate::notifications::repo::stored_mail(&state.db.pool, outbox_id).await?
    {
        let mail = OutgoingMail {
            outbox_id,
            to_address,
            to_name,
            message,
        };
        return Ok(send(state, transport, lease, &mail, attempts).await);
    }
    // An account e-mail (invitation, password reset): its link is minted now.
    if let Some(row) = crate::accounts::repo::mail_row(&state.db.pool, outbox_id, now).await? {
        if !row.usable {
            return Ok(AttemptOutcome::Dropped {
                why: "the link was used, revoked or expired",
            });
        }
        let (token, hash) = new_token();
        if !crate::accounts::repo::set_token_hash(&state.db.pool, row.token_id, &hash, now).await? {
            return Ok(AttemptOutcome::Dropped {
                why: "the link was used, revoked or expired",
            });
        }
        let link = format!(
            "{}{}/{token}",
            state.config.public_url.trim_end_matches('/'),
            row.purpose.path()
        );
        let mail = OutgoingMail {
            outbox_id,
            to_address: row.to_address.clone(),
            to_name: row.display_name.clone(),
            message: crate::accounts::mail::render(&crate::accounts::mail::AccountMail {
                purpose: row.purpose,
                language: &row.language,
                name: &row.display_name,
                partner_name: &row.partner_name,
                invited_by: &row.invited_by,
                expires_at: row.expires_at,
                link: &link,
            }),
        };
        return Ok(send(state, transport, lease, &mail, row.attempts).await);
    }
    let Some(row) = repo::mail_row(&state.db.pool, outbox_id).await? else {
        return Ok(AttemptOutcome::Dropped {
            why: "no consent request",
        });
    };
    if !row.usable() {
        return Ok(AttemptOutcome::Dropped {
            why: "a newer e-mail replaced it, or the customer answered",
        });
    }
    if row.claim_status != ClaimStatus::AwaitingConsent.code() || now >= row.expires_at {
        return Ok(AttemptOutcome::Dropped {
            why: "the claim no longer awaits consent",
        });
    }
    // The last check of the recipient: a partner domain configured (or a user added) after the
    // e-mail was queued, or a claim from before the rule, must not receive the link either.
    // Given up at once: retrying cannot change whose address it is; the partner sees the
    // delivery failed and sends again to the customer.
    if let Ok(to) = domain::EmailAddress::parse(&row.to_address) {
        let partner = domain::PartnerId::new(row.partner_id);
        let domains = repo::partner_domains(&state.db.pool, partner).await?;
        if let Some(own) = super::recipient::own_domain(&to, &domains) {
            return Ok(AttemptOutcome::Failed {
                error: format!(
                    "not sent: {} is at the partner's own domain {}; consent must come from the customer",
                    row.to_address,
                    own.as_str()
                ),
                problem: DeliveryProblem::OwnDomain,
                retry_at: None,
            });
        }
    }
    let (token, hash) = new_token();
    if !repo::set_token_hash(&state.db.pool, row.request_id, &hash).await? {
        return Ok(AttemptOutcome::Dropped {
            why: "a newer e-mail replaced it, or the customer answered",
        });
    }
    let mail = OutgoingMail {
        outbox_id,
        to_address: row.to_address.clone(),
        to_name: row.contact_name.clone(),
        message: render(&ConsentMail {
            language: row.language.clone(),
            reminder: row.resend()?,
            contact_name: row.contact_name.clone(),
            customer_name: row.customer_name.clone(),
            partner_name: row.partner_name.clone(),
            partner_contact_name: row.partner_contact_name.clone(),
            partner_contact_email: row.partner_contact_email.clone(),
            engagement_name: row.engagement_name.clone(),
            deadline: row.expires_at,
            link: format!(
                "{}/consent/{token}?lang={}",
                state.config.public_url.trim_end_matches('/'),
                row.language
            ),
        }),
    };
    Ok(send(state, transport, lease, &mail, row.attempts).await)
}

/// Hands one message to the transport while the lease is held, and says how it went.
async fn send(
    state: &AppState,
    transport: &dyn MailTransport,
    lease: &Lease<'_>,
    mail: &OutgoingMail,
    attempts_before: i64,
) -> AttemptOutcome {
    let delivered = tokio::select! {
        delivered = transport.deliver(mail) => delivered,
        never = hold_lease(state, lease) => match never {},
    };
    match delivered {
        Ok(()) => AttemptOutcome::Sent,
        Err(error) => {
            let attempts = attempts_before + 1;
            AttemptOutcome::Failed {
                error: error.detail.chars().take(500).collect(),
                problem: error.problem,
                retry_at: (attempts < MAX_ATTEMPTS && !error.problem.is_permanent())
                    .then(|| lease.taken_at + backoff_secs(attempts)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff_secs;

    #[test]
    fn back_off_doubles_from_thirty_seconds_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(backoff_secs).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
