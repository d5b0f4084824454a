//! The team page's actions, each the partner's Incentives administrator's only, each on a user
//! of its own partner (any other is not found), each kept in the audit list. The partner keeps
//! at least one active administrator: the change that would leave none is refused.

use super::model::{Team, TeamChange, TEAM_ROLES};
use super::repo;
use crate::auth::guard::PartnerScope;
use crate::auth::Role;
use crate::error::{AppError, Conflict, FieldProblem, NeededRole};
use crate::state::AppState;
use domain::UserId;

/// How many audit lines the page shows.
const AUDIT_SHOWN: i64 = 100;

pub(crate) fn admin_only(scope: &PartnerScope) -> Result<(), AppError> {
    if scope.role == Role::IncentivesAdmin {
        Ok(())
    } else {
        Err(AppError::Forbidden(NeededRole::IncentivesAdmin))
    }
}

/// The partner's users, locations and recent changes.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn team(state: &AppState, scope: &PartnerScope) -> Result<Team, AppError> {
    admin_only(scope)?;
    let pool = &state.db.pool;
    Ok(Team {
        members: repo::members(pool, scope.partner_id).await?,
        locations: repo::locations(pool, scope.partner_id).await?,
        audit: repo::audit(pool, scope.partner_id, AUDIT_SHOWN).await?,
        me: scope.user_id,
        two_factor_required: crate::two_factor::repo::status(pool, scope.user_id)
            .await?
            .2,
    })
}

/// Gives a user another role. Making it an administrator drops its location grants (an
/// administrator acts for the whole organisation).
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn set_role(
    state: &AppState,
    scope: &PartnerScope,
    user_id: UserId,
    role_code: &str,
) -> Result<(), AppError> {
    admin_only(scope)?;
    let role = Role::from_code(role_code.trim())
        .filter(|r| TEAM_ROLES.contains(r))
        .ok_or_else(|| AppError::field("role", FieldProblem::Unknown))?;
    let mut tx = repo::begin(&state.db.pool, scope.partner_id).await?;
    let target = repo::target(&mut tx, scope.partner_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.role == role {
        return Ok(());
    }
    if target.role == Role::IncentivesAdmin
        && target.active
        && repo::other_active_admins(&mut tx, scope.partner_id, user_id).await? == 0
    {
        return Err(AppError::Conflict(Conflict::LastAdministrator));
    }
    repo::set_role(&mut tx, user_id, role).await?;
    let now = state.clock.now();
    if role != Role::IncentivesUser && !target.locations.is_empty() {
        repo::set_locations(&mut tx, user_id, &[]).await?;
    }
    repo::record(
        &mut tx,
        scope.partner_id,
        scope.user_id,
        user_id,
        TeamChange::Role,
        target.role.code(),
        role.code(),
        now,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, role = role.code(), "team role changed");
    Ok(())
}

/// Grants an Incentives user exactly these locations of the partner.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn set_locations(
    state: &AppState,
    scope: &PartnerScope,
    user_id: UserId,
    locations: Vec<String>,
) -> Result<(), AppError> {
    admin_only(scope)?;
    let pool = &state.db.pool;
    let partner_locations = repo::locations(pool, scope.partner_id).await?;
    // The user first: another partner's is not found, whatever locations are asked.
    let mut tx = repo::begin(pool, scope.partner_id).await?;
    let target = repo::target(&mut tx, scope.partner_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut wanted: Vec<String> = locations.iter().map(|l| l.trim().to_owned()).collect();
    wanted.sort();
    wanted.dedup();
    if wanted
        .iter()
        .any(|l| !partner_locations.iter().any(|(id, _)| id == l))
    {
        return Err(AppError::field("locations", FieldProblem::Unknown));
    }
    if target.role != Role::IncentivesUser {
        // An administrator has every location; a user without an incentives role has none.
        return Err(AppError::field("locations", FieldProblem::NotAllowed));
    }
    if target.locations == wanted {
        return Ok(());
    }
    repo::set_locations(&mut tx, user_id, &wanted).await?;
    repo::record(
        &mut tx,
        scope.partner_id,
        scope.user_id,
        user_id,
        TeamChange::Locations,
        &target.locations.join(", "),
        &wanted.join(", "),
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user = %user_id, "team locations changed");
    Ok(())
}

/// Deactivates (`active` false) or reactivates a user. A deactivated user's sessions end at
/// once, and it can no longer sign in.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn set_active(
    state: &AppState,
    scope: &PartnerScope,
    user_id: UserId,
    active: bool,
) -> Result<(), AppError> {
    admin_only(scope)?;
    let pool = &state.db.pool;
    let mut tx = repo::begin(pool, scope.partner_id).await?;
    let target = repo::target(&mut tx, scope.partner_id, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if target.active == active {
        return Ok(());
    }
    if !active
        && target.role == Role::IncentivesAdmin
        && repo::other_active_admins(&mut tx, scope.partner_id, user_id).await? == 0
    {
        return Err(AppError::Conflict(Conflict::LastAdministrator));
    }
    let now = state.clock.now();
    repo::set_active(&mut tx, user_id, active, now).await?;
    let (change, before, after) = if active {
        (TeamChange::Reactivated, "deactivated", "active")
    } else {
        (TeamChange::Deactivated, "active", "deactivated")
    };
    repo::record(
        &mut tx,
        scope.partner_id,
        scope.user_id,
        user_id,
        change,
        before,
        after,
        now,
    )
    .await?;
    tx.commit().await?;
    if !active {
        let ended = crate::db::session_store::end_sessions_of(pool, user_id, None).await?;
        tracing::info!(user = %user_id, ended, "team member deactivated");
    }
    Ok(())
}
