//! The rules of MCI Customers as pure types and functions.
//!
//! This crate is the single source of every rule of the product: how each identifier is
//! parsed and normalised ([`ids`]), what an engagement is and when it is consistent
//! ([`engagement`]), whether a customer is eligible ([`eligibility`]), what a claim is paid
//! ([`payment`]), and how a claim moves through its life cycle ([`claim`]). The server runs
//! these functions as the rule; the browser runs the very same code, compiled to WASM, for
//! instant feedback. Nothing here does I/O, reads the clock or draws random numbers: callers
//! pass `now` and the facts they gathered, so every rule is deterministic and testable.
//!
//! Every code (`tenant_id`, `bad_format`, `location_not_enrolled`, `awaiting_consent`, …) is
//! stable: it is stored in the database, sent over the wire and used as a translation key.

#![warn(missing_docs)]

pub mod claim;
pub mod customer;
pub mod eligibility;
pub mod engagement;
pub mod ids;
pub mod money;
pub mod payment;
pub mod time;

#[cfg(test)]
mod fixtures;

pub use claim::{
    apply_action, available_actions, deadline, expired_action, time_left, transition, Actor,
    ClaimAction, ClaimDates, ClaimStatus, Deadline, DeadlineKind, TimeLeft, TransitionError,
};
pub use customer::{customer_key, CustomerKey, KeyFacts};
pub use eligibility::{
    check_eligibility, contact_domain_mismatch, DirectoryFacts, Eligibility, EligibilityInput,
    LocationFacts, MismatchJustification, MismatchReason, OpenClaim, Reason, ReasonCode,
    ReasonParams,
};
pub use engagement::{Engagement, EngagementError, MarketBand, PaymentRule, PaymentType};
pub use ids::{
    AzureSubscriptionId, ClaimRef, CustomerId, CustomerIdType, DomainName, EmailAddress,
    EngagementId, Field, FriendlyName, InvalidRowId, Language, LocationId, MsxOpportunityId,
    NewPassword, ParseError, PartnerId, PhoneNumber, Problem, TenantId, Tpid, UserId,
};
pub use money::Money;
pub use payment::{proposed_payment, PaymentError};
pub use time::Timestamp;
