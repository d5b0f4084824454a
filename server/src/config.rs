//! Configuration, from environment variables (see `.env.example` for each one).

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
    /// How many proxies in front of the application append to `X-Forwarded-For`
    /// (`TRUSTED_PROXY_HOPS`, 0 by default: the TCP peer is the client).
    pub trusted_proxy_hops: u8,
    /// JSON log lines (the default in production), or text for a terminal.
    pub log_json: bool,
    pub session_idle_minutes: i64,
    /// A session ends this long after its sign-in, however active (`SESSION_MAX_HOURS`).
    pub session_max_hours: i64,
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

/// The environment variables as the configuration reads them: trimmed, and empty meaning unset.
/// A function rather than `std::env` so that the rules are tested without touching the process.
struct Vars<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Vars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn number<T: std::str::FromStr>(&self, name: &str, default: T) -> anyhow::Result<T> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| anyhow::anyhow!("{name} must be a whole number, not {v:?}")),
        }
    }

    fn flag(&self, name: &str, default: bool) -> anyhow::Result<bool> {
        match self.get(name).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(other) => anyhow::bail!("{name} must be true or false, not {other:?}"),
        }
    }
}

impl SmtpSettings {
    fn from_vars(vars: &Vars) -> anyhow::Result<Option<SmtpSettings>> {
        let Some(host) = vars.get("SMTP_HOST") else {
            return Ok(None);
        };
        let tls = match vars.get("SMTP_TLS").as_deref() {
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
            port: vars.number("SMTP_PORT", default_port)?,
            username: vars.get("SMTP_USERNAME"),
            password: vars.get("SMTP_PASSWORD"),
            tls,
            timeout_secs: vars.number("SMTP_TIMEOUT_SECONDS", 30)?,
        }))
    }
}

/// `PUBLIC_ORIGIN` as an origin: a scheme and a host (and port), nothing after. Production
/// requires https: the session cookie is `Secure` and HSTS is sent, so plain http could not sign
/// anyone in, and the e-mailed links must not travel in clear.
fn public_origin(value: &str, production: bool) -> anyhow::Result<String> {
    let origin = value.trim_end_matches('/');
    let uri: http::Uri = origin.parse().map_err(|_| {
        anyhow::anyhow!(
            "PUBLIC_ORIGIN must be an origin such as https://mci.example.com, not {value:?}"
        )
    })?;
    let scheme_ok = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => !production,
        _ => false,
    };
    if !scheme_ok || uri.host().is_none() || uri.path_and_query().is_some_and(|p| p.as_str() != "/")
    {
        if production {
            anyhow::bail!(
                "PUBLIC_ORIGIN must be an https origin such as https://mci.example.com in production, not {value:?}"
            );
        }
        anyhow::bail!(
            "PUBLIC_ORIGIN must be an origin such as https://mci.example.com, not {value:?}"
        );
    }
    Ok(origin.to_owned())
}

impl Config {
    /// The configuration of this process, from its environment.
    pub fn from_env() -> anyhow::Result<Config> {
        Config::from_vars(&|name| std::env::var(name).ok())
    }

