//! Recomputes the Customers page's rows: one row per partner, engagement and customer (its
//! canonical key), equal to what the eligibility rule says now.
//!
//! Every function here gathers facts and asks `domain::check_eligibility` (through
//! `eligibility::repo::evaluate`), per ID as given: a row is eligible when one of the customer's
//! known IDs is; none of its verdicts cascades to another ID. When a row is recomputed is
//! `customers::marks`' business: changes mark rows in their own transaction, drainers recompute
//! them here.

pub use super::model::IdReasons;
use super::repo::rows;
/// Where the wizards (and the Customers page) read the partner's engagements.
pub use super::repo::rows::partner_engagements;
use crate::eligibility::repo::evaluate;
use domain::{deadline, ClaimStatus, CustomerId, CustomerKey, Engagement, ReasonCode, Timestamp};
use domain::{ClaimRef, EngagementId, PartnerId};
use sqlx::{AnyConnection, AnyPool};
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
    pub claim_ref: Option<ClaimRef>,
    pub claim_status: Option<ClaimStatus>,
    pub claim_location_id: String,
    pub deadline_at: i64,
    /// Per known ID, shown ID first.
    pub reasons: Vec<IdReasons>,
}

/// (partner, engagement, customer key).
pub type RowKey = (PartnerId, EngagementId, String);

// ---------------------------------------------------------------------------------------------
// Recomputing.

/// What the row of (partner, engagement, customer) should hold now; `None` when the partner does
/// not know the customer (no consented claim of it, no open claim on this engagement).
pub async fn compute_row(
    conn: &mut AnyConnection,
    now: Timestamp,
    partner_id: PartnerId,
    engagement: &Engagement,
    key: &CustomerKey,
) -> Result<Option<RowValue>, sqlx::Error> {
    let open = rows::open_claim(conn, partner_id, engagement.id, key).await?;
    let known = rows::known_ids(conn, partner_id, engagement.id, key).await?;
    if known.is_empty() {
        return Ok(None);
    }
    let latest_consented = rows::latest_consented(conn, partner_id, key).await?;

    // Each ID's verdict for the partner's best location: eligible through any of them.
    let locations = rows::partner_locations(conn, partner_id).await?;
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

    // The ID the row is shown by: this engagement's open claim's, else the first eligible one
    // (Claim customer then uses it), else the one used last.
    let shown = open
        .as_ref()
        .map(|c| c.customer_id.clone())
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

    // The names of this engagement's open claim, else of the latest consented one.
    let (source_customer, friendly_name) = match (&open, latest_consented) {
        (Some(c), _) => (c.customer_name.clone(), c.friendly_name.clone()),
        (None, Some(c)) => (c.customer_name, c.friendly_name),
        (None, None) => (None, String::new()),
    };
    let customer_name = verdicts[0]
        .1
         .1
        .customer_name
        .clone()
        .or(source_customer)
        .unwrap_or_default();
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
        Some(claim) => (
            Some(claim.claim_ref.clone()),
            Some(claim.status),
            claim.location_id.clone(),
            deadline(claim.status, &claim.dates, engagement)
                .map_or(NO_DATE, |d| d.at.unix_seconds()),
        ),
        None => (None, None, String::new(), NO_DATE),
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
    let claim_ref = v.claim_ref.as_ref().map_or("", ClaimRef::as_str);
    let mut s = format!("{} {} {}", v.customer_name, v.friendly_name, claim_ref);
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
    partner_id: PartnerId,
    engagement_id: EngagementId,
    key: &CustomerKey,
    value: Option<&RowValue>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    match value {
        Some(v) => {
            rows::upsert(
                conn,
                (partner_id.get(), engagement_id.get(), key),
                v,
                &haystack(v),
                now,
            )
            .await
        }
        None => rows::delete(conn, partner_id, engagement_id, key).await,
    }
}

/// Every row, computed from scratch from the claims and the directory, without writing: what
/// `customer_rows` must equal once the marks are drained (the consistency tests compare them).
pub async fn recompute_all(
    pool: &AnyPool,
    now: Timestamp,
) -> Result<BTreeMap<RowKey, RowValue>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let mut out = BTreeMap::new();
    for (partner, code) in rows::known_customers(&mut conn).await? {
        let Some(key) = CustomerKey::from_code(&code) else {
            continue;
        };
        let partner = PartnerId::new(partner);
        for e in rows::partner_engagements_in(&mut conn, partner).await? {
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
    Ok(rows::stored(pool).await?.into_iter().collect())
}
