//! Claims as the server functions use them: parse, authorise, ask the domain, persist. Plain
//! async functions (no HTTP, no Leptos) so that tests call them directly.

use super::model::{ClaimDetail, ClaimOrigin, ClaimSummary, CreatedClaim, NewClaims};
use super::refs::new_claim_ref;
use super::repo::{self, ClaimInsert, ClaimState, TransitionWrite};
use crate::auth::guard::PartnerScope;
use crate::auth::Role;
use crate::eligibility::repo as facts;
use crate::error::{AppError, FieldError, IneligibleEngagement};
use crate::state::AppState;
use domain::{
    apply_action, available_actions, contact_domain_mismatch, deadline, expired_action,
    proposed_payment, Actor, ClaimAction, ClaimDates, ClaimStatus, CustomerId, CustomerIdType,
    DomainName, EmailAddress, Engagement, FriendlyName, Language, LocationId, MarketBand,
    MismatchJustification, MismatchReason, ParseError, PaymentRule, PhoneNumber, Timestamp,
};
use std::collections::BTreeSet;

/// The most engagements one request may nominate a customer for.
const MAX_ENGAGEMENTS_PER_REQUEST: usize = 20;

/// The life-cycle actor a partner user acts as.
pub fn partner_actor(scope: &PartnerScope) -> Actor {
    if scope.role == Role::IncentivesAdmin {
        Actor::PartnerAdmin
    } else {
        Actor::PartnerUser
    }
}

/// Collects field errors while parsing a form.
#[derive(Default)]
struct Fields(Vec<FieldError>);

impl Fields {
    fn parse<T>(&mut self, field: &str, parsed: Result<T, ParseError>) -> Option<T> {
        parsed
            .map_err(|e| {
                self.0
                    .push(FieldError::new(field, e.code(), e.message_en()))
            })
            .ok()
    }

    fn text(&mut self, field: &str, value: &str, label: &str) -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            self.0.push(FieldError::new(
                field,
                "required",
                format!("Enter the {label}."),
            ));
            None
        } else if value.chars().count() > 200 {
            self.0.push(FieldError::new(
                field,
                "too_long",
                format!("The {label} has at most 200 characters."),
            ));
            None
        } else {
            Some(value.to_owned())
        }
    }

    fn push(&mut self, field: &str, code: &str, message: &str) {
        self.0.push(FieldError::new(field, code, message));
    }

    fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

/// Everything of a `NewClaims` request, parsed.
struct Parsed {
    friendly_name: FriendlyName,
    location: LocationId,
    customer_id: CustomerId,
    engagement_ids: Vec<i64>,
    origin: ClaimOrigin,
    contact_email: EmailAddress,
    contact_name: String,
    contact_phone: Option<PhoneNumber>,
    contact_language: Language,
    partner_contact_name: String,
    partner_contact_email: EmailAddress,
}

fn parse_request(scope: &PartnerScope, input: &NewClaims) -> Result<Parsed, AppError> {
    let mut f = Fields::default();
    let friendly_name = f.parse("friendly_name", FriendlyName::parse(&input.friendly_name));
    let location = f.parse("location_id", LocationId::parse(&input.location_id));
    if let Some(location) = &location {
        if !scope.locations.allows(location.as_str()) {
            f.push(
                "location_id",
                "not_allowed",
                "You cannot act for this location.",
            );
        }
    }
    let kind = CustomerIdType::from_code(&input.customer_id_type);
    if kind.is_none() {
        f.push(
            "customer_id_type",
            "required",
            "Choose the type of customer ID.",
        );
    }
    let customer_id = kind.and_then(|k| {
        f.parse(
            "customer_id_value",
            CustomerId::parse(k, &input.customer_id_value),
        )
    });
    let engagement_ids: Vec<i64> = input
        .engagement_ids
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if engagement_ids.is_empty() {
        f.push(
            "engagement_ids",
            "required",
            "Choose at least one engagement.",
        );
    } else if engagement_ids.len() > MAX_ENGAGEMENTS_PER_REQUEST {
        f.push(
            "engagement_ids",
            "too_many",
            "Choose at most 20 engagements at a time.",
        );
    }
    let origin = ClaimOrigin::from_code(&input.origin);
    if origin.is_none() {
        f.push("origin", "bad_format", "The origin is added or claimed.");
    }
    let contact_email = f.parse("contact_email", EmailAddress::parse(&input.contact_email));
    let contact_name = f.text(
        "contact_name",
        &input.contact_name,
        "customer contact's name",
    );
    let contact_phone = if input.contact_phone.trim().is_empty() {
        None
    } else {
        f.parse("contact_phone", PhoneNumber::parse(&input.contact_phone))
    };
    let contact_language = f.parse("contact_language", Language::parse(&input.contact_language));
    let partner_contact_name = f.text(
        "partner_contact_name",
        &input.partner_contact_name,
        "partner contact's name",
    );
    let partner_contact_email = f.parse(
        "partner_contact_email",
        EmailAddress::parse(&input.partner_contact_email),
    );
    let key = input.idempotency_key.trim();
    if key.len() < 8 || key.len() > 100 {
        f.push(
            "idempotency_key",
            "bad_format",
            "The request key must have 8 to 100 characters.",
        );
    }
    f.finish()?;
    // Every field parsed: the options are all `Some` here.
    match (
        friendly_name,
        location,
        customer_id,
        origin,
        contact_email,
        contact_name,
        contact_language,
        partner_contact_name,
        partner_contact_email,
    ) {
        (
            Some(friendly_name),
            Some(location),
            Some(customer_id),
            Some(origin),
            Some(contact_email),
            Some(contact_name),
            Some(contact_language),
            Some(partner_contact_name),
            Some(partner_contact_email),
        ) => Ok(Parsed {
            friendly_name,
            location,
            customer_id,
            engagement_ids,
            origin,
            contact_email,
            contact_name,
            contact_phone,
            contact_language,
            partner_contact_name,
            partner_contact_email,
        }),
        _ => Err(AppError::Internal),
    }
}

