//! The wizard's steps, one module each.

mod contacts;
mod customer;
mod engagements;
mod location;
mod name;
mod review;

pub use contacts::ContactsStep;
pub use customer::CustomerStep;
pub use engagements::EngagementsStep;
pub use location::LocationStep;
pub use name::NameStep;
pub use review::ReviewStep;
