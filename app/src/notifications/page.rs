//! The bell in the header, the notifications page (`/notifications`) and the preferences page
//! (`/notifications/preferences`).

use super::api::{
    get_notification_preferences, list_notifications, unread_notifications, MarkNotificationsRead,
    SaveNotificationPreferences,
};
use super::model::{
    headline, Delivery, NoticeScope, NotificationItem, NotificationKind, Preferences,
};
use crate::auth::Role;
use crate::components::format::{format_date_time, time_left_text};
use crate::components::status::{error_message, EmptyState, ErrorPanel, Loading};
use crate::error::NeededRole;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// Bumped when the user reads notifications, so that the bell counts again. Provided by the
/// layout (the bell and the pages are siblings under it, so neither could provide it to the
/// other); the count itself is loaded by the browser after hydration, never by the server's
/// render: a hint must not hold up (or be serialised into) every page of the application.
#[derive(Clone, Copy)]
pub struct UnreadVersion(pub RwSignal<u32>);

/// Provides [`UnreadVersion`] to everything under the layout.
pub fn provide_unread_version() {
    provide_context(UnreadVersion(RwSignal::new(0)));
}

fn unread_version() -> RwSignal<u32> {
    use_context::<UnreadVersion>()
        .map(|v| v.0)
        .unwrap_or_else(|| RwSignal::new(0))
}

/// The header's bell: a link to the notifications page that says how many are unread.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let version = unread_version();
    let unread = LocalResource::new(move || {
        version.track();
        unread_notifications()
    });
    // As the To do link's: loaded and read in the browser only.
    let count = move || {
        if cfg!(feature = "ssr") {
            return 0;
        }
        unread.get().and_then(Result::ok).unwrap_or(0)
    };
    view! {
        <a
            class="bell"
            href="/notifications"
            aria-label=move || {
                let n = count();
                if n == 0 {
                    t_string!(i18n, bell_label_none).to_string()
                } else {
                    t_string!(i18n, bell_label, count = n).to_string()
                }
            }
        >
            <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8">
                <path d="M6 9a6 6 0 1 1 12 0c0 5 2 6 2 6H4s2-1 2-6" />
                <path d="M10 19a2 2 0 0 0 4 0" />
            </svg>
            {move || (count() > 0).then(|| view! { <span class="bell-count" aria-hidden="true">{count}</span> })}
        </a>
    }
}

fn partner(role: Role) -> bool {
    role.has_incentives_role()
}

#[component]
pub fn NotificationsRoute() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, notifications_title).to_string() /> }}
        <crate::components::layout::RequireRole allowed=partner needed=NeededRole::Incentives>
            <Notifications />
        </crate::components::layout::RequireRole>
    }
}

#[component]
fn Notifications() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| list_notifications());
    let version = unread_version();
    let mark = ServerAction::<MarkNotificationsRead>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = mark.value().get() {
            list.refetch();
            version.update(|v| *v += 1);
        }
    });
    let failure = move || mark.value().get().and_then(Result::err);
    view! {
        <div class="page-heading">
            <h1>{move || t_string!(i18n, notifications_title)}</h1>
            <a class="button" href="/notifications/preferences">{move || t_string!(i18n, notifications_preferences_link)}</a>
        </div>
        <p class="lead">{move || t_string!(i18n, notifications_intro)}</p>
        {move || failure().map(|e| {
            let message = error_message(i18n, &e);
            view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
        })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    Ok(page) if page.items.is_empty() => view! {
                        <EmptyState
                            title=Signal::derive(move || t_string!(i18n, notifications_empty_title).to_string())
                            body=Signal::derive(move || t_string!(i18n, notifications_empty).to_string())
                        />
                    }.into_any(),
                    Ok(page) => {
                        let now = page.now;
                        let any_unread = page.unread > 0;
                        let items = page.items.into_iter().map(|item| view! { <Item item now /> }).collect_view();
                        view! {
                            {any_unread.then(|| view! {
                                <div class="toolbar">
                                    <button
                                        type="button"
                                        class="button"
                                        aria-disabled=move || mark.pending().get().to_string()
                                        on:click=move |_| {
                                            if !mark.pending().get_untracked() {
                                                mark.dispatch(MarkNotificationsRead { ids: Vec::new() });
                                            }
                                        }
                                    >
                                        {move || if mark.pending().get() { t_string!(i18n, notifications_marking) } else { t_string!(i18n, notifications_mark_all) }}
                                    </button>
                                    {move || mark.pending().get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
                                </div>
                            })}
                            <ul class="notification-list" aria-label=move || t_string!(i18n, notifications_list_label)>
                                {items}
                            </ul>
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn Item(item: NotificationItem, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    let french = move || matches!(i18n.get_locale(), Locale::fr);
    let href = format!("/claims/{}", item.claim_ref);
    let read = item.read;
    let created = item.created_at;
    let deadline = item.deadline_at;
    let engagement = item.engagement_name.clone();
    let claim_ref = item.claim_ref.clone();
    let text = StoredValue::new(item);
    view! {
        <li class="notification" class:notification-unread=!read>
            <div class="notification-main">
                {(!read).then(|| view! { <span class="badge badge-info">{move || t_string!(i18n, notifications_new)}</span> })}
                <a class="cell-title" href=href>{move || text.with_value(|i| headline(i, french()))}</a>
                <span class="cell-sub">{claim_ref}" · "{engagement}</span>
            </div>
            <div class="notification-when">
                {deadline.map(|at| view! {
                    <span class="cell-sub">
                        {move || t_string!(i18n, notifications_deadline)}": "{move || format_date_time(at, i18n.get_locale())}" "
                        <span class="badge badge-info">{move || time_left_text(at, now, i18n.get_locale())}</span>
                    </span>
                })}
                <span class="cell-sub">{move || t_string!(i18n, notifications_received)}" "{move || format_date_time(created, i18n.get_locale())}</span>
            </div>
        </li>
    }
}

#[component]
pub fn PreferencesRoute() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, preferences_title).to_string() /> }}
        <crate::components::layout::RequireRole allowed=partner needed=NeededRole::Incentives>
            <PreferencesForm />
        </crate::components::layout::RequireRole>
    }
}

