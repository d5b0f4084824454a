//! Two-factor authentication: setting an authenticator up and removing it (the user, on the
//! account page), the code step of sign-in, and the team's rule (the administrator, on the team
//! page).
//!
//! Every code entered counts against the sign-in throttle of the account, whatever the form: the
//! six digits have a million values, and the throttle is what keeps them from being tried. A right
//! password does not forgive the account's failures when a code comes next; the right code does.
//! Codes follow the wall clock, as phones do, not the application's clock (which development may
//! move forward to make deadlines pass).

use super::codes::{self, Entered};
use super::model::{SignInOutcome, TwoFactorSetup, TwoFactorStatus, SECOND_STEP_SECS};
use super::repo;
use crate::auth::guard::PartnerScope;
use crate::auth::server::{begin_session, client_address, session};
use crate::auth::CurrentUser;
use crate::error::{AppError, Conflict, FieldProblem};
use crate::state::{AppState, Clock as _, SystemClock};
use crate::team::model::TeamChange;
use domain::UserId;

/// The user whose password was right, waiting for its code (in the session, never signed in).
const PENDING_USER_KEY: &str = "two_factor_user";
/// The throttle's name of that account (the address as typed at sign-in).
const PENDING_ACCOUNT_KEY: &str = "two_factor_account";
/// When the password was right (the application's clock).
const PENDING_AT_KEY: &str = "two_factor_at";

fn wall_clock() -> i64 {
    SystemClock.now()
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    anyhow::anyhow!("the session: {e}").into()
}

/// The user's e-mail address (the throttle's account, and the name in the authenticator app).
async fn email_of(state: &AppState, user_id: UserId) -> Result<String, AppError> {
    Ok(
        crate::auth::repo::load_current_user(&state.db.pool, user_id)
            .await?
            .ok_or(AppError::Unauthenticated)?
            .email
            .to_lowercase(),
    )
}

/// The account page's view.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn status(state: &AppState, user_id: UserId) -> Result<TwoFactorStatus, AppError> {
    let (enabled, left, required_by_team) = repo::status(&state.db.pool, user_id).await?;
    Ok(TwoFactorStatus {
        enabled,
        recovery_codes_left: u32::try_from(left).unwrap_or(0),
        required_by_team,
    })
}

/// Starts setting an authenticator up: a new secret, its QR code. One being set up before is
/// replaced; a confirmed one must be turned off first.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn start(state: &AppState, user_id: UserId) -> Result<TwoFactorSetup, AppError> {
    let email = email_of(state, user_id).await?;
    let secret = codes::new_secret();
    let url = codes::otpauth_url(&secret, &email)
        .ok_or_else(|| crate::error::broken("a new secret makes an otpauth address"))?;
    let qr_svg =
        codes::qr_svg(&url).ok_or_else(|| crate::error::broken("an otpauth address fits a QR"))?;
    if !repo::begin_setup(&state.db.pool, user_id, &secret, wall_clock()).await? {
        return Err(AppError::Conflict(Conflict::TwoFactorState));
    }
    Ok(TwoFactorSetup { secret, qr_svg })
}

/// Reads the code field: required, six digits or a recovery code.
fn entered(typed: &str) -> Result<Entered, AppError> {
    if typed.trim().is_empty() {
        return Err(AppError::field("code", FieldProblem::REQUIRED));
    }
    codes::read_entered(typed)
        .ok_or_else(|| AppError::field("code", FieldProblem::BadFormat { max: None }))
}

/// Counts one code attempt of `account` against the sign-in throttle.
async fn admit(state: &AppState, account: &str) -> Result<(), AppError> {
    let address = client_address(state).await;
    let now = state.clock.now();
    let limits = state.config.sign_in_limits;
    let admitted = crate::auth::repo::admit_attempt(
        &state.db.pool,
        account,
        &address,
        now,
        now - limits.window_secs,
        (limits.per_account, limits.per_address),
    )
    .await?;
    if admitted {
        Ok(())
    } else {
        tracing::warn!(%address, "two-factor code throttled");
        Err(AppError::RateLimited {
            retry_after_secs: limits.window_secs as u64,
        })
    }
}

