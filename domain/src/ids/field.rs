//! The inputs a parse error can be about, and the words used to talk about each of them.

use serde::{Deserialize, Serialize};

/// Which input a [`ParseError`](super::ParseError) is about. Codes are stable (`tenant_id`, …):
/// the UI keys its translations and form-field errors on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// A customer's DNS domain name.
    DomainName,
    /// A customer's Entra tenant ID (GUID).
    TenantId,
    /// A customer's top parent ID.
    Tpid,
    /// A customer's Azure subscription ID (GUID).
    AzureSubscriptionId,
    /// An MSX opportunity ID.
    MsxOpportunityId,
    /// A partner location ID.
    LocationId,
    /// A contact's e-mail address.
    EmailAddress,
    /// A contact's phone number.
    PhoneNumber,
    /// The friendly name a partner gives a customer.
    FriendlyName,
    /// A contact's language.
    Language,
    /// The free-text explanation of a tenant / e-mail domain mismatch.
    MismatchDetails,
    /// A claim's reference (`C-7K2M9QXA4D`).
    ClaimRef,
    /// A new password a user chooses.
    Password,
}

/// The phrases the messages are assembled from, so each message is written once per language
/// and every field still reads naturally (articles and elision in French differ per noun).
pub(crate) struct Words {
    pub noun_en: &'static str,
    pub a_en: &'static str,
    pub the_en: &'static str,
    pub un_fr: &'static str,
    pub le_fr: &'static str,
    pub hint_en: &'static str,
    pub hint_fr: &'static str,
}

impl Field {
    /// Every field, in a stable order.
    pub const ALL: [Field; 13] = [
        Field::DomainName,
        Field::TenantId,
        Field::Tpid,
        Field::AzureSubscriptionId,
        Field::MsxOpportunityId,
        Field::LocationId,
        Field::EmailAddress,
        Field::PhoneNumber,
        Field::FriendlyName,
        Field::Language,
        Field::MismatchDetails,
        Field::ClaimRef,
        Field::Password,
    ];

