//! The Customers page's table: the rows of one tab, their columns and actions, and the empty
//! state of each tab.

use super::*;
use domain::EngagementId;

use crate::components::format::{format_date, reason_text, status_label, time_left_text};
use crate::components::status::EmptyState;
use crate::customers::model::{
    CustomerRow, CustomersPage, CustomersQuery, RowAction, SortKey, Tab,
};
use crate::engagements::page::id_type_label;
use leptos_i18n::I18nContext;
use leptos_router::location::Url;

fn column_label(i18n: I18nContext<Locale>, tab: Tab, key: SortKey) -> &'static str {
    match (tab, key) {
        (_, SortKey::Customer) => t_string!(i18n, col_customer),
        (_, SortKey::CustomerId) => t_string!(i18n, col_customer_id),
        (_, SortKey::FriendlyName) => t_string!(i18n, col_friendly_name),
        (_, SortKey::Claim) => t_string!(i18n, col_claim),
        (Tab::Completed, SortKey::Date) => t_string!(i18n, col_ended_on),
        (_, SortKey::Date) => t_string!(i18n, col_next_deadline),
    }
}

fn extra_label(i18n: I18nContext<Locale>, tab: Tab) -> &'static str {
    match tab {
        Tab::Eligible => t_string!(i18n, col_actions),
        Tab::Ineligible => t_string!(i18n, col_reasons),
        Tab::Completed => t_string!(i18n, col_outcome),
    }
}

fn empty_text(
    i18n: I18nContext<Locale>,
    tab: Tab,
    searching: bool,
) -> (&'static str, &'static str) {
    match (tab, searching) {
        (_, true) => (
            t_string!(i18n, empty_search_title),
            t_string!(i18n, empty_search_body),
        ),
        (Tab::Eligible, false) => (
            t_string!(i18n, empty_eligible_title),
            t_string!(i18n, empty_eligible_body),
        ),
        (Tab::Ineligible, false) => (
            t_string!(i18n, empty_ineligible_title),
            t_string!(i18n, empty_ineligible_body),
        ),
        (Tab::Completed, false) => (
            t_string!(i18n, empty_completed_title),
            t_string!(i18n, empty_completed_body),
        ),
    }
}

#[component]
pub(super) fn TabBody(data: CustomersPage, query: CustomersQuery) -> impl IntoView {
    let i18n = use_i18n();
    if query.tab == Tab::Ineligible && data.msx_only {
        return view! {
            <div class="message message-info">
                <p>{move || t_string!(i18n, msx_only_note)}</p>
            </div>
        }
        .into_any();
    }
    if data.rows.is_empty() {
        let searching = !query.search.is_empty();
        let tab = query.tab;
        return view! {
            <EmptyState
                title=Signal::derive(move || empty_text(i18n, tab, searching).0.to_string())
                body=Signal::derive(move || empty_text(i18n, tab, searching).1.to_string())
            />
        }
        .into_any();
    }
    let columns: &[SortKey] = match query.tab {
        Tab::Eligible => &[
            SortKey::Customer,
            SortKey::CustomerId,
            SortKey::FriendlyName,
            SortKey::Claim,
            SortKey::Date,
        ],
        Tab::Ineligible => &[
            SortKey::Customer,
            SortKey::CustomerId,
            SortKey::FriendlyName,
        ],
        Tab::Completed => &[
            SortKey::Claim,
            SortKey::Customer,
            SortKey::CustomerId,
            SortKey::FriendlyName,
            SortKey::Date,
        ],
    };
    let tab = query.tab;
    let headers = columns
        .iter()
        .map(|key| {
            let key = *key;
            let sorted = query.sort == key;
            let aria = match (sorted, query.descending) {
                (false, _) => "none",
                (true, false) => "ascending",
                (true, true) => "descending",
            };
            let href = sort_url(&query, key);
            view! {
                <th scope="col" aria-sort=aria>
                    <a href=href class="sort-link">
                        {move || column_label(i18n, tab, key)}
                        <span aria-hidden="true" class="sort-mark">
                            {if sorted { if query.descending { " ↓" } else { " ↑" } } else { "" }}
                        </span>
                    </a>
                </th>
            }
        })
        .collect_view();
    let now = data.now;
    let engagement_id = query.engagement_id;
    let rows = data
        .rows
        .into_iter()
        .map(|row| view! { <Row row tab now engagement_id /> })
        .collect_view();
    let previous = data.previous.map(|c| {
        page_url(&CustomersQuery {
            after: None,
            before: Some(c),
            ..query.clone()
        })
    });
    let next = data.next.map(|c| {
        page_url(&CustomersQuery {
            after: Some(c),
            before: None,
            ..query.clone()
        })
    });
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{move || tab_label(i18n, tab)}</caption>
                <thead>
                    <tr>
                        {headers}
                        <th scope="col">{move || extra_label(i18n, tab)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label=move || t_string!(i18n, pagination)>
            {previous.map(|href| view! { <a class="button" href=href rel="prev">{move || t_string!(i18n, page_previous)}</a> })}
            {next.map(|href| view! { <a class="button" href=href rel="next">{move || t_string!(i18n, page_next)}</a> })}
        </nav>
    }
    .into_any()
}

