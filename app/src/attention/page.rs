//! The attention inbox page (`/attention`, the partner's home) and the header's "To do" link
//! with its count.

use super::api::{attention_count, get_attention};
use super::model::{Attention, AttentionAction, AttentionFilter, WeekAtRisk, WITHIN_DAYS};
use crate::auth::Role;
use crate::components::format::{format_date, status_label, time_left_text};
use crate::components::layout::RequireRole;
use crate::components::status::{EmptyState, ErrorPanel, Loading};
use crate::engagements::page::id_type_label;
use crate::error::NeededRole;
use crate::i18n::*;
use domain::{EngagementId, Money};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn partner(role: Role) -> bool {
    role.has_incentives_role()
}

fn money(m: &Money, locale: Locale) -> String {
    match locale {
        Locale::en => m.format_en(),
        Locale::fr => m.format_fr(),
    }
}

/// The header's link to the inbox with the number of claims waiting. Loaded by the browser after
/// hydration, as the bell's count is: a hint must not hold up the server's render of every page.
#[component]
pub fn AttentionLink() -> impl IntoView {
    let i18n = use_i18n();
    let waiting = LocalResource::new(attention_count);
    // The count loads in the browser only; the server's render does not read it, so that nothing
    // of the header is resolved again once the request's translations are gone.
    let count = move || {
        if cfg!(feature = "ssr") {
            return 0;
        }
        waiting.get().and_then(Result::ok).unwrap_or(0)
    };
    view! {
        <a
            href="/attention"
            aria-label=move || {
                let n = count();
                if n == 0 {
                    t_string!(i18n, nav_attention).to_string()
                } else {
                    t_string!(i18n, nav_attention_count, count = n).to_string()
                }
            }
        >
            {move || t_string!(i18n, nav_attention)}
            {move || (count() > 0).then(|| view! { <span class="nav-count" aria-hidden="true">{count}</span> })}
        </a>
    }
}

#[component]
pub fn AttentionRoute() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, attention_title).to_string() /> }}
        <RequireRole allowed=partner needed=NeededRole::Incentives>
            <AttentionPage />
        </RequireRole>
    }
}

