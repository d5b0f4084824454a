//! The screens of two-factor authentication: the code step of sign-in, the account page's
//! section (set up with a QR code, recovery codes shown once, new codes, turn off), and the team
//! page's rule and its per-member cell.

use super::api::{
    get_two_factor_status, ConfirmTwoFactor, DisableTwoFactor, RenewRecoveryCodes,
    ResetMemberTwoFactor, SetTeamTwoFactor, SignInCode, StartTwoFactor,
};
use crate::components::layout::reload_at;
use crate::components::messages::field_message;
use crate::components::status::{error_message, ErrorPanel, Loading};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

fn code_error(i18n: leptos_i18n::I18nContext<Locale>, error: Option<AppError>) -> Option<String> {
    error.and_then(|e| {
        e.field_errors("code")
            .first()
            .map(|f| field_message(i18n.get_locale(), f))
    })
}

/// The failed action's alert, unless its only problem is the code field's (shown beside it).
#[component]
fn ActionError(error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error
            .get()
            .filter(|e| !matches!(e, AppError::Validation(_)))
            .map(|e| {
                let message = error_message(i18n, &e);
                view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
            })
    }
}

/// The code field: six digits from the app, or (where `recovery`) a recovery code.
#[component]
fn CodeField(
    id: &'static str,
    error: Signal<Option<String>>,
    #[prop(optional)] recovery: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = hint_id.clone();
    let described_with_error = format!("{error_id} {hint_id}");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id>{move || t_string!(i18n, two_factor_code_label)}</label>
            <p class="field-hint" id=hint_id>
                {move || if recovery { t_string!(i18n, two_factor_code_hint_recovery) } else { t_string!(i18n, two_factor_code_hint) }}
            </p>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
            <input
                id=id
                name="code"
                type="text"
                class="input-code"
                autocomplete="one-time-code"
                inputmode=if recovery { "text" } else { "numeric" }
                spellcheck="false"
                required
                aria-invalid=move || error.get().is_some().to_string()
                aria-describedby=move || if error.get().is_some() { described_with_error.clone() } else { described.clone() }
            />
        </div>
    }
}

/// The second step of sign-in: the code of the user's authenticator, or a recovery code.
#[component]
pub fn SignInCodeStep(next: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignInCode>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            reload_at(&next.get_untracked());
        }
    });
    let error = Signal::derive(move || action.value().get().and_then(Result::err));
    let expired = move || matches!(error.get(), Some(AppError::Unauthenticated));
    view! {
        <div class="two-factor-step">
            <h2>{move || t_string!(i18n, two_factor_step_title)}</h2>
            <p>{move || t_string!(i18n, two_factor_step_intro)}</p>
            <Show
                when=expired
                fallback=move || view! {
                    <ActionError error />
                    <ActionForm action attr:class="form" attr:novalidate=true>
                        <CodeField id="code" error=Signal::derive(move || code_error(i18n, error.get())) recovery=true />
                        <button type="submit" class="button button-primary" disabled=move || action.pending().get()>
                            {move || if action.pending().get() { t_string!(i18n, signing_in) } else { t_string!(i18n, two_factor_verify) }}
                        </button>
                    </ActionForm>
                }
            >
                <div class="message message-error" role="alert">
                    <p>{move || t_string!(i18n, two_factor_step_expired)}</p>
                </div>
                <p><a class="button" href="/sign-in">{move || t_string!(i18n, two_factor_start_again)}</a></p>
            </Show>
        </div>
    }
}

/// Recovery codes, shown once, with what to do with them.
#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="message message-success recovery-codes" role="status">
            <h3>{move || t_string!(i18n, two_factor_codes_title)}</h3>
            <p>{move || t_string!(i18n, two_factor_codes_intro)}</p>
            <ul class="code-list" aria-label=move || t_string!(i18n, two_factor_codes_title)>
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
        </div>
    }
}