/// True when this partner knows the customer: some claim of its, on any engagement, whose
/// customer consented. Only a known customer can be *claimed* (rather than added).
async fn partner_knows_customer(
    state: &AppState,
    partner_id: i64,
    id: &CustomerId,
) -> Result<bool, AppError> {
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM claims WHERE partner_id = $1 AND customer_id_type = $2 AND customer_id_value = $3
         AND consent_at IS NOT NULL",
    )
    .bind(partner_id)
    .bind(id.kind().code())
    .bind(id.value())
    .fetch_one(&state.db.pool)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// Creates one claim per engagement for one customer, after re-checking every rule on the
/// server. All or nothing; a repeated idempotency key answers with the first result.
#[tracing::instrument(skip(state, scope, input), fields(partner = scope.partner_id))]
pub async fn create_claims(
    state: &AppState,
    scope: &PartnerScope,
    input: NewClaims,
) -> Result<Vec<CreatedClaim>, AppError> {
    let key = input.idempotency_key.trim().to_owned();
    if let Some(refs) = repo::idempotent_result(&state.db.pool, scope.user_id, &key).await? {
        return created_from_refs(state, scope, refs).await;
    }
    match create_claims_once(state, scope, input).await {
        // A twin request (a double click) may have won the race meanwhile; its claims and its
        // key were committed together, so the key answers for it.
        Err(error @ (AppError::Conflict(_) | AppError::Ineligible(_))) => {
            match repo::idempotent_result(&state.db.pool, scope.user_id, &key).await? {
                Some(refs) if !refs.is_empty() => created_from_refs(state, scope, refs).await,
                _ => Err(error),
            }
        }
        other => other,
    }
}

/// The claims of an earlier request, described as a creation answers.
async fn created_from_refs(
    state: &AppState,
    scope: &PartnerScope,
    refs: Vec<String>,
) -> Result<Vec<CreatedClaim>, AppError> {
    let mut out = Vec::new();
    for claim_ref in refs {
        let detail = claim_detail(state, scope, &claim_ref).await?;
        out.push(CreatedClaim {
            claim_ref,
            engagement_id: detail.engagement_id,
            engagement_name: detail.engagement_name,
        });
    }
    Ok(out)
}