fn delivery_label(i18n: leptos_i18n::I18nContext<Locale>, d: Delivery) -> &'static str {
    match d {
        Delivery::InApp => t_string!(i18n, preferences_delivery_in_app),
        Delivery::Email => t_string!(i18n, preferences_delivery_email),
        Delivery::Digest => t_string!(i18n, preferences_delivery_digest),
    }
}

#[component]
fn PreferencesForm() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = Resource::new(|| (), |_| get_notification_preferences());
    view! {
        <div class="page-heading">
            <h1>{move || t_string!(i18n, preferences_title)}</h1>
            <a class="button button-subtle" href="/notifications">{move || t_string!(i18n, preferences_back)}</a>
        </div>
        <p class="lead">{move || t_string!(i18n, preferences_intro)}</p>
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(prefs) => view! { <PreferencesFields prefs /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
        <crate::calendar::page::CalendarFeedSection />
    }
}

#[component]
fn PreferencesFields(prefs: Preferences) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveNotificationPreferences>::new();
    let scope = RwSignal::new(prefs.scope);
    let language = RwSignal::new(prefs.language.clone());
    let kinds: Vec<(NotificationKind, RwSignal<Delivery>)> = prefs
        .kinds
        .iter()
        .map(|(k, d)| (*k, RwSignal::new(*d)))
        .collect();
    let kinds = StoredValue::new(kinds);
    let failure = move || save.value().get().and_then(Result::err);
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() {
            return;
        }
        save.dispatch(SaveNotificationPreferences {
            preferences: Preferences {
                scope: scope.get_untracked(),
                kinds: kinds.with_value(|k| {
                    k.iter()
                        .map(|(kind, d)| (*kind, d.get_untracked()))
                        .collect()
                }),
                language: language.get_untracked(),
            },
        });
    };
    let rows = kinds.with_value(|k| {
        k.iter()
            .map(|(kind, delivery)| {
                let kind = *kind;
                let delivery = *delivery;
                let id = format!("delivery-{}", kind.code());
                let label = move || match i18n.get_locale() {
                    Locale::en => kind.label_en(),
                    Locale::fr => kind.label_fr(),
                };
                view! {
                    <tr>
                        <th scope="row"><label for=id.clone()>{label}</label></th>
                        <td>
                            <select
                                id=id
                                name=kind.code()
                                on:change=move |ev| {
                                    if let Some(d) = Delivery::from_code(&event_target_value(&ev)) {
                                        delivery.set(d);
                                    }
                                }
                            >
                                {Delivery::ALL.into_iter().map(|d| view! {
                                    <option value=d.code() selected=move || delivery.get() == d>{move || delivery_label(i18n, d)}</option>
                                }).collect_view()}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    });
    view! {
        <form class="form card" novalidate on:submit=submit>
            {move || failure().map(|e| {
                let message = error_message(i18n, &e);
                view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
            })}
            {move || saved().then(|| view! {
                <div class="message message-success" role="status"><p>{move || t_string!(i18n, preferences_saved)}</p></div>
            })}
            <fieldset class="field">
                <legend>{move || t_string!(i18n, preferences_scope)}</legend>
                <label class="choice">
                    <input
                        type="radio"
                        name="scope"
                        value="my_claims"
                        prop:checked=move || scope.get() == NoticeScope::MyClaims
                        on:change=move |_| scope.set(NoticeScope::MyClaims)
                    />
                    {move || t_string!(i18n, preferences_scope_mine)}
                </label>
                <label class="choice">
                    <input
                        type="radio"
                        name="scope"
                        value="my_locations"
                        prop:checked=move || scope.get() == NoticeScope::MyLocations
                        on:change=move |_| scope.set(NoticeScope::MyLocations)
                    />
                    {move || t_string!(i18n, preferences_scope_locations)}
                </label>
            </fieldset>
            <h2>{move || t_string!(i18n, preferences_kinds)}</h2>
            <div class="table-wrap">
                <table class="data-table">
                    <caption class="visually-hidden">{move || t_string!(i18n, preferences_kinds)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || t_string!(i18n, preferences_kind)}</th>
                            <th scope="col">{move || t_string!(i18n, preferences_delivery)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <div class="field">
                <label for="field-language">{move || t_string!(i18n, preferences_language)}</label>
                <select
                    id="field-language"
                    name="language"
                    on:change=move |ev| language.set(event_target_value(&ev))
                >
                    <option value="en" selected=move || language.get() == "en" lang="en">"English"</option>
                    <option value="fr" selected=move || language.get() == "fr" lang="fr">"Français"</option>
                </select>
            </div>
            <div class="wizard-buttons">
                <button type="submit" class="button button-primary" aria-disabled=move || save.pending().get().to_string()>
                    {move || if save.pending().get() { t_string!(i18n, preferences_saving) } else { t_string!(i18n, preferences_save) }}
                </button>
                {move || save.pending().get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
            </div>
        </form>
    }
}
