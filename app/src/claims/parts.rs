//! Pieces of a claim's page that the programme's review page shows too: the deadline box, the
//! payment, the history, the consent e-mails, one field row.

use super::model::ClaimDetail;
use super::page::action_text;
use crate::components::format::{format_date_time, status_label, time_left_text};
use crate::i18n::*;
use domain::ClaimAction;
use leptos::prelude::*;

/// The deadline of the claim's current status, with the time left.
#[component]
pub fn DeadlineBox(deadline: domain::Deadline, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    let at = deadline.at.unix_seconds();
    let kind = deadline.kind;
    view! {
        <div class="deadline">
            <span class="cell-sub">
                {move || match i18n.get_locale() {
                    Locale::en => kind.message_en(),
                    Locale::fr => kind.message_fr(),
                }}
            </span>
            <span class="cell-title">{move || format_date_time(at, i18n.get_locale())}</span>
            <span class="badge badge-info">{move || time_left_text(at, now, i18n.get_locale())}</span>
        </div>
    }
}

/// The payment recorded for a claim: amount and date.
#[component]
pub fn PaymentLine(payment: crate::submission::model::PaymentInfo) -> impl IntoView {
    let i18n = use_i18n();
    let amount = payment.amount;
    view! {
        <p data-testid="payment">
            <span class="cell-sub">{move || t_string!(i18n, claim_paid_label)}</span>
            <span class="cell-title">{move || match i18n.get_locale() { Locale::en => amount.format_en(), Locale::fr => amount.format_fr() }}" · "{payment.date.clone()}</span>
        </p>
    }
}

/// What the programme wrote to the partner, where the status calls for it: its request, or the
/// reason for a rejection.
pub(super) fn review_message(
    d: &ClaimDetail,
    i18n: leptos_i18n::I18nContext<Locale>,
) -> Option<impl IntoView> {
    use domain::ClaimStatus as S;
    let (actions, request): (&[ClaimAction], bool) = match d.status {
        S::PartnerActionRequired | S::PostSubmissionExpired => {
            (&[ClaimAction::RequestPartnerAction], true)
        }
        S::Rejected | S::DisputeExpired => (&[ClaimAction::Reject], false),
        S::RejectedFinal => (&[ClaimAction::RejectFinal, ClaimAction::Reject], false),
        _ => return None,
    };
    let (_, text) = d.latest_message(actions)?;
    let text = text.to_owned();
    Some(view! {
        <div class="message message-info review-request" data-testid="review-message">
            <p class="message-title">{move || if request { t_string!(i18n, claim_review_request) } else { t_string!(i18n, claim_rejection_reason) }}</p>
            <p class="pre-line">{text}</p>
        </div>
    })
}

/// The history of a claim: every action, who took it, when, and what they wrote.
#[component]
pub fn ClaimHistory(events: Vec<super::model::ClaimEvent>) -> impl IntoView {
    let i18n = use_i18n();
    let items = events
        .into_iter()
        .map(|e| {
            let at = e.at;
            let to = e.to_status;
            let name = e.actor_name.clone();
            let actor = e.actor;
            let who = move || name.clone().unwrap_or_else(|| actor_label(i18n, actor).to_owned());
            let action = ClaimAction::from_code(&e.action);
            let action_code = e.action.clone();
            let message = e.message.clone();
            view! {
                <li>
                    <span class="cell-sub">{move || format_date_time(at, i18n.get_locale())}</span>
                    <span class="cell-title">
                        {move || action.map(|a| action_text(a, i18n.get_locale()).to_owned()).unwrap_or_else(|| {
                            if action_code == "create" { t_string!(i18n, history_created).to_owned() } else { action_code.clone() }
                        })}
                    </span>
                    <span>{who}" → "{move || status_label(to, i18n.get_locale())}</span>
                    {message.map(|m| view! { <span class="history-message pre-line">{m}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="claim-history">
            <h2 id="claim-history">{move || t_string!(i18n, claim_history)}</h2>
            <ol class="history">{items}</ol>
        </section>
    }
}

/// The consent e-mails of the claim and where each delivery stands.
#[component]
pub(super) fn ConsentSends(sends: Vec<crate::consent::model::ConsentSend>) -> impl IntoView {
    use crate::consent::model::Delivery;
    let i18n = use_i18n();
    let empty = sends.is_empty();
    let items = sends
        .into_iter()
        .rev()
        .map(|send| {
            let at = send.requested_at;
            let delivery = send.delivery.clone();
            // Why the last attempt failed, as a category: never the mail server's own words.
            let problem = match &delivery {
                Delivery::Pending { problem, .. } | Delivery::Failed { problem } => *problem,
                Delivery::Sent { .. } | Delivery::Dropped => None,
            };
            let (badge, testid) = match delivery {
                Delivery::Sent { .. } => ("badge badge-success", "delivery-sent"),
                Delivery::Pending { .. } => ("badge badge-info", "delivery-pending"),
                Delivery::Failed { .. } => ("badge badge-danger", "delivery-failed"),
                Delivery::Dropped => ("badge badge-neutral", "delivery-dropped"),
            };
            let delivery_text = move || {
                let locale = i18n.get_locale();
                match &delivery {
                    Delivery::Sent { at } => {
                        let at = format_date_time(*at, locale);
                        t_string!(i18n, delivery_sent, at = at).to_string()
                    }
                    Delivery::Pending { attempts: 0, .. } => {
                        t_string!(i18n, delivery_pending).to_string()
                    }
                    Delivery::Pending { attempts, .. } => {
                        t_string!(i18n, delivery_retrying, attempts = *attempts).to_string()
                    }
                    Delivery::Failed { .. } => t_string!(i18n, delivery_failed).to_string(),
                    Delivery::Dropped => t_string!(i18n, delivery_dropped).to_string(),
                }
            };
            view! {
                <li>
                    <span class="cell-title">
                        {move || if send.resend { t_string!(i18n, consent_email_reminder) } else { t_string!(i18n, consent_email_first) }}
                        " → "{send.to_address.clone()}" ("{send.language.to_uppercase()}")"
                    </span>
                    <span class="cell-sub">{move || format_date_time(at, i18n.get_locale())}</span>
                    <span class=badge data-testid=testid>{delivery_text}</span>
                    {problem.map(|p| view! {
                        <span class="cell-sub" data-testid="delivery-problem">
                            {move || p.summary(i18n.get_locale())}
                        </span>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card consent-emails" aria-labelledby="claim-consent-emails">
            <h2 id="claim-consent-emails">{move || t_string!(i18n, consent_emails_title)}</h2>
            {empty.then(|| view! { <p class="cell-sub">{move || t_string!(i18n, consent_emails_empty)}</p> })}
            <ul class="consent-sends">{items}</ul>
        </section>
    }
}

/// One label and value of the claim's fields; the label follows the page's language.
pub fn field_row(
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    value: String,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

/// Who acted, when no person's name is recorded (the customer, the clock, ...).
fn actor_label(i18n: leptos_i18n::I18nContext<Locale>, actor: domain::Actor) -> &'static str {
    match actor {
        domain::Actor::PartnerAdmin | domain::Actor::PartnerUser => t_string!(i18n, actor_partner),
        domain::Actor::Customer => t_string!(i18n, actor_customer),
        domain::Actor::Reviewer => t_string!(i18n, actor_reviewer),
        domain::Actor::System => t_string!(i18n, actor_system),
    }
}
