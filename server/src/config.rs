//! Configuration, from environment variables (see `.env.example` for each one).

use anyhow::Context;
use app::state::{AppConfig, Environment, SignInLimits};

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
        })
    }

    pub fn app_config(&self) -> AppConfig {
        AppConfig {
            environment: self.environment,
            trust_forwarded_for: self.trust_forwarded_for,
            sign_in_limits: SignInLimits::default(),
        }
    }
}
