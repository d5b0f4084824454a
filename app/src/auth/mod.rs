//! Sign-in, sessions and roles.

pub mod account;
pub mod api;
pub mod guard;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod server;

pub use model::{CurrentUser, Role};
