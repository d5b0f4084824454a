//! Keeps `customer_rows` equal to what the eligibility rule says now, one row per partner,
//! engagement and customer (its canonical key).
//!
//! **Marks, not refreshes.** A change that can make rows stale writes a *mark* for them
//! (`customer_row_marks`) in its own transaction: creating a claim or moving it
//! (`claims::repo`), a directory import, an engagement opening or closing (the worker). No caller
//! refreshes anything after its commit, so a row cannot be left stale by a failure in between,
//! and a new feature that changes a claim through `claims::repo` cannot forget it.
//!
//! **Draining.** [`drain`] recomputes marked rows, one mark per transaction whose first
//! statement locks the mark. Two drainers of one mark (two instances, or the worker and a page
//! read) serialise on that lock; a change committed after a drainer read its inputs writes the
//! mark again (its upsert waits for the lock, then inserts anew), so the row is recomputed once
//! more instead of keeping a stale verdict. Every instance's worker drains all marks; a read of
//! the Customers page first drains its own engagement's, so the partner sees the result of its own
//! action at once.
//!
//! **Recomputing.** Every function here gathers facts and asks `domain::check_eligibility`
//! (through `eligibility::repo::evaluate`), per ID as given: a row is eligible when one of the
//! customer's known IDs is; none of its verdicts cascades to another ID.

pub use super::model::IdReasons;
use crate::eligibility::repo::evaluate;
use domain::{
    deadline, ClaimDates, ClaimStatus, CustomerId, CustomerKey, Engagement, LocationId, ReasonCode,
    Timestamp,
};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use std::collections::BTreeMap;

/// Sorts last: "no deadline".
pub const NO_DATE: i64 = 9_999_999_999;

/// The mark's engagement for "every engagement of the partner".
const EVERY_ENGAGEMENT: i64 = 0;

/// A row of `customer_rows` as the rule computes it (what [`recompute_all`] and [`stored_rows`]
/// compare; `updated_at` is left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowValue {
    /// The ID the row is shown by.
    pub customer_id: CustomerId,
    /// The customer's other IDs known to the partner.
    pub other_ids: Vec<CustomerId>,
    pub eligible: bool,
    pub customer_name: String,
    pub friendly_name: String,
    /// This engagement's open claim: reference, status, location, next deadline.
    pub claim_ref: String,
    pub claim_status: Option<String>,
    pub claim_location_id: String,
    pub deadline_at: i64,
    /// Per known ID, shown ID first.
    pub reasons: Vec<IdReasons>,
}

/// (partner, engagement, customer key).
pub type RowKey = (i64, i64, String);

/// The engagements a partner has a row set for: those with at least one enrolled, eligible
/// location of the partner (the Engagements page's list).
pub async fn partner_engagements(pool: &AnyPool, partner_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    partner_engagements_in(&mut *pool.acquire().await?, partner_id).await
}

async fn partner_engagements_in(
    conn: &mut AnyConnection,
    partner_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT DISTINCT el.engagement_id FROM engagement_locations el JOIN locations l ON l.id = el.location_id
         WHERE l.partner_id = $1 AND l.enrolled_in_mci = 1 ORDER BY el.engagement_id",
    )
    .bind(partner_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get("engagement_id"))
    .collect()
}

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

// ---------------------------------------------------------------------------------------------
// Recomputing.

async fn partner_locations(
    conn: &mut AnyConnection,
    partner_id: i64,
) -> Result<Vec<LocationId>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT id FROM locations WHERE partner_id = $1 ORDER BY enrolled_in_mci DESC, id",
    )
    .bind(partner_id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .filter_map(|r| r.try_get::<String, _>("id").ok())
    .filter_map(|id| LocationId::parse(&id).ok())
    .collect())
}

fn text(row: Option<&AnyRow>, column: &str) -> String {
    row.and_then(|r| r.try_get::<Option<String>, _>(column).ok().flatten())
        .unwrap_or_default()
}

