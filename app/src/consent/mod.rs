//! Customer consent: the partner's Send / Re-send flow, the e-mail (queued in an outbox and
//! delivered by a worker), and the customer's public consent page (DESIGN.md §4–§5).

pub mod api;
pub mod delivery;
pub mod evidence;
#[cfg(feature = "ssr")]
pub mod limiter;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod model;
#[cfg(feature = "ssr")]
pub mod outbox;
pub mod page;
pub mod public_page;
pub mod recipient;
pub mod reminder_page;
#[cfg(feature = "ssr")]
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
pub mod statement;
#[cfg(feature = "ssr")]
pub mod token;
