//! The account page (`/account`): who is signed in, changing the password, and signing out of
//! every device.

use super::api::SignOutEverywhere;
use super::Role;
use crate::claims::parts::field_row;
use crate::components::layout::{reload_at, role_label, use_current_user};
use crate::components::status::error_message;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, account_title).to_string() /> }}
        <crate::components::layout::RequireRole allowed=|_: Role| true needed=crate::error::NeededRole::Incentives>
            <Account />
        </crate::components::layout::RequireRole>
    }
}

#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = everywhere.value().get() {
            reload_at("/sign-in");
        }
    });
    let error = move || everywhere.value().get().and_then(Result::err);
    view! {
        <div class="page-heading">
            <h1>{move || t_string!(i18n, account_title)}</h1>
        </div>
        <Suspense fallback=|| view! { <crate::components::status::Loading /> }>
            {move || Suspend::new(async move {
                user.0.await.ok().flatten().map(|user| {
                    let role = user.role;
                    view! {
                        <section class="card account-card" aria-labelledby="account-details">
                            <h2 id="account-details">{move || t_string!(i18n, account_details)}</h2>
                            <dl class="fields">
                                {field_row(move || t_string!(i18n, account_name), user.display_name.clone())}
                                {field_row(move || t_string!(i18n, email_label), user.email.clone())}
                                <div class="field-row">
                                    <dt>{move || t_string!(i18n, account_role)}</dt>
                                    <dd>{move || role_label(i18n, role)}</dd>
                                </div>
                                {user.partner_name.clone().map(|name| field_row(move || t_string!(i18n, account_partner), name))}
                            </dl>
                        </section>
                        <crate::accounts::page::ChangePasswordSection email=user.email.clone() name=user.display_name.clone() />
                    }
                })
            })}
        </Suspense>
        // Outside the user's Suspense: a resource made inside a Suspend, after its await, is not
        // the same one on the server and in the browser, and the page would not hydrate.
        <crate::two_factor::page::TwoFactorSection />
        <section class="card" aria-labelledby="account-sessions">
            <h2 id="account-sessions">{move || t_string!(i18n, account_sessions)}</h2>
            <p>{move || t_string!(i18n, account_sessions_intro)}</p>
            {move || error().map(|e| {
                let message = error_message(i18n, &e);
                view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
            })}
            <ActionForm action=everywhere attr:class="inline-form">
                <button type="submit" class="button" disabled=move || everywhere.pending().get()>
                    {move || if everywhere.pending().get() {
                        t_string!(i18n, signing_out)
                    } else {
                        t_string!(i18n, sign_out_everywhere)
                    }}
                </button>
            </ActionForm>
        </section>
    }
}
