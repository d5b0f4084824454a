//! The claim page: every field, the deadline with the time left, the history, and the actions
//! the claim's status allows this user now.

use super::api::{get_claim, CancelClaim};
use super::model::ClaimDetail;
use super::parts::*;
use crate::auth::Role;
use crate::components::format::{format_date, format_date_time, status_label};
use crate::components::layout::RequireRole;
use crate::components::status::{count_successes, error_message, ErrorPanel, Loading};
use crate::engagements::page::id_type_label;
use crate::error::NeededRole;
use crate::i18n::*;
use crate::submission::api::DisputeClaim;
use domain::ClaimAction;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ClaimRoute() -> impl IntoView {
    view! {
        <RequireRole allowed=Role::has_incentives_role needed=NeededRole::Incentives>
            <ClaimView />
        </RequireRole>
    }
}

#[component]
fn ClaimView() -> impl IntoView {
    let params = use_params_map();
    let cancel = ServerAction::<CancelClaim>::new();
    let dispute = ServerAction::<DisputeClaim>::new();
    // While the claim waits for someone else (the customer's answer, the e-mail's delivery),
    // the page asks again every 15 seconds, so that the outcome shows without a reload.
    let refresh = RwSignal::new(0u32);
    let waiting = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(
            move || {
                if !document().hidden() && waiting.get_untracked() {
                    refresh.update(|n| *n += 1);
                }
            },
            std::time::Duration::from_secs(15),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    // Read again after a cancel or a dispute that went through (not after a refused one).
    count_successes(
        move || cancel.value().with(|v| matches!(v, Some(Ok(_)))),
        refresh,
    );
    count_successes(
        move || dispute.value().with(|v| matches!(v, Some(Ok(_)))),
        refresh,
    );
    let claim = Resource::new(
        move || {
            (
                params.with(|p| p.get("claim_ref")).unwrap_or_default(),
                refresh.get(),
            )
        },
        |(claim_ref, _)| get_claim(claim_ref),
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match claim.await {
                    Ok(detail) => {
                        // Waiting for the customer, or for the programme's decision.
                        waiting.set(matches!(
                            detail.status,
                            domain::ClaimStatus::AwaitingConsent
                                | domain::ClaimStatus::Submitted
                                | domain::ClaimStatus::UnderReview
                                | domain::ClaimStatus::Disputed
                                | domain::ClaimStatus::Approved
                        ));
                        view! { <ClaimDetails detail cancel dispute /> }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

pub fn action_text(action: ClaimAction, locale: Locale) -> &'static str {
    match locale {
        Locale::en => action.message_en(),
        Locale::fr => action.message_fr(),
    }
}

#[component]
fn ClaimDetails(
    detail: ClaimDetail,
    cancel: ServerAction<CancelClaim>,
    dispute: ServerAction<DisputeClaim>,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail;
    let status = d.status;
    let now = d.now;
    let back = format!("/engagements/{}/customers", d.engagement_id);
    let id_type = d.customer_id.kind().code();
    let can_cancel = d.available_actions.contains(&ClaimAction::Cancel);
    let consent_action = d
        .available_actions
        .iter()
        .copied()
        .find(|a| matches!(a, ClaimAction::SendConsent | ClaimAction::ResendConsent));
    let consent_href = format!("/claims/{}/consent", d.claim_ref);
    let other_actions: Vec<ClaimAction> = d
        .available_actions
        .iter()
        .copied()
        .filter(|a| {
            !matches!(
                a,
                ClaimAction::Cancel
                    | ClaimAction::SendConsent
                    | ClaimAction::ResendConsent
                    | ClaimAction::Submit
                    | ClaimAction::Resubmit
                    | ClaimAction::Dispute
            )
        })
        .collect();
    let submit_action = d
        .available_actions
        .iter()
        .copied()
        .find(|a| matches!(a, ClaimAction::Submit | ClaimAction::Resubmit));
    let submit_href = format!("/claims/{}/submit", d.claim_ref);
    let can_dispute = d.available_actions.contains(&ClaimAction::Dispute);
    let review_message = review_message(&d, i18n);
    let payment = d.payment.clone();
    let submissions = d.submissions.clone();
    let just_submitted = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("submitted").is_some())
        && matches!(status, domain::ClaimStatus::Submitted);
    let sends = d.consent_sends.clone();
    let evidence = d.consent_evidence.clone();
    let claim_ref = d.claim_ref.clone();
    let created_at = d.created_at;
    let ended_at = d.ended_at;
    let nothing_to_do = d.available_actions.is_empty();
    let deadline = d
        .deadline
        .map(|deadline| view! { <DeadlineBox deadline now /> });
    let cancel_error = move || {
        cancel.value().get().and_then(Result::err).map(|e| {
            view! { <div class="message message-error" role="alert">{error_message(i18n, &e)}</div> }
        })
    };
    let events = d.events.clone();
    view! {
        <Title text=d.claim_ref.to_string() />
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, breadcrumb)>
            <a href="/engagements">{move || t_string!(i18n, nav_engagements)}</a>
            <span aria-hidden="true">" / "</span>
            <a href=back>{d.engagement_name.clone()}</a>
        </nav>
        <div class="page-heading claim-heading">
            <h1>
                {move || t_string!(i18n, claim_title)}" "<span class="mono">{d.claim_ref.to_string()}</span>
            </h1>
            <span class="badge badge-info badge-large">{move || status_label(status, i18n.get_locale())}</span>
        </div>
        <div class="claim-grid">
            <section class="card" aria-labelledby="claim-customer">
                <h2 id="claim-customer">{move || t_string!(i18n, claim_customer_section)}</h2>
                <dl class="fields">
                    {field_row(move || t_string!(i18n, col_friendly_name), d.friendly_name.clone())}
                    {field_row(move || t_string!(i18n, col_customer), d.customer_name.clone().unwrap_or_default())}
                    <div class="field-row">
                        <dt>{move || id_type_label(i18n, id_type)}</dt>
                        <dd class="mono">{d.customer_id.display_value()}</dd>
                    </div>
                    {d.resolved_tenant_id.clone().filter(|t| *t != d.customer_id.value()).map(|t| field_row(move || t_string!(i18n, id_type_tenant_id), t))}
                    {field_row(move || t_string!(i18n, claim_contact), format!("{} <{}>", d.contact_name, d.contact_email))}
                    {d.contact_phone.clone().map(|p| field_row(move || t_string!(i18n, claim_phone), p))}
                    {field_row(move || t_string!(i18n, claim_language), d.contact_language.to_uppercase())}
                    {field_row(move || t_string!(i18n, claim_partner_contact), format!("{} <{}>", d.partner_contact_name, d.partner_contact_email))}
                    {field_row(move || t_string!(i18n, claim_location), d.location_id.clone())}
                    {d.hours.map(|h| field_row(move || t_string!(i18n, claim_hours), h.to_string()))}
                    {d.proposed_payment.clone().map(|m| view! {
                        <div class="field-row">
                            <dt>{move || t_string!(i18n, claim_payment)}</dt>
                            <dd>{move || match i18n.get_locale() { Locale::en => m.format_en(), Locale::fr => m.format_fr() }}</dd>
                        </div>
                    })}
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_created)}</dt>
                        <dd>{move || format_date(created_at, i18n.get_locale())}</dd>
                    </div>
                </dl>
            </section>
            <section class="card" aria-labelledby="claim-now">
                <h2 id="claim-now">{move || t_string!(i18n, claim_now_section)}</h2>
                {ended_at.map(|at| view! {
                    <p>
                        <span class="cell-sub">{move || t_string!(i18n, claim_ended_on)}</span>
                        <span class="cell-title">{move || format_date_time(at, i18n.get_locale())}</span>
                    </p>
                })}
                {just_submitted.then(|| view! {
                    <div class="message message-success" role="status" data-testid="submitted-banner">{move || t_string!(i18n, claim_submitted_banner)}</div>
                })}
                {payment.map(|payment| view! { <PaymentLine payment /> })}
                {review_message}
                {deadline}
                {nothing_to_do.then(|| view! { <p class="cell-sub">{move || t_string!(i18n, claim_nothing_to_do)}</p> })}
                {(!other_actions.is_empty()).then(|| view! {
                    <p class="cell-sub">{move || t_string!(i18n, claim_next_steps)}</p>
                    <ul class="next-steps">
                        {other_actions.iter().map(|a| { let a = *a; view! { <li>{move || action_text(a, i18n.get_locale())}</li> } }).collect_view()}
                    </ul>
                })}
                {cancel_error}
                {consent_action.map(|action| view! {
                    <div class="claim-actions">
                        <a class="button button-primary" href=consent_href.clone() data-testid="consent-action">
                            {move || action_text(action, i18n.get_locale())}
                        </a>
                    </div>
                })}
                {submit_action.map(|action| view! {
                    <div class="claim-actions">
                        <a class="button button-primary" href=submit_href.clone() data-testid="submit-action">
                            {move || if action == ClaimAction::Resubmit { t_string!(i18n, claim_respond) } else { action_text(action, i18n.get_locale()) }}
                        </a>
                    </div>
                })}
                {can_dispute.then(|| view! { <DisputeForm action=dispute claim_ref=claim_ref.to_string() /> })}
                {can_cancel.then(|| view! {
                    <ActionForm action=cancel attr:class="inline-form">
                        <input type="hidden" name="claim_ref" value=claim_ref.to_string() />
                        <button
                            type="submit"
                            class="button"
                            disabled=move || cancel.pending().get()
                            on:click=move |ev| {
                                if !confirm_cancel(t_string!(i18n, claim_cancel_confirm)) {
                                    ev.prevent_default();
                                }
                            }
                        >
                            {move || if cancel.pending().get() { t_string!(i18n, claim_cancelling) } else { t_string!(i18n, claim_cancel) }}
                        </button>
                    </ActionForm>
                })}
            </section>
        </div>
        {evidence.map(|evidence| view! { <crate::consent::evidence::ConsentEvidenceCard evidence /> })}
        {(!sends.is_empty() || consent_action.is_some()).then(|| view! { <ConsentSends sends=sends.clone() /> })}
        {(!submissions.is_empty()).then(|| view! { <crate::submission::page::SubmissionsCard submissions=submissions.clone() /> })}
        <ClaimHistory events />
    }
}

