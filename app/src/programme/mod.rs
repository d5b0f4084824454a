//! The programme console (Programme reviewer role).

pub mod api;
pub mod import;
pub mod import_messages;
pub mod import_page;
#[cfg(feature = "ssr")]
pub mod import_service;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;

use crate::engagements::model::OpenState;
use serde::{Deserialize, Serialize};

/// One engagement as programme operations see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeEngagement {
    pub id: domain::EngagementId,
    pub code: String,
    pub name: String,
    pub payment_type: String,
    pub partner_locations: i64,
    pub eligibility_entries: i64,
    pub open_state: OpenState,
}
