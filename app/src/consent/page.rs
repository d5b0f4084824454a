//! The Send consent flow (`/claims/:claim_ref/consent`): review the contacts, review the e-mail,
//! send. The same page re-sends while the claim awaits consent.

use super::api::{get_consent_flow, send_consent};
use super::model::ConsentFlow;
use crate::auth::Role;
use crate::claims::model::ContactsForm;
use crate::components::contacts::ContactsFieldset;
use crate::components::form::{focus_after_render, ErrorSummary, FormState};
use crate::components::format::{format_date_time, time_left_text};
use crate::components::layout::RequireRole;
use crate::components::status::{ErrorPanel, Loading};
use crate::error::{AppError, NeededRole};
use crate::i18n::*;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SendConsentRoute() -> impl IntoView {
    view! {
        <RequireRole allowed=Role::has_incentives_role needed=NeededRole::Incentives>
            <SendConsentLoader />
        </RequireRole>
    }
}

#[component]
fn SendConsentLoader() -> impl IntoView {
    let params = use_params_map();
    let flow = Resource::new(
        move || params.with(|p| p.get("claim_ref")).unwrap_or_default(),
        get_consent_flow,
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match flow.await {
                    Ok(flow) => view! { <SendConsent flow /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The flow's state, shared by its steps.
#[derive(Clone, Copy)]
struct Flow {
    flow: StoredValue<ConsentFlow>,
    contacts: RwSignal<ContactsForm>,
    /// 1: contacts, 2: review.
    step: RwSignal<u8>,
    form: FormState,
    /// The address the e-mail went to, once sent.
    sent: RwSignal<Option<String>>,
}

/// The id of the flow's error summary.
const SUMMARY_ID: &str = "error-summary";

impl Flow {
    /// Asks the server: with `dry_run` to leave the contacts step, without to send.
    fn submit(self, dry_run: bool) {
        if self.form.busy.get_untracked() {
            return;
        }
        self.form.busy.set(true);
        self.form.problem.set(None);
        let claim_ref = self.flow.with_value(|f| f.claim_ref.clone());
        let contacts = self.contacts.get_untracked();
        spawn_local(async move {
            let answer = send_consent(claim_ref.to_string(), contacts.clone(), dry_run).await;
            self.form.busy.set(false);
            match answer {
                Ok(_) => {
                    self.form.errors.set(Vec::new());
                    if dry_run {
                        self.step.set(2);
                        focus_after_render("consent-step-title");
                    } else {
                        self.sent
                            .set(Some(contacts.contact_email.trim().to_owned()));
                        focus_after_render("consent-sent-title");
                    }
                }
                Err(error) => {
                    if matches!(error, AppError::Validation(_)) {
                        self.step.set(1);
                    }
                    self.form.refused(error, SUMMARY_ID);
                }
            }
        });
    }

    /// Whether the contact's e-mail needs a mismatch reason (mirrors the server's rule).
    fn mismatch_needed(self) -> Signal<bool> {
        Signal::derive(move || {
            self.flow.with_value(|f| {
                self.contacts
                    .with(|c| c.mismatch_needed(&f.customer_id, &f.tenant_domains))
            })
        })
    }
}

#[component]
fn SendConsent(flow: ConsentFlow) -> impl IntoView {
    let i18n = use_i18n();
    let form = Flow {
        contacts: RwSignal::new(flow.contacts.clone()),
        flow: StoredValue::new(flow),
        step: RwSignal::new(1),
        form: FormState::new(),
        sent: RwSignal::new(None),
    };
    provide_context(form);
    let (claim_ref, engagement_id, engagement_name, resend) = form.flow.with_value(|f| {
        (
            f.claim_ref.clone(),
            f.engagement_id,
            f.engagement_name.clone(),
            f.resend,
        )
    });
    let title = move || {
        if resend {
            t_string!(i18n, consent_flow_resend_title)
        } else {
            t_string!(i18n, consent_flow_send_title)
        }
    };
    let customers = format!("/engagements/{engagement_id}/customers");
    let claim_href = format!("/claims/{claim_ref}");
    view! {
        {move || view! { <Title text=title().to_string() /> }}
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, breadcrumb)>
            <a href="/engagements">{move || t_string!(i18n, nav_engagements)}</a>
            <span aria-hidden="true">" / "</span>
            <a href=customers.clone()>{engagement_name}</a>
            <span aria-hidden="true">" / "</span>
            <a href=claim_href.clone() class="mono">{claim_ref.to_string()}</a>
        </nav>
        <div class="page-heading">
            <h1>{title}</h1>
        </div>
        {move || match form.sent.get() {
            Some(email) => view! { <Sent email claim_href=claim_href.clone() customers=customers.clone() /> }.into_any(),
            None => view! {
                <Blocked />
                <div class="wizard">
                    <Steps />
                    <section class="card wizard-step" aria-labelledby="consent-step-title">
                        <ErrorSummary id=SUMMARY_ID errors=form.form.errors problem=form.form.problem />
                        {move || if form.step.get() == 1 {
                            view! { <ContactsStep /> }.into_any()
                        } else {
                            view! { <ReviewStep /> }.into_any()
                        }}
                    </section>
                </div>
            }
            .into_any(),
        }}
    }
}

/// Why the e-mail cannot go now, when it cannot.
#[component]
fn Blocked() -> impl IntoView {
    let i18n = use_i18n();
    let form = expect_context::<Flow>();
    let (blocked, max, next) = form
        .flow
        .with_value(|f| (f.blocked.clone(), f.resends_max, f.next_send_at));
    blocked.map(|code| {
        let text = move || match code.as_str() {
            "resend_limit" => t_string!(i18n, consent_blocked_limit, max = max).to_string(),
            "too_soon" => {
                let at = format_date_time(next.unwrap_or_default(), i18n.get_locale());
                t_string!(i18n, consent_blocked_too_soon, at = at).to_string()
            }
            _ => t_string!(i18n, consent_blocked_status).to_string(),
        };
        view! { <div class="message message-warning" role="status" data-testid="consent-blocked">{text}</div> }
    })
}

#[component]
fn Steps() -> impl IntoView {
    let i18n = use_i18n();
    let form = expect_context::<Flow>();
    let item = move |number: u8, label: fn(I18nContext<Locale>) -> &'static str| {
        let state = move || match form.step.get().cmp(&number) {
            std::cmp::Ordering::Equal => "current",
            std::cmp::Ordering::Greater => "done",
            std::cmp::Ordering::Less => "todo",
        };
        view! {
            <li class=move || format!("stepper-item stepper-{}", state())
                aria-current=move || (state() == "current").then_some("step")>
                <span class="stepper-number" aria-hidden="true">{number}</span>
                <span class="stepper-label">{move || label(i18n)}</span>
            </li>
        }
    };
    view! {
        <nav class="stepper" aria-label=move || t_string!(i18n, consent_steps)>
            <ol>
                {item(1, |i| t_string!(i, consent_step_contacts))}
                {item(2, |i| t_string!(i, consent_step_review))}
            </ol>
        </nav>
    }
}

fn step_title(i18n: I18nContext<Locale>, number: u8) -> impl IntoView {
    view! {
        <p class="cell-sub">{move || t_string!(i18n, consent_step_label, number = number)}</p>
        <h2 id="consent-step-title" tabindex="-1">{move || if number == 1 {
            t_string!(i18n, consent_step_contacts)
        } else {
            t_string!(i18n, consent_step_review)
        }}</h2>
    }
}

#[component]
fn ContactsStep() -> impl IntoView {
    let i18n = use_i18n();
    let form = expect_context::<Flow>();
    let busy = form.form.busy;
    view! {
        <form class="form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            form.submit(true);
        }>
            {step_title(i18n, 1)}
            <p class="lead">{move || t_string!(i18n, consent_contacts_intro)}</p>
            <ContactsFieldset
                contacts=form.contacts.into()
                on_input=Callback::new(move |(field, value)| form.contacts.update(|c| c.set(field, value)))
                form=form.form
                mismatch_needed=form.mismatch_needed()
            />
            <div class="wizard-buttons">
                <button type="submit" class="button button-primary" aria-disabled=move || busy.get().to_string()>
                    {move || if busy.get() { t_string!(i18n, consent_checking) } else { t_string!(i18n, consent_next_review) }}
                </button>
                {move || busy.get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
            </div>
        </form>
    }
}

#[component]
fn ReviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let form = expect_context::<Flow>();
    let c = move || form.contacts.get();
    let (resend, used, max, deadline, now, customer, engagement, blocked) =
        form.flow.with_value(|f| {
            (
                f.resend,
                f.resends_used,
                f.resends_max,
                f.consent_deadline,
                f.now,
                f.customer_name
                    .clone()
                    .unwrap_or_else(|| f.customer_id.display_value()),
                f.engagement_name.clone(),
                f.blocked.is_some(),
            )
        });
    view! {
        <form class="form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            form.submit(false);
        }>
            {step_title(i18n, 2)}
            <p class="lead">{move || t_string!(i18n, consent_review_intro, name = c().contact_name)}</p>
            <dl class="fields">
                <div class="field-row">
                    <dt>{move || t_string!(i18n, consent_review_to)}</dt>
                    <dd data-testid="consent-to">{move || format!("{} <{}>", c().contact_name.trim(), c().contact_email.trim())}</dd>
                </div>
                <div class="field-row">
                    <dt>{move || t_string!(i18n, consent_review_language)}</dt>
                    <dd>{move || if c().contact_language == "fr" { "Français" } else { "English" }}</dd>
                </div>
                <div class="field-row">
                    <dt>{move || t_string!(i18n, col_customer)}</dt>
                    <dd>{customer}</dd>
                </div>
                <div class="field-row">
                    <dt>{move || t_string!(i18n, col_engagement)}</dt>
                    <dd>{engagement}</dd>
                </div>
                {deadline.map(|at| view! {
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, consent_review_deadline)}</dt>
                        <dd>
                            {move || format_date_time(at, i18n.get_locale())}" "
                            <span class="badge badge-info">{move || time_left_text(at, now, i18n.get_locale())}</span>
                        </dd>
                    </div>
                })}
                <div class="field-row">
                    <dt>{move || t_string!(i18n, consent_review_partner)}</dt>
                    <dd>{move || format!("{} <{}>", c().partner_contact_name.trim(), c().partner_contact_email.trim())}</dd>
                </div>
            </dl>
            {resend.then(|| view! {
                <p class="message message-info">{move || t_string!(i18n, consent_resend_note, used = used, max = max)}</p>
            })}
            <div class="wizard-buttons">
                <button type="button" class="button" on:click=move |_| {
                    form.step.set(1);
                    focus_after_render("consent-step-title");
                }>{move || t_string!(i18n, consent_back)}</button>
                <button type="submit" class="button button-primary" disabled=blocked aria-disabled=move || form.form.busy.get().to_string()>
                    {move || if form.form.busy.get() {
                        t_string!(i18n, consent_sending)
                    } else if resend {
                        t_string!(i18n, consent_resend_button)
                    } else {
                        t_string!(i18n, consent_send_button)
                    }}
                </button>
                {move || form.form.busy.get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
            </div>
        </form>
    }
}

#[component]
fn Sent(email: String, claim_href: String, customers: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card wizard-done" aria-labelledby="consent-sent-title">
            <h2 id="consent-sent-title" tabindex="-1">{move || t_string!(i18n, consent_sent_title)}</h2>
            <p data-testid="consent-sent">{move || t_string!(i18n, consent_sent_body, email = email.clone())}</p>
            <div class="wizard-buttons">
                <a class="button button-primary" href=claim_href>{move || t_string!(i18n, consent_view_claim)}</a>
                <a class="button" href=customers>{move || t_string!(i18n, consent_back_to_customers)}</a>
            </div>
        </section>
    }
}
