//! SQL of notifications: who hears of a claim, the idempotent inserts of notifications,
//! reminders and digests, the queued e-mails, the bell's list and each user's preferences.
//! Over 400 lines because these statements share one schema (migration 0013) and one rule,
//! that whoever inserts first tells: kept together, the idempotency is read in one place.

use super::model::{Delivery, NoticeScope, NotificationItem, NotificationKind};
use crate::auth::guard::LocationScope;
use crate::consent::mail::Rendered;
use crate::db::row;
use crate::error::AppError;
use domain::{ClaimStatus, PartnerId, UserId};
use sqlx::{Any, AnyPool, Row, Transaction};

/// What a notification about one claim needs to know of it.
#[derive(Debug, Clone)]
pub struct ClaimNotice {
    pub claim_id: i64,
    pub claim_ref: String,
    pub partner_id: i64,
    pub location_id: String,
    pub status: ClaimStatus,
    pub partner_contact_email: String,
    pub partner_contact_name: String,
    pub customer: String,
    pub engagement_name: String,
    /// The language of the user who made the claim: the one a partner contact who is not a
    /// user of the app reads.
    pub creator_language: String,
}

/// The claim as a notification describes it.
pub async fn claim_notice(
    tx: &mut Transaction<'static, Any>,
    claim_id: i64,
) -> Result<Option<ClaimNotice>, AppError> {
    let row = sqlx::query(
        "SELECT c.claim_ref, c.partner_id, c.location_id, c.status, c.partner_contact_email,
            c.partner_contact_name, COALESCE(c.customer_name, c.friendly_name) AS customer,
            e.name AS engagement_name, COALESCE(u.language, 'en') AS creator_language
         FROM claims c JOIN engagements e ON e.id = c.engagement_id
            LEFT JOIN users u ON u.id = c.created_by
         WHERE c.id = $1",
    )
    .bind(claim_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let status: String = row.try_get("status")?;
    Ok(Some(ClaimNotice {
        claim_id,
        claim_ref: row.try_get("claim_ref")?,
        partner_id: row.try_get("partner_id")?,
        location_id: row.try_get("location_id")?,
        status: row::parse("claims", "status", &status, ClaimStatus::from_code)?,
        partner_contact_email: row.try_get("partner_contact_email")?,
        partner_contact_name: row.try_get("partner_contact_name")?,
        customer: row.try_get("customer")?,
        engagement_name: row.try_get("engagement_name")?,
        creator_language: row.try_get("creator_language")?,
    }))
}

/// A user who may hear of a claim, with how they want to hear of one kind.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub language: String,
    pub delivery: Delivery,
    pub scope: NoticeScope,
}

