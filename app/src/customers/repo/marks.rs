//! SQL of the row marks (`customer_row_marks`) and of the worker's own marks (`worker_marks`).
//! When to mark and how marks are drained is `customers::marks`' business; the marks written by
//! a change are written here, inside the change's transaction.

use domain::CustomerKey;
use domain::{EngagementId, PartnerId};
use sqlx::{AnyConnection, AnyPool};

/// The mark's engagement for "every engagement of the partner".
pub const EVERY_ENGAGEMENT: i64 = 0;

/// Marks one engagement's row, or with `None` every engagement's row of the customer (stored as
/// [`EVERY_ENGAGEMENT`]).
#[tracing::instrument(skip_all, fields(partner = %partner_id, engagement = ?engagement_id, key = %key), err(level = "warn"))]
pub async fn mark(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    engagement_id: Option<EngagementId>,
    key: &CustomerKey,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_row_marks (partner_id, engagement_id, customer_key, marked_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (partner_id, engagement_id, customer_key) DO UPDATE SET marked_at = excluded.marked_at",
    )
    .bind(partner_id.get())
    .bind(engagement_id.map_or(EVERY_ENGAGEMENT, EngagementId::get))
    .bind(key.code())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What a change of one claim makes stale: its own row; when the customer's count of open
/// claims on the engagement changed (`count_changed`), every other partner's row of the customer
/// there (the limit is across partners); when the customer just consented, the customer's row on
/// every engagement of the partner (it is now known everywhere). Marks only: nothing is
/// recomputed here, so a customer's Accept costs a few inserts, whatever the engagements.
#[tracing::instrument(skip_all, fields(partner = %partner_id, engagement = %engagement_id, key = %key), err(level = "warn"))]
pub async fn mark_claim_change(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    engagement_id: EngagementId,
    key: &CustomerKey,
    count_changed: bool,
    consented: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    // Lock order, partner-wide mark first: a drainer expanding that mark takes it, then the
    // per-engagement ones.
    if consented {
        mark(conn, partner_id, None, key, now).await?;
    }
    mark(conn, partner_id, Some(engagement_id), key, now).await?;
    if count_changed {
        // The partners who know the customer, by the same facts a row is computed from.
        let others: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT partner_id FROM claims WHERE customer_key = $1 AND partner_id <> $2
             AND (consent_at IS NOT NULL OR (engagement_id = $3 AND is_open = 1))",
        )
        .bind(key.code())
        .bind(partner_id.get())
        .bind(engagement_id.get())
        .fetch_all(&mut *conn)
        .await?;
        for other in others {
            mark(conn, PartnerId::new(other), Some(engagement_id), key, now).await?;
        }
    }
    Ok(())
}

/// Marks every customer every partner knows (after a directory import, or to repair).
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn mark_everything(conn: &mut AnyConnection, now: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO customer_row_marks (partner_id, engagement_id, customer_key, marked_at)
         SELECT DISTINCT partner_id, 0, customer_key, $1 FROM claims WHERE consent_at IS NOT NULL OR is_open = 1
         ON CONFLICT (partner_id, engagement_id, customer_key) DO UPDATE SET marked_at = excluded.marked_at",
    )
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// Marks every row of one engagement (its open period started or ended).
#[tracing::instrument(skip_all, fields(engagement = %engagement_id), err(level = "warn"))]
pub async fn mark_engagement(
    conn: &mut AnyConnection,
    engagement_id: EngagementId,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO customer_row_marks (partner_id, engagement_id, customer_key, marked_at)
         SELECT partner_id, engagement_id, customer_key, $2 FROM customer_rows WHERE engagement_id = $1
         ON CONFLICT (partner_id, engagement_id, customer_key) DO UPDATE SET marked_at = excluded.marked_at",
    )
    .bind(engagement_id.get())
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

/// A mark as stored: its key is kept as text, so that a mark with a key this version cannot
/// read can still be cleared.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Mark {
    pub partner_id: i64,
    pub engagement_id: i64,
    pub customer_key: String,
}

/// The oldest marks: all of them (`only` = `None`), or those of one partner's engagement,
/// partner-wide marks (which cover it too) first.
#[tracing::instrument(skip_all, fields(only = ?only), err(level = "warn"))]
pub async fn oldest(
    pool: &AnyPool,
    only: Option<(i64, i64)>,
    limit: i64,
) -> Result<Vec<Mark>, sqlx::Error> {
    match only {
        None => {
            sqlx::query_as(
                "SELECT partner_id, engagement_id, customer_key FROM customer_row_marks
                 ORDER BY marked_at, partner_id, engagement_id, customer_key LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await
        }
        Some((partner_id, engagement_id)) => {
            sqlx::query_as(
                "SELECT partner_id, engagement_id, customer_key FROM customer_row_marks
                 WHERE partner_id = $1 AND engagement_id IN (0, $2)
                 ORDER BY engagement_id, marked_at, customer_key LIMIT $3",
            )
            .bind(partner_id)
            .bind(engagement_id)
            .bind(limit)
            .fetch_all(pool)
            .await
        }
    }
}

/// Takes the mark's lock: a write as the transaction's first statement, which takes the mark's
/// row lock (PostgreSQL) or the write lock (SQLite) before any input is read. `false` when the
/// mark is gone (another drainer cleared it).
#[tracing::instrument(skip_all, fields(partner = %m.partner_id, engagement = %m.engagement_id, key = %m.customer_key), err(level = "warn"))]
pub async fn lock(conn: &mut AnyConnection, m: &Mark) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE customer_row_marks SET marked_at = marked_at
         WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3",
    )
    .bind(m.partner_id)
    .bind(m.engagement_id)
    .bind(&m.customer_key)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

#[tracing::instrument(skip_all, fields(partner = %m.partner_id, engagement = %m.engagement_id, key = %m.customer_key), err(level = "warn"))]
pub async fn clear(conn: &mut AnyConnection, m: &Mark) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM customer_row_marks WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3",
    )
    .bind(m.partner_id)
    .bind(m.engagement_id)
    .bind(&m.customer_key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Locks the worker's mark `name` (a write first: SQLite's write lock, PostgreSQL's row lock, so
/// that two instances' passes run one after the other) and returns when it was last set.
#[tracing::instrument(skip_all, fields(name = %name), err(level = "warn"))]
pub async fn lock_worker_mark(
    conn: &mut AnyConnection,
    name: &str,
) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("UPDATE worker_marks SET at = at WHERE name = $1 RETURNING at")
        .bind(name)
        .fetch_optional(&mut *conn)
        .await
}

#[tracing::instrument(skip_all, fields(name = %name), err(level = "warn"))]
pub async fn set_worker_mark(
    conn: &mut AnyConnection,
    name: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO worker_marks (name, at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET at = excluded.at",
    )
    .bind(name)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Engagements whose open period started or ended in `(after, until]`.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn engagements_opened_or_closed(
    conn: &mut AnyConnection,
    after: i64,
    until: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM engagements WHERE (open_from > $1 AND open_from <= $2) OR (open_until > $1 AND open_until <= $2)",
    )
    .bind(after)
    .bind(until)
    .fetch_all(&mut *conn)
    .await
}