    /// The stable snake_case code, equal to the serde name.
    pub const fn code(self) -> &'static str {
        match self {
            Field::DomainName => "domain_name",
            Field::TenantId => "tenant_id",
            Field::Tpid => "tpid",
            Field::AzureSubscriptionId => "azure_subscription_id",
            Field::MsxOpportunityId => "msx_opportunity_id",
            Field::LocationId => "location_id",
            Field::EmailAddress => "email_address",
            Field::PhoneNumber => "phone_number",
            Field::FriendlyName => "friendly_name",
            Field::Language => "language",
            Field::MismatchDetails => "mismatch_details",
            Field::ClaimRef => "claim_ref",
            Field::Password => "password",
        }
    }

    /// One sentence describing the expected format, in English, with an example.
    pub fn format_hint_en(self) -> &'static str {
        self.words().hint_en
    }

    /// One sentence describing the expected format, in French, with an example.
    pub fn format_hint_fr(self) -> &'static str {
        self.words().hint_fr
    }

    pub(crate) fn words(self) -> Words {
        let w = |noun_en, a_en, the_en, un_fr, le_fr, hint_en, hint_fr| Words {
            noun_en,
            a_en,
            the_en,
            un_fr,
            le_fr,
            hint_en,
            hint_fr,
        };
        match self {
            Field::DomainName => w(
                "domain name",
                "a domain name",
                "The domain name",
                "un nom de domaine",
                "Le nom de domaine",
                "A domain name looks like contoso.com: letters, digits and hyphens, with at least one dot.",
                "Un nom de domaine ressemble à contoso.com\u{a0}: lettres, chiffres et traits d'union, avec au moins un point.",
            ),
            Field::TenantId => w(
                "tenant ID",
                "a tenant ID",
                "The tenant ID",
                "un ID de locataire",
                "L'ID de locataire",
                "A tenant ID has 32 hexadecimal digits in five groups, like 8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d.",
                "Un ID de locataire comporte 32 chiffres hexadécimaux en cinq groupes, par exemple 8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d.",
            ),
            Field::Tpid => w(
                "TPID",
                "a TPID",
                "The TPID",
                "un TPID",
                "Le TPID",
                "A TPID (top parent ID) is a whole number of 1 to 10 digits, like 12345678.",
                "Un TPID (ID du parent principal) est un nombre entier de 1 à 10 chiffres, par exemple 12345678.",
            ),
            Field::AzureSubscriptionId => w(
                "Azure subscription ID",
                "an Azure subscription ID",
                "The Azure subscription ID",
                "un ID d'abonnement Azure",
                "L'ID d'abonnement Azure",
                "An Azure subscription ID has 32 hexadecimal digits in five groups, like 8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d.",
                "Un ID d'abonnement Azure comporte 32 chiffres hexadécimaux en cinq groupes, par exemple 8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d.",
            ),
            Field::MsxOpportunityId => w(
                "MSX opportunity ID",
                "an MSX opportunity ID",
                "The MSX opportunity ID",
                "un ID d'opportunité MSX",
                "L'ID d'opportunité MSX",
                "An MSX opportunity ID is 7- followed by 10 letters or digits, like 7-3FS2XQBWAO.",
                "Un ID d'opportunité MSX commence par 7- suivi de 10 lettres ou chiffres, par exemple 7-3FS2XQBWAO.",
            ),
            Field::LocationId => w(
                "location ID",
                "a location ID",
                "The location ID",
                "un ID d'emplacement",
                "L'ID d'emplacement",
                "A location ID has exactly 7 digits, like 1234567.",
                "Un ID d'emplacement comporte exactement 7 chiffres, par exemple 1234567.",
            ),
            Field::EmailAddress => w(
                "e-mail address",
                "an e-mail address",
                "The e-mail address",
                "une adresse e-mail",
                "L'adresse e-mail",
                "An e-mail address looks like name@contoso.com.",
                "Une adresse e-mail ressemble à nom@contoso.com.",
            ),
            Field::PhoneNumber => w(
                "phone number",
                "a phone number",
                "The phone number",
                "un numéro de téléphone",
                "Le numéro de téléphone",
                "Enter it in international format: + then the country code and the number, like +33 6 12 34 56 78.",
                "Saisissez-le au format international\u{a0}: + puis l'indicatif du pays et le numéro, par exemple +33 6 12 34 56 78.",
            ),
            Field::FriendlyName => w(
                "friendly name",
                "a friendly name",
                "The friendly name",
                "un nom convivial",
                "Le nom convivial",
                "A friendly name has 3 to 100 characters, without line breaks or tabs.",
                "Un nom convivial comporte de 3 à 100 caractères, sans saut de ligne ni tabulation.",
            ),
            Field::Language => w(
                "language",
                "a language",
                "The language",
                "une langue",
                "La langue",
                "Choose English (en) or French (fr).",
                "Choisissez l'anglais (en) ou le français (fr).",
            ),
            Field::MismatchDetails => w(
                "explanation",
                "an explanation",
                "The explanation",
                "une explication",
                "L'explication",
                "Explain in 5 to 500 characters why the contact's e-mail domain is not one of the customer's domains.",
                "Expliquez en 5 à 500 caractères pourquoi le domaine de l'e-mail du contact n'est pas un domaine du client.",
            ),
            Field::ClaimRef => w(
                "claim reference",
                "a claim reference",
                "The claim reference",
                "une référence de demande",
                "La référence de demande",
                "A claim reference is C- followed by 10 letters or digits, like C-7K2M9QXA4D.",
                "Une référence de demande commence par C- suivi de 10 lettres ou chiffres, par exemple C-7K2M9QXA4D.",
            ),
            Field::Password => w(
                "password",
                "a password",
                "The password",
                "un mot de passe",
                "Le mot de passe",
                "Choose at least 12 characters: a few unrelated words make a strong password that is easy to remember.",
                "Choisissez au moins 12 caractères\u{a0}: quelques mots sans rapport entre eux font un mot de passe robuste et facile à retenir.",
            ),
        }
    }
}
