//! The attention inbox on both backends (issue 17): what waits on the partner, with its one
//! action and the money at risk, across engagements, within the user's locations and filters,
//! followed through a claim's whole life cycle.

mod common;

use app::attention::model::{Attention, AttentionAction, AttentionFilter, AttentionRow};
use app::attention::service::{attention, count};
use app::auth::guard::PartnerScope;
use app::claims::service::claim_detail;
use app::error::AppError;
use app::state::AppState;
use common::fixtures::{
    act, engagement_id, scope_of, ClaimFixture, AZ_ACCEL_DEPLOY, CONTOSO_ADMIN, CONTOSO_USER, DAY,
    FABRIKAM_ADMIN, LOC_LYON, LOC_PARIS, LOC_SEATTLE, SEC_ENVISION, T_TAILSPIN,
};
use common::{seeded_state, Backend};
use domain::{Actor, ClaimAction, ClaimRef, ClaimStatus, CustomerIdType};

/// Steps taken on the claim, and the action the inbox then offers (`None`: not in it).
type Step<'a> = (&'a [(ClaimAction, Actor)], Option<AttentionAction>);

async fn inbox(state: &AppState, scope: &PartnerScope, filter: AttentionFilter) -> Attention {
    attention(state, scope, &filter).await.unwrap()
}

fn row<'a>(inbox: &'a Attention, claim_ref: &ClaimRef) -> Option<&'a AttentionRow> {
    inbox.rows.iter().find(|r| &r.claim_ref == claim_ref)
}

/// The field a refusal names.
fn refused_field(result: Result<Attention, AppError>) -> String {
    match result {
        Err(AppError::Validation(errors)) => errors[0].field.clone(),
        other => panic!("expected a field refusal, got {other:?}"),
    }
}

/// What every inbox must be: claims waiting on the partner, deadline ahead, nearest first, the
/// weeks adding up to the rows.
fn check_invariants(inbox: &Attention) {
    let deadlines: Vec<i64> = inbox
        .rows
        .iter()
        .map(|r| {
            assert!(
                app::attention::model::NEEDS_PARTNER.contains(&r.status),
                "{r:?}"
            );
            r.deadline.expect("a deadline").at.unix_seconds()
        })
        .collect();
    assert!(deadlines.iter().all(|d| *d > inbox.now), "{deadlines:?}");
    assert!(deadlines.windows(2).all(|w| w[0] <= w[1]), "{deadlines:?}");
    let claims: i64 = inbox.weeks.iter().map(|w| w.claims).sum();
    assert_eq!(claims, inbox.rows.len() as i64 + inbox.more);
    if inbox.more == 0 {
        let mut by_currency = std::collections::BTreeMap::<String, i64>::new();
        for r in &inbox.rows {
            *by_currency.entry(r.at_risk.currency.clone()).or_default() += r.at_risk.cents;
        }
        let mut weekly = std::collections::BTreeMap::<String, i64>::new();
        for w in &inbox.weeks {
            assert!(
                w.starts % (7 * DAY) == 4 * DAY,
                "a week starts on Monday: {}",
                w.starts
            );
            for m in &w.amounts {
                *weekly.entry(m.currency.clone()).or_default() += m.cents;
            }
        }
        assert_eq!(by_currency, weekly);
    }
}

/// One claim of Lyon's, followed from its creation to a rejection: at each step the inbox
/// offers the one action the claim waits for, with its deadline and proposed payment, until it
/// waits on someone else.
async fn the_inbox_follows_a_claim_through_its_life_cycle(backend: Backend) {
    let (_test_db, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let claim_ref = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_TAILSPIN)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await
        .claim_ref;
    let detail = claim_detail(&state, &admin, &claim_ref).await.unwrap();

    let steps: [Step; 6] = [
        (&[], Some(AttentionAction::SendConsent)),
        (
            &[(ClaimAction::SendConsent, Actor::PartnerAdmin)],
            Some(AttentionAction::ResendConsent),
        ),
        (
            &[(ClaimAction::AcceptConsent, Actor::Customer)],
            Some(AttentionAction::Submit),
        ),
        (&[(ClaimAction::Submit, Actor::PartnerAdmin)], None),
        (
            &[
                (ClaimAction::StartReview, Actor::Reviewer),
                (ClaimAction::RequestPartnerAction, Actor::Reviewer),
            ],
            Some(AttentionAction::Answer),
        ),
        (
            &[
                (ClaimAction::Resubmit, Actor::PartnerAdmin),
                (ClaimAction::StartReview, Actor::Reviewer),
                (ClaimAction::Reject, Actor::Reviewer),
            ],
            Some(AttentionAction::Dispute),
        ),
    ];
    for (taken, expected) in steps {
        act(&state, &claim_ref, taken).await;
        let now = inbox(&state, &admin, AttentionFilter::default()).await;
        check_invariants(&now);
        let status = claim_detail(&state, &admin, &claim_ref).await.unwrap();
        match expected {
            None => assert!(row(&now, &claim_ref).is_none(), "{:?}", status.status),
            Some(action) => {
                let r = row(&now, &claim_ref)
                    .unwrap_or_else(|| panic!("{:?} is in the inbox", status.status));
                assert_eq!(r.action, Some(action), "{:?}", status.status);
                assert_eq!(r.status, status.status);
                assert_eq!(r.deadline, status.deadline);
                assert_eq!(Some(r.at_risk.clone()), detail.proposed_payment);
                assert_eq!(r.location_name, "Contoso Consulting Lyon");
                assert_eq!(r.customer_id.display_value(), T_TAILSPIN);
            }
        }
        assert_eq!(
            count(&state, &admin).await.unwrap(),
            now.rows.len() as i64 + now.more
        );
    }
    let rejected = claim_detail(&state, &admin, &claim_ref).await.unwrap();
    assert_eq!(rejected.status, ClaimStatus::Rejected);
}

