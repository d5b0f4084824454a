//! MCI Customers: the Leptos application (pages, components, server functions).
//!
//! Compiled twice: with `ssr` into the axum server, with `hydrate` into the WASM bundle. Every
//! server-only dependency sits behind `ssr`.

#![recursion_limit = "256"]

pub mod auth;
pub mod claims;
pub mod components;
pub mod consent;
pub mod customers;
pub mod eligibility;
pub mod engagements;
pub mod error;
pub mod pages;
pub mod programme;
pub mod review;
pub mod submission;
pub mod wizard;

#[cfg(feature = "ssr")]
pub mod db;
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
use leptos_router::Lazy;
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
                        <Route path=path!("/sign-in") view={Lazy::<pages::SignIn>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/account") view={Lazy::<pages::Account>::new()} ssr=SsrMode::Async />
                        <Route
                            path=path!("/engagements")
                            view={Lazy::<pages::Engagements>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/engagements/:id/customers")
                            view={Lazy::<pages::Customers>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/engagements/:id/add-customer")
                            view={Lazy::<pages::AddCustomer>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/engagements/:id/claim-customer")
                            view={Lazy::<pages::ClaimCustomer>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/claims/:claim_ref") view={Lazy::<pages::Claim>::new()} ssr=SsrMode::Async />
                        <Route
                            path=path!("/claims/:claim_ref/consent")
                            view={Lazy::<pages::SendConsent>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/claims/:claim_ref/submit")
                            view={Lazy::<pages::SubmitClaim>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/consent/:token")
                            view={Lazy::<pages::Consent>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/programme")
                            view={Lazy::<pages::Programme>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/programme/import") view={Lazy::<pages::Import>::new()} ssr=SsrMode::Async />
                        <Route
                            path=path!("/programme/claims")
                            view={Lazy::<pages::ReviewQueue>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/programme/claims/:claim_ref")
                            view={Lazy::<pages::ReviewClaim>::new()}
                            ssr=SsrMode::Async
                        />
                    </Routes>
                </AppLayout>
            </Router>
        </I18nContextProvider>
    }
}
