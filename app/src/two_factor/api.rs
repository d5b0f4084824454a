//! Server functions of two-factor authentication. The account functions need a signed-in user
//! (any role: a user whose team requires two-factor authentication must reach them to set it up);
//! the code step of sign-in needs the session of a right password; the team functions are the
//! administrator's.

use super::model::{TwoFactorSetup, TwoFactorStatus};
use crate::auth::CurrentUser;
use crate::error::AppError;
use domain::UserId;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn signed_in() -> Result<(crate::state::AppState, UserId), AppError> {
    use crate::auth::server::{respond, signed_in_user_id};
    let state = crate::state::app_state()?;
    let user_id = signed_in_user_id()
        .await?
        .ok_or(AppError::Unauthenticated)
        .map_err(respond)?;
    Ok((state, user_id))
}

/// Whether the signed-in user has two-factor authentication on.
#[server(endpoint = "get_two_factor_status")]
pub async fn get_two_factor_status() -> Result<TwoFactorStatus, AppError> {
    let (state, user_id) = signed_in().await?;
    super::service::status(&state, user_id)
        .await
        .map_err(crate::auth::server::respond)
}

/// Starts setting up an authenticator: its secret and QR code.
#[server(endpoint = "start_two_factor")]
pub async fn start_two_factor() -> Result<TwoFactorSetup, AppError> {
    let (state, user_id) = signed_in().await?;
    super::service::start(&state, user_id)
        .await
        .map_err(crate::auth::server::respond)
}

/// Confirms the authenticator with a code from it; answers the recovery codes, shown once.
#[server(endpoint = "confirm_two_factor")]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    let (state, user_id) = signed_in().await?;
    super::service::confirm(&state, user_id, &code)
        .await
        .map_err(crate::auth::server::respond)
}

/// New recovery codes against a current code.
#[server(endpoint = "renew_recovery_codes")]
pub async fn renew_recovery_codes(code: String) -> Result<Vec<String>, AppError> {
    let (state, user_id) = signed_in().await?;
    super::service::renew_recovery_codes(&state, user_id, &code)
        .await
        .map_err(crate::auth::server::respond)
}

/// Turns two-factor authentication off against a current code.
#[server(endpoint = "disable_two_factor")]
pub async fn disable_two_factor(code: String) -> Result<(), AppError> {
    let (state, user_id) = signed_in().await?;
    super::service::disable(&state, user_id, &code)
        .await
        .map_err(crate::auth::server::respond)
}

/// The code step of sign-in.
#[server(endpoint = "sign_in_code")]
pub async fn sign_in_code(code: String) -> Result<CurrentUser, AppError> {
    let state = crate::state::app_state()?;
    super::service::sign_in_with_code(&state, &code)
        .await
        .map_err(crate::auth::server::respond)
}

/// The administrator requires two-factor authentication of the whole team, or stops requiring it.
#[server(endpoint = "set_team_two_factor")]
pub async fn set_team_two_factor(required: bool) -> Result<(), AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    super::service::set_team_required(&state, &scope, required)
        .await
        .map_err(respond)
}

/// The administrator removes a colleague's authenticator.
#[server(endpoint = "reset_member_two_factor")]
pub async fn reset_member_two_factor(user_id: UserId) -> Result<(), AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    super::service::reset_member(&state, &scope, user_id)
        .await
        .map_err(respond)
}
