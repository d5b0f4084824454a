//! The frame around every page: skip link, header (partner, user, role, language, sign-out) and
//! the main landmark.

use crate::auth::api::{get_current_user, SignOut};
use crate::auth::{CurrentUser, Role};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// The signed-in user, loaded once per page load and shared through context.
#[derive(Clone, Copy)]
pub struct CurrentUserResource(pub Resource<Result<Option<CurrentUser>, AppError>>);

pub fn use_current_user() -> CurrentUserResource {
    use_context::<CurrentUserResource>().unwrap_or_else(|| {
        let resource = CurrentUserResource(Resource::new(|| (), |_| get_current_user()));
        provide_context(resource);
        resource
    })
}

/// Reloads the whole document at `path`: after sign-in and sign-out every piece of state must
/// start again from the new session.
pub fn reload_at(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

pub fn role_label(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::IncentivesAdmin => t_string!(i18n, role_incentives_admin),
        Role::IncentivesUser => t_string!(i18n, role_incentives_user),
        Role::PartnerUser => t_string!(i18n, role_partner_user),
        Role::ProgrammeReviewer => t_string!(i18n, role_programme_reviewer),
    }
}

#[component]
pub fn AppLayout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    crate::notifications::page::provide_unread_version();
    view! {
        <a class="skip-link" href="#main">
            {move || t_string!(i18n, skip_to_content)}
        </a>
        <header class="app-header">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true"></span>
                <span class="brand-name">{move || t_string!(i18n, app_name)}</span>
            </div>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match user.0.await {
                        Ok(Some(user)) => view! { <SignedInHeader user /> }.into_any(),
                        _ => view! { <LanguageSwitch /> }.into_any(),
                    }
                })}
            </Transition>
        </header>
        <main id="main" class="app-main" tabindex="-1">
            {children()}
        </main>
    }
}

#[component]
fn SignedInHeader(user: CurrentUser) -> impl IntoView {
    let i18n = use_i18n();
    let role = user.role;
    let nav = match role {
        Role::IncentivesAdmin | Role::IncentivesUser => Some(
            view! {
                <crate::attention::page::AttentionLink />
                <a href="/engagements">{move || t_string!(i18n, nav_engagements)}</a>
                {(role == Role::IncentivesAdmin).then(|| view! {
                    <a href="/team">{move || t_string!(i18n, nav_team)}</a>
                })}
            }
            .into_any(),
        ),
        Role::ProgrammeReviewer => Some(
            view! {
                <a href="/programme">{move || t_string!(i18n, nav_programme)}</a>
                {user.programme_admin.then(|| view! {
                    <a href="/programme/team">{move || t_string!(i18n, nav_programme_team)}</a>
                })}
            }
            .into_any(),
        ),
        Role::PartnerUser => None,
    };
    view! {
        <nav class="app-nav" aria-label=move || t_string!(i18n, nav_main)>
            {nav}
        </nav>
        <div class="identity">
            {user.partner_name.clone().map(|name| view! { <span class="identity-partner">{name}</span> })}
            <a class="identity-user" href="/account" title=user.email.clone()>{user.display_name.clone()}</a>
            <span class="identity-role badge">
                {move || if user.programme_admin { t_string!(i18n, role_programme_admin) } else { role_label(i18n, role) }}
            </span>
            {role.has_incentives_role().then(|| view! { <crate::notifications::page::NotificationBell /> })}
            <LanguageSwitch />
            <SignOutButton />
        </div>
    }
}

/// Switches between English and French; the choice is kept in a cookie, so it survives reloads
/// and the server renders the next page in it.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |_| {
        let next = match i18n.get_locale() {
            Locale::en => Locale::fr,
            Locale::fr => Locale::en,
        };
        i18n.set_locale(next);
        remember_locale(next);
    };
    view! {
        <button
            type="button"
            class="button button-subtle"
            on:click=toggle
            aria-label=move || t_string!(i18n, switch_language_label)
            lang=move || match i18n.get_locale() {
                Locale::en => "fr",
                Locale::fr => "en",
            }
        >
            {move || t_string!(i18n, switch_language)}
        </button>
    }
}

/// The name of the cookie that holds the reader's language: leptos_i18n's, which the server's
/// render reads.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// Keeps the reader's choice for the server's next render, which reads this cookie (leptos_i18n's
/// `cookie` feature, on the server only). Written here rather than by that feature in the browser
/// too: it would bring a cookie parser and date parsing into every page's bundle for one line.
fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use leptos_i18n::Locale as _;
        let cookie = format!(
            "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            locale.as_str()
        );
        let _ = js_sys::Reflect::set(&document(), &"cookie".into(), &cookie.into());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

#[component]
fn SignOutButton() -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            reload_at("/sign-in");
        }
    });
    view! {
        <ActionForm action=sign_out attr:class="inline-form">
            <button type="submit" class="button button-subtle" disabled=move || sign_out.pending().get()>
                {move || {
                    if sign_out.pending().get() {
                        t_string!(i18n, signing_out)
                    } else {
                        t_string!(i18n, sign_out)
                    }
                }}
            </button>
        </ActionForm>
    }
}

/// `/`: where a user starts depends on the role.
#[component]
pub fn HomeRedirect() -> impl IntoView {
    let user = use_current_user();
    view! {
        <Suspense fallback=|| view! { <crate::components::status::Loading /> }>
            {move || Suspend::new(async move {
                let target = match user.0.await {
                    Ok(Some(user)) if user.role == Role::ProgrammeReviewer => "/programme",
                    Ok(Some(user)) if user.role.has_incentives_role() => "/attention",
                    Ok(Some(_)) => "/engagements",
                    _ => "/sign-in",
                };
                view! { <Redirect path=target /> }
            })}
        </Suspense>
    }
}

/// Shows `children` only to a signed-in user whose role passes `allowed`; otherwise the sign-in
/// page (not signed in) or the 403 page. The server functions behind the page check again.
#[component]
pub fn RequireRole(
    allowed: fn(Role) -> bool,
    needed: crate::error::NeededRole,
    children: ChildrenFn,
) -> impl IntoView {
    let user = use_current_user();
    let location = use_location();
    let children = StoredValue::new(children);
    view! {
        <Suspense fallback=|| view! { <crate::components::status::Loading /> }>
            {move || Suspend::new(async move {
                match user.0.await {
                    Ok(Some(user)) if allowed(user.role) => children.with_value(|c| c()).into_any(),
                    Ok(Some(_)) => view! { <crate::components::status::Forbidden needed /> }.into_any(),
                    Ok(None) => {
                        // The whole place, query included (tab, search, page), escaped as one value.
                        let search = location.search.get_untracked();
                        let search = search.trim_start_matches('?');
                        let mut next = location.pathname.get_untracked();
                        if !search.is_empty() {
                            next = format!("{next}?{search}");
                        }
                        let path = format!("/sign-in?next={}", leptos_router::location::Url::escape(&next));
                        view! { <Redirect path /> }.into_any()
                    }
                    Err(error) => view! { <crate::components::status::ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
