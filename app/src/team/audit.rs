//! The team page's audit list in words: what changed, and its values (role codes, two-factor
//! states) as the reader reads them.

use super::model::{AuditEntry, TeamChange};
use crate::auth::Role;
use crate::components::audit::AuditLine;
use crate::components::layout::role_label;
use crate::i18n::*;
use leptos::prelude::*;

fn change_label(i18n: leptos_i18n::I18nContext<Locale>, change: TeamChange) -> &'static str {
    match change {
        TeamChange::Role => t_string!(i18n, team_change_kind_role),
        TeamChange::Locations => t_string!(i18n, team_change_kind_locations),
        TeamChange::Deactivated => t_string!(i18n, team_change_kind_deactivated),
        TeamChange::Reactivated => t_string!(i18n, team_change_kind_reactivated),
        TeamChange::Invited => t_string!(i18n, team_change_kind_invited),
        TeamChange::InvitationResent => t_string!(i18n, team_change_kind_invitation_resent),
        TeamChange::InvitationRevoked => t_string!(i18n, team_change_kind_invitation_revoked),
        TeamChange::TwoFactorRequired => t_string!(i18n, team_change_kind_two_factor_required),
        TeamChange::TwoFactorReset => t_string!(i18n, team_change_kind_two_factor_reset),
    }
}

/// A role code or a two-factor state of the audit list in words; other values as they are.
fn audit_value(i18n: leptos_i18n::I18nContext<Locale>, value: &str) -> String {
    match Role::from_code(value) {
        Some(role) => role_label(i18n, role).to_string(),
        None if value == "required" => t_string!(i18n, team_two_factor_is_required).to_string(),
        None if value == "optional" => t_string!(i18n, team_two_factor_is_optional).to_string(),
        None if value == "on" => t_string!(i18n, two_factor_on).to_string(),
        None if value == "off" => t_string!(i18n, two_factor_off).to_string(),
        None if value.is_empty() => "—".to_owned(),
        None => value.to_owned(),
    }
}

/// The audit list's lines, in words.
pub(super) fn audit_lines(
    i18n: leptos_i18n::I18nContext<Locale>,
    audit: Vec<AuditEntry>,
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
                before: Signal::derive(move || audit_value(i18n, &before)),
                after: Signal::derive(move || audit_value(i18n, &after)),
            }
        })
        .collect()
}
