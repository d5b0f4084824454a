//! Server side of authentication: the session, the signed-in principal, sign-in itself, and the
//! guard every server function calls.

use super::guard::{require_incentives, require_reviewer, PartnerScope, Principal};
use super::model::CurrentUser;
use super::{password, repo};
use crate::error::AppError;
use crate::request::RequestMemo;
use crate::state::{app_state, AppState, Clock as _};
use tower_sessions::Session;

use crate::db::session_store::USER_ID_KEY;
/// When the session's user signed in (Unix seconds by the wall clock, like the idle expiry: the
/// application's clock is for deadlines, and moving it in development must not sign anyone out):
/// the session ends `session_max_secs` later, however active.
const SIGNED_IN_AT_KEY: &str = "signed_in_at";

pub(crate) async fn session() -> Result<Session, AppError> {
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

/// The signed-in user id, if any (checked once per request).
pub async fn signed_in_user_id() -> Result<Option<domain::UserId>, AppError> {
    let state = app_state()?;
    let load = async { session_user(&state, &session().await?).await };
    match RequestMemo::current() {
        Some(memo) => memo.user_id(load).await,
        None => load.await,
    }
}

/// The user signed in on `session`, unless the session outlived its absolute lifetime (then it
/// is ended here) or holds no sign-in time (a session written before the lifetime existed).
async fn session_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<domain::UserId>, AppError> {
    let read = |e: tower_sessions::session::Error| anyhow::anyhow!("reading the session: {e}");
    let Some(user_id) = session
        .get::<domain::UserId>(USER_ID_KEY)
        .await
        .map_err(read)?
    else {
        return Ok(None);
    };
    let signed_in_at = session.get::<i64>(SIGNED_IN_AT_KEY).await.map_err(read)?;
    let max = state.config.session_max_secs;
    let now = crate::state::SystemClock.now();
    if signed_in_at.is_none_or(|at| now - at >= max) {
        tracing::info!(user_id = %user_id, "session ended: older than its absolute lifetime");
        session
            .flush()
            .await
            .map_err(|e| anyhow::anyhow!("ending a session: {e}"))?;
        return Ok(None);
    }
    Ok(Some(user_id))
}

/// The signed-in principal, loaded from the database on each request so that a changed role or
/// a removed user takes effect at once.
pub async fn principal(state: &AppState) -> Result<Principal, AppError> {
    let Some(memo) = RequestMemo::current() else {
        return principal_in_session(state, &session().await?).await;
    };
    // Once per request: the page's server functions share it.
    memo.principal(async {
        Ok::<_, AppError>(match signed_in_user_id().await? {
            Some(user_id) => repo::load_principal(&state.db.pool, user_id).await?,
            None => None,
        })
    })
    .await?
    .ok_or(AppError::Unauthenticated)
}

/// The principal of a session, for plain axum handlers (downloads) outside server functions.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn principal_in_session(
    state: &AppState,
    session: &Session,
) -> Result<Principal, AppError> {
    let user_id = session_user(state, session)
        .await?
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

/// The guard for the team functions: a signed-in Incentives administrator.
pub async fn guard_incentives_admin() -> Result<(AppState, PartnerScope), AppError> {
    async {
        let state = app_state()?;
        let principal = principal(&state).await?;
        let scope = crate::auth::guard::require_incentives_admin(&principal)?;
        Ok((state, scope))
    }
    .await
    .map_err(respond)
}

/// The guard for the programme's team functions: a signed-in programme administrator.
pub async fn guard_programme_admin() -> Result<(AppState, domain::UserId), AppError> {
    async {
        let state = app_state()?;
        let principal = principal(&state).await?;
        let admin = crate::auth::guard::require_programme_admin(&principal)?;
        Ok((state, admin))
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
    let load = async {
        match signed_in_user_id().await? {
            Some(user_id) => Ok(repo::load_current_user(&state.db.pool, user_id).await?),
            None => Ok::<_, AppError>(None),
        }
    };
    match RequestMemo::current() {
        Some(memo) => memo.current_user(load).await,
        None => load.await,
    }
}

/// The client's address, for throttling and for consent evidence: the TCP peer, or, behind
/// `trusted_proxy_hops` proxies, the address the outermost of them saw (see [`forwarded_client`]).
pub async fn client_address(state: &AppState) -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let peer = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .ok()
        .map(|ConnectInfo(addr)| addr.ip());
    let hops = state.config.trusted_proxy_hops;
    let client = if hops == 0 {
        peer
    } else {
        let headers = leptos_axum::extract::<http::HeaderMap>()
            .await
            .unwrap_or_default();
        forwarded_client(&headers, hops).or(peer)
    };
    client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The client's address from `X-Forwarded-For` behind `hops` trusted proxies.
///
/// Each proxy appends the address it received the request from, so the right-most `hops`
/// entries were written by our own proxies and everything to their left by whoever sent the
/// request. The client is therefore the `hops`-th entry from the right; entries further left
/// are the client's own claims and never trusted. A list shorter than `hops` was written by
/// our proxies only (the request entered at an inner one), so its left-most entry is the
/// client. An entry that is not an IP address means the header is not what our proxies write:
/// `None`, and the caller falls back to the TCP peer.
pub fn forwarded_client(headers: &http::HeaderMap, hops: u8) -> Option<std::net::IpAddr> {
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    let index = entries.len().saturating_sub(usize::from(hops));
    entries.get(index).and_then(|entry| parse_hop(entry))
}

/// One hop: an IP address, possibly with a port (`203.0.113.7:4711`, `[2001:db8::1]:443`).
fn parse_hop(entry: &str) -> Option<std::net::IpAddr> {
    use std::net::{IpAddr, SocketAddr};
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// Signs in (the password step): throttled per account and per address, constant-time with respect to whether the
/// account exists, and rotating the session id so that a planted session id is useless.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn sign_in(
    email: &str,
    password: &str,
) -> Result<crate::two_factor::model::SignInOutcome, AppError> {
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
    // The attempt is written before it is counted, and counted before the password is checked:
    // one account's attempts are admitted one at a time (`repo::admit_attempt`), and a refused
    // one is rolled back, so of any burst exactly the first `per_account` are checked. (Counting
    // first, then verifying, then recording let every attempt of a burst pass the count.)
    let admitted = repo::admit_attempt(
        &state.db.pool,
        &account,
        &address,
        now,
        now - limits.window_secs,
        (limits.per_account, limits.per_address),
    )
    .await?;
    if !admitted {
        // A refused attempt is not kept: a flood cannot grow the table, and the window runs
        // from the failures that were really tried.
        tracing::warn!(account = ?account, %address, "sign-in throttled");
        return Err(AppError::RateLimited {
            retry_after_secs: limits.window_secs as u64,
        });
    }

    let credentials = repo::find_credentials(&state.db.pool, &account).await?;
    let verified = password::verify(
        password.to_owned(),
        credentials.as_ref().map(|c| c.password_hash.clone()),
    )
    .await;
    let Some(credentials) = credentials.filter(|_| verified) else {
        // The attempt stays written: it is the failure the limit counts.
        tracing::info!(account = ?account, %address, "sign-in refused");
        return Err(AppError::InvalidCredentials);
    };

    // With an authenticator, the code comes next, and the failures stay until it is right.
    crate::two_factor::service::after_password(&state, credentials.user_id, &account).await
}

/// Signs `user_id` in on this request's session: a new session id (a planted one is useless),
/// the user and the time, and the sign-in noted for the team page.
pub async fn begin_session(state: &AppState, user_id: domain::UserId) -> Result<(), AppError> {
    repo::record_sign_in(&state.db.pool, user_id, state.clock.now()).await?;
    let session = session().await?;
    session
        .cycle_id()
        .await
        .map_err(|e| anyhow::anyhow!("rotating the session id: {e}"))?;
    session
        .insert(USER_ID_KEY, user_id)
        .await
        .map_err(|e| anyhow::anyhow!("writing the session: {e}"))?;
    session
        .insert(SIGNED_IN_AT_KEY, crate::state::SystemClock.now())
        .await
        .map_err(|e| anyhow::anyhow!("writing the session: {e}"))?;
    tracing::info!(user_id = %user_id, "signed in");
    Ok(())
}

/// Ends every session of `user_id` but this request's: after its password changed.
pub async fn end_other_sessions(
    state: &AppState,
    user_id: domain::UserId,
) -> Result<u64, AppError> {
    let session = session().await?;
    let keep = session.id();
    Ok(crate::db::session_store::end_sessions_of(&state.db.pool, user_id, keep.as_ref()).await?)
}

/// Ends every session of the signed-in user, on every device, this one included.
#[tracing::instrument(err(level = "debug"))]
pub async fn sign_out_everywhere() -> Result<u64, AppError> {
    let state = app_state()?;
    let session = session().await?;
    let user_id = session_user(&state, &session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let ended = crate::db::session_store::end_sessions_of(&state.db.pool, user_id, None).await?;
    session
        .flush()
        .await
        .map_err(|e| anyhow::anyhow!("ending the session: {e}"))?;
    tracing::info!(user_id = %user_id, ended, "signed out everywhere");
    Ok(ended)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn forwarded(values: &[&str]) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        headers
    }

    fn client(values: &[&str], hops: u8) -> Option<String> {
        forwarded_client(&forwarded(values), hops).map(|ip| ip.to_string())
    }

    #[test]
    fn behind_one_proxy_the_right_most_hop_is_the_client_whatever_it_claims_to_its_left() {
        assert_eq!(client(&["203.0.113.7"], 1).as_deref(), Some("203.0.113.7"));
        // The client wrote "1.2.3.4" itself; our proxy appended the address it really saw.
        assert_eq!(
            client(&["1.2.3.4, 203.0.113.7"], 1).as_deref(),
            Some("203.0.113.7")
        );
        // Several header lines read as one list, in order.
        assert_eq!(
            client(&["1.2.3.4", "203.0.113.7"], 1).as_deref(),
            Some("203.0.113.7")
        );
    }

    #[test]
    fn behind_two_proxies_the_second_from_the_right_is_the_client() {
        assert_eq!(
            client(&["9.9.9.9, 203.0.113.7, 10.0.0.2"], 2).as_deref(),
            Some("203.0.113.7")
        );
        // Entered at the inner proxy: only our own proxy wrote the list.
        assert_eq!(client(&["10.0.0.9"], 2).as_deref(), Some("10.0.0.9"));
    }

    #[test]
    fn a_hop_that_is_not_an_address_is_not_trusted() {
        assert_eq!(client(&["1.2.3.4, not-an-ip"], 1), None);
        assert_eq!(client(&[], 1), None);
        assert_eq!(
            client(&["[2001:db8::1]:443"], 1).as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(
            client(&["203.0.113.7:4711"], 1).as_deref(),
            Some("203.0.113.7")
        );
    }
}
