//! Claims: one customer nominated by one partner location for one engagement, and its history.
//! Creation, transitions, reading; the life cycle itself is `domain::claim`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod check;
pub mod model;
pub mod page;
pub mod parts;
#[cfg(feature = "ssr")]
pub mod refs;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod sweeper;
