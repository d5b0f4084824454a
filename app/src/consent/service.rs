//! Consent as the server functions use it: the partner's Send / Re-send flow and the customer's
//! consent page. Plain async functions, called directly by the tests.

use super::model::{ConsentDetails, ConsentFlow, ConsentPage, ConsentState, MAX_USER_AGENT_CHARS};
use super::repo::{self, Evidence, NewRequest, RequestRow};
use super::statement::ConsentStatement;
use super::token::{hash_token, well_formed};
use crate::auth::guard::PartnerScope;
use crate::claims::check::check_contacts;
use crate::claims::model::ContactsForm;
use crate::claims::repo as claims_repo;
use crate::claims::service::{claim_detail, partner_actor, plan, visible_claim};
use crate::error::{AppError, Conflict};
use crate::state::AppState;
use domain::{
    deadline, Actor, ClaimAction, ClaimStatus, CustomerId, DeadlineKind, Timestamp, TransitionError,
};
use domain::{ClaimRef, Language};

/// The longest reason a customer may give for declining.
pub const MAX_REASON_CHARS: usize = 1000;

/// What the Send consent flow shows for one of the partner's claims.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, claim_ref = %claim_ref), err(level = "debug"))]
pub async fn consent_flow(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &ClaimRef,
) -> Result<ConsentFlow, AppError> {
    let claim = visible_claim(state, scope, claim_ref).await?;
    let detail = claim_detail(state, scope, claim_ref).await?;
    let resend = detail.status == ClaimStatus::AwaitingConsent;
    let (resends_used, last_at) = repo::send_counts(&state.db.pool, claim.id).await?;
    let settings = state.config.consent;
    let now = state.clock.now();
    let next_send_at = last_at
        .map(|at| at + settings.resend_interval_secs)
        .filter(|at| resend && *at > now);
    let allowed = detail.available_actions.iter().any(|a| {
        *a == if resend {
            ClaimAction::ResendConsent
        } else {
            ClaimAction::SendConsent
        }
    });
    let blocked = if !allowed {
        Some("status")
    } else if resend && resends_used >= settings.max_resends {
        Some("resend_limit")
    } else if next_send_at.is_some() {
        Some("too_soon")
    } else {
        None
    };
    let tenant_domains = match detail.resolved_tenant_id.as_deref() {
        Some(tenant) if matches!(detail.customer_id, CustomerId::TenantId(_)) => {
            claims_repo::tenant_domains(&state.db.pool, tenant).await?
        }
        _ => Vec::new(),
    };
    Ok(ConsentFlow {
        claim_ref: detail.claim_ref,
        friendly_name: detail.friendly_name,
        customer_name: detail.customer_name,
        customer_id: detail.customer_id,
        engagement_id: detail.engagement_id,
        engagement_name: detail.engagement_name,
        status: detail.status,
        resend,
        contacts: ContactsForm {
            contact_email: detail.contact_email,
            contact_name: detail.contact_name,
            contact_phone: detail.contact_phone.unwrap_or_default(),
            contact_language: detail.contact_language,
            partner_contact_name: detail.partner_contact_name,
            partner_contact_email: detail.partner_contact_email,
            mismatch_reason: detail.mismatch_reason.unwrap_or_default(),
            mismatch_details: detail.mismatch_details.unwrap_or_default(),
        },
        tenant_domains,
        consent_deadline: detail
            .deadline
            .filter(|d| d.kind == DeadlineKind::Consent)
            .map(|d| d.at.unix_seconds()),
        sends: repo::sends(&state.db.pool, claim.id).await?,
        resends_used,
        resends_max: settings.max_resends,
        next_send_at,
        blocked: blocked.map(str::to_owned),
        now,
    })
}

