//! The programme's team page (`/programme/team`): the Programme reviewers with their status,
//! administrator badge and last sign-in; the invite form; re-send, revoke, deactivate,
//! reactivate, and naming administrators; the audit list below. A reviewer who is not an
//! administrator is refused by the server, and sees why.

use super::api::{
    get_programme_team, InviteReviewer, ResendReviewerInvitation, RevokeReviewerInvitation,
    SetReviewerActive, SetReviewerAdmin,
};
use super::model::{ProgrammeAuditEntry, ProgrammeChange, Reviewer};
use crate::auth::Role;
use crate::components::audit::{AuditLine, AuditList};
use crate::components::format::format_date_time;
use crate::components::layout::RequireRole;
use crate::components::status::{error_message, EmptyState, ErrorPanel, Loading};
use crate::error::{AppError, NeededRole};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

fn reviewer(role: Role) -> bool {
    role == Role::ProgrammeReviewer
}

#[component]
pub fn ProgrammeTeamRoute() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, programme_team_title).to_string() /> }}
        <RequireRole allowed=reviewer needed=NeededRole::ProgrammeAdmin>
            <ProgrammeTeamPage />
        </RequireRole>
    }
}

/// The row actions; each success reloads the team.
#[derive(Clone, Copy)]
struct Actions {
    resend: ServerAction<ResendReviewerInvitation>,
    revoke: ServerAction<RevokeReviewerInvitation>,
    active: ServerAction<SetReviewerActive>,
    admin: ServerAction<SetReviewerAdmin>,
}

impl Actions {
    fn pending(self) -> bool {
        self.resend.pending().get()
            || self.revoke.pending().get()
            || self.active.pending().get()
            || self.admin.pending().get()
    }

    fn failure(self) -> Option<AppError> {
        crate::components::status::first_refusal([
            self.resend.value().get(),
            self.revoke.value().get(),
            self.active.value().get(),
            self.admin.value().get(),
        ])
    }
}

