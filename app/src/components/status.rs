//! Loading, empty, error, 403 and 404 states: every page says what is going on.

use crate::error::{AppError, Conflict, NeededRole};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

/// The words for an application error, in the page's language.
pub fn error_message(i18n: I18nContext<Locale>, error: &AppError) -> String {
    match error {
        AppError::Validation(_) => t_string!(i18n, error_validation).to_string(),
        AppError::InvalidCredentials => t_string!(i18n, error_invalid_credentials).to_string(),
        AppError::Unauthenticated => t_string!(i18n, error_unauthenticated).to_string(),
        AppError::Forbidden(needed) => forbidden_message(i18n, *needed),
        AppError::NotFound => t_string!(i18n, error_not_found).to_string(),
        AppError::Conflict(conflict) => match conflict {
            Conflict::ActiveClaimLimitReached => {
                t_string!(i18n, conflict_active_claim_limit_reached).to_string()
            }
            Conflict::ClaimChanged => t_string!(i18n, conflict_claim_changed).to_string(),
            Conflict::ConsentResendLimit => {
                t_string!(i18n, conflict_consent_resend_limit).to_string()
            }
            Conflict::ConsentResendTooSoon => {
                t_string!(i18n, conflict_consent_resend_too_soon).to_string()
            }
            Conflict::LastAdministrator => t_string!(i18n, conflict_last_administrator).to_string(),
            Conflict::TwoFactorRequiredByTeam => {
                t_string!(i18n, conflict_two_factor_required_by_team).to_string()
            }
            Conflict::TwoFactorOwnFirst => {
                t_string!(i18n, conflict_two_factor_own_first).to_string()
            }
            Conflict::TwoFactorState => t_string!(i18n, conflict_two_factor_state).to_string(),
            Conflict::LastProgrammeAdministrator => {
                t_string!(i18n, conflict_last_programme_administrator).to_string()
            }
        },
        AppError::Ineligible(_) => t_string!(i18n, error_ineligible).to_string(),
        AppError::NotAllowed(refusal) => match i18n.get_locale() {
            Locale::en => refusal.message_en(),
            Locale::fr => refusal.message_fr(),
        },
        AppError::RateLimited { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60);
            t_string!(i18n, error_rate_limited, minutes).to_string()
        }
        AppError::Internal => t_string!(i18n, error_internal).to_string(),
        AppError::Transport(_) => t_string!(i18n, error_transport).to_string(),
    }
}

/// The first refusal among server actions' last answers (a page's row actions show one alert).
pub fn first_refusal<T>(
    answers: impl IntoIterator<Item = Option<Result<T, AppError>>>,
) -> Option<AppError> {
    answers.into_iter().flatten().find_map(Result::err)
}

/// Adds one to `counter` each time `succeeded` turns true (a server action's value became
/// `Some(Ok(_))`). A resource keyed on the counter reads again after an action that went
/// through, and not after a refused one, whose re-render would wipe what the person is
/// correcting.
pub fn count_successes(
    succeeded: impl Fn() -> bool + Send + Sync + 'static,
    counter: RwSignal<u32>,
) {
    Effect::new(move |_| {
        if succeeded() {
            counter.update(|n| *n += 1);
        }
    });
}

fn forbidden_message(i18n: I18nContext<Locale>, needed: NeededRole) -> String {
    match needed {
        NeededRole::Incentives => t_string!(i18n, forbidden_incentives).to_string(),
        NeededRole::IncentivesAdmin => t_string!(i18n, forbidden_incentives_admin).to_string(),
        NeededRole::ProgrammeReviewer => t_string!(i18n, forbidden_programme_reviewer).to_string(),
        NeededRole::TwoFactor => t_string!(i18n, forbidden_two_factor).to_string(),
        NeededRole::ProgrammeAdmin => t_string!(i18n, forbidden_programme_admin).to_string(),
    }
}

/// A quiet progress line while data loads.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {move || t_string!(i18n, loading)}
        </p>
    }
}

/// What a list shows when it has nothing: a title that says so and what to do next.
#[component]
pub fn EmptyState(
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="empty-state">
            <h2>{title}</h2>
            <p>{body}</p>
        </div>
    }
}

/// A list loaded from the server, as every list page shows it: progress while it loads, then the
/// table, or a useful empty state, or the error in the page.
#[component]
pub fn ListOrEmpty<T>(
    resource: Resource<Result<Vec<T>, AppError>>,
    #[prop(into)] empty_title: Signal<String>,
    #[prop(into)] empty_body: Signal<String>,
    table: fn(Vec<T>) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match resource.await {
                    Ok(list) if list.is_empty() => view! { <EmptyState title=empty_title body=empty_body /> }.into_any(),
                    Ok(list) => table(list),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// An error inside a page (never a blank screen).
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    match error {
        AppError::Forbidden(needed) => view! { <Forbidden needed /> }.into_any(),
        AppError::NotFound => view! { <NotFoundPage /> }.into_any(),
        error => view! {
            <div class="message message-error" role="alert">
                {move || error_message(i18n, &error)}
            </div>
        }
        .into_any(),
    }
}

fn set_status(_status: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_status),
    ) {
        response.set_status(status);
    }
}

/// The page a signed-in user without the needed role sees (HTTP 403 on the server render).
#[component]
pub fn Forbidden(needed: NeededRole) -> impl IntoView {
    set_status(403);
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, forbidden_title).to_string() /> }}
        <section class="status-page" aria-labelledby="status-title">
            <h1 id="status-title">{move || t_string!(i18n, forbidden_title)}</h1>
            <p class="lead">{move || forbidden_message(i18n, needed)}</p>
            {if needed == NeededRole::TwoFactor {
                view! {
                    <p><a class="button button-primary" href="/account#two-factor">{move || t_string!(i18n, two_factor_set_up_now)}</a></p>
                }
                .into_any()
            } else {
                view! { <p>{move || t_string!(i18n, forbidden_help)}</p> }.into_any()
            }}
        </section>
    }
}

/// 404, for unknown paths and for things that do not exist or belong to someone else.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(404);
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, not_found_title).to_string() /> }}
        <section class="status-page" aria-labelledby="status-title">
            <h1 id="status-title">{move || t_string!(i18n, not_found_title)}</h1>
            <p class="lead">{move || t_string!(i18n, not_found_body)}</p>
            <p>
                <a href="/">{move || t_string!(i18n, back_home)}</a>
            </p>
        </section>
    }
}
