//! The contacts fieldset: the customer's contact, the mismatch reason when the contact's e-mail
//! is not at one of the tenant's domains, and the partner's contact. The wizards' contacts step
//! and the Send consent flow show the same fields, bound the same way.

use super::form::{FormState, LanguageSelect, MismatchInputs, TextInput};
use crate::claims::model::{ContactField, ContactsForm};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The contacts of a claim, as typed. `mismatch_needed` is the mismatch rule as the page knows
/// it so far (`ContactsForm::mismatch_needed` on the tenant's domains); the reason fields also
/// show whenever the server asked for them.
#[component]
pub fn ContactsFieldset(
    contacts: Signal<ContactsForm>,
    on_input: Callback<(ContactField, String)>,
    form: FormState,
    mismatch_needed: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |key: fn(I18nContext<Locale>) -> &'static str| {
        Signal::derive(move || key(i18n).to_string())
    };
    let value = move |field: ContactField| {
        Signal::derive(move || contacts.with(|c| c.get(field).to_owned()))
    };
    let change =
        move |field: ContactField| Callback::new(move |text: String| on_input.run((field, text)));
    let field = move |field: ContactField,
                      key: fn(I18nContext<Locale>) -> &'static str,
                      kind: &'static str,
                      autocomplete: &'static str,
                      hint: Option<Signal<String>>| {
        view! {
            <TextInput
                name=field.name()
                kind
                autocomplete
                hint
                label=label(key)
                value=value(field)
                on_input=change(field)
                error=form.field_error(field.name())
            />
        }
    };
    let show_mismatch = move || {
        mismatch_needed.get()
            || form.has_error(ContactField::MismatchReason.name())
            || form.has_error(ContactField::MismatchDetails.name())
    };
    view! {
        <fieldset class="field-group">
            <legend>{move || t_string!(i18n, contacts_customer)}</legend>
            {field(ContactField::Email, |i| t_string!(i, field_contact_email), "email", "off", None)}
            {field(ContactField::Name, |i| t_string!(i, field_contact_name), "text", "off", None)}
            {field(
                ContactField::Phone,
                |i| t_string!(i, field_contact_phone),
                "tel",
                "off",
                Some(label(|i| t_string!(i, field_contact_phone_hint))),
            )}
            <LanguageSelect
                label=label(|i| t_string!(i, field_contact_language))
                value=value(ContactField::Language)
                on_change=change(ContactField::Language)
                error=form.field_error(ContactField::Language.name())
            />
        </fieldset>
        {move || show_mismatch().then(|| view! {
            <MismatchInputs
                reason=value(ContactField::MismatchReason)
                on_reason=change(ContactField::MismatchReason)
                reason_error=form.field_error(ContactField::MismatchReason.name())
                details=value(ContactField::MismatchDetails)
                on_details=change(ContactField::MismatchDetails)
                details_error=form.field_error(ContactField::MismatchDetails.name())
            />
        })}
        <fieldset class="field-group">
            <legend>{move || t_string!(i18n, contacts_partner)}</legend>
            {field(ContactField::PartnerName, |i| t_string!(i, field_partner_contact_name), "text", "name", None)}
            {field(ContactField::PartnerEmail, |i| t_string!(i, field_partner_contact_email), "email", "email", None)}
        </fieldset>
    }
}
