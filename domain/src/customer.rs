//! The customer behind an ID (DESIGN.md §4, "The customer behind an ID").
//!
//! A partner may nominate one organisation by any of five kinds of ID. The two limits of the
//! programme ("a partner adds or claims a customer once per engagement", "at most N open claims
//! per customer and engagement") are about the organisation, so every claim carries the
//! [`CustomerKey`] its ID maps to, and both limits are counted per key. The callers gather what
//! the directory links the ID to ([`KeyFacts`]); [`customer_key`] alone decides.

use crate::ids::{CustomerId, CustomerIdType, TenantId, Tpid};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The canonical customer of an ID. Stored as text ([`CustomerKey::code`]): `tpid:123`,
/// `tenant:8c3d…`, or, for an ID the directory links to nothing, the ID itself
/// (`domain_name:contoso.com`), which then is a customer of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum CustomerKey {
    /// A parent organisation (TPID): the key of every tenant the directory lists under it.
    Tpid(Tpid),
    /// A tenant the directory links to no TPID.
    Tenant(TenantId),
    /// An ID the directory does not link to a tenant or a TPID (an unknown domain, subscription
    /// or opportunity). Such an ID is never eligible, but a key is total: the function never
    /// fails, whatever the directory says.
    Unresolved(CustomerId),
}

/// What the directory links an ID to, as far as the key needs it. Gathered by the caller for
/// exactly the ID given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyFacts {
    /// For a domain or an Azure subscription: the tenant it belongs to, if the directory knows.
    /// Ignored for the other kinds.
    pub tenant: Option<TenantId>,
    /// The TPIDs the directory lists the tenant under (the tenant given, or the one a domain or
    /// subscription belongs to). Empty when it lists none.
    pub tenant_parents: Vec<Tpid>,
    /// For an MSX opportunity: its TPID, if the directory knows the opportunity.
    pub opportunity_tpid: Option<Tpid>,
}

/// The canonical customer of `id`:
/// * a domain and an Azure subscription → their tenant;
/// * a tenant → its parent TPID when the directory links one, else the tenant itself;
/// * a TPID → itself;
/// * an MSX opportunity → its TPID.
///
/// The mapping is transitive (a domain of a tenant under a TPID gives that TPID), so that every
/// ID of one directory organisation gives one key. Should the directory list a tenant under
/// several TPIDs, the lowest TPID wins: any fixed choice keeps the key stable, and the lowest is
/// one that needs no ordering from the caller.
pub fn customer_key(id: &CustomerId, facts: &KeyFacts) -> CustomerKey {
    let tenant_key = |tenant: &TenantId| match facts.tenant_parents.iter().min() {
        Some(tpid) => CustomerKey::Tpid(*tpid),
        None => CustomerKey::Tenant(tenant.clone()),
    };
    match id {
        CustomerId::Tpid(tpid) => CustomerKey::Tpid(*tpid),
        CustomerId::TenantId(tenant) => tenant_key(tenant),
        CustomerId::DomainName(_) | CustomerId::AzureSubscriptionId(_) => match &facts.tenant {
            Some(tenant) => tenant_key(tenant),
            None => CustomerKey::Unresolved(id.clone()),
        },
        CustomerId::MsxOpportunityId(_) => match facts.opportunity_tpid {
            Some(tpid) => CustomerKey::Tpid(tpid),
            None => CustomerKey::Unresolved(id.clone()),
        },
    }
}

impl CustomerKey {
    /// The stored form: `tpid:<digits>`, `tenant:<guid>` or `<kind code>:<value>`.
    pub fn code(&self) -> String {
        self.to_string()
    }

    /// Reads the stored form back; `None` for anything [`CustomerKey::code`] does not write.
    pub fn from_code(code: &str) -> Option<Self> {
        let (prefix, value) = code.split_once(':')?;
        match prefix {
            "tpid" => Tpid::parse(value)
                .ok()
                .filter(|t| t.to_string() == value)
                .map(Self::Tpid),
            "tenant" => TenantId::parse(value)
                .ok()
                .filter(|t| t.as_str() == value)
                .map(Self::Tenant),
            kind => {
                let id = CustomerId::parse(CustomerIdType::from_code(kind)?, value).ok()?;
                (id.value() == value).then_some(Self::Unresolved(id))
            }
        }
    }
}

impl fmt::Display for CustomerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tpid(tpid) => write!(f, "tpid:{tpid}"),
            Self::Tenant(tenant) => write!(f, "tenant:{tenant}"),
            Self::Unresolved(id) => write!(f, "{}:{}", id.kind().code(), id.value()),
        }
    }
}

/// A stored or received key that [`CustomerKey::code`] could not have written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a customer key: {0:?}")]
pub struct InvalidCustomerKey(pub String);

impl TryFrom<String> for CustomerKey {
    type Error = InvalidCustomerKey;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::from_code(&value).ok_or(InvalidCustomerKey(value))
    }
}

impl From<CustomerKey> for String {
    fn from(value: CustomerKey) -> Self {
        value.code()
    }
}

#[cfg(test)]
mod tests;
