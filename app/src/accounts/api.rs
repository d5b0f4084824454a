//! Server functions of accounts. The link pages' functions need no session: the token in the
//! link is the credential, checked by the service (the same "not found" for any unusable one).

use super::model::{InvitationView, Strength};
use crate::error::AppError;
use leptos::prelude::*;

/// What an invitation link invites to.
#[server(endpoint = "get_invitation")]
pub async fn get_invitation(token: String) -> Result<InvitationView, AppError> {
    use crate::auth::server::respond;
    let state = crate::state::app_state()?;
    super::service::invitation(&state, &token)
        .await
        .map_err(respond)
}

/// Accepts an invitation with a name and a password; signs the colleague in.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::auth::server::respond;
    let state = crate::state::app_state()?;
    super::service::accept_invitation(&state, &token, &display_name, &password)
        .await
        .map(|_| ())
        .map_err(respond)
}

/// Asks for a password reset link by e-mail: the same answer whether or not the address has an
/// account.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::auth::server::respond;
    let state = crate::state::app_state()?;
    limit_address(&state).await?;
    super::passwords::request_reset(&state, &email)
        .await
        .map_err(respond)
}

/// One call of a public account function for the client's address, or a refusal (429).
#[cfg(feature = "ssr")]
async fn limit_address(state: &crate::state::AppState) -> Result<(), AppError> {
    let address = crate::auth::server::client_address(state).await;
    state
        .account_limiter
        .check(&address)
        .map_err(crate::auth::server::respond)
}

/// Whether a password reset link can still be used.
#[server(endpoint = "check_reset_link")]
pub async fn check_reset_link(token: String) -> Result<(), AppError> {
    use crate::auth::server::respond;
    let state = crate::state::app_state()?;
    super::passwords::reset_link_usable(&state, &token)
        .await
        .map_err(respond)
}

/// Sets a new password from a reset link; every session of the account ends.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::auth::server::respond;
    let state = crate::state::app_state()?;
    super::passwords::reset_password(&state, &token, &password)
        .await
        .map_err(respond)
}

/// Changes the signed-in user's password; its other sessions end. Answers how many ended.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<u64, AppError> {
    use crate::auth::server::respond;
    let state = crate::state::app_state()?;
    let user_id = crate::auth::server::signed_in_user_id()
        .await?
        .ok_or(AppError::Unauthenticated)
        .map_err(respond)?;
    super::passwords::change_password(&state, user_id, &current_password, &new_password)
        .await
        .map_err(respond)
}

/// The strength meter's reading of a password being typed, against the user's own words.
#[server(endpoint = "rate_password")]
pub async fn rate_password(
    password: String,
    email: String,
    display_name: String,
) -> Result<Strength, AppError> {
    let state = crate::state::app_state()?;
    limit_address(&state).await?;
    Ok(super::passwords::rate(&password, &email, &display_name))
}
