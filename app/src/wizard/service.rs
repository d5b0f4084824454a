//! What the wizards ask the server while the partner fills them: where to start, and the live
//! eligibility feedback (the domain's rule for one customer ID against every open engagement).

use super::model::{
    CustomerCheck, CustomerCheckRequest, EngagementVerdict, KnownCustomer, LocationChoice,
    WizardStart,
};
use crate::auth::guard::PartnerScope;
use crate::eligibility::repo::evaluate;
use crate::error::{AppError, FieldError, FieldProblem};
use crate::state::AppState;
use domain::{CustomerId, CustomerIdType, Engagement, LocationId, PaymentRule, Timestamp};
use domain::{EngagementId, PartnerId};

fn not_allowed() -> AppError {
    AppError::field("location_id", FieldProblem::NotAllowed)
}

/// The partner's engagements that accept claims now.
async fn open_engagements(
    state: &AppState,
    partner_id: PartnerId,
    now: Timestamp,
) -> Result<Vec<Engagement>, AppError> {
    let pool = &state.db.pool;
    let mut out = Vec::new();
    for id in crate::customers::refresh::partner_engagements(pool, partner_id).await? {
        if let Some(engagement) = crate::engagements::repo::load_engagement(pool, id).await? {
            if engagement.is_open(now) {
                out.push(engagement);
            }
        }
    }
    Ok(out)
}

/// Parses the request (the server's check, whatever the browser did), then evaluates.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id))]
pub async fn check_customer(
    state: &AppState,
    scope: &PartnerScope,
    request: CustomerCheckRequest,
) -> Result<CustomerCheck, AppError> {
    let location = LocationId::parse(&request.location_id)
        .map_err(|e| AppError::Validation(vec![FieldError::parse("location_id", &e)]))?;
    if !scope.locations.allows(location.as_str()) {
        return Err(not_allowed());
    }
    let kind = CustomerIdType::from_code(&request.customer_id_type)
        .ok_or_else(|| AppError::field("customer_id_type", FieldProblem::REQUIRED))?;
    let id = CustomerId::parse(kind, &request.customer_id_value)
        .map_err(|e| AppError::Validation(vec![FieldError::parse("customer_id_value", &e)]))?;

    let pool = &state.db.pool;
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let mut check = CustomerCheck {
        normalised: id.value(),
        customer_name: None,
        resolved_tenant: None,
        engagements: Vec::new(),
        tenant_domains: Vec::new(),
    };
    let engagements = open_engagements(state, scope.partner_id, now).await?;
    let mut conn = pool.acquire().await?;
    let key = crate::eligibility::repo::customer_key_of(&mut conn, &id).await?;
    for engagement in engagements {
        let Some((verdict, facts)) = evaluate(
            &mut conn,
            scope.partner_id,
            &location,
            &engagement,
            &id,
            &key,
            now,
        )
        .await?
        else {
            return Err(not_allowed());
        };
        if check.customer_name.is_none() {
            check.customer_name = facts.customer_name.clone();
            check.resolved_tenant = verdict
                .resolved_tenant
                .as_ref()
                .map(|t| t.as_str().to_owned());
        }
        check.engagements.push(EngagementVerdict {
            engagement_id: engagement.id,
            engagement_name: engagement.name.clone(),
            eligible: verdict.eligible,
            reasons: verdict.reasons,
            hours_range: match engagement.payment {
                PaymentRule::Variable {
                    min_hours,
                    max_hours,
                    ..
                } => Some((min_hours, max_hours)),
                PaymentRule::Fixed { .. } => None,
            },
        });
    }
    check
        .engagements
        .sort_by_key(|e| (!e.eligible, e.engagement_name.clone()));
    drop(conn);
    // Only what the wizard needs: who the customer is (and its domains, for the contacts step)
    // only when the programme has put it before this partner, on an eligibility list of one of
    // its open engagements (whatever else stops a claim now: a location, a limit, a claim of its
    // own). For any other ID the verdicts say why, but the directory's name and domains stay the
    // programme's: a partner cannot read the directory by typing IDs.
    if !check.engagements.iter().any(|e| listed_for(&e.reasons)) {
        check.customer_name = None;
        check.resolved_tenant = None;
        return Ok(check);
    }
    if let CustomerId::TenantId(tenant) = &id {
        check.tenant_domains = crate::claims::repo::tenant_domains(pool, tenant.as_str()).await?;
    }
    Ok(check)
}

