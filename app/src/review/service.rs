//! The review console's actions: plain async functions the server functions call after the
//! reviewer guard (tests call them directly).

use super::model::{needs_message, QueueFilter, ReviewQueue, DECISIONS, WAITING_FOR_PROGRAMME};
use super::repo;
use crate::claims::model::ClaimDetail;
use crate::claims::service::{detail_for, perform, plan, EngagementsOf};
use crate::error::{AppError, Asked, FieldProblem};
use crate::state::AppState;
use crate::submission::model::MAX_TEXT_CHARS;
use crate::submission::service::{day_of, parse_date, required_text};
use domain::{deadline, Actor, ClaimAction, ClaimStatus, Money};
use domain::{ClaimRef, UserId};

/// The queue: claims waiting for the programme (or in the chosen status), the nearest review
/// deadline first, with their deadlines.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn queue(state: &AppState, filter: &QueueFilter) -> Result<ReviewQueue, AppError> {
    let statuses = match filter.status.trim() {
        "" => WAITING_FOR_PROGRAMME.to_vec(),
        code => vec![ClaimStatus::from_code(code)
            .ok_or_else(|| AppError::field("status", FieldProblem::Unknown))?],
    };
    let (rows, more) =
        repo::queue(&state.db.pool, &statuses, filter.engagement_id, &filter.q).await?;
    let mut engagements = EngagementsOf::new(state);
    let mut out = Vec::with_capacity(rows.len());
    for (mut row, claim) in rows {
        let engagement = engagements.get(claim.engagement_id).await?;
        row.deadline = deadline(claim.status, &claim.dates, engagement);
        out.push(row);
    }
    Ok(ReviewQueue {
        rows: out,
        more,
        engagements: repo::engagements(&state.db.pool).await?,
        now: state.clock.now(),
    })
}

/// One claim as a reviewer sees it, with the decisions open now.
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn detail(state: &AppState, claim_ref: &ClaimRef) -> Result<ClaimDetail, AppError> {
    detail_for(state, claim_ref, Actor::Reviewer).await
}

#[tracing::instrument(skip(state), err(level = "debug"))]
async fn claim(
    state: &AppState,
    claim_ref: &ClaimRef,
) -> Result<crate::claims::repo::ClaimState, AppError> {
    crate::claims::repo::claim_state(&state.db.pool, claim_ref)
        .await?
        .ok_or(AppError::NotFound)
}

/// A reviewer's decision on a claim. Rejections and requests to the partner need a message;
/// for the others it is an optional note.
#[tracing::instrument(skip(state, message), err(level = "debug"))]
pub async fn decide(
    state: &AppState,
    reviewer_id: UserId,
    claim_ref: &ClaimRef,
    action_code: &str,
    message: &str,
) -> Result<ClaimStatus, AppError> {
    let action = ClaimAction::from_code(action_code.trim())
        .filter(|a| DECISIONS.contains(a))
        .ok_or_else(|| AppError::field("action", FieldProblem::Unknown))?;
    let claim = claim(state, claim_ref).await?;
    // The claim's state first: a decision that no longer applies is told so.
    plan(state, &claim, action, Actor::Reviewer).await?;
    let message = if needs_message(action) {
        let asked = match action {
            ClaimAction::RequestPartnerAction => Asked::PartnerAction,
            _ => Asked::RejectionReason,
        };
        let missing = FieldProblem::Required { asked: Some(asked) };
        Some(required_text("message", message, missing)?)
    } else {
        let note = message.trim();
        if note.chars().count() > MAX_TEXT_CHARS {
            return Err(AppError::field(
                "message",
                FieldProblem::TooLong {
                    max: u32::try_from(MAX_TEXT_CHARS).unwrap_or(u32::MAX),
                },
            ));
        }
        (!note.is_empty()).then(|| note.to_owned())
    };
    perform(
        state,
        &claim,
        action,
        Actor::Reviewer,
        Some(reviewer_id.get()),
        serde_json::json!({ "message": message }),
    )
    .await
}

/// Records the payment of an approved claim: its date (not in the future) and amount (more than
/// zero, at most the proposed payment).
#[tracing::instrument(skip(state), err(level = "debug"))]
pub async fn record_payment(
    state: &AppState,
    reviewer_id: UserId,
    claim_ref: &ClaimRef,
    payment_date: &str,
    amount: &str,
) -> Result<ClaimStatus, AppError> {
    let claim = claim(state, claim_ref).await?;
    let planned = plan(state, &claim, ClaimAction::MarkPaid, Actor::Reviewer).await?;
    let proposed = repo::proposed_payment(&state.db.pool, claim.id).await?;
    let mut errors = Vec::new();
    let today = day_of(planned.now);
    let date = match parse_date(payment_date) {
        Some(date) if Some(date) > today => {
            errors.push(crate::error::FieldError::new(
                "payment_date",
                FieldProblem::InFuture,
            ));
            None
        }
        Some(date) => Some(date.to_string()),
        None => {
            errors.push(crate::error::FieldError::new(
                "payment_date",
                if payment_date.trim().is_empty() {
                    FieldProblem::REQUIRED
                } else {
                    FieldProblem::BadFormat { max: None }
                },
            ));
            None
        }
    };
    let currency = planned.engagement.payment.currency().to_owned();
    let cents = match Money::parse_cents(amount) {
        Some(cents) if cents > 0 && proposed.is_none_or(|p| cents <= p) => Some(cents),
        Some(cents) if cents > 0 => {
            let most = Money::new(proposed.unwrap_or_default(), currency.clone());
            errors.push(crate::error::FieldError::new(
                "amount",
                FieldProblem::AboveProposed { most },
            ));
            None
        }
        _ => {
            errors.push(crate::error::FieldError::new(
                "amount",
                FieldProblem::BadFormat { max: None },
            ));
            None
        }
    };
    let (Some(date), Some(cents)) = (date, cents) else {
        return Err(AppError::Validation(errors));
    };
    let details = serde_json::json!({
        "amount_cents": cents,
        "currency": currency,
        "payment_date": date,
    });
    let mut tx = state.db.pool.begin().await?;
    crate::claims::repo::write_transition_in(
        &mut tx,
        planned.write(
            &claim,
            ClaimAction::MarkPaid,
            Actor::Reviewer,
            Some(reviewer_id.get()),
            &details,
        ),
    )
    .await?;
    crate::submission::repo::record_payment_in(&mut tx, claim.id, cents, &date).await?;
    tx.commit().await?;
    Ok(planned.to)
}
