//! Form inputs shared by the wizards and the Send consent flow: each with its label, hint and
//! error, wired for assistive technology (`aria-invalid`, `aria-describedby`), the value and its
//! changes held by the caller.

use super::format::page_language;
use super::messages::field_message;
use crate::error::{AppError, FieldError};
use crate::i18n::*;
use domain::{Language, MismatchReason};
use leptos::prelude::*;

/// Moves the keyboard focus to the element with this id once the next frame is rendered (a new
/// step's heading, an error summary, a field that just appeared).
pub fn focus_after_render(id: &'static str) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || focus_now(id));
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Moves the keyboard focus to the element with this id, if it is on the page.
pub fn focus_now(_id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id(_id) {
            if let Ok(el) = el.dyn_into::<leptos::web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    }
}

/// One form's conversation with the server: the field errors of its last refusal, a refusal
/// of the whole request, and whether a request is on its way. Every form of the application
/// keeps these three the same way.
#[derive(Clone, Copy)]
pub struct FormState {
    pub errors: RwSignal<Vec<FieldError>>,
    pub problem: RwSignal<Option<AppError>>,
    pub busy: RwSignal<bool>,
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

impl FormState {
    pub fn new() -> Self {
        Self {
            errors: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Forgets the last refusal (a new request is on its way, or another step opened).
    pub fn clear(self) {
        self.errors.set(Vec::new());
        self.problem.set(None);
    }

    /// Shows a refusal: field errors beside their fields, anything else above the form; the
    /// focus moves to the summary (`summary_id`).
    pub fn refused(self, error: AppError, summary_id: &'static str) {
        match error {
            AppError::Validation(errors) => {
                self.problem.set(None);
                self.errors.set(errors);
            }
            other => self.problem.set(Some(other)),
        }
        focus_after_render(summary_id);
    }

    /// Whether a field has an error now.
    pub fn has_error(self, field: &str) -> bool {
        self.errors
            .with(|errors| errors.iter().any(|e| e.field == field))
    }

    /// The errors of `field`, in the page's language.
    pub fn field_error(self, field: &'static str) -> Signal<Option<String>> {
        field_error(self.errors, field, use_i18n())
    }
}

/// The `aria-describedby` of a field: its hint (when it has one) and its error (while it has one).
fn described_by(
    name: &'static str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("field-{name}-hint"));
        }
        if error.with(Option::is_some) {
            ids.push(format!("field-{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A text input with its label, optional hint and error; with `rows`, a multi-line text area.
/// Its id is `field-{name}`, which the error summaries link to.
#[component]
pub fn TextInput(
    name: &'static str,
    label: Signal<String>,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
    #[prop(default = None)] hint: Option<Signal<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = None)] rows: Option<u32>,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("field-{name}-hint");
    let error_id = format!("field-{name}-error");
    let described = described_by(name, hint.is_some(), error);
    let invalid = move || error.with(Option::is_some).to_string();
    let control = match rows {
        Some(rows) => view! {
            <textarea
                id=id.clone()
                name=name
                rows=rows
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=described
            ></textarea>
        }
        .into_any(),
        None => view! {
            <input
                id=id.clone()
                name=name
                type=kind
                autocomplete=autocomplete
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=invalid
                aria-describedby=described
            />
        }
        .into_any(),
    };
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {move || error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
            {control}
        </div>
    }
}

/// The customer contact's language: English or French.
#[component]
pub fn LanguageSelect(
    label: Signal<String>,
    value: Signal<String>,
    on_change: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field" class:field-invalid=move || error.with(Option::is_some)>
            <label for="field-contact_language">{label}</label>
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            <select
                id="field-contact_language"
                name="contact_language"
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                <option value="en" prop:selected=move || value.get() == "en">"English"</option>
                <option value="fr" prop:selected=move || value.get() == "fr">"Français"</option>
            </select>
        </div>
    }
}

/// Why the customer contact's e-mail is not at one of the tenant's domains: a reason and
/// details.
#[component]
pub fn MismatchInputs(
    reason: Signal<String>,
    on_reason: Callback<String>,
    reason_error: Signal<Option<String>>,
    details: Signal<String>,
    on_details: Callback<String>,
    details_error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="field field-group mismatch" class:field-invalid=move || reason_error.with(Option::is_some)>
            <legend>{move || t_string!(i18n, mismatch_title)}</legend>
            <p class="field-hint">{move || t_string!(i18n, mismatch_hint)}</p>
            {move || reason_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            <div class="choices">
                {MismatchReason::ALL.into_iter().enumerate().map(|(index, option)| {
                    let code = option.code();
                    let id = if index == 0 { "field-mismatch_reason".to_owned() } else { format!("mismatch-{code}") };
                    view! {
                        <div class="choice">
                            <input
                                type="radio"
                                name="mismatch_reason"
                                id=id.clone()
                                value=code
                                prop:checked=move || reason.get() == code
                                on:change=move |_| on_reason.run(code.to_owned())
                            />
                            <label for=id>{move || match page_language(i18n) {
                                Language::En => option.message_en(),
                                Language::Fr => option.message_fr(),
                            }}</label>
                        </div>
                    }
                }).collect_view()}
            </div>
            <div class="field" class:field-invalid=move || details_error.with(Option::is_some)>
                <label for="field-mismatch_details">{move || t_string!(i18n, field_mismatch_details)}</label>
                {move || details_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                <textarea
                    id="field-mismatch_details"
                    name="mismatch_details"
                    rows="3"
                    prop:value=details
                    on:input=move |ev| on_details.run(event_target_value(&ev))
                ></textarea>
            </div>
        </fieldset>
    }
}

/// The errors of `field`, in the page's language (one line when there are several).
pub fn field_error(
    errors: RwSignal<Vec<FieldError>>,
    field: &'static str,
    i18n: leptos_i18n::I18nContext<Locale>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        let locale = i18n.get_locale();
        errors.with(|errors| {
            let messages: Vec<String> = errors
                .iter()
                .filter(|e| e.field == field)
                .map(|e| field_message(locale, e))
                .collect();
            (!messages.is_empty()).then(|| messages.join(" "))
        })
    })
}

/// GOV.UK's error summary: what is wrong with a form, each field error a link that moves the
/// focus to its field, or the refusal of the whole request (with `details` below it, when the
/// form has more to say about it). Focus moves here (id `{id}`) after a refused submission.
#[component]
pub fn ErrorSummary(
    id: &'static str,
    errors: RwSignal<Vec<FieldError>>,
    problem: RwSignal<Option<AppError>>,
    #[prop(optional, into)] details: Option<ViewFn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let show = move || !errors.with(Vec::is_empty) || problem.with(Option::is_some);
    let details = StoredValue::new(details);
    view! {
        <div id=id class="message message-error error-summary" role="alert" tabindex="-1" class:hidden=move || !show()>
            {move || show().then(|| view! {
                <h2 class="message-title">{move || t_string!(i18n, error_summary_title)}</h2>
                {move || problem.get().map(|problem| view! {
                    <p>{move || crate::components::status::error_message(i18n, &problem)}</p>
                    {details.with_value(|d| d.as_ref().map(|d| d.run()))}
                })}
                <ul class="error-list">
                    {move || errors.get().into_iter().map(|error| {
                        let target = format!("field-{}", error.field);
                        let href = format!("#{target}");
                        let text = field_message(i18n.get_locale(), &error);
                        view! {
                            <li>
                                <a href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_now(&target);
                                }>{text}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
