//! Who is told what, and when: notifications of a claim's events (written in the transaction
//! of the change itself), reminders of coming deadlines and the daily digest (two worker passes),
//! and what the bell and the preferences page read and write.
//!
//! Exactly once, with any number of instances: an event's notifications are written with the
//! transition, which itself is written once (the claim's version); a reminder is sent by whoever
//! inserts its `(claim, deadline, threshold)` row first, a digest by whoever inserts its
//! `(user, day)` row first, each in the transaction that queues the e-mail. And a notification
//! is unique per user and event, so nothing is told twice even if a writer ran again.

use super::mail::{render_digest, render_one};
use super::model::{
    Delivery, NoticeScope, NotificationItem, NotificationKind, NotificationList, Preferences,
};
use super::repo::{self, ClaimNotice, NewNotification};
use crate::auth::guard::PartnerScope;
use crate::error::{AppError, FieldProblem};
use crate::state::AppState;
use domain::time::SECONDS_PER_DAY;
use domain::{ClaimAction, ClaimStatus};
use sqlx::{Any, Transaction};

/// One event to tell the people of a claim about.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub claim_id: i64,
    pub kind: NotificationKind,
    pub event_key: &'a str,
    pub deadline_at: Option<i64>,
    pub threshold: Option<i64>,
    pub now: i64,
    pub public_url: &'a str,
}

/// Tells the claim's people of an event, inside the caller's transaction: a notification for
/// each user who hears of it (the partner contact, and the users of the claim's location who
/// chose every claim of their locations), an e-mail at once to those who want one, and an
/// e-mail to a partner contact who is no user of the app. Returns how many users were told.
pub async fn tell(tx: &mut Transaction<'static, Any>, event: Event<'_>) -> Result<usize, AppError> {
    let Some(claim) = repo::claim_notice(tx, event.claim_id).await? else {
        return Ok(0);
    };
    let contact = claim.partner_contact_email.trim().to_lowercase();
    let mut told = 0;
    let mut contact_is_user = false;
    for user in repo::candidates(tx, &claim, event.kind).await? {
        let is_contact = user.email.trim().to_lowercase() == contact;
        contact_is_user |= is_contact;
        if !is_contact && user.scope != NoticeScope::MyLocations {
            continue;
        }
        let written = repo::insert_notification(
            tx,
            NewNotification {
                user_id: user.user_id,
                claim_id: claim.claim_id,
                kind: event.kind,
                event_key: event.event_key,
                deadline_at: event.deadline_at,
                threshold: event.threshold,
                delivery: user.delivery,
                now: event.now,
            },
        )
        .await?;
        let Some(id) = written else { continue };
        told += 1;
        if user.delivery == Delivery::Email {
            let message = render_one(
                &item_of(&claim, id, event),
                &user.language,
                &user.name,
                event.public_url,
            );
            repo::queue_mail(
                tx,
                "notification",
                &user.email,
                &user.name,
                &message,
                event.now,
            )
            .await?;
        }
    }
    if !contact_is_user && !contact.is_empty() {
        let message = render_one(
            &item_of(&claim, 0, event),
            &claim.creator_language,
            &claim.partner_contact_name,
            event.public_url,
        );
        repo::queue_mail(
            tx,
            "notification",
            &claim.partner_contact_email,
            &claim.partner_contact_name,
            &message,
            event.now,
        )
        .await?;
    }
    Ok(told)
}

fn item_of(claim: &ClaimNotice, id: i64, event: Event<'_>) -> NotificationItem {
    NotificationItem {
        id,
        kind: event.kind,
        claim_ref: claim.claim_ref.clone(),
        customer: claim.customer.clone(),
        engagement_name: claim.engagement_name.clone(),
        deadline_at: event.deadline_at,
        threshold: event.threshold,
        created_at: event.now,
        read: false,
    }
}

/// What a transition tells, inside the transaction that writes it: `version` is the claim's
/// version after it (the event's key), `deadline_at` the new status's deadline.
#[allow(clippy::too_many_arguments)]
pub async fn on_transition(
    tx: &mut Transaction<'static, Any>,
    claim_id: i64,
    action: ClaimAction,
    to: ClaimStatus,
    version: i64,
    deadline_at: Option<i64>,
    now: i64,
    public_url: &str,
) -> Result<usize, AppError> {
    let Some(kind) = NotificationKind::of_transition(action, to) else {
        return Ok(0);
    };
    let key = format!("v{version}");
    tell(
        tx,
        Event {
            claim_id,
            kind,
            event_key: &key,
            deadline_at,
            threshold: None,
            now,
            public_url,
        },
    )
    .await
}

/// Claims looked at per query of a reminder pass.
const REMINDER_BATCH: i64 = 200;

