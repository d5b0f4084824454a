//! The consent statement: what the customer's consent page says they agree to, in one language.
//!
//! The page renders these very strings, and the server renders them again from the same locale
//! keys and the same request when the answer arrives, in the language the page was read in: what
//! is kept as evidence ([`ConsentStatement::text`]) is the text shown, by construction, and not a
//! text the browser could send.

use super::model::ConsentDetails;
use crate::i18n::*;

/// One labelled fact of the request (partner, engagement, organisation, contact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementFact {
    pub label: String,
    pub value: String,
    /// A second line under the value (the engagement's solution area).
    pub sub: Option<String>,
}

/// Everything the consent page states about the request, in one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentStatement {
    pub heading: String,
    pub intro: String,
    pub facts: Vec<StatementFact>,
    pub agree_title: String,
    pub agreements: [String; 3],
    pub final_note: String,
    french: bool,
}

impl ConsentStatement {
    /// The statement of a request, as the page shows it in `locale`.
    pub fn new(locale: Locale, d: &ConsentDetails) -> Self {
        let partner = d.partner_name.clone();
        let fact = |label: &str, value: String, sub: Option<String>| StatementFact {
            label: label.to_owned(),
            value,
            sub,
        };
        let mut facts = vec![
            fact(
                td_string!(locale, consent_field_partner),
                partner.clone(),
                None,
            ),
            fact(
                td_string!(locale, consent_field_engagement),
                d.engagement_name.clone(),
                Some(d.solution_area.clone()),
            ),
        ];
        if let Some(customer) = &d.customer_name {
            facts.push(fact(
                td_string!(locale, consent_field_customer),
                customer.clone(),
                None,
            ));
        }
        facts.push(fact(
            td_string!(locale, consent_field_contact),
            format!("{} <{}>", d.partner_contact_name, d.partner_contact_email),
            None,
        ));
        ConsentStatement {
            heading: td_string!(locale, consent_open_heading, partner = partner.clone())
                .to_string(),
            intro: td_string!(locale, consent_open_intro, partner = partner.clone()).to_string(),
            facts,
            agree_title: td_string!(locale, consent_agree_title).to_string(),
            agreements: [
                td_string!(locale, consent_agree_1, partner = partner.clone()).to_string(),
                td_string!(locale, consent_agree_2, partner = partner.clone()).to_string(),
                td_string!(locale, consent_agree_3).to_string(),
            ],
            final_note: td_string!(locale, consent_decision_final).to_string(),
            french: locale == Locale::fr,
        }
    }

    /// The statement as plain text, one line per line of the page (facts as "label: value").
    pub fn text(&self) -> String {
        let colon = if self.french { "\u{a0}: " } else { ": " };
        let mut lines = vec![self.heading.clone(), self.intro.clone()];
        lines.extend(self.facts.iter().map(|f| match &f.sub {
            Some(sub) => format!("{}{colon}{} ({sub})", f.label, f.value),
            None => format!("{}{colon}{}", f.label, f.value),
        }));
        lines.push(self.agree_title.clone());
        lines.extend(self.agreements.iter().map(|a| format!("- {a}")));
        lines.push(self.final_note.clone());
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn details() -> ConsentDetails {
        ConsentDetails {
            partner_name: "Contoso Consulting".into(),
            partner_contact_name: "Camille Martin".into(),
            partner_contact_email: "camille.martin@contoso.example".into(),
            engagement_name: "Security Envisioning".into(),
            solution_area: "Security".into(),
            customer_name: Some("Northwind Traders".into()),
            contact_name: "Claire Dubois".into(),
            language: "en".into(),
            deadline: 0,
        }
    }

    #[test]
    fn the_text_holds_every_line_the_page_states_in_its_language() {
        let en = ConsentStatement::new(Locale::en, &details()).text();
        assert!(
            en.starts_with("Contoso Consulting asks for your consent\n"),
            "{en}"
        );
        assert!(
            en.contains("\nEngagement: Security Envisioning (Security)\n"),
            "{en}"
        );
        assert!(
            en.contains("\nYour organisation: Northwind Traders\n"),
            "{en}"
        );
        assert!(en.contains("\n- the programme may contact you"), "{en}");
        assert!(en.ends_with("Your answer is final."), "{en}");
        let fr = ConsentStatement::new(Locale::fr, &details()).text();
        assert!(
            fr.starts_with("Contoso Consulting demande votre consentement\n"),
            "{fr}"
        );
        assert!(fr.ends_with("Votre réponse est définitive."), "{fr}");
    }

    #[test]
    fn an_unnamed_organisation_is_left_out_rather_than_shown_empty() {
        let mut d = details();
        d.customer_name = None;
        let statement = ConsentStatement::new(Locale::en, &d);
        assert_eq!(statement.facts.len(), 3);
        assert!(!statement.text().contains("Your organisation"));
    }
}
