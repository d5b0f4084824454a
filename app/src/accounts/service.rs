//! Invitations: the administrator invites a colleague (and re-sends or revokes the invitation),
//! the colleague accepts by choosing a name and a password. The forgotten and changed passwords
//! are `accounts::passwords`. Every link is single-use and expires; every new password passes
//! `accounts::policy`.

use super::model::{InvitationView, TokenPurpose, INVITATION_VALID_SECS};
use super::{policy, repo};
use crate::auth::guard::PartnerScope;
use crate::auth::{password, Role};
use crate::consent::token::{hash_token, well_formed};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::state::AppState;
use crate::team::model::{TeamChange, TEAM_ROLES};
use crate::team::service::admin_only;
use domain::UserId;

/// The longest name a colleague gives itself.
pub const DISPLAY_NAME_MAX: usize = 100;

/// What the administrator asks for: the colleague's address, role, locations and language.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub email: String,
    pub role: String,
    pub locations: Vec<String>,
    pub language: String,
}

fn unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

/// Invites a colleague: a new user of the partner, invited with this role and these locations,
/// and an e-mail with a link valid seven days. Answers the new user's id.
#[tracing::instrument(skip(state, scope, invitation), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn invite(
    state: &AppState,
    scope: &PartnerScope,
    invitation: Invitation,
) -> Result<UserId, AppError> {
    admin_only(scope)?;
    let mut errors = Vec::new();
    let email = match domain::EmailAddress::parse(&invitation.email) {
        Ok(email) => Some(email.as_str().to_lowercase()),
        Err(e) => {
            errors.push(FieldError::new("email", FieldProblem::Invalid(e)));
            None
        }
    };
    let role = Role::from_code(invitation.role.trim()).filter(|r| TEAM_ROLES.contains(r));
    if role.is_none() {
        errors.push(FieldError::new("role", FieldProblem::Unknown));
    }
    let language = match domain::Language::parse(&invitation.language) {
        Ok(language) => Some(language),
        Err(e) => {
            errors.push(FieldError::new("language", FieldProblem::Invalid(e)));
            None
        }
    };
    let pool = &state.db.pool;
    let partner_locations = crate::team::repo::locations(pool, scope.partner_id).await?;
    let mut locations: Vec<String> = invitation
        .locations
        .iter()
        .map(|l| l.trim().to_owned())
        .collect();
    locations.sort();
    locations.dedup();
    if locations
        .iter()
        .any(|l| !partner_locations.iter().any(|(id, _)| id == l))
    {
        errors.push(FieldError::new("locations", FieldProblem::Unknown));
    } else if role.is_some_and(|r| r != Role::IncentivesUser) && !locations.is_empty() {
        errors.push(FieldError::new("locations", FieldProblem::NotAllowed));
    }
    if let Some(email) = &email {
        if repo::email_taken(pool, email).await? {
            errors.push(FieldError::new("email", FieldProblem::Taken));
        }
    }
    let (Some(email), Some(role), Some(language), true) =
        (email, role, language, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
    let now = state.clock.now();
    let mut tx = crate::team::repo::begin(pool, scope.partner_id).await?;
    let user_id = match repo::insert_invited(
        &mut tx,
        Some(scope.partner_id),
        &email,
        role,
        language.code(),
        now,
    )
    .await
    {
        Ok(id) => id,
        // Another administrator invited the same address a moment before.
        Err(e) if unique_violation(&e) => {
            return Err(AppError::field("email", FieldProblem::Taken))
        }
        Err(e) => return Err(e.into()),
    };
    crate::team::repo::set_locations(&mut tx, user_id, &locations).await?;
    send_invitation(
        &mut tx,
        scope,
        user_id,
        &email,
        TeamChange::Invited,
        role.code(),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, role = role.code(), "colleague invited");
    Ok(user_id)
}

/// Queues an invitation e-mail to `user_id` with a new link valid seven days (the earlier link
/// stops working), and keeps `change` in the audit list, in the caller's transaction.
async fn send_invitation(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    scope: &PartnerScope,
    user_id: UserId,
    email: &str,
    change: TeamChange,
    after: &str,
    now: i64,
) -> Result<(), AppError> {
    let by = Some(scope.user_id);
    repo::issue(
        tx,
        user_id,
        TokenPurpose::Invitation,
        by,
        email,
        now,
        INVITATION_VALID_SECS,
    )
    .await?;
    crate::team::repo::record(
        tx,
        scope.partner_id,
        scope.user_id,
        user_id,
        change,
        "",
        after,
        now,
    )
    .await?;
    Ok(())
}

/// Sends a new invitation link (the earlier one stops working), valid seven days from now. A
/// revoked invitation is renewed too.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn resend_invitation(
    state: &AppState,
    scope: &PartnerScope,
    user_id: UserId,
) -> Result<(), AppError> {
    admin_only(scope)?;
    let now = state.clock.now();
    let mut tx = crate::team::repo::begin(&state.db.pool, scope.partner_id).await?;
    let (email, active) = repo::invited_member(&mut tx, scope.partner_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !active {
        crate::team::repo::set_active(&mut tx, user_id, true, now).await?;
    }
    send_invitation(
        &mut tx,
        scope,
        user_id,
        &email,
        TeamChange::InvitationResent,
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "invitation re-sent");
    Ok(())
}

/// Revokes a pending invitation: its link stops working and the invited user is deactivated
/// (re-sending renews both).
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn revoke_invitation(
    state: &AppState,
    scope: &PartnerScope,
    user_id: UserId,
) -> Result<(), AppError> {
    admin_only(scope)?;
    let now = state.clock.now();
    let mut tx = crate::team::repo::begin(&state.db.pool, scope.partner_id).await?;
    let (_, active) = repo::invited_member(&mut tx, scope.partner_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    repo::revoke(&mut tx, user_id, TokenPurpose::Invitation, now).await?;
    if active {
        crate::team::repo::set_active(&mut tx, user_id, false, now).await?;
    }
    crate::team::repo::record(
        &mut tx,
        scope.partner_id,
        scope.user_id,
        user_id,
        TeamChange::InvitationRevoked,
        "",
        "",
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "invitation revoked");
    Ok(())
}

/// The usable link of `purpose` behind a token from a URL; any other token is not found (the
/// same answer for malformed, unknown, used, revoked and expired).
pub(super) async fn link(
    state: &AppState,
    token: &str,
    purpose: TokenPurpose,
) -> Result<repo::LinkRow, AppError> {
    if !well_formed(token) {
        return Err(AppError::NotFound);
    }
    repo::usable_link(
        &state.db.pool,
        &hash_token(token),
        purpose,
        state.clock.now(),
    )
    .await?
    .ok_or(AppError::NotFound)
}

/// What the invitation page shows.
pub async fn invitation(state: &AppState, token: &str) -> Result<InvitationView, AppError> {
    let link = link(state, token, TokenPurpose::Invitation).await?;
    Ok(InvitationView {
        partner_name: link.partner_name,
        email: link.email,
        role: link.role,
        invited_by: link.invited_by,
        expires_at: link.expires_at,
        now: state.clock.now(),
    })
}

fn display_name(input: &str) -> Result<String, FieldError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(FieldError::new("display_name", FieldProblem::REQUIRED));
    }
    if name.chars().count() > DISPLAY_NAME_MAX || name.chars().any(char::is_control) {
        return Err(FieldError::new(
            "display_name",
            FieldProblem::TooLong {
                max: DISPLAY_NAME_MAX as u32,
            },
        ));
    }
    Ok(name.to_owned())
}

