//! The one application error that crosses the wire.
//!
//! Inside the server, failures carry context and are logged with `tracing`; what reaches the
//! browser is one of these variants, which the UI words in the reader's language. A database
//! message never reaches a browser: it becomes [`AppError::Internal`] after being logged.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A problem with one field of a form, named so that the UI can show it beside that field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, as in the form (`email`, `customer_id`, ...).
    pub field: String,
    /// A stable code the UI translates (`required`, `bad_format`, ...).
    pub code: String,
    /// What the person reads, in English (also what the logs say).
    pub message: String,
    /// The same in French.
    #[serde(default)]
    pub message_fr: String,
}

impl FieldError {
    /// An error worded in both languages the application speaks.
    pub fn new(
        field: &str,
        code: &str,
        message: impl Into<String>,
        message_fr: impl Into<String>,
    ) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
            message_fr: message_fr.into(),
        }
    }

    /// A parse error of the domain's parsers, about the form field `field`.
    pub fn parse(field: &str, error: &domain::ParseError) -> Self {
        Self::new(field, error.code(), error.message_en(), error.message_fr())
    }

    /// The message in a language (`fr` or anything else for English).
    pub fn message_in(&self, french: bool) -> &str {
        if french && !self.message_fr.is_empty() {
            &self.message_fr
        } else {
            &self.message
        }
    }
}

/// One engagement a customer is not eligible for, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IneligibleEngagement {
    pub engagement_id: i64,
    pub reasons: Vec<domain::Reason>,
}

/// The role a refused request would have needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NeededRole {
    /// Incentives administrator or Incentives user.
    Incentives,
    /// Incentives administrator.
    IncentivesAdmin,
    /// Programme reviewer.
    ProgrammeReviewer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("some fields are not valid")]
    Validation(Vec<FieldError>),
    #[error("the e-mail address or the password is not right")]
    InvalidCredentials,
    #[error("sign-in required")]
    Unauthenticated,
    #[error("this needs another role")]
    Forbidden(NeededRole),
    #[error("not found")]
    NotFound,
    /// A rule held by the database refused the change; the code says which
    /// (`partner_already_has_open_claim`, `active_claim_limit_reached`, `claim_changed`, ...).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The customer is not eligible for these engagements, with every reason for each.
    #[error("not eligible")]
    Ineligible(Vec<IneligibleEngagement>),
    /// The claim's status does not allow this action now (the domain's transition error).
    #[error("this action is not possible now: {0}")]
    NotAllowed(domain::claim::TransitionError),
    #[error("too many attempts; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("something went wrong on our side")]
    Internal,
    /// The request did not reach the server function or its answer could not be read.
    #[error("the request failed: {0}")]
    Transport(String),
}

impl AppError {
    pub fn field(
        field: &str,
        code: &str,
        message: impl Into<String>,
        message_fr: impl Into<String>,
    ) -> Self {
        AppError::Validation(vec![FieldError::new(field, code, message, message_fr)])
    }

    /// The HTTP status this error answers with.
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::InvalidCredentials | AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) | AppError::NotAllowed(_) => StatusCode::CONFLICT,
            AppError::Ineligible(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The errors of one field, if this is a validation error.
    pub fn field_errors(&self, field: &str) -> Vec<FieldError> {
        match self {
            AppError::Validation(errors) => errors
                .iter()
                .filter(|e| e.field == field)
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        // On the server this runs when a request's arguments cannot be read: a crafted or
        // malformed request, answered 400 rather than as a server fault.
        #[cfg(feature = "ssr")]
        if matches!(
            value,
            ServerFnErrorErr::Args(_)
                | ServerFnErrorErr::MissingArg(_)
                | ServerFnErrorErr::Deserialization(_)
        ) {
            if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(http::StatusCode::BAD_REQUEST);
            }
        }
        AppError::Transport(value.to_string())
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;

    impl From<sqlx::Error> for AppError {
        fn from(error: sqlx::Error) -> Self {
            tracing::error!(error = %error, "database error");
            AppError::Internal
        }
    }

    impl From<anyhow::Error> for AppError {
        fn from(error: anyhow::Error) -> Self {
            tracing::error!(error = format!("{error:#}"), "internal error");
            AppError::Internal
        }
    }
}
