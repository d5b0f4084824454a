//! A `tower-sessions` store over our own pool.
//!
//! Why not `tower-sessions-sqlx-store`: it offers one store per concrete backend (`SqliteStore`,
//! `PostgresStore`), each wanting its own typed pool and its own schema management, while the
//! application holds one `AnyPool` for either backend and versions its schema in
//! `migrations/`. The store is the four methods of the trait over one table (`sessions`); all
//! cookie handling, expiry and id rotation stay in `tower-sessions`.

use async_trait::async_trait;
use sqlx::AnyPool;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    pool: AnyPool,
}

impl DbSessionStore {
    pub fn new(pool: AnyPool) -> Self {
        Self { pool }
    }
}

/// The key under which sign-in keeps the user's id in a session (read by `auth::server`).
pub const USER_ID_KEY: &str = "user_id";

/// The user a record is signed in as, written beside it so that every session of one user can
/// be found (and ended) without reading every record.
fn owner(record: &Record) -> Option<i64> {
    record.data.get(USER_ID_KEY).and_then(|v| v.as_i64())
}

/// Ends every session of `user_id` (sign out everywhere), or every one but `keep`. Returns how
/// many were ended.
#[tracing::instrument(skip(pool, keep), err(level = "warn"))]
pub async fn end_sessions_of(
    pool: &AnyPool,
    user_id: domain::UserId,
    keep: Option<&Id>,
) -> Result<u64, sqlx::Error> {
    let keep = keep.map(|id| id.to_string()).unwrap_or_default();
    Ok(
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
            .bind(user_id.get())
            .bind(keep)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

/// A record as the `data` column holds it.
fn encode(record: &Record) -> session_store::Result<String> {
    serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))
}

fn backend_error(error: impl std::fmt::Display) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

// Spans skip every argument: a session id is a bearer secret.
#[async_trait]
impl SessionStore for DbSessionStore {
    #[tracing::instrument(skip_all, err(level = "warn"))]
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A fresh id that happens to exist already gets a new one, never someone else's session.
        loop {
            let data = encode(record)?;
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, data, expires_at, user_id) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(data)
            .bind(record.expiry_date.unix_timestamp())
            .bind(owner(record))
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates a session that exists; never brings back one that was ended. (A request still in
    /// flight when "sign out everywhere" deleted its session would otherwise write it again on
    /// its way out.) New sessions and rotated ids go through `create`.
    #[tracing::instrument(skip_all, err(level = "warn"))]
    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = encode(record)?;
        sqlx::query("UPDATE sessions SET data = $2, expires_at = $3, user_id = $4 WHERE id = $1")
            .bind(record.id.to_string())
            .bind(data)
            .bind(record.expiry_date.unix_timestamp())
            .bind(owner(record))
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }

    #[tracing::instrument(skip_all, err(level = "warn"))]
    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let data: Option<String> =
            sqlx::query_scalar("SELECT data FROM sessions WHERE id = $1 AND expires_at > $2")
                .bind(id.to_string())
                .bind(OffsetDateTime::now_utc().unix_timestamp())
                .fetch_optional(&self.pool)
                .await
                .map_err(backend_error)?;
        data.map(|data| {
            serde_json::from_str(&data).map_err(|e| session_store::Error::Decode(e.to_string()))
        })
        .transpose()
    }

    #[tracing::instrument(skip_all, err(level = "warn"))]
    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    #[tracing::instrument(skip_all, err(level = "warn"))]
    async fn delete_expired(&self) -> session_store::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(OffsetDateTime::now_utc().unix_timestamp())
            .execute(&self.pool)
            .await
            .map_err(backend_error)?;
        Ok(())
    }
}
