//! Submitting a claim, answering a reviewer, disputing a rejection: plain async functions the
//! server functions call after the guard (tests call them directly).

use super::kind::check_upload;
use super::model::MAX_TEXT_CHARS;
use super::repo::{self, DocumentInsert, SubmissionInsert};
use crate::auth::guard::PartnerScope;
use crate::claims::service::{partner_actor, plan, visible_claim};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::state::AppState;
use domain::ClaimRef;
use domain::{ClaimAction, ClaimStatus, Timestamp};
use sha2::{Digest, Sha256};

/// One uploaded file, read whole (within the size limit) by the server function.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The Submit claim form as it arrived: text as typed, files as uploaded.
#[derive(Debug, Clone, Default)]
pub struct SubmissionForm {
    pub claim_ref: String,
    /// `YYYY-MM-DD` (first submission only).
    pub completion_date: String,
    /// Variable payment, first submission only.
    pub hours_delivered: String,
    pub comments: String,
    pub uploads: Vec<Upload>,
    /// Problems met while reading the request (a file over the limit, too many files): reported
    /// with the form's other errors.
    pub read_errors: Vec<FieldError>,
}

/// What the form declares, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Declared {
    /// The type of each upload, in order.
    kinds: Vec<super::kind::DocumentKind>,
    completion_date: Option<String>,
    hours_delivered: Option<i64>,
    comments: Option<String>,
}

