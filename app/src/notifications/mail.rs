//! The notification e-mails (one event, or a day's digest), in the reader's language, as plain
//! text and HTML. Written like the consent e-mail (`consent::mail`): short messages, every value
//! escaped, no other dynamic markup.

use super::model::{headline, NotificationItem, NotificationKind};
use crate::components::format::format_date_time;
use crate::consent::mail::{escape, Rendered};
use crate::i18n::Locale;

/// The sentence under the headline: what to do, and by when.
fn detail(item: &NotificationItem, french: bool) -> String {
    let locale = if french { Locale::fr } else { Locale::en };
    let by = item.deadline_at.map(|at| format_date_time(at, locale));
    let engagement = &item.engagement_name;
    let claim = &item.claim_ref;
    match (item.kind, french, by) {
        (NotificationKind::ConsentAccepted, false, Some(by)) => format!("Claim {claim} ({engagement}) can be submitted until {by}."),
        (NotificationKind::ConsentAccepted, true, Some(by)) => format!("La réclamation {claim} ({engagement}) peut être soumise jusqu'au {by}."),
        (NotificationKind::ConsentExpiring, false, Some(by)) => format!("Claim {claim} ({engagement}): the customer can consent until {by}. Re-send the consent e-mail if it was missed."),
        (NotificationKind::ConsentExpiring, true, Some(by)) => format!("Réclamation {claim} ({engagement})\u{a0}: le client peut consentir jusqu'au {by}. Renvoyez l'e-mail de consentement s'il a été manqué."),
        (NotificationKind::SubmissionDue, false, Some(by)) => format!("Claim {claim} ({engagement}) must be submitted by {by}, or it expires."),
        (NotificationKind::SubmissionDue, true, Some(by)) => format!("La réclamation {claim} ({engagement}) doit être soumise avant le {by}, sinon elle expire."),
        (NotificationKind::ActionRequested, false, Some(by)) => format!("Claim {claim} ({engagement}): answer the programme by {by}, or the claim expires."),
        (NotificationKind::ActionRequested, true, Some(by)) => format!("Réclamation {claim} ({engagement})\u{a0}: répondez au programme avant le {by}, sinon elle expire."),
        (NotificationKind::Rejected, false, Some(by)) => format!("Claim {claim} ({engagement}) can be disputed until {by}."),
        (NotificationKind::Rejected, true, Some(by)) => format!("La réclamation {claim} ({engagement}) peut être contestée jusqu'au {by}."),
        (_, false, _) => format!("Claim {claim} ({engagement})."),
        (_, true, _) => format!("Réclamation {claim} ({engagement})."),
    }
}

/// The e-mails' one button: a link styled as the application's primary button. Escapes both.
pub(crate) fn button_link(href: &str, label: &str) -> String {
    format!(
        r#"<p><a href="{}" style="display:inline-block;background:#0f6cbd;color:#ffffff;text-decoration:none;padding:10px 20px;border-radius:4px;font-weight:600;">{}</a></p>"#,
        escape(href),
        escape(label)
    )
}

pub(crate) fn page(lang: &str, subject: &str, greeting: &str, body: &str, footer: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{subject}</title></head>
<body style="margin:0;padding:24px;background:#f5f5f5;font-family:'Segoe UI',system-ui,sans-serif;color:#242424;">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px;line-height:1.5;">
<p style="font-size:14px;color:#616161;margin:0 0 16px;">MCI Customers</p>
<p>{greeting}</p>
{body}
<p style="font-size:13px;color:#616161;">{footer}</p>
</div>
</body>
</html>
"#
    )
}

fn words(french: bool, name: &str) -> (String, &'static str, &'static str) {
    if french {
        (
            format!("Bonjour {name},"),
            "Ouvrir la réclamation",
            "Vous recevez cet e-mail selon vos préférences de notification dans MCI Customers.",
        )
    } else {
        (
            format!("Hello {name},"),
            "Open the claim",
            "You receive this e-mail as set in your notification preferences in MCI Customers.",
        )
    }
}

