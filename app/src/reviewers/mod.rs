//! The programme's own team (issue 18, `/programme/team`): a programme administrator invites
//! Programme reviewers by e-mail (the partners' invitation link, `accounts`), re-sends and
//! revokes invitations, deactivates and reactivates reviewers (ending their sessions at once),
//! and names other administrators; the programme keeps at least one active administrator; every
//! change is in the programme's audit list.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
