//! Every page as a lazy route: with `cargo leptos build --split`, each page's code (and what only
//! it uses) is a WASM chunk of its own, fetched when the page is first opened or, on a first
//! visit, before hydration. The public pages (sign-in, consent) thus load their own code and the
//! shared core, not the whole partner application. Without `--split` (development, tests) a lazy
//! route is an ordinary route.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A page that needs no data before its code arrives: its component loads what it needs itself.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $name:ident => $component:path) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                $name
            }

            fn view(this: Self) -> AnyView {
                let $name = this;
                $component().into_any()
            }
        }
    };
}

lazy_page!(
    /// `/sign-in`
    SignIn => crate::auth::page::SignInPage
);
lazy_page!(
    /// `/account`
    Account => crate::auth::account::AccountPage
);
lazy_page!(
    /// `/engagements`
    Engagements => crate::engagements::page::EngagementsPage
);
lazy_page!(
    /// `/engagements/:id/customers`
    Customers => crate::customers::page::CustomersRoute
);
lazy_page!(
    /// `/engagements/:id/add-customer`
    AddCustomer => crate::wizard::page::AddCustomerRoute
);
lazy_page!(
    /// `/engagements/:id/claim-customer`
    ClaimCustomer => crate::wizard::page::ClaimCustomerRoute
);
lazy_page!(
    /// `/claims/:claim_ref`
    Claim => crate::claims::page::ClaimRoute
);
lazy_page!(
    /// `/claims/:claim_ref/consent`
    SendConsent => crate::consent::page::SendConsentRoute
);
lazy_page!(
    /// `/claims/:claim_ref/submit`
    SubmitClaim => crate::submission::page::SubmitClaimRoute
);
lazy_page!(
    /// `/consent/:token`, the customer's public page
    Consent => crate::consent::public_page::ConsentRoute
);
lazy_page!(
    /// `/programme`
    Programme => crate::programme::page::ProgrammePage
);
lazy_page!(
    /// `/programme/import`
    Import => crate::programme::import_page::ImportRoute
);
lazy_page!(
    /// `/programme/claims`
    ReviewQueue => crate::review::queue_page::ReviewQueueRoute
);
lazy_page!(
    /// `/programme/claims/:claim_ref`
    ReviewClaim => crate::review::page::ReviewClaimRoute
);
