//! The paths of the plain axum routes (everything that is not a Leptos page or a server
//! function), in one list. `router()` routes these very constants, and the authorisation matrix
//! test (`tests/authz_matrix.rs`) compares its rows with [`PLAIN_ROUTES`]: a new route without a
//! row, or a row for a route that is gone, fails that test by name.
//!
//! Server functions are not listed here: they are registered by `#[server]` and the test reads
//! them from server_fn's own registry.

/// Liveness: the process is up.
pub const HEALTHZ: &str = "/healthz";
/// Readiness: the database answers.
pub const READYZ: &str = "/readyz";
/// The CSV export of one tab of an engagement's Customers page.
pub const CUSTOMERS_CSV: &str = "/engagements/{id}/customers.csv";
/// A submitted proof-of-execution document.
pub const DOCUMENT: &str = "/documents/{doc_ref}";
/// A partner user's calendar feed, `/calendar/{token}.ics`: the token is the authorisation.
pub const CALENDAR: &str = "/calendar/{file}";
/// The development mailbox (`dev.rs`; routed only in development).
pub const DEV_MAILBOX: &str = "/dev/mailbox";
/// The development clock (`dev.rs`; routed only in development).
pub const DEV_CLOCK: &str = "/dev/clock";

/// Every plain route, development-only ones included.
pub const PLAIN_ROUTES: &[&str] = &[
    HEALTHZ,
    READYZ,
    CUSTOMERS_CSV,
    DOCUMENT,
    CALENDAR,
    DEV_MAILBOX,
    DEV_CLOCK,
];
