//! Accounts (issue 18): invitations to the partner's team, the forgotten-password reset and the
//! password change, all by single-use links whose tokens are hashed at rest, and the password
//! rule (NIST SP 800-63B: length, breached list, strength) with its meter.

pub mod api;
pub mod fields;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod policy;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
