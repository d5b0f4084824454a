//! SQL of the programme's team. Every change runs in a transaction that first takes the
//! programme team's turn (on PostgreSQL an advisory lock, on SQLite the write lock its first
//! UPDATE takes): the last-administrator rule is checked against a team no one else is changing.

use super::model::{ProgrammeAuditEntry, ProgrammeChange, Reviewer};
use crate::db::{row, Backend};
use domain::UserId;
use sqlx::{Any, AnyPool, Transaction};

#[derive(sqlx::FromRow)]
struct ReviewerRow {
    id: i64,
    display_name: String,
    email: String,
    programme_admin: i64,
    deactivated_at: Option<i64>,
    invited_at: Option<i64>,
    last_sign_in_at: Option<i64>,
}

/// Every Programme reviewer, by name.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn reviewers(pool: &AnyPool) -> Result<Vec<Reviewer>, sqlx::Error> {
    let rows: Vec<ReviewerRow> = sqlx::query_as(
        "SELECT id, display_name, email, programme_admin, deactivated_at, invited_at, last_sign_in_at
         FROM users WHERE role = 'programme_reviewer' ORDER BY LOWER(display_name), id",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Reviewer {
            id: UserId::new(r.id),
            display_name: r.display_name,
            email: r.email,
            admin: r.programme_admin == 1,
            active: r.deactivated_at.is_none(),
            invited_at: r.invited_at,
            last_sign_in_at: r.last_sign_in_at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct AuditRow {
    created_at: i64,
    actor: String,
    target: String,
    change: String,
    before_value: String,
    after_value: String,
}

/// The last `limit` changes, newest first.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn audit(pool: &AnyPool, limit: i64) -> Result<Vec<ProgrammeAuditEntry>, sqlx::Error> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT a.created_at, actor.display_name AS actor, target.email AS target, a.change,
                a.before_value, a.after_value
         FROM programme_audit a
         JOIN users actor ON actor.id = a.actor_user_id
         JOIN users target ON target.id = a.target_user_id
         ORDER BY a.created_at DESC, a.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(ProgrammeAuditEntry {
                at: r.created_at,
                change: row::parse(
                    "programme_audit",
                    "change",
                    &r.change,
                    ProgrammeChange::from_code,
                )?,
                actor: r.actor,
                target: r.target,
                before: r.before_value,
                after: r.after_value,
            })
        })
        .collect()
}

/// Starts a change of the programme's team by `actor`: its first statement takes the team's
/// turn.
pub async fn begin(
    pool: &AnyPool,
    actor: UserId,
) -> Result<Transaction<'static, Any>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if Backend::of(pool) == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('programme_team', 0))")
            .execute(&mut *tx)
            .await?;
    } else {
        sqlx::query("UPDATE users SET programme_admin = programme_admin WHERE id = $1")
            .bind(actor.get())
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// A reviewer as a change reads it.
pub struct Target {
    pub email: String,
    pub admin: bool,
    pub active: bool,
    pub invited: bool,
}

/// The reviewer, if `user_id` is one (a partner's user is not found).
pub async fn target(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
) -> Result<Option<Target>, sqlx::Error> {
    let row: Option<(String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT email, programme_admin, deactivated_at, invited_at FROM users
         WHERE id = $1 AND role = 'programme_reviewer' AND partner_id IS NULL",
    )
    .bind(user_id.get())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(email, admin, deactivated, invited)| Target {
        email,
        admin: admin == 1,
        active: deactivated.is_none(),
        invited: invited.is_some(),
    }))
}

/// The active, accepted administrators other than `except`.
pub async fn other_active_admins(
    tx: &mut Transaction<'static, Any>,
    except: UserId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE role = 'programme_reviewer' AND programme_admin = 1
         AND deactivated_at IS NULL AND invited_at IS NULL AND id <> $1",
    )
    .bind(except.get())
    .fetch_one(&mut **tx)
    .await
}

pub async fn set_admin(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
    admin: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET programme_admin = $1 WHERE id = $2")
        .bind(i64::from(admin))
        .bind(user_id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One line of the audit list.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    tx: &mut Transaction<'static, Any>,
    actor: UserId,
    target: UserId,
    change: ProgrammeChange,
    before: &str,
    after: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO programme_audit (actor_user_id, target_user_id, change, before_value, after_value, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(actor.get())
    .bind(target.get())
    .bind(change.code())
    .bind(before)
    .bind(after)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
