//! The programme console's overview.

use super::api::list_programme_engagements;
use super::ProgrammeEngagement;
use crate::auth::Role;
use crate::components::layout::RequireRole;
use crate::components::status::ListOrEmpty;
use crate::engagements::page::{open_state_class, open_state_label, payment_type_label};
use crate::error::NeededRole;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

fn is_reviewer(role: Role) -> bool {
    role == Role::ProgrammeReviewer
}

#[component]
pub fn ProgrammePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, programme_title).to_string() /> }}
        <RequireRole allowed=is_reviewer needed=NeededRole::ProgrammeReviewer>
            <ProgrammeOverview />
        </RequireRole>
    }
}

#[component]
fn ProgrammeOverview() -> impl IntoView {
    let i18n = use_i18n();
    let engagements = Resource::new(|| (), |_| list_programme_engagements());
    view! {
        <div class="page-heading">
            <h1>{move || t_string!(i18n, programme_title)}</h1>
            <p class="lead">{move || t_string!(i18n, programme_intro)}</p>
            <div class="page-actions">
                <a class="button button-primary" href="/programme/claims">{move || t_string!(i18n, programme_open_queue)}</a>
                <a class="button" href="/programme/import">{move || t_string!(i18n, import_link)}</a>
            </div>
        </div>
        <ListOrEmpty
            resource=engagements
            empty_title=Signal::derive(move || t_string!(i18n, programme_empty_title).to_string())
            empty_body=Signal::derive(move || t_string!(i18n, programme_empty_body).to_string())
            table=|list| view! { <ProgrammeTable list /> }.into_any()
        />
    }
}

#[component]
fn ProgrammeTable(list: Vec<ProgrammeEngagement>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = list
        .into_iter()
        .map(|e| {
            let payment = e.payment_type.clone();
            let state = e.open_state;
            let status_class = open_state_class(state);
            view! {
                <tr>
                    <th scope="row">
                        <span class="cell-title">{e.name.clone()}</span>
                        <span class="cell-sub">{e.code.clone()}</span>
                    </th>
                    <td>{move || payment_type_label(i18n, &payment)}</td>
                    <td class="numeric">{e.partner_locations}</td>
                    <td class="numeric">{e.eligibility_entries}</td>
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
                <caption class="visually-hidden">{move || t_string!(i18n, programme_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, col_engagement)}</th>
                        <th scope="col">{move || t_string!(i18n, col_payment_type)}</th>
                        <th scope="col" class="numeric">{move || t_string!(i18n, col_partner_locations)}</th>
                        <th scope="col" class="numeric">{move || t_string!(i18n, col_eligibility_list)}</th>
                        <th scope="col">{move || t_string!(i18n, col_status)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