#[component]
fn Row(row: CustomerRow, tab: Tab, now: i64, engagement_id: EngagementId) -> impl IntoView {
    let i18n = use_i18n();
    let id_type = row.customer_id.kind().code();
    let customer = view! {
        <th scope="row">
            <span class="cell-title">{row.customer_name.clone()}</span>
        </th>
    };
    // The ID the row is known by, then the customer's other IDs known to the partner.
    let others = row.other_ids.clone();
    let id_cell = view! {
        <td>
            <span class="cell-sub">{move || id_type_label(i18n, id_type)}</span>
            <span class="mono">{row.customer_id.display_value()}</span>
            {(!others.is_empty()).then(|| view! {
                <span class="cell-sub other-ids">
                    {move || t_string!(i18n, also_known_as)}" "
                    {others.iter().map(|id| {
                        let kind = id.kind().code();
                        view! { <span class="other-id">{move || id_type_label(i18n, kind)}" "<span class="mono">{id.display_value()}</span></span> }
                    }).collect_view()}
                </span>
            })}
        </td>
    };
    let friendly = view! { <td>{row.friendly_name.clone()}</td> };
    let claim_link = row.claim_ref.clone().map(|r| {
        let href = format!("/claims/{r}");
        view! { <a href=href class="mono">{r.to_string()}</a> }
    });
    let status = row.claim_status;
    let status_badge = move || {
        status.map(|s| view! { <span class="badge badge-info">{move || status_label(s, i18n.get_locale())}</span> })
    };
    match tab {
        Tab::Eligible => {
            let date = row.date;
            // "Claim customer" opens its wizard, the consent actions their flow; every other
            // action of a row with a claim is carried out from the claim's page.
            let claim_url = format!(
                "/engagements/{engagement_id}/claim-customer?type={}&value={}",
                Url::escape(row.customer_id.kind().code()),
                Url::escape(&row.customer_id.value())
            );
            let actions = row
                .actions
                .iter()
                .filter_map(|action| match action {
                    RowAction::ClaimCustomer => Some((*action, claim_url.clone())),
                    RowAction::SendConsent | RowAction::ResendConsent => row
                        .claim_ref
                        .as_ref()
                        .map(|r| (*action, format!("/claims/{r}/consent"))),
                    RowAction::SubmitClaim => row
                        .claim_ref
                        .as_ref()
                        .map(|r| (*action, format!("/claims/{r}/submit"))),
                    _ => row
                        .claim_ref
                        .as_ref()
                        .map(|r| (*action, format!("/claims/{r}"))),
                })
                .map(|(action, href)| {
                    let class = if action == RowAction::ViewClaim {
                        "button button-subtle"
                    } else {
                        "button"
                    };
                    view! { <a class=class href=href>{move || action_label(i18n, action)}</a> }
                })
                .collect_view();
            view! {
                <tr>
                    {customer}
                    {id_cell}
                    {friendly}
                    <td>{claim_link}<br />{status_badge}</td>
                    <td>
                        {date.map(|d| view! {
                            <span class="cell-title">{move || format_date(d, i18n.get_locale())}</span>
                            <span class="cell-sub">{move || time_left_text(d, now, i18n.get_locale())}</span>
                        })}
                    </td>
                    <td>
                        <div class="actions">{actions}</div>
                    </td>
                </tr>
            }
            .into_any()
        }
        Tab::Ineligible => {
            // Eligibility is per ID: with several IDs, each gets its own list, named.
            let several = row.reasons.len() > 1;
            let reasons = row.reasons.clone();
            view! {
                <tr>
                    {customer}
                    {id_cell}
                    {friendly}
                    <td>
                        {move || reasons.iter().map(|r| {
                            let locale = i18n.get_locale();
                            let kind = r.id.kind().code();
                            view! {
                                {several.then(|| view! {
                                    <span class="cell-sub">{id_type_label(i18n, kind)}" "<span class="mono">{r.id.display_value()}</span></span>
                                })}
                                <ul class="reasons">
                                    {r.reasons.iter().map(|reason| view! { <li>{reason_text(reason, locale)}</li> }).collect_view()}
                                </ul>
                            }
                        }).collect_view()}
                    </td>
                </tr>
            }
            .into_any()
        }
        Tab::Completed => {
            let date = row.date;
            view! {
                <tr>
                    <td>{claim_link}</td>
                    {customer}
                    {id_cell}
                    {friendly}
                    <td>{date.map(|d| view! { <span>{move || format_date(d, i18n.get_locale())}</span> })}</td>
                    <td>{status_badge}</td>
                </tr>
            }
            .into_any()
        }
    }
}
