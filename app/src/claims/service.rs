//! Claims as the server functions use them: parse, authorise, ask the domain, persist. Plain
//! async functions (no HTTP, no Leptos) so that tests call them directly.

use super::check::check;
use super::model::{ClaimDetail, ClaimSummary, CreatedClaim, NewClaims, WizardStep};
use super::refs::new_claim_ref;
use super::repo::{self, ClaimInsert, ClaimState, TransitionWrite};
use crate::auth::guard::PartnerScope;
use crate::auth::Role;
use crate::error::{broken, AppError};
use crate::state::AppState;
use domain::{
    apply_action, available_actions, deadline, expired_action, Actor, ClaimAction, ClaimDates,
    ClaimStatus, Engagement, Timestamp,
};
use domain::{ClaimRef, EngagementId};

/// The life-cycle actor a partner user acts as.
pub fn partner_actor(scope: &PartnerScope) -> Actor {
    if scope.role == Role::IncentivesAdmin {
        Actor::PartnerAdmin
    } else {
        Actor::PartnerUser
    }
}

/// Creates one claim per engagement for one customer, after re-checking every rule on the
/// server. All or nothing; a repeated idempotency key answers with the first result.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, user = %scope.user_id), err(level = "debug"))]
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
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, claims = refs.len()), err(level = "debug"))]
async fn created_from_refs(
    state: &AppState,
    scope: &PartnerScope,
    refs: Vec<ClaimRef>,
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

#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, user = %scope.user_id), err(level = "debug"))]
async fn create_claims_once(
    state: &AppState,
    scope: &PartnerScope,
    input: NewClaims,
) -> Result<Vec<CreatedClaim>, AppError> {
    let key = input.idempotency_key.trim();
    if key.len() < 8 || key.len() > 100 {
        return Err(AppError::field(
            "idempotency_key",
            crate::error::FieldProblem::BadFormat { max: None },
        ));
    }
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let checked = check(state, scope, &input, WizardStep::Review).await?;
    // `check` up to the review step returns only when every field parsed.
    let p = checked
        .parsed
        .complete()
        .ok_or_else(|| broken("every field parsed once the review step is checked"))?;
    let contacts = p.contacts.to_update(checked.mismatch.as_ref());
    let customer_key = checked
        .customer_key
        .clone()
        .ok_or_else(|| broken("the customer key known once the review step is checked"))?;
    let actor = partner_actor(scope);
    let claims: Vec<ClaimInsert> = checked
        .engagements
        .iter()
        .zip(&checked.payments)
        .map(|((engagement, verdict, directory), payment)| ClaimInsert {
            claim_ref: new_claim_ref(),
            partner_id: scope.partner_id,
            location_id: p.location.as_str().to_owned(),
            engagement_id: engagement.id,
            max_active_claims: engagement.max_active_claims_per_customer,
            friendly_name: p.friendly_name.as_str().to_owned(),
            origin: p.origin,
            customer_id: p.customer_id.clone(),
            customer_key: customer_key.clone(),
            resolved_tenant_id: verdict
                .resolved_tenant
                .as_ref()
                .map(|t| t.as_str().to_owned()),
            customer_name: directory.customer_name.clone(),
            contacts: contacts.clone(),
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
        })
        .collect();

    let refs = repo::insert_claims(&state.db.pool, scope.user_id, key, &claims, now).await?;
    tracing::info!(claims = ?refs, "claims created");
    let mut created = Vec::with_capacity(refs.len());
    for claim_ref in &refs {
        let Some(claim) = claims.iter().find(|c| &c.claim_ref == claim_ref) else {
            // The key was a twin request's, which committed first: its claims answer.
            return created_from_refs(state, scope, refs).await;
        };
        let engagement_name = checked
            .engagements
            .iter()
            .map(|(e, _, _)| e)
            .find(|e| e.id == claim.engagement_id)
            .map(|e| e.name.clone())
            .unwrap_or_default();
        created.push(CreatedClaim {
            claim_ref: claim_ref.clone(),
            engagement_id: claim.engagement_id,
            engagement_name,
        });
    }
    Ok(created)
}

/// The claim if the partner (within its locations) may see it; otherwise `NotFound`, the same
/// answer as for a claim that does not exist, so references of others cannot be probed.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, claim_ref = %claim_ref), err(level = "debug"))]
pub(crate) async fn visible_claim(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &ClaimRef,
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

/// The engagements a list of claims refers to, each loaded once for the whole list.
pub(crate) struct EngagementsOf<'a> {
    state: &'a AppState,
    loaded: std::collections::HashMap<EngagementId, Engagement>,
}

impl<'a> EngagementsOf<'a> {
    pub(crate) fn new(state: &'a AppState) -> Self {
        Self {
            state,
            loaded: std::collections::HashMap::new(),
        }
    }

    /// The engagement, read from the database the first time it is asked for.
    pub(crate) async fn get(&mut self, id: EngagementId) -> Result<&Engagement, AppError> {
        if !self.loaded.contains_key(&id) {
            let engagement = engagement_of(self.state, id).await?;
            self.loaded.insert(id, engagement);
        }
        Ok(&self.loaded[&id])
    }
}

#[tracing::instrument(skip(state), err(level = "debug"))]
pub(crate) async fn engagement_of(
    state: &AppState,
    id: EngagementId,
) -> Result<Engagement, AppError> {
    crate::engagements::repo::load_engagement(&state.db.pool, id)
        .await?
        .ok_or_else(|| broken("a claim's engagement exists"))
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

/// What the domain decided for an action on a claim, before it is written.
#[derive(Debug, Clone)]
pub struct Planned {
    pub to: ClaimStatus,
    pub dates: ClaimDates,
    /// The sweeper's mark for the new status.
    pub deadline_at: Option<i64>,
    pub engagement: Engagement,
    pub now: Timestamp,
    /// The app's public address (the notification e-mails' links).
    pub public_url: String,
}

impl Planned {
    /// The write of this decision, for `claims::repo::write_transition(_in)`.
    pub fn write<'a>(
        &'a self,
        claim: &'a ClaimState,
        action: ClaimAction,
        actor: Actor,
        actor_user_id: Option<i64>,
        details: &serde_json::Value,
    ) -> TransitionWrite<'a> {
        TransitionWrite {
            from: claim,
            to: self.to,
            action: action.code(),
            actor,
            actor_user_id,
            dates: self.dates,
            deadline_at: self.deadline_at,
            details: details.to_string(),
            now: self.now,
            public_url: &self.public_url,
        }
    }
}

