//! Server functions of the team page: each guards (the partner's Incentives administrator, as
//! `team::service` checks again), then calls the service.

use super::model::Team;
use crate::error::AppError;
use domain::UserId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The partner's users, locations and recent team changes.
#[server(endpoint = "get_team")]
pub async fn get_team() -> Result<Team, AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    super::service::team(&state, &scope).await.map_err(respond)
}

/// Gives a user of the partner another role.
#[server(endpoint = "set_team_role")]
pub async fn set_team_role(user_id: UserId, role: String) -> Result<(), AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    super::service::set_role(&state, &scope, user_id, &role)
        .await
        .map_err(respond)
}

/// Grants an Incentives user exactly these locations.
#[server(endpoint = "set_team_locations", input = Json)]
pub async fn set_team_locations(user_id: UserId, locations: Vec<String>) -> Result<(), AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    super::service::set_locations(&state, &scope, user_id, locations)
        .await
        .map_err(respond)
}

/// Deactivates (`active` false) or reactivates a user of the partner.
#[server(endpoint = "set_team_active")]
pub async fn set_team_active(user_id: UserId, active: bool) -> Result<(), AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    super::service::set_active(&state, &scope, user_id, active)
        .await
        .map_err(respond)
}

/// Invites a colleague by e-mail, with a role, locations (an Incentives user's) and the language
/// of the invitation. Answers the invited user's id.
#[server(endpoint = "invite_colleague", input = Json)]
pub async fn invite_colleague(
    email: String,
    role: String,
    locations: Vec<String>,
    language: String,
) -> Result<UserId, AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    let invitation = crate::accounts::service::Invitation {
        email,
        role,
        locations,
        language,
    };
    crate::accounts::service::invite(&state, &scope, invitation)
        .await
        .map_err(respond)
}

/// Sends a colleague's invitation again, with a new link (the earlier one stops working).
#[server(endpoint = "resend_invitation")]
pub async fn resend_invitation(user_id: UserId) -> Result<(), AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    crate::accounts::service::resend_invitation(&state, &scope, user_id)
        .await
        .map_err(respond)
}

/// Revokes a colleague's pending invitation.
#[server(endpoint = "revoke_invitation")]
pub async fn revoke_invitation(user_id: UserId) -> Result<(), AppError> {
    use crate::auth::server::{guard_incentives_admin, respond};
    let (state, scope) = guard_incentives_admin().await?;
    crate::accounts::service::revoke_invitation(&state, &scope, user_id)
        .await
        .map_err(respond)
}
