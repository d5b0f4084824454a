//! `GET /documents/{doc_ref}`: a submitted document, for the claim's partner (within the user's
//! locations) and for programme reviewers. A partner user without an incentives role is told the
//! role it needs (403), as every incentives page tells it; any other partner user gets the answer
//! a missing document gets (404).

use super::repo::stored_document;
use crate::auth::guard::{require_incentives, require_reviewer};
use crate::auth::server::principal_in_session;
use crate::error::AppError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::PartnerId;
use tower_sessions::Session;

fn refusal(error: &AppError) -> Response {
    (error.status(), error.to_string()).into_response()
}

/// `attachment; filename="..."; filename*=UTF-8''...`: an ASCII fallback and the real name.
fn disposition(file_name: &str) -> HeaderValue {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[tracing::instrument(skip_all)]
pub async fn download(
    State(state): State<AppState>,
    session: Session,
    Path(doc_ref): Path<String>,
) -> Response {
    let principal = match principal_in_session(&state, &session).await {
        Ok(principal) => principal,
        Err(error) => return refusal(&error),
    };
    // The role first, whatever the reference: a reviewer may read every document, an
    // Incentives administrator or user those of its partner, and anyone else is refused for its
    // role before a reference is looked up (so the refusal says nothing about the reference).
    let scope = if require_reviewer(&principal).is_ok() {
        None
    } else {
        match require_incentives(&principal) {
            Ok(scope) => Some(scope),
            Err(error) => return refusal(&error),
        }
    };
    if !crate::consent::token::well_formed(&doc_ref) {
        return refusal(&AppError::NotFound);
    }
    let document = match stored_document(&state.db.pool, &doc_ref).await {
        Ok(Some(document)) => document,
        Ok(None) => return refusal(&AppError::NotFound),
        Err(error) => return refusal(&error.into()),
    };
    let allowed = scope.is_none_or(|scope| {
        scope.partner_id == PartnerId::new(document.partner_id)
            && scope.locations.allows(&document.location_id)
    });
    if !allowed {
        // Another partner's document, or one of a location the user is not granted: the same
        // answer as for a document that does not exist, so references cannot be probed.
        return refusal(&AppError::NotFound);
    }
    let bytes = match state.documents.get(&document.storage_key).await {
        Ok(bytes) => bytes,
        Err(error) => return refusal(&error),
    };
    let content_type = HeaderValue::from_str(&document.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                disposition(&document.file_name),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        Body::from(bytes),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn a_file_name_is_quoted_safely_in_both_forms() {
        assert_eq!(
            disposition("Compte rendu \"final\" é.pdf").to_str().unwrap(),
            "attachment; filename=\"Compte rendu _final_ _.pdf\"; filename*=UTF-8''Compte%20rendu%20%22final%22%20%C3%A9.pdf"
        );
    }
}
