//! The two closed refusals an [`AppError`](super::AppError) names: the rule of the data that
//! refused a change ([`Conflict`]), and the role a refused request would have needed
//! ([`NeededRole`]). The UI words each one (`components::status`).

use serde::{Deserialize, Serialize};

/// A rule that refused a change because of what the data is now (held by the database, or
/// decided from a state another request may have changed). Closed: the UI words each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    /// The customer reached the engagement's limit of open claims (possibly in a race).
    ActiveClaimLimitReached,
    /// The claim changed since it was read (another action, or the sweeper, came first).
    ClaimChanged,
    /// The consent e-mail was re-sent as many times as the programme allows.
    ConsentResendLimit,
    /// The last consent e-mail went too recently to send another.
    ConsentResendTooSoon,
    /// The change would leave the partner without an active Incentives administrator.
    LastAdministrator,
    /// The partner requires two-factor authentication: it cannot be turned off.
    TwoFactorRequiredByTeam,
    /// An administrator requires two-factor authentication of the team before using it.
    TwoFactorOwnFirst,
    /// Two-factor authentication is already on (or not on, for what needs it on).
    TwoFactorState,
    /// The change would leave the programme without an active programme administrator.
    LastProgrammeAdministrator,
}

impl Conflict {
    /// The stable code, as logs and the wire write it.
    pub const fn code(self) -> &'static str {
        match self {
            Conflict::ActiveClaimLimitReached => "active_claim_limit_reached",
            Conflict::ClaimChanged => "claim_changed",
            Conflict::ConsentResendLimit => "consent_resend_limit",
            Conflict::ConsentResendTooSoon => "consent_resend_too_soon",
            Conflict::LastAdministrator => "last_administrator",
            Conflict::TwoFactorRequiredByTeam => "two_factor_required_by_team",
            Conflict::TwoFactorOwnFirst => "two_factor_own_first",
            Conflict::TwoFactorState => "two_factor_state",
            Conflict::LastProgrammeAdministrator => "last_programme_administrator",
        }
    }
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// The role a refused request would have needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NeededRole {
    /// Incentives administrator or Incentives user.
    Incentives,
    /// Incentives administrator.
    IncentivesAdmin,
    /// Programme reviewer.
    ProgrammeReviewer,
    /// A partner user whose team requires two-factor authentication, which it has not set up.
    TwoFactor,
    /// A Programme reviewer who runs the programme's team.
    ProgrammeAdmin,
}