async fn create_claims_once(
    state: &AppState,
    scope: &PartnerScope,
    input: NewClaims,
) -> Result<Vec<CreatedClaim>, AppError> {
    let pool = &state.db.pool;
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let p = parse_request(scope, &input)?;

    let mut engagements = Vec::new();
    for id in &p.engagement_ids {
        match crate::engagements::repo::load_engagement(pool, *id).await? {
            Some(e) => engagements.push(e),
            None => {
                return Err(AppError::field(
                    "engagement_ids",
                    "unknown",
                    "This engagement does not exist.",
                ))
            }
        }
    }
    if p.origin == ClaimOrigin::Claimed
        && !partner_knows_customer(state, scope.partner_id, &p.customer_id).await?
    {
        return Err(AppError::field(
            "customer_id_value",
            "not_known",
            "Only a customer who consented to an earlier claim of yours can be claimed; add this customer instead.",
        ));
    }

    let mut ineligible = Vec::new();
    let mut verdicts = Vec::new();
    for engagement in &engagements {
        let Some((verdict, directory)) = facts::evaluate(
            pool,
            scope.partner_id,
            &p.location,
            engagement,
            &p.customer_id,
            now,
        )
        .await?
        else {
            return Err(AppError::field(
                "location_id",
                "not_allowed",
                "You cannot act for this location.",
            ));
        };
        if !verdict.eligible {
            ineligible.push(IneligibleEngagement {
                engagement_id: engagement.id,
                reasons: verdict.reasons.clone(),
            });
        }
        verdicts.push((verdict, directory));
    }
    if !ineligible.is_empty() {
        return Err(refusal(ineligible));
    }

    let payments = payments(state, &engagements, &p.customer_id, input.hours).await?;
    let mismatch = mismatch(state, &p, &input).await?;

    let actor = partner_actor(scope);
    let claims: Vec<ClaimInsert> = engagements
        .iter()
        .zip(&verdicts)
        .zip(&payments)
        .map(
            |((engagement, (verdict, directory)), payment)| ClaimInsert {
                claim_ref: new_claim_ref(),
                partner_id: scope.partner_id,
                location_id: p.location.as_str().to_owned(),
                engagement_id: engagement.id,
                max_active_claims: engagement.max_active_claims_per_customer,
                friendly_name: p.friendly_name.as_str().to_owned(),
                origin: p.origin,
                customer_id: p.customer_id.clone(),
                resolved_tenant_id: verdict
                    .resolved_tenant
                    .as_ref()
                    .map(|t| t.as_str().to_owned()),
                customer_name: directory.customer_name.clone(),
                contact_email: p.contact_email.as_str().to_owned(),
                contact_name: p.contact_name.clone(),
                contact_phone: p.contact_phone.as_ref().map(|ph| ph.as_str().to_owned()),
                contact_language: p.contact_language.code().to_owned(),
                partner_contact_name: p.partner_contact_name.clone(),
                partner_contact_email: p.partner_contact_email.as_str().to_owned(),
                mismatch_reason: mismatch.as_ref().map(|m| m.reason().code().to_owned()),
                mismatch_details: mismatch
                    .as_ref()
                    .map(|m| m.details().to_owned())
                    .filter(|d| !d.is_empty()),
                hours: payment.0.map(i64::from),
                proposed_payment_cents: Some(payment.1.cents),
                currency: payment.1.currency.clone(),
                deadline_at: sweep_mark(
                    ClaimStatus::CustomerClaimed,
                    &ClaimDates::created(now),
                    engagement,
                ),
                created_by: scope.user_id,
                actor,
            },
        )
        .collect();

    let refs = repo::insert_claims(
        pool,
        scope.user_id,
        input.idempotency_key.trim(),
        &claims,
        now,
    )
    .await?;
    tracing::info!(claims = ?refs, "claims created");
    for engagement in &engagements {
        refresh_customer_rows(
            state,
            now,
            scope.partner_id,
            engagement.id,
            &p.customer_id,
            false,
        )
        .await;
    }
    Ok(refs
        .into_iter()
        .map(|claim_ref| {
            let engagement = claims
                .iter()
                .find(|c| c.claim_ref == claim_ref)
                .map(|c| c.engagement_id);
            let engagement = engagements.iter().find(|e| Some(e.id) == engagement);
            CreatedClaim {
                claim_ref,
                engagement_id: engagement.map_or(0, |e| e.id),
                engagement_name: engagement.map(|e| e.name.clone()).unwrap_or_default(),
            }
        })
        .collect())
}

/// The refusal for ineligible engagements. When the only obstacles are open claims (this
/// partner's own, or the customer's limit), the answer is the same conflict a race at the
/// moment of writing gives: someone claimed the customer meanwhile.
fn refusal(ineligible: Vec<IneligibleEngagement>) -> AppError {
    use domain::ReasonCode::{ActiveClaimLimitReached, PartnerAlreadyHasOpenClaim};
    let reasons = || {
        ineligible
            .iter()
            .flat_map(|e| e.reasons.iter().map(|r| r.code))
    };
    if reasons().all(|code| matches!(code, ActiveClaimLimitReached | PartnerAlreadyHasOpenClaim)) {
        let code = if reasons().any(|code| code == PartnerAlreadyHasOpenClaim) {
            "partner_already_has_open_claim"
        } else {
            "active_claim_limit_reached"
        };
        AppError::Conflict(code.to_owned())
    } else {
        AppError::Ineligible(ineligible)
    }
}

