//! Server functions of claims: thin wrappers that guard, then call `claims::service`.

use super::model::{ClaimDetail, ClaimSummary, CreatedClaim, NewClaims};
use crate::error::AppError;
use domain::EngagementId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Nominates one customer for one or more engagements (Add customer / Claim customer).
#[server(endpoint = "create_claims", input = Json)]
pub async fn create_claims(request: NewClaims) -> Result<Vec<CreatedClaim>, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::create_claims(&state, &scope, request)
        .await
        .map_err(respond)
}

/// One claim of the signed-in partner: details, deadline, history, available actions.
#[server(endpoint = "get_claim")]
pub async fn get_claim(claim_ref: String) -> Result<ClaimDetail, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::claim_detail(
        &state,
        &scope,
        &crate::claims::refs::requested(&claim_ref).map_err(respond)?,
    )
    .await
    .map_err(respond)
}

/// The signed-in partner's claims, optionally of one engagement.
#[server(endpoint = "list_claims")]
pub async fn list_claims(
    engagement_id: Option<EngagementId>,
) -> Result<Vec<ClaimSummary>, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::list_claims(&state, &scope, engagement_id)
        .await
        .map_err(respond)
}

/// Cancels a claim before its first submission.
#[server(endpoint = "cancel_claim")]
pub async fn cancel_claim(claim_ref: String) -> Result<domain::ClaimStatus, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::partner_action(
        &state,
        &scope,
        &crate::claims::refs::requested(&claim_ref).map_err(respond)?,
        domain::ClaimAction::Cancel,
        serde_json::json!({}),
    )
    .await
    .map_err(respond)
}
