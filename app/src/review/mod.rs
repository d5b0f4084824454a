//! The programme console's claims: the review queue, the review of one claim (documents,
//! decisions, payment).

pub mod api;
pub mod model;
pub mod page;
pub mod queue_page;

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
