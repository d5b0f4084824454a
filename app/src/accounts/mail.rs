//! The account e-mails: an invitation to join the partner's team, and a password reset link, in
//! the reader's language, as plain text and HTML. Written like the notification e-mails
//! (`notifications::mail`), with the same frame: every value escaped, no other dynamic markup.

use super::model::TokenPurpose;
use crate::components::format::format_date_time;
use crate::consent::mail::{escape, Rendered};
use crate::i18n::Locale;
use crate::notifications::mail::{button_link, page};

/// What an account e-mail says.
pub struct AccountMail<'a> {
    pub purpose: TokenPurpose,
    pub language: &'a str,
    /// The reader's name (an invited colleague's is its address until it gives one).
    pub name: &'a str,
    pub partner_name: &'a str,
    pub invited_by: &'a str,
    pub expires_at: i64,
    pub link: &'a str,
}

pub fn render(m: &AccountMail<'_>) -> Rendered {
    let french = m.language == "fr";
    let locale = if french { Locale::fr } else { Locale::en };
    let until = format_date_time(m.expires_at, locale);
    // A reviewer's invitation is to the programme's team, which has no partner name.
    let partner = match (m.partner_name, french) {
        ("", false) => "the Microsoft Commerce Incentives programme",
        ("", true) => "le programme Microsoft Commerce Incentives",
        (name, _) => name,
    };
    let by = m.invited_by;
    let (subject, greeting, lines, button, footer): (String, String, Vec<String>, &str, &str) =
        match (m.purpose, french) {
            (TokenPurpose::Invitation, false) => (
                format!("{by} invites you to {partner} on MCI Customers"),
                "Hello,".to_owned(),
                vec![
                    if m.partner_name.is_empty() {
                        format!("{by} invites you to review the partners' claims of {partner} on MCI Customers, as a Programme reviewer.")
                    } else {
                        format!("{by} invites you to join {partner}'s team on MCI Customers, where your organisation nominates its customers for Microsoft Commerce Incentives engagements.")
                    },
                    format!("Choose your password to accept. This link works once, until {until}."),
                ],
                "Accept the invitation",
                "If you did not expect this invitation, ignore this e-mail: no account is opened without you.",
            ),
            (TokenPurpose::Invitation, true) => (
                format!("{by} vous invite à rejoindre {partner} sur MCI Customers"),
                "Bonjour,".to_owned(),
                vec![
                    if m.partner_name.is_empty() {
                        format!("{by} vous invite à évaluer les demandes des partenaires pour {partner} sur MCI Customers, en tant que réviseur du programme.")
                    } else {
                        format!("{by} vous invite à rejoindre l'équipe de {partner} sur MCI Customers, où votre organisation propose ses clients pour les engagements de Microsoft Commerce Incentives.")
                    },
                    format!("Choisissez votre mot de passe pour accepter. Ce lien fonctionne une seule fois, jusqu'au {until}."),
                ],
                "Accepter l'invitation",
                "Si vous n'attendiez pas cette invitation, ignorez cet e-mail\u{a0}: aucun compte n'est ouvert sans vous.",
            ),
            (TokenPurpose::PasswordReset, false) => (
                "Reset your MCI Customers password".to_owned(),
                format!("Hello {},", m.name),
                vec![
                    "Someone, probably you, asked to reset the password of your MCI Customers account.".to_owned(),
                    format!("Choose a new password with this link. It works once, until {until}."),
                ],
                "Choose a new password",
                "If you did not ask for this, ignore this e-mail: your password stays as it is.",
            ),
            (TokenPurpose::PasswordReset, true) => (
                "Réinitialisez votre mot de passe MCI Customers".to_owned(),
                format!("Bonjour {},", m.name),
                vec![
                    "Quelqu'un, probablement vous, a demandé la réinitialisation du mot de passe de votre compte MCI Customers.".to_owned(),
                    format!("Choisissez un nouveau mot de passe avec ce lien. Il fonctionne une seule fois, jusqu'au {until}."),
                ],
                "Choisir un nouveau mot de passe",
                "Si vous n'avez rien demandé, ignorez cet e-mail\u{a0}: votre mot de passe reste inchangé.",
            ),
        };
    let text = format!(
        "{greeting}\n\n{}\n\n{button}: {link}\n\n{footer}\n",
        lines.join("\n\n"),
        link = m.link
    );
    let e = escape;
    let paragraphs: String = lines.iter().map(|l| format!("<p>{}</p>\n", e(l))).collect();
    let body = format!("{paragraphs}{}", button_link(m.link, button));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn mail(purpose: TokenPurpose, language: &str) -> Rendered {
        render(&AccountMail {
            purpose,
            language,
            name: "Ada <Lovelace>",
            partner_name: "Contoso & Co",
            invited_by: "Grace",
            expires_at: 1_800_000_000,
            link: "https://mci.example/invitation/abc",
        })
    }

    #[test]
    fn an_invitation_names_the_partner_and_carries_the_link_in_both_forms() {
        let m = mail(TokenPurpose::Invitation, "en");
        assert!(m.subject.contains("Contoso & Co"), "{}", m.subject);
        assert!(m.text.contains("https://mci.example/invitation/abc"));
        assert!(m
            .html
            .contains("href=\"https://mci.example/invitation/abc\""));
        assert!(m.html.contains("Contoso &amp; Co") && !m.html.contains("Contoso & Co"));
    }

    #[test]
    fn the_reset_mail_is_in_the_readers_language_and_escapes_its_name() {
        let m = mail(TokenPurpose::PasswordReset, "fr");
        assert!(m.subject.starts_with("Réinitialisez"));
        assert!(m.html.contains("lang=\"fr\""));
        assert!(m.html.contains("Ada &lt;Lovelace&gt;"));
    }
}
