//! The Send consent flow (`/claims/:claim_ref/consent`): review the contacts, review the e-mail,
//! send. The same page re-sends while the claim awaits consent.

use super::api::{get_consent_flow, send_consent};
use super::model::{ConsentContacts, ConsentFlow};
use crate::auth::Role;
use crate::components::form::{focus_after_render, LanguageSelect, MismatchInputs, TextInput};
use crate::components::format::{format_date_time, time_left_text};
use crate::components::layout::RequireRole;
use crate::components::status::{error_message, ErrorPanel, Loading};
use crate::error::{AppError, FieldError, NeededRole};
use crate::i18n::*;
use domain::{contact_domain_mismatch, DomainName, EmailAddress};
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
struct Form {
    flow: StoredValue<ConsentFlow>,
    contacts: RwSignal<ConsentContacts>,
    /// 1: contacts, 2: review.
    step: RwSignal<u8>,
    errors: RwSignal<Vec<FieldError>>,
    problem: RwSignal<Option<AppError>>,
    busy: RwSignal<bool>,
    /// The address the e-mail went to, once sent.
    sent: RwSignal<Option<String>>,
}

impl Form {
    fn french(i18n: I18nContext<Locale>) -> bool {
        i18n.get_locale() == Locale::fr
    }

    fn field_error(self, name: &str, i18n: I18nContext<Locale>) -> Option<String> {
        self.errors.with(|errors| {
            errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message_in(Self::french(i18n)).to_owned())
        })
    }

    /// Asks the server: with `dry_run` to leave the contacts step, without to send.
    fn submit(self, dry_run: bool) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.problem.set(None);
        let claim_ref = self.flow.with_value(|f| f.claim_ref.clone());
        let contacts = self.contacts.get_untracked();
        spawn_local(async move {
            let answer = send_consent(claim_ref, contacts.clone(), dry_run).await;
            self.busy.set(false);
            match answer {
                Ok(_) => {
                    self.errors.set(Vec::new());
                    if dry_run {
                        self.step.set(2);
                        focus_after_render("consent-step-title");
                    } else {
                        self.sent
                            .set(Some(contacts.contact_email.trim().to_owned()));
                        focus_after_render("consent-sent-title");
                    }
                }
                Err(AppError::Validation(errors)) => {
                    self.errors.set(errors);
                    self.step.set(1);
                    focus_after_render("error-summary");
                }
                Err(error) => {
                    self.problem.set(Some(error));
                    focus_after_render("error-summary");
                }
            }
        });
    }

    /// Whether the contact's e-mail needs a mismatch reason (mirrors the server's rule).
    fn mismatch_needed(self) -> bool {
        let (id, domains) = self
            .flow
            .with_value(|f| (f.customer_id.clone(), f.tenant_domains.clone()));
        let email = self.contacts.with(|c| c.contact_email.clone());
        let Ok(email) = EmailAddress::parse(&email) else {
            return false;
        };
        let domains: Vec<DomainName> = domains
            .iter()
            .filter_map(|d| DomainName::parse(d).ok())
            .collect();
        !domains.is_empty() && contact_domain_mismatch(&id, &domains, &email)
    }
}

fn get(c: &ConsentContacts, name: &str) -> String {
    match name {
        "contact_email" => c.contact_email.clone(),
        "contact_name" => c.contact_name.clone(),
        "contact_phone" => c.contact_phone.clone(),
        "partner_contact_name" => c.partner_contact_name.clone(),
        "partner_contact_email" => c.partner_contact_email.clone(),
        _ => String::new(),
    }
}

fn set(c: &mut ConsentContacts, name: &str, value: String) {
    match name {
        "contact_email" => c.contact_email = value,
        "contact_name" => c.contact_name = value,
        "contact_phone" => c.contact_phone = value,
        "partner_contact_name" => c.partner_contact_name = value,
        "partner_contact_email" => c.partner_contact_email = value,
        _ => {}
    }
}

