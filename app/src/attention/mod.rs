//! The attention inbox (issue 17, `/attention`): everything that waits on the partner across
//! all of its engagements, nearest deadline first, with the money at risk. A view over the
//! Customers page's rows (`customer_rows`) and their claims, not a second record of them.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
