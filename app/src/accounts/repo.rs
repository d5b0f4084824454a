//! SQL of accounts: invited users, the single-use links (`account_tokens`) and their e-mails in
//! the outbox (kind `account`). A link is usable while it is neither used, revoked nor expired;
//! using it is one conditional UPDATE, so of two uses at once exactly one wins.

use super::model::TokenPurpose;
use crate::auth::Role;
use crate::db::row;
use domain::{PartnerId, UserId};
use sqlx::{Any, AnyPool, Row, Transaction};

/// What an invited user's password_hash holds until the invitation is accepted: no PHC string,
/// so nothing ever verifies against it (and sign-in does not even look: `invited_at` is set).
pub const NO_PASSWORD_YET: &str = "!invited";

/// Whether any account has this e-mail address (addresses are unique across the application).
pub async fn email_taken(pool: &AnyPool, email: &str) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await?;
    Ok(n > 0)
}

/// A new user of the partner (or, without one, of the programme) who has yet to accept its
/// invitation. Its name is its address
/// until it gives one.
pub async fn insert_invited(
    tx: &mut Transaction<'static, Any>,
    partner_id: Option<PartnerId>,
    email: &str,
    role: Role,
    language: &str,
    now: i64,
) -> Result<UserId, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (partner_id, email, display_name, password_hash, role, created_at, language, invited_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $6) RETURNING id",
    )
    .bind(partner_id.map(PartnerId::get))
    .bind(email)
    .bind(email)
    .bind(NO_PASSWORD_YET)
    .bind(role.code())
    .bind(now)
    .bind(language)
    .fetch_one(&mut **tx)
    .await?;
    Ok(UserId::new(id))
}

/// A new link for `user_id`, revoking its earlier usable links of the same purpose. The token
/// is minted when the e-mail is sent; the e-mail is queued here, in the same transaction.
#[allow(clippy::too_many_arguments)]
pub async fn issue(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
    purpose: TokenPurpose,
    created_by: Option<UserId>,
    to_address: &str,
    now: i64,
    valid_secs: i64,
) -> Result<i64, sqlx::Error> {
    revoke(tx, user_id, purpose, now).await?;
    let token_id: i64 = sqlx::query_scalar(
        "INSERT INTO account_tokens (user_id, purpose, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id.get())
    .bind(purpose.code())
    .bind(created_by.map(UserId::get))
    .bind(now)
    .bind(now + valid_secs)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO outbox (kind, account_token_id, to_address, status, attempts, next_attempt_at, created_at)
         VALUES ('account', $1, $2, 'pending', 0, $3, $3)",
    )
    .bind(token_id)
    .bind(to_address)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(token_id)
}

/// Revokes the user's usable links of `purpose`; how many.
pub async fn revoke(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
    purpose: TokenPurpose,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE account_tokens SET revoked_at = $1
         WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(user_id.get())
    .bind(purpose.code())
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

/// How many links of `purpose` were issued to the user since `since`.
pub async fn issued_since(
    pool: &AnyPool,
    user_id: UserId,
    purpose: TokenPurpose,
    since: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_tokens WHERE user_id = $1 AND purpose = $2 AND created_at >= $3",
    )
    .bind(user_id.get())
    .bind(purpose.code())
    .bind(since)
    .fetch_one(pool)
    .await
}

/// The active account (not invited, not deactivated) with this address, for a reset.
pub async fn resettable(pool: &AnyPool, email: &str) -> Result<Option<UserId>, sqlx::Error> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM users WHERE email = $1 AND deactivated_at IS NULL AND invited_at IS NULL",
    )
    .bind(email)
    .fetch_optional(pool)
    .await?;
    Ok(id.map(UserId::new))
}

/// A usable link, as its page and its use read it.
#[derive(Debug, Clone)]
pub struct LinkRow {
    pub token_id: i64,
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub partner_name: String,
    pub invited_by: String,
    pub expires_at: i64,
}

/// The usable link of `purpose` whose token has this hash, for a user who may still use it (an
/// invitation: still invited; a reset: active).
pub async fn usable_link(
    pool: &AnyPool,
    token_hash: &str,
    purpose: TokenPurpose,
    now: i64,
) -> Result<Option<LinkRow>, sqlx::Error> {
    let user_state = match purpose {
        TokenPurpose::Invitation => "u.invited_at IS NOT NULL",
        TokenPurpose::PasswordReset => "u.invited_at IS NULL",
    };
    let row = sqlx::query(&format!(
        "SELECT t.id AS token_id, u.id AS user_id, u.email, u.display_name, u.role,
                COALESCE(p.name, '') AS partner_name, COALESCE(c.display_name, '') AS invited_by,
                t.expires_at
         FROM account_tokens t JOIN users u ON u.id = t.user_id
         LEFT JOIN partners p ON p.id = u.partner_id
         LEFT JOIN users c ON c.id = t.created_by
         WHERE t.token_hash = $1 AND t.purpose = $2 AND t.used_at IS NULL AND t.revoked_at IS NULL
           AND t.expires_at > $3 AND u.deactivated_at IS NULL AND {user_state}"
    ))
    .bind(token_hash)
    .bind(purpose.code())
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let role: String = row.try_get("role")?;
    Ok(Some(LinkRow {
        token_id: row.try_get("token_id")?,
        user_id: UserId::new(row.try_get("user_id")?),
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        role: row::parse("users", "role", &role, Role::from_code)?,
        partner_name: row.try_get("partner_name")?,
        invited_by: row.try_get("invited_by")?,
        expires_at: row.try_get("expires_at")?,
    }))
}