/// The partner's users who may act for the claim's location (an administrator for every one,
/// an Incentives user for those granted), with their preference for `kind`.
pub async fn candidates(
    tx: &mut Transaction<'static, Any>,
    claim: &ClaimNotice,
    kind: NotificationKind,
) -> Result<Vec<Candidate>, AppError> {
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.display_name, u.language,
            COALESCE(p.delivery, 'email') AS delivery, COALESCE(s.scope, 'my_claims') AS scope
         FROM users u
            LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = $3
            LEFT JOIN notification_scopes s ON s.user_id = u.id
         WHERE u.partner_id = $1
            AND (u.role = 'incentives_admin'
                 OR (u.role = 'incentives_user' AND EXISTS (
                     SELECT 1 FROM user_locations ul WHERE ul.user_id = u.id AND ul.location_id = $2)))
         ORDER BY u.id",
    )
    .bind(claim.partner_id)
    .bind(&claim.location_id)
    .bind(kind.code())
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|r| {
            let delivery: String = r.try_get("delivery")?;
            let scope: String = r.try_get("scope")?;
            Ok(Candidate {
                user_id: r.try_get("id")?,
                email: r.try_get("email")?,
                name: r.try_get("display_name")?,
                language: r.try_get("language")?,
                delivery: row::parse(
                    "notification_preferences",
                    "delivery",
                    &delivery,
                    Delivery::from_code,
                )?,
                scope: row::parse(
                    "notification_scopes",
                    "scope",
                    &scope,
                    NoticeScope::from_code,
                )?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// One notification to write.
#[derive(Debug, Clone, Copy)]
pub struct NewNotification<'a> {
    pub user_id: i64,
    pub claim_id: i64,
    pub kind: NotificationKind,
    pub event_key: &'a str,
    pub deadline_at: Option<i64>,
    pub threshold: Option<i64>,
    pub delivery: Delivery,
    pub now: i64,
}

/// Writes a notification unless this user already has it for this event: its id when written.
pub async fn insert_notification(
    tx: &mut Transaction<'static, Any>,
    n: NewNotification<'_>,
) -> Result<Option<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO notifications (user_id, claim_id, kind, event_key, deadline_at, threshold, delivery, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (user_id, claim_id, kind, event_key) DO NOTHING
         RETURNING id",
    )
    .bind(n.user_id)
    .bind(n.claim_id)
    .bind(n.kind.code())
    .bind(n.event_key)
    .bind(n.deadline_at)
    .bind(n.threshold)
    .bind(n.delivery.code())
    .bind(n.now)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Queues a rendered e-mail (a notification or a digest) in the outbox.
pub async fn queue_mail(
    tx: &mut Transaction<'static, Any>,
    kind: &str,
    to_address: &str,
    to_name: &str,
    message: &Rendered,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO outbox (kind, to_address, to_name, subject, body_text, body_html, status, attempts,
            next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)",
    )
    .bind(kind)
    .bind(to_address)
    .bind(to_name)
    .bind(&message.subject)
    .bind(&message.text)
    .bind(&message.html)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A rendered e-mail of the outbox (a notification or a digest), or `None` for a consent
/// request (rendered at delivery, with its link's token).
pub async fn stored_mail(
    pool: &AnyPool,
    outbox_id: i64,
) -> Result<Option<(String, String, Rendered, i64)>, AppError> {
    let row = sqlx::query(
        "SELECT to_address, COALESCE(to_name, '') AS to_name, subject, body_text, body_html, attempts
         FROM outbox WHERE id = $1 AND kind IN ('notification', 'digest')",
    )
    .bind(outbox_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let text = |column: &str| -> Result<String, sqlx::Error> {
        Ok(row
            .try_get::<Option<String>, _>(column)?
            .unwrap_or_default())
    };
    Ok(Some((
        row.try_get("to_address")?,
        row.try_get("to_name")?,
        Rendered {
            subject: text("subject")?,
            text: text("body_text")?,
            html: text("body_html")?,
        },
        row.try_get("attempts")?,
    )))
}

/// Records a reminder of the claim's current deadline at `threshold` days, if the claim still
/// is in one of `statuses` with that deadline and nobody recorded it before: true when this
/// call recorded it (and so must send it, in the same transaction).
pub async fn claim_reminder(
    tx: &mut Transaction<'static, Any>,
    claim_id: i64,
    deadline_at: i64,
    threshold: i64,
    statuses: &[ClaimStatus],
    now: i64,
) -> Result<bool, AppError> {
    let codes: Vec<String> = statuses.iter().map(|s| format!("'{}'", s.code())).collect();
    let inserted = sqlx::query(&format!(
        "INSERT INTO deadline_reminders (claim_id, deadline_at, threshold, sent_at)
         SELECT c.id, c.deadline_at, $3, $4 FROM claims c
         WHERE c.id = $1 AND c.is_open = 1 AND c.deadline_at = $2 AND c.status IN ({})
         ON CONFLICT (claim_id, deadline_at, threshold) DO NOTHING",
        codes.join(", ")
    ))
    .bind(claim_id)
    .bind(deadline_at)
    .bind(threshold)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Open claims in `statuses` whose deadline is within `threshold` days and has no reminder at
/// that threshold yet, soonest first: `(claim id, deadline)`.
pub async fn due_reminders(
    pool: &AnyPool,
    statuses: &[ClaimStatus],
    threshold: i64,
    now: i64,
    limit: i64,
) -> Result<Vec<(i64, i64)>, AppError> {
    let codes: Vec<String> = statuses.iter().map(|s| format!("'{}'", s.code())).collect();
    let rows = sqlx::query(&format!(
        "SELECT c.id, c.deadline_at FROM claims c
         WHERE c.is_open = 1 AND c.deadline_at > $1 AND c.deadline_at <= $2 AND c.status IN ({})
            AND NOT EXISTS (SELECT 1 FROM deadline_reminders r
                            WHERE r.claim_id = c.id AND r.deadline_at = c.deadline_at AND r.threshold = $3)
         ORDER BY c.deadline_at, c.id LIMIT $4",
        codes.join(", ")
    ))
    .bind(now)
    .bind(now + threshold * domain::time::SECONDS_PER_DAY)
    .bind(threshold)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("deadline_at")?)))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Users with digest notifications not yet carried by a digest, written up to `before`, who
/// have had no digest on `day` yet.
pub async fn digest_users(
    pool: &AnyPool,
    before: i64,
    day: i64,
    limit: i64,
) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT n.user_id FROM notifications n
         WHERE n.delivery = 'digest' AND n.digested_at IS NULL AND n.created_at <= $1
            AND NOT EXISTS (SELECT 1 FROM notification_digests d WHERE d.user_id = n.user_id AND d.day = $2)
         ORDER BY n.user_id LIMIT $3",
    )
    .bind(before)
    .bind(day)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

/// Records the day's digest of a user: true when this call recorded it (and so sends it).
pub async fn claim_digest(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    day: i64,
    now: i64,
) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO notification_digests (user_id, day, queued_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, day) DO NOTHING",
    )
    .bind(user_id)
    .bind(day)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// The user a digest goes to: address, name, language.
