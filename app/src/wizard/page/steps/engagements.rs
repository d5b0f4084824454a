//! The engagements step: the engagements the customer is eligible for (a variable-payment one
//! alone, with its hours), and those it is not, with the reasons.

use super::super::chrome::{on_submit, StepButtons, StepTitle};
use super::super::state::{Ctx, Feedback};
use crate::components::format::reason_text;
use crate::components::status::{ErrorPanel, Loading};
use crate::i18n::*;
use domain::EngagementId;
use leptos::prelude::*;

#[component]
pub fn EngagementsStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let error = {
        let error = ctx.field_error("engagement_ids");
        move || error.get()
    };
    let toggle = move |id: EngagementId, variable: bool, on: bool| {
        let ranges: Vec<(EngagementId, bool)> = ctx.feedback.with_untracked(|f| match f {
            Feedback::Ready(check) => check
                .engagements
                .iter()
                .map(|e| (e.engagement_id, e.hours_range.is_some()))
                .collect(),
            _ => Vec::new(),
        });
        let is_variable = |e: &EngagementId| ranges.iter().any(|(id, v)| id == e && *v);
        ctx.draft.update(|d| {
            let ids = &mut d.request.engagement_ids;
            if on {
                // A variable-payment engagement is nominated alone.
                if variable {
                    ids.clear();
                } else {
                    ids.retain(|e| !is_variable(e));
                }
                if !ids.contains(&id) {
                    ids.push(id);
                }
            } else {
                ids.retain(|e| *e != id);
            }
        });
    };
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            {move || match ctx.feedback.get() {
                Feedback::Ready(check) => {
                    let eligible: Vec<_> = check.engagements.iter().filter(|e| e.eligible).cloned().collect();
                    let ineligible: Vec<_> = check.engagements.iter().filter(|e| !e.eligible).cloned().collect();
                    let first = eligible.first().map(|e| e.engagement_id);
                    let selected_variable = move || {
                        let eligible = eligible_ranges(&ctx);
                        ctx.draft.with(|d| {
                            d.request.engagement_ids.iter().find_map(|id| {
                                eligible.iter().find(|(e, _)| e == id).and_then(|(_, r)| *r)
                            })
                        })
                    };
                    let customer = check.customer_name.clone().unwrap_or_else(|| check.normalised.clone());
                    view! {
                        <p>{move || t_string!(i18n, engagements_for)}" "<strong>{customer.clone()}</strong></p>
                        <fieldset class="field" class:field-invalid=move || error().is_some()>
                            <legend>{move || t_string!(i18n, engagements_eligible)}</legend>
                            {move || error().map(|m| view! { <p class="field-error">{m}</p> })}
                            {eligible.is_empty().then(|| view! { <p class="message message-info">{move || t_string!(i18n, engagements_none_eligible)}</p> })}
                            <div class="choices">
                                {eligible.into_iter().map(|e| {
                                    let id = e.engagement_id;
                                    let variable = e.hours_range.is_some();
                                    let input_id = if Some(id) == first { "field-engagement_ids".to_owned() } else { format!("engagement-{id}") };
                                    view! {
                                        <div class="choice">
                                            <input
                                                type="checkbox"
                                                id=input_id.clone()
                                                name="engagement"
                                                value=id.to_string()
                                                prop:checked=move || ctx.draft.with(|d| d.request.engagement_ids.contains(&id))
                                                on:change=move |ev| toggle(id, variable, event_target_checked(&ev))
                                            />
                                            <label for=input_id>
                                                <span class="cell-title">{e.engagement_name.clone()}</span>
                                                {variable.then(|| view! { <span class="cell-sub">{move || t_string!(i18n, engagement_variable_note)}</span> })}
                                            </label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                        {move || selected_variable().map(|(min, max)| view! {
                            <HoursField min max />
                        })}
                        {(!ineligible.is_empty()).then(|| view! {
                            <section class="ineligible-list" aria-labelledby="ineligible-title">
                                <h3 id="ineligible-title">{move || t_string!(i18n, engagements_ineligible)}</h3>
                                <ul class="plain-list">
                                    {ineligible.into_iter().map(|e| {
                                        let reasons = e.reasons.clone();
                                        view! {
                                            <li>
                                                <span class="cell-title">{e.engagement_name.clone()}</span>
                                                <ul class="reasons">
                                                    {move || reasons.iter().map(|r| view! { <li>{reason_text(r, i18n.get_locale())}</li> }).collect_view()}
                                                </ul>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </section>
                        })}
                    }.into_any()
                }
                Feedback::Failed(error) => view! { <ErrorPanel error /> }.into_any(),
                _ => view! { <Loading /> }.into_any(),
            }}
            <StepButtons />
        </form>
    }
}

/// (engagement, hours range) of the eligible engagements in the last feedback.
fn eligible_ranges(ctx: &Ctx) -> Vec<(EngagementId, Option<(u32, u32)>)> {
    ctx.feedback.with(|f| match f {
        Feedback::Ready(check) => check
            .engagements
            .iter()
            .filter(|e| e.eligible)
            .map(|e| (e.engagement_id, e.hours_range))
            .collect(),
        _ => Vec::new(),
    })
}

#[component]
fn HoursField(min: u32, max: u32) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let error = {
        let error = ctx.field_error("hours");
        move || error.get()
    };
    view! {
        <div class="field" class:field-invalid=move || error().is_some()>
            <label for="field-hours">{move || t_string!(i18n, field_hours)}</label>
            <p class="field-hint" id="field-hours-hint">{move || t_string!(i18n, field_hours_hint, min = min, max = max).to_string()}</p>
            {move || error().map(|m| view! { <p class="field-error" id="field-hours-error">{m}</p> })}
            <input
                id="field-hours"
                name="hours"
                type="number"
                inputmode="numeric"
                min=min
                max=max
                step="1"
                class="narrow-input"
                prop:value=move || ctx.draft.with(|d| d.hours.clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    ctx.draft.update(|d| d.hours = value);
                }
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=move || if error().is_some() { "field-hours-hint field-hours-error" } else { "field-hours-hint" }
            />
        </div>
    }
}
