//! Who may receive a consent request: the customer, never the partner itself. A partner that
//! could send the request to its own mailbox could consent in the customer's place, so an
//! address at one of the partner's own domains is refused wherever the recipient is set (claim
//! creation, the Send / Re-send flow) and once more when the e-mail is about to go.
//!
//! The partner's domains are those of its users' e-mail addresses plus the ones configured in
//! `partner_domains`; a subdomain counts as its parent (`mail.contoso.example` is contoso's).
//! Both sides are `domain` types, so the comparison is on normalised names: lower case, punycode.

use domain::{DomainName, EmailAddress};

/// The partner domain `recipient` is at (the domain itself or one of its subdomains), if any.
pub fn own_domain<'a>(
    recipient: &EmailAddress,
    partner_domains: &'a [DomainName],
) -> Option<&'a DomainName> {
    partner_domains
        .iter()
        .find(|own| recipient.domain_name().is_within(own))
}

/// Refuses a recipient at one of the partner's domains, with a field error on `contact_email`
/// that names the domain.
#[cfg(feature = "ssr")]
#[tracing::instrument(skip(pool, recipient), fields(partner = %partner_id), err(level = "debug"))]
pub async fn check_recipient(
    pool: &sqlx::AnyPool,
    partner_id: domain::PartnerId,
    recipient: &EmailAddress,
) -> Result<(), crate::error::AppError> {
    let domains = super::repo::partner_domains(pool, partner_id).await?;
    match own_domain(recipient, &domains) {
        Some(own) => Err(crate::error::AppError::field(
            "contact_email",
            crate::error::FieldProblem::OwnDomain {
                domain: own.as_str().to_owned(),
            },
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::own_domain;
    use domain::{DomainName, EmailAddress};

    fn domains(names: &[&str]) -> Vec<DomainName> {
        names
            .iter()
            .map(|d| DomainName::parse(d).unwrap())
            .collect()
    }

    fn email(address: &str) -> EmailAddress {
        EmailAddress::parse(address).unwrap()
    }

    #[test]
    fn an_address_at_the_partners_domain_is_its_own() {
        let own = domains(&["contoso.example"]);
        assert_eq!(
            own_domain(&email("consent@contoso.example"), &own).map(DomainName::as_str),
            Some("contoso.example")
        );
    }

    #[test]
    fn a_subdomain_belongs_to_its_parent_and_names_it() {
        let own = domains(&["fabrikam.example", "contoso.example"]);
        assert_eq!(
            own_domain(&email("it@mail.contoso.example"), &own).map(DomainName::as_str),
            Some("contoso.example")
        );
    }

    #[test]
    fn case_does_not_hide_an_own_domain() {
        let own = domains(&["Contoso.Example"]);
        assert!(own_domain(&email("Camille@CONTOSO.example"), &own).is_some());
    }

    #[test]
    fn a_domain_that_only_ends_with_the_same_letters_is_not_the_partners() {
        let own = domains(&["contoso.example"]);
        assert_eq!(own_domain(&email("it@notcontoso.example"), &own), None);
        assert_eq!(own_domain(&email("it@contoso.example.com"), &own), None);
    }

    #[test]
    fn a_customer_address_passes() {
        let own = domains(&["contoso.example", "contoso-consulting.example"]);
        assert_eq!(
            own_domain(&email("claire.dubois@northwindtraders.com"), &own),
            None
        );
        assert_eq!(own_domain(&email("claire@northwindtraders.com"), &[]), None);
    }
}
