//! When the Customers page's rows are recomputed.
//!
//! **Marks, not refreshes.** A change that can make rows stale writes a *mark* for them
//! (`customer_row_marks`) in its own transaction: creating a claim or moving it
//! (`claims::repo`), a directory import, an engagement opening or closing (the worker). No caller
//! refreshes anything after its commit, so a row cannot be left stale by a failure in between,
//! and a new feature that changes a claim through `claims::repo` cannot forget it.
//!
//! **Draining.** [`drain`] recomputes marked rows (`customers::refresh`), one mark per
//! transaction whose first statement locks the mark. Two drainers of one mark (two instances, or
//! the worker and a page read) serialise on that lock; a change committed after a drainer read
//! its inputs writes the mark again (its upsert waits for the lock, then inserts anew), so the row
//! is recomputed once more instead of keeping a stale verdict. Every instance's worker drains all
//! marks; a read of the Customers page first drains its own engagement's, so the partner sees the
//! result of its own action at once.

use super::refresh::{compute_row, partner_engagements_in, write_row};
use domain::{CustomerKey, Timestamp};
use sqlx::{AnyConnection, AnyPool, Row};

/// The mark's engagement for "every engagement of the partner".
const EVERY_ENGAGEMENT: i64 = 0;

// ---------------------------------------------------------------------------------------------
// Marks: written inside the caller's transaction.

const UPSERT_MARK: &str = "INSERT INTO customer_row_marks (partner_id, engagement_id, customer_key, marked_at)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (partner_id, engagement_id, customer_key) DO UPDATE SET marked_at = excluded.marked_at";

/// Marks one row, or with `engagement_id` 0 every engagement's row of the customer.
pub async fn mark(
    conn: &mut AnyConnection,
    partner_id: i64,
    engagement_id: i64,
    key: &CustomerKey,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(UPSERT_MARK)
        .bind(partner_id)
        .bind(engagement_id)
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
pub async fn mark_claim_change(
    conn: &mut AnyConnection,
    partner_id: i64,
    engagement_id: i64,
    key: &CustomerKey,
    count_changed: bool,
    consented: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    // Lock order, partner-wide mark first: a drainer expanding that mark takes it, then the
    // per-engagement ones.
    if consented {
        mark(conn, partner_id, EVERY_ENGAGEMENT, key, now).await?;
    }
    mark(conn, partner_id, engagement_id, key, now).await?;
    if count_changed {
        // The partners who know the customer, by the same facts a row is computed from.
        let others: Vec<i64> = sqlx::query(
            "SELECT DISTINCT partner_id FROM claims WHERE customer_key = $1 AND partner_id <> $2
             AND (consent_at IS NOT NULL OR (engagement_id = $3 AND is_open = 1))",
        )
        .bind(key.code())
        .bind(partner_id)
        .bind(engagement_id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get("partner_id"))
        .collect::<Result<_, _>>()?;
        for other in others {
            mark(conn, other, engagement_id, key, now).await?;
        }
    }
    Ok(())
}

/// Marks every customer every partner knows (after a directory import, or to repair).
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
pub async fn mark_engagement(
    conn: &mut AnyConnection,
    engagement_id: i64,
    now: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO customer_row_marks (partner_id, engagement_id, customer_key, marked_at)
         SELECT partner_id, engagement_id, customer_key, $2 FROM customer_rows WHERE engagement_id = $1
         ON CONFLICT (partner_id, engagement_id, customer_key) DO UPDATE SET marked_at = excluded.marked_at",
    )
    .bind(engagement_id)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected())
}

// ---------------------------------------------------------------------------------------------
// Draining.