/// Disputing a rejection: the reason, then the button.
#[component]
fn DisputeForm(action: ServerAction<DisputeClaim>, claim_ref: String) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<crate::error::FieldError>::new());
    let problem = RwSignal::new(None::<crate::error::AppError>);
    Effect::new(move |_| match action.value().get() {
        Some(Err(crate::error::AppError::Validation(list))) => {
            errors.set(list);
            problem.set(None);
        }
        Some(Err(error)) => {
            errors.set(Vec::new());
            problem.set(Some(error));
        }
        _ => {}
    });
    let claim_ref = StoredValue::new(claim_ref);
    view! {
        <form class="dispute-form" on:submit=move |ev| {
            ev.prevent_default();
            action.dispatch(DisputeClaim { claim_ref: claim_ref.get_value(), reason: reason.get_untracked() });
        }>
            <h3>{move || t_string!(i18n, dispute_title)}</h3>
            <crate::components::form::ErrorSummary id="dispute-errors" errors problem />
            <crate::components::form::TextInput
                name="reason"
                rows=Some(4)
                label=Signal::derive(move || t_string!(i18n, dispute_reason).to_string())
                hint=Some(Signal::derive(move || t_string!(i18n, dispute_hint).to_string()))
                value=reason.into()
                on_input=Callback::new(move |v| reason.set(v))
                error=crate::components::form::field_error(errors, "reason", i18n)
            />
            <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                {move || if action.pending().get() { t_string!(i18n, dispute_sending) } else { t_string!(i18n, dispute_button) }}
            </button>
        </form>
    }
}

/// Asks the browser to confirm a cancellation (a claim cancelled cannot be reopened).
fn confirm_cancel(_message: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().confirm_with_message(_message).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        true
    }
}
