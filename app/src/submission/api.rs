//! Server functions of submissions: thin wrappers that guard, read the request, then call
//! `submission::service`.

use crate::error::AppError;
use domain::ClaimStatus;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// Submits a claim with its proof of execution, or answers a reviewer's request (the claim's
/// status says which). A `multipart/form-data` request: `claim_ref`, `completion_date`,
/// `hours_delivered`, `comments`, and one `documents` part per file.
#[server(endpoint = "submit_claim", input = MultipartFormData)]
pub async fn submit_claim(data: MultipartData) -> Result<ClaimStatus, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    // The guard runs before the body is read: nobody else gets to upload anything.
    let (state, scope) = guard_incentives().await?;
    let form = read_form(data, &state.config.documents)
        .await
        .map_err(respond)?;
    super::service::submit(&state, &scope, form)
        .await
        .map_err(respond)
}

/// Reads the multipart request into a form, file by file and chunk by chunk, refusing a file as
/// soon as it passes the size limit (the rest of it is never held in memory).
#[cfg(feature = "ssr")]
async fn read_form(
    data: MultipartData,
    limits: &crate::state::DocumentSettings,
) -> Result<super::service::SubmissionForm, AppError> {
    use super::service::{SubmissionForm, Upload};
    use crate::error::{FieldError, FieldProblem};
    const MAX_TEXT_BYTES: usize = 16 * 1024;
    let bad_request = |what: &str| {
        tracing::info!(what, "a malformed submission request");
        AppError::field("request", FieldProblem::Malformed)
    };
    let mut multipart = data.into_inner().ok_or_else(|| bad_request("no body"))?;
    let mut form = SubmissionForm::default();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| bad_request("multipart"))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "documents" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut bytes = Vec::new();
            let mut over = false;
            while let Some(chunk) = field.chunk().await.map_err(|_| bad_request("file"))? {
                if over {
                    continue;
                }
                if (bytes.len() + chunk.len()) as u64 > limits.max_bytes {
                    over = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            // A file input left empty sends a part with no name and no content.
            if file_name.is_empty() && bytes.is_empty() && !over {
                continue;
            }
            if over {
                form.read_errors
                    .push(super::kind::too_large(&file_name, limits.max_bytes));
            } else if form.uploads.len() >= limits.max_files {
                form.read_errors.push(FieldError::new(
                    "documents",
                    FieldProblem::TooMany {
                        max: u32::try_from(limits.max_files).unwrap_or(u32::MAX),
                    },
                ));
            } else {
                form.uploads.push(Upload { file_name, bytes });
            }
            continue;
        }
        let mut text = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| bad_request("field"))? {
            if text.len() + chunk.len() > MAX_TEXT_BYTES {
                return Err(bad_request("field too long"));
            }
            text.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(text).map_err(|_| bad_request("not UTF-8"))?;
        match name.as_str() {
            "claim_ref" => form.claim_ref = text,
            "completion_date" => form.completion_date = text,
            "hours_delivered" => form.hours_delivered = text,
            "comments" => form.comments = text,
            _ => return Err(bad_request("unknown field")),
        }
    }
    // Repeated "too many" errors say the same thing once.
    form.read_errors
        .dedup_by(|a, b| a.code() == "too_many" && b.code() == "too_many");
    Ok(form)
}

/// Disputes a rejection, with the reason.
#[server(endpoint = "dispute_claim")]
pub async fn dispute_claim(claim_ref: String, reason: String) -> Result<ClaimStatus, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::dispute(
        &state,
        &scope,
        &crate::claims::refs::requested(&claim_ref).map_err(respond)?,
        &reason,
    )
    .await
    .map_err(respond)
}
