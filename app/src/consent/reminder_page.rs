//! The Customers page's automatic consent reminder setting: the administrator chooses how many
//! days before a consent request expires the customer is reminded (or off); others read it.

use super::api::{get_consent_reminder, SaveConsentReminder};
use crate::components::status::error_message;
use crate::i18n::*;
use domain::EngagementId;
use leptos::prelude::*;

/// The days-before choices a partner may set (the database allows 1 to 14); the server accepts
/// only these (`consent::reminders::save_setting`).
pub const REMINDER_DAYS: [u32; 5] = [1, 2, 3, 5, 7];

/// The setting as the page shows it, and whether this user may change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReminderSetting {
    pub days_before: Option<u32>,
    pub can_change: bool,
}

/// Loaded by the browser after hydration (a `LocalResource`): the server renders the section's
/// title and text, the browser its form, so the two never disagree about what is there.
#[component]
pub fn ConsentReminderSetting(engagement_id: EngagementId) -> impl IntoView {
    let i18n = use_i18n();
    let current = LocalResource::new(move || get_consent_reminder(engagement_id));
    let save = ServerAction::<SaveConsentReminder>::new();
    let chosen = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(s)) = current.get() {
            chosen.set(s.days_before.map(|d| d.to_string()).unwrap_or_default());
        }
    });
    let saved = move || matches!(save.value().get(), Some(Ok(_)));
    let failure = move || save.value().get().and_then(Result::err);
    let label = move |days: Option<u32>| match days {
        None => t_string!(i18n, reminder_off).to_string(),
        Some(1) => t_string!(i18n, reminder_one_day).to_string(),
        Some(n) => t_string!(i18n, reminder_days, count = n).to_string(),
    };
    let form = move |days: Option<u32>| {
        view! {
            <form class="filters" on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                if save.pending().get_untracked() {
                    return;
                }
                save.dispatch(SaveConsentReminder {
                    engagement_id,
                    days_before: chosen.get_untracked().parse().ok(),
                });
            }>
                <div class="field">
                    <label for="reminder-days">{move || t_string!(i18n, reminder_label)}</label>
                    <select id="reminder-days" name="days_before" on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <option value="" selected=days.is_none()>{move || label(None)}</option>
                        {REMINDER_DAYS.into_iter().map(|n| view! {
                            <option value=n.to_string() selected=days == Some(n)>{move || label(Some(n))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field field-button">
                    <button type="submit" class="button" aria-disabled=move || save.pending().get().to_string()>
                        {move || if save.pending().get() { t_string!(i18n, reminder_saving) } else { t_string!(i18n, reminder_save) }}
                    </button>
                </div>
                {move || save.pending().get().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
            </form>
        }
    };
    view! {
        <section class="card reminder-setting" aria-labelledby="reminder-title">
            <h2 id="reminder-title">{move || t_string!(i18n, reminder_title)}</h2>
            <p class="cell-sub">{move || t_string!(i18n, reminder_intro)}</p>
            {move || current.get().map(|loaded| match loaded {
                Ok(s) if s.can_change => form(s.days_before).into_any(),
                Ok(s) => view! { <p>{move || t_string!(i18n, reminder_current)}": "{move || label(s.days_before)}</p> }.into_any(),
                Err(e) => {
                    let message = error_message(i18n, &e);
                    view! { <p class="cell-sub">{message}</p> }.into_any()
                }
            })}
            {move || saved().then(|| view! { <p class="message message-success" role="status">{move || t_string!(i18n, reminder_saved)}</p> })}
            {move || failure().map(|e| {
                let message = error_message(i18n, &e);
                view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
            })}
        </section>
    }
}