/// Checks a code of the user's confirmed authenticator, or one of its recovery codes, and uses it
/// up; throttled as sign-in is. A wrong code stays counted as a failure.
async fn use_code(
    state: &AppState,
    user_id: UserId,
    account: &str,
    typed: &str,
) -> Result<(), AppError> {
    let entered = entered(typed)?;
    let pool = &state.db.pool;
    let authenticator = repo::authenticator(pool, user_id)
        .await?
        .filter(|a| a.confirmed)
        .ok_or(AppError::Conflict(Conflict::TwoFactorState))?;
    admit(state, account).await?;
    let accepted = match entered {
        Entered::Totp(code) => match codes::matching_step(
            &authenticator.secret,
            account,
            &code,
            u64::try_from(wall_clock()).unwrap_or(0),
            authenticator.last_step,
        ) {
            Some(step) => repo::take_step(pool, user_id, step).await?,
            None => false,
        },
        Entered::Recovery(hash) => {
            let used = repo::take_recovery_code(pool, user_id, &hash, wall_clock()).await?;
            if used {
                tracing::info!(user_id = %user_id, "recovery code used");
            }
            used
        }
    };
    if !accepted {
        tracing::info!(user_id = %user_id, "two-factor code refused");
        return Err(AppError::field("code", FieldProblem::Incorrect));
    }
    crate::auth::repo::clear_account_failures(pool, account).await?;
    Ok(())
}

/// Confirms the authenticator being set up with a code from it; answers its recovery codes, shown
/// this once.
#[tracing::instrument(skip(state, typed), err(level = "debug"))]
pub async fn confirm(
    state: &AppState,
    user_id: UserId,
    typed: &str,
) -> Result<Vec<String>, AppError> {
    let Entered::Totp(code) = entered(typed)? else {
        return Err(AppError::field(
            "code",
            FieldProblem::BadFormat { max: None },
        ));
    };
    let email = email_of(state, user_id).await?;
    let pool = &state.db.pool;
    let authenticator = repo::authenticator(pool, user_id)
        .await?
        .filter(|a| !a.confirmed)
        .ok_or(AppError::Conflict(Conflict::TwoFactorState))?;
    admit(state, &email).await?;
    let step = codes::matching_step(
        &authenticator.secret,
        &email,
        &code,
        u64::try_from(wall_clock()).unwrap_or(0),
        0,
    )
    .ok_or_else(|| AppError::field("code", FieldProblem::Incorrect))?;
    let recovery = codes::new_recovery_codes();
    let hashes: Vec<String> = recovery
        .iter()
        .map(|c| codes::hash_recovery_code(c))
        .collect();
    if !repo::confirm(pool, user_id, step, wall_clock(), &hashes).await? {
        return Err(AppError::Conflict(Conflict::TwoFactorState));
    }
    crate::auth::repo::clear_account_failures(pool, &email).await?;
    tracing::info!(user_id = %user_id, "two-factor authentication turned on");
    Ok(recovery)
}

/// New recovery codes, against a current code; the old ones stop working.
#[tracing::instrument(skip(state, typed), err(level = "debug"))]
pub async fn renew_recovery_codes(
    state: &AppState,
    user_id: UserId,
    typed: &str,
) -> Result<Vec<String>, AppError> {
    let email = email_of(state, user_id).await?;
    use_code(state, user_id, &email, typed).await?;
    let recovery = codes::new_recovery_codes();
    let hashes: Vec<String> = recovery
        .iter()
        .map(|c| codes::hash_recovery_code(c))
        .collect();
    if !repo::renew_recovery_codes(&state.db.pool, user_id, wall_clock(), &hashes).await? {
        return Err(AppError::Conflict(Conflict::TwoFactorState));
    }
    Ok(recovery)
}

/// Turns two-factor authentication off, against a current code, unless the team requires it.
#[tracing::instrument(skip(state, typed), err(level = "debug"))]
pub async fn disable(state: &AppState, user_id: UserId, typed: &str) -> Result<(), AppError> {
    let (_, _, required) = repo::status(&state.db.pool, user_id).await?;
    if required {
        return Err(AppError::Conflict(Conflict::TwoFactorRequiredByTeam));
    }
    let email = email_of(state, user_id).await?;
    use_code(state, user_id, &email, typed).await?;
    let mut tx = state.db.pool.begin().await?;
    repo::remove(&mut tx, user_id).await?;
    tx.commit().await?;
    tracing::info!(user_id = %user_id, "two-factor authentication turned off");
    Ok(())
}

