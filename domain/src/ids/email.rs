//! Contact e-mail addresses.

use super::{DomainName, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A single address (no display name, no `[ip]` literal), with its domain normalised like a
/// [`DomainName`] (lower case, punycode) so it can be compared with a tenant's domains. The
/// local part keeps its case: mail servers may treat it as case-sensitive.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress {
    address: String,
    domain: DomainName,
}

/// RFC 5321: a path is at most 256 octets including the angle brackets.
const MAX_LEN: usize = 254;

impl EmailAddress {
    /// Parses a trimmed address and normalises its domain part.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::EmailAddress, problem);
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Empty));
        }
        if trimmed.len() > MAX_LEN {
            return Err(err(Problem::TooLong {
                max: MAX_LEN as u32,
            }));
        }
        let options = email_address::Options::default()
            .with_required_tld()
            .without_domain_literal()
            .without_display_text();
        email_address::EmailAddress::parse_with_options(trimmed, options)
            .map_err(|_| err(Problem::BadFormat))?;
        // A quoted local part may itself contain '@'; the domain follows the last one.
        let (local, domain) = trimmed
            .rsplit_once('@')
            .ok_or_else(|| err(Problem::BadFormat))?;
        let domain = DomainName::parse(domain).map_err(|_| err(Problem::BadFormat))?;
        Ok(Self {
            address: format!("{local}@{domain}"),
            domain,
        })
    }

    /// The whole normalised address.
    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// The part after the `@`, normalised (`Contoso.COM` → `contoso.com`).
    pub fn domain(&self) -> &str {
        self.domain.as_str()
    }

    /// The part after the `@`, as a domain name.
    pub fn domain_name(&self) -> &DomainName {
        &self.domain
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.address)
    }
}

impl std::str::FromStr for EmailAddress {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = ParseError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> String {
        value.address
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(input: &str) -> Problem {
        EmailAddress::parse(input).unwrap_err().problem
    }

    #[test]
    fn the_domain_part_is_lowercased_and_the_local_part_kept() {
        let e = EmailAddress::parse("  Jane.Doe@Contoso.COM ").unwrap();
        assert_eq!(e.as_str(), "Jane.Doe@contoso.com");
        assert_eq!(e.domain(), "contoso.com");
    }

    #[test]
    fn an_internationalised_domain_becomes_punycode() {
        let e = EmailAddress::parse("info@bücher.de").unwrap();
        assert_eq!(e.domain(), "xn--bcher-kva.de");
    }

    #[test]
    fn an_address_without_at_or_without_a_dotted_domain_is_rejected() {
        assert_eq!(problem("jane.contoso.com"), Problem::BadFormat);
        assert_eq!(problem("jane@localhost"), Problem::BadFormat);
        assert_eq!(problem("@contoso.com"), Problem::BadFormat);
        assert_eq!(problem("jane@"), Problem::BadFormat);
    }

    #[test]
    fn display_names_and_ip_literals_are_rejected() {
        assert_eq!(problem("Jane <jane@contoso.com>"), Problem::BadFormat);
        assert_eq!(problem("jane@[10.0.0.1]"), Problem::BadFormat);
    }

    #[test]
    fn an_empty_or_overlong_address_is_rejected() {
        assert_eq!(problem(" "), Problem::Empty);
        let long = format!("{}@contoso.com", "a".repeat(250));
        assert_eq!(problem(&long), Problem::TooLong { max: 254 });
    }

    #[test]
    fn deserialising_revalidates() {
        let e: EmailAddress = serde_json::from_str("\"a@B.com\"").unwrap();
        assert_eq!(e.as_str(), "a@b.com");
        assert!(serde_json::from_str::<EmailAddress>("\"a@b\"").is_err());
    }
}
