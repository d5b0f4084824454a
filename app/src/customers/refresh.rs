//! Keeps `customer_rows` equal to what the eligibility rule says now. Every function here
//! recomputes rows from their inputs with `domain::check_eligibility` (through
//! `eligibility::repo::evaluate`); none decides anything by itself.
//!
//! Called after every change of a claim (its partner's row, and the other partners' rows for the
//! same customer and engagement, whose open-claim count changed), when a customer consents (the
//! customer becomes known on every engagement), by the worker when an engagement's open period
//! starts or ends, and after directory imports.

use crate::eligibility::repo::evaluate;
use domain::{
    deadline, ClaimDates, ClaimStatus, CustomerId, CustomerIdType, Engagement, LocationId,
    ReasonCode, Timestamp,
};
use sqlx::{AnyPool, Row};

/// Sorts last: "no deadline".
pub const NO_DATE: i64 = 9_999_999_999;

/// The engagements a partner has a row set for: those with at least one enrolled, eligible
/// location of the partner (the Engagements page's list).
pub async fn partner_engagements(pool: &AnyPool, partner_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query(
        "SELECT DISTINCT el.engagement_id FROM engagement_locations el JOIN locations l ON l.id = el.location_id
         WHERE l.partner_id = $1 AND l.enrolled_in_mci = 1 ORDER BY el.engagement_id",
    )
    .bind(partner_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get("engagement_id"))
    .collect()
}

async fn partner_locations(
    pool: &AnyPool,
    partner_id: i64,
) -> Result<Vec<LocationId>, sqlx::Error> {
    Ok(sqlx::query(
        "SELECT id FROM locations WHERE partner_id = $1 ORDER BY enrolled_in_mci DESC, id",
    )
    .bind(partner_id)
    .fetch_all(pool)
    .await?
    .iter()
    .filter_map(|r| r.try_get::<String, _>("id").ok())
    .filter_map(|id| LocationId::parse(&id).ok())
    .collect())
}

