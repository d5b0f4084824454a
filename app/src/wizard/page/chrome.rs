//! What every step of the wizard shows around its fields: the stepper, the step's title, the
//! Back and Next buttons, and the error summary.

use super::state::{Ctx, Feedback, Mode, SUMMARY_ID};
use crate::claims::model::WizardStep;
use crate::components::form::ErrorSummary;
use crate::components::format::reason_text;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub fn step_label(i18n: I18nContext<Locale>, step: WizardStep) -> &'static str {
    match step {
        WizardStep::Name => t_string!(i18n, step_name),
        WizardStep::Location => t_string!(i18n, step_location),
        WizardStep::Customer => t_string!(i18n, step_customer),
        WizardStep::Engagements => t_string!(i18n, step_engagements),
        WizardStep::Contacts => t_string!(i18n, step_contacts),
        WizardStep::Review => t_string!(i18n, step_review),
    }
}

/// Where you are: the steps, done ones reachable again.
#[component]
pub fn Stepper() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let steps = ctx.mode.steps();
    view! {
        <nav class="stepper" aria-label=move || t_string!(i18n, wizard_steps)>
            <ol>
                {steps
                    .iter()
                    .enumerate()
                    .map(|(index, step)| {
                        let step = *step;
                        let state = move || {
                            let here = ctx.step();
                            if step == here {
                                "current"
                            } else if step < here {
                                "done"
                            } else {
                                "todo"
                            }
                        };
                        view! {
                            <li class=move || format!("stepper-item stepper-{}", state())
                                aria-current=move || (state() == "current").then_some("step")>
                                <span class="stepper-number" aria-hidden="true">{index + 1}</span>
                                {move || if state() == "done" {
                                    view! {
                                        <button type="button" class="stepper-link" on:click=move |_| ctx.go_to(step)>
                                            {move || step_label(i18n, step)}
                                        </button>
                                    }.into_any()
                                } else {
                                    view! { <span class="stepper-label">{move || step_label(i18n, step)}</span> }.into_any()
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

/// The step's error summary: field errors as links, and for a refusal of ineligibility, each
/// engagement with its reasons.
#[component]
pub fn WizardErrorSummary() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let details = move || {
        ctx.form
            .problem
            .get()
            .map(|problem| view! { <IneligibleDetails problem /> })
    };
    view! {
        <ErrorSummary id=SUMMARY_ID errors=ctx.form.errors problem=ctx.form.problem details />
    }
}

/// For a refusal of ineligibility: each engagement refused, with its reasons.
#[component]
fn IneligibleDetails(problem: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let details = match &problem {
        AppError::Ineligible(engagements) => {
            let names = ctx.feedback.with_untracked(|f| match f {
                Feedback::Ready(check) => check
                    .engagements
                    .iter()
                    .map(|e| (e.engagement_id, e.engagement_name.clone()))
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            });
            let engagements = engagements.clone();
            Some(view! {
                <ul class="reasons">
                    {move || engagements.iter().map(|e| {
                        let name = names
                            .iter()
                            .find(|(id, _)| *id == e.engagement_id)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_else(|| e.engagement_id.to_string());
                        let reasons = e
                            .reasons
                            .iter()
                            .map(|r| reason_text(r, i18n.get_locale()))
                            .collect::<Vec<_>>()
                            .join(" ");
                        view! { <li><strong>{name}</strong>": "{reasons}</li> }
                    }).collect_view()}
                </ul>
            })
        }
        _ => None,
    };
    details
}

/// The heading of a step: "Step 2 of 6" and its name; takes the focus when the step opens.
#[component]
pub fn StepTitle() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let steps = ctx.mode.steps();
    let number = move || {
        steps
            .iter()
            .position(|s| *s == ctx.step())
            .map_or(1, |i| i + 1)
    };
    let total = steps.len();
    view! {
        <p class="step-count">{move || t_string!(i18n, wizard_step_of, number = number(), total = total).to_string()}</p>
        <h2 id="wizard-step-title" tabindex="-1">{move || step_label(i18n, ctx.step())}</h2>
    }
}

/// Back and Next (or the final button) of a step.
#[component]
pub fn StepButtons(#[prop(optional)] final_label: Option<Signal<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let has_back = ctx.previous_step().is_some();
    let label = move || match &final_label {
        Some(_) if ctx.form.busy.get() => match ctx.mode {
            Mode::Add => t_string!(i18n, wizard_adding).to_string(),
            Mode::Claim => t_string!(i18n, wizard_claiming).to_string(),
        },
        Some(label) => label.get(),
        None if ctx.form.busy.get() => t_string!(i18n, wizard_checking).to_string(),
        None => t_string!(i18n, wizard_next).to_string(),
    };
    view! {
        <div class="wizard-buttons">
            {has_back.then(|| view! {
                <button type="button" class="button" on:click=move |_| {
                    if let Some(previous) = ctx.previous_step() {
                        ctx.go_to(previous);
                    }
                }>{move || t_string!(i18n, wizard_back)}</button>
            })}
            <button type="submit" class="button button-primary" aria-disabled=move || ctx.form.busy.get().to_string()>
                {label}
            </button>
            {move || ctx.form.busy.get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
        </div>
    }
}

/// A step's form: Enter or the Next button leaves the step.
pub fn on_submit(ctx: Ctx) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if ctx.step() == WizardStep::Review {
            ctx.create();
        } else {
            ctx.next();
        }
    }
}
