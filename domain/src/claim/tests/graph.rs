use super::*;
use proptest::prelude::*;
use ClaimAction as A;
use ClaimStatus as S;

// ---- the graph --------------------------------------------------------------------------

#[test]
fn every_design_edge_is_allowed_to_its_actors() {
    for (from, action, to, party) in DESIGN_EDGES {
        for actor in actors_of(party) {
            assert_eq!(
                transition(from, action, actor),
                Ok(to),
                "{from} {action} {actor:?}"
            );
        }
    }
}

#[test]
fn the_table_is_exactly_the_design_graph() {
    assert_eq!(TRANSITIONS.len(), DESIGN_EDGES.len());
    for t in TRANSITIONS {
        assert!(
            DESIGN_EDGES.contains(&(t.from, t.action, t.to, t.by)),
            "{t:?}"
        );
    }
}

#[test]
fn every_other_status_action_and_actor_is_refused() {
    for status in ClaimStatus::ALL {
        for action in ClaimAction::ALL {
            for actor in Actor::ALL {
                if let Ok(to) = transition(status, action, actor) {
                    assert!(is_design_edge(status, action, to, actor));
                }
            }
        }
    }
}

#[test]
fn a_customer_cannot_submit_and_a_partner_cannot_accept_consent() {
    assert_eq!(
        transition(S::ConsentReceived, A::Submit, Actor::Customer),
        Err(TransitionError::WrongActor {
            action: A::Submit,
            actor: Actor::Customer
        })
    );
    for actor in PARTNERS {
        assert!(matches!(
            transition(S::AwaitingConsent, A::AcceptConsent, actor),
            Err(TransitionError::WrongActor { .. })
        ));
    }
}

#[test]
fn a_partner_cannot_approve_its_own_claim_or_expire_it() {
    for actor in PARTNERS {
        assert!(transition(S::UnderReview, A::Approve, actor).is_err());
        assert!(transition(S::ConsentReceived, A::ExpireSubmission, actor).is_err());
    }
}

#[test]
fn cancel_is_refused_after_the_first_submission() {
    for status in [
        S::Submitted,
        S::UnderReview,
        S::PartnerActionRequired,
        S::Rejected,
    ] {
        assert_eq!(
            transition(status, A::Cancel, Actor::PartnerAdmin),
            Err(TransitionError::NotAllowedInStatus {
                status,
                action: A::Cancel
            })
        );
    }
}

#[test]
fn submit_is_refused_before_consent() {
    assert!(matches!(
        transition(S::AwaitingConsent, A::Submit, Actor::PartnerUser),
        Err(TransitionError::NotAllowedInStatus { .. })
    ));
}

#[test]
fn nothing_leaves_an_end_state() {
    for status in ClaimStatus::ALL.into_iter().filter(|s| s.is_terminal()) {
        for action in ClaimAction::ALL {
            for actor in Actor::ALL {
                assert_eq!(
                    transition(status, action, actor),
                    Err(TransitionError::TerminalStatus { status })
                );
            }
        }
    }
}

#[test]
fn end_states_are_exactly_those_without_outgoing_edges() {
    for status in ClaimStatus::ALL {
        let has_edge = DESIGN_EDGES.iter().any(|e| e.0 == status);
        assert_eq!(status.is_terminal(), !has_edge, "{status}");
        assert_eq!(status.is_open(), has_edge, "{status}");
    }
}

/// DESIGN.md §4: every non-end state that has a deadline has a system transition for when it
/// passes, so no claim is left waiting for ever. The one exception is the programme's own review
/// deadline (submitted, under review): it binds the programme, and a late decision is better
/// than a claim lost to the programme's delay. Checked on `deadline` and `expired_action`
/// themselves, for every status, long after every window.
#[test]
fn every_clock_ends_somewhere() {
    let e = crate::fixtures::fixed_engagement();
    let long_after = crate::fixtures::days(100_000);
    for status in ClaimStatus::ALL {
        let has_deadline = deadline(status, &dates(), &e).is_some();
        let expiry = expired_action(status, &dates(), &e, long_after);
        match status.waiting_on() {
            None => {
                assert!(status.is_terminal(), "{status}");
                assert!(!has_deadline && expiry.is_none(), "{status}");
            }
            Some(Party::Reviewer) => assert_eq!(expiry, None, "{status}"),
            Some(party) => {
                assert!(
                    party == Party::Partner || party == Party::Customer,
                    "{status}"
                );
                if has_deadline {
                    let action = expiry.unwrap_or_else(|| panic!("{status} has no expiry"));
                    let to = transition(status, action, Actor::System).unwrap();
                    assert!(to.is_terminal(), "{status} expires into {to}");
                }
            }
        }
    }
    // A state waiting on the partner or the customer with no deadline at all would be stuck.
    for status in ClaimStatus::ALL {
        if matches!(status.waiting_on(), Some(Party::Partner | Party::Customer)) {
            assert!(
                deadline(status, &dates(), &e).is_some(),
                "{status} waits with no deadline"
            );
        }
    }
}

#[test]
fn codes_round_trip_and_match_serde() {
    for s in ClaimStatus::ALL {
        assert_eq!(ClaimStatus::from_code(s.code()), Some(s));
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            format!("\"{}\"", s.code())
        );
        assert!(!s.message_en().is_empty() && !s.message_fr().is_empty());
    }
    for a in ClaimAction::ALL {
        assert_eq!(ClaimAction::from_code(a.code()), Some(a));
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            format!("\"{}\"", a.code())
        );
    }
    for a in Actor::ALL {
        assert_eq!(Actor::from_code(a.code()), Some(a));
    }
    assert_eq!(ClaimStatus::from_code("open"), None);
}

#[test]
fn transition_errors_have_codes_and_messages() {
    let e = TransitionError::NotAllowedInStatus {
        status: S::Paid,
        action: A::Cancel,
    };
    assert_eq!(e.code(), "not_allowed_in_status");
    assert_eq!(
        e.message_en(),
        "“Cancel claim” is not possible while the claim is paid."
    );
    assert!(e.message_fr().contains("Annuler la réclamation"));
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        json,
        r#"{"code":"not_allowed_in_status","status":"paid","action":"cancel"}"#
    );
}

// ---- properties -------------------------------------------------------------------------

fn step() -> impl Strategy<Value = (ClaimAction, Actor)> {
    (
        prop::sample::select(ClaimAction::ALL.to_vec()),
        prop::sample::select(Actor::ALL.to_vec()),
    )
}

proptest! {
    #[test]
    fn random_walks_stay_on_the_design_graph(
        start in prop::sample::select(ClaimStatus::ALL.to_vec()),
        steps in prop::collection::vec(step(), 0..60),
    ) {
        let mut status = start;
        for (action, actor) in steps {
            if let Ok(next) = transition(status, action, actor) {
                prop_assert!(!status.is_terminal(), "left end state {}", status);
                prop_assert!(is_design_edge(status, action, next, actor));
                status = next;
            }
        }
    }

}
