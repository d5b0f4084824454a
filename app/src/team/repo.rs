//! SQL of the team page. Every change runs in a transaction whose first statement bumps the
//! partner's `team_version`: one partner's team changes take turns, so the last-administrator
//! rule is checked against a team no one else is changing.

use super::model::{AuditEntry, TeamChange, TeamMember};
use crate::auth::Role;
use crate::db::row;
use domain::{PartnerId, UserId};
use sqlx::{Any, AnyPool, Transaction};

#[derive(sqlx::FromRow)]
struct MemberRow {
    id: i64,
    display_name: String,
    email: String,
    role: String,
    deactivated_at: Option<i64>,
    invited_at: Option<i64>,
    last_sign_in_at: Option<i64>,
    two_factor: i64,
}

/// The partner's users, by name, with their granted locations.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn members(
    pool: &AnyPool,
    partner_id: PartnerId,
) -> Result<Vec<TeamMember>, sqlx::Error> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT id, display_name, email, role, deactivated_at, invited_at, last_sign_in_at,
                CASE WHEN EXISTS (SELECT 1 FROM user_totp t
                                  WHERE t.user_id = users.id AND t.confirmed_at IS NOT NULL)
                     THEN 1 ELSE 0 END AS two_factor
         FROM users WHERE partner_id = $1 ORDER BY LOWER(display_name), id",
    )
    .bind(partner_id.get())
    .fetch_all(pool)
    .await?;
    let grants: Vec<(i64, String)> = sqlx::query_as(
        "SELECT ul.user_id, ul.location_id FROM user_locations ul JOIN users u ON u.id = ul.user_id
         WHERE u.partner_id = $1 ORDER BY ul.location_id",
    )
    .bind(partner_id.get())
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(TeamMember {
                id: UserId::new(r.id),
                role: row::parse("users", "role", &r.role, Role::from_code)?,
                locations: grants
                    .iter()
                    .filter(|(user, _)| *user == r.id)
                    .map(|(_, location)| location.clone())
                    .collect(),
                display_name: r.display_name,
                email: r.email,
                active: r.deactivated_at.is_none(),
                invited_at: r.invited_at,
                last_sign_in_at: r.last_sign_in_at,
                two_factor: r.two_factor == 1,
            })
        })
        .collect()
}

/// The partner's locations (ID, name), by name.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn locations(
    pool: &AnyPool,
    partner_id: PartnerId,
) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM locations WHERE partner_id = $1 ORDER BY name, id")
        .bind(partner_id.get())
        .fetch_all(pool)
        .await
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

/// The partner's newest team changes.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn audit(
    pool: &AnyPool,
    partner_id: PartnerId,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows: Vec<AuditRow> = sqlx::query_as(
        "SELECT a.created_at, actor.display_name AS actor, target.display_name AS target, a.change,
                a.before_value, a.after_value
         FROM team_audit a JOIN users actor ON actor.id = a.actor_user_id
         JOIN users target ON target.id = a.target_user_id
         WHERE a.partner_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2",
    )
    .bind(partner_id.get())
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(AuditEntry {
                at: r.created_at,
                actor: r.actor,
                target: r.target,
                change: row::parse("team_audit", "change", &r.change, TeamChange::from_code)?,
                before: r.before_value,
                after: r.after_value,
            })
        })
        .collect()
}

/// Starts a team change of the partner: its first statement takes the partner's turn.
pub async fn begin(
    pool: &AnyPool,
    partner_id: PartnerId,
) -> Result<Transaction<'static, Any>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE partners SET team_version = team_version + 1 WHERE id = $1")
        .bind(partner_id.get())
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// A user of the partner as a change reads it: role, active, granted locations.
pub struct Target {
    pub role: Role,
    pub active: bool,
    pub locations: Vec<String>,
}

/// The user, if it is the partner's.
pub async fn target(
    tx: &mut Transaction<'static, Any>,
    partner_id: PartnerId,
    user_id: UserId,
) -> Result<Option<Target>, sqlx::Error> {
    let Some((role, deactivated_at)): Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT role, deactivated_at FROM users WHERE id = $1 AND partner_id = $2")
            .bind(user_id.get())
            .bind(partner_id.get())
            .fetch_optional(&mut **tx)
            .await?
    else {
        return Ok(None);
    };
    let locations = sqlx::query_scalar(
        "SELECT location_id FROM user_locations WHERE user_id = $1 ORDER BY location_id",
    )
    .bind(user_id.get())
    .fetch_all(&mut **tx)
    .await?;
    Ok(Some(Target {
        role: row::parse("users", "role", &role, Role::from_code)?,
        active: deactivated_at.is_none(),
        locations,
    }))
}

/// The partner's active administrators other than `except`.
pub async fn other_active_admins(
    tx: &mut Transaction<'static, Any>,
    partner_id: PartnerId,
    except: UserId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE partner_id = $1 AND role = 'incentives_admin'
         AND deactivated_at IS NULL AND id <> $2",
    )
    .bind(partner_id.get())
    .bind(except.get())
    .fetch_one(&mut **tx)
    .await
}

pub async fn set_role(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
    role: Role,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role.code())
        .bind(user_id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn set_locations(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
    locations: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM user_locations WHERE user_id = $1")
        .bind(user_id.get())
        .execute(&mut **tx)
        .await?;
    for location in locations {
        sqlx::query("INSERT INTO user_locations (user_id, location_id) VALUES ($1, $2)")
            .bind(user_id.get())
            .bind(location.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub async fn set_active(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
    active: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET deactivated_at = $1 WHERE id = $2")
        .bind(if active { None } else { Some(now) })
        .bind(user_id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// One line of the audit list.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    tx: &mut Transaction<'static, Any>,
    partner_id: PartnerId,
    actor: UserId,
    target: UserId,
    change: TeamChange,
    before: &str,
    after: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO team_audit (partner_id, actor_user_id, target_user_id, change, before_value, after_value, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(partner_id.get())
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
