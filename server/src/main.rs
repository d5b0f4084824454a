//! `mci-customers [serve|migrate|seed]` — serve the application (default), bring the schema up
//! to date, or load the demo data into an empty database.

use anyhow::Context;
use app::state::{Environment, OffsetClock};
use leptos::config::get_configuration;
use server::config::Config;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    // A refusal is one line naming the variable, and the process exits with a failure.
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("mci-customers cannot start: {error:#}");
            std::process::exit(2);
        }
    };
    server::logging::init(config.log_json);
    let command = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "serve".to_owned());
    match command.as_str() {
        "serve" => serve(config).await,
        "migrate" => {
            let db = app::db::Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            println!("The database schema is up to date.");
            Ok(())
        }
        "seed" => {
            if config.environment != Environment::Development {
                anyhow::bail!("APP_ENV must be development to load the demo data: its accounts share a published password");
            }
            let db = app::db::Db::connect(&config.database_url, 1).await?;
            db.migrate().await?;
            let clock = Arc::new(OffsetClock::default());
            app::db::demo::seed(&db, app::state::Clock::now(clock.as_ref())).await?;
            let options = get_configuration(None)
                .context("reading the Leptos configuration")?
                .leptos_options;
            let state = server::app_state(options, db, clock, &config)?;
            server::seed_demo_claims(&state).await?;
            print_demo_accounts();
            Ok(())
        }
        other => anyhow::bail!("unknown command {other:?}: use serve, migrate or seed"),
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let leptos = get_configuration(None).context("reading the Leptos configuration")?;
    let options = leptos.leptos_options;
    if let Err(error) = server::assets::check_bundle(&options) {
        eprintln!("mci-customers cannot start: {error}");
        std::process::exit(2);
    }
    let addr = options.site_addr;
    // The wall clock; development lets `/dev/clock` move it forward.
    let clock = Arc::new(OffsetClock::default());
    let (db, seeded) = server::prepare_database(&config, clock.as_ref()).await?;
    let state = server::app_state(options, db, clock, &config)?;
    if seeded {
        server::seed_demo_claims(&state).await?;
    }
    let _worker = server::workers::spawn(state.clone(), Duration::from_secs(60));
    let _rows = server::workers::spawn_row_marks(state.clone(), Duration::from_secs(2));
    let transport = server::workers::mail_transport(&state, &config)?;
    let _outbox = server::workers::spawn_outbox(
        state.clone(),
        transport,
        Duration::from_secs(config.outbox_poll_secs.max(1)),
    );
    let router = server::router(state, &config);

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    tracing::info!(%addr, "MCI Customers is listening");
    println!("\nMCI Customers is running at http://{addr}");
    if config.environment == Environment::Development {
        if seeded {
            println!(
                "The demo data was loaded into the new database ({}).",
                config.database_url
            );
        }
        print_demo_accounts();
    }
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    Ok(())
}

fn print_demo_accounts() {
    println!(
        "Demo accounts (password for all: {}):",
        app::db::demo::DEMO_PASSWORD
    );
    for account in app::db::demo::DEMO_ACCOUNTS {
        println!(
            "  {:<28} {:<16} {}",
            account.email,
            account.name,
            account.role.code()
        );
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
