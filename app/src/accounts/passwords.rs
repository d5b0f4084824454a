//! Passwords: anyone resets a forgotten one by an e-mailed link, a signed-in user changes its
//! own, and the strength meter rates one being typed. A reset ends every session of the
//! account, a change every other one; every new password passes `accounts::policy`.

use super::model::{Strength, TokenPurpose, RESETS_PER_HOUR, RESET_VALID_SECS};
use super::service::link;
use super::{policy, repo};
use crate::auth::password;
use crate::error::{AppError, FieldProblem};
use crate::state::AppState;
use domain::UserId;

/// Asks for a password reset link. The answer is the same whether or not the address has an
/// account (and for an address that asked too often): only the e-mail tells.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn request_reset(state: &AppState, email: &str) -> Result<(), AppError> {
    let account = email.trim().to_lowercase();
    if account.is_empty() {
        return Err(AppError::field("email", FieldProblem::REQUIRED));
    }
    let pool = &state.db.pool;
    let Some(user_id) = repo::resettable(pool, &account).await? else {
        tracing::info!("password reset asked for an address without an account");
        return Ok(());
    };
    let now = state.clock.now();
    if repo::issued_since(pool, user_id, TokenPurpose::PasswordReset, now - 3600).await?
        >= RESETS_PER_HOUR
    {
        tracing::warn!(user = %user_id, "password reset asked too often: no e-mail");
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    repo::issue(
        &mut tx,
        user_id,
        TokenPurpose::PasswordReset,
        None,
        &account,
        now,
        RESET_VALID_SECS,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "password reset link queued");
    Ok(())
}

/// Whether a reset token is usable (the page asks before showing its form).
pub async fn reset_link_usable(state: &AppState, token: &str) -> Result<(), AppError> {
    link(state, token, TokenPurpose::PasswordReset)
        .await
        .map(|_| ())
}

/// Sets a new password from a reset link; every session of the user ends (it signs in again).
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new_password: &str,
) -> Result<(), AppError> {
    let link = link(state, token, TokenPurpose::PasswordReset).await?;
    let checked = policy::check("password", new_password, &link.email, &link.display_name)?;
    let hash = password::hash(checked.expose().to_owned()).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if !repo::use_link(&mut tx, link.token_id, now).await? {
        return Err(AppError::NotFound);
    }
    repo::set_password(&mut tx, link.user_id, hash.as_str()).await?;
    repo::revoke(&mut tx, link.user_id, TokenPurpose::PasswordReset, now).await?;
    tx.commit().await?;
    let ended =
        crate::db::session_store::end_sessions_of(&state.db.pool, link.user_id, None).await?;
    tracing::info!(user = %link.user_id, ended, "password reset");
    Ok(())
}

/// Changes the signed-in user's password, given its current one; its other sessions end.
#[tracing::instrument(skip(state, current, new_password), err(level = "debug"))]
pub async fn change_password(
    state: &AppState,
    user_id: UserId,
    current: &str,
    new_password: &str,
) -> Result<u64, AppError> {
    if current.is_empty() {
        return Err(AppError::field("current_password", FieldProblem::REQUIRED));
    }
    let (stored, email, name) = repo::password_of(&state.db.pool, user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let verified = password::verify(
        current.to_owned(),
        Some(password::PasswordHashString::from_stored(stored)),
    )
    .await;
    if !verified {
        return Err(AppError::field("current_password", FieldProblem::Incorrect));
    }
    let checked = policy::check("new_password", new_password, &email, &name)?;
    let hash = password::hash(checked.expose().to_owned()).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    repo::set_password(&mut tx, user_id, hash.as_str()).await?;
    repo::revoke(&mut tx, user_id, TokenPurpose::PasswordReset, now).await?;
    tx.commit().await?;
    let ended = crate::auth::server::end_other_sessions(state, user_id).await?;
    tracing::info!(user = %user_id, ended, "password changed");
    Ok(ended)
}

/// The strength meter.
pub fn rate(password: &str, email: &str, display_name: &str) -> Strength {
    policy::rate(password, email, display_name)
}
