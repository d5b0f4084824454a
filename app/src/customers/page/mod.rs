//! The Customers page of an engagement: three tabs (WAI-ARIA tabs pattern), search, sort,
//! keyset paging and CSV export, everything in the URL so that reload and back/forward keep it.

use super::api::{get_customer_counts, get_customers_page};
use super::model::{CustomersPage, CustomersQuery, RowAction, SortKey, Tab, TabCounts};
use crate::auth::Role;
use crate::components::layout::RequireRole;
use crate::components::status::{ErrorPanel, Loading};
use crate::error::{AppError, NeededRole};
use crate::i18n::*;
use domain::EngagementId;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::location::Url;

mod table;
use table::TabBody;

/// The URL of a view of the page (the query string is escaped).
pub fn page_url(query: &CustomersQuery) -> String {
    let mut parts = vec![format!("tab={}", query.tab.code())];
    if !query.search.is_empty() {
        parts.push(format!("q={}", Url::escape(&query.search)));
    }
    if query.sort != SortKey::default() {
        parts.push(format!("sort={}", query.sort.code()));
    }
    if query.descending {
        parts.push("dir=desc".to_owned());
    }
    if let Some(after) = &query.after {
        parts.push(format!("after={}", Url::escape(after)));
    }
    if let Some(before) = &query.before {
        parts.push(format!("before={}", Url::escape(before)));
    }
    if let Some(size) = query.size {
        parts.push(format!("size={size}"));
    }
    format!(
        "/engagements/{}/customers?{}",
        query.engagement_id,
        parts.join("&")
    )
}

/// The same view on another tab, from its first page.
fn tab_url(query: &CustomersQuery, tab: Tab) -> String {
    page_url(&CustomersQuery {
        tab,
        after: None,
        before: None,
        ..query.clone()
    })
}

/// The same view sorted by `sort` (again: the other direction), from its first page.
fn sort_url(query: &CustomersQuery, sort: SortKey) -> String {
    let descending = query.sort == sort && !query.descending;
    page_url(&CustomersQuery {
        sort,
        descending,
        after: None,
        before: None,
        ..query.clone()
    })
}

fn export_url(query: &CustomersQuery) -> String {
    page_url(&CustomersQuery {
        after: None,
        before: None,
        ..query.clone()
    })
    .replacen("/customers?", "/customers.csv?", 1)
}

fn tab_label(i18n: I18nContext<Locale>, tab: Tab) -> &'static str {
    match tab {
        Tab::Eligible => t_string!(i18n, tab_eligible),
        Tab::Ineligible => t_string!(i18n, tab_ineligible),
        Tab::Completed => t_string!(i18n, tab_completed),
    }
}

fn action_label(i18n: I18nContext<Locale>, action: RowAction) -> &'static str {
    match action {
        RowAction::ClaimCustomer => t_string!(i18n, action_claim_customer),
        RowAction::SendConsent => t_string!(i18n, action_send_consent),
        RowAction::ResendConsent => t_string!(i18n, action_resend_consent),
        RowAction::SubmitClaim => t_string!(i18n, action_submit_claim),
        RowAction::ViewClaim => t_string!(i18n, action_view_claim),
    }
}

/// The tab counts, loaded apart from the rows: only a new engagement or search recounts.
#[derive(Clone, Copy)]
struct Counts(Resource<Result<TabCounts, crate::error::AppError>>);

/// Whether the selected tab should take the keyboard focus when the page content renders.
#[derive(Clone, Copy)]
struct TabFocus(RwSignal<bool>);

#[component]
pub fn CustomersRoute() -> impl IntoView {
    view! {
        <RequireRole allowed=Role::has_incentives_role needed=NeededRole::Incentives>
            <CustomersView />
        </RequireRole>
    }
}

