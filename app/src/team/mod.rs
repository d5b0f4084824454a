//! The partner's team (issue 18, `/team`): its Incentives administrator sees its users, changes
//! their roles and locations, and deactivates or reactivates them; every change is kept in an
//! audit list. Changes take effect on the user's next request (the user is loaded on each one);
//! a deactivation also ends its sessions at once.

pub mod api;
mod audit;
mod invite;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
