//! Why an e-mail could not be delivered, as a partner may read it. The mail server's own reply
//! ("550 5.1.1 <x@y>: Recipient address rejected: …") names servers, addresses and software of
//! ours and of the customer's: it stays in the logs and in the outbox row (`last_error`, for
//! operators), and the partner is shown one of these categories, stored beside it
//! (`outbox.last_problem`) and worded from the locale files.

use crate::i18n::*;
use serde::{Deserialize, Serialize};

/// What kept one attempt from handing the e-mail over. The code is stable: it is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryProblem {
    /// The receiving side says the mailbox or its domain does not exist (RFC 3463 X.1.1, X.1.2,
    /// X.1.6, X.1.10).
    AddressUnknown,
    /// The address was refused for another lasting reason (policy, relaying denied, blocked).
    AddressRefused,
    /// The customer's mailbox is full (X.2.2, 552).
    MailboxFull,
    /// The address cannot be written into an e-mail as it stands.
    AddressInvalid,
    /// A mail server asked to try again later (a 4xx reply).
    Deferred,
    /// Our mail server could not be reached, or did not answer in time.
    Unreachable,
    /// Our mail server refused us (credentials, sender, a command): ours to mend.
    OurServer,
    /// Not sent: the address is at one of the partner's own domains (checked again at send time).
    OwnDomain,
    /// Anything else.
    Other,
}

impl DeliveryProblem {
    /// Every category, in the order above.
    pub const ALL: [DeliveryProblem; 9] = [
        DeliveryProblem::AddressUnknown,
        DeliveryProblem::AddressRefused,
        DeliveryProblem::MailboxFull,
        DeliveryProblem::AddressInvalid,
        DeliveryProblem::Deferred,
        DeliveryProblem::Unreachable,
        DeliveryProblem::OurServer,
        DeliveryProblem::OwnDomain,
        DeliveryProblem::Other,
    ];

    /// The stored (and wire) code.
    pub fn code(self) -> &'static str {
        match self {
            DeliveryProblem::AddressUnknown => "address_unknown",
            DeliveryProblem::AddressRefused => "address_refused",
            DeliveryProblem::MailboxFull => "mailbox_full",
            DeliveryProblem::AddressInvalid => "address_invalid",
            DeliveryProblem::Deferred => "deferred",
            DeliveryProblem::Unreachable => "unreachable",
            DeliveryProblem::OurServer => "our_server",
            DeliveryProblem::OwnDomain => "own_domain",
            DeliveryProblem::Other => "other",
        }
    }

    /// Whether another attempt can change the answer: an address that does not exist, cannot be
    /// written, or is the partner's own stays so. The e-mail is given up at once, and the partner
    /// sees it failed (and why) at the first attempt, not after ten attempts over a day.
    pub fn is_permanent(self) -> bool {
        matches!(
            self,
            DeliveryProblem::AddressUnknown
                | DeliveryProblem::AddressInvalid
                | DeliveryProblem::OwnDomain
        )
    }

    /// The category with this code.
    pub fn from_code(code: &str) -> Option<DeliveryProblem> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// What a partner reads, in `locale`.
    pub fn summary(self, locale: Locale) -> String {
        match self {
            DeliveryProblem::AddressUnknown => {
                td_string!(locale, delivery_problem_address_unknown).to_string()
            }
            DeliveryProblem::AddressRefused => {
                td_string!(locale, delivery_problem_address_refused).to_string()
            }
            DeliveryProblem::MailboxFull => {
                td_string!(locale, delivery_problem_mailbox_full).to_string()
            }
            DeliveryProblem::AddressInvalid => {
                td_string!(locale, delivery_problem_address_invalid).to_string()
            }
            DeliveryProblem::Deferred => td_string!(locale, delivery_problem_deferred).to_string(),
            DeliveryProblem::Unreachable => {
                td_string!(locale, delivery_problem_unreachable).to_string()
            }
            DeliveryProblem::OurServer => {
                td_string!(locale, delivery_problem_our_server).to_string()
            }
            DeliveryProblem::OwnDomain => {
                td_string!(locale, delivery_problem_own_domain).to_string()
            }
            DeliveryProblem::Other => td_string!(locale, delivery_problem_other).to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_as_its_category() {
        for problem in DeliveryProblem::ALL {
            assert_eq!(DeliveryProblem::from_code(problem.code()), Some(problem));
            let json = serde_json::to_string(&problem).unwrap();
            assert_eq!(json, format!("\"{}\"", problem.code()));
        }
        assert_eq!(DeliveryProblem::from_code("550"), None);
    }

    #[test]
    fn only_what_a_retry_cannot_mend_is_permanent() {
        let permanent: Vec<_> = DeliveryProblem::ALL
            .into_iter()
            .filter(|p| p.is_permanent())
            .collect();
        assert_eq!(
            permanent,
            [
                DeliveryProblem::AddressUnknown,
                DeliveryProblem::AddressInvalid,
                DeliveryProblem::OwnDomain
            ]
        );
    }

    #[test]
    fn every_category_has_a_summary_in_both_languages() {
        for problem in DeliveryProblem::ALL {
            let (en, fr) = (problem.summary(Locale::en), problem.summary(Locale::fr));
            assert!(!en.is_empty() && !fr.is_empty() && en != fr, "{problem:?}");
        }
    }
}
