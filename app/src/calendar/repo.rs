//! SQL of the calendar feed: one address per user (its token's hash), and the open claims with
//! a deadline that the user may act on.

use crate::auth::guard::PartnerScope;
use crate::claims::repo::{ClaimState, ClaimStateRow, STATE_COLUMNS_OF_C};
use crate::db::row;
use crate::db::sql::Sql;
use domain::{ClaimRef, UserId};
use sqlx::AnyPool;

/// The most events a feed carries (nearest deadlines first).
pub const FEED_LIMIT: i64 = 2_000;

/// Makes `token_hash` the user's address, replacing any earlier one (which stops answering).
#[tracing::instrument(skip(pool, token_hash), err(level = "warn"))]
pub async fn replace(
    pool: &AnyPool,
    user_id: UserId,
    token_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO calendar_feeds (user_id, token_hash, created_at, last_read_at)
         VALUES ($1, $2, $3, NULL)
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash,
             created_at = excluded.created_at, last_read_at = NULL",
    )
    .bind(user_id.get())
    .bind(token_hash)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Revokes the user's address; whether there was one.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn revoke(pool: &AnyPool, user_id: UserId) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id.get())
        .execute(pool)
        .await?
        .rows_affected()
        > 0)
}

/// (created_at, last_read_at) of the user's address, if it has one.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn status(
    pool: &AnyPool,
    user_id: UserId,
) -> Result<Option<(i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as("SELECT created_at, last_read_at FROM calendar_feeds WHERE user_id = $1")
        .bind(user_id.get())
        .fetch_optional(pool)
        .await
}

/// The user whose address has this token hash, noting the read.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn read_by(
    pool: &AnyPool,
    token_hash: &str,
    now: i64,
) -> Result<Option<(UserId, String)>, sqlx::Error> {
    let Some(user_id): Option<i64> = sqlx::query_scalar(
        "UPDATE calendar_feeds SET last_read_at = $1 WHERE token_hash = $2 RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let language: String = sqlx::query_scalar("SELECT language FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(pool)
        .await?;
    Ok(Some((UserId::new(user_id), language)))
}

/// An open claim with a deadline, as a feed event tells it.
#[derive(sqlx::FromRow)]
struct FeedClaimRow {
    #[sqlx(flatten)]
    state: ClaimStateRow,
    claim_ref: String,
    customer_name: Option<String>,
    friendly_name: String,
    engagement_name: String,
}

pub struct FeedClaim {
    pub claim: ClaimState,
    pub claim_ref: ClaimRef,
    pub customer_name: String,
    pub friendly_name: String,
    pub engagement_name: String,
}

/// The open claims of the user's partner and locations whose deadline is after `since`, nearest
/// first: the deadlines the clock acts on (`claims.deadline_at`), which are every deadline the
/// partner must act by (consent, submission, the answer to the programme, a dispute); the
/// programme's own review deadline of a submitted claim is not the partner's to keep.
#[tracing::instrument(skip_all, fields(partner = %scope.partner_id), err(level = "warn"))]
pub async fn claims(
    pool: &AnyPool,
    scope: &PartnerScope,
    since: i64,
) -> Result<Vec<FeedClaim>, sqlx::Error> {
    let mut sql = Sql::new("SELECT ");
    sql.push(STATE_COLUMNS_OF_C).push(
        ", c.claim_ref, c.customer_name, c.friendly_name, e.name AS engagement_name
         FROM claims c JOIN engagements e ON e.id = c.engagement_id
         WHERE c.partner_id = ",
    );
    sql.bind(scope.partner_id);
    sql.push(" AND c.is_open = 1 AND c.deadline_at > ")
        .bind(since);
    sql.within_locations("c.location_id", &scope.locations, false);
    sql.push(" ORDER BY c.deadline_at, c.id LIMIT ")
        .bind(FEED_LIMIT);
    sql.query_as::<FeedClaimRow>()
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| {
            Ok(FeedClaim {
                claim: ClaimState::try_from(r.state)?,
                claim_ref: row::claim_ref("claims", &r.claim_ref)?,
                customer_name: r.customer_name.unwrap_or_default(),
                friendly_name: r.friendly_name,
                engagement_name: r.engagement_name,
            })
        })
        .collect()
}
