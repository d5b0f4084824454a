//! An audit list, as the team page and the programme's team page show it: when, who, what
//! changed of whom, from what to what, newest first, or a line saying there is nothing yet.

use crate::components::format::format_date_time;
use crate::i18n::*;
use leptos::prelude::*;

/// One line, its words already in the reader's language (they follow a change of language).
pub struct AuditLine {
    pub at: i64,
    pub actor: String,
    pub target: String,
    pub change: Signal<String>,
    pub before: Signal<String>,
    pub after: Signal<String>,
}

#[component]
pub fn AuditList(
    heading_id: &'static str,
    #[prop(into)] heading: Signal<String>,
    lines: Vec<AuditLine>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = lines.is_empty();
    let items = lines
        .into_iter()
        .map(|line| {
            let at = line.at;
            view! {
                <li>
                    <span class="cell-sub">{move || format_date_time(at, i18n.get_locale())}</span>
                    " "
                    <strong>{line.actor}</strong>
                    " · "
                    {line.change}
                    " · "
                    {line.target}
                    ": "
                    {line.before}
                    " → "
                    {line.after}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card team-audit" aria-labelledby=heading_id>
            <h2 id=heading_id>{heading}</h2>
            {if empty {
                view! { <p class="cell-sub">{move || t_string!(i18n, team_audit_empty)}</p> }.into_any()
            } else {
                view! { <ul class="audit-list">{items}</ul> }.into_any()
            }}
        </section>
    }
}