    /// The configuration from a lookup of variables. Fails closed: `APP_ENV` must be said, and
    /// production refuses every setting that would leave a hole (no public https origin, no
    /// SMTP server, demo data). Each refusal is one line that names the variable.
    pub fn from_vars(lookup: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let vars = Vars(lookup);
        let environment = match vars.get("APP_ENV").as_deref() {
            Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            None => anyhow::bail!(
                "APP_ENV must be set: production for a deployment, development for this machine only"
            ),
            Some(other) => {
                anyhow::bail!("APP_ENV must be development or production, not {other:?}")
            }
        };
        let development = environment == Environment::Development;
        let production = !development;
        if vars.get("TRUST_FORWARDED_FOR").is_some() {
            anyhow::bail!(
                "TRUST_FORWARDED_FOR is no longer read: set TRUSTED_PROXY_HOPS to the number of proxies in front of the application"
            );
        }
        let seed_demo_data = vars.flag("SEED_DEMO_DATA", development)?;
        if production && seed_demo_data {
            anyhow::bail!(
                "SEED_DEMO_DATA cannot be true in production: the demo accounts share a published password"
            );
        }
        let public_origin = match vars.get("PUBLIC_ORIGIN") {
            Some(value) => Some(public_origin(&value, production)?),
            None if production => anyhow::bail!(
                "PUBLIC_ORIGIN must be set in production (e.g. https://mci.example.com): it is the only origin allowed to change data and the base of e-mailed links"
            ),
            None => None,
        };
        let smtp = SmtpSettings::from_vars(&vars)?;
        if smtp.is_none() && production {
            anyhow::bail!(
                "SMTP_HOST must be set in production: consent e-mails are sent over SMTP"
            );
        }
        if production && smtp.as_ref().is_some_and(|s| s.tls == SmtpTls::None) {
            anyhow::bail!("SMTP_TLS cannot be none in production: the e-mails carry consent links");
        }
        let log_json = match vars.get("LOG_FORMAT").as_deref() {
            None => production,
            Some("json") => true,
            Some("text") => false,
            Some(other) => anyhow::bail!("LOG_FORMAT must be json or text, not {other:?}"),
        };
        let session_idle_minutes = vars.number("SESSION_IDLE_MINUTES", 8 * 60)?;
        let session_max_hours = vars.number("SESSION_MAX_HOURS", 12)?;
        if session_idle_minutes < 1 {
            anyhow::bail!("SESSION_IDLE_MINUTES must be at least 1, not {session_idle_minutes}");
        }
        if session_max_hours < 1 {
            anyhow::bail!("SESSION_MAX_HOURS must be at least 1, not {session_max_hours}");
        }
        Ok(Config {
            database_url: vars
                .get("DATABASE_URL")
                .unwrap_or_else(|| "sqlite://data/mci-customers.db".to_owned()),
            db_max_connections: vars.number("DB_MAX_CONNECTIONS", 10)?,
            environment,
            seed_demo_data,
            public_origin,
            trusted_proxy_hops: vars.number("TRUSTED_PROXY_HOPS", 0)?,
            log_json,
            session_idle_minutes,
            session_max_hours,
            smtp,
            mail_from: vars
                .get("MAIL_FROM")
                .unwrap_or_else(|| "MCI Customers <no-reply@mci-customers.example>".to_owned()),
            outbox_poll_secs: vars.number("OUTBOX_POLL_SECONDS", 5)?,
            consent: {
                let defaults = ConsentSettings::default();
                ConsentSettings {
                    max_resends: vars.number("CONSENT_MAX_RESENDS", defaults.max_resends)?,
                    resend_interval_secs: defaults.resend_interval_secs,
                    lookups_per_minute: vars
                        .number("CONSENT_LOOKUPS_PER_MINUTE", defaults.lookups_per_minute)?,
                    lookup_burst: vars.number("CONSENT_LOOKUP_BURST", defaults.lookup_burst)?,
                }
            },
            document_store: match vars.get("DOCUMENTS_S3_BUCKET") {
                Some(bucket) => StoreSettings::S3 { bucket },
                None => StoreSettings::Disk(
                    vars.get("DOCUMENTS_DIR")
                        .unwrap_or_else(|| "data/documents".to_owned())
                        .into(),
                ),
            },
            documents: {
                let defaults = DocumentSettings::default();
                DocumentSettings {
                    max_bytes: vars.number("UPLOAD_MAX_BYTES", defaults.max_bytes)?,
                    max_files: vars.number("UPLOAD_MAX_FILES", defaults.max_files)?,
                }
            },
        })
    }

    /// The session cookie's name. In production the `__Host-` prefix makes the browser refuse
    /// the cookie unless it is `Secure`, set by this host (no `Domain`) for the path `/`: no
    /// sibling subdomain can plant or overwrite it.
    pub fn session_cookie_name(&self) -> &'static str {
        match self.environment {
            Environment::Production => "__Host-mci_session",
            Environment::Development => "mci_session",
        }
    }

    /// The settings the application reads; `site_addr` gives the links' base when no public
    /// origin is configured.
    pub fn app_config(&self, site_addr: SocketAddr) -> AppConfig {
        AppConfig {
            environment: self.environment,
            trusted_proxy_hops: self.trusted_proxy_hops,
            session_max_secs: self.session_max_hours * 3600,
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

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
