//! The calendar feed (issue 17): each partner user's secret `webcal` address of every deadline of
//! the claims it may act on, in RFC 5545, for the calendar it already lives in.

pub mod api;
#[cfg(feature = "ssr")]
pub mod feed;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