/// Sends the consent e-mail (from *customer claimed*) or re-sends it (while *awaiting consent*),
/// after checking the contacts as the wizards do. The claim's change, its event, the reviewed
/// contacts, the request (revoking the one before) and the outbox row are one transaction.
/// With `dry_run`, checks everything and writes nothing (the flow's review step).
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, claim_ref = %claim_ref, dry_run = dry_run), err(level = "debug"))]
pub async fn send_consent(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &ClaimRef,
    contacts: &ContactsForm,
    dry_run: bool,
) -> Result<ClaimStatus, AppError> {
    let claim = visible_claim(state, scope, claim_ref).await?;
    let action = if claim.status == ClaimStatus::AwaitingConsent {
        ClaimAction::ResendConsent
    } else {
        ClaimAction::SendConsent
    };
    let actor = partner_actor(scope);
    let planned = plan(state, &claim, action, actor).await?;
    let now = planned.now.unix_seconds();
    let settings = state.config.consent;
    if action == ClaimAction::ResendConsent {
        let (resends, last_at) = repo::send_counts(&state.db.pool, claim.id).await?;
        if resends >= settings.max_resends {
            return Err(AppError::Conflict(Conflict::ConsentResendLimit));
        }
        if last_at.is_some_and(|at| now < at + settings.resend_interval_secs) {
            return Err(AppError::Conflict(Conflict::ConsentResendTooSoon));
        }
    }
    let customer_id = claim.customer_id.clone();

    let checked = check_contacts(state, scope.partner_id, &customer_id, contacts).await?;
    if dry_run {
        return Ok(planned.to);
    }
    let expires_at = deadline(planned.to, &planned.dates, &planned.engagement)
        .filter(|d| d.kind == DeadlineKind::Consent)
        .map(|d| d.at.unix_seconds())
        .ok_or_else(|| crate::error::broken("a claim asked for consent has a consent deadline"))?;
    let details = serde_json::json!({
        "to": checked.contact_email,
        "language": checked.contact_language,
    });
    let mut tx = state.db.pool.begin().await?;
    claims_repo::write_transition_in(
        &mut tx,
        planned.write(&claim, action, actor, Some(scope.user_id.get()), &details),
    )
    .await?;
    claims_repo::update_contacts(&mut tx, claim.id, &checked).await?;
    repo::insert_request(
        &mut tx,
        &NewRequest {
            claim_id: claim.id,
            resend: action == ClaimAction::ResendConsent,
            to_address: &checked.contact_email,
            language: &checked.contact_language,
            requested_by: Some(scope.user_id.get()),
            now,
            expires_at,
        },
    )
    .await?;
    tx.commit().await?;
    tracing::info!(
        claim = %claim_ref,
        action = action.code(),
        "consent e-mail queued"
    );
    state.outbox_wake.notify_one();
    Ok(planned.to)
}

/// Where a request stands at `now`.
fn state_of(row: &RequestRow, now: i64) -> ConsentState {
    match (row.decision.as_deref(), row.decided_at) {
        (Some("accepted"), Some(at)) => return ConsentState::Accepted { at },
        (Some(_), Some(at)) => return ConsentState::Declined { at },
        _ => {}
    }
    if row.revoked_at.is_some() {
        ConsentState::Replaced
    } else if row.claim_status == ClaimStatus::ConsentExpired.code() || now >= row.expires_at {
        ConsentState::Expired { at: row.expires_at }
    } else if row.claim_status != ClaimStatus::AwaitingConsent.code() {
        ConsentState::Withdrawn
    } else {
        ConsentState::Open
    }
}

fn page_of(row: Option<&RequestRow>, now: i64) -> ConsentPage {
    let Some(row) = row else {
        return ConsentPage {
            state: ConsentState::Unknown,
            details: None,
            now,
        };
    };
    ConsentPage {
        state: state_of(row, now),
        details: Some(details_of(row)),
        now,
    }
}

fn details_of(row: &RequestRow) -> ConsentDetails {
    ConsentDetails {
        partner_name: row.partner_name.clone(),
        partner_contact_name: row.partner_contact_name.clone(),
        partner_contact_email: row.partner_contact_email.clone(),
        engagement_name: row.engagement_name.clone(),
        solution_area: row.solution_area.clone(),
        customer_name: row.customer_name.clone(),
        contact_name: row.contact_name.clone(),
        language: row.language.clone(),
        deadline: row.expires_at,
    }
}

/// The request an answer came with, as the server function read it: kept as the answer's
/// evidence.
#[derive(Debug, Clone)]
pub struct Answerer<'a> {
    /// The client's address (`auth::server::client_address`); also what the limiter counts.
    pub address: &'a str,
    /// The `User-Agent` header, as sent (cut to [`MAX_USER_AGENT_CHARS`] here).
    pub user_agent: &'a str,
    /// The language the page was shown in; `None` (a client that did not say) is taken as the
    /// e-mail's language, which the link opens the page in.
    pub language: Option<Language>,
}

/// The longest client address kept with an answer.
const MAX_ADDRESS_CHARS: usize = 64;

/// A user agent as kept: control characters dropped, at most [`MAX_USER_AGENT_CHARS`].
fn kept_user_agent(user_agent: &str) -> String {
    user_agent
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_USER_AGENT_CHARS)
        .collect()
}