#[component]
fn AttentionPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| AttentionFilter {
            location: q.get("location").unwrap_or_default(),
            engagement_id: q
                .get("engagement")
                .and_then(|e| EngagementId::parse(&e).ok()),
            within_days: q.get("within").and_then(|w| w.parse().ok()),
        })
    };
    let inbox = Resource::new(filter, get_attention);
    view! {
        <div class="page-heading">
            <h1>{move || t_string!(i18n, attention_title)}</h1>
            <p class="lead">{move || t_string!(i18n, attention_intro)}</p>
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(inbox) => view! { <Inbox inbox filter=filter() /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Inbox(inbox: Attention, filter: AttentionFilter) -> impl IntoView {
    let i18n = use_i18n();
    let filtered = filter != AttentionFilter::default();
    let now = inbox.now;
    let more = inbox.more;
    let empty = inbox.rows.is_empty();
    let rows = inbox
        .rows
        .into_iter()
        .map(|row| {
            let claim_href = format!("/claims/{}", row.claim_ref);
            let action = row.action.map(|a| (a, a.href(&row.claim_ref)));
            let status = row.status;
            let id_type = row.customer_id.kind().code();
            let at_risk = row.at_risk.clone();
            let deadline = row.deadline.map(|d| d.at.unix_seconds());
            view! {
                <tr>
                    <th scope="row">
                        <a href=claim_href.clone() class="mono">{row.claim_ref.to_string()}</a>
                        <span class="cell-sub">{row.friendly_name.clone()}</span>
                    </th>
                    <td>
                        <span class="cell-title">{row.customer_name.clone()}</span>
                        <span class="cell-sub">{move || id_type_label(i18n, id_type)}" "<span class="mono">{row.customer_id.display_value()}</span></span>
                    </td>
                    <td>
                        <span class="cell-title">{row.engagement_name.clone()}</span>
                        <span class="cell-sub">{row.location_name.clone()}</span>
                    </td>
                    <td><span class="badge badge-info">{move || status_label(status, i18n.get_locale())}</span></td>
                    <td>
                        {deadline.map(|at| view! {
                            <span class="cell-title">{move || format_date(at, i18n.get_locale())}</span>
                            <span class="cell-sub">{move || time_left_text(at, now, i18n.get_locale())}</span>
                        })}
                    </td>
                    <td class="numeric">{move || money(&at_risk, i18n.get_locale())}</td>
                    <td>
                        {match action {
                            Some((action, href)) => view! {
                                <a class="button" href=href>{move || action_label(i18n, action)}</a>
                            }.into_any(),
                            None => view! {
                                <a class="button button-subtle" href=claim_href>{move || t_string!(i18n, attention_view)}</a>
                            }.into_any(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Filters filter locations=inbox.locations engagements=inbox.engagements />
        {(!inbox.weeks.is_empty()).then(|| view! { <Weeks weeks=inbox.weeks /> })}
        {if empty {
            view! {
                <EmptyState
                    title=Signal::derive(move || if filtered { t_string!(i18n, attention_empty_filtered_title).to_string() } else { t_string!(i18n, attention_empty_title).to_string() })
                    body=Signal::derive(move || if filtered { t_string!(i18n, attention_empty_filtered_body).to_string() } else { t_string!(i18n, attention_empty_body).to_string() })
                />
            }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="data-table" data-testid="attention">
                        <caption class="visually-hidden">{move || t_string!(i18n, attention_title)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{move || t_string!(i18n, col_claim)}</th>
                                <th scope="col">{move || t_string!(i18n, col_customer)}</th>
                                <th scope="col">{move || t_string!(i18n, col_engagement)}</th>
                                <th scope="col">{move || t_string!(i18n, col_status)}</th>
                                <th scope="col">{move || t_string!(i18n, attention_col_deadline)}</th>
                                <th scope="col" class="numeric">{move || t_string!(i18n, attention_col_at_risk)}</th>
                                <th scope="col">{move || t_string!(i18n, attention_col_action)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {(more > 0).then(|| view! { <p class="cell-sub">{move || t_string!(i18n, attention_more, count = more)}</p> })}
            }.into_any()
        }}
    }
}

fn action_label(i18n: leptos_i18n::I18nContext<Locale>, action: AttentionAction) -> String {
    match action {
        AttentionAction::SendConsent => t_string!(i18n, attention_send_consent),
        AttentionAction::ResendConsent => t_string!(i18n, attention_resend_consent),
        AttentionAction::Submit => t_string!(i18n, attention_submit),
        AttentionAction::Answer => t_string!(i18n, attention_answer),
        AttentionAction::Dispute => t_string!(i18n, attention_dispute),
    }
    .to_string()
}

#[component]
fn Filters(
    filter: AttentionFilter,
    locations: Vec<(String, String)>,
    engagements: Vec<(EngagementId, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let location = filter.location.clone();
    let engagement = filter.engagement_id;
    let within = filter.within_days;
    view! {
        <Form method="GET" action="" attr:class="filters" attr:role="search">
            <div class="field">
                <label for="attention-location">{move || t_string!(i18n, attention_filter_location)}</label>
                <select id="attention-location" name="location">
                    <option value="" selected=location.is_empty()>{move || t_string!(i18n, attention_all_locations)}</option>
                    {locations.into_iter().map(|(id, name)| {
                        let selected = id == location;
                        view! { <option value=id.clone() selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="attention-engagement">{move || t_string!(i18n, col_engagement)}</label>
                <select id="attention-engagement" name="engagement">
                    <option value="" selected=engagement.is_none()>{move || t_string!(i18n, queue_all_engagements)}</option>
                    {engagements.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=engagement == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="attention-within">{move || t_string!(i18n, attention_filter_within)}</label>
                <select id="attention-within" name="within">
                    <option value="" selected=within.is_none()>{move || t_string!(i18n, attention_any_time)}</option>
                    {WITHIN_DAYS.into_iter().map(|days| view! {
                        <option value=days.to_string() selected=within == Some(days)>{move || t_string!(i18n, attention_within_days, count = days)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field field-button">
                <button type="submit" class="button">{move || t_string!(i18n, attention_apply)}</button>
            </div>
        </Form>
    }
}

/// The money at risk per week of deadlines.
#[component]
fn Weeks(weeks: Vec<WeekAtRisk>) -> impl IntoView {
    let i18n = use_i18n();
    let cards = weeks
        .into_iter()
        .map(|week| {
            let starts = week.starts;
            let claims = week.claims;
            let amounts = week.amounts;
            view! {
                <li class="week">
                    <span class="week-title">{move || t_string!(i18n, attention_week_of, date = format_date(starts, i18n.get_locale()))}</span>
                    <span class="week-amount">{move || amounts.iter().map(|m| money(m, i18n.get_locale())).collect::<Vec<_>>().join(" · ")}</span>
                    <span class="cell-sub">{move || t_string!(i18n, attention_week_claims, count = claims)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="weeks" aria-labelledby="weeks-title">
            <h2 id="weeks-title">{move || t_string!(i18n, attention_weeks_title)}</h2>
            <ul class="week-list">{cards}</ul>
        </section>
    }
}
