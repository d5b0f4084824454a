//! Delivery of the outbox: each pass leases due e-mails one by one, makes the link's token,
//! hands the message to the transport and records the attempt. Failed attempts are retried with
//! exponential back-off; several instances may run passes at once (the lease is one conditional
//! UPDATE, so each e-mail has one sender at a time).
//!
//! Delivery is at least once: if an instance stops after the mail server took a message but
//! before recording it, the lease runs out and the e-mail is sent again with a new token, the
//! newest link being the one that works.

use super::mail::{render, ConsentMail, Rendered};
use super::repo::{self, AttemptOutcome};
use super::token::new_token;
use crate::error::AppError;
use crate::state::AppState;
use domain::ClaimStatus;

/// An e-mail ready for the transport.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub outbox_id: i64,
    pub to_address: String,
    pub to_name: String,
    pub message: Rendered,
}

/// Where e-mail goes: SMTP in the server crate, or the development mailbox.
#[async_trait::async_trait]
pub trait MailTransport: Send + Sync {
    /// Hands one message over; the error says why it could not be.
    async fn deliver(&self, mail: &OutgoingMail) -> Result<(), String>;
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
    async fn deliver(&self, mail: &OutgoingMail) -> Result<(), String> {
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
        .map_err(|e| e.to_string())
    }
}

/// Attempts before an e-mail is given up.
pub const MAX_ATTEMPTS: i64 = 10;
/// How long a lease holds: longer than any transport's time-out.
const LEASE_SECS: i64 = 120;

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
    let now = state.clock.now();
    for outbox_id in repo::due_outbox(&state.db.pool, now, batch).await? {
        let now = state.clock.now();
        if !repo::lease(&state.db.pool, outbox_id, instance, now, now + LEASE_SECS).await? {
            continue;
        }
        let outcome = attempt(state, transport, outbox_id, now).await?;
        match &outcome {
            AttemptOutcome::Sent => report.sent += 1,
            AttemptOutcome::Failed { error, .. } => {
                tracing::warn!(outbox_id, %error, "e-mail delivery failed");
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

#[tracing::instrument(skip(state, transport), err(level = "warn"))]
async fn attempt(
    state: &AppState,
    transport: &dyn MailTransport,
    outbox_id: i64,
    now: i64,
) -> Result<AttemptOutcome, AppError> {
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
    Ok(match transport.deliver(&mail).await {
        Ok(()) => AttemptOutcome::Sent,
        Err(error) => {
            let attempts = row.attempts + 1;
            AttemptOutcome::Failed {
                error: error.chars().take(500).collect(),
                retry_at: (attempts < MAX_ATTEMPTS).then(|| now + backoff_secs(attempts)),
            }
        }
    })
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
