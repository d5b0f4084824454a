//! Identifiers and validated inputs, each parsed once at the edge into a normalised value.
//!
//! Every type here has `parse(&str) -> Result<Self, ParseError>`, a `Display` that prints the
//! normalised form, and serde through that same string: deserialising runs `parse` again, so a
//! value that crossed the wire is as trustworthy as one typed in.

mod claim_ref;
mod customer_id;
mod domain_name;
mod email;
mod error;
mod field;
mod friendly_name;
mod guid;
mod language;
mod location;
mod msx;
mod password;
mod phone;
mod row_id;
mod tpid;

#[cfg(test)]
mod proptests;

pub use claim_ref::{ClaimRef, CLAIM_REF_ALPHABET, CLAIM_REF_BODY_LEN};
pub use customer_id::{CustomerId, CustomerIdType};
pub use domain_name::DomainName;
pub use email::EmailAddress;
pub use error::{ParseError, Problem};
pub use field::Field;
pub use friendly_name::FriendlyName;
pub use guid::{AzureSubscriptionId, TenantId};
pub use language::Language;
pub use location::LocationId;
pub use msx::MsxOpportunityId;
pub use password::{NewPassword, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};
pub use phone::PhoneNumber;
pub use row_id::{EngagementId, InvalidRowId, PartnerId, UserId};
pub use tpid::Tpid;

/// The plumbing shared by every identifier held as its normalised string: `as_str`, `Display`,
/// `FromStr`, and the `String` conversions serde goes through (`try_from` re-validates).
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The normalised value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::ids::ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::ids::ParseError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}
pub(crate) use string_newtype;
