//! Server functions of the review console (Programme reviewer only).

use super::model::{QueueFilter, ReviewQueue};
use crate::claims::model::ClaimDetail;
use crate::error::AppError;
use domain::ClaimStatus;
use leptos::prelude::*;

/// The review queue, filtered.
#[server(endpoint = "get_review_queue")]
pub async fn get_review_queue(filter: QueueFilter) -> Result<ReviewQueue, AppError> {
    use crate::auth::server::{guard_reviewer, respond};
    let (state, _reviewer) = guard_reviewer().await?;
    super::service::queue(&state, &filter)
        .await
        .map_err(respond)
}

/// One claim under review: details, submissions and documents, history, decisions open now.
#[server(endpoint = "get_review_claim")]
pub async fn get_review_claim(claim_ref: String) -> Result<ClaimDetail, AppError> {
    use crate::auth::server::{guard_reviewer, respond};
    let (state, _reviewer) = guard_reviewer().await?;
    super::service::detail(
        &state,
        &crate::claims::refs::requested(&claim_ref).map_err(respond)?,
    )
    .await
    .map_err(respond)
}

/// A decision on a claim: `start_review`, `approve`, `reject`, `request_partner_action`,
/// `approve_dispute`, `reject_final`, with its message.
#[server(endpoint = "review_claim")]
pub async fn review_claim(
    claim_ref: String,
    action: String,
    message: String,
) -> Result<ClaimStatus, AppError> {
    use crate::auth::server::{guard_reviewer, respond};
    let (state, reviewer) = guard_reviewer().await?;
    super::service::decide(
        &state,
        reviewer,
        &crate::claims::refs::requested(&claim_ref).map_err(respond)?,
        &action,
        &message,
    )
    .await
    .map_err(respond)
}

/// Records the payment of an approved claim.
#[server(endpoint = "record_payment")]
pub async fn record_payment(
    claim_ref: String,
    payment_date: String,
    amount: String,
) -> Result<ClaimStatus, AppError> {
    use crate::auth::server::{guard_reviewer, respond};
    let (state, reviewer) = guard_reviewer().await?;
    super::service::record_payment(
        &state,
        reviewer,
        &crate::claims::refs::requested(&claim_ref).map_err(respond)?,
        &payment_date,
        &amount,
    )
    .await
    .map_err(respond)
}
