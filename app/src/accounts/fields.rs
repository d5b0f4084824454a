//! The parts of the account forms: a failed action's alert and field messages, a text field, and
//! the new password field with its strength meter. The server rates what is typed (zxcvbn and
//! its list of breached passwords stay on the server, out of the browser's bundle), a moment
//! after the typing stops.

use super::api::rate_password;
use super::model::Strength;
use crate::components::messages::field_message;
use crate::components::status::error_message;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// The message of `field` in a failed action's answer.
pub(super) fn field_error(
    i18n: leptos_i18n::I18nContext<Locale>,
    error: Option<AppError>,
    field: &str,
) -> Option<String> {
    error.and_then(|e| {
        e.field_errors(field)
            .first()
            .map(|f| field_message(i18n.get_locale(), f))
    })
}

/// The alert above a form whose action failed.
#[component]
pub(super) fn FormError(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| {
            let message = error_message(i18n, &e);
            view! {
                <div class="message message-error" role="alert">
                    <h2 class="message-title">{move || t_string!(i18n, error_summary_title)}</h2>
                    <p>{message}</p>
                </div>
            }
        })
    }
}

/// A text field of a form: label, the field's error, the input.
#[component]
pub(super) fn TextField(
    id: &'static str,
    label: Signal<String>,
    #[prop(into)] kind: String,
    #[prop(into)] autocomplete: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{move || label.get()}</label>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                required
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || error.get().map(|_| described.clone())
            />
        </div>
    }
}

/// A new password field with its strength meter. `email` and `name` are the user's own words,
/// which make a password weaker.
#[component]
pub fn NewPasswordField(
    id: &'static str,
    label: Signal<String>,
    error: Signal<Option<String>>,
    #[prop(into)] email: Signal<String>,
    #[prop(into)] name: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reading = RwSignal::new(None::<Strength>);
    let generation = StoredValue::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        if typed.is_empty() {
            reading.set(None);
            return;
        }
        // Debounced: only the value typed last is rated, and only its answer is shown.
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                let (email, name) = (email.get_untracked(), name.get_untracked());
                leptos::task::spawn_local(async move {
                    let answer = rate_password(typed, email, name).await;
                    if generation.get_value() == mine {
                        reading.set(answer.ok());
                    }
                });
            },
            std::time::Duration::from_millis(300),
        );
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let meter_id = format!("{id}-strength");
    let described = format!("{hint_id} {meter_id}");
    let described_with_error = format!("{error_id} {hint_id} {meter_id}");
    let verdict = move || {
        reading.get().map(|s| {
            let (class, text) = if !s.long_enough {
                ("strength-weak", t_string!(i18n, strength_too_short))
            } else if s.common {
                ("strength-weak", t_string!(i18n, strength_common))
            } else {
                match s.score {
                    0 | 1 => ("strength-weak", t_string!(i18n, strength_weak)),
                    2 => ("strength-fair", t_string!(i18n, strength_fair)),
                    3 => ("strength-good", t_string!(i18n, strength_good)),
                    _ => ("strength-strong", t_string!(i18n, strength_strong)),
                }
            };
            (class, text, s.score.min(4))
        })
    };
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{move || label.get()}</label>
            <p class="field-hint" id=hint_id>{move || t_string!(i18n, password_rule_hint)}</p>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
            <input
                id=id
                name=id
                type="password"
                autocomplete="new-password"
                required
                minlength="12"
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || if error.get().is_some() { described_with_error.clone() } else { described.clone() }
                on:input=on_input
            />
            <div class="strength" id=meter_id role="status" aria-live="polite">
                {move || verdict().map(|(class, text, score)| view! {
                    <div class=format!("strength-bar {class}") aria-hidden="true">
                        {(0..4u8).map(|i| view! { <span class:on=move || i < score.max(1)></span> }).collect_view()}
                    </div>
                    <span class="strength-text">{move || t_string!(i18n, strength_label)}" "{text}</span>
                })}
            </div>
        </div>
    }
}
