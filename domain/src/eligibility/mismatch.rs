//! The tenant / contact e-mail mismatch: when a tenant ID is given and the customer contact's
//! e-mail is not at one of that tenant's domains, the partner must say why.

use crate::ids::{CustomerId, DomainName, EmailAddress, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};

/// Whether the partner must justify the contact's e-mail domain: the ID is a tenant ID and
/// the e-mail's domain is neither one of the tenant's verified domains nor a subdomain of one
/// (`jane@emea.contoso.com` matches `contoso.com`). A tenant with no known domains always
/// mismatches: nothing vouches for the address. For other kinds of ID there is no tenant to
/// compare with, so never.
pub fn contact_domain_mismatch(
    customer_id: &CustomerId,
    tenant_domains: &[DomainName],
    contact_email: &EmailAddress,
) -> bool {
    match customer_id {
        CustomerId::TenantId(_) => !tenant_domains
            .iter()
            .any(|d| contact_email.domain_name().is_within(d)),
        _ => false,
    }
}

/// Why the contact's e-mail is not at one of the tenant's domains. Codes are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MismatchReason {
    /// `contact_at_subsidiary`: the contact works for a subsidiary with its own domain.
    ContactAtSubsidiary,
    /// `contact_at_partner_of_record`: the customer is represented by its partner of record.
    ContactAtPartnerOfRecord,
    /// `personal_or_alias_address`: a personal mailbox or an alias domain.
    PersonalOrAliasAddress,
    /// `other`: explained in the details.
    Other,
}

impl MismatchReason {
    /// Every reason, in the order the UI lists them.
    pub const ALL: [MismatchReason; 4] = [
        MismatchReason::ContactAtSubsidiary,
        MismatchReason::ContactAtPartnerOfRecord,
        MismatchReason::PersonalOrAliasAddress,
        MismatchReason::Other,
    ];

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            MismatchReason::ContactAtSubsidiary => "contact_at_subsidiary",
            MismatchReason::ContactAtPartnerOfRecord => "contact_at_partner_of_record",
            MismatchReason::PersonalOrAliasAddress => "personal_or_alias_address",
            MismatchReason::Other => "other",
        }
    }

    /// The reason with this code, if any.
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// An option label, in English.
    pub const fn message_en(self) -> &'static str {
        match self {
            MismatchReason::ContactAtSubsidiary => "The contact works for a subsidiary",
            MismatchReason::ContactAtPartnerOfRecord => {
                "The contact is at the customer's partner of record"
            }
            MismatchReason::PersonalOrAliasAddress => "Personal or alias e-mail address",
            MismatchReason::Other => "Other (explain)",
        }
    }

    /// An option label, in French.
    pub const fn message_fr(self) -> &'static str {
        match self {
            MismatchReason::ContactAtSubsidiary => "Le contact travaille pour une filiale",
            MismatchReason::ContactAtPartnerOfRecord => {
                "Le contact est chez le partenaire attitré du client"
            }
            MismatchReason::PersonalOrAliasAddress => "Adresse e-mail personnelle ou alias",
            MismatchReason::Other => "Autre (précisez)",
        }
    }
}

/// The partner's justification of a mismatch: a reason, and details (required for `other`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawJustification")]
pub struct MismatchJustification {
    reason: MismatchReason,
    details: String,
}

const MIN_DETAILS: usize = 5;
const MAX_DETAILS: usize = 500;

impl MismatchJustification {
    /// Trims the details; for `other` they must have 5 to 500 characters, for the other
    /// reasons they may be empty but not longer than 500. Line breaks and tabs are allowed
    /// (it is a text area); other control characters are not.
    pub fn parse(reason: MismatchReason, details: &str) -> Result<Self, ParseError> {
        let err = |problem| Err(ParseError::new(Field::MismatchDetails, problem));
        let details = details.trim();
        let count = details.chars().count();
        if details
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return err(Problem::InvalidCharacter);
        }
        if count > MAX_DETAILS {
            return err(Problem::TooLong {
                max: MAX_DETAILS as u32,
            });
        }
        if reason == MismatchReason::Other {
            if count == 0 {
                return err(Problem::Empty);
            }
            if count < MIN_DETAILS {
                return err(Problem::TooShort {
                    min: MIN_DETAILS as u32,
                });
            }
        }
        Ok(Self {
            reason,
            details: details.to_owned(),
        })
    }

    /// The reason.
    pub const fn reason(&self) -> MismatchReason {
        self.reason
    }

    /// The details, trimmed; possibly empty unless the reason is `other`.
    pub fn details(&self) -> &str {
        &self.details
    }
}

/// The wire shape, validated by [`MismatchJustification::parse`] on the way in.
#[derive(Deserialize)]
struct RawJustification {
    reason: MismatchReason,
    #[serde(default)]
    details: String,
}

impl TryFrom<RawJustification> for MismatchJustification {
    type Error = ParseError;
    fn try_from(raw: RawJustification) -> Result<Self, Self::Error> {
        Self::parse(raw.reason, &raw.details)
    }
}
