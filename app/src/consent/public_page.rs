//! The customer's consent page (`/consent/:token`): public, no sign-in. Shows who asks for what
//! until when, and takes one answer; a link already answered, replaced, expired or unknown gets
//! a page that says so.

use super::api::{get_consent_page, DecideConsent};
use super::model::{ConsentDetails, ConsentPage, ConsentState};
use super::statement::ConsentStatement;
use crate::components::form::focus_after_render;
use crate::components::format::{format_date_time, page_language, time_left_text};
use crate::components::status::{error_message, Loading};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn ConsentRoute() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let page = Resource::new(move || token.get(), get_consent_page);
    view! {
        {move || view! { <Title text=t_string!(i18n, consent_page_title).to_string() /> }}
        // The link's token must not leave in a Referer header.
        <Meta name="referrer" content="no-referrer" />
        <div class="consent-page">
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! { <Consent page token=token.get_untracked() /> }.into_any(),
                        Err(error) => view! { <Refused error /> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// The page could not be shown: too many attempts from this address, or a fault.
#[component]
fn Refused(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || match &error {
        AppError::RateLimited { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60);
            t_string!(i18n, consent_rate_limited, minutes = minutes).to_string()
        }
        other => error_message(i18n, other),
    };
    view! {
        <section class="card consent-card" data-testid="consent-refused">
            <div class="message message-error" role="alert">{text}</div>
        </section>
    }
}

#[component]
fn Consent(page: ConsentPage, token: String) -> impl IntoView {
    let decide = ServerAction::<DecideConsent>::new();
    // The latest answer from the server replaces the page that was loaded.
    let current = Memo::new(move |_| match decide.value().get() {
        Some(Ok(answered)) => answered,
        _ => page.clone(),
    });
    let failure = move || decide.value().get().and_then(Result::err);
    view! {
        {move || {
            let page = current.get();
            let token = token.clone();
            match (page.state, page.details) {
                (ConsentState::Open, Some(details)) => {
                    view! { <Ask details now=page.now token decide failure=Signal::derive(failure) /> }.into_any()
                }
                (state, details) => view! { <Outcome state details /> }.into_any(),
            }
        }}
    }
}

#[component]
fn Ask(
    details: ConsentDetails,
    now: i64,
    token: String,
    decide: ServerAction<DecideConsent>,
    failure: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let declining = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let accepting = RwSignal::new(false);
    let deadline = details.deadline;
    let pending = decide.pending();
    let send = {
        let token = token.clone();
        move |accept: bool| {
            accepting.set(accept);
            decide.dispatch(DecideConsent {
                token: token.clone(),
                language: page_language(i18n).code().to_owned(),
                accept,
                reason: if accept {
                    String::new()
                } else {
                    reason.get_untracked()
                },
            });
        }
    };
    let send_accept = send.clone();
    let reason_error = move || {
        failure.get().and_then(|e| {
            e.field_errors("reason")
                .first()
                .map(|f| crate::components::messages::field_message(i18n.get_locale(), f))
        })
    };
    let other_failure = move || {
        failure
            .get()
            .filter(|e| e.field_errors("reason").is_empty())
            .map(|e| view! { <div class="message message-error" role="alert">{move || error_message(i18n, &e)}</div> })
    };
    // What the page states is the statement the server keeps with the answer: one rendering.
    let statement = Memo::new(move |_| ConsentStatement::new(i18n.get_locale(), &details));
    view! {
        <section class="card consent-card" aria-labelledby="consent-heading" data-testid="consent-open">
            <p class="cell-sub">{move || t_string!(i18n, consent_page_title)}</p>
            <h1 id="consent-heading">{move || statement.with(|s| s.heading.clone())}</h1>
            <p class="lead">{move || statement.with(|s| s.intro.clone())}</p>
            <dl class="fields">
                {move || statement.with(|s| s.facts.iter().map(|fact| {
                    let value = fact.value.clone();
                    view! {
                        <div class="field-row">
                            <dt>{fact.label.clone()}</dt>
                            <dd>
                                {match fact.sub.clone() {
                                    Some(sub) => view! {
                                        <span class="cell-title">{value}</span>
                                        <span class="cell-sub">{sub}</span>
                                    }.into_any(),
                                    None => value.into_any(),
                                }}
                            </dd>
                        </div>
                    }
                }).collect_view())}
                <div class="field-row">
                    <dt>{move || t_string!(i18n, consent_field_deadline)}</dt>
                    <dd data-testid="consent-deadline">
                        {move || format_date_time(deadline, i18n.get_locale())}" "
                        <span class="badge badge-info">{move || time_left_text(deadline, now, i18n.get_locale())}</span>
                    </dd>
                </div>
            </dl>
            <h2>{move || statement.with(|s| s.agree_title.clone())}</h2>
            <ul class="agreement">
                {move || statement.with(|s| s.agreements.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view())}
            </ul>
            <p class="field-hint">{move || statement.with(|s| s.final_note.clone())}</p>
            {other_failure}
            {move || if declining.get() {
                let send = send.clone();
                view! {
                    <form class="form" novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        if !pending.get_untracked() {
                            send(false);
                        }
                    }>
                        <div class="field" class:field-invalid=move || reason_error().is_some()>
                            <label for="field-reason">{move || t_string!(i18n, consent_decline_reason)}</label>
                            <p class="field-hint" id="field-reason-hint">{move || t_string!(i18n, consent_decline_hint)}</p>
                            {move || reason_error().map(|m| view! { <p class="field-error">{m}</p> })}
                            <textarea
                                id="field-reason"
                                name="reason"
                                rows="4"
                                maxlength="1000"
                                aria-describedby="field-reason-hint"
                                prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))
                            ></textarea>
                        </div>
                        <div class="wizard-buttons">
                            <button type="submit" class="button button-danger" aria-disabled=move || pending.get().to_string()>
                                {move || if pending.get() { t_string!(i18n, consent_declining) } else { t_string!(i18n, consent_decline_confirm) }}
                            </button>
                            <button type="button" class="button" on:click=move |_| declining.set(false)>
                                {move || t_string!(i18n, consent_decline_cancel)}
                            </button>
                            {move || pending.get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
                        </div>
                    </form>
                }.into_any()
            } else {
                let send_accept = send_accept.clone();
                view! {
                    <div class="wizard-buttons">
                        <button type="button" class="button button-primary" aria-disabled=move || pending.get().to_string() on:click=move |_| {
                            if !pending.get_untracked() {
                                send_accept(true);
                            }
                        }>
                            {move || if pending.get() && accepting.get() { t_string!(i18n, consent_accepting) } else { t_string!(i18n, consent_accept) }}
                        </button>
                        <button type="button" class="button" on:click=move |_| {
                            declining.set(true);
                            focus_after_render("field-reason");
                        }>{move || t_string!(i18n, consent_decline)}</button>
                        {move || pending.get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// A link that cannot take an answer (any more): what happened, in plain words.
#[component]
fn Outcome(state: ConsentState, details: Option<ConsentDetails>) -> impl IntoView {
    let i18n = use_i18n();
    let partner = details
        .as_ref()
        .map(|d| d.partner_name.clone())
        .unwrap_or_default();
    let contact = details
        .as_ref()
        .map(|d| d.partner_contact_name.clone())
        .unwrap_or_default();
    let (kind, test_id) = match state {
        ConsentState::Accepted { .. } => ("message-success", "consent-accepted"),
        ConsentState::Declined { .. } => ("message-info", "consent-declined"),
        ConsentState::Expired { .. } => ("message-warning", "consent-expired"),
        ConsentState::Replaced => ("message-warning", "consent-replaced"),
        ConsentState::Withdrawn => ("message-info", "consent-withdrawn"),
        ConsentState::Unknown | ConsentState::Open => ("message-error", "consent-unknown"),
    };
    let heading = move || match state {
        ConsentState::Accepted { .. } => t_string!(i18n, consent_accepted_heading),
        ConsentState::Declined { .. } => t_string!(i18n, consent_declined_heading),
        ConsentState::Expired { .. } => t_string!(i18n, consent_expired_heading),
        ConsentState::Replaced => t_string!(i18n, consent_replaced_heading),
        ConsentState::Withdrawn => t_string!(i18n, consent_withdrawn_heading),
        ConsentState::Unknown | ConsentState::Open => t_string!(i18n, consent_unknown_heading),
    };
    let body = move || {
        let locale = i18n.get_locale();
        let partner = partner.clone();
        match state {
            ConsentState::Accepted { at } => {
                let at = format_date_time(at, locale);
                t_string!(i18n, consent_accepted_body, at = at, partner = partner).to_string()
            }
            ConsentState::Declined { at } => {
                let at = format_date_time(at, locale);
                t_string!(i18n, consent_declined_body, at = at, partner = partner).to_string()
            }
            ConsentState::Expired { at } => {
                let at = format_date_time(at, locale);
                t_string!(
                    i18n,
                    consent_expired_body,
                    at = at,
                    contact = contact.clone(),
                    partner = partner
                )
                .to_string()
            }
            ConsentState::Replaced => t_string!(i18n, consent_replaced_body).to_string(),
            ConsentState::Withdrawn => {
                t_string!(i18n, consent_withdrawn_body, partner = partner).to_string()
            }
            ConsentState::Unknown | ConsentState::Open => {
                t_string!(i18n, consent_unknown_body).to_string()
            }
        }
    };
    let engagement = details.map(|d| d.engagement_name);
    view! {
        <section class="card consent-card" aria-labelledby="consent-heading" data-testid=test_id>
            <p class="cell-sub">{move || t_string!(i18n, consent_page_title)}</p>
            <h1 id="consent-heading" tabindex="-1">{heading}</h1>
            {engagement.map(|name| view! { <p class="cell-title">{name}</p> })}
            <div class=format!("message {kind}") role="status">{body}</div>
        </section>
    }
}
