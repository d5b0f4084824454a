//! Delivery over SMTP with `lettre`: the transport the outbox worker uses whenever `SMTP_HOST`
//! is set (always in production).

use crate::config::{SmtpSettings, SmtpTls};
use app::consent::outbox::{MailTransport, OutgoingMail};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
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
        let mut builder = builder
            .port(settings.port)
            .timeout(Some(Duration::from_secs(settings.timeout_secs)));
        if let (Some(user), Some(password)) = (&settings.username, &settings.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| anyhow::anyhow!("MAIL_FROM is not a valid mailbox: {e}"))?;
        Ok(SmtpMailer {
            transport: builder.build(),
            from,
        })
    }

    fn message(&self, mail: &OutgoingMail) -> Result<Message, String> {
        let to = Mailbox::new(
            Some(mail.to_name.clone()),
            mail.to_address
                .parse()
                .map_err(|e| format!("the recipient's address is not valid: {e}"))?,
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
            .map_err(|e| format!("building the message: {e}"))
    }
}

#[async_trait::async_trait]
impl MailTransport for SmtpMailer {
    #[tracing::instrument(skip_all, fields(outbox = mail.outbox_id), err(level = "warn"))]
    async fn deliver(&self, mail: &OutgoingMail) -> Result<(), String> {
        let message = self.message(mail)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP: {e}"))
    }
}
