//! The programme's team page's actions, each a programme administrator's (the guard), each on a
//! Programme reviewer (anyone else is not found), each kept in the programme's audit list. The
//! programme keeps at least one active administrator: the change that would leave none is
//! refused.

use super::model::{ProgrammeChange, ProgrammeTeam};
use super::repo;
use crate::accounts::model::{TokenPurpose, INVITATION_VALID_SECS};
use crate::auth::Role;
use crate::error::{AppError, Conflict, FieldError, FieldProblem};
use crate::state::AppState;
use domain::UserId;

/// How many audit lines the page shows.
const AUDIT_SHOWN: i64 = 100;

/// The reviewers and the recent changes.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn team(state: &AppState, admin: UserId) -> Result<ProgrammeTeam, AppError> {
    let pool = &state.db.pool;
    Ok(ProgrammeTeam {
        reviewers: repo::reviewers(pool).await?,
        audit: repo::audit(pool, AUDIT_SHOWN).await?,
        me: admin,
    })
}

/// Invites a reviewer: a new Programme reviewer, invited, and an e-mail in its language with a
/// link valid seven days. Answers the new user's id.
#[tracing::instrument(skip(state, email), err(level = "debug"))]
pub async fn invite(
    state: &AppState,
    admin: UserId,
    email: &str,
    language: &str,
) -> Result<UserId, AppError> {
    let mut errors = Vec::new();
    let email = match domain::EmailAddress::parse(email) {
        Ok(email) => Some(email.as_str().to_lowercase()),
        Err(e) => {
            errors.push(FieldError::new("email", FieldProblem::Invalid(e)));
            None
        }
    };
    let language = match domain::Language::parse(language) {
        Ok(language) => Some(language),
        Err(e) => {
            errors.push(FieldError::new("language", FieldProblem::Invalid(e)));
            None
        }
    };
    let pool = &state.db.pool;
    if let Some(email) = &email {
        if crate::accounts::repo::email_taken(pool, email).await? {
            errors.push(FieldError::new("email", FieldProblem::Taken));
        }
    }
    let (Some(email), Some(language), true) = (email, language, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let now = state.clock.now();
    let mut tx = repo::begin(pool, admin).await?;
    let user_id = match crate::accounts::repo::insert_invited(
        &mut tx,
        None,
        &email,
        Role::ProgrammeReviewer,
        language.code(),
        now,
    )
    .await
    {
        Ok(id) => id,
        // Another administrator invited the same address a moment before.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(AppError::field("email", FieldProblem::Taken))
        }
        Err(e) => return Err(e.into()),
    };
    send_invitation(
        &mut tx,
        admin,
        user_id,
        &email,
        ProgrammeChange::Invited,
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "reviewer invited");
    Ok(user_id)
}

async fn send_invitation(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    admin: UserId,
    user_id: UserId,
    email: &str,
    change: ProgrammeChange,
    now: i64,
) -> Result<(), AppError> {
    crate::accounts::repo::issue(
        tx,
        user_id,
        TokenPurpose::Invitation,
        Some(admin),
        email,
        now,
        INVITATION_VALID_SECS,
    )
    .await?;
    repo::record(tx, admin, user_id, change, "", "", now).await?;
    Ok(())
}

/// The reviewer, if it is one still invited; anyone else is not found.
async fn invited(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    user_id: UserId,
) -> Result<repo::Target, AppError> {
    repo::target(tx, user_id)
        .await?
        .filter(|t| t.invited)
        .ok_or(AppError::NotFound)
}

/// Sends a new invitation link (the earlier one stops working); a revoked invitation is renewed.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn resend(state: &AppState, admin: UserId, user_id: UserId) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = repo::begin(&state.db.pool, admin).await?;
    let target = invited(&mut tx, user_id).await?;
    if !target.active {
        crate::team::repo::set_active(&mut tx, user_id, true, now).await?;
    }
    send_invitation(
        &mut tx,
        admin,
        user_id,
        &target.email,
        ProgrammeChange::InvitationResent,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Revokes a pending invitation: its link stops working and the invited reviewer is deactivated.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn revoke(state: &AppState, admin: UserId, user_id: UserId) -> Result<(), AppError> {
    let now = state.clock.now();
    let mut tx = repo::begin(&state.db.pool, admin).await?;
    let target = invited(&mut tx, user_id).await?;
    crate::accounts::repo::revoke(&mut tx, user_id, TokenPurpose::Invitation, now).await?;
    if target.active {
        crate::team::repo::set_active(&mut tx, user_id, false, now).await?;
    }
    repo::record(
        &mut tx,
        admin,
        user_id,
        ProgrammeChange::InvitationRevoked,
        "",
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Deactivates or reactivates a reviewer; a deactivated one's sessions end at once.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn set_active(
    state: &AppState,
    admin: UserId,
    user_id: UserId,
    active: bool,
) -> Result<(), AppError> {
    let pool = &state.db.pool;
    let mut tx = repo::begin(pool, admin).await?;
    let target = repo::target(&mut tx, user_id)
        .await?
        .filter(|t| !t.invited)
        .ok_or(AppError::NotFound)?;
    if target.active == active {
        return Ok(());
    }
    if !active && target.admin && repo::other_active_admins(&mut tx, user_id).await? == 0 {
        return Err(AppError::Conflict(Conflict::LastProgrammeAdministrator));
    }
    let now = state.clock.now();
    crate::team::repo::set_active(&mut tx, user_id, active, now).await?;
    let (change, before, after) = if active {
        (ProgrammeChange::Reactivated, "deactivated", "active")
    } else {
        (ProgrammeChange::Deactivated, "active", "deactivated")
    };
    repo::record(&mut tx, admin, user_id, change, before, after, now).await?;
    tx.commit().await?;
    if !active {
        let ended = crate::db::session_store::end_sessions_of(pool, user_id, None).await?;
        tracing::info!(user = %user_id, ended, "reviewer deactivated");
    }
    Ok(())
}

/// Names a reviewer an administrator of the programme's team, or no longer.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn set_admin(
    state: &AppState,
    admin: UserId,
    user_id: UserId,
    make_admin: bool,
) -> Result<(), AppError> {
    let mut tx = repo::begin(&state.db.pool, admin).await?;
    let target = repo::target(&mut tx, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.admin == make_admin {
        return Ok(());
    }
    if !make_admin && target.active && repo::other_active_admins(&mut tx, user_id).await? == 0 {
        return Err(AppError::Conflict(Conflict::LastProgrammeAdministrator));
    }
    repo::set_admin(&mut tx, user_id, make_admin).await?;
    let word = |on: bool| if on { "yes" } else { "no" };
    repo::record(
        &mut tx,
        admin,
        user_id,
        ProgrammeChange::Administrator,
        word(target.admin),
        word(make_admin),
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
