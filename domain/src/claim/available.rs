//! The graph combined with the actor and the clock: what may be done now.

use super::deadline::{deadline, ClaimDates, Deadline, DeadlineKind};
use super::transition::{transition, TransitionError, TRANSITIONS};
use super::{Actor, ClaimAction, ClaimStatus, Party};
use crate::engagement::Engagement;
use crate::time::Timestamp;

/// The actions `actor` may take on a claim in `status` at `now`: the transitions of the graph
/// that belong to the actor, minus those the clock forbids. The UI shows exactly these; the
/// server accepts exactly these (through [`apply_action`]).
///
/// The clock rule: once the current deadline has passed, the partner and the customer can no
/// longer act (no submitting after the submission deadline, no consenting after the consent
/// deadline, no cancelling a claim that is about to expire either: it expires); the system can
/// expire *only* then, and remind the customer only before it. Reviewers are never blocked: the review
/// deadline is the programme's own commitment, and a late decision is better than none.
pub fn available_actions(
    status: ClaimStatus,
    actor: Actor,
    dates: &ClaimDates,
    engagement: &Engagement,
    now: Timestamp,
) -> Vec<ClaimAction> {
    let current = deadline(status, dates, engagement);
    TRANSITIONS
        .iter()
        .filter(|t| t.from == status && t.by == actor.party())
        .filter(|t| clock_check(t.by, t.action, current, now).is_ok())
        .map(|t| t.action)
        .collect()
}

/// What the deadline sweeper must do to a claim whose deadline has passed at `now`: the
/// expiry action, or `None` when nothing is due.
pub fn expired_action(
    status: ClaimStatus,
    dates: &ClaimDates,
    engagement: &Engagement,
    now: Timestamp,
) -> Option<ClaimAction> {
    available_actions(status, Actor::System, dates, engagement, now)
        .into_iter()
        .find(|a| a.is_expiry())
}

/// [`transition`] plus the clock: the check the server runs before changing a claim. Accepts
/// exactly the actions [`available_actions`] lists, and explains any refusal.
pub fn apply_action(
    status: ClaimStatus,
    action: ClaimAction,
    actor: Actor,
    dates: &ClaimDates,
    engagement: &Engagement,
    now: Timestamp,
) -> Result<ClaimStatus, TransitionError> {
    let to = transition(status, action, actor)?;
    clock_check(
        actor.party(),
        action,
        deadline(status, dates, engagement),
        now,
    )?;
    Ok(to)
}

fn clock_check(
    by: Party,
    action: ClaimAction,
    current: Option<Deadline>,
    now: Timestamp,
) -> Result<(), TransitionError> {
    match (by, current) {
        (Party::Reviewer, _) => Ok(()),
        // The automatic reminder is due before the deadline, as the partner's re-send is.
        (Party::System, Some(d)) if !action.is_expiry() && d.has_passed(now) => {
            Err(TransitionError::DeadlinePassed {
                kind: d.kind,
                at: d.at,
            })
        }
        (Party::System, _) if !action.is_expiry() => Ok(()),
        (Party::System, Some(d)) if d.has_passed(now) => Ok(()),
        // An expiry without a deadline (the date it counts from is missing) is never due.
        (Party::System, _) => Err(TransitionError::DeadlineNotReached {
            kind: current.map_or_else(|| expiry_kind(action), |d| d.kind),
        }),
        (Party::Partner | Party::Customer, Some(d)) if d.has_passed(now) => {
            Err(TransitionError::DeadlinePassed {
                kind: d.kind,
                at: d.at,
            })
        }
        (Party::Partner | Party::Customer, _) => Ok(()),
    }
}

/// The window a system action closes, to name it when there is no deadline to read it from.
const fn expiry_kind(action: ClaimAction) -> DeadlineKind {
    match action {
        ClaimAction::ExpireSubmission => DeadlineKind::Submission,
        ClaimAction::ExpireDispute => DeadlineKind::Dispute,
        ClaimAction::ExpirePartnerAction => DeadlineKind::Review,
        _ => DeadlineKind::Consent,
    }
}
