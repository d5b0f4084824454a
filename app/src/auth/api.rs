//! Server functions of authentication. Thin: they delegate to `auth::server`.

use super::model::CurrentUser;
use crate::error::AppError;
use crate::two_factor::model::SignInOutcome;
use leptos::prelude::*;

/// Signs in with e-mail and password: starts a new session, or asks for the code of the user's
/// authenticator next.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<SignInOutcome, AppError> {
    super::server::sign_in(&email, &password)
        .await
        .map_err(super::server::respond)
}

/// Ends the session.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    super::server::sign_out()
        .await
        .map_err(super::server::respond)
}

/// The signed-in user, or `None`.
#[server(endpoint = "get_current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    super::server::current_user()
        .await
        .map_err(super::server::respond)
}

/// Ends every session of the signed-in user, on every device (this one included). Answers how
/// many sessions were ended.
#[server(endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    super::server::sign_out_everywhere()
        .await
        .map_err(super::server::respond)
}
