//! SQL of two-factor authentication: the user's authenticator, its recovery codes, and the
//! partner's rule. Every "once" is held by the database: a step or a recovery code is taken by an
//! UPDATE that only one request can win.

use domain::{PartnerId, UserId};
use sqlx::AnyPool;

/// A user's authenticator.
pub struct Authenticator {
    pub secret: String,
    pub confirmed: bool,
    pub last_step: i64,
}

#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn authenticator(
    pool: &AnyPool,
    user_id: UserId,
) -> Result<Option<Authenticator>, sqlx::Error> {
    let row: Option<(String, Option<i64>, i64)> =
        sqlx::query_as("SELECT secret, confirmed_at, last_step FROM user_totp WHERE user_id = $1")
            .bind(user_id.get())
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(secret, confirmed_at, last_step)| Authenticator {
        secret,
        confirmed: confirmed_at.is_some(),
        last_step,
    }))
}

/// Starts setting up an authenticator with `secret`, replacing one not confirmed yet. `false`
/// when a confirmed one is there (it is not replaced).
#[tracing::instrument(skip(pool, secret), err(level = "warn"))]
pub async fn begin_setup(
    pool: &AnyPool,
    user_id: UserId,
    secret: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM user_totp WHERE user_id = $1 AND confirmed_at IS NULL")
        .bind(user_id.get())
        .execute(&mut *tx)
        .await?;
    let inserted = sqlx::query(
        "INSERT INTO user_totp (user_id, secret, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id.get())
    .bind(secret)
    .bind(now)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(inserted == 1)
}

/// Confirms the authenticator being set up, with the step of the code that proved it, and gives
/// it these recovery codes (their hashes). `false` when there was none being set up.
#[tracing::instrument(skip(pool, code_hashes), err(level = "warn"))]
pub async fn confirm(
    pool: &AnyPool,
    user_id: UserId,
    step: i64,
    now: i64,
    code_hashes: &[String],
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let confirmed = sqlx::query(
        "UPDATE user_totp SET confirmed_at = $1, last_step = $2
         WHERE user_id = $3 AND confirmed_at IS NULL",
    )
    .bind(now)
    .bind(step)
    .bind(user_id.get())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if confirmed != 1 {
        tx.rollback().await?;
        return Ok(false);
    }
    replace_recovery_codes(&mut tx, user_id, now, code_hashes).await?;
    tx.commit().await?;
    Ok(true)
}

async fn replace_recovery_codes(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: UserId,
    now: i64,
    code_hashes: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id.get())
        .execute(&mut **tx)
        .await?;
    for hash in code_hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
        )
        .bind(user_id.get())
        .bind(hash)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// New recovery codes for a confirmed authenticator (the old ones stop working). `false` when
/// the user has none.
#[tracing::instrument(skip(pool, code_hashes), err(level = "warn"))]
pub async fn renew_recovery_codes(
    pool: &AnyPool,
    user_id: UserId,
    now: i64,
    code_hashes: &[String],
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let on: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL",
    )
    .bind(user_id.get())
    .fetch_optional(&mut *tx)
    .await?;
    if on.is_none() {
        tx.rollback().await?;
        return Ok(false);
    }
    replace_recovery_codes(&mut tx, user_id, now, code_hashes).await?;
    tx.commit().await?;
    Ok(true)
}

/// Takes `step` as the last one used, if it is after the last one: `false` when another request
/// used this step (or a later one) first.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn take_step(pool: &AnyPool, user_id: UserId, step: i64) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE user_totp SET last_step = $1
         WHERE user_id = $2 AND confirmed_at IS NOT NULL AND last_step < $1",
    )
    .bind(step)
    .bind(user_id.get())
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// Uses the recovery code with this hash, once: `false` when it is not one of the user's unused
/// codes.
#[tracing::instrument(skip(pool, code_hash), err(level = "warn"))]
pub async fn take_recovery_code(
    pool: &AnyPool,
    user_id: UserId,
    code_hash: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE recovery_codes SET used_at = $1
         WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL
           AND EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = $2 AND t.confirmed_at IS NOT NULL)",
    )
    .bind(now)
    .bind(user_id.get())
    .bind(code_hash)
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

/// Removes the user's authenticator and recovery codes. `true` when there was a confirmed one.
pub async fn remove(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: UserId,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user_id.get())
        .execute(&mut **tx)
        .await?;
    let removed =
        sqlx::query("DELETE FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL")
            .bind(user_id.get())
            .execute(&mut **tx)
            .await?
            .rows_affected();
    sqlx::query("DELETE FROM user_totp WHERE user_id = $1")
        .bind(user_id.get())
        .execute(&mut **tx)
        .await?;
    Ok(removed == 1)
}

/// Whether the user has a confirmed authenticator, its unused recovery codes, and whether its
/// partner requires two-factor authentication.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn status(pool: &AnyPool, user_id: UserId) -> Result<(bool, i64, bool), sqlx::Error> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT
            CASE WHEN EXISTS (SELECT 1 FROM user_totp t
                              WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL)
                 THEN 1 ELSE 0 END,
            (SELECT COUNT(*) FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL),
            COALESCE(p.require_two_factor, 0)
         FROM users u LEFT JOIN partners p ON p.id = u.partner_id
         WHERE u.id = $1",
    )
    .bind(user_id.get())
    .fetch_optional(pool)
    .await?;
    Ok(row.map_or((false, 0, false), |(on, left, required)| {
        (on == 1, left, required == 1)
    }))
}

/// Sets whether the partner requires two-factor authentication of its team, in a team change
/// (`team::repo::begin`); answers what it was.
pub async fn set_required(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    partner_id: PartnerId,
    required: bool,
) -> Result<bool, sqlx::Error> {
    let before: i64 = sqlx::query_scalar("SELECT require_two_factor FROM partners WHERE id = $1")
        .bind(partner_id.get())
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query("UPDATE partners SET require_two_factor = $1 WHERE id = $2")
        .bind(i64::from(required))
        .bind(partner_id.get())
        .execute(&mut **tx)
        .await?;
    Ok(before == 1)
}