/// Hours and proposed payment per engagement. A variable-payment engagement is nominated alone,
/// with hours in its range; the payment is the domain's `proposed_payment`.
async fn payments(
    state: &AppState,
    engagements: &[Engagement],
    id: &CustomerId,
    hours: Option<u32>,
) -> Result<Vec<(Option<u32>, domain::Money)>, AppError> {
    let has_variable = engagements
        .iter()
        .any(|e| matches!(e.payment, PaymentRule::Variable { .. }));
    if has_variable && engagements.len() != 1 {
        return Err(AppError::field(
            "engagement_ids",
            "variable_alone",
            "A variable-payment engagement is nominated on its own: choose exactly one.",
        ));
    }
    let mut out = Vec::new();
    for engagement in engagements {
        let payment = match &engagement.payment {
            PaymentRule::Fixed { .. } => (
                None,
                proposed_payment(&engagement.payment, None, None, None),
            ),
            PaymentRule::Variable { .. } => {
                let terms = repo::opportunity_terms(&state.db.pool, &id.value()).await?;
                let band = terms
                    .as_ref()
                    .and_then(|(band, _)| MarketBand::from_code(band));
                let deal = terms.map(|(_, deal)| deal);
                (
                    hours,
                    proposed_payment(&engagement.payment, hours, band, deal),
                )
            }
        };
        match payment {
            (hours, Ok(money)) => out.push((hours, money)),
            (_, Err(error)) => {
                return Err(AppError::field("hours", error.code(), error.message_en()))
            }
        }
    }
    Ok(out)
}

/// For a tenant ID whose contact e-mail is not at one of the tenant's domains, the partner must
/// say why; otherwise nothing is stored.
async fn mismatch(
    state: &AppState,
    p: &Parsed,
    input: &NewClaims,
) -> Result<Option<MismatchJustification>, AppError> {
    let CustomerId::TenantId(tenant) = &p.customer_id else {
        return Ok(None);
    };
    let domains: Vec<DomainName> = repo::tenant_domains(&state.db.pool, tenant.as_str())
        .await?
        .iter()
        .filter_map(|d| DomainName::parse(d).ok())
        .collect();
    if !contact_domain_mismatch(&p.customer_id, &domains, &p.contact_email) {
        return Ok(None);
    }
    let Some(reason) = MismatchReason::from_code(input.mismatch_reason.trim()) else {
        return Err(AppError::field(
            "mismatch_reason",
            "required",
            "The contact's e-mail domain is not one of the tenant's domains: say why.",
        ));
    };
    MismatchJustification::parse(reason, &input.mismatch_details)
        .map(Some)
        .map_err(|e| AppError::field("mismatch_details", e.code(), e.message_en()))
}

/// The claim if the partner (within its locations) may see it; otherwise `NotFound`, the same
/// answer as for a claim that does not exist, so references of others cannot be probed.
async fn visible_claim(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &str,
) -> Result<ClaimState, AppError> {
    match repo::claim_state(&state.db.pool, claim_ref).await? {
        Some(claim)
            if claim.partner_id == scope.partner_id
                && scope.locations.allows(&claim.location_id) =>
        {
            Ok(claim)
        }
        _ => Err(AppError::NotFound),
    }
}

async fn engagement_of(state: &AppState, id: i64) -> Result<Engagement, AppError> {
    crate::engagements::repo::load_engagement(&state.db.pool, id)
        .await?
        .ok_or(AppError::Internal)
}

/// The sweeper's mark for a status: its deadline, when passing it lets the clock act.
pub fn sweep_mark(status: ClaimStatus, dates: &ClaimDates, engagement: &Engagement) -> Option<i64> {
    deadline(status, dates, engagement)
        .filter(|d| expired_action(status, dates, engagement, d.at).is_some())
        .map(|d| d.at.unix_seconds())
}

/// The dates after an action: consent, (re)submission and rejection start new windows.
fn dates_after(action: ClaimAction, dates: ClaimDates, now: Timestamp) -> ClaimDates {
    let mut next = dates;
    match action {
        ClaimAction::AcceptConsent => next.consent_at = Some(now),
        ClaimAction::Submit | ClaimAction::Resubmit => next.submitted_at = Some(now),
        ClaimAction::Reject => next.rejected_at = Some(now),
        _ => {}
    }
    next
}