/// After a right password: the code step when the user has an authenticator (the session holds
/// who is waiting, and nobody is signed in yet); otherwise the user is signed in, the account's
/// failures forgiven.
pub async fn after_password(
    state: &AppState,
    user_id: UserId,
    account: &str,
) -> Result<SignInOutcome, AppError> {
    let pool = &state.db.pool;
    let (enabled, _, required) = repo::status(pool, user_id).await?;
    if enabled {
        let session = session().await?;
        // A new id, as for a sign-in: a planted session id learns nothing.
        session.cycle_id().await.map_err(session_error)?;
        session
            .insert(PENDING_USER_KEY, user_id)
            .await
            .map_err(session_error)?;
        session
            .insert(PENDING_ACCOUNT_KEY, account)
            .await
            .map_err(session_error)?;
        session
            .insert(PENDING_AT_KEY, state.clock.now())
            .await
            .map_err(session_error)?;
        return Ok(SignInOutcome::CodeNeeded);
    }
    crate::auth::repo::clear_account_failures(pool, account).await?;
    begin_session(state, user_id).await?;
    let user = crate::auth::repo::load_current_user(pool, user_id)
        .await?
        .ok_or_else(|| crate::error::broken("the user who just signed in exists"))?;
    Ok(SignInOutcome::SignedIn {
        user,
        set_up_two_factor: required,
    })
}

/// The code step of sign-in: the user waiting in this session enters a code of its
/// authenticator, or a recovery code, within five minutes of its password.
#[tracing::instrument(skip(state, typed), err(level = "debug"))]
pub async fn sign_in_with_code(state: &AppState, typed: &str) -> Result<CurrentUser, AppError> {
    let session = session().await?;
    let user_id = session
        .get::<UserId>(PENDING_USER_KEY)
        .await
        .map_err(session_error)?;
    let account = session
        .get::<String>(PENDING_ACCOUNT_KEY)
        .await
        .map_err(session_error)?;
    let at = session
        .get::<i64>(PENDING_AT_KEY)
        .await
        .map_err(session_error)?;
    let (Some(user_id), Some(account), Some(at)) = (user_id, account, at) else {
        return Err(AppError::Unauthenticated);
    };
    if state.clock.now() - at > SECOND_STEP_SECS {
        forget_pending(&session).await?;
        return Err(AppError::Unauthenticated);
    }
    use_code(state, user_id, &account, typed).await?;
    forget_pending(&session).await?;
    begin_session(state, user_id).await?;
    crate::auth::repo::load_current_user(&state.db.pool, user_id)
        .await?
        .ok_or(AppError::Unauthenticated)
}

async fn forget_pending(session: &tower_sessions::Session) -> Result<(), AppError> {
    for key in [PENDING_USER_KEY, PENDING_ACCOUNT_KEY, PENDING_AT_KEY] {
        session.remove_value(key).await.map_err(session_error)?;
    }
    Ok(())
}

/// The administrator requires (or stops requiring) two-factor authentication of the whole team;
/// kept in the audit list. Requiring it needs the administrator's own first, or the team's only
/// administrator could lock itself out of the team page.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn set_team_required(
    state: &AppState,
    scope: &PartnerScope,
    required: bool,
) -> Result<(), AppError> {
    crate::team::service::admin_only(scope)?;
    let pool = &state.db.pool;
    if required && !repo::status(pool, scope.user_id).await?.0 {
        return Err(AppError::Conflict(Conflict::TwoFactorOwnFirst));
    }
    let mut tx = crate::team::repo::begin(pool, scope.partner_id).await?;
    let before = repo::set_required(&mut tx, scope.partner_id, required).await?;
    if before != required {
        let word = |on: bool| if on { "required" } else { "optional" };
        crate::team::repo::record(
            &mut tx,
            scope.partner_id,
            scope.user_id,
            scope.user_id,
            TeamChange::TwoFactorRequired,
            word(before),
            word(required),
            state.clock.now(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The administrator removes a colleague's authenticator (a lost phone and lost recovery codes):
/// the colleague sets a new one up at its next sign-in when the team requires it.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn reset_member(
    state: &AppState,
    scope: &PartnerScope,
    user_id: UserId,
) -> Result<(), AppError> {
    crate::team::service::admin_only(scope)?;
    let mut tx = crate::team::repo::begin(&state.db.pool, scope.partner_id).await?;
    crate::team::repo::target(&mut tx, scope.partner_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !repo::remove(&mut tx, user_id).await? {
        return Err(AppError::Conflict(Conflict::TwoFactorState));
    }
    crate::team::repo::record(
        &mut tx,
        scope.partner_id,
        scope.user_id,
        user_id,
        TeamChange::TwoFactorReset,
        "on",
        "off",
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