pub async fn digest_recipient(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
) -> Result<Option<(String, String, String)>, AppError> {
    let row = sqlx::query("SELECT email, display_name, language FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| {
        Ok((
            r.try_get("email")?,
            r.try_get("display_name")?,
            r.try_get("language")?,
        ))
    })
    .transpose()
    .map_err(|e: sqlx::Error| AppError::from(e))
}

const ITEM_COLUMNS: &str =
    "n.id, n.kind, c.claim_ref, COALESCE(c.customer_name, c.friendly_name) AS customer,
    e.name AS engagement_name, n.deadline_at, n.threshold, n.created_at, n.read_at";

fn item(r: &sqlx::any::AnyRow) -> Result<NotificationItem, sqlx::Error> {
    let kind: String = r.try_get("kind")?;
    Ok(NotificationItem {
        id: r.try_get("id")?,
        kind: row::parse("notifications", "kind", &kind, NotificationKind::from_code)?,
        claim_ref: r.try_get("claim_ref")?,
        customer: r.try_get("customer")?,
        engagement_name: r.try_get("engagement_name")?,
        deadline_at: r.try_get("deadline_at")?,
        threshold: r.try_get("threshold")?,
        created_at: r.try_get("created_at")?,
        read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
    })
}

/// A user's digest notifications not yet carried by a digest, and marks them carried.
pub async fn take_digest_items(
    tx: &mut Transaction<'static, Any>,
    user_id: i64,
    before: i64,
    now: i64,
) -> Result<Vec<NotificationItem>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM notifications n
            JOIN claims c ON c.id = n.claim_id JOIN engagements e ON e.id = c.engagement_id
         WHERE n.user_id = $1 AND n.delivery = 'digest' AND n.digested_at IS NULL AND n.created_at <= $2
         ORDER BY n.id"
    ))
    .bind(user_id)
    .bind(before)
    .fetch_all(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE notifications SET digested_at = $3
         WHERE user_id = $1 AND delivery = 'digest' AND digested_at IS NULL AND created_at <= $2",
    )
    .bind(user_id)
    .bind(before)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    rows.iter()
        .map(item)
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// The condition that keeps a user's notifications to the claims it may still see: a location
/// revoked since takes its notifications with it.
fn visible(scope: &LocationScope) -> &'static str {
    match scope {
        LocationScope::All => "",
        LocationScope::Only(_) => {
            " AND EXISTS (SELECT 1 FROM user_locations ul WHERE ul.user_id = n.user_id AND ul.location_id = c.location_id)"
        }
    }
}