/// Recomputes one row: (partner, engagement, customer ID).
#[tracing::instrument(skip(pool, engagement), fields(engagement = engagement.id))]
pub async fn refresh_row(
    pool: &AnyPool,
    now: Timestamp,
    partner_id: i64,
    engagement: &Engagement,
    id: &CustomerId,
) -> Result<(), sqlx::Error> {
    let kind = id.kind().code();
    let value = id.value();
    let open = sqlx::query(
        "SELECT claim_ref, status, location_id, friendly_name, customer_name, created_at, consent_at, submitted_at, rejected_at
         FROM claims WHERE partner_id = $1 AND engagement_id = $2 AND customer_id_type = $3 AND customer_id_value = $4
         AND is_open = 1",
    )
    .bind(partner_id)
    .bind(engagement.id)
    .bind(kind)
    .bind(&value)
    .fetch_optional(pool)
    .await?;
    let latest_consented = sqlx::query(
        "SELECT friendly_name, customer_name FROM claims
         WHERE partner_id = $1 AND customer_id_type = $2 AND customer_id_value = $3 AND consent_at IS NOT NULL
         ORDER BY consent_at DESC, id DESC LIMIT 1",
    )
    .bind(partner_id)
    .bind(kind)
    .bind(&value)
    .fetch_optional(pool)
    .await?;
    if open.is_none() && latest_consented.is_none() {
        // Not known to this partner (any more): no row, on any tab.
        sqlx::query(
            "DELETE FROM customer_rows WHERE partner_id = $1 AND engagement_id = $2 AND customer_id_type = $3 AND customer_id_value = $4",
        )
        .bind(partner_id)
        .bind(engagement.id)
        .bind(kind)
        .bind(&value)
        .execute(pool)
        .await?;
        return Ok(());
    }

    // The verdict for the partner's best location: eligible through any of them.
    let mut best: Option<(domain::Eligibility, domain::DirectoryFacts)> = None;
    for location in partner_locations(pool, partner_id).await? {
        if let Some((verdict, facts)) =
            evaluate(pool, partner_id, &location, engagement, id, now).await?
        {
            let better = best
                .as_ref()
                .is_none_or(|(b, _)| verdict.reasons.len() < b.reasons.len());
            if better {
                best = Some((verdict, facts));
            }
        }
    }
    let Some((verdict, facts)) = best else {
        return Ok(());
    };

    let source = open.as_ref().or(latest_consented.as_ref());
    let text = |column: &str| -> String {
        source
            .and_then(|r| r.try_get::<Option<String>, _>(column).ok().flatten())
            .unwrap_or_default()
    };
    let customer_name = facts
        .customer_name
        .clone()
        .unwrap_or_else(|| text("customer_name"));
    let friendly_name = text("friendly_name");

    let (tab, claim_ref, claim_status, claim_location, deadline_at, reasons) = match &open {
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
            let due = deadline(status, &dates, engagement).map_or(NO_DATE, |d| d.at.unix_seconds());
            // The row shows its own open claim: that claim is not a reason against itself.
            let reasons: Vec<_> = verdict
                .reasons
                .iter()
                .filter(|r| r.code != ReasonCode::PartnerAlreadyHasOpenClaim)
                .cloned()
                .collect();
            (
                "eligible",
                claim.try_get::<String, _>("claim_ref")?,
                Some(status_code),
                claim.try_get::<String, _>("location_id")?,
                due,
                reasons,
            )
        }
        None if verdict.eligible => (
            "eligible",
            String::new(),
            None,
            String::new(),
            NO_DATE,
            Vec::new(),
        ),
        None => (
            "ineligible",
            String::new(),
            None,
            String::new(),
            NO_DATE,
            verdict.reasons.clone(),
        ),
    };
    let search = format!(
        "{} {} {} {}",
        customer_name, value, friendly_name, claim_ref
    )
    .to_lowercase();
    let reasons = serde_json::to_string(&reasons).unwrap_or_else(|_| "[]".to_owned());
    sqlx::query(
        "INSERT INTO customer_rows (partner_id, engagement_id, customer_id_type, customer_id_value, tab, customer_name,
            friendly_name, sort_customer, sort_friendly, claim_ref, claim_status, claim_location_id, deadline_at,
            reasons, search, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (partner_id, engagement_id, customer_id_type, customer_id_value) DO UPDATE SET
            tab = excluded.tab, customer_name = excluded.customer_name, friendly_name = excluded.friendly_name,
            sort_customer = excluded.sort_customer, sort_friendly = excluded.sort_friendly,
            claim_ref = excluded.claim_ref, claim_status = excluded.claim_status,
            claim_location_id = excluded.claim_location_id, deadline_at = excluded.deadline_at,
            reasons = excluded.reasons, search = excluded.search, updated_at = excluded.updated_at",
    )
    .bind(partner_id)
    .bind(engagement.id)
    .bind(kind)
    .bind(&value)
    .bind(tab)
    .bind(&customer_name)
    .bind(&friendly_name)
    .bind(customer_name.to_lowercase())
    .bind(friendly_name.to_lowercase())
    .bind(&claim_ref)
    .bind(claim_status)
    .bind(claim_location)
    .bind(deadline_at)
    .bind(reasons)
    .bind(search)
    .bind(now.unix_seconds())
    .execute(pool)
    .await?;
    Ok(())
}

async fn load(pool: &AnyPool, engagement_id: i64) -> Result<Option<Engagement>, sqlx::Error> {
    crate::engagements::repo::load_engagement(pool, engagement_id).await
}

