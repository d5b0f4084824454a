//! When the Customers page's rows are recomputed.
//!
//! **Marks, not refreshes.** A change that can make rows stale writes a *mark* for them
//! (`customer_row_marks`, through `customers::repo::marks`) in its own transaction: creating a
//! claim or moving it (`claims::repo`), a directory import, an engagement opening or closing (the
//! worker). No caller
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

use super::refresh::{compute_row, write_row};
use super::repo::marks::{self as repo, Mark, EVERY_ENGAGEMENT};
use super::repo::rows::partner_engagements_in;
use domain::{CustomerKey, Timestamp};
use domain::{EngagementId, PartnerId};
use sqlx::AnyPool;

/// Recomputes marked rows, oldest marks first: all of them (`only` = `None`, the worker), or
/// those of one partner's engagement (a page read). Returns how many marks it cleared. At most
/// `limit` marks a call; the worker calls again while there are more.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn drain(
    pool: &AnyPool,
    now: Timestamp,
    only: Option<(i64, i64)>,
    limit: i64,
) -> Result<usize, sqlx::Error> {
    let mut cleared = 0;
    for m in repo::oldest(pool, only, limit).await? {
        if drain_one(pool, now, &m).await? {
            cleared += 1;
        }
        if m.engagement_id == EVERY_ENGAGEMENT {
            if let Some((_, wanted)) = only {
                // The expansion just marked this engagement's row: clear it now as well.
                let expanded = Mark {
                    engagement_id: wanted,
                    ..m
                };
                if drain_one(pool, now, &expanded).await? {
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
#[tracing::instrument(skip_all, fields(partner = %m.partner_id, engagement = %m.engagement_id, key = %m.customer_key), err(level = "warn"))]
async fn drain_one(pool: &AnyPool, now: Timestamp, m: &Mark) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // First statement, a write: the mark's lock before any input is read.
    if !repo::lock(&mut tx, m).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    match CustomerKey::from_code(&m.customer_key) {
        Some(key) if m.engagement_id == EVERY_ENGAGEMENT => {
            let partner = PartnerId::new(m.partner_id);
            for engagement in partner_engagements_in(&mut tx, partner).await? {
                repo::mark(&mut tx, partner, Some(engagement), &key, now.unix_seconds()).await?;
            }
        }
        Some(key) => {
            let value = match crate::engagements::repo::load_engagement_in(
                &mut tx,
                EngagementId::new(m.engagement_id),
            )
            .await?
            {
                Some(engagement) => {
                    compute_row(
                        &mut tx,
                        now,
                        PartnerId::new(m.partner_id),
                        &engagement,
                        &key,
                    )
                    .await?
                }
                None => None,
            };
            write_row(
                &mut tx,
                PartnerId::new(m.partner_id),
                EngagementId::new(m.engagement_id),
                &key,
                value.as_ref(),
                now,
            )
            .await?;
        }
        None => {
            tracing::error!(
                key = m.customer_key,
                "a mark with an unreadable customer key was dropped"
            );
        }
    }
    repo::clear(&mut tx, m).await?;
    tx.commit().await?;
    Ok(true)
}

/// The worker's part: engagements whose open period started or ended since the last pass get
/// their rows marked ("engagement not open" is a reason that time alone changes), in the same
/// transaction as the pass's own mark.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn apply_open_periods(pool: &AnyPool, now: Timestamp) -> Result<u64, sqlx::Error> {
    const NAME: &str = "open_periods";
    let now_s = now.unix_seconds();
    let mut tx = pool.begin().await?;
    // The lock first: two instances' passes run one after the other, the second one seeing the
    // first's mark.
    let mut n = 0;
    if let Some(last) = repo::lock_worker_mark(&mut tx, NAME).await? {
        for engagement in repo::engagements_opened_or_closed(&mut tx, last, now_s).await? {
            n += repo::mark_engagement(&mut tx, EngagementId::new(engagement), now_s).await?;
        }
    }
    repo::set_worker_mark(&mut tx, NAME, now_s).await?;
    tx.commit().await?;
    Ok(n)
}
