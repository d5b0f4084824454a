//! Server functions of the wizards.

use super::model::{CustomerCheck, CustomerCheckRequest};
use crate::error::AppError;
use domain::EngagementId;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Who a customer ID is and for which open engagements it is eligible, from a location: the
/// feedback of the customer ID step, asked (debounced) while the partner types.
#[server(endpoint = "check_customer", input = Json)]
pub async fn check_customer(request: CustomerCheckRequest) -> Result<CustomerCheck, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    state
        .customer_check_limiter
        .check(&format!("user:{}", scope.user_id))
        .map_err(respond)?;
    super::service::check_customer(&state, &scope, request)
        .await
        .map_err(respond)
}

/// Where a wizard starts (see `wizard::service::wizard_start`). `known_type`/`known_value` name
/// the customer of a Claim customer wizard; both empty for Add customer.
#[server(endpoint = "wizard_start")]
pub async fn wizard_start(
    engagement_id: EngagementId,
    known_type: String,
    known_value: String,
) -> Result<super::model::WizardStart, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    // Parsed here, at the edge: an ID that does not parse names no customer of the partner.
    let known = if known_type.is_empty() && known_value.is_empty() {
        None
    } else {
        let kind =
            domain::CustomerIdType::from_code(known_type.trim()).ok_or(AppError::NotFound)?;
        Some(domain::CustomerId::parse(kind, &known_value).map_err(|_| AppError::NotFound)?)
    };
    super::service::wizard_start(&state, &scope, engagement_id, known)
        .await
        .map_err(respond)
}

/// Checks the wizard's answers up to `step` (the step being left), with every rule the final
/// creation applies; from the engagements step on, answers with the claims it would create.
#[server(endpoint = "check_claim_step", input = Json)]
pub async fn check_claim_step(
    request: crate::claims::model::NewClaims,
    step: crate::claims::model::WizardStep,
) -> Result<crate::claims::model::ClaimsPreview, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    crate::claims::check::preview_claims(&state, &scope, &request, step)
        .await
        .map_err(respond)
}
