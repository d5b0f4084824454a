//! The sign-in page.

use super::api::SignIn;
use crate::components::layout::reload_at;
use crate::components::status::error_message;
use crate::i18n::*;
use crate::two_factor::model::SignInOutcome;
use crate::two_factor::page::SignInCodeStep;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Only same-site paths are followed after sign-in (no open redirect).
fn safe_next(next: Option<String>) -> String {
    next.filter(|path| super::model::is_local_path(path))
        .unwrap_or_else(|| "/".to_owned())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let sign_in = ServerAction::<SignIn>::new();
    let next = move || safe_next(query.with(|q| q.get("next")));

    // A right password signs in, or asks for the authenticator's code next (then the code step
    // replaces the form); a team that requires two-factor authentication sends a user without it
    // to its account page to set it up.
    let code_needed = move || matches!(sign_in.value().get(), Some(Ok(SignInOutcome::CodeNeeded)));
    Effect::new(move |_| {
        if let Some(Ok(SignInOutcome::SignedIn {
            set_up_two_factor, ..
        })) = sign_in.value().get()
        {
            if set_up_two_factor {
                reload_at("/account#two-factor");
            } else {
                reload_at(&next());
            }
        }
    });

    let error = move || sign_in.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        error().and_then(|e| {
            e.field_errors(field)
                .first()
                .map(|f| crate::components::messages::field_message(i18n.get_locale(), f))
        })
    };

    view! {
        {move || view! { <Title text=t_string!(i18n, sign_in_title).to_string() /> }}
        <section class="card narrow" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">{move || t_string!(i18n, sign_in_title)}</h1>
            <p class="lead">{move || t_string!(i18n, sign_in_intro)}</p>
            {move || {
                error()
                    .map(|e| {
                        let message = error_message(i18n, &e);
                        view! {
                            <div class="message message-error" role="alert" tabindex="-1">
                                <h2 class="message-title">{move || t_string!(i18n, error_summary_title)}</h2>
                                <p>{message}</p>
                            </div>
                        }
                    })
            }}
            <Show when=code_needed>
                <SignInCodeStep next=Signal::derive(next) />
            </Show>
            <Show when=move || !code_needed()>
            <ActionForm action=sign_in attr:class="form" attr:novalidate=true>
                <div class="field" class:field-invalid=move || field_error("email").is_some()>
                    <label for="email">{move || t_string!(i18n, email_label)}</label>
                    {move || field_error("email").map(|m| view! { <p class="field-error" id="email-error">{m}</p> })}
                    <input
                        id="email"
                        name="email"
                        type="email"
                        autocomplete="username"
                        required
                        aria-invalid=move || field_error("email").is_some().to_string()
                        aria-describedby=move || field_error("email").map(|_| "email-error")
                    />
                </div>
                <div class="field" class:field-invalid=move || field_error("password").is_some()>
                    <label for="password">{move || t_string!(i18n, password_label)}</label>
                    {move || field_error("password").map(|m| view! { <p class="field-error" id="password-error">{m}</p> })}
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        aria-invalid=move || field_error("password").is_some().to_string()
                        aria-describedby=move || field_error("password").map(|_| "password-error")
                    />
                </div>
                <button type="submit" class="button button-primary" disabled=move || sign_in.pending().get()>
                    {move || if sign_in.pending().get() { t_string!(i18n, signing_in) } else { t_string!(i18n, sign_in_button) }}
                </button>
            </ActionForm>
            <p class="form-footer"><a href="/forgot-password">{move || t_string!(i18n, forgot_link)}</a></p>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_a_local_path_is_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/engagements".into())), "/engagements");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }
}
