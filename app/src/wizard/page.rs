//! The Add customer and Claim customer wizards: one component, two modes.
//!
//! The answers live in one signal (`Draft`), kept in the tab's session storage so that a reload
//! loses nothing. Leaving a step asks the server to check every step up to it
//! (`check_claim_step`); the browser's own checks (the shared parsers, the live eligibility
//! feedback) are only there to answer faster. Errors show beside their field and in a summary
//! at the top of the step that links to each field.

use super::api::{check_claim_step, check_customer, wizard_start};
use super::model::{CustomerCheck, CustomerCheckRequest, WizardStart};
use crate::auth::Role;
use crate::claims::api::create_claims;
use crate::claims::model::{ClaimOrigin, ClaimsPreview, CreatedClaim, NewClaims, WizardStep};
use crate::components::form::{focus_after_render, LanguageSelect, MismatchInputs, TextInput};
use crate::components::format::reason_text;
use crate::components::layout::RequireRole;
use crate::components::status::{error_message, ErrorPanel, Loading};
use crate::engagements::page::id_type_label;
use crate::error::{AppError, FieldError, NeededRole};
use crate::i18n::*;
use domain::{
    contact_domain_mismatch, CustomerId, CustomerIdType, DomainName, EmailAddress, ParseError,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Which wizard: a new customer, or a customer the partner already knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Add,
    Claim,
}

impl Mode {
    fn steps(self) -> &'static [WizardStep] {
        match self {
            Mode::Add => &WizardStep::ALL,
            Mode::Claim => &[
                WizardStep::Name,
                WizardStep::Location,
                WizardStep::Engagements,
                WizardStep::Contacts,
                WizardStep::Review,
            ],
        }
    }
}

/// The answers so far, as typed. Serialised into session storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Draft {
    step: WizardStep,
    request: NewClaims,
    /// The hours as typed (a number once it parses).
    hours: String,
}

/// The wizard's state, shared by its steps.
#[derive(Clone, Copy)]
struct Ctx {
    mode: Mode,
    start: StoredValue<WizardStart>,
    draft: RwSignal<Draft>,
    errors: RwSignal<Vec<FieldError>>,
    problem: RwSignal<Option<AppError>>,
    feedback: RwSignal<Feedback>,
    preview: RwSignal<Option<ClaimsPreview>>,
    busy: RwSignal<bool>,
    created: RwSignal<Option<Vec<CreatedClaim>>>,
}

/// The live answer under the customer ID field.
#[derive(Debug, Clone, PartialEq)]
enum Feedback {
    Idle,
    /// The shared parser refused the value: said at once, without asking the server.
    Format(ParseError),
    Checking,
    Ready(CustomerCheck),
    Failed(AppError),
}

impl Ctx {
    fn french(i18n: I18nContext<Locale>) -> bool {
        i18n.get_locale() == Locale::fr
    }