/// The secret in groups of four, as apps show a key to type.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The account page's section (`#two-factor`).
#[component]
pub fn TwoFactorSection() -> impl IntoView {
    let i18n = use_i18n();
    let start = ServerAction::<StartTwoFactor>::new();
    let confirm = ServerAction::<ConfirmTwoFactor>::new();
    let renew = ServerAction::<RenewRecoveryCodes>::new();
    let disable = ServerAction::<DisableTwoFactor>::new();
    let version = RwSignal::new(0u32);
    for succeeded in [
        Signal::derive(move || matches!(confirm.value().get(), Some(Ok(_)))),
        Signal::derive(move || matches!(disable.value().get(), Some(Ok(())))),
    ] {
        crate::components::status::count_successes(move || succeeded.get(), version);
    }
    let status = Resource::new(move || version.get(), |_| get_two_factor_status());
    // The codes of the last confirmation or renewal, shown until the page is left.
    let shown_codes = move || {
        renew
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| confirm.value().get().and_then(Result::ok))
    };
    view! {
        <section class="card account-card" id="two-factor" aria-labelledby="two-factor-title">
            <h2 id="two-factor-title">{move || t_string!(i18n, two_factor_title)}</h2>
            <p>{move || t_string!(i18n, two_factor_intro)}</p>
            {move || shown_codes().map(|codes| view! { <RecoveryCodes codes /> })}
            <Transition fallback=|| view! { <Loading /> }>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(s) if s.enabled => view! {
                            <EnabledControls left=s.recovery_codes_left required=s.required_by_team renew disable />
                        }.into_any(),
                        Ok(s) => view! { <SetUp required=s.required_by_team start confirm /> }.into_any(),
                        Err(error) => view! { <ErrorPanel error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SetUp(
    required: bool,
    start: ServerAction<StartTwoFactor>,
    confirm: ServerAction<ConfirmTwoFactor>,
) -> impl IntoView {
    let i18n = use_i18n();
    let setup = move || start.value().get().and_then(Result::ok);
    let start_error = Signal::derive(move || start.value().get().and_then(Result::err));
    let confirm_error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    view! {
        <p>
            <span class="badge badge-neutral">{move || t_string!(i18n, two_factor_off)}</span>
            {required.then(|| view! { " " <strong>{move || t_string!(i18n, two_factor_required_notice)}</strong> })}
        </p>
        <ActionError error=start_error />
        <Show
            when=move || setup().is_some()
            fallback=move || view! {
                <ActionForm action=start attr:class="inline-form">
                    <button type="submit" class="button button-primary" disabled=move || start.pending().get()>
                        {move || if start.pending().get() { t_string!(i18n, two_factor_preparing) } else { t_string!(i18n, two_factor_set_up) }}
                    </button>
                </ActionForm>
            }
        >
            {move || setup().map(|s| {
                let key = grouped(&s.secret);
                view! {
                    <ol class="steps">
                        <li>
                            <p>{move || t_string!(i18n, two_factor_scan)}</p>
                            <div class="qr-code" role="img" aria-label=move || t_string!(i18n, two_factor_qr_label) inner_html=s.qr_svg.clone()></div>
                        </li>
                        <li>
                            <p>{move || t_string!(i18n, two_factor_or_type)}</p>
                            <p><code class="secret-key" data-testid="two-factor-secret">{key}</code></p>
                        </li>
                        <li>
                            <p>{move || t_string!(i18n, two_factor_enter_code)}</p>
                            <ActionError error=confirm_error />
                            <ActionForm action=confirm attr:class="form form-start" attr:novalidate=true>
                                <CodeField id="setup-code" error=Signal::derive(move || code_error(i18n, confirm_error.get())) />
                                <button type="submit" class="button button-primary" disabled=move || confirm.pending().get()>
                                    {move || if confirm.pending().get() { t_string!(i18n, two_factor_turning_on) } else { t_string!(i18n, two_factor_turn_on) }}
                                </button>
                            </ActionForm>
                        </li>
                    </ol>
                }
            })}
        </Show>
    }
}

#[component]
fn EnabledControls(
    left: u32,
    required: bool,
    renew: ServerAction<RenewRecoveryCodes>,
    disable: ServerAction<DisableTwoFactor>,
) -> impl IntoView {
    let i18n = use_i18n();
    let renew_error = Signal::derive(move || renew.value().get().and_then(Result::err));
    let disable_error = Signal::derive(move || disable.value().get().and_then(Result::err));
    view! {
        <p>
            <span class="badge badge-success">{move || t_string!(i18n, two_factor_on)}</span>
            " "
            {move || t_string!(i18n, two_factor_codes_left, count = left)}
        </p>
        <div class="two-factor-actions">
            <div>
                <h3>{move || t_string!(i18n, two_factor_renew_title)}</h3>
                <ActionError error=renew_error />
                <ActionForm action=renew attr:class="form form-start" attr:novalidate=true>
                    <CodeField id="renew-code" error=Signal::derive(move || code_error(i18n, renew_error.get())) recovery=true />
                    <button type="submit" class="button" disabled=move || renew.pending().get()>
                        {move || if renew.pending().get() { t_string!(i18n, two_factor_preparing) } else { t_string!(i18n, two_factor_renew) }}
                    </button>
                </ActionForm>
            </div>
            <div>
                <h3>{move || t_string!(i18n, two_factor_disable_title)}</h3>
                {if required {
                    view! { <p>{move || t_string!(i18n, two_factor_required_cannot_disable)}</p> }.into_any()
                } else {
                    view! {
                        <ActionError error=disable_error />
                        <ActionForm action=disable attr:class="form form-start" attr:novalidate=true>
                            <CodeField id="disable-code" error=Signal::derive(move || code_error(i18n, disable_error.get())) recovery=true />
                            <button type="submit" class="button button-danger" disabled=move || disable.pending().get()>
                                {move || if disable.pending().get() { t_string!(i18n, two_factor_turning_off) } else { t_string!(i18n, two_factor_turn_off) }}
                            </button>
                        </ActionForm>
                    }.into_any()
                }}
            </div>
        </div>
    }
}

/// The team page's rule: require two-factor authentication of everyone.
#[component]
pub fn TeamTwoFactor(required: bool, action: ServerAction<SetTeamTwoFactor>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="team-two-factor-title">
            <h2 id="team-two-factor-title">{move || t_string!(i18n, team_two_factor_title)}</h2>
            <p>
                {if required {
                    view! { <span class="badge badge-success">{move || t_string!(i18n, team_two_factor_is_required)}</span> }.into_any()
                } else {
                    view! { <span class="badge badge-neutral">{move || t_string!(i18n, team_two_factor_is_optional)}</span> }.into_any()
                }}
                " "
                {move || t_string!(i18n, team_two_factor_intro)}
            </p>
            <button
                type="button"
                class=if required { "button" } else { "button button-primary" }
                aria-disabled=move || action.pending().get().to_string()
                on:click=move |_| {
                    if !action.pending().get_untracked() {
                        action.dispatch(SetTeamTwoFactor { required: !required });
                    }
                }
            >
                {move || match (action.pending().get(), required) {
                    (true, _) => t_string!(i18n, team_two_factor_saving),
                    (false, false) => t_string!(i18n, team_two_factor_require),
                    (false, true) => t_string!(i18n, team_two_factor_stop),
                }}
            </button>
        </section>
    }
}

/// A member's two-factor cell: on or off, and the administrator's reset for a lost phone.
#[component]
pub fn MemberTwoFactor(
    on: bool,
    is_me: bool,
    name: String,
    user_id: domain::UserId,
    reset: ServerAction<ResetMemberTwoFactor>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {if on {
            view! { <span class="badge badge-success">{move || t_string!(i18n, two_factor_on)}</span> }.into_any()
        } else {
            view! { <span class="badge badge-neutral">{move || t_string!(i18n, two_factor_off)}</span> }.into_any()
        }}
        {(on && !is_me).then(|| view! {
            <button
                type="button"
                class="button button-subtle"
                aria-label=move || t_string!(i18n, team_two_factor_reset_who, name = name.clone()).to_string()
                aria-disabled=move || busy.get().to_string()
                on:click=move |_| {
                    if !busy.get_untracked() {
                        reset.dispatch(ResetMemberTwoFactor { user_id });
                    }
                }
            >
                {move || t_string!(i18n, team_two_factor_reset)}
            </button>
        })}
    }
}
