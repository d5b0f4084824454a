//! SQL of sign-in: users, granted locations and failed attempts.

use super::guard::Principal;
use super::model::{CurrentUser, Role};
use super::password::PasswordHashString;
use crate::db::row;
use domain::{PartnerId, UserId};
use sqlx::AnyPool;

/// What sign-in needs of a user.
pub struct Credentials {
    pub user_id: UserId,
    pub password_hash: PasswordHashString,
}

/// The active user with this e-mail address and its password hash (the address is not logged).
/// A deactivated user is no one: its sign-in fails as a wrong password does.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn find_credentials(
    pool: &AnyPool,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, password_hash FROM users WHERE email = $1 AND deactivated_at IS NULL AND invited_at IS NULL",
    )
    .bind(email)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(user_id, hash)| Credentials {
        user_id: UserId::new(user_id),
        password_hash: PasswordHashString::from_stored(hash),
    }))
}

fn role(code: &str) -> Result<Role, sqlx::Error> {
    row::parse("users", "role", code, Role::from_code)
}

#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn load_principal(
    pool: &AnyPool,
    user_id: UserId,
) -> Result<Option<Principal>, sqlx::Error> {
    let Some((role_code, partner_id, two_factor_missing, programme_admin)): Option<(
        String,
        Option<i64>,
        i64,
        i64,
    )> = sqlx::query_as(
            "SELECT u.role, u.partner_id,
                CASE WHEN p.require_two_factor = 1 AND NOT EXISTS (
                        SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)
                     THEN 1 ELSE 0 END,
                u.programme_admin
             FROM users u LEFT JOIN partners p ON p.id = u.partner_id
             WHERE u.id = $1 AND u.deactivated_at IS NULL AND u.invited_at IS NULL",
        )
    .bind(user_id.get())
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let role = role(&role_code)?;
    // Only locations of the user's own partner count, whatever the grant table says.
    let granted = sqlx::query_scalar(
        "SELECT ul.location_id FROM user_locations ul
         JOIN locations l ON l.id = ul.location_id
         JOIN users u ON u.id = ul.user_id AND u.partner_id = l.partner_id
         WHERE ul.user_id = $1 ORDER BY ul.location_id",
    )
    .bind(user_id.get())
    .fetch_all(pool)
    .await?;
    Ok(Some(Principal {
        user_id,
        role,
        partner_id: partner_id.map(PartnerId::new),
        granted_locations: granted,
        two_factor_missing: two_factor_missing == 1,
        programme_admin: programme_admin == 1,
    }))
}

/// A row of `users` with its partner's name.
#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    email: String,
    display_name: String,
    role: String,
    partner_id: Option<i64>,
    partner_name: Option<String>,
    programme_admin: i64,
}

impl TryFrom<UserRow> for CurrentUser {
    type Error = sqlx::Error;

    fn try_from(r: UserRow) -> Result<Self, Self::Error> {
        Ok(CurrentUser {
            role: role(&r.role)?,
            id: UserId::new(r.id),
            email: r.email,
            display_name: r.display_name,
            partner_id: r.partner_id.map(PartnerId::new),
            partner_name: r.partner_name,
            programme_admin: r.programme_admin == 1,
        })
    }
}

#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn load_current_user(
    pool: &AnyPool,
    user_id: UserId,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    sqlx::query_as::<_, UserRow>(
        "SELECT u.id, u.email, u.display_name, u.role, u.partner_id, p.name AS partner_name,
                u.programme_admin
         FROM users u LEFT JOIN partners p ON p.id = u.partner_id
         WHERE u.id = $1 AND u.deactivated_at IS NULL",
    )
    .bind(user_id.get())
    .fetch_optional(pool)
    .await?
    .map(CurrentUser::try_from)
    .transpose()
}

/// Notes a successful sign-in (the team page shows it).
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn record_sign_in(pool: &AnyPool, user_id: UserId, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE id = $2")
        .bind(now)
        .bind(user_id.get())
        .execute(pool)
        .await?;
    Ok(())
}

/// Sign-in attempts not forgiven (failures, and attempts still being checked) for this account
/// and for this address since `since`.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn count_failures<'c>(
    pool: impl sqlx::Executor<'c, Database = sqlx::Any>,
    account: &str,
    address: &str,
    since: i64,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT
            (SELECT COUNT(*) FROM sign_in_failures WHERE account = $1 AND at > $3) AS by_account,
            (SELECT COUNT(*) FROM sign_in_failures WHERE address = $2 AND at > $3) AS by_address",
    )
    .bind(account)
    .bind(address)
    .bind(since)
    .fetch_one(pool)
    .await
}

/// A sign-in attempt, written before its password is checked; it stays as a failure unless the
/// sign-in succeeds (which clears the account's failures) or is throttled (then it is
/// forgotten). Returns its id. Account and address are not logged.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn record_attempt<'c>(
    pool: impl sqlx::Executor<'c, Database = sqlx::Any>,
    account: &str,
    address: &str,
    at: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO sign_in_failures (account, address, at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(account)
    .bind(address)
    .bind(at)
    .fetch_one(pool)
    .await
}

/// Writes a sign-in attempt unless the account or the address is over its limit since `since`,
/// in one transaction per account: on PostgreSQL an advisory lock on the account, on SQLite the
/// write lock the INSERT takes. An attempt over the limit is rolled back, so no other attempt
/// ever counts it: of any burst, exactly the first `per_account` pass. `false` when refused.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn admit_attempt(
    pool: &AnyPool,
    account: &str,
    address: &str,
    at: i64,
    since: i64,
    (per_account, per_address): (i64, i64),
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    if crate::db::Backend::of(pool) == crate::db::Backend::Postgres {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(account)
            .execute(&mut *tx)
            .await?;
    }
    record_attempt(&mut *tx, account, address, at).await?;
    let (by_account, by_address) = count_failures(&mut *tx, account, address, since).await?;
    if by_account > per_account || by_address > per_address {
        tx.rollback().await?;
        return Ok(false);
    }
    tx.commit().await?;
    Ok(true)
}

/// A successful sign-in forgives the account's earlier failures (not the address's).
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn clear_account_failures(pool: &AnyPool, account: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE account = $1")
        .bind(account)
        .execute(pool)
        .await?;
    Ok(())
}

/// Housekeeping for the background worker: failures older than any window.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn purge_failures_before(pool: &AnyPool, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1")
        .bind(before)
        .execute(pool)
        .await?
        .rows_affected())
}
