//! The one application error that crosses the wire, with its field problems and their wire
//! codes (and their tests), which must agree and are read together. The refusals it names are
//! `error::refusal`; the server-side conversion of failures is `error::ssr`.
//!
//! Inside the server, failures carry context and are logged with `tracing`; what reaches the
//! browser is one of these variants, which the UI words in the reader's language. A database
//! message never reaches a browser: it becomes [`AppError::Internal`] after being logged.

use domain::EngagementId;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A problem with one field of a form, named so that the UI can show it beside that field. On
/// the wire `{"field": …, "code": …, "params": …}`; the UI words it from the locale files
/// (`components::messages::field_message`), the domain's parse and payment errors with the
/// domain's own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, as in the form (`email`, `customer_id`, ...).
    pub field: String,
    #[serde(flatten)]
    pub problem: FieldProblem,
}

/// What is wrong with a field. The code is stable (tests and logs read it); the params are what
/// the message needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum FieldProblem {
    /// A domain parser refused the value.
    Invalid(domain::ParseError),
    /// The payment rule refused the hours.
    Payment(domain::PaymentError),
    /// Nothing was entered or chosen; for a field that asks for different things, which.
    Required {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        asked: Option<Asked>,
    },
    /// More than `max` characters.
    TooLong { max: u32 },
    /// More than `max` items at a time.
    TooMany { max: u32 },
    /// Not in the expected form (the field's message gives an example); for a number, the
    /// most it may be.
    BadFormat {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    /// A location the user may not act for.
    NotAllowed,
    /// A location not enrolled in MCI.
    NotEnrolled,
    /// Only a customer who consented to an earlier claim of the partner can be claimed.
    NotKnown,
    /// Not one of the values offered (an engagement, a status, a decision).
    Unknown,
    /// A variable-payment engagement nominated with others.
    VariableAlone,
    /// A date after today.
    InFuture,
    /// A date before the customer was nominated.
    BeforeClaim,
    /// An amount paid over the proposed payment.
    AboveProposed { most: domain::Money },
    /// Hours delivered over the hours claimed.
    AboveClaimed { claimed: i64 },
    /// An upload that could not be read.
    Unreadable,
    /// A file over `max_bytes` (an uploaded document is named).
    TooLarge {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        max_bytes: u64,
    },
    /// An empty file (`name` for a document).
    Empty { name: Option<String> },
    /// A document whose name is empty or longer than `max`.
    BadName { max: u32 },
    /// A document that is not PDF, PNG, JPEG or Word.
    UnsupportedType { name: String },
    /// A document whose content is not what its name says.
    TypeMismatch { name: String },
    /// A request that could not be read.
    Malformed,
    /// A consent recipient at one of the partner's own domains (`domain`, or a subdomain of it):
    /// consent must come from the customer.
    OwnDomain { domain: String },
    /// A password found in the list of common and breached passwords.
    CommonPassword,
    /// A password the strength estimate finds too easy to guess.
    WeakPassword,
    /// An e-mail address that already has an account.
    Taken,
    /// A current password that is not the account's.
    Incorrect,
}

/// What a reviewer's message field asks for, by the decision taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Asked {
    /// What the partner needs to do.
    PartnerAction,
    /// Why the claim is rejected.
    RejectionReason,
}

impl FieldProblem {
    /// Nothing entered, in a field that asks for one thing.
    pub const REQUIRED: FieldProblem = FieldProblem::Required { asked: None };

