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
    /// A Programme reviewer who also runs the programme's team.
    #[serde(default)]
    pub programme_admin: bool,
}

/// True when `path` is a path of this site that the browser will read as one: where sign-in may
/// send the user back to (`?next=`). The browser's URL parser removes tabs and line breaks
/// anywhere and trims control characters and spaces at the ends, then reads `//host` or `/\host`
/// as another site; so any control character or edge space is refused before the shape is
/// checked, rather than guessing what the parser would make of it.
pub fn is_local_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path.trim() == path
}

#[cfg(test)]
mod next_tests {
    use super::is_local_path;

    #[test]
    fn a_path_of_the_site_is_where_sign_in_returns() {
        assert!(is_local_path("/"));
        assert!(is_local_path(
            "/engagements/3/customers?tab=completed&q=north wind"
        ));
    }

    #[test]
    fn a_path_the_browser_would_read_as_another_site_is_refused() {
        for next in [
            "//evil.example/phish",
            "/\\evil.example",
            "/\t/evil.example/phish",
            "/\n/evil.example",
            "\t//evil.example",
            " //evil.example",
            "/\r\n/evil.example",
            "/\u{1f}/evil.example",
            "https://evil.example/",
            "evil.example",
            "",
        ] {
            assert!(!is_local_path(next), "{next:?}");
        }
        // A percent-encoded tab stays encoded in the path the browser is sent to: harmless.
        assert!(is_local_path("/%09/evil.example"));
    }
}
