//! The Add customer and Claim customer wizards: one component, two modes.
//!
//! The answers live in one signal (`state::Draft`), kept in the tab's session storage so that a
//! reload loses nothing. Leaving a step asks the server to check every step up to it
//! (`check_claim_step`); the browser's own checks (the shared parsers, the live eligibility
//! feedback) are only there to answer faster. Errors show beside their field and in a summary
//! at the top of the step that links to each field.
//!
//! `state` holds the answers and the moves, `chrome` what every step shows around its fields
//! (stepper, title, buttons, error summary), `steps` one module per step, `done` the
//! confirmation.

mod chrome;
mod done;
mod state;
mod steps;

use super::api::{check_customer, wizard_start};
use super::model::{CustomerCheckRequest, WizardStart};
use crate::auth::Role;
use crate::claims::model::WizardStep;
use crate::components::form::focus_after_render;
use crate::components::layout::RequireRole;
use crate::components::status::{ErrorPanel, Loading};
use crate::error::AppError;
use crate::error::NeededRole;
use crate::i18n::*;
use chrome::{Stepper, WizardErrorSummary};
use domain::EngagementId;
use domain::{CustomerId, CustomerIdType};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use state::{storage, Ctx, Draft, Feedback, Mode};
use std::time::Duration;

#[component]
pub fn AddCustomerRoute() -> impl IntoView {
    view! {
        <RequireRole allowed=Role::has_incentives_role needed=NeededRole::Incentives>
            <WizardLoader mode=Mode::Add />
        </RequireRole>
    }
}

#[component]
pub fn ClaimCustomerRoute() -> impl IntoView {
    view! {
        <RequireRole allowed=Role::has_incentives_role needed=NeededRole::Incentives>
            <WizardLoader mode=Mode::Claim />
        </RequireRole>
    }
}

#[component]
fn WizardLoader(mode: Mode) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let source = move || {
        let id = params.with(|p| p.get("id").and_then(|id| EngagementId::parse(&id).ok()));
        let (kind, value) = match mode {
            Mode::Add => (String::new(), String::new()),
            Mode::Claim => query.with(|q| {
                (
                    q.get("type").unwrap_or_default(),
                    q.get("value").unwrap_or_default(),
                )
            }),
        };
        (id, kind, value)
    };
    // A URL that names no engagement is answered as an engagement not found.
    let start = Resource::new(source, |(id, kind, value)| async move {
        match id {
            Some(id) => wizard_start(id, kind, value).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match start.await {
                    Ok(start) => view! { <Wizard start mode /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Session storage: restore once in the browser, then save every change.
fn keep_in_session(ctx: Ctx) {
    let draft = ctx.draft;
    let key = ctx.storage_key();
    let restored = RwSignal::new(false);
    {
        let key = key.clone();
        Effect::new(move |_| {
            if let Some(saved) = storage::get(&key) {
                if let Ok(saved) = serde_json::from_str::<Draft>(&saved) {
                    draft.set(saved);
                }
            }
            restored.set(true);
        });
    }
    Effect::new(move |_| {
        let current = draft.get();
        if restored.get() {
            if let Ok(json) = serde_json::to_string(&current) {
                storage::set(&key, &json);
            }
        }
    });
}

/// The live eligibility feedback, for the location and customer ID as they are typed.
fn live_feedback(ctx: Ctx) {
    let draft = ctx.draft;
    let asked = Memo::new(move |_| {
        draft.with(|d| {
            (
                d.request.location_id.clone(),
                d.request.customer_id_type.clone(),
                d.request.customer_id_value.clone(),
            )
        })
    });
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (location_id, kind, value) = asked.get();
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let Some(kind_parsed) = CustomerIdType::from_code(&kind) else {
            ctx.feedback.set(Feedback::Idle);
            return;
        };
        if value.trim().is_empty() || location_id.is_empty() {
            ctx.feedback.set(Feedback::Idle);
            return;
        }
        if let Err(error) = CustomerId::parse(kind_parsed, &value) {
            ctx.feedback.set(Feedback::Format(error));
            return;
        }
        ctx.feedback.set(Feedback::Checking);
        // Debounced: only the value typed last is asked for, and only its answer is shown.
        set_timeout(
            move || {
                if generation.get_value() != mine {
                    return;
                }
                spawn_local(async move {
                    let answer = check_customer(CustomerCheckRequest {
                        location_id,
                        customer_id_type: kind,
                        customer_id_value: value,
                    })
                    .await;
                    if generation.get_value() == mine {
                        ctx.feedback.set(match answer {
                            Ok(check) => Feedback::Ready(check),
                            Err(error) => Feedback::Failed(error),
                        });
                    }
                });
            },
            Duration::from_millis(250),
        );
    });
}

#[component]
fn Wizard(start: WizardStart, mode: Mode) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = Ctx::new(start, mode);
    provide_context(ctx);
    keep_in_session(ctx);
    live_feedback(ctx);

    // A new step takes the focus (its heading), so that keyboard and screen-reader users
    // follow; not on the first render.
    let step = Memo::new(move |_| ctx.draft.with(|d| d.step));
    Effect::new(move |previous: Option<WizardStep>| {
        let now = step.get();
        if previous.is_some_and(|p| p != now) {
            focus_after_render("wizard-step-title");
        }
        now
    });

    let (engagement_name, back) = ctx.start.with_value(|s| {
        (
            s.engagement_name.clone(),
            format!("/engagements/{}/customers", s.engagement_id),
        )
    });
    let back_for_done = back.clone();
    view! {
        {move || {
            let title = match mode {
                Mode::Add => t_string!(i18n, wizard_add_title).to_string(),
                Mode::Claim => t_string!(i18n, wizard_claim_title).to_string(),
            };
            view! { <Title text=title /> }
        }}
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, breadcrumb)>
            <a href="/engagements">{move || t_string!(i18n, nav_engagements)}</a>
            <span aria-hidden="true">" / "</span>
            <a href=back.clone()>{engagement_name.clone()}</a>
            <span aria-hidden="true">" / "</span>
            <span>{move || match mode {
                Mode::Add => t_string!(i18n, wizard_add_title),
                Mode::Claim => t_string!(i18n, wizard_claim_title),
            }}</span>
        </nav>
        <div class="page-heading">
            <h1>{move || match mode {
                Mode::Add => t_string!(i18n, wizard_add_title),
                Mode::Claim => t_string!(i18n, wizard_claim_title),
            }}</h1>
            <p class="lead">{move || match mode {
                Mode::Add => t_string!(i18n, wizard_add_intro),
                Mode::Claim => t_string!(i18n, wizard_claim_intro),
            }}</p>
        </div>
        {move || match ctx.created.get() {
            Some(created) => view! { <done::Done created back=back_for_done.clone() /> }.into_any(),
            None => view! {
                <div class="wizard">
                    <Stepper />
                    <section class="card wizard-step" aria-labelledby="wizard-step-title">
                        <WizardErrorSummary />
                        {move || match step.get() {
                            WizardStep::Name => view! { <steps::NameStep /> }.into_any(),
                            WizardStep::Location => view! { <steps::LocationStep /> }.into_any(),
                            WizardStep::Customer => view! { <steps::CustomerStep /> }.into_any(),
                            WizardStep::Engagements => view! { <steps::EngagementsStep /> }.into_any(),
                            WizardStep::Contacts => view! { <steps::ContactsStep /> }.into_any(),
                            WizardStep::Review => view! { <steps::ReviewStep /> }.into_any(),
                        }}
                    </section>
                </div>
            }
            .into_any(),
        }}
    }
}
