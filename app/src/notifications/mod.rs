//! Notifications (issue 17): a claim's events and coming deadlines told to the partner's users,
//! in the app (the bell, the notifications page) and by e-mail (at once or in a daily digest),
//! as each user chose on the preferences page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod service;
