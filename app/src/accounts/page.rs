//! The account pages: accepting an invitation (`/invitation/:token`), asking for a password
//! reset (`/forgot-password`), choosing a new password from the e-mailed link
//! (`/reset-password/:token`), and the password change on the account page. Their fields, the
//! strength meter among them, are `accounts::fields`.

use super::api::{
    check_reset_link, get_invitation, AcceptInvitation, ChangePassword, RequestPasswordReset,
    ResetPassword,
};
use super::fields::{field_error, FormError, NewPasswordField, TextField};
use super::model::InvitationView;
use crate::components::format::{format_date_time, time_left_text};
use crate::components::layout::{reload_at, role_label};
use crate::components::status::Loading;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

/// `/invitation/:token`: a colleague accepts an invitation by choosing a name and a password.
#[component]
pub fn InvitationRoute() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let invitation = Resource::new(move || token.get(), get_invitation);
    view! {
        {move || view! { <Title text=t_string!(i18n, invitation_title).to_string() /> }}
        // The link's token must not leave in a Referer header.
        <Meta name="referrer" content="no-referrer" />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match invitation.await {
                    Ok(invitation) => view! { <AcceptForm invitation token=token.get_untracked() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <DeadLink invitation=true /> }.into_any(),
                    Err(error) => view! { <crate::components::status::ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A link that is used, revoked, expired or unknown.
#[component]
fn DeadLink(invitation: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card narrow" aria-labelledby="dead-link-title">
            <h1 id="dead-link-title">{move || if invitation { t_string!(i18n, invitation_dead_title) } else { t_string!(i18n, reset_dead_title) }}</h1>
            <p>{move || if invitation { t_string!(i18n, invitation_dead_body) } else { t_string!(i18n, reset_dead_body) }}</p>
            <p>
                {(!invitation).then(|| view! {
                    <a class="button button-primary" href="/forgot-password">{move || t_string!(i18n, reset_ask_again)}</a>
                    " "
                })}
                <a class="button" href="/sign-in">{move || t_string!(i18n, sign_in_button)}</a>
            </p>
        </section>
    }
}

#[component]
fn AcceptForm(invitation: InvitationView, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let accept = ServerAction::<AcceptInvitation>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = accept.value().get() {
            reload_at("/");
        }
    });
    let error = Signal::derive(move || accept.value().get().and_then(Result::err));
    let name = RwSignal::new(String::new());
    let email = invitation.email.clone();
    let shown_email = email.clone();
    let (partner, by, role) = (
        invitation.partner_name.clone(),
        invitation.invited_by.clone(),
        invitation.role,
    );
    let (expires, now) = (invitation.expires_at, invitation.now);
    // A reviewer's invitation is to the programme's team, which has no partner name.
    let partner = move || {
        if partner.is_empty() {
            t_string!(i18n, programme_team_name).to_string()
        } else {
            partner.clone()
        }
    };
    let heading_partner = partner.clone();
    let programme = invitation.partner_name.is_empty();
    view! {
        <section class="card narrow" aria-labelledby="invitation-title">
            <h1 id="invitation-title">{move || t_string!(i18n, invitation_heading, partner = heading_partner())}</h1>
            <p class="lead">
                {move || if programme {
                    t_string!(i18n, programme_invitation_intro, by = by.clone()).to_string()
                } else {
                    t_string!(i18n, invitation_intro, by = by.clone(), partner = partner(), role = role_label(i18n, role)).to_string()
                }}
            </p>
            <p class="cell-sub">
                {move || t_string!(i18n, invitation_valid_until, until = format_date_time(expires, i18n.get_locale()), left = time_left_text(expires, now, i18n.get_locale()))}
            </p>
            <FormError error />
            <ActionForm action=accept attr:class="form" attr:novalidate=true>
                <input type="hidden" name="token" value=token />
                <div class="field">
                    <label for="invited-email">{move || t_string!(i18n, email_label)}</label>
                    <input id="invited-email" type="email" value=shown_email readonly autocomplete="username" />
                </div>
                <div class="field" class:field-invalid=move || field_error(i18n, error.get(), "display_name").is_some()>
                    <label for="display_name">{move || t_string!(i18n, account_name)}</label>
                    {move || field_error(i18n, error.get(), "display_name").map(|m| view! { <p class="field-error" id="display_name-error">{m}</p> })}
                    <input
                        id="display_name"
                        name="display_name"
                        type="text"
                        autocomplete="name"
                        required
                        on:input=move |ev| name.set(event_target_value(&ev))
                        aria-invalid=move || field_error(i18n, error.get(), "display_name").is_some().to_string()
                        aria-describedby=move || field_error(i18n, error.get(), "display_name").map(|_| "display_name-error")
                    />
                </div>
                <NewPasswordField
                    id="password"
                    label=Signal::derive(move || t_string!(i18n, new_password_label).to_string())
                    error=Signal::derive(move || field_error(i18n, error.get(), "password"))
                    email=Signal::stored(email)
                    name=name
                />
                <button type="submit" class="button button-primary" disabled=move || accept.pending().get()>
                    {move || if accept.pending().get() { t_string!(i18n, invitation_accepting) } else { t_string!(i18n, invitation_accept) }}
                </button>
            </ActionForm>
        </section>
    }
}

