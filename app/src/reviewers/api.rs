//! Server functions of the programme's team: a programme administrator's only.

use super::model::ProgrammeTeam;
use crate::error::AppError;
use domain::UserId;
use leptos::prelude::*;

#[server(endpoint = "get_programme_team")]
pub async fn get_programme_team() -> Result<ProgrammeTeam, AppError> {
    use crate::auth::server::{guard_programme_admin, respond};
    let (state, admin) = guard_programme_admin().await?;
    super::service::team(&state, admin).await.map_err(respond)
}

/// Invites a Programme reviewer by e-mail, in its language.
#[server(endpoint = "invite_reviewer")]
pub async fn invite_reviewer(email: String, language: String) -> Result<UserId, AppError> {
    use crate::auth::server::{guard_programme_admin, respond};
    let (state, admin) = guard_programme_admin().await?;
    super::service::invite(&state, admin, &email, &language)
        .await
        .map_err(respond)
}

#[server(endpoint = "resend_reviewer_invitation")]
pub async fn resend_reviewer_invitation(user_id: UserId) -> Result<(), AppError> {
    use crate::auth::server::{guard_programme_admin, respond};
    let (state, admin) = guard_programme_admin().await?;
    super::service::resend(&state, admin, user_id)
        .await
        .map_err(respond)
}

#[server(endpoint = "revoke_reviewer_invitation")]
pub async fn revoke_reviewer_invitation(user_id: UserId) -> Result<(), AppError> {
    use crate::auth::server::{guard_programme_admin, respond};
    let (state, admin) = guard_programme_admin().await?;
    super::service::revoke(&state, admin, user_id)
        .await
        .map_err(respond)
}

/// Deactivates (ending its sessions at once) or reactivates a reviewer.
#[server(endpoint = "set_reviewer_active")]
pub async fn set_reviewer_active(user_id: UserId, active: bool) -> Result<(), AppError> {
    use crate::auth::server::{guard_programme_admin, respond};
    let (state, admin) = guard_programme_admin().await?;
    super::service::set_active(&state, admin, user_id, active)
        .await
        .map_err(respond)
}

/// Names a reviewer an administrator of the programme's team, or no longer.
#[server(endpoint = "set_reviewer_admin")]
pub async fn set_reviewer_admin(user_id: UserId, admin: bool) -> Result<(), AppError> {
    use crate::auth::server::{guard_programme_admin, respond};
    let (state, me) = guard_programme_admin().await?;
    super::service::set_admin(&state, me, user_id, admin)
        .await
        .map_err(respond)
}
