//! Scratch databases: a fresh database on either backend, removed when dropped, and the
//! application state over it. One file for the tests (`common`) and the benchmarks
//! (`benches/support`, which include it with `#[path]`).

use app::db::Db;
use app::state::{AppState, OffsetClock};
use leptos::config::LeptosOptions;
use server::config::Config;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

pub fn random_suffix() -> String {
    use rand::Rng;
    let n: u64 = rand::thread_rng().gen();
    format!("{n:016x}")
}

/// The PostgreSQL server scratch databases are created on.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database made for one test or benchmark run, removed when dropped unless `keep`.
pub struct ScratchDb {
    pub url: String,
    pub backend: Backend,
    name: String,
    keep: bool,
}

impl ScratchDb {
    /// A new empty database named `<prefix>_<random>`: a file in the temporary folder, or a
    /// database on the server at `TEST_POSTGRES_URL`.
    pub async fn create(backend: Backend, prefix: &str, keep: bool) -> anyhow::Result<ScratchDb> {
        use anyhow::Context;
        let name = format!("{prefix}_{}", random_suffix());
        let url = match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(&name);
                std::fs::create_dir_all(&dir).context("creating the database folder")?;
                format!("sqlite://{}/{prefix}.db", dir.display())
            }
            Backend::Postgres => {
                sqlx::any::install_default_drivers();
                let admin = postgres_admin_url();
                let pool = sqlx::AnyPool::connect(&admin).await.context(
                    "PostgreSQL must run at TEST_POSTGRES_URL (default 127.0.0.1:5432, user postgres)",
                )?;
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&pool)
                    .await
                    .context("creating the database")?;
                pool.close().await;
                let (base, _) = admin
                    .rsplit_once('/')
                    .context("a database URL has a path")?;
                format!("{base}/{name}")
            }
        };
        Ok(ScratchDb {
            url,
            backend,
            name,
            keep,
        })
    }
}

impl Drop for ScratchDb {
    fn drop(&mut self) {
        if self.keep {
            println!("kept the {} database: {}", self.backend.name(), self.url);
            return;
        }
        match self.backend {
            Backend::Sqlite => {
                let _ = std::fs::remove_dir_all(std::env::temp_dir().join(&self.name));
            }
            Backend::Postgres => {
                // Drop may run inside a runtime: use a thread with a runtime of its own.
                let name = self.name.clone();
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    runtime.block_on(async move {
                        let pool = sqlx::AnyPool::connect(&postgres_admin_url()).await.ok()?;
                        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&pool)
                            .await
                            .ok()?;
                        pool.close().await;
                        Some(())
                    })
                })
                .join();
            }
        }
    }
}

/// The configuration of an application over `url`, in development mode.
pub fn test_config(url: &str) -> Config {
    Config {
        database_url: url.to_owned(),
        db_max_connections: 20,
        environment: app::state::Environment::Development,
        seed_demo_data: false,
        public_origin: None,
        trusted_proxy_hops: 0,
        log_json: false,
        session_idle_minutes: 60,
        session_max_hours: 12,
        smtp: None,
        mail_from: "MCI Customers <no-reply@mci-customers.test>".to_owned(),
        outbox_poll_secs: 1,
        consent: app::state::ConsentSettings::default(),
        document_store: app::submission::store::StoreSettings::Disk(
            std::env::temp_dir().join(format!("mci-documents-{}", random_suffix())),
        ),
        documents: app::state::DocumentSettings::default(),
    }
}

/// The application state over a database, without HTTP (for service-level calls).
pub fn state_over(db: &Db, clock: Arc<OffsetClock>) -> AppState {
    let options = LeptosOptions::builder()
        .output_name("mci-customers")
        .build();
    server::app_state(options, db.clone(), clock, &test_config("sqlite://unused"))
        .expect("the application state")
}