/// Accepts an invitation: the colleague's name and password, then it is signed in. The link
/// works once.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn accept_invitation(
    state: &AppState,
    token: &str,
    name: &str,
    new_password: &str,
) -> Result<UserId, AppError> {
    let link = link(state, token, TokenPurpose::Invitation).await?;
    let name = display_name(name);
    let checked = policy::check(
        "password",
        new_password,
        &link.email,
        name.as_deref().unwrap_or(""),
    );
    let (name, checked) = match (name, checked) {
        (Ok(name), Ok(checked)) => (name, checked),
        (name, checked) => {
            let mut errors: Vec<FieldError> = name.err().into_iter().collect();
            if let Err(AppError::Validation(more)) = checked {
                errors.extend(more);
            }
            return Err(AppError::Validation(errors));
        }
    };
    let hash = password::hash(checked.expose().to_owned()).await?;
    let now = state.clock.now();
    let mut tx = state.db.pool.begin().await?;
    if !repo::use_link(&mut tx, link.token_id, now).await? {
        return Err(AppError::NotFound);
    }
    repo::accept(&mut tx, link.user_id, &name, hash.as_str()).await?;
    tx.commit().await?;
    crate::auth::server::begin_session(state, link.user_id).await?;
    tracing::info!(user = %link.user_id, "invitation accepted");
    Ok(link.user_id)
}
