//! The Engagements page.

use super::api::list_engagements;
use super::model::{EngagementSummary, OpenState};
use crate::auth::Role;
use crate::components::format::format_date;
use crate::components::layout::RequireRole;
use crate::components::status::ListOrEmpty;
use crate::error::NeededRole;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

pub fn id_type_label(i18n: I18nContext<Locale>, code: &str) -> String {
    match code {
        "domain_name" => t_string!(i18n, id_type_domain_name).to_string(),
        "tenant_id" => t_string!(i18n, id_type_tenant_id).to_string(),
        "tpid" => t_string!(i18n, id_type_tpid).to_string(),
        "azure_subscription_id" => t_string!(i18n, id_type_azure_subscription_id).to_string(),
        "msx_opportunity_id" => t_string!(i18n, id_type_msx_opportunity_id).to_string(),
        other => other.to_owned(),
    }
}

pub fn payment_type_label(i18n: I18nContext<Locale>, code: &str) -> &'static str {
    if code == "variable" {
        t_string!(i18n, payment_variable)
    } else {
        t_string!(i18n, payment_fixed)
    }
}

pub fn open_state_label(i18n: I18nContext<Locale>, state: OpenState) -> String {
    let locale = i18n.get_locale();
    match state {
        OpenState::NotYetOpen(at) => {
            let date = format_date(at, locale);
            t_string!(i18n, status_opens_on, date).to_string()
        }
        OpenState::Open(at) => {
            let date = format_date(at, locale);
            t_string!(i18n, status_open_until, date).to_string()
        }
        OpenState::Closed(at) => {
            let date = format_date(at, locale);
            t_string!(i18n, status_closed_on, date).to_string()
        }
    }
}

/// The badge style of an open state.
pub fn open_state_class(state: OpenState) -> &'static str {
    match state {
        OpenState::Open(_) => "badge badge-success",
        OpenState::NotYetOpen(_) => "badge badge-info",
        OpenState::Closed(_) => "badge badge-neutral",
    }
}

#[component]
pub fn EngagementsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, engagements_title).to_string() /> }}
        <RequireRole allowed=Role::has_incentives_role needed=NeededRole::Incentives>
            <EngagementsList />
        </RequireRole>
    }
}

#[component]
fn EngagementsList() -> impl IntoView {
    let i18n = use_i18n();
    let engagements = Resource::new(|| (), |_| list_engagements());
    view! {
        <div class="page-heading">
            <h1>{move || t_string!(i18n, engagements_title)}</h1>
            <p class="lead">{move || t_string!(i18n, engagements_intro)}</p>
        </div>
        <ListOrEmpty
            resource=engagements
            empty_title=Signal::derive(move || t_string!(i18n, engagements_empty_title).to_string())
            empty_body=Signal::derive(move || t_string!(i18n, engagements_empty_body).to_string())
            table=|list| view! { <EngagementsTable list /> }.into_any()
        />
    }
}

#[component]
fn EngagementsTable(list: Vec<EngagementSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = list
        .into_iter()
        .map(|e| {
            let payment = e.payment_type.clone();
            let types = e.accepted_id_types.clone();
            let state = e.open_state;
            let status_class = open_state_class(state);
            view! {
                <tr>
                    <th scope="row">
                        <a class="cell-title" href=format!("/engagements/{}/customers", e.id)>{e.name.clone()}</a>
                        <span class="cell-sub">{e.code.clone()}</span>
                    </th>
                    <td>{e.solution_area.clone()}</td>
                    <td>{move || payment_type_label(i18n, &payment)}</td>
                    <td>{move || types.iter().map(|t| id_type_label(i18n, t)).collect::<Vec<_>>().join(", ")}</td>
                    <td class="numeric">{e.eligible_locations}</td>
                    <td>
                        <span class=status_class>{move || open_state_label(i18n, state)}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{move || t_string!(i18n, engagements_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_engagement)}</th>
                        <th scope="col">{move || t_string!(i18n, col_solution_area)}</th>
                        <th scope="col">{move || t_string!(i18n, col_payment_type)}</th>
                        <th scope="col">{move || t_string!(i18n, col_customer_ids)}</th>
                        <th scope="col" class="numeric">{move || t_string!(i18n, col_eligible_locations)}</th>
                        <th scope="col">{move || t_string!(i18n, col_status)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
