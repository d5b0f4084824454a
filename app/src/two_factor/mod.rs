//! Two-factor authentication (issue 18): a code from an authenticator app (RFC 6238) after the
//! password, with one-time recovery codes, set up from the account page; a partner's
//! administrator may require it of the whole team.

pub mod api;
#[cfg(feature = "ssr")]
pub mod codes;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
