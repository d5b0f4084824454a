use super::*;
use crate::fixtures::{days, fixed_engagement, T0};
use crate::time::Timestamp;
use proptest::prelude::*;
use ClaimAction as A;
use ClaimStatus as S;

// ---- deadlines --------------------------------------------------------------------------

#[test]
fn deadlines_count_from_the_right_date() {
    let e = fixed_engagement(); // consent 14, submission 60, review 30, dispute 10 days
    let d = dates();
    let at = |status| deadline(status, &d, &e);
    let expect = |kind, at| Some(Deadline { kind, at });
    assert_eq!(
        at(S::CustomerClaimed),
        expect(DeadlineKind::Consent, days(14))
    );
    assert_eq!(
        at(S::AwaitingConsent),
        expect(DeadlineKind::Consent, days(14))
    );
    assert_eq!(
        at(S::ConsentReceived),
        expect(DeadlineKind::Submission, days(61))
    );
    assert_eq!(at(S::Submitted), expect(DeadlineKind::Review, days(32)));
    assert_eq!(at(S::UnderReview), expect(DeadlineKind::Review, days(32)));
    assert_eq!(
        at(S::PartnerActionRequired),
        expect(DeadlineKind::Review, days(32))
    );
    assert_eq!(at(S::Rejected), expect(DeadlineKind::Dispute, days(13)));
    for s in [
        S::Disputed,
        S::Approved,
        S::Paid,
        S::Canceled,
        S::ConsentExpired,
    ] {
        assert_eq!(at(s), None, "{s}");
    }
}

/// The automatic reminder is the clock's one action before a deadline: open to it while the
/// consent window is open, refused once it closed, never taken by the sweeper, and never the
/// partner's or the customer's.
#[test]
fn the_clock_reminds_only_while_consent_is_open() {
    let e = fixed_engagement();
    let d = dates();
    let before = Timestamp::from_unix_seconds(days(14).unix_seconds() - 1);
    assert!(
        available_actions(S::AwaitingConsent, Actor::System, &d, &e, before)
            .contains(&A::RemindConsent)
    );
    assert_eq!(expired_action(S::AwaitingConsent, &d, &e, before), None);
    assert_eq!(
        apply_action(
            S::AwaitingConsent,
            A::RemindConsent,
            Actor::System,
            &d,
            &e,
            days(14)
        ),
        Err(TransitionError::DeadlinePassed {
            kind: DeadlineKind::Consent,
            at: days(14)
        })
    );
    assert_eq!(
        expired_action(S::AwaitingConsent, &d, &e, days(14)),
        Some(A::ExpireConsent)
    );
    for actor in [Actor::PartnerAdmin, Actor::Customer] {
        assert!(matches!(
            apply_action(S::AwaitingConsent, A::RemindConsent, actor, &d, &e, before),
            Err(TransitionError::WrongActor { .. })
        ));
    }
    assert!(!A::RemindConsent.is_expiry());
    assert!(ClaimAction::ALL
        .iter()
        .filter(|a| TRANSITIONS
            .iter()
            .any(|t| t.action == **a && t.by == Party::System))
        .all(|a| a.is_expiry() || *a == A::RemindConsent));
}

#[test]
fn a_missing_start_date_means_no_deadline() {
    let e = fixed_engagement();
    let d = ClaimDates::created(T0);
    assert_eq!(deadline(S::ConsentReceived, &d, &e), None);
    assert_eq!(expired_action(S::ConsentReceived, &d, &e, days(1000)), None);
}

#[test]
fn the_sweeper_expires_each_window_exactly_when_it_closes() {
    let e = fixed_engagement();
    let d = dates();
    let cases = [
        (S::CustomerClaimed, days(14), A::ExpireConsent),
        (S::AwaitingConsent, days(14), A::ExpireConsent),
        (S::ConsentReceived, days(61), A::ExpireSubmission),
        (S::Rejected, days(13), A::ExpireDispute),
        (S::PartnerActionRequired, days(32), A::ExpirePartnerAction),
    ];
    for (status, at, action) in cases {
        assert_eq!(expired_action(status, &d, &e, at.plus_seconds(-1)), None);
        assert_eq!(expired_action(status, &d, &e, at), Some(action));
        assert_eq!(
            apply_action(status, action, Actor::System, &d, &e, at).map(|s| s.is_terminal()),
            Ok(true)
        );
    }
}

#[test]
fn the_sweeper_never_acts_on_review_states() {
    let e = fixed_engagement();
    for s in [S::Submitted, S::UnderReview, S::Disputed, S::Approved] {
        assert_eq!(expired_action(s, &dates(), &e, days(10_000)), None, "{s}");
    }
}

#[test]
fn a_partner_cannot_submit_after_the_submission_deadline() {
    let e = fixed_engagement();
    let d = dates();
    let before = available_actions(S::ConsentReceived, Actor::PartnerUser, &d, &e, days(60));
    assert_eq!(before, vec![A::Cancel, A::Submit]);
    let after = available_actions(S::ConsentReceived, Actor::PartnerUser, &d, &e, days(61));
    assert_eq!(after, vec![]);
    assert_eq!(
        apply_action(
            S::ConsentReceived,
            A::Submit,
            Actor::PartnerUser,
            &d,
            &e,
            days(61)
        ),
        Err(TransitionError::DeadlinePassed {
            kind: DeadlineKind::Submission,
            at: days(61)
        })
    );
}

