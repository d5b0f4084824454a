//! Wire types of the wizards.

use crate::claims::model::NewClaims;
use domain::EngagementId;
use domain::{CustomerIdType, Reason};
use serde::{Deserialize, Serialize};

/// What the customer ID step sends while the partner types (once the value parses in the
/// browser with the same parser).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCheckRequest {
    pub location_id: String,
    pub customer_id_type: String,
    pub customer_id_value: String,
}

/// The verdict for one open engagement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EngagementVerdict {
    pub engagement_id: EngagementId,
    pub engagement_name: String,
    pub eligible: bool,
    pub reasons: Vec<Reason>,
    /// Variable payment: the range of hours a claim may ask for.
    pub hours_range: Option<(u32, u32)>,
}

/// What the page shows under the field: who the customer is, and where it can be nominated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCheck {
    /// The normalised ID, as it will be stored.
    pub normalised: String,
    /// The customer's name in the directory (for a domain: its tenant's).
    pub customer_name: Option<String>,
    /// For a domain: the tenant it resolves to.
    pub resolved_tenant: Option<String>,
    /// Every open engagement of the partner, eligible ones first.
    pub engagements: Vec<EngagementVerdict>,
    /// For a tenant ID: the tenant's domains, so that the contacts step can tell at once
    /// (with the domain's `contact_domain_mismatch`) whether a mismatch reason is needed.
    pub tenant_domains: Vec<String>,
}

impl CustomerCheck {
    pub fn eligible_count(&self) -> usize {
        self.engagements.iter().filter(|e| e.eligible).count()
    }

    pub fn ineligible_count(&self) -> usize {
        self.engagements.len() - self.eligible_count()
    }
}

/// A location of the partner as the location step offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationChoice {
    pub id: String,
    pub name: String,
    pub country: String,
    /// False when the location is eligible for no open engagement (Add customer) or not for
    /// this engagement (Claim customer): shown, but not selectable.
    pub usable: bool,
}

/// A customer the partner knows, as the Claim customer wizard starts from it: its ID and the
/// contacts of its latest claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownCustomer {
    pub customer_id_type: String,
    pub customer_id_value: String,
    pub customer_name: Option<String>,
    pub friendly_name: String,
    pub contact_email: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_language: String,
}

/// What a wizard needs before its first step: the engagement it was opened from, the
/// locations, the user's own contact, and for Claim customer the known customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardStart {
    pub engagement_id: EngagementId,
    pub engagement_code: String,
    pub engagement_name: String,
    pub engagement_open: bool,
    /// The ID types the engagement accepts, offered first.
    pub accepted_id_types: Vec<CustomerIdType>,
    pub variable_payment: bool,
    pub locations: Vec<LocationChoice>,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub known: Option<KnownCustomer>,
}

/// The request a wizard sends, from the answers as typed: the hours parsed, and only the
/// engagements the last live check found eligible, with hours only when one of them pays by
/// the hour. Without a check yet, the answers go as they are (the server refuses what it must).
pub fn request_to_send(
    answers: &NewClaims,
    hours_typed: &str,
    check: Option<&CustomerCheck>,
) -> NewClaims {
    let mut request = answers.clone();
    request.hours = hours_typed.trim().parse().ok();
    if let Some(check) = check {
        let verdict = |id: &EngagementId| check.engagements.iter().find(|e| e.engagement_id == *id);
        request
            .engagement_ids
            .retain(|id| verdict(id).is_some_and(|e| e.eligible));
        let variable = request
            .engagement_ids
            .iter()
            .any(|id| verdict(id).is_some_and(|e| e.hours_range.is_some()));
        if !variable {
            request.hours = None;
        }
    }
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(id: i64, eligible: bool, hours_range: Option<(u32, u32)>) -> EngagementVerdict {
        EngagementVerdict {
            engagement_id: EngagementId::new(id),
            engagement_name: format!("E{id}"),
            eligible,
            reasons: Vec::new(),
            hours_range,
        }
    }

    fn check(engagements: Vec<EngagementVerdict>) -> CustomerCheck {
        CustomerCheck {
            normalised: "x".into(),
            customer_name: None,
            resolved_tenant: None,
            engagements,
            tenant_domains: Vec::new(),
        }
    }

    fn ids(ids: &[i64]) -> Vec<EngagementId> {
        ids.iter().copied().map(EngagementId::new).collect()
    }

    fn answers(engagements: &[i64]) -> NewClaims {
        NewClaims {
            engagement_ids: ids(engagements),
            ..NewClaims::default()
        }
    }

    #[test]
    fn an_engagement_the_live_check_found_ineligible_is_not_sent() {
        let check = check(vec![verdict(1, true, None), verdict(2, false, None)]);
        let sent = request_to_send(&answers(&[1, 2, 3]), "", Some(&check));
        assert_eq!(sent.engagement_ids, ids(&[1]));
    }

    #[test]
    fn hours_go_only_with_a_variable_payment_engagement() {
        let fixed = check(vec![verdict(1, true, None)]);
        assert_eq!(
            request_to_send(&answers(&[1]), "12", Some(&fixed)).hours,
            None
        );
        let variable = check(vec![verdict(4, true, Some((8, 40)))]);
        assert_eq!(
            request_to_send(&answers(&[4]), " 12 ", Some(&variable)).hours,
            Some(12)
        );
    }

    #[test]
    fn hours_that_do_not_parse_are_sent_as_none_for_the_server_to_ask_again() {
        let variable = check(vec![verdict(4, true, Some((8, 40)))]);
        assert_eq!(
            request_to_send(&answers(&[4]), "twelve", Some(&variable)).hours,
            None
        );
    }

    #[test]
    fn without_a_check_the_answers_go_as_typed() {
        let sent = request_to_send(&answers(&[1, 2]), "5", None);
        assert_eq!(sent.engagement_ids, ids(&[1, 2]));
        assert_eq!(sent.hours, Some(5));
    }
}
