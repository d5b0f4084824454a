//! Wire types of the programme's team page.

use domain::UserId;
use serde::{Deserialize, Serialize};

/// One Programme reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reviewer {
    pub id: UserId,
    pub display_name: String,
    pub email: String,
    /// Also runs the programme's team.
    pub admin: bool,
    pub active: bool,
    /// Invited and not yet accepted: when the invitation was sent.
    pub invited_at: Option<i64>,
    pub last_sign_in_at: Option<i64>,
}

/// What a change of the programme's team changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeChange {
    Invited,
    InvitationResent,
    InvitationRevoked,
    Deactivated,
    Reactivated,
    /// Named or no longer an administrator (before → after: yes, no).
    Administrator,
}

impl ProgrammeChange {
    pub const ALL: [ProgrammeChange; 6] = [
        ProgrammeChange::Invited,
        ProgrammeChange::InvitationResent,
        ProgrammeChange::InvitationRevoked,
        ProgrammeChange::Deactivated,
        ProgrammeChange::Reactivated,
        ProgrammeChange::Administrator,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            ProgrammeChange::Invited => "invited",
            ProgrammeChange::InvitationResent => "invitation_resent",
            ProgrammeChange::InvitationRevoked => "invitation_revoked",
            ProgrammeChange::Deactivated => "deactivated",
            ProgrammeChange::Reactivated => "reactivated",
            ProgrammeChange::Administrator => "administrator",
        }
    }

    pub fn from_code(code: &str) -> Option<ProgrammeChange> {
        ProgrammeChange::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// One line of the programme's audit list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeAuditEntry {
    pub at: i64,
    pub actor: String,
    pub target: String,
    pub change: ProgrammeChange,
    pub before: String,
    pub after: String,
}

/// The programme's team page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeTeam {
    pub reviewers: Vec<Reviewer>,
    /// Newest first.
    pub audit: Vec<ProgrammeAuditEntry>,
    /// The administrator looking (whose own row offers no deactivation).
    pub me: UserId,
}

#[cfg(test)]
mod tests {
    use super::ProgrammeChange;

    #[test]
    fn change_codes_round_trip() {
        for change in ProgrammeChange::ALL {
            assert_eq!(ProgrammeChange::from_code(change.code()), Some(change));
        }
        assert_eq!(ProgrammeChange::from_code("role"), None);
    }
}