/// Applies one life-cycle action to a claim already read: the domain decides, the repository
/// writes (only if the claim did not change meanwhile).
pub async fn perform(
    state: &AppState,
    claim: &ClaimState,
    action: ClaimAction,
    actor: Actor,
    actor_user_id: Option<i64>,
    details: serde_json::Value,
) -> Result<ClaimStatus, AppError> {
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let engagement = engagement_of(state, claim.engagement_id).await?;
    let to = apply_action(claim.status, action, actor, &claim.dates, &engagement, now)
        .map_err(AppError::NotAllowed)?;
    let dates = dates_after(action, claim.dates, now);
    repo::write_transition(
        &state.db.pool,
        TransitionWrite {
            from: claim,
            to,
            action: action.code(),
            actor,
            actor_user_id,
            dates,
            deadline_at: sweep_mark(to, &dates, &engagement),
            details: details.to_string(),
            now,
        },
    )
    .await?;
    if let Some(id) = CustomerIdType::from_code(&claim.customer_id_type)
        .and_then(|kind| CustomerId::parse(kind, &claim.customer_id_value).ok())
    {
        let consented = action == ClaimAction::AcceptConsent;
        refresh_customer_rows(
            state,
            now,
            claim.partner_id,
            claim.engagement_id,
            &id,
            consented,
        )
        .await;
    }
    Ok(to)
}

/// Brings the Customers page's stored rows up to date after a claim changed. The claim itself is
/// already committed: a failure here is logged, and the rows are recomputed at the next change
/// of this customer or by a repair run (`customers::refresh::refresh_all`).
async fn refresh_customer_rows(
    state: &AppState,
    now: Timestamp,
    partner_id: i64,
    engagement_id: i64,
    id: &CustomerId,
    consented: bool,
) {
    if let Err(error) = crate::customers::refresh::after_claim_change(
        &state.db.pool,
        now,
        partner_id,
        engagement_id,
        id,
        consented,
    )
    .await
    {
        tracing::error!(%error, partner_id, engagement_id, "refreshing the Customers page rows failed");
    }
}

/// A partner's action on one of its claims (e.g. cancel).
pub async fn partner_action(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &str,
    action: ClaimAction,
    details: serde_json::Value,
) -> Result<ClaimStatus, AppError> {
    let claim = visible_claim(state, scope, claim_ref).await?;
    perform(
        state,
        &claim,
        action,
        partner_actor(scope),
        Some(scope.user_id),
        details,
    )
    .await
}

/// One claim with its deadline, history and the actions open to this user now.
pub async fn claim_detail(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &str,
) -> Result<ClaimDetail, AppError> {
    visible_claim(state, scope, claim_ref).await?;
    let (mut detail, claim) = repo::claim_detail_row(&state.db.pool, claim_ref)
        .await?
        .ok_or(AppError::NotFound)?;
    let engagement = engagement_of(state, claim.engagement_id).await?;
    let now = Timestamp::from_unix_seconds(state.clock.now());
    detail.deadline = deadline(claim.status, &claim.dates, &engagement);
    detail.available_actions = available_actions(
        claim.status,
        partner_actor(scope),
        &claim.dates,
        &engagement,
        now,
    );
    detail.events = repo::events(&state.db.pool, claim.id).await?;
    detail.now = now.unix_seconds();
    Ok(detail)
}

/// The partner's claims (within the user's locations), newest first, with their deadlines.
pub async fn list_claims(
    state: &AppState,
    scope: &PartnerScope,
    engagement_id: Option<i64>,
) -> Result<Vec<ClaimSummary>, AppError> {
    let rows = repo::list_claims(&state.db.pool, scope.partner_id, engagement_id, 500).await?;
    let mut engagements: std::collections::HashMap<i64, Engagement> =
        std::collections::HashMap::new();
    let mut out = Vec::new();
    for (mut summary, claim) in rows {
        if !scope.locations.allows(&claim.location_id) {
            continue;
        }
        if let std::collections::hash_map::Entry::Vacant(slot) =
            engagements.entry(claim.engagement_id)
        {
            slot.insert(engagement_of(state, claim.engagement_id).await?);
        }
        if let Some(engagement) = engagements.get(&claim.engagement_id) {
            summary.deadline = deadline(claim.status, &claim.dates, engagement);
        }
        out.push(summary);
    }
    Ok(out)
}