/// The page's locale for a language.
fn locale_of(language: Language) -> crate::i18n::Locale {
    match language {
        Language::En => crate::i18n::Locale::en,
        Language::Fr => crate::i18n::Locale::fr,
    }
}

#[tracing::instrument(skip_all, err(level = "debug"))]
async fn find(state: &AppState, token: &str) -> Result<Option<RequestRow>, AppError> {
    if !well_formed(token) {
        return Ok(None);
    }
    repo::find_by_token_hash(&state.db.pool, &hash_token(token)).await
}

/// The customer's consent page for a link's token. Every call takes one lookup of the address's
/// allowance first: past it the answer is `RateLimited`, without touching the database.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn consent_page(
    state: &AppState,
    address: &str,
    token: &str,
) -> Result<ConsentPage, AppError> {
    state.consent_limiter.check(address)?;
    let row = find(state, token).await?;
    Ok(page_of(row.as_ref(), state.clock.now()))
}

/// The customer's answer, kept with where it came from: the address, the user agent and the
/// consent statement in the language the page was read in, rendered here from the same locale
/// keys and request as the page (`statement`). Final: a link already answered (or no longer
/// usable) shows how it stands and changes nothing.
#[tracing::instrument(skip_all, fields(accept = accept), err(level = "debug"))]
pub async fn decide(
    state: &AppState,
    answerer: &Answerer<'_>,
    token: &str,
    accept: bool,
    reason: &str,
) -> Result<ConsentPage, AppError> {
    state.consent_limiter.check(answerer.address)?;
    let reason = reason.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::field(
            "reason",
            crate::error::FieldProblem::TooLong {
                max: u32::try_from(MAX_REASON_CHARS).unwrap_or(u32::MAX),
            },
        ));
    }
    let Some(row) = find(state, token).await? else {
        return Ok(page_of(None, state.clock.now()));
    };
    if state_of(&row, state.clock.now()) != ConsentState::Open {
        return Ok(page_of(Some(&row), state.clock.now()));
    }
    let claim_ref = crate::db::row::claim_ref("claims", &row.claim_ref)?;
    let claim = claims_repo::claim_state(&state.db.pool, &claim_ref)
        .await?
        .ok_or_else(|| crate::error::broken("a consent request's claim exists"))?;
    let action = if accept {
        ClaimAction::AcceptConsent
    } else {
        ClaimAction::DeclineConsent
    };
    let reason = (!accept && !reason.is_empty()).then_some(reason);
    let language = match answerer.language {
        Some(language) => language,
        None => Language::parse(&row.language)
            .map_err(|_| crate::error::broken("a consent request's language parses"))?,
    };
    let text = ConsentStatement::new(locale_of(language), &details_of(&row)).text();
    let user_agent = kept_user_agent(answerer.user_agent);
    // An address is short (IPv6 with a zone stays under 64); a longer one is cut, not trusted.
    let address: String = answerer.address.chars().take(MAX_ADDRESS_CHARS).collect();
    let evidence = Evidence {
        ip: &address,
        user_agent: &user_agent,
        language: language.code(),
        text: &text,
    };
    let written = async {
        let planned = plan(state, &claim, action, Actor::Customer).await?;
        let details = match reason {
            Some(reason) => serde_json::json!({ "reason": reason }),
            None => serde_json::json!({}),
        };
        let mut tx = state.db.pool.begin().await?;
        claims_repo::write_transition_in(
            &mut tx,
            planned.write(&claim, action, Actor::Customer, None, &details),
        )
        .await?;
        repo::record_decision(
            &mut tx,
            row.id,
            accept,
            reason,
            planned.now.unix_seconds(),
            &evidence,
        )
        .await?;
        tx.commit().await?;
        Ok::<Timestamp, AppError>(planned.now)
    }
    .await;
    match written {
        Ok(_) => {
            tracing::info!(
                claim = row.claim_ref,
                action = action.code(),
                "customer answered"
            );
        }
        // The deadline passed, the claim changed or another answer won: the page says how it
        // stands now.
        Err(AppError::NotAllowed(TransitionError::DeadlinePassed { .. }))
        | Err(AppError::NotAllowed(_))
        | Err(AppError::Conflict(_)) => {}
        Err(error) => return Err(error),
    }
    let row = repo::find_by_token_hash(&state.db.pool, &hash_token(token)).await?;
    Ok(page_of(row.as_ref(), state.clock.now()))
}
