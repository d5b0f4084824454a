//! Proof of execution: the partner submits a claim (documents, completion date, hours
//! delivered, comments), answers a reviewer's request, disputes a rejection; the documents are
//! kept in the document store and downloaded only by the claim's partner and by reviewers.

pub mod api;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
pub mod download;
#[cfg(feature = "ssr")]
pub mod kind;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