/// Recomputes marked rows, oldest marks first: all of them (`only` = `None`, the worker), or
/// those of one partner's engagement (a page read). Returns how many marks it cleared. At most
/// `limit` marks a call; the worker calls again while there are more.
#[tracing::instrument(skip(pool))]
pub async fn drain(
    pool: &AnyPool,
    now: Timestamp,
    only: Option<(i64, i64)>,
    limit: i64,
) -> Result<usize, sqlx::Error> {
    let marks = match only {
        None => {
            sqlx::query(
                "SELECT partner_id, engagement_id, customer_key FROM customer_row_marks
                 ORDER BY marked_at, partner_id, engagement_id, customer_key LIMIT $1",
            )
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
        Some((partner_id, engagement_id)) => {
            // A partner-wide mark covers this engagement too.
            sqlx::query(
                "SELECT partner_id, engagement_id, customer_key FROM customer_row_marks
                 WHERE partner_id = $1 AND engagement_id IN (0, $2)
                 ORDER BY engagement_id, marked_at, customer_key LIMIT $3",
            )
            .bind(partner_id)
            .bind(engagement_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        }
    };
    let mut cleared = 0;
    for m in marks {
        let (partner_id, engagement_id, key): (i64, i64, String) = (
            m.try_get("partner_id")?,
            m.try_get("engagement_id")?,
            m.try_get("customer_key")?,
        );
        if drain_one(pool, now, partner_id, engagement_id, &key).await? {
            cleared += 1;
        }
        if engagement_id == EVERY_ENGAGEMENT {
            if let Some((_, wanted)) = only {
                // The expansion just marked this engagement's row: clear it now as well.
                if drain_one(pool, now, partner_id, wanted, &key).await? {
                    cleared += 1;
                }
            }
        }
    }
    Ok(cleared)
}

/// One mark, in one transaction: lock it, then either expand a partner-wide mark into one
/// mark per engagement, or recompute the row and clear the mark. `false` when another drainer
/// cleared it first.
async fn drain_one(
    pool: &AnyPool,
    now: Timestamp,
    partner_id: i64,
    engagement_id: i64,
    key: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // First statement, a write: takes the mark's row lock (PostgreSQL) or the write lock
    // (SQLite) before any input is read.
    let locked = sqlx::query(
        "UPDATE customer_row_marks SET marked_at = marked_at
         WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3",
    )
    .bind(partner_id)
    .bind(engagement_id)
    .bind(key)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !locked {
        tx.rollback().await?;
        return Ok(false);
    }
    let parsed = CustomerKey::from_code(key);
    if engagement_id == EVERY_ENGAGEMENT {
        if let Some(parsed) = &parsed {
            for engagement in partner_engagements_in(&mut tx, partner_id).await? {
                mark(&mut tx, partner_id, engagement, parsed, now.unix_seconds()).await?;
            }
        }
    } else if let Some(parsed) = &parsed {
        let value = match crate::engagements::repo::load_engagement_in(&mut tx, engagement_id)
            .await?
        {
            Some(engagement) => compute_row(&mut tx, now, partner_id, &engagement, parsed).await?,
            None => None,
        };
        write_row(
            &mut tx,
            partner_id,
            engagement_id,
            parsed,
            value.as_ref(),
            now,
        )
        .await?;
    } else {
        tracing::error!(key, "a mark with an unreadable customer key was dropped");
    }
    sqlx::query(
        "DELETE FROM customer_row_marks WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3",
    )
    .bind(partner_id)
    .bind(engagement_id)
    .bind(key)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// The worker's part: engagements whose open period started or ended since the last pass get
/// their rows marked ("engagement not open" is a reason that time alone changes), in the same
/// transaction as the pass's own mark.
pub async fn apply_open_periods(pool: &AnyPool, now: Timestamp) -> Result<u64, sqlx::Error> {
    let now_s = now.unix_seconds();
    let mut tx = pool.begin().await?;
    // The write first (SQLite's write lock; PostgreSQL's row lock): two instances' passes run one
    // after the other, the second one seeing the first's mark.
    let last: Option<i64> =
        sqlx::query("UPDATE worker_marks SET at = at WHERE name = 'open_periods' RETURNING at")
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("at"))
            .transpose()?;
    let mut n = 0;
    if let Some(last) = last {
        let changed: Vec<i64> = sqlx::query(
            "SELECT id FROM engagements WHERE (open_from > $1 AND open_from <= $2) OR (open_until > $1 AND open_until <= $2)",
        )
        .bind(last)
        .bind(now_s)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .filter_map(|r| r.try_get("id").ok())
        .collect();
        for engagement in changed {
            n += mark_engagement(&mut tx, engagement, now_s).await?;
        }
    }
    sqlx::query(
        "INSERT INTO worker_marks (name, at) VALUES ('open_periods', $1) ON CONFLICT (name) DO UPDATE SET at = excluded.at",
    )
    .bind(now_s)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(n)
}
