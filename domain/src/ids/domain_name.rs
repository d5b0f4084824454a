//! DNS domain names, the first of the five customer ID types.

use super::{string_newtype, Field, ParseError, Problem};
use serde::{Deserialize, Serialize};

/// A DNS name such as `contoso.com`, held in lower-case ASCII; an IDN is held in punycode
/// (`bücher.de` → `xn--bcher-kva.de`), so the same domain typed two ways compares equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainName(String);

string_newtype!(DomainName);

/// RFC 1035 limits, on the ASCII form without the trailing dot.
const MAX_LEN: usize = 253;
const MAX_LABEL_LEN: usize = 63;
/// Anything much longer than a domain can be is refused before the (costlier) IDNA mapping, so
/// a pasted paragraph costs nothing.
const MAX_INPUT_BYTES: usize = 1024;

impl DomainName {
    /// Parses a domain name: trims, maps IDN to punycode and lowercases, drops one trailing
    /// dot, then checks the length, the labels and the top-level domain.
    pub fn parse(input: &str) -> Result<Self, ParseError> {
        let err = |problem| ParseError::new(Field::DomainName, problem);
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(err(Problem::Empty));
        }
        if trimmed.len() > MAX_INPUT_BYTES {
            return Err(err(Problem::TooLong {
                max: MAX_LEN as u32,
            }));
        }
        let ascii = mapping::to_ascii(trimmed).ok_or_else(|| err(Problem::BadFormat))?;
        // Only now: IDNA maps the ideographic full stop and friends to '.'.
        let name = ascii.strip_suffix('.').unwrap_or(&ascii);
        if name.len() > MAX_LEN {
            return Err(err(Problem::TooLong {
                max: MAX_LEN as u32,
            }));
        }
        for label in name.split('.') {
            check_label(label).map_err(err)?;
        }
        match name.rsplit_once('.') {
            None => Err(err(Problem::SingleLabel)),
            Some((_, tld)) if tld.bytes().all(|b| b.is_ascii_digit()) => {
                Err(err(Problem::NumericTld))
            }
            Some(_) => Ok(Self(name.to_owned())),
        }
    }

    /// The name as a person reads it: punycode labels shown in Unicode (`xn--bcher-kva.de` →
    /// `bücher.de`). The stored and compared form stays the ASCII one; a label that does not
    /// decode is shown as stored.
    pub fn to_unicode(&self) -> String {
        mapping::to_unicode(&self.0).unwrap_or_else(|| self.0.clone())
    }

    /// True when `self` is `other` or a subdomain of it (`mail.contoso.com` is within
    /// `contoso.com`; `notcontoso.com` is not).
    pub fn is_within(&self, other: &DomainName) -> bool {
        match self.0.strip_suffix(other.as_str()) {
            Some("") => true,
            Some(prefix) => prefix.ends_with('.'),
            None => false,
        }
    }
}

/// The IDNA mapping (UTS #46) from what a person typed to the ASCII form, and back for display.
///
/// On the server, the whole of it (`idna`). In the browser, the whole of it would bring Unicode's
/// normalisation and property tables into the bundle (about a tenth of the first load), so the
/// browser uses [`light`]: exactly the server's answer for ASCII names, which is what customers'
/// domains almost always are, and for other names lower-casing and Punycode, which agrees with
/// UTS #46 for text already in NFC without compatibility characters. The browser only mirrors the
/// rule for speed: every request's payload is parsed again on the server, which has the last word.
mod mapping {
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_ascii(input: &str) -> Option<String> {
        idna::domain_to_ascii(input).ok()
    }

    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_unicode(ascii: &str) -> Option<String> {
        let (unicode, result) = idna::domain_to_unicode(ascii);
        result.ok().map(|()| unicode)
    }

    #[cfg(target_arch = "wasm32")]
    pub use super::light::{to_ascii, to_unicode};
}

/// The browser's mapping (see [`mapping`]); compiled everywhere so that its tests run beside the
/// full mapping's and compare the two.
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
mod light {
    use idna::punycode;

    /// The label separators UTS #46 maps to '.': full stop, ideographic, full-width and
    /// half-width ideographic full stops.
    const SEPARATORS: [char; 4] = ['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'];
    const ACE: &str = "xn--";