/// One reminder pass: every open claim whose deadline comes within a threshold of its kind
/// (consent 3 and 1 days ahead, submission 14, 3 and 1) is reminded once per threshold. A claim
/// found past several thresholds at once (the workers were stopped) gets only the nearest one,
/// and the farther ones are recorded as done. Returns how many reminders went out.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn remind(state: &AppState) -> Result<usize, AppError> {
    let mut sent = 0;
    for kind in [
        NotificationKind::ConsentExpiring,
        NotificationKind::SubmissionDue,
    ] {
        let statuses: Vec<ClaimStatus> = ClaimStatus::ALL
            .into_iter()
            .filter(|s| NotificationKind::reminder_for(*s) == Some(kind))
            .collect();
        // Nearest threshold first, so that one past several is told only the nearest.
        let mut thresholds = kind.thresholds().to_vec();
        thresholds.sort_unstable();
        for (i, &threshold) in thresholds.iter().enumerate() {
            loop {
                let now = state.clock.now();
                let due =
                    repo::due_reminders(&state.db.pool, &statuses, threshold, now, REMINDER_BATCH)
                        .await?;
                let batch = due.len();
                for (claim_id, deadline_at) in due {
                    let mut tx = state.db.pool.begin().await?;
                    if !repo::claim_reminder(
                        &mut tx,
                        claim_id,
                        deadline_at,
                        threshold,
                        &statuses,
                        now,
                    )
                    .await?
                    {
                        continue;
                    }
                    for &farther in &thresholds[i + 1..] {
                        repo::claim_reminder(
                            &mut tx,
                            claim_id,
                            deadline_at,
                            farther,
                            &statuses,
                            now,
                        )
                        .await?;
                    }
                    let key = format!("{deadline_at}:{threshold}");
                    tell(
                        &mut tx,
                        Event {
                            claim_id,
                            kind,
                            event_key: &key,
                            deadline_at: Some(deadline_at),
                            threshold: Some(threshold),
                            now,
                            public_url: &state.config.public_url,
                        },
                    )
                    .await?;
                    tx.commit().await?;
                    sent += 1;
                }
                if batch < usize::try_from(REMINDER_BATCH).unwrap_or(usize::MAX) {
                    break;
                }
            }
        }
    }
    if sent > 0 {
        state.outbox_wake.notify_one();
    }
    Ok(sent)
}

/// The hour of the day (UTC) from which the day's digests go out.
pub const DIGEST_HOUR_UTC: i64 = 7;

/// One digest pass: from 07:00 UTC, each user with notifications set to the daily digest gets
/// one e-mail a day with every such notification not carried yet. Returns how many went out.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn send_digests(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    let day = now.div_euclid(SECONDS_PER_DAY);
    if now.rem_euclid(SECONDS_PER_DAY) < DIGEST_HOUR_UTC * 3_600 {
        return Ok(0);
    }
    let mut sent = 0;
    loop {
        let users = repo::digest_users(&state.db.pool, now, day, 100).await?;
        let mut progressed = false;
        for user_id in &users {
            let mut tx = state.db.pool.begin().await?;
            if !repo::claim_digest(&mut tx, *user_id, day, now).await? {
                continue;
            }
            progressed = true;
            let items = repo::take_digest_items(&mut tx, *user_id, now, now).await?;
            if let (Some((email, name, language)), false) = (
                repo::digest_recipient(&mut tx, *user_id).await?,
                items.is_empty(),
            ) {
                let message = render_digest(&items, &language, &name, &state.config.public_url);
                repo::queue_mail(&mut tx, "digest", &email, &name, &message, now).await?;
                sent += 1;
            }
            tx.commit().await?;
        }
        // Another instance may be sending the same users: stop when this one sent none.
        if !progressed || users.len() < 100 {
            break;
        }
    }
    if sent > 0 {
        state.outbox_wake.notify_one();
    }
    Ok(sent)
}

/// The newest notifications shown by the bell and the notifications page.
pub const LIST_LIMIT: i64 = 50;

/// The signed-in user's newest notifications and unread count.
pub async fn list(state: &AppState, scope: &PartnerScope) -> Result<NotificationList, AppError> {
    let pool = &state.db.pool;
    Ok(NotificationList {
        items: repo::list(
            pool,
            scope.user_id,
            scope.partner_id,
            &scope.locations,
            LIST_LIMIT,
        )
        .await?,
        unread: repo::unread(pool, scope.user_id, scope.partner_id, &scope.locations).await?,
        now: state.clock.now(),
    })
}

/// The bell's count.
pub async fn unread(state: &AppState, scope: &PartnerScope) -> Result<i64, AppError> {
    repo::unread(
        &state.db.pool,
        scope.user_id,
        scope.partner_id,
        &scope.locations,
    )
    .await
}

/// Marks notifications read (every one when `ids` is empty); someone else's ids change nothing.
pub async fn mark_read(
    state: &AppState,
    scope: &PartnerScope,
    ids: &[i64],
) -> Result<u64, AppError> {
    if ids.len() > usize::try_from(LIST_LIMIT).unwrap_or(50) * 4 {
        return Err(AppError::field(
            "ids",
            FieldProblem::BadFormat { max: None },
        ));
    }
    repo::mark_read(&state.db.pool, scope.user_id, ids, state.clock.now()).await
}

/// The user's preferences, every kind listed (with its default when never set).
pub async fn preferences(state: &AppState, scope: &PartnerScope) -> Result<Preferences, AppError> {
    let (notice_scope, stored, language) = repo::preferences(&state.db.pool, scope.user_id).await?;
    Ok(Preferences {
        scope: notice_scope,
        kinds: NotificationKind::ALL
            .into_iter()
            .map(|kind| {
                let delivery = stored
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .map_or_else(Delivery::default, |(_, d)| *d);
                (kind, delivery)
            })
            .collect(),
        language,
    })
}

/// Saves the user's preferences: each kind at most once, a known language.
pub async fn save_preferences(
    state: &AppState,
    scope: &PartnerScope,
    input: Preferences,
) -> Result<Preferences, AppError> {
    if input.language != "en" && input.language != "fr" {
        return Err(AppError::field(
            "language",
            FieldProblem::BadFormat { max: None },
        ));
    }
    let mut kinds: Vec<(NotificationKind, Delivery)> = Vec::new();
    for (kind, delivery) in input.kinds {
        if kinds.iter().any(|(k, _)| *k == kind) {
            return Err(AppError::field(
                "kinds",
                FieldProblem::BadFormat { max: None },
            ));
        }
        kinds.push((kind, delivery));
    }
    repo::save_preferences(
        &state.db.pool,
        scope.user_id,
        input.scope,
        &kinds,
        &input.language,
    )
    .await?;
    preferences(state, scope).await
}
