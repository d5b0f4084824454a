//! The identifiers the database gives its rows: partners, users, engagements.
//!
//! They are integers on the wire and in the database, and distinct types everywhere between, so
//! a partner's ID cannot be passed where an engagement's is expected. Zero and negative numbers
//! are never given by the database, and are refused when one arrives on the wire.

use serde::{Deserialize, Serialize};

/// A row ID that is zero or negative, or text that is not a whole number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} {value:?} is not a row identifier (a whole number above zero)")]
pub struct InvalidRowId {
    /// Which identifier (`engagement`, `partner`, `user`).
    pub kind: &'static str,
    /// What was given.
    pub value: String,
}

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "i64", into = "i64")]
        pub struct $name(i64);

        impl $name {
            /// The ID the database gave. Only the repositories make one from a number.
            pub const fn new(id: i64) -> Self {
                Self(id)
            }

            /// The number, for `.bind` and for URLs.
            pub const fn get(self) -> i64 {
                self.0
            }

            /// A whole number above zero, as found in a URL or a form.
            pub fn parse(input: &str) -> Result<Self, InvalidRowId> {
                input
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .and_then(|n| Self::try_from(n).ok())
                    .ok_or_else(|| InvalidRowId {
                        kind: $kind,
                        value: input.to_owned(),
                    })
            }
        }

        impl TryFrom<i64> for $name {
            type Error = InvalidRowId;
            fn try_from(value: i64) -> Result<Self, Self::Error> {
                if value > 0 {
                    Ok(Self(value))
                } else {
                    Err(InvalidRowId {
                        kind: $kind,
                        value: value.to_string(),
                    })
                }
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> i64 {
                value.0
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = InvalidRowId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }
    };
}

row_id!(
    /// An engagement (its row; the code such as `AZ-MIG-ASSESS` is what people read).
    EngagementId,
    "engagement"
);
row_id!(
    /// A partner company.
    PartnerId,
    "partner"
);
row_id!(
    /// A user account (partner staff or programme staff).
    UserId,
    "user"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_id_travels_as_its_number() {
        let id = EngagementId::new(42);
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<EngagementId>("42").unwrap(), id);
        assert_eq!(id.to_string(), "42");
    }

    #[test]
    fn zero_and_negative_ids_are_refused_on_the_wire() {
        assert!(serde_json::from_str::<PartnerId>("0").is_err());
        assert!(serde_json::from_str::<PartnerId>("-3").is_err());
        assert!(serde_json::from_str::<UserId>("\"7\"").is_err());
    }

    #[test]
    fn a_url_segment_parses_only_as_a_whole_number_above_zero() {
        assert_eq!(EngagementId::parse(" 12 ").unwrap().get(), 12);
        assert!(EngagementId::parse("12a").is_err());
        assert!(EngagementId::parse("0").is_err());
        assert_eq!(UserId::parse("x").unwrap_err().kind, "user");
    }
}
