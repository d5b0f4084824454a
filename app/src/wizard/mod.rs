//! The Add customer and Claim customer wizards: where they start, the live eligibility feedback
//! of the customer ID step, and the pages (one component, two modes).

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
