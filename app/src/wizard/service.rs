//! The live eligibility feedback: the domain's rule for one customer ID against every open
//! engagement of the partner, from the chosen location.

use super::model::{CustomerCheck, CustomerCheckRequest, EngagementVerdict};
use crate::auth::guard::PartnerScope;
use crate::eligibility::repo::evaluate;
use crate::error::{AppError, FieldError};
use crate::state::AppState;
use domain::{CustomerId, CustomerIdType, LocationId, Timestamp};

/// Parses the request (the server's check, whatever the browser did), then evaluates.
#[tracing::instrument(skip(state, scope), fields(partner = scope.partner_id))]
pub async fn check_customer(
    state: &AppState,
    scope: &PartnerScope,
    request: CustomerCheckRequest,
) -> Result<CustomerCheck, AppError> {
    let location = LocationId::parse(&request.location_id).map_err(|e| {
        AppError::Validation(vec![FieldError::new(
            "location_id",
            e.code(),
            e.message_en(),
        )])
    })?;
    if !scope.locations.allows(location.as_str()) {
        return Err(AppError::field(
            "location_id",
            "not_allowed",
            "You cannot act for this location.",
        ));
    }
    let kind = CustomerIdType::from_code(&request.customer_id_type).ok_or_else(|| {
        AppError::field(
            "customer_id_type",
            "required",
            "Choose the type of customer ID.",
        )
    })?;
    let id = CustomerId::parse(kind, &request.customer_id_value).map_err(|e| {
        AppError::Validation(vec![FieldError::new(
            "customer_id_value",
            e.code(),
            e.message_en(),
        )])
    })?;

    let pool = &state.db.pool;
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let mut check = CustomerCheck {
        normalised: id.value(),
        customer_name: None,
        resolved_tenant: None,
        engagements: Vec::new(),
    };
    for engagement_id in
        crate::customers::refresh::partner_engagements(pool, scope.partner_id).await?
    {
        let Some(engagement) =
            crate::engagements::repo::load_engagement(pool, engagement_id).await?
        else {
            continue;
        };
        if !engagement.is_open(now) {
            continue;
        }
        let Some((verdict, facts)) =
            evaluate(pool, scope.partner_id, &location, &engagement, &id, now).await?
        else {
            return Err(AppError::field(
                "location_id",
                "not_allowed",
                "You cannot act for this location.",
            ));
        };
        if check.customer_name.is_none() {
            check.customer_name = facts.customer_name.clone();
            check.resolved_tenant = verdict
                .resolved_tenant
                .as_ref()
                .map(|t| t.as_str().to_owned());
        }
        check.engagements.push(EngagementVerdict {
            engagement_id,
            engagement_name: engagement.name.clone(),
            eligible: verdict.eligible,
            reasons: verdict.reasons,
        });
    }
    check
        .engagements
        .sort_by_key(|e| (!e.eligible, e.engagement_name.clone()));
    Ok(check)
}
