//! The five kinds of customer ID and the typed value of one of them.

use super::{AzureSubscriptionId, DomainName, Field, MsxOpportunityId, ParseError, TenantId, Tpid};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of a customer ID. Codes are stable: they are stored in the database and in the
/// eligibility CSV files the programme loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerIdType {
    /// `domain_name`: a DNS domain, checked through the tenant it resolves to.
    DomainName,
    /// `tenant_id`: an Entra tenant ID.
    TenantId,
    /// `tpid`: a top parent ID.
    Tpid,
    /// `azure_subscription_id`: an Azure subscription ID.
    AzureSubscriptionId,
    /// `msx_opportunity_id`: an MSX opportunity ID (variable-payment engagements).
    MsxOpportunityId,
}

impl CustomerIdType {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [CustomerIdType; 5] = [
        CustomerIdType::DomainName,
        CustomerIdType::TenantId,
        CustomerIdType::Tpid,
        CustomerIdType::AzureSubscriptionId,
        CustomerIdType::MsxOpportunityId,
    ];

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            CustomerIdType::DomainName => "domain_name",
            CustomerIdType::TenantId => "tenant_id",
            CustomerIdType::Tpid => "tpid",
            CustomerIdType::AzureSubscriptionId => "azure_subscription_id",
            CustomerIdType::MsxOpportunityId => "msx_opportunity_id",
        }
    }

    /// The kind with this code (exact match), if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// The input field a value of this kind is typed into.
    pub const fn field(self) -> Field {
        match self {
            CustomerIdType::DomainName => Field::DomainName,
            CustomerIdType::TenantId => Field::TenantId,
            CustomerIdType::Tpid => Field::Tpid,
            CustomerIdType::AzureSubscriptionId => Field::AzureSubscriptionId,
            CustomerIdType::MsxOpportunityId => Field::MsxOpportunityId,
        }
    }

    /// The kind's name in English, e.g. "Tenant ID".
    pub const fn message_en(self) -> &'static str {
        match self {
            CustomerIdType::DomainName => "Domain name",
            CustomerIdType::TenantId => "Tenant ID",
            CustomerIdType::Tpid => "TPID",
            CustomerIdType::AzureSubscriptionId => "Azure subscription ID",
            CustomerIdType::MsxOpportunityId => "MSX opportunity ID",
        }
    }

    /// The kind's name in French, e.g. "ID de locataire".
    pub const fn message_fr(self) -> &'static str {
        match self {
            CustomerIdType::DomainName => "Nom de domaine",
            CustomerIdType::TenantId => "ID de locataire",
            CustomerIdType::Tpid => "TPID",
            CustomerIdType::AzureSubscriptionId => "ID d'abonnement Azure",
            CustomerIdType::MsxOpportunityId => "ID d'opportunité MSX",
        }
    }
}

impl fmt::Display for CustomerIdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A customer ID of one of the five kinds, parsed and normalised.
///
/// Serialised as `{"kind": "tenant_id", "value": "8c3d…"}`; the value is re-parsed on the way
/// in, so a crafted request cannot smuggle an unnormalised ID past the server.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum CustomerId {
    /// A domain name.
    DomainName(DomainName),
    /// A tenant ID.
    TenantId(TenantId),
    /// A TPID.
    Tpid(Tpid),
    /// An Azure subscription ID.
    AzureSubscriptionId(AzureSubscriptionId),
    /// An MSX opportunity ID.
    MsxOpportunityId(MsxOpportunityId),
}

impl CustomerId {
    /// Parses `input` as an ID of the given kind.
    pub fn parse(kind: CustomerIdType, input: &str) -> Result<Self, ParseError> {
        Ok(match kind {
            CustomerIdType::DomainName => Self::DomainName(DomainName::parse(input)?),
            CustomerIdType::TenantId => Self::TenantId(TenantId::parse(input)?),
            CustomerIdType::Tpid => Self::Tpid(Tpid::parse(input)?),
            CustomerIdType::AzureSubscriptionId => {
                Self::AzureSubscriptionId(AzureSubscriptionId::parse(input)?)
            }
            CustomerIdType::MsxOpportunityId => {
                Self::MsxOpportunityId(MsxOpportunityId::parse(input)?)
            }
        })
    }

    /// Which kind of ID this is.
    pub const fn kind(&self) -> CustomerIdType {
        match self {
            Self::DomainName(_) => CustomerIdType::DomainName,
            Self::TenantId(_) => CustomerIdType::TenantId,
            Self::Tpid(_) => CustomerIdType::Tpid,
            Self::AzureSubscriptionId(_) => CustomerIdType::AzureSubscriptionId,
            Self::MsxOpportunityId(_) => CustomerIdType::MsxOpportunityId,
        }
    }

    /// The normalised value as text, as stored and compared.
    pub fn value(&self) -> String {
        self.to_string()
    }

    /// The value as a person reads it: a domain in Unicode (`bäckerei-münchen.de`), every other
    /// kind as stored. Parsing it again gives the same ID.
    pub fn display_value(&self) -> String {
        match self {
            Self::DomainName(d) => d.to_unicode(),
            other => other.value(),
        }
    }
}

/// Prints the normalised value only (not the kind).
impl fmt::Display for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DomainName(v) => v.fmt(f),
            Self::TenantId(v) => v.fmt(f),
            Self::Tpid(v) => v.fmt(f),
            Self::AzureSubscriptionId(v) => v.fmt(f),
            Self::MsxOpportunityId(v) => v.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_code_round_trips() {
        for kind in CustomerIdType::ALL {
            assert_eq!(CustomerIdType::from_code(kind.code()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.code())
            );
        }
        assert_eq!(CustomerIdType::from_code("TENANT_ID"), None);
    }

    #[test]
    fn an_id_is_parsed_by_its_kind() {
        let id = CustomerId::parse(CustomerIdType::Tpid, "007").unwrap();
        assert_eq!(id.kind(), CustomerIdType::Tpid);
        assert_eq!(id.value(), "7");
        let err = CustomerId::parse(CustomerIdType::TenantId, "007").unwrap_err();
        assert_eq!(err.field, Field::TenantId);
    }

    #[test]
    fn a_customer_id_serialises_with_kind_and_value_and_revalidates() {
        let id = CustomerId::parse(CustomerIdType::DomainName, "Contoso.com").unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, r#"{"kind":"domain_name","value":"contoso.com"}"#);
        assert_eq!(serde_json::from_str::<CustomerId>(&json).unwrap(), id);
        let crafted = r#"{"kind":"msx_opportunity_id","value":"7-short"}"#;
        assert!(serde_json::from_str::<CustomerId>(crafted).is_err());
    }
}
