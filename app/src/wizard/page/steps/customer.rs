//! The customer step (Add customer only): the ID type and value, with the live feedback under it.

use super::super::chrome::{on_submit, StepButtons, StepTitle};
use super::super::state::{Ctx, Feedback};
use crate::components::format::{page_language, reason_text};
use crate::components::status::error_message;
use crate::engagements::page::id_type_label;
use crate::error::AppError;
use crate::i18n::*;
use domain::{CustomerIdType, Language};
use leptos::prelude::*;

#[component]
pub fn CustomerStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let accepted = ctx.start.with_value(|s| s.accepted_id_types.clone());
    let others: Vec<CustomerIdType> = CustomerIdType::ALL
        .into_iter()
        .filter(|k| !accepted.contains(k))
        .collect();
    let option = move |kind: CustomerIdType| {
        let code = kind.code();
        view! {
            <option value=code prop:selected=move || ctx.draft.with(|d| d.request.customer_id_type == code)>
                {move || id_type_label(i18n, code)}
            </option>
        }
    };
    let accepted_options = accepted.iter().copied().map(option).collect_view();
    let other_options = others.iter().copied().map(option).collect_view();
    let has_others = !others.is_empty();
    let type_error = {
        let error = ctx.field_error("customer_id_type");
        move || error.get()
    };
    // A format error while typing comes from the shared parser, before any request.
    let server_error = ctx.field_error("customer_id_value");
    let value_error = move || {
        server_error.get().or_else(|| {
            ctx.feedback.with(|f| match f {
                Feedback::Format(e) => Some(match page_language(i18n) {
                    Language::En => e.message_en(),
                    Language::Fr => e.message_fr(),
                }),
                _ => None,
            })
        })
    };
    let hint = move || {
        ctx.draft.with(|d| {
            CustomerIdType::from_code(&d.request.customer_id_type).map(|k| {
                match page_language(i18n) {
                    Language::En => k.field().format_hint_en(),
                    Language::Fr => k.field().format_hint_fr(),
                }
            })
        })
    };
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <div class="field" class:field-invalid=move || type_error().is_some()>
                <label for="field-customer_id_type">{move || t_string!(i18n, field_customer_id_type)}</label>
                {move || type_error().map(|m| view! { <p class="field-error">{m}</p> })}
                <select
                    id="field-customer_id_type"
                    name="customer_id_type"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        ctx.draft.update(|d| d.request.customer_id_type = value);
                    }
                >
                    <optgroup label=move || t_string!(i18n, id_types_accepted)>{accepted_options}</optgroup>
                    {has_others.then(|| view! {
                        <optgroup label=move || t_string!(i18n, id_types_other)>{other_options}</optgroup>
                    })}
                </select>
            </div>
            <div class="field" class:field-invalid=move || value_error().is_some()>
                <label for="field-customer_id_value">{move || t_string!(i18n, field_customer_id_value)}</label>
                <p class="field-hint" id="field-customer_id_value-hint">{hint}</p>
                {move || value_error().map(|m| view! { <p class="field-error" id="field-customer_id_value-error">{m}</p> })}
                <input
                    id="field-customer_id_value"
                    name="customer_id_value"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    class="mono-input"
                    prop:value=move || ctx.draft.with(|d| d.request.customer_id_value.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        ctx.draft.update(|d| d.request.customer_id_value = value);
                    }
                    aria-invalid=move || value_error().is_some().to_string()
                    aria-describedby=move || if value_error().is_some() {
                        "field-customer_id_value-hint field-customer_id_value-error customer-feedback"
                    } else {
                        "field-customer_id_value-hint customer-feedback"
                    }
                />
            </div>
            <CustomerFeedback />
            <StepButtons />
        </form>
    }
}

/// Under the customer ID: who it is and for how many open engagements it is eligible.
#[component]
fn CustomerFeedback() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    view! {
        <div id="customer-feedback" class="feedback" aria-live="polite">
            {move || match ctx.feedback.get() {
                Feedback::Idle | Feedback::Format(_) => ().into_any(),
                Feedback::Checking => view! {
                    <p class="loading"><span class="spinner" aria-hidden="true"></span>{move || t_string!(i18n, feedback_checking)}</p>
                }.into_any(),
                Feedback::Failed(error) => {
                    let text = match &error {
                        AppError::Validation(errors) => errors
                            .first()
                            .map(|e| crate::components::messages::field_message(i18n.get_locale(), e))
                            .unwrap_or_default(),
                        other => error_message(i18n, other),
                    };
                    view! { <p class="feedback-line feedback-bad">{text}</p> }.into_any()
                }
                Feedback::Ready(check) => {
                    let eligible = check.eligible_count();
                    let ineligible = check.ineligible_count();
                    let name = check.customer_name.clone();
                    let tenant = check.resolved_tenant.clone();
                    // The verdict for the engagement the wizard was opened from, with its reasons.
                    let here = ctx.start.with_value(|s| s.engagement_id);
                    let this_one = check.engagements.iter().find(|e| e.engagement_id == here).cloned();
                    view! {
                        <div class="feedback-card" data-testid="customer-feedback">
                            {match name {
                                Some(name) => view! { <p class="feedback-name">{name}</p> }.into_any(),
                                None => view! { <p class="feedback-line feedback-bad">{move || t_string!(i18n, feedback_unknown)}</p> }.into_any(),
                            }}
                            {tenant.map(|t| view! {
                                <p class="cell-sub">{move || t_string!(i18n, feedback_tenant)}" "<span class="mono">{t.clone()}</span></p>
                            })}
                            <p class="feedback-line">
                                <span class="badge badge-success">{move || t_string!(i18n, feedback_eligible, n = eligible).to_string()}</span>
                                " "
                                <span class="badge badge-neutral">{move || t_string!(i18n, feedback_ineligible, n = ineligible).to_string()}</span>
                            </p>
                            {this_one.map(|verdict| {
                                let engagement = verdict.engagement_name.clone();
                                let reasons = verdict.reasons.clone();
                                if verdict.eligible {
                                    view! {
                                        <p class="feedback-line">{move || t_string!(i18n, feedback_eligible_here)}" "<strong>{engagement.clone()}</strong></p>
                                    }.into_any()
                                } else {
                                    view! {
                                        <p class="feedback-line">{move || t_string!(i18n, feedback_ineligible_here)}" "<strong>{engagement.clone()}</strong>":"</p>
                                        <ul class="reasons">
                                            {move || reasons.iter().map(|r| view! { <li>{reason_text(r, i18n.get_locale())}</li> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }
                            })}
                        </div>
                    }.into_any()
                }
            }}
        </div>
    }
}
