//! The team page's invite form, and the location checklist it shares with the member rows.

use super::api::InviteColleague;
use super::model::TEAM_ROLES;
use crate::auth::Role;
use crate::components::layout::role_label;
use crate::components::status::error_message;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// What the invite form holds. Owned by the page, not the form: the form is rendered again
/// whenever the team reloads (after any change), and must keep what was typed and which address
/// the last invitation went to.
#[derive(Clone, Copy)]
pub(super) struct InviteDraft {
    email: RwSignal<String>,
    role: RwSignal<String>,
    granted: RwSignal<Vec<String>>,
    language: RwSignal<String>,
    /// The address of the invitation last sent, for its confirmation.
    asked: RwSignal<String>,
}

impl InviteDraft {
    /// An empty form, the invitation in the reader's language; emptied again for the next
    /// colleague whenever an invitation goes.
    pub(super) fn new(invite: ServerAction<InviteColleague>, locale: Locale) -> InviteDraft {
        let draft = InviteDraft {
            email: RwSignal::new(String::new()),
            role: RwSignal::new(Role::IncentivesUser.code().to_owned()),
            granted: RwSignal::new(Vec::new()),
            language: RwSignal::new(
                match locale {
                    Locale::en => "en",
                    Locale::fr => "fr",
                }
                .to_owned(),
            ),
            asked: RwSignal::new(String::new()),
        };
        Effect::new(move |_| {
            if let Some(Ok(_)) = invite.value().get() {
                draft.email.set(String::new());
                draft.granted.set(Vec::new());
            }
        });
        draft
    }
}

/// Invites a colleague: the address, the role, the locations (an Incentives user's) and the
/// language of the invitation e-mail. What was typed stays when the server refuses it.
#[component]
pub(super) fn InviteForm(
    invite: ServerAction<InviteColleague>,
    draft: InviteDraft,
    locations: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let InviteDraft {
        email,
        role,
        granted,
        language,
        asked,
    } = draft;
    let error = move || invite.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        error().and_then(|e| {
            e.field_errors(field)
                .first()
                .map(|f| crate::components::messages::field_message(i18n.get_locale(), f))
        })
    };
    let sent_to = move || {
        (!invite.pending().get() && matches!(invite.value().get(), Some(Ok(_))))
            .then(|| asked.get())
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if invite.pending().get_untracked() {
            return;
        }
        asked.set(email.get_untracked());
        invite.dispatch(InviteColleague {
            email: email.get_untracked(),
            role: role.get_untracked(),
            locations: if role.get_untracked() == Role::IncentivesUser.code() {
                granted.get_untracked()
            } else {
                Vec::new()
            },
            language: language.get_untracked(),
        });
    };
    let locations = StoredValue::new(locations);
    view! {
        <section class="card invite-card" aria-labelledby="invite-title">
            <h2 id="invite-title">{move || t_string!(i18n, invite_title)}</h2>
            <p>{move || t_string!(i18n, invite_intro)}</p>
            {move || sent_to().map(|to| view! {
                <div class="message message-success" role="status"><p>{move || t_string!(i18n, invite_sent, email = to.clone())}</p></div>
            })}
            {move || error().filter(|e| !matches!(e, AppError::Validation(_))).map(|e| {
                let message = error_message(i18n, &e);
                view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
            })}
            <form class="form invite-form" novalidate on:submit=submit>
                <div class="field" class:field-invalid=move || field_error("email").is_some()>
                    <label for="invite-email">{move || t_string!(i18n, email_label)}</label>
                    {move || field_error("email").map(|m| view! { <p class="field-error" id="invite-email-error">{m}</p> })}
                    <input
                        id="invite-email"
                        type="email"
                        autocomplete="off"
                        required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                        aria-invalid=move || field_error("email").is_some().to_string()
                        aria-describedby=move || field_error("email").map(|_| "invite-email-error")
                    />
                </div>
                <div class="field">
                    <label for="invite-role">{move || t_string!(i18n, team_col_role)}</label>
                    <select id="invite-role" on:change=move |ev| role.set(event_target_value(&ev))>
                        {TEAM_ROLES.into_iter().map(|r| view! {
                            <option value=r.code() selected=r == Role::IncentivesUser>{move || role_label(i18n, r)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || role.get() == Role::IncentivesUser.code()>
                    <fieldset class="location-grants invite-locations" class:field-invalid=move || field_error("locations").is_some()>
                        <legend>{move || t_string!(i18n, team_col_locations)}</legend>
                        {move || field_error("locations").map(|m| view! { <p class="field-error">{m}</p> })}
                        <LocationChoices locations granted id_prefix="invite-grant".to_owned() />
                    </fieldset>
                </Show>
                <div class="field">
                    <label for="invite-language">{move || t_string!(i18n, invite_language)}</label>
                    <select id="invite-language" on:change=move |ev| language.set(event_target_value(&ev))>
                        <option value="en" selected=move || language.get() == "en">"English"</option>
                        <option value="fr" selected=move || language.get() == "fr" lang="fr">"Français"</option>
                    </select>
                </div>
                <button type="submit" class="button button-primary" aria-disabled=move || invite.pending().get().to_string()>
                    {move || if invite.pending().get() { t_string!(i18n, invite_sending) } else { t_string!(i18n, invite_send) }}
                </button>
            </form>
        </section>
    }
}

/// A checkbox per location of the partner, kept in `granted` (the member rows and the invite
/// form). `id_prefix` makes the boxes' ids unique on the page.
#[component]
pub(super) fn LocationChoices(
    locations: StoredValue<Vec<(String, String)>>,
    granted: RwSignal<Vec<String>>,
    id_prefix: String,
) -> impl IntoView {
    locations.with_value(|all| {
        all.iter()
            .map(|(location, label)| {
                let location = location.clone();
                let check_id = format!("{id_prefix}-{location}");
                let label_for = check_id.clone();
                let checked = {
                    let location = location.clone();
                    move || granted.with(|g| g.contains(&location))
                };
                view! {
                    <label class="choice" for=label_for>
                        <input
                            id=check_id
                            type="checkbox"
                            prop:checked=checked
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                granted.update(|g| {
                                    g.retain(|l| *l != location);
                                    if on {
                                        g.push(location.clone());
                                    }
                                });
                            }
                        />
                        {label.clone()}
                    </label>
                }
            })
            .collect_view()
    })
}