#[test]
fn a_customer_cannot_accept_after_the_consent_deadline() {
    let e = fixed_engagement();
    let d = dates();
    let open = available_actions(S::AwaitingConsent, Actor::Customer, &d, &e, days(13));
    assert_eq!(open, vec![A::AcceptConsent, A::DeclineConsent]);
    assert!(available_actions(S::AwaitingConsent, Actor::Customer, &d, &e, days(14)).is_empty());
}

#[test]
fn a_partner_sees_send_and_cancel_on_a_new_claim() {
    let e = fixed_engagement();
    let d = ClaimDates::created(T0);
    assert_eq!(
        available_actions(S::CustomerClaimed, Actor::PartnerAdmin, &d, &e, T0),
        vec![A::SendConsent, A::Cancel]
    );
    assert_eq!(
        available_actions(S::AwaitingConsent, Actor::PartnerAdmin, &d, &e, T0),
        vec![A::ResendConsent, A::Cancel]
    );
}

#[test]
fn a_partner_must_resubmit_before_the_review_deadline() {
    let e = fixed_engagement();
    let d = dates();
    let s = S::PartnerActionRequired;
    assert_eq!(
        available_actions(s, Actor::PartnerUser, &d, &e, days(31)),
        vec![A::Resubmit]
    );
    assert!(available_actions(s, Actor::PartnerUser, &d, &e, days(32)).is_empty());
}

#[test]
fn a_reviewer_may_still_decide_after_the_review_deadline() {
    let e = fixed_engagement();
    assert_eq!(
        available_actions(S::UnderReview, Actor::Reviewer, &dates(), &e, days(500)),
        vec![A::Approve, A::Reject, A::RequestPartnerAction]
    );
}

#[test]
fn a_partner_may_dispute_until_the_dispute_deadline() {
    let e = fixed_engagement();
    let d = dates();
    assert_eq!(
        available_actions(S::Rejected, Actor::PartnerAdmin, &d, &e, days(12)),
        vec![A::Dispute]
    );
    assert!(available_actions(S::Rejected, Actor::PartnerAdmin, &d, &e, days(13)).is_empty());
}

#[test]
fn the_system_cannot_expire_a_claim_early() {
    let e = fixed_engagement();
    assert_eq!(
        apply_action(
            S::AwaitingConsent,
            A::ExpireConsent,
            Actor::System,
            &dates(),
            &e,
            T0
        ),
        Err(TransitionError::DeadlineNotReached {
            kind: DeadlineKind::Consent
        })
    );
}

#[test]
fn end_states_offer_nothing_to_anyone() {
    let e = fixed_engagement();
    for s in ClaimStatus::ALL.into_iter().filter(|s| s.is_terminal()) {
        for actor in Actor::ALL {
            assert!(available_actions(s, actor, &dates(), &e, days(5)).is_empty());
        }
    }
}

// ---- time left --------------------------------------------------------------------------

#[test]
fn time_left_rounds_like_a_person_reads_it() {
    let deadline = days(10);
    let at = |seconds_before: i64| time_left(deadline, deadline.plus_seconds(-seconds_before));
    assert_eq!(at(0), TimeLeft::Overdue);
    assert_eq!(at(-5), TimeLeft::Overdue);
    assert_eq!(at(1), TimeLeft::Minutes(1));
    assert_eq!(at(60), TimeLeft::Minutes(1));
    assert_eq!(at(61), TimeLeft::Minutes(2));
    assert_eq!(at(3_599), TimeLeft::Minutes(60));
    assert_eq!(at(3_600), TimeLeft::Hours(1));
    assert_eq!(at(86_399), TimeLeft::Hours(23));
    assert_eq!(at(86_400), TimeLeft::Days(1));
    assert_eq!(at(3 * 86_400 - 1), TimeLeft::Days(2));
    assert_eq!(
        time_left(Timestamp(i64::MAX), Timestamp(i64::MIN)),
        TimeLeft::Days(u32::MAX)
    );
}

#[test]
fn time_left_reads_well_in_both_languages() {
    assert_eq!(TimeLeft::Days(1).message_en(), "1 day left");
    assert_eq!(TimeLeft::Days(3).message_en(), "3 days left");
    assert_eq!(TimeLeft::Overdue.message_en(), "Overdue");
    assert_eq!(TimeLeft::Hours(2).message_fr(), "2 heures restantes");
    assert_eq!(TimeLeft::Days(1).message_fr(), "1 jour restant");
    assert_eq!(
        serde_json::to_string(&TimeLeft::Hours(2)).unwrap(),
        r#"{"unit":"hours","count":2}"#
    );
}

proptest! {
    #[test]
    fn available_actions_are_exactly_what_apply_action_accepts(
        status in prop::sample::select(ClaimStatus::ALL.to_vec()),
        actor in prop::sample::select(Actor::ALL.to_vec()),
        now_day in -5i64..120,
    ) {
        let e = fixed_engagement();
        let d = dates();
        let now = days(now_day);
        let available = available_actions(status, actor, &d, &e, now);
        for action in ClaimAction::ALL {
            let applied = apply_action(status, action, actor, &d, &e, now);
            prop_assert_eq!(applied.is_ok(), available.contains(&action), "{:?}", action);
        }
        let sweep_is_accepted = expired_action(status, &d, &e, now)
            .is_none_or(|a| apply_action(status, a, Actor::System, &d, &e, now).is_ok());
        prop_assert!(sweep_is_accepted);
    }
}
