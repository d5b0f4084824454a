//! The team page (`/team`): the partner's users with their role, locations, status and last
//! sign-in, searchable and sortable; the administrator changes roles and locations, deactivates
//! and reactivates; the audit list of every change below. The invite form is `team::invite`.

use super::api::{
    get_team, InviteColleague, ResendInvitation, RevokeInvitation, SetTeamActive, SetTeamLocations,
    SetTeamRole,
};
use super::audit::audit_lines;
use super::invite::{InviteDraft, InviteForm, LocationChoices};
use super::model::{Team, TeamMember, TEAM_ROLES};
use crate::auth::Role;
use crate::components::audit::AuditList;
use crate::components::format::format_date_time;
use crate::components::layout::{role_label, RequireRole};
use crate::components::status::{error_message, EmptyState, ErrorPanel, Loading};
use crate::error::{AppError, NeededRole};
use crate::i18n::*;
use crate::two_factor::api::{ResetMemberTwoFactor, SetTeamTwoFactor};
use crate::two_factor::page::{MemberTwoFactor, TeamTwoFactor};
use leptos::prelude::*;
use leptos_meta::Title;

fn admin(role: Role) -> bool {
    role == Role::IncentivesAdmin
}

#[component]
pub fn TeamRoute() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, team_title).to_string() /> }}
        <RequireRole allowed=admin needed=NeededRole::IncentivesAdmin>
            <TeamPage />
        </RequireRole>
    }
}

/// The page's actions, shared by its rows: each success reloads the team.
#[derive(Clone, Copy)]
struct Actions {
    role: ServerAction<SetTeamRole>,
    locations: ServerAction<SetTeamLocations>,
    active: ServerAction<SetTeamActive>,
    resend: ServerAction<ResendInvitation>,
    revoke: ServerAction<RevokeInvitation>,
    require_two_factor: ServerAction<SetTeamTwoFactor>,
    reset_two_factor: ServerAction<ResetMemberTwoFactor>,
}

impl Actions {
    fn pending(self) -> bool {
        self.role.pending().get()
            || self.locations.pending().get()
            || self.active.pending().get()
            || self.resend.pending().get()
            || self.revoke.pending().get()
            || self.require_two_factor.pending().get()
            || self.reset_two_factor.pending().get()
    }

    fn failure(self) -> Option<AppError> {
        crate::components::status::first_refusal([
            self.role.value().get(),
            self.locations.value().get(),
            self.active.value().get(),
            self.resend.value().get(),
            self.revoke.value().get(),
            self.require_two_factor.value().get(),
            self.reset_two_factor.value().get(),
        ])
    }
}

