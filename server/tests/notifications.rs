//! Notifications on both backends (issue 17): each event and each reminder threshold tells each
//! user once, in the app and by e-mail over a real SMTP server, even with two workers running;
//! preferences, the daily digest, and what a user may see.

mod common;

use app::auth::guard::PartnerScope;
use app::claims::service::claim_detail;
use app::consent::outbox::deliver_due;
use app::notifications::model::{Delivery, NoticeScope, NotificationKind, Preferences};
use app::notifications::service::{
    list, mark_read, preferences, remind, save_preferences, send_digests,
};
use app::state::AppState;
use common::fixtures::{
    count, scope_of, ClaimFixture, CONTOSO_ADMIN, CONTOSO_USER, DAY, FABRIKAM_ADMIN, LOC_LYON,
    LOC_MONTREAL, SEC_ENVISION, T_BACKEREI, T_TAILSPIN,
};
use common::smtp::{free_port, smtp_mailer, SmtpSink};
use common::{seeded_state, state_over, Backend};
use domain::{ClaimStatus, CustomerIdType};
use std::time::Duration;

/// The kinds of a user's notifications, oldest first, with their thresholds.
async fn told(state: &AppState, scope: &PartnerScope) -> Vec<(NotificationKind, Option<i64>)> {
    let mut items = list(state, scope).await.unwrap().items;
    items.reverse();
    items.into_iter().map(|i| (i.kind, i.threshold)).collect()
}

async fn queued_to(state: &AppState, address: &str) -> i64 {
    count(
        &state.db,
        &format!(
            "SELECT COUNT(*) FROM outbox WHERE kind = 'notification' AND to_address = '{address}'"
        ),
    )
    .await
}

/// Both workers' reminder passes at once, as two instances would run them.
async fn two_workers_remind(a: &AppState, b: &AppState) -> usize {
    let (x, y) = tokio::join!(remind(a), remind(b));
    x.unwrap() + y.unwrap()
}

