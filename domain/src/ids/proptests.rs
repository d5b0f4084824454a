//! Properties every parser must have: it never panics, and parsing its own output gives back
//! the same value (the normalised form is a fixed point).

use super::*;
use proptest::prelude::*;

fn all_parsers(input: &str) {
    let _ = DomainName::parse(input);
    let _ = TenantId::parse(input);
    let _ = AzureSubscriptionId::parse(input);
    let _ = Tpid::parse(input);
    let _ = MsxOpportunityId::parse(input);
    let _ = LocationId::parse(input);
    let _ = EmailAddress::parse(input);
    let _ = PhoneNumber::parse(input);
    let _ = FriendlyName::parse(input);
    let _ = Language::parse(input);
    for kind in CustomerIdType::ALL {
        if let Err(e) = CustomerId::parse(kind, input) {
            let _ = (e.message_en(), e.message_fr());
        }
    }
}

/// 16 random bytes written as a GUID the way people paste them: any case, braces or not,
/// hyphens or not.
fn guid_text() -> impl Strategy<Value = String> {
    (
        any::<[u8; 16]>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(bytes, upper, braces, hyphens)| {
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let mut s = if hyphens {
                format!(
                    "{}-{}-{}-{}-{}",
                    &hex[0..8],
                    &hex[8..12],
                    &hex[12..16],
                    &hex[16..20],
                    &hex[20..32]
                )
            } else {
                hex
            };
            if upper {
                s = s.to_uppercase();
            }
            if braces {
                s = format!("{{{s}}}");
            }
            s
        })
}

fn domain_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec("[a-zA-Z0-9]([a-zA-Z0-9-]{0,20}[a-zA-Z0-9])?", 1..4),
        "[a-zA-Z]{2,8}",
        any::<bool>(),
    )
        .prop_map(|(labels, tld, dot)| {
            format!("{}.{tld}{}", labels.join("."), if dot { "." } else { "" })
        })
}

fn customer_id_text() -> impl Strategy<Value = (CustomerIdType, String)> {
    prop_oneof![
        domain_text().prop_map(|t| (CustomerIdType::DomainName, t)),
        guid_text().prop_map(|t| (CustomerIdType::TenantId, t)),
        guid_text().prop_map(|t| (CustomerIdType::AzureSubscriptionId, t)),
        (1u64..=9_999_999_999).prop_map(|n| (CustomerIdType::Tpid, n.to_string())),
        "[a-zA-Z0-9]{10}".prop_map(|b| (CustomerIdType::MsxOpportunityId, format!("7-{b}"))),
    ]
}

fn round_trips<T, E>(value: &T, parse: impl Fn(&str) -> Result<T, E>) -> bool
where
    T: PartialEq + std::fmt::Display,
{
    matches!(parse(&value.to_string()), Ok(again) if again == *value)
}

proptest! {
    #[test]
    fn no_parser_panics_on_any_string(input in any::<String>()) {
        all_parsers(&input);
    }

    #[test]
    fn no_parser_panics_on_id_like_strings(input in "[0-9a-fA-F{}@.+()\\- 7xn]{0,70}") {
        all_parsers(&input);
    }

    #[test]
    fn a_guid_round_trips(text in guid_text()) {
        // The all-zero GUID is refused; any other is accepted.
        if let Ok(t) = TenantId::parse(&text) {
            prop_assert!(round_trips(&t, TenantId::parse));
            prop_assert_eq!(t.as_str().len(), 36);
        }
        if let Ok(s) = AzureSubscriptionId::parse(&text) {
            prop_assert!(round_trips(&s, AzureSubscriptionId::parse));
        }
    }

    #[test]
    fn a_domain_round_trips(text in domain_text()) {
        // Some generated labels are invalid (`xn--` followed by bad punycode); the rest must
        // round-trip.
        if let Ok(d) = DomainName::parse(&text) {
            prop_assert!(round_trips(&d, DomainName::parse));
            prop_assert_eq!(d.as_str(), text.trim_end_matches('.').to_lowercase());
        }
    }

    #[test]
    fn an_idn_domain_round_trips(label in "[a-zäöüéèçñ]{1,20}", tld in "(com|de|fr)") {
        let d = DomainName::parse(&format!("{label}.{tld}")).unwrap();
        prop_assert!(d.as_str().is_ascii());
        prop_assert!(round_trips(&d, DomainName::parse));
    }

    #[test]
    fn a_tpid_round_trips(n in 1u64..=9_999_999_999, zeros in 0usize..4) {
        let t = Tpid::parse(&format!("{}{n}", "0".repeat(zeros))).unwrap();
        prop_assert_eq!(t.get(), n);
        prop_assert!(round_trips(&t, Tpid::parse));
    }

    #[test]
    fn an_msx_id_round_trips(body in "[a-zA-Z0-9]{10}") {
        let m = MsxOpportunityId::parse(&format!("7-{body}")).unwrap();
        prop_assert!(round_trips(&m, MsxOpportunityId::parse));
    }

    #[test]
    fn a_location_id_round_trips(digits in "[0-9]{7}") {
        let l = LocationId::parse(&digits).unwrap();
        prop_assert!(round_trips(&l, LocationId::parse));
    }

    #[test]
    fn an_email_round_trips(local in "[a-zA-Z0-9._%+-]{1,20}", domain in domain_text()) {
        if let Ok(e) = EmailAddress::parse(&format!("{local}@{domain}")) {
            prop_assert!(round_trips(&e, EmailAddress::parse));
        }
    }

    #[test]
    fn a_phone_number_round_trips(first in 1u8..=9, rest in "[0-9]{7,14}", style in 0u8..3) {
        let text = match style {
            0 => format!("+{first}{rest}"),
            1 => format!("00{first} {rest}"),
            _ => format!("+{first}-{rest}"),
        };
        let p = PhoneNumber::parse(&text).unwrap();
        prop_assert!(round_trips(&p, PhoneNumber::parse));
    }

    #[test]
    fn a_friendly_name_round_trips(name in "\\PC{3,100}") {
        if let Ok(n) = FriendlyName::parse(&name) {
            prop_assert!(round_trips(&n, FriendlyName::parse));
        }
    }

    #[test]
    fn a_customer_id_round_trips_as_text_and_as_json((kind, text) in customer_id_text()) {
        if let Ok(id) = CustomerId::parse(kind, &text) {
            prop_assert_eq!(id.kind(), kind);
            prop_assert_eq!(CustomerId::parse(kind, &id.value()), Ok(id.clone()));
            let json = serde_json::to_string(&id).unwrap();
            prop_assert_eq!(serde_json::from_str::<CustomerId>(&json).unwrap(), id);
        }
    }
}

#[test]
fn language_round_trips() {
    for l in Language::ALL {
        assert!(round_trips(&l, Language::parse));
    }
}