/// After a claim of `partner_id` for `id` on `engagement_id` changed: its row, and every other
/// partner's row for the same customer there (the customer's open-claim count changed). When the
/// customer consented, the customer is now known on every engagement of the partner.
pub async fn after_claim_change(
    pool: &AnyPool,
    now: Timestamp,
    partner_id: i64,
    engagement_id: i64,
    id: &CustomerId,
    consented: bool,
) -> Result<(), sqlx::Error> {
    let engagements = if consented {
        partner_engagements(pool, partner_id).await?
    } else {
        vec![engagement_id]
    };
    for e in engagements {
        if let Some(engagement) = load(pool, e).await? {
            refresh_row(pool, now, partner_id, &engagement, id).await?;
        }
    }
    let Some(engagement) = load(pool, engagement_id).await? else {
        return Ok(());
    };
    let others: Vec<i64> = sqlx::query(
        "SELECT partner_id FROM customer_rows WHERE engagement_id = $1 AND customer_id_type = $2 AND customer_id_value = $3
         AND partner_id <> $4",
    )
    .bind(engagement_id)
    .bind(id.kind().code())
    .bind(id.value())
    .bind(partner_id)
    .fetch_all(pool)
    .await?
    .iter()
    .filter_map(|r| r.try_get("partner_id").ok())
    .collect();
    for other in others {
        refresh_row(pool, now, other, &engagement, id).await?;
    }
    Ok(())
}

fn customer_id(kind: &str, value: &str) -> Option<CustomerId> {
    CustomerId::parse(CustomerIdType::from_code(kind)?, value).ok()
}

/// Every row of one engagement (its open period started or ended, its list changed).
pub async fn refresh_engagement(
    pool: &AnyPool,
    now: Timestamp,
    engagement_id: i64,
) -> Result<usize, sqlx::Error> {
    let Some(engagement) = load(pool, engagement_id).await? else {
        return Ok(0);
    };
    let keys = sqlx::query(
        "SELECT partner_id, customer_id_type, customer_id_value FROM customer_rows WHERE engagement_id = $1",
    )
    .bind(engagement_id)
    .fetch_all(pool)
    .await?;
    let mut n = 0;
    for key in keys {
        let (partner, kind, value): (i64, String, String) = (
            key.try_get("partner_id")?,
            key.try_get("customer_id_type")?,
            key.try_get("customer_id_value")?,
        );
        if let Some(id) = customer_id(&kind, &value) {
            refresh_row(pool, now, partner, &engagement, &id).await?;
            n += 1;
        }
    }
    Ok(n)
}

/// Rebuilds every row from the claims (after a directory import, or to repair).
pub async fn refresh_all(pool: &AnyPool, now: Timestamp) -> Result<usize, sqlx::Error> {
    let known = sqlx::query(
        "SELECT DISTINCT partner_id, customer_id_type, customer_id_value FROM claims
         WHERE consent_at IS NOT NULL OR is_open = 1",
    )
    .fetch_all(pool)
    .await?;
    let mut n = 0;
    for key in known {
        let (partner, kind, value): (i64, String, String) = (
            key.try_get("partner_id")?,
            key.try_get("customer_id_type")?,
            key.try_get("customer_id_value")?,
        );
        let Some(id) = customer_id(&kind, &value) else {
            continue;
        };
        for e in partner_engagements(pool, partner).await? {
            if let Some(engagement) = load(pool, e).await? {
                refresh_row(pool, now, partner, &engagement, &id).await?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// The worker's part: engagements whose open period started or ended since the last pass get
/// their rows recomputed ("engagement not open" is a reason that time alone changes).
pub async fn apply_open_periods(pool: &AnyPool, now: Timestamp) -> Result<usize, sqlx::Error> {
    let last: Option<i64> = sqlx::query("SELECT at FROM worker_marks WHERE name = 'open_periods'")
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get("at"))
        .transpose()?;
    let now_s = now.unix_seconds();
    let mut n = 0;
    if let Some(last) = last {
        let changed: Vec<i64> = sqlx::query(
            "SELECT id FROM engagements WHERE (open_from > $1 AND open_from <= $2) OR (open_until > $1 AND open_until <= $2)",
        )
        .bind(last)
        .bind(now_s)
        .fetch_all(pool)
        .await?
        .iter()
        .filter_map(|r| r.try_get("id").ok())
        .collect();
        for engagement in changed {
            n += refresh_engagement(pool, now, engagement).await?;
        }
    }
    sqlx::query(
        "INSERT INTO worker_marks (name, at) VALUES ('open_periods', $1) ON CONFLICT (name) DO UPDATE SET at = excluded.at",
    )
    .bind(now_s)
    .execute(pool)
    .await?;
    Ok(n)
}
