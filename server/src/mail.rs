//! Delivery over SMTP with `lettre`: the transport the outbox worker uses whenever `SMTP_HOST`
//! is set (always in production).
//!
//! A failed send is classified ([`problem_of`]) into the category a partner is shown; the
//! server's own reply stays in the error's text, which only the logs and the outbox row keep.

use crate::config::{SmtpSettings, SmtpTls};
use app::consent::delivery::DeliveryProblem;
use app::consent::outbox::{DeliveryError, MailTransport, OutgoingMail};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::error::Error as _;
use std::time::Duration;

/// The exchanges of one send on a new connection, each of which may wait up to the configured
/// time-out (`SMTP_TIMEOUT_SECONDS`): a pooled connection found broken by its NOOP (1), connecting
/// (1), the greeting (1), EHLO (1), STARTTLS and its handshake (2), EHLO again (1), AUTH (3 for
/// LOGIN: the command, the user, the password), MAIL FROM (1), RCPT TO (1), DATA (1) and the
/// message up to its final "." (1): 14. So the worst send is 14 × the time-out (420 s at the
/// default 30 s), and the outbox's lease that plus its margin (`outbox::lease_secs`).
///
/// lettre's async transport applies the time-out to connecting only, not to each reply: the
/// whole send is bounded here, at that worst case, so that the arithmetic holds.
pub const SMTP_STEPS: u32 = 14;

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// [`SMTP_STEPS`] × the time-out.
    worst_send: Duration,
}

impl SmtpMailer {
    pub fn new(settings: &SmtpSettings, from: &str) -> anyhow::Result<SmtpMailer> {
        let builder = match settings.tls {
            SmtpTls::None => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.host)
            }
            SmtpTls::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&settings.host)?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&settings.host)?,
        };
        let step = Duration::from_secs(settings.timeout_secs);
        let mut builder = builder.port(settings.port).timeout(Some(step));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| anyhow::anyhow!("MAIL_FROM is not a valid mailbox: {e}"))?;
        Ok(SmtpMailer {
            transport: builder.build(),
            from,
            worst_send: step * SMTP_STEPS,
        })
    }

    fn message(&self, mail: &OutgoingMail) -> Result<Message, DeliveryError> {
        let to = Mailbox::new(
            Some(mail.to_name.clone()),
            mail.to_address.parse().map_err(|e| {
                DeliveryError::new(
                    DeliveryProblem::AddressInvalid,
                    format!("the recipient's address is not valid: {e}"),
                )
            })?,
        );
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.message.subject.clone())
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(mail.message.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(mail.message.html.clone()),
                    ),
            )
            .map_err(|e| {
                DeliveryError::new(DeliveryProblem::Other, format!("building the message: {e}"))
            })
    }
}

#[async_trait::async_trait]
impl MailTransport for SmtpMailer {
    #[tracing::instrument(skip_all, fields(outbox = mail.outbox_id), err(level = "warn"))]
    async fn deliver(&self, mail: &OutgoingMail) -> Result<(), DeliveryError> {
        let message = self.message(mail)?;
        match tokio::time::timeout(self.worst_send, self.transport.send(message)).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) => Err(DeliveryError::new(
                problem_of(&error),
                format!("SMTP: {error}"),
            )),
            Err(_) => Err(DeliveryError::new(
                DeliveryProblem::Unreachable,
                format!(
                    "SMTP: no answer within {} s, the most {SMTP_STEPS} steps may take",
                    self.worst_send.as_secs()
                ),
            )),
        }
    }

    fn worst_send(&self) -> Duration {
        self.worst_send
    }
}

/// The category of a failed send.
pub fn problem_of(error: &lettre::transport::smtp::Error) -> DeliveryProblem {
    match error.status() {
        Some(code) => {
            let text = error.source().map(|s| s.to_string()).unwrap_or_default();
            problem_of_reply(u16::from(code), &text)
        }
        // A reply that could not be read, or a fault of the client itself.
        None if error.is_response() || error.is_client() => DeliveryProblem::Other,
        // Connecting, TLS, the network, a time-out: the server could not be reached.
        None => DeliveryProblem::Unreachable,
    }
}

/// The category of a negative SMTP reply: `code` its three digits, `text` the server's words, which
/// start with an RFC 3463 enhanced status code (`5.1.1`) when the server gives one.
pub fn problem_of_reply(code: u16, text: &str) -> DeliveryProblem {
    use DeliveryProblem::*;
    if code / 100 == 4 {
        return Deferred;
    }
    // Our side: a command the server did not take (500–504), authentication (530, 534, 535,
    // 538).
    if (500..=504).contains(&code) || matches!(code, 530 | 534 | 535 | 538) {
        return OurServer;
    }
    match enhanced_code(text) {
        // Addressing: the mailbox, its domain, moved, no mail for the domain (null MX).
        Some((1, 1 | 2 | 6 | 10)) => AddressUnknown,
        Some((1, 3)) => AddressInvalid,
        // The sender's address: ours.
        Some((1, 7 | 8)) => OurServer,
        Some((1, _)) => AddressRefused,
        // The mailbox: full, or the message too long for it.
        Some((2, 2)) => MailboxFull,
        Some((2, 3)) | Some((3, 4)) => OurServer,
        Some((2, _)) => AddressRefused,
        // Routing: the destination cannot be found.
        Some((4, 4)) => AddressUnknown,
        // The protocol, or a policy about our authentication or encryption.
        Some((5, _)) | Some((7, 8 | 9 | 11 | 13)) => OurServer,
        Some((7, _)) => AddressRefused,
        Some(_) => Other,
        None => match code {
            550 if says_unknown(text) => AddressUnknown,
            552 => MailboxFull,
            553 => AddressInvalid,
            556 => AddressUnknown,
            550 | 551 | 554 | 521 => AddressRefused,
            _ => Other,
        },
    }
}

