//! What every handler and server function needs: the pool, the clock, the configuration.
//! It reaches them through axum state and Leptos context (`leptos_routes` provides the router's
//! state to every server function and render), never through a `static`.

use crate::db::Db;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use leptos::prelude::use_context;
use std::fmt::Debug;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// The source of "now", in Unix seconds. Deadlines, expiry and throttling all read it, so a test
/// (or a development control) can move time without sleeping.
pub trait Clock: Send + Sync + Debug + 'static {
    fn now(&self) -> i64;
}

/// The wall clock.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        time::OffsetDateTime::now_utc().unix_timestamp()
    }
}

/// A clock that shows the wall clock plus an offset that can be moved forward: tests and the
/// development-only time control use it to make deadlines pass.
#[derive(Debug, Default)]
pub struct OffsetClock {
    offset_secs: AtomicI64,
}

impl OffsetClock {
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::SeqCst);
    }

    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> i64 {
        SystemClock.now() + self.offset()
    }
}

/// Development or production: decides the session cookie (`Secure`, `__Host-`), HSTS, the demo
/// data and the development pages. Never defaulted: `APP_ENV` must say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Sign-in throttling: failures allowed within the window before further attempts are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    pub per_account: i64,
    pub per_address: i64,
    pub window_secs: i64,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self {
            per_account: 5,
            per_address: 30,
            window_secs: 15 * 60,
        }
    }
}

/// Customer consent: how often the e-mail may be re-sent, and how many consent-link lookups
/// one address may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentSettings {
    /// Re-sends allowed per claim after the first e-mail.
    pub max_resends: u32,
    /// The least time between two e-mails of one claim.
    pub resend_interval_secs: i64,
    /// Consent-link lookups (page views and decisions) per address and minute...
    pub lookups_per_minute: u32,
    /// ... with this many allowed at once.
    pub lookup_burst: u32,
}

impl Default for ConsentSettings {
    fn default() -> Self {
        Self {
            max_resends: 3,
            resend_interval_secs: 60 * 60,
            lookups_per_minute: 20,
            lookup_burst: 30,
        }
    }
}

/// The wizard's customer checks one user may make per minute, and at once. The wizard checks an
/// ID when the partner pauses typing: a person nominating customers stays far below; a script
/// walking the directory does not.
pub const CUSTOMER_CHECKS_PER_MINUTE: u32 = 30;
pub const CUSTOMER_CHECK_BURST: u32 = 20;

/// The public account functions (the forgotten-password request, the strength meter) one address
/// may call per minute, and at once. The meter asks when typing pauses; zxcvbn's estimate costs
/// CPU, and the reset request writes and mails: nobody signed in may call them without end.
pub const ACCOUNT_CALLS_PER_MINUTE: u32 = 30;
pub const ACCOUNT_CALL_BURST: u32 = 20;

/// Proof-of-execution uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentSettings {
    /// The most one document may weigh, in bytes (`UPLOAD_MAX_BYTES`, 10 MB by default).
    pub max_bytes: u64,
    /// Documents per submission.
    pub max_files: usize,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        Self {
            max_bytes: 10_000_000,
            max_files: 10,
        }
    }
}

/// Settings the application code reads (the server's own settings stay in the server crate).
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub environment: Environment,
    /// How many trusted proxies append to `X-Forwarded-For` in front of the application: the
    /// client is the address that many hops from the right (0: the TCP peer).
    pub trusted_proxy_hops: u8,
    /// A session ends this long after its sign-in, however active.
    pub session_max_secs: i64,
    pub sign_in_limits: SignInLimits,
    /// Where people reach the application (`https://mci.example.com`): the base of the links in
    /// e-mails.
    pub public_url: String,
    pub consent: ConsentSettings,
    pub documents: DocumentSettings,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<AppConfig>,
    /// Per-address limit of consent-link lookups (held in memory by each instance).
    pub consent_limiter: Arc<crate::consent::limiter::LookupLimiter>,
    /// Per-user limit of the wizard's customer checks (held in memory by each instance): the
    /// wizard checks as the partner types, not a directory to walk.
    pub customer_check_limiter: Arc<crate::consent::limiter::LookupLimiter>,
    /// Per-address limit of the public account functions (held in memory by each instance).
    pub account_limiter: Arc<crate::consent::limiter::LookupLimiter>,
    /// Wakes this instance's outbox worker when a change queues an e-mail.
    pub outbox_wake: Arc<tokio::sync::Notify>,
    /// Development only: the clock's offset control behind `/dev/clock`.
    pub time_control: Option<Arc<OffsetClock>>,
    /// Where submitted documents are kept.
    pub documents: crate::submission::store::DocumentStore,
}

impl AppState {
    pub fn new(
        leptos_options: LeptosOptions,
        db: Db,
        clock: Arc<dyn Clock>,
        config: AppConfig,
        time_control: Option<Arc<OffsetClock>>,
        documents: crate::submission::store::DocumentStore,
    ) -> AppState {
        let consent_limiter = Arc::new(crate::consent::limiter::LookupLimiter::new(
            config.consent.lookups_per_minute,
            config.consent.lookup_burst,
        ));
        let customer_check_limiter = Arc::new(crate::consent::limiter::LookupLimiter::new(
            CUSTOMER_CHECKS_PER_MINUTE,
            CUSTOMER_CHECK_BURST,
        ));
        let account_limiter = Arc::new(crate::consent::limiter::LookupLimiter::new(
            ACCOUNT_CALLS_PER_MINUTE,
            ACCOUNT_CALL_BURST,
        ));
        AppState {
            leptos_options,
            db,
            clock,
            config: Arc::new(config),
            consent_limiter,
            customer_check_limiter,
            account_limiter,
            outbox_wake: Arc::new(tokio::sync::Notify::new()),
            time_control,
            documents,
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The application state inside a server function or a server render.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState is missing from the Leptos context");
        AppError::Internal
    })
}
