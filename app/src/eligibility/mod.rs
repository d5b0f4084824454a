//! Gathering the facts the eligibility rule needs. The rule itself is
//! `domain::check_eligibility`; this module only reads the database for it.

#[cfg(feature = "ssr")]
pub mod repo;