#[component]
fn CustomersView() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let url_query = use_query_map();
    // `None` when the URL names no engagement: answered as an engagement not found.
    let query = Memo::new(move |_| {
        let get = |k: &str| url_query.with(|q| q.get(k));
        let engagement_id =
            params.with(|p| p.get("id").and_then(|id| EngagementId::parse(&id).ok()))?;
        Some(CustomersQuery {
            engagement_id,
            tab: get("tab")
                .as_deref()
                .and_then(Tab::from_code)
                .unwrap_or_default(),
            search: get("q").unwrap_or_default(),
            sort: get("sort")
                .as_deref()
                .and_then(SortKey::from_code)
                .unwrap_or_default(),
            descending: get("dir").as_deref() == Some("desc"),
            after: get("after"),
            before: get("before"),
            size: get("size").and_then(|s| s.parse().ok()),
        })
    });
    let page = Resource::new(
        move || query.get(),
        |query| async move {
            match query {
                Some(query) => get_customers_page(query).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let counted =
        Memo::new(move |_| query.with(|q| q.as_ref().map(|q| (q.engagement_id, q.search.clone()))));
    provide_context(Counts(Resource::new(
        move || counted.get(),
        |counted| async move {
            match counted {
                Some((engagement_id, search)) => get_customer_counts(engagement_id, search).await,
                None => Err(AppError::NotFound),
            }
        },
    )));
    // Set by the arrow keys: once the new tab's content is on screen, its tab takes the focus.
    provide_context(TabFocus(RwSignal::new(false)));
    // True while a new tab, search or page loads (the old one stays on screen meanwhile).
    let pending = RwSignal::new(false);
    view! {
        <Transition fallback=|| view! { <Loading /> } set_pending=pending>
            {move || Suspend::new(async move {
                match (page.await, query.get_untracked()) {
                    (Ok(data), Some(query)) => view! { <CustomersContent data query /> }.into_any(),
                    (Err(error), _) => view! { <ErrorPanel error /> }.into_any(),
                    (Ok(_), None) => view! { <ErrorPanel error=AppError::NotFound /> }.into_any(),
                }
            })}
        </Transition>
        <Show when=move || pending.get()>
            <p class="loading-bar" role="status">{move || t_string!(i18n, loading)}</p>
        </Show>
        // Outside the page's Transition: it loads in the browser, and the server renders only its
        // heading, so hydration finds what the server sent.
        {move || query.get().map(|q| view! {
            <crate::consent::reminder_page::ConsentReminderSetting engagement_id=q.engagement_id />
        })}
    }
}

#[component]
fn CustomersContent(data: CustomersPage, query: CustomersQuery) -> impl IntoView {
    let i18n = use_i18n();
    let title = data.engagement_name.clone();
    let counts = use_context::<Counts>().map(|c| c.0);
    let tabs = Tab::ALL.map(|tab| (tab, tab_url(&query, tab)));
    let navigate = use_navigate();
    let current = query.tab;
    let refocus = use_context::<TabFocus>().map(|f| f.0);
    // The selected tab of this content, once built: the focus goes to this element, not to
    // whichever element has its id when the next frame comes (during the Transition's swap that
    // can still be the old content's tab, which then leaves the page with the focus).
    let selected_tab = NodeRef::<leptos::html::A>::new();
    Effect::new(move |_| {
        let Some(tab) = selected_tab.get() else {
            return;
        };
        if let Some(refocus) = refocus {
            if refocus.get_untracked() {
                refocus.set(false);
                focus_when_connected(tab, 10);
            }
        }
    });
    let on_key = {
        let urls: Vec<(Tab, String)> = tabs.to_vec();
        move |ev: leptos::ev::KeyboardEvent| {
            let index = Tab::ALL.iter().position(|t| *t == current).unwrap_or(0);
            let next = match ev.key().as_str() {
                "ArrowRight" => (index + 1) % 3,
                "ArrowLeft" => (index + 2) % 3,
                "Home" => 0,
                "End" => 2,
                _ => return,
            };
            ev.prevent_default();
            if let Some(refocus) = refocus {
                refocus.set(true);
            }
            navigate(&urls[next].1, Default::default());
        }
    };
    let search_value = query.search.clone();
    let hidden_tab = query.tab.code();
    let export = export_url(&query);
    view! {
        <Title text=title.clone() />
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, breadcrumb)>
            <a href="/engagements">{move || t_string!(i18n, nav_engagements)}</a>
            <span aria-hidden="true">" / "</span>
            <span>{data.engagement_code.clone()}</span>
        </nav>
        <div class="page-heading">
            <h1>{title}</h1>
            <p class="lead">{move || t_string!(i18n, customers_intro)}</p>
        </div>
        <div class="toolbar">
            <form class="search" method="get" role="search">
                <input type="hidden" name="tab" value=hidden_tab />
                {query.size.map(|size| view! { <input type="hidden" name="size" value=size.to_string() /> })}
                <label for="customer-search" class="visually-hidden">{move || t_string!(i18n, search_label)}</label>
                <input
                    id="customer-search"
                    type="search"
                    name="q"
                    value=search_value
                    placeholder=move || t_string!(i18n, search_placeholder)
                />
                <button type="submit" class="button">{move || t_string!(i18n, search_button)}</button>
            </form>
            <div class="actions">
                <a class="button" href=export download="">{move || t_string!(i18n, export_csv)}</a>
                {data.accepting_claims.then(|| view! {
                    <a class="button button-primary" href=format!("/engagements/{}/add-customer", query.engagement_id)>
                        {move || t_string!(i18n, action_add_customer)}
                    </a>
                })}
            </div>
        </div>
        <div class="tabs" role="tablist" aria-label=move || t_string!(i18n, customers_tabs) on:keydown=on_key>
            {tabs
                .into_iter()
                .map(|(tab, url)| {
                    let selected = tab == current;
                    let tab_ref = if selected { selected_tab } else { NodeRef::new() };
                    view! {
                        <a
                            node_ref=tab_ref
                            role="tab"
                            id=format!("tab-{}", tab.code())
                            href=url
                            aria-selected=selected.to_string()
                            aria-controls="customers-panel"
                            tabindex=if selected { "0" } else { "-1" }
                            class="tab"
                        >
                            {move || tab_label(i18n, tab)}
                            <span class="tab-count">
                                <Transition fallback=|| "…">
                                    {move || Suspend::new(async move {
                                        let counts = match counts {
                                            Some(counts) => counts.await.ok(),
                                            None => None,
                                        };
                                        counts.map(|c| match tab {
                                            Tab::Eligible => c.eligible,
                                            Tab::Ineligible => c.ineligible,
                                            Tab::Completed => c.completed,
                                        })
                                    })}
                                </Transition>
                            </span>
                        </a>
                    }
                })
                .collect_view()}
        </div>
        <section id="customers-panel" role="tabpanel" aria-labelledby=format!("tab-{}", current.code()) class="tab-panel">
            <TabBody data query />
        </section>
    }
}

/// Moves the keyboard focus to the tab the arrow keys chose, once the new content is on the page
/// (at most `frames` frames from now).
fn focus_when_connected(_tab: leptos::web_sys::HtmlAnchorElement, _frames: u8) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        if _tab.is_connected() {
            let _ = _tab.focus();
        } else if _frames > 0 {
            focus_when_connected(_tab, _frames - 1);
        }
    });
}
