//! The claim life cycle (DESIGN.md §4): states, actions, who may take them, and deadlines.
//!
//! ```text
//! customer_claimed ─send_consent─▶ awaiting_consent ─accept_consent─▶ consent_received ─submit─▶ submitted
//!   │                               │ ├─decline_consent─▶ consent_declined (end)                     │ start_review
//!   │                               │ └─expire_consent─▶ consent_expired (end)                       ▼
//!   └─expire_consent─▶ consent_expired (end)                        under_review ─approve─▶ approved ─mark_paid─▶ paid (end)
//! customer_claimed | awaiting_consent | consent_received ─cancel─▶ canceled (end)   │ ├─request_partner_action─▶ partner_action_required ─resubmit─▶ submitted
//! consent_received ─expire_submission─▶ not_submitted_expired (end)                 │ └─reject─▶ rejected ─dispute─▶ disputed ─approve_dispute─▶ approved
//!                                                                                    │                       │          └─reject_final─▶ rejected_final (end)
//!                                                                                    │                       └─expire_dispute─▶ dispute_expired (end)
//! partner_action_required ─expire_partner_action─▶ post_submission_expired (end)
//! ```
//!
//! [`available_actions`] is the one place that combines the graph, the actor and the clock;
//! the UI shows its result as buttons and the server refuses anything else.

mod action;
mod available;
mod deadline;
mod status;
mod transition;

#[cfg(test)]
mod tests;

pub use action::{Actor, ClaimAction, Party};
pub use available::{apply_action, available_actions, expired_action};
pub use deadline::{deadline, time_left, ClaimDates, Deadline, DeadlineKind, TimeLeft};
pub use status::ClaimStatus;
pub use transition::{transition, Transition, TransitionError, TRANSITIONS};
