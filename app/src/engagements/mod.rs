//! The Engagements page: the engagements a partner has at least one eligible location for.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
