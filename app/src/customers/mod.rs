//! The Customers page of an engagement: Eligible, Ineligible and Completed tabs.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod refresh;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