/// The user's newest notifications, among the claims it may see.
pub async fn list(
    pool: &AnyPool,
    user: UserId,
    partner: PartnerId,
    scope: &LocationScope,
    limit: i64,
) -> Result<Vec<NotificationItem>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {ITEM_COLUMNS} FROM notifications n
            JOIN claims c ON c.id = n.claim_id JOIN engagements e ON e.id = c.engagement_id
         WHERE n.user_id = $1 AND c.partner_id = $2{}
         ORDER BY n.id DESC LIMIT $3",
        visible(scope)
    ))
    .bind(user.get())
    .bind(partner.get())
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(item)
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// How many of the user's notifications are unread, among the claims it may see.
pub async fn unread(
    pool: &AnyPool,
    user: UserId,
    partner: PartnerId,
    scope: &LocationScope,
) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM notifications n JOIN claims c ON c.id = n.claim_id
         WHERE n.user_id = $1 AND n.read_at IS NULL AND c.partner_id = $2{}",
        visible(scope)
    ))
    .bind(user.get())
    .bind(partner.get())
    .fetch_one(pool)
    .await?)
}

/// Marks the user's notifications read: the given ones, or every one when `ids` is empty.
pub async fn mark_read(
    pool: &AnyPool,
    user: UserId,
    ids: &[i64],
    now: i64,
) -> Result<u64, AppError> {
    let done = if ids.is_empty() {
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user.get())
            .bind(now)
            .execute(pool)
            .await?
    } else {
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        sqlx::query(&format!(
            "UPDATE notifications SET read_at = $2
             WHERE user_id = $1 AND read_at IS NULL AND id IN ({})",
            list.join(", ")
        ))
        .bind(user.get())
        .bind(now)
        .execute(pool)
        .await?
    };
    Ok(done.rows_affected())
}

/// The user's preferences as stored: scope, per-kind deliveries, language.
pub async fn preferences(
    pool: &AnyPool,
    user: UserId,
) -> Result<(NoticeScope, Vec<(NotificationKind, Delivery)>, String), AppError> {
    let scope: Option<String> =
        sqlx::query_scalar("SELECT scope FROM notification_scopes WHERE user_id = $1")
            .bind(user.get())
            .fetch_optional(pool)
            .await?;
    let scope = match scope {
        Some(s) => row::parse("notification_scopes", "scope", &s, NoticeScope::from_code)?,
        None => NoticeScope::default(),
    };
    let rows =
        sqlx::query("SELECT kind, delivery FROM notification_preferences WHERE user_id = $1")
            .bind(user.get())
            .fetch_all(pool)
            .await?;
    let mut stored = Vec::new();
    for r in &rows {
        let kind: String = r.try_get("kind")?;
        let delivery: String = r.try_get("delivery")?;
        // A kind this version does not know (written by a later one) is left alone.
        if let Some(kind) = NotificationKind::from_code(&kind) {
            stored.push((
                kind,
                row::parse(
                    "notification_preferences",
                    "delivery",
                    &delivery,
                    Delivery::from_code,
                )?,
            ));
        }
    }
    let language: String = sqlx::query_scalar("SELECT language FROM users WHERE id = $1")
        .bind(user.get())
        .fetch_one(pool)
        .await?;
    Ok((scope, stored, language))
}

/// Replaces the user's preferences, in one transaction.
pub async fn save_preferences(
    pool: &AnyPool,
    user: UserId,
    scope: NoticeScope,
    kinds: &[(NotificationKind, Delivery)],
    language: &str,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE users SET language = $2 WHERE id = $1")
        .bind(user.get())
        .bind(language)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM notification_scopes WHERE user_id = $1")
        .bind(user.get())
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO notification_scopes (user_id, scope) VALUES ($1, $2)")
        .bind(user.get())
        .bind(scope.code())
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM notification_preferences WHERE user_id = $1")
        .bind(user.get())
        .execute(&mut *tx)
        .await?;
    for (kind, delivery) in kinds {
        sqlx::query(
            "INSERT INTO notification_preferences (user_id, kind, delivery) VALUES ($1, $2, $3)",
        )
        .bind(user.get())
        .bind(kind.code())
        .bind(delivery.code())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The language a user reads its e-mails in, set from the page's language at sign-in.
pub async fn set_language(pool: &AnyPool, user: UserId, language: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET language = $2 WHERE id = $1 AND language <> $2")
        .bind(user.get())
        .bind(language)
        .execute(pool)
        .await?;
    Ok(())
}