/// The e-mail of one notification. `base_url` is the app's public address.
pub fn render_one(item: &NotificationItem, language: &str, name: &str, base_url: &str) -> Rendered {
    let french = language == "fr";
    let subject = headline(item, french);
    let detail = detail(item, french);
    let link = format!(
        "{}/claims/{}",
        base_url.trim_end_matches('/'),
        item.claim_ref
    );
    let (greeting, button, footer) = words(french, name);
    let text = format!("{greeting}\n\n{subject}.\n{detail}\n\n{button}: {link}\n\n{footer}\n");
    let e = escape;
    let body = format!(
        r#"<p><strong>{}</strong></p>
<p>{}</p>
{}"#,
        e(&subject),
        e(&detail),
        button_link(&link, button)
    );
    let html = page(
        if french { "fr" } else { "en" },
        &e(&subject),
        &e(&greeting),
        &body,
        &e(footer),
    );
    Rendered {
        subject,
        text,
        html,
    }
}

/// The day's digest: every notification of the day, one line and one link each.
pub fn render_digest(
    items: &[NotificationItem],
    language: &str,
    name: &str,
    base_url: &str,
) -> Rendered {
    let french = language == "fr";
    let base = base_url.trim_end_matches('/');
    let subject = if french {
        format!("Vos notifications du jour\u{a0}: {}", items.len())
    } else {
        format!("Your notifications of the day: {}", items.len())
    };
    let (greeting, _, footer) = words(french, name);
    let mut text = format!("{greeting}\n\n");
    let mut list = String::from("<ul>");
    for item in items {
        let line = headline(item, french);
        let detail = detail(item, french);
        let link = format!("{base}/claims/{}", item.claim_ref);
        text.push_str(&format!("- {line}. {detail}\n  {link}\n"));
        list.push_str(&format!(
            r#"<li><a href="{}">{}</a>. {}</li>"#,
            escape(&link),
            escape(&line),
            escape(&detail)
        ));
    }
    list.push_str("</ul>");
    text.push_str(&format!("\n{footer}\n"));
    let html = page(
        if french { "fr" } else { "en" },
        &escape(&subject),
        &escape(&greeting),
        &list,
        &escape(footer),
    );
    Rendered {
        subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: NotificationKind) -> NotificationItem {
        NotificationItem {
            id: 1,
            kind,
            claim_ref: "C-0S248SZF11".into(),
            customer: "Fabrikam <Europe>".into(),
            engagement_name: "Azure Accelerate".into(),
            deadline_at: Some(1_767_225_600),
            threshold: Some(3),
            created_at: 0,
            read: false,
        }
    }

    #[test]
    fn a_notification_reads_in_the_users_language_and_escapes_what_it_quotes() {
        let en = render_one(
            &item(NotificationKind::SubmissionDue),
            "en",
            "Ana",
            "https://x.example/",
        );
        assert_eq!(
            en.subject,
            "Claim for Fabrikam <Europe> to submit within 3 days"
        );
        assert!(en.text.contains("https://x.example/claims/C-0S248SZF11"));
        assert!(en.html.contains("Fabrikam &lt;Europe&gt;"));
        assert!(!en.html.contains("<Europe>"));
        let fr = render_one(
            &item(NotificationKind::Rejected),
            "fr",
            "Ana",
            "https://x.example",
        );
        assert!(fr.subject.starts_with("Le programme a rejeté"));
        assert!(fr.text.contains("peut être contestée jusqu'au"));
        assert!(fr.html.contains(r#"lang="fr""#));
    }

    #[test]
    fn a_digest_lists_every_notification() {
        let items = [
            item(NotificationKind::Approved),
            item(NotificationKind::Paid),
        ];
        let d = render_digest(&items, "en", "Ana", "https://x.example");
        assert_eq!(d.subject, "Your notifications of the day: 2");
        assert_eq!(
            d.text
                .matches("https://x.example/claims/C-0S248SZF11")
                .count(),
            2
        );
        assert_eq!(d.html.matches("<li>").count(), 2);
    }
}