/// `YYYY-MM-DD`, as `<input type=date>` sends it.
pub fn parse_date(text: &str) -> Option<time::Date> {
    time::Date::parse(
        text.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()
}

/// The day of a moment (UTC).
pub(crate) fn day_of(at: Timestamp) -> Option<time::Date> {
    time::OffsetDateTime::from_unix_timestamp(at.unix_seconds())
        .ok()
        .map(|t| t.date())
}

/// Checks the form's fields for `action` (submit or resubmit). Every problem is reported at
/// once, each naming its field.
fn check_fields(
    form: &SubmissionForm,
    action: ClaimAction,
    claimed_hours: Option<i64>,
    created_at: Timestamp,
    now: Timestamp,
    max_bytes: u64,
) -> Result<Declared, AppError> {
    let mut errors = form.read_errors.clone();
    let mut kinds = Vec::with_capacity(form.uploads.len());
    for upload in &form.uploads {
        match check_upload(&upload.file_name, &upload.bytes, max_bytes) {
            Ok(kind) => kinds.push(kind),
            Err(error) => errors.push(error),
        }
    }
    let comments = form.comments.trim();
    if comments.chars().count() > MAX_TEXT_CHARS {
        errors.push(FieldError::new("comments", too_long()));
    }
    let mut declared = Declared {
        kinds,
        completion_date: None,
        hours_delivered: None,
        comments: (!comments.is_empty()).then(|| comments.to_owned()),
    };
    if action == ClaimAction::Resubmit {
        if form.uploads.is_empty() && comments.is_empty() && form.read_errors.is_empty() {
            errors.push(FieldError::new("comments", FieldProblem::REQUIRED));
        }
    } else {
        if form.uploads.is_empty() && form.read_errors.is_empty() {
            errors.push(FieldError::new("documents", FieldProblem::REQUIRED));
        }
        match parse_date(&form.completion_date) {
            None if form.completion_date.trim().is_empty() => {
                errors.push(FieldError::new("completion_date", FieldProblem::REQUIRED))
            }
            None => errors.push(FieldError::new(
                "completion_date",
                FieldProblem::BadFormat { max: None },
            )),
            Some(date) if Some(date) > day_of(now) => {
                errors.push(FieldError::new("completion_date", FieldProblem::InFuture))
            }
            Some(date) if Some(date) < day_of(created_at) => errors.push(FieldError::new(
                "completion_date",
                FieldProblem::BeforeClaim,
            )),
            Some(date) => declared.completion_date = Some(date.to_string()),
        }
        if let Some(claimed) = claimed_hours {
            let text = form.hours_delivered.trim();
            match text.parse::<i64>() {
                _ if text.is_empty() => {
                    errors.push(FieldError::new("hours_delivered", FieldProblem::REQUIRED))
                }
                Ok(hours) if (1..=claimed).contains(&hours) => {
                    declared.hours_delivered = Some(hours)
                }
                Ok(hours) if hours > claimed => errors.push(FieldError::new(
                    "hours_delivered",
                    FieldProblem::AboveClaimed { claimed },
                )),
                _ => errors.push(FieldError::new(
                    "hours_delivered",
                    FieldProblem::BadFormat { max: Some(claimed) },
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(declared)
    } else {
        Err(AppError::Validation(errors))
    }
}

/// Submits a claim (consent received) or answers a reviewer's request (partner action
/// required): checks the claim's state and deadline first, then every field; stores the
/// documents; writes the transition, the submission and its documents in one transaction.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id, claim_ref = %form.claim_ref), err(level = "debug"))]
pub async fn submit(
    state: &AppState,
    scope: &PartnerScope,
    form: SubmissionForm,
) -> Result<ClaimStatus, AppError> {
    let claim_ref = crate::claims::refs::requested(&form.claim_ref)?;
    let claim = visible_claim(state, scope, &claim_ref).await?;
    let action = if claim.status == ClaimStatus::PartnerActionRequired {
        ClaimAction::Resubmit
    } else {
        ClaimAction::Submit
    };
    let actor = partner_actor(scope);
    let planned = plan(state, &claim, action, actor).await?;
    let claimed_hours = crate::claims::repo::claim_hours(&state.db.pool, claim.id).await?;
    let declared = check_fields(
        &form,
        action,
        claimed_hours,
        claim.dates.created_at,
        planned.now,
        state.config.documents.max_bytes,
    )?;

    let claim_ref = &claim_ref;
    let mut documents = Vec::with_capacity(form.uploads.len());
    for (upload, kind) in form.uploads.into_iter().zip(declared.kinds.iter().copied()) {
        let (doc_ref, _) = crate::consent::token::new_token();
        let storage_key = format!("claims/{claim_ref}/{doc_ref}");
        let sha256 = hex::encode(Sha256::digest(&upload.bytes));
        let size_bytes = i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX);
        documents.push(DocumentInsert {
            doc_ref,
            file_name: upload.file_name.trim().to_owned(),
            content_type: kind.mime().to_owned(),
            size_bytes,
            sha256,
            storage_key: storage_key.clone(),
        });
        if let Err(error) = state.documents.put(&storage_key, upload.bytes).await {
            discard(state, &documents).await;
            return Err(error);
        }
    }

    let details = serde_json::json!({
        "message": declared.comments,
        "documents": documents.iter().map(|d| d.file_name.clone()).collect::<Vec<_>>(),
        "completion_date": declared.completion_date,
        "hours_delivered": declared.hours_delivered,
    });
    let written = async {
        let mut tx = state.db.pool.begin().await?;
        crate::claims::repo::write_transition_in(
            &mut tx,
            planned.write(&claim, action, actor, Some(scope.user_id.get()), &details),
        )
        .await?;
        repo::insert_submission_in(
            &mut tx,
            &SubmissionInsert {
                claim_id: claim.id,
                resubmission: action == ClaimAction::Resubmit,
                completion_date: declared.completion_date.clone(),
                hours_delivered: declared.hours_delivered,
                comments: declared.comments.clone(),
                submitted_by: scope.user_id.get(),
                submitted_at: planned.now.unix_seconds(),
            },
            &documents,
        )
        .await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    }
    .await;
    if let Err(error) = written {
        discard(state, &documents).await;
        return Err(error);
    }
    tracing::info!(documents = documents.len(), ?action, "claim submitted");
    Ok(planned.to)
}

#[tracing::instrument(skip_all, fields(documents = documents.len()))]
async fn discard(state: &AppState, documents: &[DocumentInsert]) {
    let keys: Vec<String> = documents.iter().map(|d| d.storage_key.clone()).collect();
    state.documents.discard(&keys).await;
}

/// The refusal of a text over [`MAX_TEXT_CHARS`].
fn too_long() -> FieldProblem {
    FieldProblem::TooLong {
        max: u32::try_from(MAX_TEXT_CHARS).unwrap_or(u32::MAX),
    }
}

/// A reason or message typed by a person: required, at most [`MAX_TEXT_CHARS`].
/// `missing` says what the field asks for when it is empty.
pub fn required_text(field: &str, text: &str, missing: FieldProblem) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field(field, missing));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::field(field, too_long()));
    }
    Ok(text.to_owned())
}

/// Disputes a rejection, within the dispute window, with a reason.
#[tracing::instrument(skip(state, scope, reason), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn dispute(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &ClaimRef,
    reason: &str,
) -> Result<ClaimStatus, AppError> {
    let claim = visible_claim(state, scope, claim_ref).await?;
    // The state and the window first: a late dispute is told so, whatever its reason.
    plan(state, &claim, ClaimAction::Dispute, partner_actor(scope)).await?;
    let reason = required_text("reason", reason, FieldProblem::REQUIRED)?;
    crate::claims::service::perform(
        state,
        &claim,
        ClaimAction::Dispute,
        partner_actor(scope),
        Some(scope.user_id.get()),
        serde_json::json!({ "message": reason }),
    )
    .await
}

#[cfg(test)]
mod tests;