    /// The first error of a field, in the page's language.
    fn field_error(self, name: &str, i18n: I18nContext<Locale>) -> Option<String> {
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message_in(Self::french(i18n)).to_owned())
        })
    }

    /// The request as it is sent: hours parsed, and only engagements the last feedback found
    /// eligible (the engagement the wizard was opened from is preselected even if it is not).
    fn request(self) -> NewClaims {
        let draft = self.draft.get_untracked();
        let mut request = draft.request;
        request.hours = draft.hours.trim().parse().ok();
        if let Feedback::Ready(check) = self.feedback.get_untracked() {
            request.engagement_ids.retain(|id| {
                check
                    .engagements
                    .iter()
                    .any(|e| e.engagement_id == *id && e.eligible)
            });
            let variable = request.engagement_ids.iter().any(|id| {
                check
                    .engagements
                    .iter()
                    .any(|e| e.engagement_id == *id && e.hours_range.is_some())
            });
            if !variable {
                request.hours = None;
            }
        }
        request
    }

    fn step(self) -> WizardStep {
        self.draft.with(|d| d.step)
    }

    fn go_to(self, step: WizardStep) {
        self.errors.set(Vec::new());
        self.problem.set(None);
        self.draft.update(|d| {
            d.step = step;
            if step == WizardStep::Review && d.request.idempotency_key.is_empty() {
                d.request.idempotency_key = new_key();
            }
        });
    }

    fn next_step(self) -> Option<WizardStep> {
        let steps = self.mode.steps();
        let here = steps.iter().position(|s| *s == self.step())?;
        steps.get(here + 1).copied()
    }

    fn previous_step(self) -> Option<WizardStep> {
        let steps = self.mode.steps();
        let here = steps.iter().position(|s| *s == self.step())?;
        here.checked_sub(1).and_then(|i| steps.get(i).copied())
    }

    /// Shows a refusal: field errors beside their fields (on the earliest step that has one),
    /// anything else above the step.
    fn refused(self, error: AppError) {
        match error {
            AppError::Validation(errors) => {
                let first = errors
                    .iter()
                    .map(|e| WizardStep::of_field(&e.field))
                    .filter(|s| self.mode.steps().contains(s))
                    .min();
                if let Some(step) = first {
                    if step < self.step() {
                        self.draft.update(|d| d.step = step);
                    }
                }
                self.errors.set(errors);
            }
            other => self.problem.set(Some(other)),
        }
        focus_after_render("error-summary");
    }

    /// Leaves the current step: the server checks it (and every step before it).
    fn next(self) {
        if self.busy.get_untracked() {
            return;
        }
        let step = self.step();
        let request = self.request();
        self.busy.set(true);
        self.errors.set(Vec::new());
        self.problem.set(None);
        spawn_local(async move {
            let result = check_claim_step(request, step).await;
            self.busy.set(false);
            match result {
                Ok(preview) => {
                    self.preview.set(Some(preview));
                    if let Some(next) = self.next_step() {
                        self.go_to(next);
                    }
                }
                Err(error) => self.refused(error),
            }
        });
    }

    /// The final button: creates the claims (once, whatever the number of clicks).
    fn create(self) {
        if self.busy.get_untracked() {
            return;
        }
        let request = self.request();
        self.busy.set(true);
        self.errors.set(Vec::new());
        self.problem.set(None);
        spawn_local(async move {
            let result = create_claims(request).await;
            self.busy.set(false);
            match result {
                Ok(created) => {
                    storage::remove(&self.storage_key());
                    self.created.set(Some(created));
                    focus_after_render("wizard-done-title");
                }
                Err(error) => self.refused(error),
            }
        });
    }

    fn storage_key(self) -> String {
        self.start.with_value(|s| {
            let known = s
                .known
                .as_ref()
                .map(|k| format!("{}:{}", k.customer_id_type, k.customer_id_value))
                .unwrap_or_default();
            let mode = match self.mode {
                Mode::Add => "add",
                Mode::Claim => "claim",
            };
            format!("mci-wizard:{mode}:{}:{known}", s.engagement_id)
        })
    }
}

/// A key for one press of the final button (the server creates once per key and user).
fn new_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        let a = (js_sys::Math::random() * 9.0e15) as u64;
        let b = (js_sys::Math::random() * 9.0e15) as u64;
        format!("{:x}-{:x}-{:x}", js_sys::Date::now() as u64, a, b)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// The tab's session storage (nothing on the server).
mod storage {
    pub fn get(_key: &str) -> Option<String> {
        #[cfg(feature = "hydrate")]
        {
            leptos::prelude::window()
                .session_storage()
                .ok()
                .flatten()?
                .get_item(_key)
                .ok()
                .flatten()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            None
        }
    }

    pub fn set(_key: &str, _value: &str) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(storage)) = leptos::prelude::window().session_storage() {
            let _ = storage.set_item(_key, _value);
        }
    }

    pub fn remove(_key: &str) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(storage)) = leptos::prelude::window().session_storage() {
            let _ = storage.remove_item(_key);
        }
    }
}