#[component]
fn SendConsent(flow: ConsentFlow) -> impl IntoView {
    let i18n = use_i18n();
    let form = Form {
        contacts: RwSignal::new(flow.contacts.clone()),
        flow: StoredValue::new(flow),
        step: RwSignal::new(1),
        errors: RwSignal::new(Vec::new()),
        problem: RwSignal::new(None),
        busy: RwSignal::new(false),
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
            <a href=claim_href.clone() class="mono">{claim_ref.clone()}</a>
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
                        <Problems />
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
    let form = expect_context::<Form>();
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
    let form = expect_context::<Form>();
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

/// What is wrong: each field error a link to its field, or a refusal of the whole request.
#[component]
fn Problems() -> impl IntoView {
    let i18n = use_i18n();
    let form = expect_context::<Form>();
    let show = move || !form.errors.with(Vec::is_empty) || form.problem.with(Option::is_some);
    view! {
        <div id="error-summary" class="message message-error error-summary" role="alert" tabindex="-1" class:hidden=move || !show()>
            {move || show().then(|| view! {
                <h2 class="message-title">{move || t_string!(i18n, error_summary_title)}</h2>
                {move || form.problem.get().map(|problem| view! { <p>{move || error_message(i18n, &problem)}</p> })}
                <ul class="error-list">
                    {move || form.errors.get().into_iter().map(|error| {
                        let href = format!("#field-{}", error.field);
                        let text = error.message_in(Form::french(i18n)).to_owned();
                        view! { <li><a href=href>{text}</a></li> }
                    }).collect_view()}
                </ul>
            })}
        </div>
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
    let form = expect_context::<Form>();
    let label = move |key: fn(I18nContext<Locale>) -> &'static str| {
        Signal::derive(move || key(i18n).to_string())
    };
    let field = move |name: &'static str,
                      key: fn(I18nContext<Locale>) -> &'static str,
                      kind: &'static str,
                      autocomplete: &'static str| {
        view! {
            <TextInput
                name
                kind
                autocomplete
                label=label(key)
                value=Signal::derive(move || form.contacts.with(|c| get(c, name)))
                on_input=Callback::new(move |value| form.contacts.update(|c| set(c, name, value)))
                error=Signal::derive(move || form.field_error(name, i18n))
            />
        }
    };
    let show_mismatch = move || {
        form.mismatch_needed()
            || form.field_error("mismatch_reason", i18n).is_some()
            || form.field_error("mismatch_details", i18n).is_some()
    };
    view! {
        <form class="form" novalidate on:submit=move |ev| {
            ev.prevent_default();
            form.submit(true);
        }>
            {step_title(i18n, 1)}
            <p class="lead">{move || t_string!(i18n, consent_contacts_intro)}</p>
            <fieldset class="field-group">
                <legend>{move || t_string!(i18n, contacts_customer)}</legend>
                {field("contact_email", |i| t_string!(i, field_contact_email), "email", "off")}
                {field("contact_name", |i| t_string!(i, field_contact_name), "text", "off")}
                <TextInput
                    name="contact_phone"
                    kind="tel"
                    label=label(|i| t_string!(i, field_contact_phone))
                    hint=Some(label(|i| t_string!(i, field_contact_phone_hint)))
                    value=Signal::derive(move || form.contacts.with(|c| c.contact_phone.clone()))
                    on_input=Callback::new(move |value| form.contacts.update(|c| c.contact_phone = value))
                    error=Signal::derive(move || form.field_error("contact_phone", i18n))
                />
                <LanguageSelect
                    label=label(|i| t_string!(i, field_contact_language))
                    value=Signal::derive(move || form.contacts.with(|c| c.contact_language.clone()))
                    on_change=Callback::new(move |value| form.contacts.update(|c| c.contact_language = value))
                    error=Signal::derive(move || form.field_error("contact_language", i18n))
                />
            </fieldset>
            {move || show_mismatch().then(|| view! {
                <MismatchInputs
                    reason=Signal::derive(move || form.contacts.with(|c| c.mismatch_reason.clone()))
                    on_reason=Callback::new(move |code| form.contacts.update(|c| c.mismatch_reason = code))
                    reason_error=Signal::derive(move || form.field_error("mismatch_reason", i18n))
                    details=Signal::derive(move || form.contacts.with(|c| c.mismatch_details.clone()))
                    on_details=Callback::new(move |value| form.contacts.update(|c| c.mismatch_details = value))
                    details_error=Signal::derive(move || form.field_error("mismatch_details", i18n))
                />
            })}
            <fieldset class="field-group">
                <legend>{move || t_string!(i18n, contacts_partner)}</legend>
                {field("partner_contact_name", |i| t_string!(i, field_partner_contact_name), "text", "name")}
                {field("partner_contact_email", |i| t_string!(i, field_partner_contact_email), "email", "email")}
            </fieldset>
            <div class="wizard-buttons">
                <button type="submit" class="button button-primary" aria-disabled=move || form.busy.get().to_string()>
                    {move || if form.busy.get() { t_string!(i18n, consent_checking) } else { t_string!(i18n, consent_next_review) }}
                </button>
                {move || form.busy.get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
            </div>
        </form>
    }
}

#[component]
fn ReviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let form = expect_context::<Form>();
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
                <button type="submit" class="button button-primary" disabled=blocked aria-disabled=move || form.busy.get().to_string()>
                    {move || if form.busy.get() {
                        t_string!(i18n, consent_sending)
                    } else if resend {
                        t_string!(i18n, consent_resend_button)
                    } else {
                        t_string!(i18n, consent_send_button)
                    }}
                </button>
                {move || form.busy.get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
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