/// What the row of (partner, engagement, customer) should hold now; `None` when the partner does
/// not know the customer (no consented claim of it, no open claim on this engagement).
pub async fn compute_row(
    conn: &mut AnyConnection,
    now: Timestamp,
    partner_id: i64,
    engagement: &Engagement,
    key: &CustomerKey,
) -> Result<Option<RowValue>, sqlx::Error> {
    let key_code = key.code();
    let open = sqlx::query(
        "SELECT claim_ref, status, location_id, friendly_name, customer_name, customer_id_type, customer_id_value,
                created_at, consent_at, submitted_at, rejected_at
         FROM claims WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3 AND is_open = 1
         ORDER BY id LIMIT 1",
    )
    .bind(partner_id)
    .bind(engagement.id)
    .bind(&key_code)
    .fetch_optional(&mut *conn)
    .await?;
    // The customer's IDs the partner knows, the one it used last first.
    let known: Vec<CustomerId> = sqlx::query(
        "SELECT customer_id_type, customer_id_value, MAX(id) AS last FROM claims
         WHERE partner_id = $1 AND customer_key = $2 AND (consent_at IS NOT NULL OR (engagement_id = $3 AND is_open = 1))
         GROUP BY customer_id_type, customer_id_value ORDER BY last DESC",
    )
    .bind(partner_id)
    .bind(&key_code)
    .bind(engagement.id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .filter_map(|r| {
        crate::claims::repo::customer_id_of(
            &r.try_get::<String, _>("customer_id_type").ok()?,
            &r.try_get::<String, _>("customer_id_value").ok()?,
        )
    })
    .collect();
    if known.is_empty() {
        return Ok(None);
    }
    let latest_consented = sqlx::query(
        "SELECT friendly_name, customer_name FROM claims
         WHERE partner_id = $1 AND customer_key = $2 AND consent_at IS NOT NULL
         ORDER BY consent_at DESC, id DESC LIMIT 1",
    )
    .bind(partner_id)
    .bind(&key_code)
    .fetch_optional(&mut *conn)
    .await?;

    // Each ID's verdict for the partner's best location: eligible through any of them.
    let locations = partner_locations(conn, partner_id).await?;
    let mut verdicts = Vec::with_capacity(known.len());
    for id in &known {
        let mut best: Option<(domain::Eligibility, domain::DirectoryFacts)> = None;
        for location in &locations {
            if let Some((verdict, facts)) =
                evaluate(conn, partner_id, location, engagement, id, key, now).await?
            {
                if best
                    .as_ref()
                    .is_none_or(|(b, _)| verdict.reasons.len() < b.reasons.len())
                {
                    best = Some((verdict, facts));
                }
            }
        }
        if let Some(best) = best {
            verdicts.push((id.clone(), best));
        }
    }
    if verdicts.is_empty() {
        return Ok(None);
    }

    let open_id = open.as_ref().and_then(|c| {
        crate::claims::repo::customer_id_of(
            &c.try_get::<String, _>("customer_id_type").ok()?,
            &c.try_get::<String, _>("customer_id_value").ok()?,
        )
    });
    // The ID the row is shown by: this engagement's open claim's, else the first eligible one
    // (Claim customer then uses it), else the one used last.
    let shown = open_id
        .clone()
        .filter(|id| verdicts.iter().any(|(v, _)| v == id))
        .or_else(|| {
            verdicts
                .iter()
                .find(|(_, (v, _))| v.eligible)
                .map(|(id, _)| id.clone())
        })
        .unwrap_or_else(|| verdicts[0].0.clone());
    verdicts.sort_by_key(|(id, _)| *id != shown);
    let eligible = open.is_some() || verdicts[0].1 .0.eligible;

    let source = open.as_ref().or(latest_consented.as_ref());
    let customer_name = verdicts[0]
        .1
         .1
        .customer_name
        .clone()
        .unwrap_or_else(|| text(source, "customer_name"));
    let friendly_name = text(source, "friendly_name");
    let reasons: Vec<IdReasons> = verdicts
        .iter()
        .map(|(id, (verdict, _))| IdReasons {
            id: id.clone(),
            // A row with its open claim: that claim is not a reason against itself.
            reasons: verdict
                .reasons
                .iter()
                .filter(|r| open.is_none() || r.code != ReasonCode::PartnerAlreadyHasOpenClaim)
                .cloned()
                .collect(),
        })
        .collect();

    let (claim_ref, claim_status, claim_location_id, deadline_at) = match &open {
        Some(claim) => {
            let status_code: String = claim.try_get("status")?;
            let status =
                ClaimStatus::from_code(&status_code).unwrap_or(ClaimStatus::CustomerClaimed);
            let ts = |c: &str| -> Result<Option<Timestamp>, sqlx::Error> {
                Ok(claim
                    .try_get::<Option<i64>, _>(c)?
                    .map(Timestamp::from_unix_seconds))
            };
            let dates = ClaimDates {
                created_at: Timestamp::from_unix_seconds(claim.try_get("created_at")?),
                consent_at: ts("consent_at")?,
                submitted_at: ts("submitted_at")?,
                rejected_at: ts("rejected_at")?,
            };
            (
                claim.try_get::<String, _>("claim_ref")?,
                Some(status_code),
                claim.try_get::<String, _>("location_id")?,
                deadline(status, &dates, engagement).map_or(NO_DATE, |d| d.at.unix_seconds()),
            )
        }
        None => (String::new(), None, String::new(), NO_DATE),
    };
    Ok(Some(RowValue {
        customer_id: shown,
        other_ids: verdicts.iter().skip(1).map(|(id, _)| id.clone()).collect(),
        eligible,
        customer_name,
        friendly_name,
        claim_ref,
        claim_status,
        claim_location_id,
        deadline_at,
        reasons,
    }))
}

/// The lower-cased search haystack of a row: name, every known ID as stored and as read (a
/// domain in Unicode), friendly name, claim reference.
fn haystack(v: &RowValue) -> String {
    let mut s = format!("{} {} {}", v.customer_name, v.friendly_name, v.claim_ref);
    for id in std::iter::once(&v.customer_id).chain(&v.other_ids) {
        s.push(' ');
        s.push_str(&id.value());
        if let CustomerId::DomainName(d) = id {
            s.push(' ');
            s.push_str(&d.to_unicode());
        }
    }
    s.to_lowercase()
}

/// Writes (or, for `None`, deletes) one row.
async fn write_row(
    conn: &mut AnyConnection,
    partner_id: i64,
    engagement_id: i64,
    key: &CustomerKey,
    value: Option<&RowValue>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let Some(v) = value else {
        sqlx::query(
            "DELETE FROM customer_rows WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3",
        )
        .bind(partner_id)
        .bind(engagement_id)
        .bind(key.code())
        .execute(&mut *conn)
        .await?;
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO customer_rows (partner_id, engagement_id, customer_key, customer_id_type, customer_id_value,
            other_ids, tab, customer_name, friendly_name, sort_customer, sort_friendly, claim_ref, claim_status,
            claim_location_id, deadline_at, reasons, search, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         ON CONFLICT (partner_id, engagement_id, customer_key) DO UPDATE SET
            customer_id_type = excluded.customer_id_type, customer_id_value = excluded.customer_id_value,
            other_ids = excluded.other_ids, tab = excluded.tab, customer_name = excluded.customer_name,
            friendly_name = excluded.friendly_name, sort_customer = excluded.sort_customer,
            sort_friendly = excluded.sort_friendly, claim_ref = excluded.claim_ref,
            claim_status = excluded.claim_status, claim_location_id = excluded.claim_location_id,
            deadline_at = excluded.deadline_at, reasons = excluded.reasons, search = excluded.search,
            updated_at = excluded.updated_at",
    )
    .bind(partner_id)
    .bind(engagement_id)
    .bind(key.code())
    .bind(v.customer_id.kind().code())
    .bind(v.customer_id.value())
    .bind(json(&v.other_ids))
    .bind(if v.eligible { "eligible" } else { "ineligible" })
    .bind(&v.customer_name)
    .bind(&v.friendly_name)
    .bind(v.customer_name.to_lowercase())
    .bind(v.friendly_name.to_lowercase())
    .bind(&v.claim_ref)
    .bind(&v.claim_status)
    .bind(&v.claim_location_id)
    .bind(v.deadline_at)
    .bind(json(&v.reasons))
    .bind(haystack(v))
    .bind(now.unix_seconds())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// JSON of the two list columns; serialising these types cannot fail.
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_owned())
}

/// Every row, computed from scratch from the claims and the directory, without writing: what
/// `customer_rows` must equal once the marks are drained (the consistency tests compare them).
pub async fn recompute_all(
    pool: &AnyPool,
    now: Timestamp,
) -> Result<BTreeMap<RowKey, RowValue>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let known = sqlx::query(
        "SELECT DISTINCT partner_id, customer_key FROM claims WHERE consent_at IS NOT NULL OR is_open = 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = BTreeMap::new();
    for row in known {
        let partner: i64 = row.try_get("partner_id")?;
        let code: String = row.try_get("customer_key")?;
        let Some(key) = CustomerKey::from_code(&code) else {
            continue;
        };
        for e in partner_engagements_in(&mut conn, partner).await? {
            let Some(engagement) =
                crate::engagements::repo::load_engagement_in(&mut conn, e).await?
            else {
                continue;
            };
            if let Some(v) = compute_row(&mut conn, now, partner, &engagement, &key).await? {
                out.insert((partner, e, code.clone()), v);
            }
        }
    }
    Ok(out)
}

/// Every stored row, read back as [`RowValue`]s.
pub async fn stored_rows(pool: &AnyPool) -> Result<BTreeMap<RowKey, RowValue>, sqlx::Error> {
    let mut out = BTreeMap::new();
    for r in sqlx::query("SELECT * FROM customer_rows")
        .fetch_all(pool)
        .await?
    {
        let id = crate::claims::repo::customer_id_of(
            &r.try_get::<String, _>("customer_id_type")?,
            &r.try_get::<String, _>("customer_id_value")?,
        )
        .ok_or_else(|| sqlx::Error::Decode("unreadable customer ID in a row".into()))?;
        out.insert(
            (
                r.try_get("partner_id")?,
                r.try_get("engagement_id")?,
                r.try_get("customer_key")?,
            ),
            RowValue {
                customer_id: id,
                other_ids: serde_json::from_str(&r.try_get::<String, _>("other_ids")?)
                    .unwrap_or_default(),
                eligible: r.try_get::<String, _>("tab")? == "eligible",
                customer_name: r.try_get("customer_name")?,
                friendly_name: r.try_get("friendly_name")?,
                claim_ref: r.try_get("claim_ref")?,
                claim_status: r.try_get("claim_status")?,
                claim_location_id: r.try_get("claim_location_id")?,
                deadline_at: r.try_get("deadline_at")?,
                reasons: serde_json::from_str(&r.try_get::<String, _>("reasons")?)
                    .unwrap_or_default(),
            },
        );
    }
    Ok(out)
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