/// The subject and detail of the enhanced status code (`5.1.1` → `(1, 1)`) the reply starts
/// with.
fn enhanced_code(text: &str) -> Option<(u16, u16)> {
    let first = text.split_whitespace().next()?;
    let mut parts = first.split('.');
    let class = parts.next()?;
    let subject = parts.next()?.parse().ok()?;
    let detail = parts.next()?.parse().ok()?;
    (matches!(class, "4" | "5") && parts.next().is_none()).then_some((subject, detail))
}

/// A reply without an enhanced code that still says the mailbox does not exist.
fn says_unknown(text: &str) -> bool {
    let text = text.to_ascii_lowercase();
    ["unknown", "does not exist", "no such user", "not found"]
        .iter()
        .any(|words| text.contains(words))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeliveryProblem::*;

    #[test]
    fn an_unknown_recipient_is_an_address_that_does_not_exist() {
        let reply =
            "5.1.1 <x@y>: Recipient address rejected: User unknown in virtual mailbox table";
        assert_eq!(problem_of_reply(550, reply), AddressUnknown);
        assert_eq!(problem_of_reply(550, "No such user here"), AddressUnknown);
        assert_eq!(problem_of_reply(550, "5.1.10 null MX"), AddressUnknown);
    }

    #[test]
    fn a_policy_refusal_is_a_refused_address() {
        assert_eq!(
            problem_of_reply(550, "5.7.1 Relaying denied"),
            AddressRefused
        );
        assert_eq!(problem_of_reply(554, "Transaction failed"), AddressRefused);
        assert_eq!(problem_of_reply(550, "Mailbox unavailable"), AddressRefused);
    }

    #[test]
    fn a_temporary_reply_is_deferred() {
        assert_eq!(
            problem_of_reply(451, "4.7.1 Greylisted, try again later"),
            Deferred
        );
        assert_eq!(problem_of_reply(452, "Too many recipients"), Deferred);
    }

    #[test]
    fn our_credentials_or_commands_are_our_servers_problem() {
        assert_eq!(
            problem_of_reply(535, "5.7.8 Authentication credentials invalid"),
            OurServer
        );
        assert_eq!(
            problem_of_reply(530, "5.7.0 Authentication required"),
            OurServer
        );
        assert_eq!(
            problem_of_reply(553, "5.1.8 Sender address rejected"),
            OurServer
        );
        assert_eq!(problem_of_reply(500, "Command unrecognized"), OurServer);
    }

    #[test]
    fn a_full_mailbox_and_a_bad_address_are_named() {
        assert_eq!(problem_of_reply(552, "5.2.2 Mailbox full"), MailboxFull);
        assert_eq!(problem_of_reply(552, "Quota exceeded"), MailboxFull);
        assert_eq!(
            problem_of_reply(553, "5.1.3 Bad address syntax"),
            AddressInvalid
        );
        assert_eq!(
            problem_of_reply(553, "Mailbox name not allowed"),
            AddressInvalid
        );
    }

    #[test]
    fn an_enhanced_code_is_read_only_where_the_reply_starts() {
        assert_eq!(enhanced_code("5.1.1 <x@y>: rejected"), Some((1, 1)));
        assert_eq!(enhanced_code("4.7.1"), Some((7, 1)));
        assert_eq!(enhanced_code("User 5.1.1 unknown"), None);
        assert_eq!(enhanced_code("2.0.0 Ok"), None);
        assert_eq!(enhanced_code("5.1"), None);
        assert_eq!(enhanced_code(""), None);
    }

    // The transport's pool spawns its clean-up task: it needs a runtime.
    #[tokio::test]
    async fn the_worst_send_is_every_step_at_its_time_out() {
        let mailer = SmtpMailer::new(
            &SmtpSettings {
                host: "127.0.0.1".into(),
                port: 2525,
                username: None,
                password: None,
                tls: SmtpTls::None,
                timeout_secs: 30,
            },
            "MCI Customers <no-reply@mci.example>",
        )
        .unwrap();
        assert_eq!(mailer.worst_send(), Duration::from_secs(14 * 30));
        assert_eq!(
            app::consent::outbox::lease_secs(&mailer),
            420 + app::consent::outbox::LEASE_MARGIN_SECS
        );
    }
}
