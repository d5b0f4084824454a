//! The Add customer and Claim customer wizards. For now: the live eligibility feedback the
//! customer ID step asks for while the partner types.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
