//! The programme console's review queue (`/programme/claims`): the claims waiting for the
//! programme, filtered by status, the nearest review deadline first; overdue ones stand out.

use super::api::get_review_queue;
use super::model::{QueueFilter, ReviewQueue, QUEUE_STATUSES};
use crate::auth::Role;
use crate::components::format::{format_date, status_label, time_left_text};
use crate::components::layout::RequireRole;
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::engagements::page::id_type_label;
use crate::error::NeededRole;
use crate::i18n::*;
use domain::EngagementId;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

pub(super) fn is_reviewer(role: Role) -> bool {
    role == Role::ProgrammeReviewer
}

#[component]
pub fn ReviewQueueRoute() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, queue_title).to_string() /> }}
        <RequireRole allowed=is_reviewer needed=NeededRole::ProgrammeReviewer>
            <QueuePage />
        </RequireRole>
    }
}

#[component]
fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| QueueFilter {
            status: q.get("status").unwrap_or_default(),
            engagement_id: q
                .get("engagement")
                .and_then(|e| EngagementId::parse(&e).ok()),
            q: q.get("q").unwrap_or_default(),
        })
    };
    let queue = Resource::new(filter, get_review_queue);
    view! {
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, breadcrumb)>
            <a href="/programme">{move || t_string!(i18n, programme_title)}</a>
        </nav>
        <div class="page-heading">
            <h1>{move || t_string!(i18n, queue_title)}</h1>
            <p class="lead">{move || t_string!(i18n, queue_intro)}</p>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(queue) => view! { <QueueView queue filter=filter() /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn QueueView(queue: ReviewQueue, filter: QueueFilter) -> impl IntoView {
    let i18n = use_i18n();
    let now = queue.now;
    let more = queue.more;
    let status = filter.status.clone();
    let engagement = filter.engagement_id;
    let filtered =
        !filter.status.is_empty() || filter.engagement_id.is_some() || !filter.q.is_empty();
    let engagements = queue.engagements.clone();
    let count = queue.rows.len();
    let rows = queue
        .rows
        .into_iter()
        .map(|row| {
            let href = format!("/programme/claims/{}", row.claim_ref);
            let row_status = row.status;
            let submitted = row.submitted_at;
            let deadline = row.deadline;
            let payment = row.proposed_payment.clone();
            let id_type = row.customer_id.kind().code();
            let overdue = deadline.is_some_and(|d| d.at.unix_seconds() <= now);
            view! {
                <tr class:row-overdue=overdue>
                    <th scope="row">
                        <a href=href class="mono">{row.claim_ref.to_string()}</a>
                        <span class="cell-sub">{row.friendly_name.clone()}</span>
                    </th>
                    <td>{row.partner_name.clone()}</td>
                    <td>{row.engagement_name.clone()}</td>
                    <td>
                        <span class="cell-title">{row.customer_name.clone().unwrap_or_default()}</span>
                        <span class="cell-sub">{move || id_type_label(i18n, id_type)}" "<span class="mono">{row.customer_id.display_value()}</span></span>
                    </td>
                    <td><span class="badge badge-info">{move || status_label(row_status, i18n.get_locale())}</span></td>
                    <td>{submitted.map(|at| view! { <span class="cell-title">{move || format_date(at, i18n.get_locale())}</span> })}</td>
                    <td>
                        {deadline.map(|d| {
                            let at = d.at.unix_seconds();
                            view! {
                                <span class="cell-title">{move || format_date(at, i18n.get_locale())}</span>
                                {if overdue {
                                    view! { <span class="badge badge-danger">{move || time_left_text(at, now, i18n.get_locale())}</span> }.into_any()
                                } else {
                                    view! { <span class="cell-sub">{move || time_left_text(at, now, i18n.get_locale())}</span> }.into_any()
                                }}
                            }
                        })}
                    </td>
                    <td class="numeric">{payment.map(|m| move || match i18n.get_locale() { Locale::en => m.format_en(), Locale::fr => m.format_fr() })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Form method="GET" action="" attr:class="filters" attr:role="search">
            <div class="field">
                <label for="queue-status">{move || t_string!(i18n, queue_filter_status)}</label>
                <select id="queue-status" name="status">
                    <option value="" selected=status.is_empty()>{move || t_string!(i18n, queue_waiting)}</option>
                    {QUEUE_STATUSES.into_iter().map(|s| {
                        let selected = status == s.code();
                        view! { <option value=s.code() selected=selected>{move || status_label(s, i18n.get_locale())}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="queue-engagement">{move || t_string!(i18n, col_engagement)}</label>
                <select id="queue-engagement" name="engagement">
                    <option value="" selected=engagement.is_none()>{move || t_string!(i18n, queue_all_engagements)}</option>
                    {engagements.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=engagement == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="queue-search">{move || t_string!(i18n, queue_search)}</label>
                <input id="queue-search" name="q" type="search" value=filter.q.clone() />
            </div>
            <div class="field field-button">
                <button type="submit" class="button">{move || t_string!(i18n, queue_apply)}</button>
            </div>
        </Form>
        {if count == 0 {
            view! {
                <EmptyState
                    title=Signal::derive(move || if filtered { t_string!(i18n, queue_empty_filtered_title).to_string() } else { t_string!(i18n, queue_empty_title).to_string() })
                    body=Signal::derive(move || if filtered { t_string!(i18n, queue_empty_filtered_body).to_string() } else { t_string!(i18n, queue_empty_body).to_string() })
                />
            }.into_any()
        } else {
            view! { <QueueTable rows=rows.into_any() more /> }.into_any()
        }}
    }
}

#[component]
fn QueueTable(rows: AnyView, more: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="review-queue">
                <caption class="visually-hidden">{move || t_string!(i18n, queue_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_claim)}</th>
                        <th scope="col">{move || t_string!(i18n, header_partner)}</th>
                        <th scope="col">{move || t_string!(i18n, col_engagement)}</th>
                        <th scope="col">{move || t_string!(i18n, col_customer)}</th>
                        <th scope="col">{move || t_string!(i18n, col_status)}</th>
                        <th scope="col">{move || t_string!(i18n, queue_col_submitted)}</th>
                        <th scope="col">{move || t_string!(i18n, queue_col_deadline)}</th>
                        <th scope="col" class="numeric">{move || t_string!(i18n, claim_payment)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(more > 0).then(|| view! { <p class="cell-sub">{move || t_string!(i18n, queue_more, count = more)}</p> })}
    }
}