/// Whether a verdict's reasons leave the customer on the engagement's list: none of them says
/// the ID is unknown, unlisted, or of a kind the engagement does not take.
fn listed_for(reasons: &[domain::Reason]) -> bool {
    use domain::ReasonCode::{CustomerUnknown, IdTypeNotAccepted, NotOnEligibilityList};
    !reasons.iter().any(|r| {
        matches!(
            r.code,
            CustomerUnknown | NotOnEligibilityList | IdTypeNotAccepted
        )
    })
}

/// Where a wizard starts: the engagement it was opened from (one of the partner's), the
/// locations this user may use, the user's own contact, and for Claim customer (`known` = the
/// customer's ID type and value) the customer with the contacts of its latest claim.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id))]
pub async fn wizard_start(
    state: &AppState,
    scope: &PartnerScope,
    engagement_id: EngagementId,
    known: Option<CustomerId>,
) -> Result<WizardStart, AppError> {
    let pool = &state.db.pool;
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let partner_engagements =
        crate::customers::refresh::partner_engagements(pool, scope.partner_id).await?;
    if !partner_engagements.contains(&engagement_id) {
        return Err(AppError::NotFound);
    }
    let engagement = crate::engagements::repo::load_engagement(pool, engagement_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = open_engagements(state, scope.partner_id, now).await?;
    let open_ids: Vec<EngagementId> = open.iter().map(|e| e.id).collect();

    let rows = super::repo::enrolled_locations(pool, scope.partner_id, engagement_id).await?;
    // Locations eligible for some engagement open now (where Add customer can start).
    let eligible_anywhere: Vec<String> = super::repo::eligible_pairs(pool, scope.partner_id)
        .await?
        .into_iter()
        .filter(|(_, engagement)| open_ids.contains(engagement))
        .map(|(location, _)| location)
        .collect();

    let mut locations = Vec::new();
    for row in rows {
        if !scope.locations.allows(&row.id) {
            continue;
        }
        let usable = if known.is_some() {
            row.this_one > 0 && engagement.is_open(now)
        } else {
            eligible_anywhere.contains(&row.id)
        };
        locations.push(LocationChoice {
            id: row.id,
            name: row.name,
            country: row.country,
            usable,
        });
    }

    let user = crate::auth::repo::load_current_user(pool, scope.user_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;

    let known = match known {
        None => None,
        Some(id) => Some(known_customer(state, scope, id).await?),
    };

    Ok(WizardStart {
        engagement_id,
        engagement_code: engagement.code.clone(),
        engagement_name: engagement.name.clone(),
        engagement_open: engagement.is_open(now),
        accepted_id_types: engagement.accepted_id_types.clone(),
        variable_payment: matches!(engagement.payment, PaymentRule::Variable { .. }),
        locations,
        partner_contact_name: user.display_name,
        partner_contact_email: user.email,
        known,
    })
}

/// The customer of a Claim customer wizard: known to the partner (a claim of its, within the
/// user's locations and with any of the customer's IDs, whose customer consented), with the
/// contacts of its latest such claim. The wizard claims it with the ID given (the one the
/// Customers page found eligible).
async fn known_customer(
    state: &AppState,
    scope: &PartnerScope,
    id: CustomerId,
) -> Result<KnownCustomer, AppError> {
    let key = crate::eligibility::repo::customer_key_of(&mut *state.db.pool.acquire().await?, &id)
        .await?;
    // The contacts of a claim made with this very ID first (its e-mail domain fits it), then
    // those of the customer's other IDs; only claims of the user's own locations.
    let row = super::repo::consented_claims(&state.db.pool, scope.partner_id, &key, &id)
        .await?
        .into_iter()
        .find(|r| scope.locations.allows(&r.location_id))
        .ok_or(AppError::NotFound)?;
    Ok(KnownCustomer {
        customer_id_type: id.kind().code().to_owned(),
        // As a person reads it (a domain in Unicode); it parses back to the same ID.
        customer_id_value: id.display_value(),
        customer_name: row.customer_name,
        friendly_name: row.friendly_name,
        contact_email: row.contact_email,
        contact_name: row.contact_name,
        contact_phone: row.contact_phone.unwrap_or_default(),
        contact_language: row.contact_language,
    })
}
