//! MCI Customers: the Leptos application (pages, components, server functions).
//!
//! Compiled twice: with `ssr` into the axum server, with `hydrate` into the WASM bundle. Every
//! server-only dependency sits behind `ssr`.

#![recursion_limit = "256"]

pub mod accounts;
pub mod attention;
pub mod auth;
pub mod calendar;
pub mod claims;
pub mod components;
pub mod consent;
pub mod customers;
pub mod eligibility;
pub mod engagements;
pub mod error;
pub mod notifications;
pub mod programme;
pub mod review;
pub mod reviewers;
pub mod submission;
pub mod team;
pub mod two_factor;
pub mod wizard;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod state;

/// The rules, shared with the browser.
pub use domain;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

use crate::i18n::*;
use components::layout::AppLayout;
use components::status::NotFoundPage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the application, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: routes inside the layout, translations around everything.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Title formatter=|text: String| format!("{text} · MCI Customers") />
            <Router>
                <AppLayout>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=components::layout::HomeRedirect ssr=SsrMode::Async />
                        <Route path=path!("/sign-in") view=auth::page::SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=auth::account::AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view=accounts::page::ForgotPasswordRoute ssr=SsrMode::Async />
                        <Route path=path!("/reset-password/:token") view=accounts::page::ResetPasswordRoute ssr=SsrMode::Async />
                        <Route path=path!("/invitation/:token") view=accounts::page::InvitationRoute ssr=SsrMode::Async />
                        <Route path=path!("/team") view=team::page::TeamRoute ssr=SsrMode::Async />
                        <Route path=path!("/attention") view=attention::page::AttentionRoute ssr=SsrMode::Async />
                        <Route path=path!("/notifications") view=notifications::page::NotificationsRoute ssr=SsrMode::Async />
                        <Route
                            path=path!("/notifications/preferences")
                            view=notifications::page::PreferencesRoute
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/engagements")
                            view=engagements::page::EngagementsPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/engagements/:id/customers")
                            view=customers::page::CustomersRoute
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/engagements/:id/add-customer")
                            view=wizard::page::AddCustomerRoute
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/engagements/:id/claim-customer")
                            view=wizard::page::ClaimCustomerRoute
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/claims/:claim_ref") view=claims::page::ClaimRoute ssr=SsrMode::Async />
                        <Route
                            path=path!("/claims/:claim_ref/consent")
                            view=consent::page::SendConsentRoute
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/claims/:claim_ref/submit")
                            view=submission::page::SubmitClaimRoute
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/consent/:token")
                            view=consent::public_page::ConsentRoute
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/programme")
                            view=programme::page::ProgrammePage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/programme/import") view=programme::import_page::ImportRoute ssr=SsrMode::Async />
                        <Route path=path!("/programme/team") view=reviewers::page::ProgrammeTeamRoute ssr=SsrMode::Async />
                        <Route
                            path=path!("/programme/claims")
                            view=review::queue_page::ReviewQueueRoute
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/programme/claims/:claim_ref")
                            view=review::page::ReviewClaimRoute
                            ssr=SsrMode::Async
                        />
                    </Routes>
                </AppLayout>
            </Router>
        </I18nContextProvider>
    }
}
