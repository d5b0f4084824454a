//! Where a failure the user only sees as "something went wrong" becomes [`AppError::Internal`]:
//! its cause is kept as a typed error with its `#[source]`, with the place in our code where it
//! happened (the `?` that met it: `#[track_caller]` reaches through `?`), and the whole chain is
//! logged there, once. Services keep returning [`AppError`], the one error the server functions
//! and the tests read; what they lose on the way is logged before it is lost.

use super::AppError;
use std::error::Error;
use std::panic::Location;

/// A database call that failed, and where in our code it was made.
#[derive(Debug, thiserror::Error)]
#[error("the database call at {at} failed")]
pub struct StoreError {
    pub at: &'static Location<'static>,
    #[source]
    pub source: sqlx::Error,
}

impl From<sqlx::Error> for StoreError {
    #[track_caller]
    fn from(source: sqlx::Error) -> Self {
        StoreError {
            at: Location::caller(),
            source,
        }
    }
}

/// Every cause of `error`, outermost first: `a: b: c` (what `anyhow`'s `{:#}` prints).
fn chain(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        tracing::error!(error = chain(&error), "database error");
        AppError::Internal
    }
}

impl From<sqlx::Error> for AppError {
    #[track_caller]
    fn from(error: sqlx::Error) -> Self {
        AppError::from(StoreError::from(error))
    }
}

impl From<anyhow::Error> for AppError {
    #[track_caller]
    fn from(error: anyhow::Error) -> Self {
        tracing::error!(
            error = format!("{error:#}"),
            at = %Location::caller(),
            "internal error"
        );
        AppError::Internal
    }
}

/// A state this code never writes (a step that must have run, a row that must exist): logged
/// with `what` should have held and where, then answered as [`AppError::Internal`].
#[track_caller]
pub fn broken(what: &'static str) -> AppError {
    tracing::error!(what, at = %Location::caller(), "an invariant did not hold");
    AppError::Internal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failing_call() -> Result<(), StoreError> {
        Err(sqlx::Error::RowNotFound)?;
        Ok(())
    }

    #[test]
    fn a_failed_database_call_keeps_its_cause_and_the_line_that_met_it() {
        let error = failing_call().unwrap_err();
        assert!(error.at.file().ends_with("error/ssr.rs"), "{}", error.at);
        assert_eq!(error.at.line(), line!() - 8);
        assert!(matches!(error.source, sqlx::Error::RowNotFound));
        let text = chain(&error);
        assert!(text.starts_with("the database call at "), "{text}");
        assert!(
            text.ends_with(&sqlx::Error::RowNotFound.to_string()),
            "{text}"
        );
    }

    #[test]
    fn any_failure_is_answered_as_internal_whatever_its_cause() {
        assert_eq!(
            AppError::from(sqlx::Error::PoolTimedOut),
            AppError::Internal
        );
        assert_eq!(AppError::from(anyhow::anyhow!("x")), AppError::Internal);
        assert_eq!(broken("a test"), AppError::Internal);
    }
}