/// Moves the keyboard focus to an element once it is on screen.
fn get_field(r: &NewClaims, name: &str) -> String {
    match name {
        "friendly_name" => r.friendly_name.clone(),
        "customer_id_value" => r.customer_id_value.clone(),
        "contact_email" => r.contact_email.clone(),
        "contact_name" => r.contact_name.clone(),
        "contact_phone" => r.contact_phone.clone(),
        "partner_contact_name" => r.partner_contact_name.clone(),
        "partner_contact_email" => r.partner_contact_email.clone(),
        "mismatch_details" => r.mismatch_details.clone(),
        _ => String::new(),
    }
}

fn set_field(r: &mut NewClaims, name: &str, value: String) {
    match name {
        "friendly_name" => r.friendly_name = value,
        "customer_id_value" => r.customer_id_value = value,
        "contact_email" => r.contact_email = value,
        "contact_name" => r.contact_name = value,
        "contact_phone" => r.contact_phone = value,
        "partner_contact_name" => r.partner_contact_name = value,
        "partner_contact_email" => r.partner_contact_email = value,
        "mismatch_details" => r.mismatch_details = value,
        _ => {}
    }
}

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
        let id = params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or(0);
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
    let start = Resource::new(source, |(id, kind, value)| wizard_start(id, kind, value));
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

fn initial_draft(start: &WizardStart, mode: Mode) -> Draft {
    let usable: Vec<&str> = start
        .locations
        .iter()
        .filter(|l| l.usable)
        .map(|l| l.id.as_str())
        .collect();
    let mut request = NewClaims {
        origin: match mode {
            Mode::Add => ClaimOrigin::Added,
            Mode::Claim => ClaimOrigin::Claimed,
        },
        // With one usable location there is nothing to choose.
        location_id: if usable.len() == 1 {
            usable[0].to_owned()
        } else {
            String::new()
        },
        customer_id_type: start
            .accepted_id_types
            .first()
            .map(|k| k.code().to_owned())
            .unwrap_or_default(),
        engagement_ids: vec![start.engagement_id],
        contact_language: "en".to_owned(),
        partner_contact_name: start.partner_contact_name.clone(),
        partner_contact_email: start.partner_contact_email.clone(),
        ..NewClaims::default()
    };
    if let Some(known) = &start.known {
        request.customer_id_type = known.customer_id_type.clone();
        request.customer_id_value = known.customer_id_value.clone();
        request.friendly_name = known.friendly_name.clone();
        request.contact_email = known.contact_email.clone();
        request.contact_name = known.contact_name.clone();
        request.contact_phone = known.contact_phone.clone();
        request.contact_language = known.contact_language.clone();
    }
    Draft {
        step: WizardStep::Name,
        request,
        hours: String::new(),
    }
}

#[component]
fn Wizard(start: WizardStart, mode: Mode) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(initial_draft(&start, mode));
    let ctx = Ctx {
        mode,
        start: StoredValue::new(start),
        draft,
        errors: RwSignal::new(Vec::new()),
        problem: RwSignal::new(None),
        feedback: RwSignal::new(Feedback::Idle),
        preview: RwSignal::new(None),
        busy: RwSignal::new(false),
        created: RwSignal::new(None),
    };
    provide_context(ctx);

    // Session storage: restore once in the browser, then save every change.
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

    // The live eligibility feedback, for the location and customer ID as they are typed.
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

    // A new step takes the focus (its heading), so that keyboard and screen-reader users
    // follow; not on the first render.
    let step = Memo::new(move |_| draft.with(|d| d.step));
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
            Some(created) => view! { <Done created back=back_for_done.clone() /> }.into_any(),
            None => view! {
                <div class="wizard">
                    <Stepper />
                    <section class="card wizard-step" aria-labelledby="wizard-step-title">
                        <ErrorSummary />
                        {move || match step.get() {
                            WizardStep::Name => view! { <NameStep /> }.into_any(),
                            WizardStep::Location => view! { <LocationStep /> }.into_any(),
                            WizardStep::Customer => view! { <CustomerStep /> }.into_any(),
                            WizardStep::Engagements => view! { <EngagementsStep /> }.into_any(),
                            WizardStep::Contacts => view! { <ContactsStep /> }.into_any(),
                            WizardStep::Review => view! { <ReviewStep /> }.into_any(),
                        }}
                    </section>
                </div>
            }
            .into_any(),
        }}
    }
}