    /// The stable code (as on the wire).
    pub fn code(&self) -> &'static str {
        match self {
            FieldProblem::Invalid(error) => error.code(),
            FieldProblem::Payment(error) => error.code(),
            FieldProblem::Required { .. } => "required",
            FieldProblem::TooLong { .. } => "too_long",
            FieldProblem::TooMany { .. } => "too_many",
            FieldProblem::BadFormat { .. } => "bad_format",
            FieldProblem::NotAllowed => "not_allowed",
            FieldProblem::NotEnrolled => "not_enrolled",
            FieldProblem::NotKnown => "not_known",
            FieldProblem::Unknown => "unknown",
            FieldProblem::VariableAlone => "variable_alone",
            FieldProblem::InFuture => "in_future",
            FieldProblem::BeforeClaim => "before_claim",
            FieldProblem::AboveProposed { .. } => "above_proposed",
            FieldProblem::AboveClaimed { .. } => "above_claimed",
            FieldProblem::Unreadable => "unreadable",
            FieldProblem::TooLarge { .. } => "too_large",
            FieldProblem::Empty { .. } => "empty",
            FieldProblem::BadName { .. } => "bad_name",
            FieldProblem::UnsupportedType { .. } => "unsupported_type",
            FieldProblem::TypeMismatch { .. } => "type_mismatch",
            FieldProblem::Malformed => "malformed",
            FieldProblem::OwnDomain { .. } => "own_domain",
            FieldProblem::CommonPassword => "common_password",
            FieldProblem::WeakPassword => "weak_password",
            FieldProblem::Taken => "taken",
            FieldProblem::Incorrect => "incorrect",
        }
    }
}

impl FieldError {
    /// A problem with the form field `field`.
    pub fn new(field: &str, problem: FieldProblem) -> Self {
        Self {
            field: field.to_owned(),
            problem,
        }
    }

    /// A parse error of the domain's parsers, about the form field `field`.
    pub fn parse(field: &str, error: &domain::ParseError) -> Self {
        Self::new(field, FieldProblem::Invalid(*error))
    }

    /// The stable code of the problem.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }
}

/// One engagement a customer is not eligible for, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IneligibleEngagement {
    pub engagement_id: EngagementId,
    pub reasons: Vec<domain::Reason>,
}

mod refusal;
pub use refusal::{Conflict, NeededRole};

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
    /// A rule held by the database, or the data's current state, refused the change.
    #[error("conflict: {0}")]
    Conflict(Conflict),
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
    /// A refusal of one field.
    pub fn field(field: &str, problem: FieldProblem) -> Self {
        AppError::Validation(vec![FieldError::new(field, problem)])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_travels_as_field_code_and_params() {
        let error = FieldError::new("comments", FieldProblem::TooLong { max: 2000 });
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"field": "comments", "code": "too_long", "params": {"max": 2000}})
        );
        let back: FieldError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
    }

    #[test]
    fn the_code_on_the_wire_is_the_code_tests_and_logs_read() {
        for problem in [
            FieldProblem::REQUIRED,
            FieldProblem::Required {
                asked: Some(Asked::RejectionReason),
            },
            FieldProblem::BadFormat { max: Some(12) },
            FieldProblem::TooLarge {
                name: None,
                max_bytes: 1,
            },
            FieldProblem::TooLarge {
                name: Some("a.pdf".into()),
                max_bytes: 1,
            },
            FieldProblem::Empty { name: None },
        ] {
            let json = serde_json::to_value(FieldError::new("f", problem.clone())).unwrap();
            assert_eq!(json["code"], problem.code(), "{json}");
        }
    }

    #[test]
    fn a_problem_without_params_and_a_domain_problem_read_back_as_sent() {
        for error in [
            FieldError::new("email", FieldProblem::REQUIRED),
            FieldError::parse(
                "contact_email",
                &domain::EmailAddress::parse("nobody").unwrap_err(),
            ),
            FieldError::new(
                "hours",
                FieldProblem::Payment(domain::PaymentError::MissingHours),
            ),
        ] {
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(
                serde_json::from_str::<FieldError>(&json).unwrap(),
                error,
                "{json}"
            );
        }
    }
}

#[cfg(feature = "ssr")]
pub use ssr::{broken, StoreError};

#[cfg(feature = "ssr")]
mod ssr;
