//! Who is signed in, as the browser and the server both see it.

use serde::{Deserialize, Serialize};

/// A user's role (DESIGN.md §2). Stored as its `code()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    IncentivesAdmin,
    IncentivesUser,
    /// A partner user with neither incentives role: may sign in, nothing more.
    PartnerUser,
    ProgrammeReviewer,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::IncentivesAdmin,
        Role::IncentivesUser,
        Role::PartnerUser,
        Role::ProgrammeReviewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::IncentivesAdmin => "incentives_admin",
            Role::IncentivesUser => "incentives_user",
            Role::PartnerUser => "partner_user",
            Role::ProgrammeReviewer => "programme_reviewer",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn has_incentives_role(self) -> bool {
        matches!(self, Role::IncentivesAdmin | Role::IncentivesUser)
    }
}

/// The signed-in user as shown in the header. Carries no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: domain::UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub partner_id: Option<domain::PartnerId>,
    pub partner_name: Option<String>,
}
