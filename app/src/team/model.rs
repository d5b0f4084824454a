//! Wire types of the team page.

use crate::auth::Role;
use domain::UserId;
use serde::{Deserialize, Serialize};

/// The roles an administrator gives its partner's users.
pub const TEAM_ROLES: [Role; 3] = [
    Role::IncentivesAdmin,
    Role::IncentivesUser,
    Role::PartnerUser,
];

/// One user of the partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: UserId,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    /// The locations granted (an Incentives user's; an administrator has them all).
    pub locations: Vec<String>,
    pub active: bool,
    /// Invited and not yet accepted: when the invitation was sent.
    pub invited_at: Option<i64>,
    pub last_sign_in_at: Option<i64>,
    /// Signs in with a code from an authenticator too.
    pub two_factor: bool,
}

/// What a team change changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamChange {
    Role,
    Locations,
    Deactivated,
    Reactivated,
    Invited,
    InvitationResent,
    InvitationRevoked,
    /// The team's two-factor rule (before → after: optional, required).
    TwoFactorRequired,
    /// A colleague's authenticator removed by the administrator.
    TwoFactorReset,
}

impl TeamChange {
    pub const ALL: [TeamChange; 9] = [
        TeamChange::Role,
        TeamChange::Locations,
        TeamChange::Deactivated,
        TeamChange::Reactivated,
        TeamChange::Invited,
        TeamChange::InvitationResent,
        TeamChange::InvitationRevoked,
        TeamChange::TwoFactorRequired,
        TeamChange::TwoFactorReset,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            TeamChange::Role => "role",
            TeamChange::Locations => "locations",
            TeamChange::Deactivated => "deactivated",
            TeamChange::Reactivated => "reactivated",
            TeamChange::Invited => "invited",
            TeamChange::InvitationResent => "invitation_resent",
            TeamChange::InvitationRevoked => "invitation_revoked",
            TeamChange::TwoFactorRequired => "two_factor_required",
            TeamChange::TwoFactorReset => "two_factor_reset",
        }
    }

    pub fn from_code(code: &str) -> Option<TeamChange> {
        TeamChange::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// One line of the audit list: who changed what of whom, from what to what, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: String,
    pub target: String,
    pub change: TeamChange,
    /// Role codes, or location IDs joined with ", ", or empty.
    pub before: String,
    pub after: String,
}

/// The team page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub members: Vec<TeamMember>,
    /// The partner's locations (ID, name).
    pub locations: Vec<(String, String)>,
    /// Newest first.
    pub audit: Vec<AuditEntry>,
    /// The administrator looking (whose own row offers no deactivation).
    pub me: UserId,
    /// The whole team must use two-factor authentication.
    pub two_factor_required: bool,
}