fn step_label(i18n: I18nContext<Locale>, step: WizardStep) -> &'static str {
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
fn Stepper() -> impl IntoView {
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

/// GOV.UK's error summary: what is wrong, each line a link to its field.
#[component]
fn ErrorSummary() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let show = move || !ctx.errors.with(Vec::is_empty) || ctx.problem.with(Option::is_some);
    view! {
        <div id="error-summary" class="message message-error error-summary" role="alert" tabindex="-1" class:hidden=move || !show()>
            {move || show().then(|| view! {
                <h2 class="message-title">{move || t_string!(i18n, error_summary_title)}</h2>
                {move || ctx.problem.get().map(|problem| view! { <Problem problem /> })}
                <ul class="error-list">
                    {move || ctx.errors.get().into_iter().map(|error| {
                        let target = format!("field-{}", error.field);
                        let href = format!("#{target}");
                        let text = error.message_in(Ctx::french(i18n)).to_owned();
                        view! {
                            <li>
                                <a href=href on:click=move |ev| {
                                    ev.prevent_default();
                                    focus_by_id(&target);
                                }>{text}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}

fn focus_by_id(_id: &str) {
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

/// A refusal that is not about one field: a race, ineligibility, the network.
#[component]
fn Problem(problem: AppError) -> impl IntoView {
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
    view! {
        <p>{move || error_message(i18n, &problem)}</p>
        {details}
    }
}

/// A text input bound to one field of the draft, with its label, hint and error.
#[component]
fn TextField(
    name: &'static str,
    label: Signal<String>,
    #[prop(optional)] hint: Option<Signal<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    view! {
        <TextInput
            name
            label
            hint
            kind
            autocomplete
            value=Signal::derive(move || ctx.draft.with(|d| get_field(&d.request, name)))
            on_input=Callback::new(move |value| ctx.draft.update(|d| set_field(&mut d.request, name, value)))
            error=Signal::derive(move || ctx.field_error(name, i18n))
        />
    }
}

/// The heading of a step: "Step 2 of 6" and its name; takes the focus when the step opens.
#[component]
fn StepTitle() -> impl IntoView {
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
fn StepButtons(#[prop(optional)] final_label: Option<Signal<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let has_back = ctx.previous_step().is_some();
    let label = move || match &final_label {
        Some(_) if ctx.busy.get() => match ctx.mode {
            Mode::Add => t_string!(i18n, wizard_adding).to_string(),
            Mode::Claim => t_string!(i18n, wizard_claiming).to_string(),
        },
        Some(label) => label.get(),
        None if ctx.busy.get() => t_string!(i18n, wizard_checking).to_string(),
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
            <button type="submit" class="button button-primary" aria-disabled=move || ctx.busy.get().to_string()>
                {label}
            </button>
            {move || ctx.busy.get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
        </div>
    }
}

/// A step's form: Enter or the Next button leaves the step.
fn on_submit(ctx: Ctx) -> impl Fn(leptos::ev::SubmitEvent) + 'static {
    move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if ctx.step() == WizardStep::Review {
            ctx.create();
        } else {
            ctx.next();
        }
    }
}

#[component]
fn NameStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <TextField
                name="friendly_name"
                label=Signal::derive(move || t_string!(i18n, field_friendly_name).to_string())
                hint=Signal::derive(move || t_string!(i18n, field_friendly_name_hint).to_string())
            />
            <StepButtons />
        </form>
    }
}

#[component]
fn LocationStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let locations = ctx.start.with_value(|s| s.locations.clone());
    let error = move || ctx.field_error("location_id", i18n);
    let first_usable = locations.iter().find(|l| l.usable).map(|l| l.id.clone());
    let empty = first_usable.is_none();
    let items = locations
        .into_iter()
        .map(|location| {
            let id = location.id.clone();
            let input_id = if Some(&id) == first_usable.as_ref() {
                "field-location_id".to_owned()
            } else {
                format!("location-{id}")
            };
            let value = id.clone();
            let checked = {
                let id = id.clone();
                move || ctx.draft.with(|d| d.request.location_id == id)
            };
            let usable = location.usable;
            let reason_id = format!("location-{id}-reason");
            view! {
                <div class="choice" class:choice-disabled=!usable>
                    <input
                        type="radio"
                        name="location"
                        id=input_id.clone()
                        value=value.clone()
                        disabled=!usable
                        prop:checked=checked
                        aria-describedby=(!usable).then(|| reason_id.clone())
                        on:change=move |_| {
                            let value = value.clone();
                            ctx.draft.update(|d| d.request.location_id = value);
                        }
                    />
                    <label for=input_id>
                        <span class="cell-title">{location.name.clone()}</span>
                        <span class="cell-sub">{format!("{} · {}", location.id, location.country)}</span>
                    </label>
                    {(!usable).then(|| view! {
                        <p class="choice-note" id=reason_id>{move || match ctx.mode {
                            Mode::Add => t_string!(i18n, location_not_eligible_any),
                            Mode::Claim => t_string!(i18n, location_not_eligible_this),
                        }}</p>
                    })}
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <fieldset class="field" class:field-invalid=move || error().is_some()>
                <legend>{move || t_string!(i18n, field_location)}</legend>
                <p class="field-hint">{move || t_string!(i18n, field_location_hint)}</p>
                {move || error().map(|m| view! { <p class="field-error">{m}</p> })}
                {empty.then(|| view! { <p class="message message-info">{move || t_string!(i18n, location_none)}</p> })}
                <div class="choices">{items}</div>
            </fieldset>
            <StepButtons />
        </form>
    }
}

#[component]
fn CustomerStep() -> impl IntoView {
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
    let type_error = move || ctx.field_error("customer_id_type", i18n);
    // A format error while typing comes from the shared parser, before any request.
    let value_error = move || {
        ctx.field_error("customer_id_value", i18n).or_else(|| {
            ctx.feedback.with(|f| match f {
                Feedback::Format(e) => Some(if Ctx::french(i18n) {
                    e.message_fr()
                } else {
                    e.message_en()
                }),
                _ => None,
            })
        })
    };
    let hint = move || {
        ctx.draft.with(|d| {
            CustomerIdType::from_code(&d.request.customer_id_type).map(|k| {
                if Ctx::french(i18n) {
                    k.field().format_hint_fr()
                } else {
                    k.field().format_hint_en()
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
                            .map(|e| e.message_in(Ctx::french(i18n)).to_owned())
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

#[component]
fn EngagementsStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let error = move || ctx.field_error("engagement_ids", i18n);
    let toggle = move |id: i64, variable: bool, on: bool| {
        let ranges: Vec<(i64, bool)> = ctx.feedback.with_untracked(|f| match f {
            Feedback::Ready(check) => check
                .engagements
                .iter()
                .map(|e| (e.engagement_id, e.hours_range.is_some()))
                .collect(),
            _ => Vec::new(),
        });
        let is_variable = |e: &i64| ranges.iter().any(|(id, v)| id == e && *v);
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
fn eligible_ranges(ctx: &Ctx) -> Vec<(i64, Option<(u32, u32)>)> {
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
    let error = move || ctx.field_error("hours", i18n);
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

/// Whether the contact's e-mail needs a mismatch reason (the domain's rule, on the tenant's
/// domains from the last feedback).
fn mismatch_needed(ctx: &Ctx) -> bool {
    let (kind, value, email) = ctx.draft.with(|d| {
        (
            d.request.customer_id_type.clone(),
            d.request.customer_id_value.clone(),
            d.request.contact_email.clone(),
        )
    });
    let Some(kind) = CustomerIdType::from_code(&kind) else {
        return false;
    };
    let (Ok(id), Ok(email)) = (CustomerId::parse(kind, &value), EmailAddress::parse(&email)) else {
        return false;
    };
    let domains: Vec<DomainName> = ctx.feedback.with(|f| match f {
        Feedback::Ready(check) => check
            .tenant_domains
            .iter()
            .filter_map(|d| DomainName::parse(d).ok())
            .collect(),
        _ => Vec::new(),
    });
    !domains.is_empty() && contact_domain_mismatch(&id, &domains, &email)
}

#[component]
fn ContactsStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let label = move |key: fn(I18nContext<Locale>) -> &'static str| {
        Signal::derive(move || key(i18n).to_string())
    };
    let reason_error = move || ctx.field_error("mismatch_reason", i18n);
    // The server may ask for a reason even before the browser knows the tenant's domains.
    let show_mismatch = move || {
        mismatch_needed(&ctx)
            || reason_error().is_some()
            || ctx.field_error("mismatch_details", i18n).is_some()
    };
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <fieldset class="field-group">
                <legend>{move || t_string!(i18n, contacts_customer)}</legend>
                <TextField name="contact_email" kind="email" autocomplete="off" label=label(|i| t_string!(i, field_contact_email)) />
                <TextField name="contact_name" label=label(|i| t_string!(i, field_contact_name)) />
                <TextField name="contact_phone" kind="tel" label=label(|i| t_string!(i, field_contact_phone)) hint=label(|i| t_string!(i, field_contact_phone_hint)) />
                <LanguageSelect
                    label=label(|i| t_string!(i, field_contact_language))
                    value=Signal::derive(move || ctx.draft.with(|d| d.request.contact_language.clone()))
                    on_change=Callback::new(move |value| ctx.draft.update(|d| d.request.contact_language = value))
                    error=Signal::derive(move || ctx.field_error("contact_language", i18n))
                />
            </fieldset>
            {move || show_mismatch().then(|| view! { <MismatchFields /> })}
            <fieldset class="field-group">
                <legend>{move || t_string!(i18n, contacts_partner)}</legend>
                <TextField name="partner_contact_name" autocomplete="name" label=label(|i| t_string!(i, field_partner_contact_name)) />
                <TextField name="partner_contact_email" kind="email" autocomplete="email" label=label(|i| t_string!(i, field_partner_contact_email)) />
            </fieldset>
            <StepButtons />
        </form>
    }
}

#[component]
fn MismatchFields() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    view! {
        <MismatchInputs
            reason=Signal::derive(move || ctx.draft.with(|d| d.request.mismatch_reason.clone()))
            on_reason=Callback::new(move |code| ctx.draft.update(|d| d.request.mismatch_reason = code))
            reason_error=Signal::derive(move || ctx.field_error("mismatch_reason", i18n))
            details=Signal::derive(move || ctx.draft.with(|d| d.request.mismatch_details.clone()))
            on_details=Callback::new(move |value| ctx.draft.update(|d| d.request.mismatch_details = value))
            details_error=Signal::derive(move || ctx.field_error("mismatch_details", i18n))
        />
    }
}

#[component]
fn ReviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let d = move || ctx.draft.get().request;
    let location_name = move || {
        let id = ctx.draft.with(|d| d.request.location_id.clone());
        ctx.start.with_value(|s| {
            s.locations
                .iter()
                .find(|l| l.id == id)
                .map(|l| format!("{} ({})", l.name, l.id))
                .unwrap_or(id)
        })
    };
    let customer_name = move || {
        ctx.feedback.with(|f| match f {
            Feedback::Ready(check) => check.customer_name.clone(),
            _ => None,
        })
    };
    let edit = move |step: WizardStep| {
        view! {
            <button type="button" class="button button-subtle edit-link" on:click=move |_| ctx.go_to(step)>
                {move || t_string!(i18n, wizard_edit)}
                <span class="visually-hidden">" "{move || step_label(i18n, step)}</span>
            </button>
        }
    };
    let has_customer_step = ctx.mode.steps().contains(&WizardStep::Customer);
    let final_label = Signal::derive(move || match ctx.mode {
        Mode::Add => t_string!(i18n, wizard_add_button).to_string(),
        Mode::Claim => t_string!(i18n, wizard_claim_button).to_string(),
    });
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <section class="review-section">
                <div class="review-heading"><h3>{move || step_label(i18n, WizardStep::Name)}</h3>{edit(WizardStep::Name)}</div>
                <p>{move || d().friendly_name}</p>
            </section>
            <section class="review-section">
                <div class="review-heading"><h3>{move || step_label(i18n, WizardStep::Location)}</h3>{edit(WizardStep::Location)}</div>
                <p>{location_name}</p>
            </section>
            <section class="review-section">
                <div class="review-heading">
                    <h3>{move || step_label(i18n, WizardStep::Customer)}</h3>
                    {has_customer_step.then(|| edit(WizardStep::Customer))}
                </div>
                <p>
                    <span class="cell-title">{customer_name}</span>
                    <span class="cell-sub">{move || id_type_label(i18n, &d().customer_id_type)}</span>
                    <span class="mono">{move || d().customer_id_value}</span>
                </p>
            </section>
            <section class="review-section">
                <div class="review-heading"><h3>{move || step_label(i18n, WizardStep::Engagements)}</h3>{edit(WizardStep::Engagements)}</div>
                {move || ctx.preview.get().map(|preview| view! {
                    <table class="data-table review-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || t_string!(i18n, col_engagement)}</th>
                                <th scope="col" class="numeric">{move || t_string!(i18n, claim_hours)}</th>
                                <th scope="col" class="numeric">{move || t_string!(i18n, claim_payment)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {preview.lines.into_iter().map(|line| {
                                let money = line.proposed_payment.clone();
                                view! {
                                    <tr data-testid="preview-line">
                                        <th scope="row">{line.engagement_name.clone()}</th>
                                        <td class="numeric">{line.hours.map(|h| h.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                                        <td class="numeric" data-testid="proposed-payment">{move || if Ctx::french(i18n) { money.format_fr() } else { money.format_en() }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
                {move || {
                    let variable = ctx.preview.with(|p| p.as_ref().is_some_and(|p| p.lines.iter().any(|l| l.hours.is_some())));
                    variable.then(|| view! { <p class="field-hint">{move || t_string!(i18n, hours_fixed_note)}</p> })
                }}
            </section>
            <section class="review-section">
                <div class="review-heading"><h3>{move || step_label(i18n, WizardStep::Contacts)}</h3>{edit(WizardStep::Contacts)}</div>
                <dl class="fields">
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_contact)}</dt>
                        <dd>{move || d().contact_name}" · "{move || d().contact_email}</dd>
                    </div>
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_phone)}</dt>
                        <dd>{move || { let p = d().contact_phone; if p.trim().is_empty() { "—".to_owned() } else { p } }}</dd>
                    </div>
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_language)}</dt>
                        <dd>{move || if d().contact_language == "fr" { "Français" } else { "English" }}</dd>
                    </div>
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_partner_contact)}</dt>
                        <dd>{move || d().partner_contact_name}" · "{move || d().partner_contact_email}</dd>
                    </div>
                </dl>
            </section>
            <StepButtons final_label />
        </form>
    }
}

/// The confirmation: the claims created, each a link.
#[component]
fn Done(created: Vec<CreatedClaim>, back: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let add_again = ctx
        .start
        .with_value(|s| format!("/engagements/{}/add-customer", s.engagement_id));
    view! {
        <section class="card wizard-done" aria-labelledby="wizard-done-title">
            <h2 id="wizard-done-title" tabindex="-1">{move || match ctx.mode {
                Mode::Add => t_string!(i18n, wizard_done_added),
                Mode::Claim => t_string!(i18n, wizard_done_claimed),
            }}</h2>
            <p>{move || t_string!(i18n, wizard_done_body)}</p>
            <ul class="plain-list">
                {created.into_iter().map(|c| {
                    let href = format!("/claims/{}", c.claim_ref);
                    view! {
                        <li>
                            <a class="mono" href=href data-testid="created-claim">{c.claim_ref.clone()}</a>
                            " — "{c.engagement_name.clone()}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="wizard-buttons">
                <a class="button button-primary" href=back>{move || t_string!(i18n, wizard_back_to_customers)}</a>
                <a class="button" href=add_again rel="external">{move || t_string!(i18n, wizard_add_another)}</a>
            </div>
        </section>
    }
}