/// Asks the domain whether `actor` may take `action` on the claim now, and what follows.
#[tracing::instrument(skip_all, fields(claim = %claim.id, action = action.code(), actor = actor.code()), err(level = "debug"))]
pub async fn plan(
    state: &AppState,
    claim: &ClaimState,
    action: ClaimAction,
    actor: Actor,
) -> Result<Planned, AppError> {
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let engagement = engagement_of(state, claim.engagement_id).await?;
    let to = apply_action(claim.status, action, actor, &claim.dates, &engagement, now)
        .map_err(AppError::NotAllowed)?;
    let dates = dates_after(action, claim.dates, now);
    Ok(Planned {
        to,
        dates,
        deadline_at: sweep_mark(to, &dates, &engagement),
        engagement,
        now,
        public_url: state.config.public_url.clone(),
    })
}

/// Applies one life-cycle action to a claim already read: the domain decides, the repository
/// writes (only if the claim did not change meanwhile).
#[tracing::instrument(skip_all, fields(claim = %claim.id, action = action.code(), actor = actor.code()), err(level = "debug"))]
pub async fn perform(
    state: &AppState,
    claim: &ClaimState,
    action: ClaimAction,
    actor: Actor,
    actor_user_id: Option<i64>,
    details: serde_json::Value,
) -> Result<ClaimStatus, AppError> {
    let planned = plan(state, claim, action, actor).await?;
    repo::write_transition(
        &state.db.pool,
        planned.write(claim, action, actor, actor_user_id, &details),
    )
    .await?;
    // A notification e-mail may have been queued with the change.
    state.outbox_wake.notify_one();
    Ok(planned.to)
}

/// A partner's action on one of its claims (e.g. cancel).
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, claim_ref = %claim_ref, action = action.code()), err(level = "debug"))]
pub async fn partner_action(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &ClaimRef,
    action: ClaimAction,
    details: serde_json::Value,
) -> Result<ClaimStatus, AppError> {
    let claim = visible_claim(state, scope, claim_ref).await?;
    perform(
        state,
        &claim,
        action,
        partner_actor(scope),
        Some(scope.user_id.get()),
        details,
    )
    .await
}

/// One claim with its deadline, history and the actions open to this user now.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, claim_ref = %claim_ref), err(level = "debug"))]
pub async fn claim_detail(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &ClaimRef,
) -> Result<ClaimDetail, AppError> {
    visible_claim(state, scope, claim_ref).await?;
    detail_for(state, claim_ref, partner_actor(scope)).await
}

/// One claim as `actor` sees it: the caller has checked that it may.
#[tracing::instrument(skip_all, fields(claim_ref = %claim_ref, actor = actor.code()), err(level = "debug"))]
pub async fn detail_for(
    state: &AppState,
    claim_ref: &ClaimRef,
    actor: Actor,
) -> Result<ClaimDetail, AppError> {
    let (mut detail, claim) = repo::claim_detail_row(&state.db.pool, claim_ref)
        .await?
        .ok_or(AppError::NotFound)?;
    let engagement = engagement_of(state, claim.engagement_id).await?;
    let now = Timestamp::from_unix_seconds(state.clock.now());
    detail.deadline = deadline(claim.status, &claim.dates, &engagement);
    detail.available_actions =
        available_actions(claim.status, actor, &claim.dates, &engagement, now);
    detail.events = repo::events(&state.db.pool, claim.id).await?;
    detail.consent_sends = crate::consent::repo::sends(&state.db.pool, claim.id).await?;
    detail.consent_evidence = crate::consent::repo::evidence(&state.db.pool, claim.id).await?;
    detail.submissions = crate::submission::repo::submissions(&state.db.pool, claim.id).await?;
    detail.upload_limit_bytes = i64::try_from(state.config.documents.max_bytes).unwrap_or(i64::MAX);
    detail.now = now.unix_seconds();
    Ok(detail)
}

/// The most claims one list answers (the newest).
pub const LIST_LIMIT: i64 = 500;

/// The partner's claims (within the user's locations), newest first, with their deadlines.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, engagement = ?engagement_id), err(level = "debug"))]
pub async fn list_claims(
    state: &AppState,
    scope: &PartnerScope,
    engagement_id: Option<EngagementId>,
) -> Result<Vec<ClaimSummary>, AppError> {
    let rows = repo::list_claims(
        &state.db.pool,
        scope.partner_id,
        &scope.locations,
        engagement_id,
        LIST_LIMIT,
    )
    .await?;
    let mut engagements = EngagementsOf::new(state);
    let mut out = Vec::new();
    for (mut summary, claim) in rows {
        let engagement = engagements.get(claim.engagement_id).await?;
        summary.deadline = deadline(claim.status, &claim.dates, engagement);
        out.push(summary);
    }
    Ok(out)
}
