//! Server side of authentication: the session, the signed-in principal, sign-in itself, and the
//! guard every server function calls.

use super::guard::{require_incentives, require_reviewer, PartnerScope, Principal};
use super::model::CurrentUser;
use super::{password, repo};
use crate::error::AppError;
use crate::state::{app_state, AppState};
use tower_sessions::Session;

const USER_ID_KEY: &str = "user_id";

async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "the session layer is missing");
        AppError::Internal
    })
}

/// Sets the status of the HTTP response that carries this error (server functions and server
/// renders alike), then hands the error back.
pub fn respond(error: AppError) -> AppError {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status());
    }
    error
}

/// The signed-in user id, if any.
pub async fn signed_in_user_id() -> Result<Option<domain::UserId>, AppError> {
    session()
        .await?
        .get::<domain::UserId>(USER_ID_KEY)
        .await
        .map_err(|error| {
            tracing::error!(%error, "reading the session failed");
            AppError::Internal
        })
}

/// The signed-in principal, loaded from the database on each request so that a changed role or
/// a removed user takes effect at once.
pub async fn principal(state: &AppState) -> Result<Principal, AppError> {
    principal_in_session(state, &session().await?).await
}

/// The principal of a session, for plain axum handlers (downloads) outside server functions.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn principal_in_session(
    state: &AppState,
    session: &Session,
) -> Result<Principal, AppError> {
    let user_id = session
        .get::<domain::UserId>(USER_ID_KEY)
        .await
        .map_err(|e| anyhow::anyhow!("reading the session: {e}"))?
        .ok_or(AppError::Unauthenticated)?;
    repo::load_principal(&state.db.pool, user_id)
        .await?
        .ok_or(AppError::Unauthenticated)
}

/// The guard for partner-side server functions: a signed-in Incentives administrator or user.
pub async fn guard_incentives() -> Result<(AppState, PartnerScope), AppError> {
    async {
        let state = app_state()?;
        let principal = principal(&state).await?;
        let scope = require_incentives(&principal)?;
        Ok((state, scope))
    }
    .await
    .map_err(respond)
}

/// The guard for programme-side server functions: a signed-in Programme reviewer.
pub async fn guard_reviewer() -> Result<(AppState, domain::UserId), AppError> {
    async {
        let state = app_state()?;
        let principal = principal(&state).await?;
        let reviewer = require_reviewer(&principal)?;
        Ok((state, reviewer))
    }
    .await
    .map_err(respond)
}

#[tracing::instrument(err(level = "debug"))]
pub async fn current_user() -> Result<Option<CurrentUser>, AppError> {
    let state = app_state()?;
    match signed_in_user_id().await? {
        Some(user_id) => Ok(repo::load_current_user(&state.db.pool, user_id).await?),
        None => Ok(None),
    }
}

/// The client's address, for throttling: the TCP peer, or the first `X-Forwarded-For` hop when
/// the deployment says a trusted proxy sets it.
pub async fn client_address(state: &AppState) -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    if state.config.trust_forwarded_for {
        if let Ok(headers) = leptos_axum::extract::<http::HeaderMap>().await {
            if let Some(first) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next())
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                return first.to_owned();
            }
        }
    }
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "unknown".to_owned(),
    }
}

/// Signs in: throttled per account and per address, constant-time with respect to whether the
/// account exists, and rotating the session id so that a planted session id is useless.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn sign_in(email: &str, password: &str) -> Result<CurrentUser, AppError> {
    let state = app_state()?;
    let account = email.trim().to_lowercase();
    let mut errors = Vec::new();
    if account.is_empty() {
        errors.push(crate::error::FieldError::new(
            "email",
            crate::error::FieldProblem::REQUIRED,
        ));
    }
    if password.is_empty() {
        errors.push(crate::error::FieldError::new(
            "password",
            crate::error::FieldProblem::REQUIRED,
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }

    let address = client_address(&state).await;
    let now = state.clock.now();
    let limits = state.config.sign_in_limits;
    let (by_account, by_address) =
        repo::count_failures(&state.db.pool, &account, &address, now - limits.window_secs).await?;
    if by_account >= limits.per_account || by_address >= limits.per_address {
        tracing::warn!(%account, %address, "sign-in throttled");
        return Err(AppError::RateLimited {
            retry_after_secs: limits.window_secs as u64,
        });
    }

    let credentials = repo::find_credentials(&state.db.pool, &account).await?;
    let verified = match &credentials {
        Some(c) => password::verify_password(password, &c.password_hash),
        None => {
            password::verify_against_dummy(password);
            false
        }
    };
    let Some(credentials) = credentials.filter(|_| verified) else {
        repo::record_failure(&state.db.pool, &account, &address, now).await?;
        tracing::info!(%account, %address, "sign-in refused");
        return Err(AppError::InvalidCredentials);
    };

    repo::clear_account_failures(&state.db.pool, &account).await?;
    let session = session().await?;
    session
        .cycle_id()
        .await
        .map_err(|e| anyhow::anyhow!("rotating the session id: {e}"))?;
    session
        .insert(USER_ID_KEY, credentials.user_id)
        .await
        .map_err(|e| anyhow::anyhow!("writing the session: {e}"))?;
    tracing::info!(user_id = %credentials.user_id, "signed in");
    repo::load_current_user(&state.db.pool, credentials.user_id)
        .await?
        .ok_or_else(|| crate::error::broken("the user who just signed in exists"))
}

#[tracing::instrument(err(level = "debug"))]
pub async fn sign_out() -> Result<(), AppError> {
    session()
        .await?
        .flush()
        .await
        .map_err(|e| anyhow::anyhow!("ending the session: {e}"))?;
    Ok(())
}
