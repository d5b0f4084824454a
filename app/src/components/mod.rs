//! Pieces shared by several pages.

pub mod form;
pub mod format;
pub mod layout;
pub mod status;
