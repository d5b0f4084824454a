//! The consent e-mail, in the customer's language, as plain text and HTML.
//!
//! Written here rather than with a template engine: two short messages, each value escaped by
//! [`escape`] (the five characters HTML gives meaning to), and no other dynamic markup.

use crate::components::format::format_date_time;
use crate::i18n::Locale;

/// What a consent e-mail says.
#[derive(Debug, Clone)]
pub struct ConsentMail {
    pub language: String,
    pub reminder: bool,
    pub contact_name: String,
    pub customer_name: Option<String>,
    pub partner_name: String,
    pub partner_contact_name: String,
    pub partner_contact_email: String,
    pub engagement_name: String,
    /// The consent deadline (Unix seconds).
    pub deadline: i64,
    /// The consent page's address, token included.
    pub link: String,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

struct Words {
    subject: String,
    greeting: String,
    intro: String,
    meaning_title: &'static str,
    meaning: [String; 3],
    call: String,
    button: &'static str,
    private: String,
    signature: &'static str,
}

fn words(m: &ConsentMail) -> Words {
    let french = m.language == "fr";
    let deadline = format_date_time(m.deadline, if french { Locale::fr } else { Locale::en });
    let partner = &m.partner_name;
    let engagement = &m.engagement_name;
    if french {
        let customer = m
            .customer_name
            .clone()
            .unwrap_or_else(|| "votre organisation".to_owned());
        Words {
            subject: format!(
                "{}{partner} demande votre consentement\u{a0}: {engagement}",
                if m.reminder { "Rappel\u{a0}: " } else { "" }
            ),
            greeting: format!("Bonjour {},", m.contact_name),
            intro: format!(
                "{partner} propose {customer} pour «\u{a0}{engagement}\u{a0}», un engagement financé par le programme d'incitation des partenaires de l'éditeur cloud. Avant de pouvoir réclamer l'incitation pour ce travail, {partner} a besoin de votre consentement."
            ),
            meaning_title: "Consentir signifie que\u{a0}:",
            meaning: [
                format!("vous confirmez que {partner} travaille avec {customer} sur cet engagement\u{a0};"),
                format!("{partner} peut réclamer au programme un paiement d'incitation pour cet engagement, sans frais pour vous\u{a0};"),
                "le programme peut vous contacter pour vérifier que le travail a eu lieu.".to_owned(),
            ],
            call: format!("Donnez ou refusez votre consentement avant le {deadline}\u{a0}:"),
            button: "Répondre à la demande",
            private: format!(
                "Ce lien vous est personnel et fonctionne jusqu'à cette date\u{a0}: ne transférez pas cet e-mail. Pour toute question, écrivez à {} ({}) chez {partner}.",
                m.partner_contact_name, m.partner_contact_email
            ),
            signature: "MCI Customers, pour le programme d'incitation des partenaires",
        }
    } else {
        let customer = m
            .customer_name
            .clone()
            .unwrap_or_else(|| "your organisation".to_owned());
        Words {
            subject: format!(
                "{}{partner} asks for your consent: {engagement}",
                if m.reminder { "Reminder: " } else { "" }
            ),
            greeting: format!("Hello {},", m.contact_name),
            intro: format!(
                "{partner} is nominating {customer} for “{engagement}”, an engagement funded by the cloud vendor's partner incentive programme. Before {partner} can claim the incentive for this work, the programme needs your consent."
            ),
            meaning_title: "Consenting means that:",
            meaning: [
                format!("you confirm that {partner} is working with {customer} on this engagement;"),
                format!("{partner} may claim an incentive payment from the programme for this engagement, at no cost to you;"),
                "the programme may contact you to check that the work took place.".to_owned(),
            ],
            call: format!("Give or refuse your consent by {deadline}:"),
            button: "Answer the request",
            private: format!(
                "This link is yours alone and works until then: please do not forward this e-mail. For any question, write to {} ({}) at {partner}.",
                m.partner_contact_name, m.partner_contact_email
            ),
            signature: "MCI Customers, for the partner incentive programme",
        }
    }
}

/// The e-mail as text and HTML, with one link: the consent page.
pub fn render(m: &ConsentMail) -> Rendered {
    let w = words(m);
    let text = format!(
        "{greeting}\n\n{intro}\n\n{title}\n- {m0}\n- {m1}\n- {m2}\n\n{call}\n{link}\n\n{private}\n\n— {signature}\n",
        greeting = w.greeting,
        intro = w.intro,
        title = w.meaning_title,
        m0 = w.meaning[0],
        m1 = w.meaning[1],
        m2 = w.meaning[2],
        call = w.call,
        link = m.link,
        private = w.private,
        signature = w.signature,
    );
    let e = escape;
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{subject}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:'Segoe UI',system-ui,sans-serif;color:#242424;">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px;line-height:1.5;">
<p style="font-size:14px;color:#616161;margin:0 0 16px;">MCI Customers</p>
<p>{greeting}</p>
<p>{intro}</p>
<p style="margin-bottom:4px;">{title}</p>
<ul style="margin-top:0;">
<li>{m0}</li>
<li>{m1}</li>
<li>{m2}</li>
</ul>
<p>{call}</p>
<p><a href="{link}" style="display:inline-block;background:#0f6cbd;color:#ffffff;text-decoration:none;padding:10px 20px;border-radius:4px;font-weight:600;">{button}</a></p>
<p style="font-size:13px;color:#616161;">{private}</p>
<p style="font-size:13px;color:#616161;">— {signature}</p>
</div>
</body>
</html>
"#,
        lang = if m.language == "fr" { "fr" } else { "en" },
        subject = e(&w.subject),
        greeting = e(&w.greeting),
        intro = e(&w.intro),
        title = e(w.meaning_title),
        m0 = e(&w.meaning[0]),
        m1 = e(&w.meaning[1]),
        m2 = e(&w.meaning[2]),
        call = e(&w.call),
        link = e(&m.link),
        button = e(w.button),
        private = e(&w.private),
        signature = e(w.signature),
    );
    Rendered {
        subject: w.subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(language: &str) -> ConsentMail {
        ConsentMail {
            language: language.to_owned(),
            reminder: false,
            contact_name: "Ana <Ruiz>".to_owned(),
            customer_name: Some("Adventure Works".to_owned()),
            partner_name: "Contoso & Partners".to_owned(),
            partner_contact_name: "Camille Martin".to_owned(),
            partner_contact_email: "camille@contoso.example".to_owned(),
            engagement_name: "Azure Migration Assessment".to_owned(),
            deadline: 1_798_718_400,
            link: "https://mci.example/consent/abc".to_owned(),
        }
    }

    #[test]
    fn the_mail_names_partner_engagement_deadline_and_link_once() {
        let r = render(&mail("en"));
        assert_eq!(
            r.subject,
            "Contoso & Partners asks for your consent: Azure Migration Assessment"
        );
        for part in [&r.text, &r.html] {
            assert!(part.contains("Azure Migration Assessment"));
            assert!(part.contains("31 Dec 2026, 12:00 UTC"));
            assert_eq!(part.matches("https://mci.example/consent/abc").count(), 1);
        }
        assert_eq!(r.html.matches("<a ").count(), 1);
    }

    #[test]
    fn html_escapes_every_value() {
        let r = render(&mail("en"));
        assert!(r.html.contains("Contoso &amp; Partners"));
        assert!(r.html.contains("Ana &lt;Ruiz&gt;"));
        assert!(!r.html.contains("<Ruiz>"));
    }

    #[test]
    fn french_customers_read_french_and_reminders_say_so() {
        let mut m = mail("fr");
        m.reminder = true;
        let r = render(&m);
        assert!(r.subject.starts_with("Rappel"));
        assert!(r.text.contains("31 déc. 2026"));
        assert!(r.html.contains(r#"lang="fr""#));
    }
}
