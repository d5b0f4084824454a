//! SQL of sign-in: users, granted locations and failed attempts.

use super::guard::Principal;
use super::model::{CurrentUser, Role};
use super::password::PasswordHashString;
use sqlx::{AnyPool, Row};

/// What sign-in needs of a user.
pub struct Credentials {
    pub user_id: i64,
    pub password_hash: PasswordHashString,
}

#[tracing::instrument(skip(pool))]
pub async fn find_credentials(
    pool: &AnyPool,
    email: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row = sqlx::query("SELECT id, password_hash FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?;
    row.map(|row| {
        Ok(Credentials {
            user_id: row.try_get("id")?,
            password_hash: PasswordHashString::from_stored(row.try_get("password_hash")?),
        })
    })
    .transpose()
}

fn decode_role(code: &str) -> Result<Role, sqlx::Error> {
    Role::from_code(code)
        .ok_or_else(|| sqlx::Error::Decode(format!("unknown role {code:?}").into()))
}

#[tracing::instrument(skip(pool))]
pub async fn load_principal(
    pool: &AnyPool,
    user_id: i64,
) -> Result<Option<Principal>, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT role, partner_id FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    let role = decode_role(&row.try_get::<String, _>("role")?)?;
    let partner_id: Option<i64> = row.try_get("partner_id")?;
    // Only locations of the user's own partner count, whatever the grant table says.
    let granted = sqlx::query(
        "SELECT ul.location_id FROM user_locations ul
         JOIN locations l ON l.id = ul.location_id
         JOIN users u ON u.id = ul.user_id AND u.partner_id = l.partner_id
         WHERE ul.user_id = $1 ORDER BY ul.location_id",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|row| row.try_get::<String, _>("location_id"))
    .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Principal {
        user_id,
        role,
        partner_id,
        granted_locations: granted,
    }))
}

#[tracing::instrument(skip(pool))]
pub async fn load_current_user(
    pool: &AnyPool,
    user_id: i64,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.display_name, u.role, u.partner_id, p.name AS partner_name
         FROM users u LEFT JOIN partners p ON p.id = u.partner_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(CurrentUser {
            id: row.try_get("id")?,
            email: row.try_get("email")?,
            display_name: row.try_get("display_name")?,
            role: decode_role(&row.try_get::<String, _>("role")?)?,
            partner_id: row.try_get("partner_id")?,
            partner_name: row.try_get("partner_name")?,
        })
    })
    .transpose()
}

/// Failed sign-ins for this account and for this address since `since`.
pub async fn count_failures(
    pool: &AnyPool,
    account: &str,
    address: &str,
    since: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let row = sqlx::query(
        "SELECT
            (SELECT COUNT(*) FROM sign_in_failures WHERE account = $1 AND at > $3) AS by_account,
            (SELECT COUNT(*) FROM sign_in_failures WHERE address = $2 AND at > $3) AS by_address",
    )
    .bind(account)
    .bind(address)
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok((row.try_get("by_account")?, row.try_get("by_address")?))
}

pub async fn record_failure(
    pool: &AnyPool,
    account: &str,
    address: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO sign_in_failures (account, address, at) VALUES ($1, $2, $3)")
        .bind(account)
        .bind(address)
        .bind(at)
        .execute(pool)
        .await?;
    Ok(())
}

/// A successful sign-in forgives the account's earlier failures (not the address's).
pub async fn clear_account_failures(pool: &AnyPool, account: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE account = $1")
        .bind(account)
        .execute(pool)
        .await?;
    Ok(())
}

/// Housekeeping for the background worker: failures older than any window.
pub async fn purge_failures_before(pool: &AnyPool, before: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM sign_in_failures WHERE at <= $1")
        .bind(before)
        .execute(pool)
        .await?
        .rows_affected())
}
