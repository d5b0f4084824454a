//! The programme console's review of one claim (`/programme/claims/:claim_ref`): the claim, the
//! decisions open on it, and recording its payment.

use super::api::{get_review_claim, RecordPayment, ReviewClaim};
use super::model::needs_message;
use super::queue_page::is_reviewer;
use crate::claims::model::ClaimDetail;
use crate::claims::page::action_text;
use crate::claims::parts::{field_row, ClaimHistory, DeadlineBox, PaymentLine};
use crate::components::form::{field_error, ErrorSummary, TextInput};
use crate::components::format::{format_date, status_label};
use crate::components::layout::RequireRole;
use crate::components::status::{count_successes, ErrorPanel, Loading};
use crate::engagements::page::id_type_label;
use crate::error::{AppError, FieldError, NeededRole};
use crate::i18n::*;
use crate::submission::page::SubmissionsCard;
use domain::{ClaimAction, ClaimStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReviewClaimRoute() -> impl IntoView {
    view! {
        <RequireRole allowed=is_reviewer needed=NeededRole::ProgrammeReviewer>
            <ReviewLoader />
        </RequireRole>
    }
}

#[component]
fn ReviewLoader() -> impl IntoView {
    let params = use_params_map();
    let decide = ServerAction::<ReviewClaim>::new();
    let pay = ServerAction::<RecordPayment>::new();
    // Read again after a decision or a payment that went through (not after a refused one).
    let applied = RwSignal::new(0u32);
    count_successes(
        move || decide.value().with(|v| matches!(v, Some(Ok(_)))),
        applied,
    );
    count_successes(
        move || pay.value().with(|v| matches!(v, Some(Ok(_)))),
        applied,
    );
    let claim = Resource::new(
        move || {
            (
                params.with(|p| p.get("claim_ref")).unwrap_or_default(),
                applied.get(),
            )
        },
        |(claim_ref, _)| get_review_claim(claim_ref),
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match claim.await {
                    Ok(detail) => view! { <ReviewDetails detail decide pay /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Errors of a server action, split into field errors and a refusal of the whole request.
fn split_errors<T: Clone + Send + Sync + 'static>(
    value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
    errors: RwSignal<Vec<FieldError>>,
    problem: RwSignal<Option<AppError>>,
) {
    Effect::new(move |_| match value.get() {
        Some(Err(AppError::Validation(list))) => {
            errors.set(list);
            problem.set(None);
        }
        Some(Err(error)) => {
            errors.set(Vec::new());
            problem.set(Some(error));
        }
        Some(Ok(_)) => {
            errors.set(Vec::new());
            problem.set(None);
        }
        None => {}
    });
}

#[component]
fn ReviewDetails(
    detail: ClaimDetail,
    decide: ServerAction<ReviewClaim>,
    pay: ServerAction<RecordPayment>,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let status = d.status;
    let now = d.now;
    let id_type = d.customer_id.kind().code();
    let decisions: Vec<ClaimAction> = d
        .available_actions
        .iter()
        .copied()
        .filter(|a| *a != ClaimAction::MarkPaid)
        .collect();
    let can_pay = d.available_actions.contains(&ClaimAction::MarkPaid);
    let deadline = d
        .deadline
        .map(|deadline| view! { <DeadlineBox deadline now /> });
    let dispute_reason = (status == ClaimStatus::Disputed)
        .then(|| {
            d.latest_message(&[ClaimAction::Dispute])
                .map(|(_, m)| m.to_owned())
        })
        .flatten();
    let payment = d.payment.clone();
    let proposed = d.proposed_payment.clone();
    let submissions = d.submissions.clone();
    let evidence = d.consent_evidence.clone();
    let events = d.events.clone();
    let claim_ref = d.claim_ref.clone();
    let today = crate::components::format::iso_date(now);
    view! {
        <Title text=format!("{} · {}", d.claim_ref, d.partner_name) />
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, breadcrumb)>
            <a href="/programme">{move || t_string!(i18n, programme_title)}</a>
            <span aria-hidden="true">" / "</span>
            <a href="/programme/claims">{move || t_string!(i18n, queue_title)}</a>
        </nav>
        <div class="page-heading claim-heading">
            <h1 id="review-title" tabindex="-1">
                {move || t_string!(i18n, claim_title)}" "<span class="mono">{d.claim_ref.to_string()}</span>
            </h1>
            <span class="badge badge-info badge-large" data-testid="review-status">{move || status_label(status, i18n.get_locale())}</span>
        </div>
        <div class="claim-grid">
            <section class="card" aria-labelledby="review-claim">
                <h2 id="review-claim">{move || t_string!(i18n, claim_customer_section)}</h2>
                <dl class="fields">
                    {field_row(move || t_string!(i18n, header_partner), d.partner_name.clone())}
                    {field_row(move || t_string!(i18n, claim_location), d.location_id.clone())}
                    {field_row(move || t_string!(i18n, col_engagement), format!("{} ({})", d.engagement_name, d.engagement_code))}
                    {field_row(move || t_string!(i18n, col_friendly_name), d.friendly_name.clone())}
                    {field_row(move || t_string!(i18n, col_customer), d.customer_name.clone().unwrap_or_default())}
                    <div class="field-row">
                        <dt>{move || id_type_label(i18n, id_type)}</dt>
                        <dd class="mono">{d.customer_id.display_value()}</dd>
                    </div>
                    {field_row(move || t_string!(i18n, claim_contact), format!("{} <{}>", d.contact_name, d.contact_email))}
                    {field_row(move || t_string!(i18n, claim_partner_contact), format!("{} <{}>", d.partner_contact_name, d.partner_contact_email))}
                    {d.consent_at.map(|at| view! {
                        <div class="field-row">
                            <dt>{move || t_string!(i18n, review_consent_on)}</dt>
                            <dd>{move || format_date(at, i18n.get_locale())}</dd>
                        </div>
                    })}
                    {d.completion_date.clone().map(|c| field_row(move || t_string!(i18n, submit_completion_date), c))}
                    {d.hours.map(|h| field_row(move || t_string!(i18n, claim_hours), h.to_string()))}
                    {d.hours_delivered.map(|h| field_row(move || t_string!(i18n, submit_hours_delivered), h.to_string()))}
                    {proposed.clone().map(|m| view! {
                        <div class="field-row">
                            <dt>{move || t_string!(i18n, claim_payment)}</dt>
                            <dd>{move || match i18n.get_locale() { Locale::en => m.format_en(), Locale::fr => m.format_fr() }}</dd>
                        </div>
                    })}
                </dl>
            </section>
            <section class="card" aria-labelledby="review-decision">
                <h2 id="review-decision">{move || t_string!(i18n, review_decision_title)}</h2>
                {payment.map(|payment| view! { <PaymentLine payment /> })}
                {dispute_reason.map(|text| view! {
                    <div class="message message-info review-request" data-testid="dispute-reason">
                        <p class="message-title">{move || t_string!(i18n, review_dispute_reason)}</p>
                        <p class="pre-line">{text}</p>
                    </div>
                })}
                {deadline}
                {(decisions.is_empty() && !can_pay).then(|| view! { <p class="cell-sub">{move || t_string!(i18n, review_nothing_to_decide)}</p> })}
                {(!decisions.is_empty()).then(|| view! { <DecisionForm decide claim_ref=claim_ref.clone().to_string() decisions=decisions.clone() /> })}
                {can_pay.then(|| view! {
                    <PaymentForm pay claim_ref=claim_ref.clone().to_string() today=today.clone() amount=proposed.clone().map(|m| m.plain()).unwrap_or_default() currency=proposed.clone().map(|m| m.currency).unwrap_or_default() />
                })}
            </section>
        </div>
        {evidence.map(|evidence| view! { <crate::consent::evidence::ConsentEvidenceCard evidence /> })}
        {(!submissions.is_empty()).then(|| view! { <SubmissionsCard submissions=submissions.clone() /> })}
        <ClaimHistory events />
    }
}

/// The decisions open on the claim: one message box, one button per decision.
#[component]
fn DecisionForm(
    decide: ServerAction<ReviewClaim>,
    claim_ref: String,
    decisions: Vec<ClaimAction>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<AppError>);
    split_errors(decide.value(), errors, problem);
    let claim_ref = StoredValue::new(claim_ref);
    let pressed = RwSignal::new(None::<ClaimAction>);
    let any_needs_message = decisions.iter().any(|a| needs_message(*a));
    let buttons = decisions
        .into_iter()
        .map(|action| {
            let primary = matches!(
                action,
                ClaimAction::Approve | ClaimAction::ApproveDispute | ClaimAction::StartReview
            );
            let class = if primary {
                "button button-primary"
            } else {
                "button"
            };
            view! {
                <button
                    type="button"
                    class=class
                    disabled=move || decide.pending().get()
                    on:click=move |_| {
                        pressed.set(Some(action));
                        decide.dispatch(ReviewClaim {
                            claim_ref: claim_ref.get_value(),
                            action: action.code().to_owned(),
                            message: message.get_untracked(),
                        });
                    }
                >
                    {move || if decide.pending().get() && pressed.get() == Some(action) {
                        t_string!(i18n, review_saving).to_string()
                    } else {
                        action_text(action, i18n.get_locale()).to_string()
                    }}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="decision-form">
            <ErrorSummary id="decision-errors" errors problem />
            {any_needs_message.then(|| view! {
                <TextInput
                    name="message"
                    rows=Some(4)
                    label=Signal::derive(move || t_string!(i18n, review_message_label).to_string())
                    hint=Some(Signal::derive(move || t_string!(i18n, review_message_hint).to_string()))
                    value=message.into()
                    on_input=Callback::new(move |v| message.set(v))
                    error=field_error(errors, "message", i18n)
                />
            })}
            <div class="claim-actions">{buttons}</div>
        </div>
    }
}

/// Recording the payment of an approved claim.
#[component]
fn PaymentForm(
    pay: ServerAction<RecordPayment>,
    claim_ref: String,
    today: String,
    amount: String,
    currency: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let date = RwSignal::new(today);
    let amount = RwSignal::new(amount);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<AppError>);
    split_errors(pay.value(), errors, problem);
    let claim_ref = StoredValue::new(claim_ref);
    view! {
        <form class="payment-form" on:submit=move |ev| {
            ev.prevent_default();
            pay.dispatch(RecordPayment {
                claim_ref: claim_ref.get_value(),
                payment_date: date.get_untracked(),
                amount: amount.get_untracked(),
            });
        }>
            <h3>{move || t_string!(i18n, payment_title)}</h3>
            <ErrorSummary id="payment-errors" errors problem />
            <TextInput
                name="payment_date"
                kind="date"
                label=Signal::derive(move || t_string!(i18n, payment_date).to_string())
                value=date.into()
                on_input=Callback::new(move |v| date.set(v))
                error=field_error(errors, "payment_date", i18n)
            />
            <TextInput
                name="amount"
                label=Signal::derive(move || t_string!(i18n, payment_amount, currency = currency.clone()).to_string())
                hint=Some(Signal::derive(move || t_string!(i18n, payment_amount_hint).to_string()))
                value=amount.into()
                on_input=Callback::new(move |v| amount.set(v))
                error=field_error(errors, "amount", i18n)
            />
            <button type="submit" class="button button-primary" disabled=move || pay.pending().get()>
                {move || if pay.pending().get() { t_string!(i18n, review_saving) } else { t_string!(i18n, payment_button) }}
            </button>
        </form>
    }
}