#[component]
fn TeamPage() -> impl IntoView {
    let i18n = use_i18n();
    let actions = Actions {
        role: ServerAction::new(),
        locations: ServerAction::new(),
        active: ServerAction::new(),
        resend: ServerAction::new(),
        revoke: ServerAction::new(),
        require_two_factor: ServerAction::new(),
        reset_two_factor: ServerAction::new(),
    };
    let invite = ServerAction::<InviteColleague>::new();
    let draft = InviteDraft::new(invite, i18n.get_locale_untracked());
    let version = RwSignal::new(0u32);
    for succeeded in [
        Signal::derive(move || matches!(actions.role.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.locations.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.active.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.resend.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.revoke.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.require_two_factor.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(actions.reset_two_factor.value().get(), Some(Ok(())))),
        Signal::derive(move || matches!(invite.value().get(), Some(Ok(_)))),
    ] {
        crate::components::status::count_successes(move || succeeded.get(), version);
    }
    let team = Resource::new(move || version.get(), |_| get_team());
    let search = RwSignal::new(String::new());
    let by_sign_in = RwSignal::new(false);
    view! {
        <div class="page-heading">
            <h1>{move || t_string!(i18n, team_title)}</h1>
            <p class="lead">{move || t_string!(i18n, team_intro)}</p>
        </div>
        {move || actions.failure().map(|e| {
            let message = error_message(i18n, &e);
            view! { <div class="message message-error" role="alert"><p>{message}</p></div> }
        })}
        <div class="filters" role="search">
            <div class="field">
                <label for="team-search">{move || t_string!(i18n, team_search)}</label>
                <input id="team-search" type="search" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="team-sort">{move || t_string!(i18n, team_sort)}</label>
                <select id="team-sort" on:change=move |ev| by_sign_in.set(event_target_value(&ev) == "sign_in")>
                    <option value="name">{move || t_string!(i18n, team_sort_name)}</option>
                    <option value="sign_in">{move || t_string!(i18n, team_sort_sign_in)}</option>
                </select>
            </div>
            {move || actions.pending().then(|| view! { <span class="spinner" role="status" aria-label=move || t_string!(i18n, loading)></span> })}
        </div>
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match team.await {
                    Ok(team) => view! {
                        <InviteForm invite draft locations=team.locations.clone() />
                        <TeamTwoFactor required=team.two_factor_required action=actions.require_two_factor />
                        <TeamView team search by_sign_in actions />
                    }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn TeamView(
    team: Team,
    search: RwSignal<String>,
    by_sign_in: RwSignal<bool>,
    actions: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = team.me;
    let locations = StoredValue::new(team.locations.clone());
    let members = StoredValue::new(team.members);
    let shown = move || {
        let needle = search.get().trim().to_lowercase();
        let mut list: Vec<TeamMember> = members.with_value(|m| {
            m.iter()
                .filter(|m| {
                    needle.is_empty()
                        || m.display_name.to_lowercase().contains(&needle)
                        || m.email.to_lowercase().contains(&needle)
                })
                .cloned()
                .collect()
        });
        if by_sign_in.get() {
            list.sort_by_key(|m| std::cmp::Reverse(m.last_sign_in_at));
        }
        list
    };
    let audit = team.audit;
    view! {
        <div class="table-wrap">
            <table class="data-table" data-testid="team">
                <caption class="visually-hidden">{move || t_string!(i18n, team_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, team_col_user)}</th>
                        <th scope="col">{move || t_string!(i18n, team_col_role)}</th>
                        <th scope="col">{move || t_string!(i18n, team_col_locations)}</th>
                        <th scope="col">{move || t_string!(i18n, team_col_status)}</th>
                        <th scope="col">{move || t_string!(i18n, team_col_two_factor)}</th>
                        <th scope="col">{move || t_string!(i18n, team_col_last_sign_in)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=shown key=|m| (m.id, m.role, m.active, m.invited_at, m.two_factor, m.locations.clone()) let:member>
                        <MemberRow member me locations actions />
                    </For>
                </tbody>
            </table>
        </div>
        {move || shown().is_empty().then(|| view! {
            <EmptyState
                title=Signal::derive(move || t_string!(i18n, team_empty_title).to_string())
                body=Signal::derive(move || t_string!(i18n, team_empty_body).to_string())
            />
        })}
        <AuditList
            heading_id="audit-title"
            heading=Signal::derive(move || t_string!(i18n, team_audit_title).to_string())
            lines=audit_lines(i18n, audit)
        />
    }
}

#[component]
fn MemberRow(
    member: TeamMember,
    me: domain::UserId,
    locations: StoredValue<Vec<(String, String)>>,
    actions: Actions,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = member.id;
    let role = member.role;
    let active = member.active;
    let is_me = id == me;
    let chosen_role = RwSignal::new(role.code().to_owned());
    let granted = RwSignal::new(member.locations.clone());
    let role_id = format!("role-{id}");
    let name = member.display_name.clone();
    let name_for_role = name.clone();
    let name_for_locations = name.clone();
    let name_for_status = name.clone();
    let last = member.last_sign_in_at;
    let invited = member.invited_at.is_some();
    let two_factor = member.two_factor;
    let name_for_two_factor = name.clone();
    view! {
        <tr class:row-inactive=!active>
            <th scope="row">
                <span class="cell-title">{member.display_name.clone()}</span>
                <span class="cell-sub">{member.email.clone()}</span>
            </th>
            <td>
                <label class="visually-hidden" for=role_id.clone()>{move || t_string!(i18n, team_role_of, name = name_for_role.clone())}</label>
                <div class="inline-form">
                    <select id=role_id on:change=move |ev| chosen_role.set(event_target_value(&ev))>
                        {TEAM_ROLES.into_iter().map(|r| view! {
                            <option value=r.code() selected=r == role>{move || role_label(i18n, r)}</option>
                        }).collect_view()}
                    </select>
                    <button
                        type="button"
                        class="button button-subtle"
                        aria-disabled=move || actions.pending().to_string()
                        on:click=move |_| {
                            if !actions.pending() && chosen_role.get_untracked() != role.code() {
                                actions.role.dispatch(SetTeamRole { user_id: id, role: chosen_role.get_untracked() });
                            }
                        }
                    >
                        {move || t_string!(i18n, team_change_role)}
                    </button>
                </div>
            </td>
            <td>
                {match role {
                    Role::IncentivesAdmin => view! { <span class="cell-sub">{move || t_string!(i18n, team_all_locations)}</span> }.into_any(),
                    Role::IncentivesUser => view! {
                        <fieldset class="location-grants">
                            <legend class="visually-hidden">{move || t_string!(i18n, team_locations_of, name = name_for_locations.clone())}</legend>
                            <LocationChoices locations granted id_prefix=format!("grant-{id}") />
                            <button
                                type="button"
                                class="button button-subtle"
                                aria-disabled=move || actions.pending().to_string()
                                on:click=move |_| {
                                    if !actions.pending() {
                                        actions.locations.dispatch(SetTeamLocations { user_id: id, locations: granted.get_untracked() });
                                    }
                                }
                            >
                                {move || t_string!(i18n, team_save_locations)}
                            </button>
                        </fieldset>
                    }.into_any(),
                    _ => view! { <span class="cell-sub">{move || t_string!(i18n, team_no_locations)}</span> }.into_any(),
                }}
            </td>
            <td>
                {match (invited, active) {
                    (true, true) => view! { <span class="badge badge-info">{move || t_string!(i18n, team_invited)}</span> }.into_any(),
                    (true, false) => view! { <span class="badge badge-neutral">{move || t_string!(i18n, team_invitation_revoked)}</span> }.into_any(),
                    (false, true) => view! { <span class="badge badge-success">{move || t_string!(i18n, team_active)}</span> }.into_any(),
                    (false, false) => view! { <span class="badge badge-neutral">{move || t_string!(i18n, team_deactivated)}</span> }.into_any(),
                }}
                {invited.then(|| {
                    let (resend_name, revoke_name) = (name_for_status.clone(), name_for_status.clone());
                    view! {
                        <button
                            type="button"
                            class="button button-subtle"
                            aria-label=move || t_string!(i18n, team_resend_who, name = resend_name.clone()).to_string()
                            aria-disabled=move || actions.pending().to_string()
                            on:click=move |_| {
                                if !actions.pending() {
                                    actions.resend.dispatch(ResendInvitation { user_id: id });
                                }
                            }
                        >
                            {move || t_string!(i18n, team_resend)}
                        </button>
                        {active.then(|| view! {
                            <button
                                type="button"
                                class="button button-subtle"
                                aria-label=move || t_string!(i18n, team_revoke_who, name = revoke_name.clone()).to_string()
                                aria-disabled=move || actions.pending().to_string()
                                on:click=move |_| {
                                    if !actions.pending() {
                                        actions.revoke.dispatch(RevokeInvitation { user_id: id });
                                    }
                                }
                            >
                                {move || t_string!(i18n, team_revoke)}
                            </button>
                        })}
                    }
                })}
                {(!is_me && !invited).then(|| {
                    let name = name_for_status.clone();
                    view! {
                        <button
                            type="button"
                            class="button button-subtle"
                            aria-label=move || if active { t_string!(i18n, team_deactivate_who, name = name.clone()).to_string() } else { t_string!(i18n, team_reactivate_who, name = name.clone()).to_string() }
                            aria-disabled=move || actions.pending().to_string()
                            on:click=move |_| {
                                if !actions.pending() {
                                    actions.active.dispatch(SetTeamActive { user_id: id, active: !active });
                                }
                            }
                        >
                            {move || if active { t_string!(i18n, team_deactivate) } else { t_string!(i18n, team_reactivate) }}
                        </button>
                    }
                })}
            </td>
            <td>
                <MemberTwoFactor
                    on=two_factor
                    is_me
                    name=name_for_two_factor
                    user_id=id
                    reset=actions.reset_two_factor
                    busy=Signal::derive(move || actions.pending())
                />
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
