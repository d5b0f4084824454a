//! Recomputes the Customers page's rows: one row per partner, engagement and customer (its
//! canonical key), equal to what the eligibility rule says now.
//!
//! Every function here gathers facts and asks `domain::check_eligibility` (through
//! `eligibility::repo::evaluate`), per ID as given: a row is eligible when one of the customer's
//! known IDs is; none of its verdicts cascades to another ID. When a row is recomputed is
//! `customers::marks`' business: changes mark rows in their own transaction, drainers recompute
//! them here.

pub use super::model::IdReasons;
use crate::claims::repo::customer_id_in;
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

pub(super) async fn partner_engagements_in(
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
    .filter_map(|r| customer_id_in(r).ok())
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

    let open_id = open.as_ref().and_then(|c| customer_id_in(c).ok());
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
        let shown = id.display_value();
        if shown != id.value() {
            s.push(' ');
            s.push_str(&shown);
        }
    }
    s.to_lowercase()
}

/// Writes (or, for `None`, deletes) one row.
pub(super) async fn write_row(
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
        let id = customer_id_in(&r)?;
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
