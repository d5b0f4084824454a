//! The database: one pool for either backend, and the migrations.
//!
//! # Decision: sqlx's `Any` driver with runtime queries
//! One binary serves SQLite (the embedded default) and PostgreSQL (several app servers, one
//! database), chosen at start-up by `DATABASE_URL`. We use `sqlx::AnyPool` and runtime
//! `sqlx::query(..)` with `$1` placeholders, which both drivers accept, rather than generics over
//! `sqlx::Database` (every repository function would be generic and twice-monomorphised) or the
//! `query!` macros (they check against one database only, and need it at build time).
//! Statements assembled at run time go through [`sql::Sql`], which numbers those placeholders
//! (sqlx's `QueryBuilder<Any>` writes `?`); rows are read into `#[derive(sqlx::FromRow)]` structs
//! and converted into domain types once, with [`row`]'s helpers.
//! What that costs, and how we pay it:
//! * `Any` carries only basic types: times are integer Unix seconds, flags are integers 0/1,
//!   amounts integer cents; `SUM` results are `CAST(.. AS BIGINT)`.
//! * The DDL differs (identity columns, types): one migration folder per backend,
//!   `migrations/sqlite` and `migrations/postgres`, kept equivalent and tested by the same suite.
//! * Limits that must hold under concurrency are held by constraints and transactions, which
//!   both backends enforce, never by a read-then-write in the application.

pub mod demo;
pub mod demo_ids;
pub mod row;
pub mod session_store;
pub mod sql;

use anyhow::Context;
use sqlx::any::{AnyPoolOptions, AnyQueryResult};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

/// Which database the pool talks to; a few statements are worded differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:")
        }
    }

    /// The backend a pool talks to (by its URL's scheme), for the few statements worded for
    /// one of them, where only the pool is at hand.
    pub fn of(pool: &AnyPool) -> Backend {
        if pool.connect_options().database_url.scheme() == "sqlite" {
            Backend::Sqlite
        } else {
            Backend::Postgres
        }
    }
}

/// The pool and its backend. Cheap to clone; reaches handlers through state and context.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Connects (creating the SQLite file and its folder when missing).
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite => prepare_sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10));
        let options = match backend {
            // WAL lets readers run beside the one writer; the busy timeout makes a writer wait
            // for the lock instead of failing at once; foreign keys are off by default in SQLite.
            Backend::Sqlite => options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 15000; PRAGMA synchronous = NORMAL;")
                        .await?;
                    Ok(())
                })
            }),
            Backend::Postgres => options,
        };
        let pool = options
            .connect(&url)
            .await
            .with_context(|| format!("connecting to the {backend:?} database"))?;
        Ok(Db { pool, backend })
    }

    /// Brings the schema up to date. Safe to call from several instances at once (sqlx takes an
    /// advisory lock on PostgreSQL; SQLite serialises writers).
    pub async fn migrate(&self) -> anyhow::Result<()> {
        self.migrator()
            .run(&self.pool)
            .await
            .context("running the database migrations")?;
        Ok(())
    }

    /// The migrations of this backend (the migration tests run them in two parts, with data
    /// written in between).
    pub fn migrator(&self) -> sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("../migrations/postgres"),
        }
    }

    /// A trivial round trip, for `/readyz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_: AnyQueryResult| ())
    }
}

/// Makes sure the SQLite file can be created: its folder exists and `mode=rwc` is set.
fn prepare_sqlite_url(url: &str) -> anyhow::Result<String> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    if path != ":memory:" {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).with_context(|| {
                    format!("creating the database folder {}", parent.display())
                })?;
            }
        }
    }
    Ok(match query {
        Some(query) if query.contains("mode=") => url.to_owned(),
        Some(query) => format!("sqlite://{path}?{query}&mode=rwc"),
        None => format!("sqlite://{path}?mode=rwc"),
    })
}

/// The value stored for a flag column (see the migrations: flags are integers 0/1).
pub fn flag(value: bool) -> i64 {
    i64::from(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_is_chosen_by_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::from_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::from_url("mysql://u@h/db").is_err());
    }

    #[test]
    fn a_sqlite_url_gets_the_create_mode() {
        let dir = std::env::temp_dir().join("mci-url-test");
        let url = format!("sqlite://{}/x.db", dir.display());
        assert_eq!(prepare_sqlite_url(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(prepare_sqlite_url(&format!("{url}?mode=ro"))
            .unwrap()
            .ends_with("mode=ro"));
    }
}