/// `/forgot-password`: the address to send a reset link to. The answer never says whether the
/// address has an account.
#[component]
pub fn ForgotPasswordRoute() -> impl IntoView {
    let i18n = use_i18n();
    let ask = ServerAction::<RequestPasswordReset>::new();
    let error = Signal::derive(move || ask.value().get().and_then(Result::err));
    let sent = move || matches!(ask.value().get(), Some(Ok(())));
    view! {
        {move || view! { <Title text=t_string!(i18n, forgot_title).to_string() /> }}
        <section class="card narrow" aria-labelledby="forgot-title">
            <h1 id="forgot-title">{move || t_string!(i18n, forgot_title)}</h1>
            <Show
                when=sent
                fallback=move || view! {
                    <p class="lead">{move || t_string!(i18n, forgot_intro)}</p>
                    <FormError error />
                    <ActionForm action=ask attr:class="form" attr:novalidate=true>
                        <TextField
                            id="email"
                            label=Signal::derive(move || t_string!(i18n, email_label).to_string())
                            kind="email"
                            autocomplete="username"
                            error=Signal::derive(move || field_error(i18n, error.get(), "email"))
                        />
                        <button type="submit" class="button button-primary" disabled=move || ask.pending().get()>
                            {move || if ask.pending().get() { t_string!(i18n, forgot_sending) } else { t_string!(i18n, forgot_send) }}
                        </button>
                    </ActionForm>
                    <p><a href="/sign-in">{move || t_string!(i18n, back_to_sign_in)}</a></p>
                }
            >
                <div class="message message-success" role="status">
                    <p>{move || t_string!(i18n, forgot_sent)}</p>
                </div>
                <p><a href="/sign-in">{move || t_string!(i18n, back_to_sign_in)}</a></p>
            </Show>
        </section>
    }
}

/// `/reset-password/:token`: a new password from the e-mailed link.
#[component]
pub fn ResetPasswordRoute() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token")).unwrap_or_default());
    let usable = Resource::new(move || token.get(), check_reset_link);
    view! {
        {move || view! { <Title text=t_string!(i18n, reset_title).to_string() /> }}
        <Meta name="referrer" content="no-referrer" />
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match usable.await {
                    Ok(()) => view! { <ResetForm token=token.get_untracked() /> }.into_any(),
                    Err(AppError::NotFound) => view! { <DeadLink invitation=false /> }.into_any(),
                    Err(error) => view! { <crate::components::status::ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ResetForm(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let reset = ServerAction::<ResetPassword>::new();
    let error = Signal::derive(move || reset.value().get().and_then(Result::err));
    let done = move || matches!(reset.value().get(), Some(Ok(())));
    view! {
        <section class="card narrow" aria-labelledby="reset-title">
            <h1 id="reset-title">{move || t_string!(i18n, reset_title)}</h1>
            <Show
                when=done
                fallback=move || {
                    let token = token.clone();
                    view! {
                        <p class="lead">{move || t_string!(i18n, reset_intro)}</p>
                        <FormError error />
                        <ActionForm action=reset attr:class="form" attr:novalidate=true>
                            <input type="hidden" name="token" value=token />
                            <NewPasswordField
                                id="password"
                                label=Signal::derive(move || t_string!(i18n, new_password_label).to_string())
                                error=Signal::derive(move || field_error(i18n, error.get(), "password"))
                                email=Signal::stored(String::new())
                                name=Signal::stored(String::new())
                            />
                            <button type="submit" class="button button-primary" disabled=move || reset.pending().get()>
                                {move || if reset.pending().get() { t_string!(i18n, reset_saving) } else { t_string!(i18n, reset_save) }}
                            </button>
                        </ActionForm>
                    }
                }
            >
                <div class="message message-success" role="status">
                    <p>{move || t_string!(i18n, reset_done)}</p>
                </div>
                <p><a class="button button-primary" href="/sign-in">{move || t_string!(i18n, sign_in_button)}</a></p>
            </Show>
        </section>
    }
}

/// The account page's password change: the current password, then the new one; the other
/// sessions end.
#[component]
pub fn ChangePasswordSection(
    #[prop(into)] email: String,
    #[prop(into)] name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    let ended = move || change.value().get().and_then(Result::ok);
    view! {
        <section class="card account-card" aria-labelledby="account-password">
            <h2 id="account-password">{move || t_string!(i18n, change_password_title)}</h2>
            <p>{move || t_string!(i18n, change_password_intro)}</p>
            {move || ended().map(|n| view! {
                <div class="message message-success" role="status">
                    <p>{move || t_string!(i18n, change_password_done, count = n)}</p>
                </div>
            })}
            <FormError error />
            <ActionForm action=change attr:class="form form-start" attr:novalidate=true>
                <TextField
                    id="current_password"
                    label=Signal::derive(move || t_string!(i18n, current_password_label).to_string())
                    kind="password"
                    autocomplete="current-password"
                    error=Signal::derive(move || field_error(i18n, error.get(), "current_password"))
                />
                <NewPasswordField
                    id="new_password"
                    label=Signal::derive(move || t_string!(i18n, new_password_label).to_string())
                    error=Signal::derive(move || field_error(i18n, error.get(), "new_password"))
                    email=Signal::stored(email)
                    name=Signal::stored(name)
                />
                <button type="submit" class="button" disabled=move || change.pending().get()>
                    {move || if change.pending().get() { t_string!(i18n, change_password_saving) } else { t_string!(i18n, change_password_save) }}
                </button>
            </ActionForm>
        </section>
    }
}
