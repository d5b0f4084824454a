//! The MCI Customers server: configuration, database, router, layers and background workers.
//! `main.rs` only parses the command line and calls into here, so that the integration tests
//! start the very same application on port 0.

pub mod assets;
pub mod config;
pub mod dev;
pub mod endpoints;
pub mod logging;
pub mod mail;
pub mod security;
pub mod workers;

use app::components::layout::LOCALE_COOKIE;
use app::db::session_store::DbSessionStore;
use app::db::Db;
use app::state::{AppState, Clock, Environment, OffsetClock};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use config::Config;
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use security::OriginPolicy;
use std::sync::Arc;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Loads the demo claims (every state of the life cycle) once the application state exists.
pub async fn seed_demo_claims(state: &AppState) -> anyhow::Result<()> {
    // Boxed: the seeding runs every service down to its repos, each future inside the one above
    // it and inside its tracing span; unboxed, `main`'s future nests deeper than the compiler's
    // default recursion limit allows for computing its layout.
    Box::pin(app::db::demo::seed_claims(state)).await
}

/// Connects, migrates and (in development, on an empty database) loads the demo data.
pub async fn prepare_database(config: &Config, clock: &dyn Clock) -> anyhow::Result<(Db, bool)> {
    let db = Db::connect(&config.database_url, config.db_max_connections).await?;
    db.migrate().await?;
    // `Config` refuses demo data in production; checked again here, where it would happen.
    let demo = config.seed_demo_data && config.environment == Environment::Development;
    let seeded = if demo && app::db::demo::is_empty(&db).await? {
        app::db::demo::seed(&db, clock.now()).await?;
        true
    } else {
        false
    };
    Ok((db, seeded))
}

/// The whole application as an axum router.
pub fn router(state: AppState, config: &Config) -> Router {
    let routes = generate_route_list(app::App);
    let production = config.environment == Environment::Production;
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.pool.clone()))
        .with_name(config.session_cookie_name())
        .with_path("/")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(production)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            config.session_idle_minutes,
        )));
    // cargo-leptos' live reload (development only) talks over a WebSocket on its own port.
    let options = &state.leptos_options;
    let extra_connect = match options.env {
        leptos::config::Env::DEV => {
            format!(" ws://{}:{}", options.site_addr.ip(), options.reload_port)
        }
        leptos::config::Env::PROD => String::new(),
    };
    let policy = OriginPolicy {
        public_origin: config.public_origin.clone(),
        hsts: production,
        extra_connect,
    };

    let mut router = Router::new()
        .route(endpoints::HEALTHZ, get(healthz))
        .route(endpoints::READYZ, get(readyz))
        .route(
            endpoints::CUSTOMERS_CSV,
            get(app::customers::export::export_csv),
        )
        .route(
            endpoints::DOCUMENT,
            get(app::submission::download::download),
        )
        .route(endpoints::CALENDAR, get(app::calendar::feed::calendar_feed));
    if config.environment == Environment::Development {
        router = router.merge(dev::routes().layer(axum::middleware::from_fn(dev::loopback_only)));
    }
    router
        .merge(assets::routes(&state.leptos_options))
        .leptos_routes_with_context(&state, routes, request_context, {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(request_context, app::shell))
        .layer(sessions)
        .layer(axum::middleware::from_fn(
            security::require_multipart_uploads,
        ))
        .layer(axum::middleware::from_fn_with_state(
            policy.clone(),
            security::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            policy,
            security::security_headers,
        ))
        .layer(axum::middleware::from_fn(consent_language))
        // Every answer as the browser accepts it (brotli, else gzip): pages, server functions and
        // CSV exports. The bundle comes compressed at build time (`assets`), so its answers are
        // already encoded and left alone; the WASM of a build without compressed files goes as
        // it is, since compressing megabytes costs a quarter of a second of CPU per request.
        // Small bodies and images are left as they are too.
        .layer(CompressionLayer::new().compress_when(
            DefaultPredicate::new().and(NotForContentType::const_new("application/wasm")),
        ))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// What every page render and server-function call gets in its Leptos context: the page's
/// nonce, and a memo of its own for the work its server functions share (the signed-in user,
/// ...), dropped with the request.
fn request_context() {
    security::page_nonce_context();
    app::request::RequestMemo::provide();
}

/// The request's span for the logs. A consent link's token is a secret: its path is logged
/// without it.
fn request_span(request: &http::Request<axum::body::Body>) -> tracing::Span {
    let path = request.uri().path();
    let path = if path.starts_with("/consent/") {
        "/consent/[token]"
    } else {
        path
    };
    tracing::info_span!("request", method = %request.method(), path)
}

/// A consent link carries the customer's language (`?lang=fr`): unless the reader already chose
/// a language, the page is rendered in it and the choice is kept, so that the server's render and
/// the browser's agree.
async fn consent_language(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use http::header::{COOKIE, SET_COOKIE};
    use http::HeaderValue;
    let lang = request
        .uri()
        .path()
        .starts_with("/consent/")
        .then(|| request.uri().query())
        .flatten()
        .and_then(|q| {
            q.split('&')
                .find_map(|pair| pair.strip_prefix("lang="))
                .filter(|l| matches!(*l, "en" | "fr"))
        })
        .map(str::to_owned);
    let Some(lang) = lang else {
        return next.run(request).await;
    };
    let cookies = request
        .headers()
        .get(COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if cookies.contains(&format!("{LOCALE_COOKIE}=")) {
        return next.run(request).await;
    }
    let pair = format!("{LOCALE_COOKIE}={lang}");
    let combined = if cookies.is_empty() {
        pair
    } else {
        format!("{cookies}; {pair}")
    };
    if let Ok(value) = HeaderValue::from_str(&combined) {
        request.headers_mut().insert(COOKIE, value);
    }
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&format!(
        "{LOCALE_COOKIE}={lang}; Path=/; SameSite=Lax; Max-Age=31536000"
    )) {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

/// The application state from its parts. The clock is the wall clock plus an offset that only
/// development exposes (`/dev/clock`); in production the offset stays zero. Fails when the
/// document store cannot be opened.
pub fn app_state(
    leptos_options: LeptosOptions,
    db: Db,
    clock: Arc<OffsetClock>,
    config: &Config,
) -> anyhow::Result<AppState> {
    let app_config = config.app_config(leptos_options.site_addr);
    let time_control = (config.environment == Environment::Development).then(|| clock.clone());
    let documents = app::submission::store::DocumentStore::open(&config.document_store)?;
    Ok(AppState::new(
        leptos_options,
        db,
        clock,
        app_config,
        time_control,
        documents,
    ))
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: its database answers.
async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ready"),
        Err(error) => {
            tracing::error!(%error, "readiness check: the database does not answer");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}