/// A consented claim walked to its submission deadline: the customer's acceptance, then the
/// reminders at 14, 3 and 1 days, then the expiry. The partner contact (Contoso's administrator,
/// e-mail at once by default) gets each once in the app and once by e-mail; the Incentives user
/// who chose every claim of its locations, in the app only, gets them in the app; nobody else
/// hears of it. Two workers run every pass, and two outbox instances deliver to the SMTP sink.
async fn each_event_and_threshold_is_told_once(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let second = state_over(&db, clock.clone());
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let user = scope_of(&db, CONTOSO_USER).await;
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let in_app = Preferences {
        scope: NoticeScope::MyLocations,
        kinds: NotificationKind::ALL
            .iter()
            .map(|k| (*k, Delivery::InApp))
            .collect(),
        language: "fr".into(),
    };
    save_preferences(&state, &user, in_app).await.unwrap();

    let claim = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_TAILSPIN)
        .on(SEC_ENVISION)
        .at(LOC_MONTREAL)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .partner_contact(CONTOSO_ADMIN)
        .consented()
        .create()
        .await;
    let accepted = vec![(NotificationKind::ConsentAccepted, None)];
    assert_eq!(told(&state, &admin).await, accepted);
    assert_eq!(told(&state, &user).await, accepted);
    assert!(told(&state, &fabrikam).await.is_empty());
    assert_eq!(queued_to(&state, CONTOSO_ADMIN).await, 1);
    assert_eq!(queued_to(&state, CONTOSO_USER).await, 0);

    let deadline = claim_detail(&state, &admin, &claim.claim_ref)
        .await
        .unwrap()
        .deadline
        .unwrap()
        .at
        .unix_seconds();
    let until = |at: i64| at - state.clock.now();
    // Just before each threshold nothing is due; at it, exactly one reminder, whoever runs. (A
    // few seconds before: the test clock runs with real time, which may tick between the two.)
    for threshold in [14, 3, 1] {
        clock.advance(until(deadline - threshold * DAY) - 5);
        assert_eq!(
            two_workers_remind(&state, &second).await,
            0,
            "before {threshold} days"
        );
        clock.advance(5);
        assert_eq!(
            two_workers_remind(&state, &second).await,
            1,
            "at {threshold} days"
        );
        assert_eq!(
            two_workers_remind(&state, &second).await,
            0,
            "again at {threshold} days"
        );
    }
    // The deadline passes: the sweeper ends the claim, and that is told too.
    clock.advance(until(deadline));
    let (a, b) = tokio::join!(
        app::claims::sweeper::sweep(&state),
        app::claims::sweeper::sweep(&second)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        claim_detail(&state, &admin, &claim.claim_ref)
            .await
            .unwrap()
            .status,
        ClaimStatus::NotSubmittedExpired
    );
    let all = vec![
        (NotificationKind::ConsentAccepted, None),
        (NotificationKind::SubmissionDue, Some(14)),
        (NotificationKind::SubmissionDue, Some(3)),
        (NotificationKind::SubmissionDue, Some(1)),
        (NotificationKind::Expired, None),
    ];
    assert_eq!(told(&state, &admin).await, all);
    assert_eq!(told(&state, &user).await, all);
    assert!(told(&state, &fabrikam).await.is_empty());
    assert_eq!(queued_to(&state, CONTOSO_ADMIN).await, 5);
    assert_eq!(queued_to(&state, CONTOSO_USER).await, 0);

    // Two outbox instances deliver over a real SMTP server: five messages, each once.
    let port = free_port();
    let sink = SmtpSink::start(port);
    let (mailer_a, mailer_b) = (smtp_mailer(port), smtp_mailer(port));
    let mut sent = 0;
    for _ in 0..3 {
        let (x, y) = tokio::join!(
            deliver_due(&state, &mailer_a, "instance-a", 50),
            deliver_due(&second, &mailer_b, "instance-b", 50)
        );
        sent += x.unwrap().sent + y.unwrap().sent;
    }
    // The consent e-mail to the customer is among the deliveries, with the five notifications.
    let mut subjects = Vec::new();
    for _ in 0..sent {
        let mail = sink.next();
        if mail["envelope_to"][0] == CONTOSO_ADMIN {
            assert!(mail["text"]
                .as_str()
                .unwrap()
                .contains(claim.claim_ref.as_str()));
            assert!(mail["html"].as_str().unwrap().contains("/claims/"));
            subjects.push(mail["subject"].as_str().unwrap().to_owned());
        }
    }
    assert!(
        sink.next_within(Duration::from_millis(500)).is_none(),
        "no message twice"
    );
    assert_eq!(subjects.len(), 5, "{subjects:?}");
    assert!(subjects.contains(&"Claim for Tailspin Toys to submit within 14 days".to_owned()));
    assert_eq!(
        subjects
            .iter()
            .filter(|s| s.contains("within 1 day"))
            .count(),
        1
    );
    assert_eq!(
        subjects.iter().filter(|s| s.ends_with("expired")).count(),
        1
    );
}

/// A claim found past both consent thresholds at once (the workers were stopped) is told only
/// the nearest, and the farther one is not told later either; reminders stop with the answer.
async fn a_late_pass_tells_only_the_nearest_threshold(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_BACKEREI)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .partner_contact(CONTOSO_ADMIN)
        .then(&common::fixtures::CONSENT[..1])
        .create()
        .await;
    let detail = claim_detail(&state, &admin, &claim.claim_ref)
        .await
        .unwrap();
    assert_eq!(detail.status, ClaimStatus::AwaitingConsent);
    let deadline = detail.deadline.unwrap().at.unix_seconds();
    clock.advance(deadline - 12 * 3_600 - state.clock.now());
    assert_eq!(remind(&state).await.unwrap(), 1);
    assert_eq!(remind(&state).await.unwrap(), 0);
    assert_eq!(
        told(&state, &admin).await,
        vec![(NotificationKind::ConsentExpiring, Some(1))]
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM deadline_reminders WHERE claim_id = {}",
                claim.id
            )
        )
        .await,
        2
    );
}

