//! The calendar feed's section of the notification preferences page: make an address (shown
//! once, to copy or subscribe to), replace it, or revoke it.

use super::api::{get_calendar_feed, CreateCalendarFeed, RevokeCalendarFeed};
use super::model::FeedStatus;
use crate::components::format::format_date_time;
use crate::components::status::{error_message, ErrorPanel, Loading};
use crate::i18n::*;
use leptos::prelude::*;

/// Its state loads in the browser after hydration (a `LocalResource`): the server renders the
/// title and text, the browser the rest, so the two never disagree about what is there.
#[component]
pub fn CalendarFeedSection() -> impl IntoView {
    let i18n = use_i18n();
    let status = LocalResource::new(get_calendar_feed);
    let create = ServerAction::<CreateCalendarFeed>::new();
    let revoke = ServerAction::<RevokeCalendarFeed>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = revoke.value().get() {
            create.value().set(None);
            status.refetch();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            revoke.value().set(None);
            status.refetch();
        }
    });
    let busy = move || create.pending().get() || revoke.pending().get();
    let failure = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| revoke.value().get().and_then(Result::err))
    };
    let made = move || create.value().get().and_then(Result::ok);
    view! {
        <section class="card calendar-feed" aria-labelledby="calendar-title">
            <h2 id="calendar-title">{move || t_string!(i18n, calendar_title)}</h2>
            <p>{move || t_string!(i18n, calendar_intro)}</p>
            {move || failure().map(|e| {
                let message = error_message(i18n, &e);
                view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
            })}
            {move || made().map(|feed| view! {
                <div class="message message-success" role="status">
                    <p>{move || t_string!(i18n, calendar_made)}</p>
                </div>
                <div class="field">
                    <label for="calendar-url">{move || t_string!(i18n, calendar_address)}</label>
                    <input id="calendar-url" type="text" readonly value=feed.url.clone() class="mono" />
                </div>
                <p class="calendar-links">
                    <a class="button button-primary" href=feed.webcal.clone()>{move || t_string!(i18n, calendar_subscribe)}</a>
                    <a class="button" href=feed.url.clone() download="mci-deadlines.ics">{move || t_string!(i18n, calendar_download)}</a>
                </p>
            })}
            {move || match status.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error /> }.into_any(),
                Some(Ok(s)) => {
                    let has = s.created_at.is_some();
                    view! {
                        <FeedState s />
                        <div class="wizard-buttons">
                            <button
                                type="button"
                                class="button"
                                aria-disabled=move || busy().to_string()
                                on:click=move |_| {
                                    if !busy() {
                                        create.dispatch(CreateCalendarFeed {});
                                    }
                                }
                            >
                                {move || if create.pending().get() {
                                    t_string!(i18n, calendar_making)
                                } else if has {
                                    t_string!(i18n, calendar_replace)
                                } else {
                                    t_string!(i18n, calendar_make)
                                }}
                            </button>
                            {has.then(|| view! {
                                <button
                                    type="button"
                                    class="button button-subtle"
                                    aria-disabled=move || busy().to_string()
                                    on:click=move |_| {
                                        if !busy() {
                                            revoke.dispatch(RevokeCalendarFeed {});
                                        }
                                    }
                                >
                                    {move || if revoke.pending().get() { t_string!(i18n, calendar_revoking) } else { t_string!(i18n, calendar_revoke) }}
                                </button>
                            })}
                            {move || busy().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn FeedState(s: FeedStatus) -> impl IntoView {
    let i18n = use_i18n();
    match s.created_at {
        None => {
            view! { <p class="cell-sub">{move || t_string!(i18n, calendar_none)}</p> }.into_any()
        }
        Some(created) => {
            let read = s.last_read_at;
            view! {
                <p class="cell-sub">
                    {move || t_string!(i18n, calendar_since, date = format_date_time(created, i18n.get_locale()))}
                    " "
                    {move || match read {
                        Some(at) => t_string!(i18n, calendar_last_read, date = format_date_time(at, i18n.get_locale())).to_string(),
                        None => t_string!(i18n, calendar_never_read).to_string(),
                    }}
                </p>
            }
            .into_any()
        }
    }
}
