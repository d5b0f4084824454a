//! Pieces shared by several pages.

pub mod format;
pub mod layout;
pub mod status;