/// Uses a link: true for the one call that used it while it was usable.
pub async fn use_link(
    tx: &mut Transaction<'static, Any>,
    token_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE account_tokens SET used_at = $1
         WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_id)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// The invited user becomes an active one, with its name and password.
pub async fn accept(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
    display_name: &str,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET display_name = $1, password_hash = $2, invited_at = NULL WHERE id = $3",
    )
    .bind(display_name)
    .bind(password_hash)
    .bind(user_id.get())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn set_password(
    tx: &mut Transaction<'static, Any>,
    user_id: UserId,
    password_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user_id.get())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The stored hash and the words of an active user (for changing its password).
pub async fn password_of(
    pool: &AnyPool,
    user_id: UserId,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT password_hash, email, display_name FROM users
         WHERE id = $1 AND deactivated_at IS NULL AND invited_at IS NULL",
    )
    .bind(user_id.get())
    .fetch_optional(pool)
    .await
}

/// An account e-mail of the outbox as its delivery reads it.
#[derive(Debug, Clone)]
pub struct MailRow {
    pub token_id: i64,
    pub purpose: TokenPurpose,
    pub to_address: String,
    pub display_name: String,
    pub language: String,
    pub partner_name: String,
    pub invited_by: String,
    pub expires_at: i64,
    pub attempts: i64,
    /// Neither used, revoked nor expired (by `now`).
    pub usable: bool,
}

/// The account e-mail of this outbox row, if it is one.
pub async fn mail_row(
    pool: &AnyPool,
    outbox_id: i64,
    now: i64,
) -> Result<Option<MailRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT t.id AS token_id, t.purpose, o.to_address, u.display_name, u.language,
                COALESCE(p.name, '') AS partner_name, COALESCE(c.display_name, '') AS invited_by,
                t.expires_at, o.attempts,
                CASE WHEN t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > $2
                          AND u.deactivated_at IS NULL THEN 1 ELSE 0 END AS usable
         FROM outbox o JOIN account_tokens t ON t.id = o.account_token_id
         JOIN users u ON u.id = t.user_id
         LEFT JOIN partners p ON p.id = u.partner_id
         LEFT JOIN users c ON c.id = t.created_by
         WHERE o.id = $1 AND o.kind = 'account'",
    )
    .bind(outbox_id)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let purpose: String = row.try_get("purpose")?;
    let usable: i64 = row.try_get("usable")?;
    Ok(Some(MailRow {
        token_id: row.try_get("token_id")?,
        purpose: row::parse(
            "account_tokens",
            "purpose",
            &purpose,
            TokenPurpose::from_code,
        )?,
        to_address: row.try_get("to_address")?,
        display_name: row.try_get("display_name")?,
        language: row.try_get("language")?,
        partner_name: row.try_get("partner_name")?,
        invited_by: row.try_get("invited_by")?,
        expires_at: row.try_get("expires_at")?,
        attempts: row.try_get("attempts")?,
        usable: usable == 1,
    }))
}

/// Gives a usable link the hash of the token about to be sent (replacing an earlier attempt's).
/// False when the link stopped being usable meanwhile.
pub async fn set_token_hash(
    pool: &AnyPool,
    token_id: i64,
    token_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE account_tokens SET token_hash = $1
         WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash)
    .bind(token_id)
    .bind(now)
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// The invited user of the partner, if it is one and still invited.
pub async fn invited_member(
    tx: &mut Transaction<'static, Any>,
    partner_id: PartnerId,
    user_id: UserId,
) -> Result<Option<(String, bool)>, sqlx::Error> {
    sqlx::query_as::<_, (String, Option<i64>)>(
        "SELECT email, deactivated_at FROM users
         WHERE id = $1 AND partner_id = $2 AND invited_at IS NOT NULL",
    )
    .bind(user_id.get())
    .bind(partner_id.get())
    .fetch_optional(&mut **tx)
    .await
    .map(|row| row.map(|(email, deactivated)| (email, deactivated.is_none())))
}