/// Each user sees the claims of its own locations only, and the filters narrow the rows and the
/// totals alike; a filter naming something not the user's is refused by its field.
async fn the_inbox_keeps_to_the_users_locations_and_filters(backend: Backend) {
    let (_test_db, db, state, clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let user = scope_of(&db, CONTOSO_USER).await; // Paris and Montréal
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let lyon = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_TAILSPIN)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await
        .claim_ref;

    let everything = inbox(&state, &admin, AttentionFilter::default()).await;
    check_invariants(&everything);
    assert!(row(&everything, &lyon).is_some());
    assert!(!everything.engagements.is_empty());
    let for_user = inbox(&state, &user, AttentionFilter::default()).await;
    check_invariants(&for_user);
    assert!(row(&for_user, &lyon).is_none());
    assert!(for_user
        .rows
        .iter()
        .all(|r| r.location_name.contains("Paris") || r.location_name.contains("Montr")));
    assert!(for_user.locations.iter().all(|(id, _)| id != LOC_LYON));
    let for_fabrikam = inbox(&state, &fabrikam, AttentionFilter::default()).await;
    assert!(for_fabrikam
        .rows
        .iter()
        .all(|r| !r.location_name.starts_with("Contoso")));

    let at = |location: &str| AttentionFilter {
        location: location.into(),
        ..AttentionFilter::default()
    };
    let in_lyon = inbox(&state, &admin, at(LOC_LYON)).await;
    check_invariants(&in_lyon);
    assert!(row(&in_lyon, &lyon).is_some());
    assert!(in_lyon
        .rows
        .iter()
        .all(|r| r.location_name == "Contoso Consulting Lyon"));
    assert!(row(&inbox(&state, &admin, at(LOC_PARIS)).await, &lyon).is_none());

    let on = |code| AttentionFilter {
        engagement_id: Some(code),
        ..AttentionFilter::default()
    };
    let security = engagement_id(&db, SEC_ENVISION).await;
    let on_security = inbox(&state, &admin, on(security)).await;
    check_invariants(&on_security);
    assert!(row(&on_security, &lyon).is_some());
    assert!(on_security.rows.iter().all(|r| r.engagement_id == security));
    let accelerate = engagement_id(&db, AZ_ACCEL_DEPLOY).await;
    assert!(row(&inbox(&state, &admin, on(accelerate)).await, &lyon).is_none());

    // Due within: in once its deadline is that close.
    let deadline = row(&everything, &lyon)
        .unwrap()
        .deadline
        .unwrap()
        .at
        .unix_seconds();
    let within = |days| AttentionFilter {
        within_days: Some(days),
        ..AttentionFilter::default()
    };
    let left = deadline - everything.now;
    assert!(left > 7 * DAY, "the consent window is longer than a week");
    let week = inbox(&state, &admin, within(7)).await;
    check_invariants(&week);
    assert!(row(&week, &lyon).is_none());
    assert!(week
        .rows
        .iter()
        .all(|r| r.deadline.unwrap().at.unix_seconds() <= week.now + 7 * DAY));
    clock.advance(left - 7 * DAY);
    assert!(row(&inbox(&state, &admin, within(7)).await, &lyon).is_some());
    // Past its deadline the claim has nothing left to do, even before the sweeper runs.
    clock.advance(7 * DAY);
    assert!(row(
        &inbox(&state, &admin, AttentionFilter::default()).await,
        &lyon
    )
    .is_none());

    assert_eq!(
        refused_field(attention(&state, &admin, &within(5)).await),
        "within"
    );
    assert_eq!(
        refused_field(attention(&state, &admin, &at(LOC_SEATTLE)).await),
        "location"
    );
    assert_eq!(
        refused_field(attention(&state, &user, &at(LOC_LYON)).await),
        "location"
    );
    let not_fabrikams = fabrikam_missing_engagement(&state, &fabrikam, &everything).await;
    if let Some(id) = not_fabrikams {
        assert_eq!(
            refused_field(attention(&state, &fabrikam, &on(id)).await),
            "engagement"
        );
    }
    assert_eq!(
        refused_field(attention(&state, &admin, &on(domain::EngagementId::new(999_999))).await),
        "engagement"
    );
}

/// An engagement Contoso has a Customers page for and Fabrikam does not, if any.
async fn fabrikam_missing_engagement(
    state: &AppState,
    fabrikam: &PartnerScope,
    contoso: &Attention,
) -> Option<domain::EngagementId> {
    let theirs = inbox(state, fabrikam, AttentionFilter::default())
        .await
        .engagements;
    contoso
        .engagements
        .iter()
        .map(|(id, _)| *id)
        .find(|id| theirs.iter().all(|(t, _)| t != id))
}

backend_tests!(
    the_inbox_follows_a_claim_through_its_life_cycle,
    the_inbox_keeps_to_the_users_locations_and_filters,
);