    pub fn to_ascii(input: &str) -> Option<String> {
        let labels: Option<Vec<String>> = input
            .split(SEPARATORS)
            .map(|label| {
                if label.is_ascii() {
                    let label = label.to_ascii_lowercase();
                    // An ASCII-compatible label must decode, as UTS #46 checks.
                    match label.strip_prefix(ACE) {
                        Some(encoded) => punycode::decode_to_string(encoded).map(|_| label),
                        None => Some(label),
                    }
                } else {
                    punycode::encode_str(&label.to_lowercase())
                        .map(|encoded| format!("{ACE}{encoded}"))
                }
            })
            .collect();
        labels.map(|labels| labels.join("."))
    }

    pub fn to_unicode(ascii: &str) -> Option<String> {
        let labels: Option<Vec<String>> = ascii
            .split('.')
            .map(|label| match label.strip_prefix(ACE) {
                Some(encoded) => punycode::decode_to_string(encoded),
                None => Some(label.to_owned()),
            })
            .collect();
        labels.map(|labels| labels.join("."))
    }
}

fn check_label(label: &str) -> Result<(), Problem> {
    if label.is_empty() {
        return Err(Problem::EmptyLabel);
    }
    if label.len() > MAX_LABEL_LEN {
        return Err(Problem::LabelTooLong {
            max: MAX_LABEL_LEN as u32,
        });
    }
    // IDNA without STD3 rules lets '_' and other ASCII through; DNS host names do not.
    if !label
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(Problem::InvalidCharacter);
    }
    if label.starts_with('-') || label.ends_with('-') {
        return Err(Problem::HyphenAtEdge);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(input: &str) -> Problem {
        DomainName::parse(input).unwrap_err().problem
    }

    #[test]
    fn a_plain_domain_is_lowercased_and_trimmed() {
        assert_eq!(
            DomainName::parse("  Contoso.COM ").unwrap().as_str(),
            "contoso.com"
        );
    }

    #[test]
    fn a_trailing_dot_is_removed() {
        assert_eq!(
            DomainName::parse("contoso.com.").unwrap().as_str(),
            "contoso.com"
        );
    }

    #[test]
    fn an_internationalised_domain_becomes_punycode() {
        assert_eq!(
            DomainName::parse("Bücher.de").unwrap().as_str(),
            "xn--bcher-kva.de"
        );
        assert_eq!(
            DomainName::parse("xn--bcher-kva.de").unwrap(),
            DomainName::parse("bücher.de").unwrap()
        );
    }

    #[test]
    fn an_internationalised_domain_is_shown_in_unicode_and_parses_back() {
        let d = DomainName::parse("xn--bckerei-mnchen-5hb60b.de").unwrap();
        assert_eq!(d.to_unicode(), "bäckerei-münchen.de");
        assert_eq!(DomainName::parse("Bäckerei-München.DE").unwrap(), d);
        assert_eq!(DomainName::parse(&d.to_unicode()).unwrap(), d);
        assert_eq!(
            DomainName::parse("contoso.com").unwrap().to_unicode(),
            "contoso.com"
        );
    }

    #[test]
    fn an_ideographic_full_stop_separates_labels() {
        assert_eq!(
            DomainName::parse("例え。テスト").unwrap().as_str(),
            DomainName::parse("例え.テスト").unwrap().as_str()
        );
    }

    /// The browser's mapping gives the server's answer for what partners type: ASCII names in
    /// any case, Punycode labels, and lower- or upper-case names in NFC.
    #[test]
    fn the_browsers_mapping_agrees_with_the_full_one_on_ordinary_names() {
        for input in [
            "contoso.com",
            "Contoso.COM",
            "mail.contoso.co.uk",
            "a-b.c-d.example",
            "xn--bcher-kva.de",
            "XN--BCHER-KVA.DE",
            "bücher.de",
            "Bücher.DE",
            "bäckerei-münchen.de",
            "例え.テスト",
            "例え。テスト",
            "ελληνικά.gr",
            "пример.рф",
            "contoso.com.",
            "contoso..com",
        ] {
            assert_eq!(
                light::to_ascii(input),
                idna::domain_to_ascii(input).ok(),
                "to ASCII: {input}"
            );
            let ascii = idna::domain_to_ascii(input).unwrap();
            assert_eq!(
                light::to_unicode(&ascii),
                Some(idna::domain_to_unicode(&ascii).0),
                "to Unicode: {ascii}"
            );
        }
    }

    #[test]
    fn the_browsers_mapping_refuses_a_punycode_label_that_does_not_decode() {
        let broken = "xn--zzzzzzzzzzzzzzzzzzzz.com";
        assert!(idna::domain_to_ascii(broken).is_err());
        assert!(light::to_ascii(broken).is_none());
        assert!(light::to_unicode(broken).is_none());
    }

    #[test]
    fn empty_and_blank_inputs_are_rejected() {
        assert_eq!(problem(""), Problem::Empty);
        assert_eq!(problem("   "), Problem::Empty);
    }

    #[test]
    fn a_name_without_a_dot_is_rejected() {
        assert_eq!(problem("localhost"), Problem::SingleLabel);
        assert_eq!(problem("contoso."), Problem::SingleLabel);
    }

    #[test]
    fn empty_labels_are_rejected() {
        assert_eq!(problem("contoso..com"), Problem::EmptyLabel);
        assert_eq!(problem(".contoso.com"), Problem::EmptyLabel);
        assert_eq!(problem("contoso.com.."), Problem::EmptyLabel);
        assert_eq!(problem("."), Problem::EmptyLabel);
    }

    #[test]
    fn a_label_of_63_characters_is_accepted_and_64_rejected() {
        let ok = format!("{}.com", "a".repeat(63));
        assert!(DomainName::parse(&ok).is_ok());
        let long = format!("{}.com", "a".repeat(64));
        assert_eq!(problem(&long), Problem::LabelTooLong { max: 63 });
    }

    #[test]
    fn a_name_of_253_characters_is_accepted_and_254_rejected() {
        // 3 labels of 63 + 1 of 61 + 3 dots = 253.
        let label = "a".repeat(63);
        let ok = format!("{label}.{label}.{label}.{}", "b".repeat(61));
        assert_eq!(ok.len(), 253);
        assert!(DomainName::parse(&ok).is_ok());
        let long = format!("{label}.{label}.{label}.{}", "b".repeat(62));
        assert_eq!(problem(&long), Problem::TooLong { max: 253 });
    }

    #[test]
    fn a_pasted_paragraph_is_too_long() {
        assert_eq!(problem(&"a".repeat(5000)), Problem::TooLong { max: 253 });
    }

    #[test]
    fn hyphens_at_the_edge_of_a_label_are_rejected() {
        assert_eq!(problem("-contoso.com"), Problem::HyphenAtEdge);
        assert_eq!(problem("contoso-.com"), Problem::HyphenAtEdge);
        assert!(DomainName::parse("con-toso.com").is_ok());
    }

    #[test]
    fn characters_outside_letters_digits_and_hyphens_are_rejected() {
        assert_eq!(problem("con_toso.com"), Problem::InvalidCharacter);
        assert!(DomainName::parse("con toso.com").is_err());
        assert!(DomainName::parse("https://contoso.com").is_err());
        assert!(DomainName::parse("user@contoso.com").is_err());
    }

    #[test]
    fn an_all_numeric_top_level_domain_is_rejected() {
        assert_eq!(problem("10.0.0.1"), Problem::NumericTld);
        assert!(DomainName::parse("123.com").is_ok());
    }

    #[test]
    fn invalid_punycode_is_rejected() {
        assert!(DomainName::parse("xn--a.com").is_err());
    }

    #[test]
    fn a_subdomain_is_within_its_parent_but_a_lookalike_is_not() {
        let parent = DomainName::parse("contoso.com").unwrap();
        let sub = DomainName::parse("mail.contoso.com").unwrap();
        let lookalike = DomainName::parse("notcontoso.com").unwrap();
        assert!(sub.is_within(&parent));
        assert!(parent.is_within(&parent));
        assert!(!lookalike.is_within(&parent));
        assert!(!parent.is_within(&sub));
    }

    #[test]
    fn deserialising_revalidates_and_normalises() {
        let d: DomainName = serde_json::from_str("\"Contoso.com\"").unwrap();
        assert_eq!(d.as_str(), "contoso.com");
        assert!(serde_json::from_str::<DomainName>("\"contoso\"").is_err());
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"contoso.com\"");
    }
}