/// The daily digest: notifications set to it wait for 07:00 UTC, then go in one e-mail, once
/// that day whatever the number of passes or workers, and the next day's go the next day.
async fn the_digest_goes_once_a_day(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let second = state_over(&db, clock.clone());
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let mut prefs = preferences(&state, &admin).await.unwrap();
    assert_eq!(prefs.scope, NoticeScope::MyClaims);
    assert!(prefs.kinds.iter().all(|(_, d)| *d == Delivery::Email));
    prefs.kinds = NotificationKind::ALL
        .iter()
        .map(|k| (*k, Delivery::Digest))
        .collect();
    save_preferences(&state, &admin, prefs).await.unwrap();

    // Move to the start of a day (00:00 UTC), then make two events.
    let now = state.clock.now();
    clock.advance(DAY - now.rem_euclid(DAY));
    for tenant in [T_TAILSPIN, T_BACKEREI] {
        ClaimFixture::new(&state)
            .customer(CustomerIdType::TenantId, tenant)
            .on(SEC_ENVISION)
            .at(LOC_LYON)
            .contact_email("it@tailspintoys.com")
            .mismatch_reason("contact_at_subsidiary")
            .partner_contact(CONTOSO_ADMIN)
            .consented()
            .create()
            .await;
    }
    assert_eq!(queued_to(&state, CONTOSO_ADMIN).await, 0);
    assert_eq!(send_digests(&state).await.unwrap(), 0, "before 07:00");
    clock.advance(7 * 3_600);
    let (a, b) = tokio::join!(send_digests(&state), send_digests(&second));
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(send_digests(&state).await.unwrap(), 0);
    let digests = "SELECT COUNT(*) FROM outbox WHERE kind = 'digest'";
    assert_eq!(count(&db, digests).await, 1);
    let subject: String = sqlx::query_scalar("SELECT subject FROM outbox WHERE kind = 'digest'")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(subject, "Your notifications of the day: 2");
    // In the app they were there all along, unread until marked.
    let page = list(&state, &admin).await.unwrap();
    assert_eq!(page.unread, 2);
    let first = page.items[0].id;
    assert_eq!(mark_read(&state, &admin, &[first]).await.unwrap(), 1);
    assert_eq!(list(&state, &admin).await.unwrap().unread, 1);
    // Another user's ids change nothing.
    let user = scope_of(&db, CONTOSO_USER).await;
    assert_eq!(
        mark_read(&state, &user, &[page.items[1].id]).await.unwrap(),
        0
    );
    assert_eq!(mark_read(&state, &admin, &[]).await.unwrap(), 1);
    assert_eq!(list(&state, &admin).await.unwrap().unread, 0);
}

/// A user hears only of the claims of the locations it may act for: granted Montréal, it hears
/// of Montréal's claims, and once Montréal is revoked, its notifications of them are gone from
/// its next request.
async fn a_revoked_location_takes_its_notifications(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let user = scope_of(&db, CONTOSO_USER).await;
    let mut prefs = preferences(&state, &user).await.unwrap();
    prefs.scope = NoticeScope::MyLocations;
    save_preferences(&state, &user, prefs).await.unwrap();
    for (tenant, location) in [(T_TAILSPIN, LOC_MONTREAL), (T_BACKEREI, LOC_LYON)] {
        ClaimFixture::new(&state)
            .customer(CustomerIdType::TenantId, tenant)
            .on(SEC_ENVISION)
            .at(location)
            .contact_email("it@tailspintoys.com")
            .mismatch_reason("contact_at_subsidiary")
            .consented()
            .create()
            .await;
    }
    // Lyon is not the user's: one notification, of Montréal's claim.
    assert_eq!(
        told(&state, &user).await,
        vec![(NotificationKind::ConsentAccepted, None)]
    );
    sqlx::query(&format!(
        "DELETE FROM user_locations WHERE user_id = {} AND location_id = '{LOC_MONTREAL}'",
        user.user_id.get()
    ))
    .execute(&db.pool)
    .await
    .unwrap();
    let user = scope_of(&db, CONTOSO_USER).await;
    let page = list(&state, &user).await.unwrap();
    assert!(page.items.is_empty());
    assert_eq!(page.unread, 0);
}

/// Bad preferences are refused with the field named, and nothing is saved.
async fn bad_preferences_are_refused(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let before = preferences(&state, &admin).await.unwrap();
    let mut bad = before.clone();
    bad.language = "de".into();
    match save_preferences(&state, &admin, bad).await {
        Err(app::error::AppError::Validation(errors)) => assert_eq!(errors[0].field, "language"),
        other => panic!("expected a refusal of the language, got {other:?}"),
    }
    let mut twice = before.clone();
    twice.kinds.push((NotificationKind::Paid, Delivery::InApp));
    assert!(save_preferences(&state, &admin, twice).await.is_err());
    assert_eq!(preferences(&state, &admin).await.unwrap(), before);
}

backend_tests!(
    each_event_and_threshold_is_told_once,
    a_late_pass_tells_only_the_nearest_threshold,
    the_digest_goes_once_a_day,
    a_revoked_location_takes_its_notifications,
    bad_preferences_are_refused,
);