#[component]
fn ProgrammeTeamPage() -> impl IntoView {
    let i18n = use_i18n();
    let actions = Actions {
        resend: ServerAction::new(),
        revoke: ServerAction::new(),
        active: ServerAction::new(),
        admin: ServerAction::new(),
    };
    let invite = ServerAction::<InviteReviewer>::new();
    let version = RwSignal::new(0u32);
    for succeeded in [
        Signal::derive(move || matches!(actions.resend.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.revoke.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.active.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.admin.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(invite.value().get(), Some(Ok(_)))),
    ] {
        crate::components::status::count_successes(move || succeeded.get(), version);
    }
    let team = Resource::new(move || version.get(), |_| get_programme_team());
    view! {
        <div class="page-heading">
            <h1>{move || t_string!(i18n, programme_team_title)}</h1>
            <p class="lead">{move || t_string!(i18n, programme_team_intro)}</p>
        </div>
        {move || actions.failure().map(|e| {
            let message = error_message(i18n, &e);
            view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
        })}
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match team.await {
                    Ok(team) => {
                        let me = team.me;
                        view! {
                            <InviteReviewerForm invite />
                            <ReviewerTable reviewers=team.reviewers me actions />
                            <AuditList
                                heading_id="programme-audit-title"
                                heading=Signal::derive(move || t_string!(i18n, programme_team_audit_title).to_string())
                                lines=audit_lines(i18n, team.audit)
                            />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InviteReviewerForm(invite: ServerAction<InviteReviewer>) -> impl IntoView {
    let i18n = use_i18n();
    let error = move || invite.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        error().and_then(|e| {
            e.field_errors(field)
                .first()
                .map(|f| crate::components::messages::field_message(i18n.get_locale(), f))
        })
    };
    let sent = move || matches!(invite.value().get(), Some(Ok(_))) && !invite.pending().get();
    let language = match i18n.get_locale_untracked() {
        Locale::en => "en",
        Locale::fr => "fr",
    };
    view! {
        <section class="card invite-card" aria-labelledby="invite-reviewer-title">
            <h2 id="invite-reviewer-title">{move || t_string!(i18n, programme_team_invite_title)}</h2>
            {move || sent().then(|| view! {
                <div class="message message-success" role="status"><p>{move || t_string!(i18n, programme_team_invite_sent)}</p></div>
            })}
            {move || error().filter(|e| !matches!(e, AppError::Validation(_))).map(|e| {
                let message = error_message(i18n, &e);
                view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
            })}
            <ActionForm action=invite attr:class="form invite-form" attr:novalidate=true>
                <div class="field" class:field-invalid=move || field_error("email").is_some()>
                    <label for="reviewer-email">{move || t_string!(i18n, email_label)}</label>
                    {move || field_error("email").map(|m| view! { <p class="field-error" id="reviewer-email-error">{m}</p> })}
                    <input
                        id="reviewer-email"
                        name="email"
                        type="email"
                        autocomplete="off"
                        required
                        aria-invalid=move || field_error("email").is_some().to_string()
                        aria-describedby=move || field_error("email").map(|_| "reviewer-email-error")
                    />
                </div>
                <div class="field">
                    <label for="reviewer-language">{move || t_string!(i18n, invite_language)}</label>
                    <select id="reviewer-language" name="language">
                        <option value="en" selected=language == "en">"English"</option>
                        <option value="fr" selected=language == "fr" lang="fr">"Français"</option>
                    </select>
                </div>
                <button type="submit" class="button button-primary" disabled=move || invite.pending().get()>
                    {move || if invite.pending().get() { t_string!(i18n, invite_sending) } else { t_string!(i18n, invite_send) }}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ReviewerTable(reviewers: Vec<Reviewer>, me: domain::UserId, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    if reviewers.is_empty() {
        return view! {
            <EmptyState
                title=Signal::derive(move || t_string!(i18n, programme_team_empty_title).to_string())
                body=Signal::derive(move || t_string!(i18n, programme_team_empty_body).to_string())
            />
        }
        .into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="reviewers">
                <caption class="visually-hidden">{move || t_string!(i18n, programme_team_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, team_col_user)}</th>
                        <th scope="col">{move || t_string!(i18n, programme_team_col_admin)}</th>
                        <th scope="col">{move || t_string!(i18n, team_col_status)}</th>
                        <th scope="col">{move || t_string!(i18n, team_col_last_sign_in)}</th>
                    </tr>
                </thead>
                <tbody>
                    {reviewers.into_iter().map(|r| view! { <ReviewerRow reviewer=r me actions /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ReviewerRow(reviewer: Reviewer, me: domain::UserId, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let id = reviewer.id;
    let (admin, active, invited) = (
        reviewer.admin,
        reviewer.active,
        reviewer.invited_at.is_some(),
    );
    let is_me = id == me;
    let name = reviewer.display_name.clone();
    let (n1, n2, n3, n4) = (name.clone(), name.clone(), name.clone(), name.clone());
    let last = reviewer.last_sign_in_at;
    let busy = move || actions.pending();
    view! {
        <tr class:row-inactive=!active>
            <th scope="row">
                <span class="cell-title">{reviewer.display_name.clone()}</span>
                <span class="cell-sub">{reviewer.email.clone()}</span>
            </th>
            <td>
                {admin.then(|| view! { <span class="badge badge-info">{move || t_string!(i18n, programme_team_admin)}</span> " " })}
                {(!is_me).then(|| view! {
                    <button
                        type="button"
                        class="button button-subtle"
                        aria-label=move || if admin { t_string!(i18n, programme_team_unmake_admin_who, name = n1.clone()).to_string() } else { t_string!(i18n, programme_team_make_admin_who, name = n1.clone()).to_string() }
                        aria-disabled=move || busy().to_string()
                        on:click=move |_| if !busy() { actions.admin.dispatch(SetReviewerAdmin { user_id: id, admin: !admin }); }
                    >
                        {move || if admin { t_string!(i18n, programme_team_unmake_admin) } else { t_string!(i18n, programme_team_make_admin) }}
                    </button>
                })}
            </td>
            <td>
                {match (invited, active) {
                    (true, true) => view! { <span class="badge badge-info">{move || t_string!(i18n, team_invited)}</span> }.into_any(),
                    (true, false) => view! { <span class="badge badge-neutral">{move || t_string!(i18n, team_invitation_revoked)}</span> }.into_any(),
                    (false, true) => view! { <span class="badge badge-success">{move || t_string!(i18n, team_active)}</span> }.into_any(),
                    (false, false) => view! { <span class="badge badge-neutral">{move || t_string!(i18n, team_deactivated)}</span> }.into_any(),
                }}
                {invited.then(|| view! {
                    <button
                        type="button"
                        class="button button-subtle"
                        aria-label=move || t_string!(i18n, team_resend_who, name = n2.clone()).to_string()
                        aria-disabled=move || busy().to_string()
                        on:click=move |_| if !busy() { actions.resend.dispatch(ResendReviewerInvitation { user_id: id }); }
                    >
                        {move || t_string!(i18n, team_resend)}
                    </button>
                    {active.then(|| {
                        let n = n4.clone();
                        view! {
                            <button
                                type="button"
                                class="button button-subtle"
                                aria-label=move || t_string!(i18n, team_revoke_who, name = n.clone()).to_string()
                                aria-disabled=move || busy().to_string()
                                on:click=move |_| if !busy() { actions.revoke.dispatch(RevokeReviewerInvitation { user_id: id }); }
                            >
                                {move || t_string!(i18n, team_revoke)}
                            </button>
                        }
                    })}
                })}
                {(!is_me && !invited).then(|| view! {
                    <button
                        type="button"
                        class="button button-subtle"
                        aria-label=move || if active { t_string!(i18n, team_deactivate_who, name = n3.clone()).to_string() } else { t_string!(i18n, team_reactivate_who, name = n3.clone()).to_string() }
                        aria-disabled=move || busy().to_string()
                        on:click=move |_| if !busy() { actions.active.dispatch(SetReviewerActive { user_id: id, active: !active }); }
                    >
                        {move || if active { t_string!(i18n, team_deactivate) } else { t_string!(i18n, team_reactivate) }}
                    </button>
                })}
            </td>
            <td>
                {match last {
                    Some(at) => view! { <span>{move || format_date_time(at, i18n.get_locale())}</span> }.into_any(),
                    None => view! { <span class="cell-sub">{move || t_string!(i18n, team_never_signed_in)}</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}

fn change_label(i18n: leptos_i18n::I18nContext<Locale>, change: ProgrammeChange) -> &'static str {
    match change {
        ProgrammeChange::Invited => t_string!(i18n, team_change_kind_invited),
        ProgrammeChange::InvitationResent => t_string!(i18n, team_change_kind_invitation_resent),
        ProgrammeChange::InvitationRevoked => t_string!(i18n, team_change_kind_invitation_revoked),
        ProgrammeChange::Deactivated => t_string!(i18n, team_change_kind_deactivated),
        ProgrammeChange::Reactivated => t_string!(i18n, team_change_kind_reactivated),
        ProgrammeChange::Administrator => t_string!(i18n, programme_team_change_admin),
    }
}

fn value_label(i18n: leptos_i18n::I18nContext<Locale>, value: &str) -> String {
    match value {
        "" => "—".to_owned(),
        "yes" => t_string!(i18n, programme_team_admin).to_string(),
        "no" => t_string!(i18n, programme_team_not_admin).to_string(),
        "active" => t_string!(i18n, team_active).to_string(),
        "deactivated" => t_string!(i18n, team_deactivated).to_string(),
        other => other.to_owned(),
    }
}

/// The audit list's lines, in words.
fn audit_lines(
    i18n: leptos_i18n::I18nContext<Locale>,
    audit: Vec<ProgrammeAuditEntry>,
) -> Vec<AuditLine> {
    audit
        .into_iter()
        .map(|entry| {
            let (change, before, after) = (entry.change, entry.before, entry.after);
            AuditLine {
                at: entry.at,
                actor: entry.actor,
                target: entry.target,
                change: Signal::derive(move || change_label(i18n, change).to_owned()),
                before: Signal::derive(move || value_label(i18n, &before)),
                after: Signal::derive(move || value_label(i18n, &after)),
            }
        })
        .collect()
}
