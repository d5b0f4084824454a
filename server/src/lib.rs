//! The MCI Customers server: configuration, database, router, layers and background workers.
//! `main.rs` only parses the command line and calls into here, so that the integration tests
//! start the very same application on port 0.

pub mod config;
pub mod security;
pub mod workers;

use app::db::session_store::DbSessionStore;
use app::db::Db;
use app::state::{AppState, Clock, Environment};
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
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Loads the demo claims (every state of the life cycle) once the application state exists.
pub async fn seed_demo_claims(state: &AppState) -> anyhow::Result<()> {
    app::db::demo::seed_claims(state).await
}

/// Connects, migrates and (in development, on an empty database) loads the demo data.
pub async fn prepare_database(config: &Config, clock: &dyn Clock) -> anyhow::Result<(Db, bool)> {
    let db = Db::connect(&config.database_url, config.db_max_connections).await?;
    db.migrate().await?;
    let seeded = if config.seed_demo_data && app::db::demo::is_empty(&db).await? {
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
        .with_name("mci_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(production)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
            config.session_idle_minutes,
        )));
    let policy = OriginPolicy {
        public_origin: config.public_origin.clone(),
        hsts: production,
    };

    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(
            "/engagements/{id}/customers.csv",
            get(app::customers::export::export_csv),
        )
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            policy.clone(),
            security::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            policy,
            security::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The application state from its parts.
pub fn app_state(
    leptos_options: LeptosOptions,
    db: Db,
    clock: Arc<dyn Clock>,
    config: &Config,
) -> AppState {
    AppState {
        leptos_options,
        db,
        clock,
        config: Arc::new(config.app_config()),
    }
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
