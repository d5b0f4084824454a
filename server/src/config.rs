//! Configuration, from environment variables (see `.env.example` for each one).

use anyhow::Context;
use app::state::{AppConfig, ConsentSettings, DocumentSettings, Environment, SignInLimits};
use app::submission::store::StoreSettings;
use std::net::SocketAddr;

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// Plain connection (a local relay or a test server only).
    None,
    /// Plain connection upgraded with STARTTLS, required (port 587).
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
}

/// The SMTP server the outbox delivers through.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub password: Option<String>,
    pub tls: SmtpTls,
    /// Seconds to wait for the server at each step.
    pub timeout_secs: u64,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub db_max_connections: u32,
    pub environment: Environment,
    /// Load the demo data into an empty database at start-up.
    pub seed_demo_data: bool,
    /// When set (`https://mci.example.com`), the only origin allowed to send state-changing
    /// requests; otherwise the request's own `Host`.
    pub public_origin: Option<String>,
    pub trust_forwarded_for: bool,
    pub log_json: bool,
    pub session_idle_minutes: i64,
    /// `None`: no SMTP server; allowed in development only, where mail goes to `/dev/mailbox`.
    pub smtp: Option<SmtpSettings>,
    /// The sender of every e-mail (`MCI Customers <no-reply@mci.example>`).
    pub mail_from: String,
    /// How often the outbox worker looks for mail to send (it is also woken by each change).
    pub outbox_poll_secs: u64,
    pub consent: ConsentSettings,
    /// Where submitted documents are kept: a directory (`DOCUMENTS_DIR`, `data/documents` by
    /// default) or, with several instances, an S3 bucket (`DOCUMENTS_S3_BUCKET`).
    pub document_store: StoreSettings,
    pub documents: DocumentSettings,
}

fn number<T: std::str::FromStr>(name: &str, default: T) -> anyhow::Result<T> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| anyhow::anyhow!("{name} must be a whole number, not {v:?}")),
    }
}

impl SmtpSettings {
    fn from_env() -> anyhow::Result<Option<SmtpSettings>> {
        let Some(host) = var("SMTP_HOST") else {
            return Ok(None);
        };
        let tls = match var("SMTP_TLS").as_deref() {
            None | Some("starttls") => SmtpTls::StartTls,
            Some("tls") => SmtpTls::Tls,
            Some("none") => SmtpTls::None,
            Some(other) => anyhow::bail!("SMTP_TLS must be starttls, tls or none, not {other:?}"),
        };
        let default_port = match tls {
            SmtpTls::None => 25,
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
        };
        Ok(Some(SmtpSettings {
            host,
            port: number("SMTP_PORT", default_port)?,
            username: var("SMTP_USERNAME"),
            password: var("SMTP_PASSWORD"),
            tls,
            timeout_secs: number("SMTP_TIMEOUT_SECONDS", 30)?,
        }))
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

fn flag(name: &str, default: bool) -> anyhow::Result<bool> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => anyhow::bail!("{name} must be true or false, not {other:?}"),
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        let environment = match var("APP_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                anyhow::bail!("APP_ENV must be development or production, not {other:?}")
            }
        };
        let development = environment == Environment::Development;
        Ok(Config {
            database_url: var("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/mci-customers.db".to_owned()),
            db_max_connections: var("DB_MAX_CONNECTIONS")
                .map(|v| {
                    v.parse()
                        .context("DB_MAX_CONNECTIONS must be a whole number")
                })
                .transpose()?
                .unwrap_or(10),
            environment,
            seed_demo_data: flag("SEED_DEMO_DATA", development)?,
            public_origin: var("PUBLIC_ORIGIN").map(|o| o.trim_end_matches('/').to_owned()),
            trust_forwarded_for: flag("TRUST_FORWARDED_FOR", false)?,
            log_json: var("LOG_FORMAT").as_deref() == Some("json"),
            session_idle_minutes: var("SESSION_IDLE_MINUTES")
                .map(|v| {
                    v.parse()
                        .context("SESSION_IDLE_MINUTES must be a whole number")
                })
                .transpose()?
                .unwrap_or(8 * 60),
            smtp: {
                let smtp = SmtpSettings::from_env()?;
                if smtp.is_none() && !development {
                    anyhow::bail!(
                        "SMTP_HOST must be set in production: consent e-mails are sent over SMTP"
                    );
                }
                smtp
            },
            mail_from: var("MAIL_FROM")
                .unwrap_or_else(|| "MCI Customers <no-reply@mci-customers.example>".to_owned()),
            outbox_poll_secs: number("OUTBOX_POLL_SECONDS", 5)?,
            consent: {
                let defaults = ConsentSettings::default();
                ConsentSettings {
                    max_resends: number("CONSENT_MAX_RESENDS", defaults.max_resends)?,
                    resend_interval_secs: defaults.resend_interval_secs,
                    lookups_per_minute: number(
                        "CONSENT_LOOKUPS_PER_MINUTE",
                        defaults.lookups_per_minute,
                    )?,
                    lookup_burst: number("CONSENT_LOOKUP_BURST", defaults.lookup_burst)?,
                }
            },
            document_store: match var("DOCUMENTS_S3_BUCKET") {
                Some(bucket) => StoreSettings::S3 { bucket },
                None => StoreSettings::Disk(
                    var("DOCUMENTS_DIR")
                        .unwrap_or_else(|| "data/documents".to_owned())
                        .into(),
                ),
            },
            documents: {
                let defaults = DocumentSettings::default();
                DocumentSettings {
                    max_bytes: number("UPLOAD_MAX_BYTES", defaults.max_bytes)?,
                    max_files: number("UPLOAD_MAX_FILES", defaults.max_files)?,
                }
            },
        })
    }

    /// The settings the application reads; `site_addr` gives the links' base when no public
    /// origin is configured.
    pub fn app_config(&self, site_addr: SocketAddr) -> AppConfig {
        AppConfig {
            environment: self.environment,
            trust_forwarded_for: self.trust_forwarded_for,
            sign_in_limits: SignInLimits::default(),
            public_url: self
                .public_origin
                .clone()
                .unwrap_or_else(|| format!("http://{site_addr}")),
            consent: self.consent,
            documents: self.documents,
        }
    }
}
