//! Wire types of accounts: invitations, password resets and changes, the strength meter.

use crate::auth::Role;
use serde::{Deserialize, Serialize};

/// How long an invitation link stays valid.
pub const INVITATION_VALID_SECS: i64 = 7 * 24 * 3600;
/// How long a password reset link stays valid.
pub const RESET_VALID_SECS: i64 = 3600;
/// Password reset e-mails one account receives at most per hour (more requests get the same
/// answer and no e-mail).
pub const RESETS_PER_HOUR: i64 = 3;

/// What a single-use link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenPurpose {
    Invitation,
    PasswordReset,
}

impl TokenPurpose {
    pub const fn code(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "invitation",
            TokenPurpose::PasswordReset => "password_reset",
        }
    }

    pub fn from_code(code: &str) -> Option<TokenPurpose> {
        [TokenPurpose::Invitation, TokenPurpose::PasswordReset]
            .into_iter()
            .find(|p| p.code() == code)
    }

    /// The page the e-mailed link opens.
    pub const fn path(self) -> &'static str {
        match self {
            TokenPurpose::Invitation => "/invitation",
            TokenPurpose::PasswordReset => "/reset-password",
        }
    }
}

/// The strength meter's reading of a password being typed: zxcvbn's score (0 to 4), whether it
/// is a common or breached password, whether it is long enough, and whether the server would
/// accept it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strength {
    pub score: u8,
    pub common: bool,
    pub long_enough: bool,
    pub acceptable: bool,
}

/// What the invitation page shows before the colleague sets a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub partner_name: String,
    pub email: String,
    pub role: Role,
    pub invited_by: String,
    pub expires_at: i64,
    /// The server's time when it answered, for the time left.
    pub now: i64,
}
