//! Pieces shared by several pages.

pub mod audit;
pub mod contacts;
pub mod form;
pub mod format;
pub mod layout;
pub mod messages;
pub mod status;
