//! Wire types of two-factor authentication.

use serde::{Deserialize, Serialize};

/// The account page's view of the user's two-factor authentication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub enabled: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
    /// The user's partner requires it of the whole team (it cannot be turned off).
    pub required_by_team: bool,
}

/// An authenticator being set up: what the app scans, or what the person types into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorSetup {
    /// Base32, for typing into the app by hand.
    pub secret: String,
    /// The QR code of the `otpauth://` address, as SVG markup made by the server.
    pub qr_svg: String,
}

/// What a correct password leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInOutcome {
    /// Signed in as `user`. `set_up_two_factor`: the team requires two-factor authentication,
    /// which this user has not set up yet (the partner pages refuse it until then).
    SignedIn {
        user: crate::auth::CurrentUser,
        set_up_two_factor: bool,
    },
    /// The password was right; a code from the authenticator (or a recovery code) comes next.
    CodeNeeded,
}

/// Seconds the code step waits after a right password.
pub const SECOND_STEP_SECS: i64 = 300;
