//! SQL behind eligibility: what the directory, the partner data and the open claims say about
//! one (location, engagement, customer ID). Never decides anything: `domain::check_eligibility`
//! does, with these facts.

use domain::{
    check_eligibility, CustomerId, DirectoryFacts, Eligibility, EligibilityInput, Engagement,
    LocationFacts, LocationId, TenantId, Timestamp,
};
use sqlx::{AnyPool, Row};

/// What the directory says about exactly this ID (no cascade to the customer's other IDs).
#[tracing::instrument(skip(pool))]
pub async fn directory_facts(
    pool: &AnyPool,
    engagement_id: i64,
    id: &CustomerId,
) -> Result<DirectoryFacts, sqlx::Error> {
    let value = id.value();
    let on_list = |list_type: &'static str, list_value: String| async move {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM eligibility_lists WHERE engagement_id = $1 AND id_type = $2 AND id_value = $3",
        )
        .bind(engagement_id)
        .bind(list_type)
        .bind(list_value)
        .fetch_one(pool)
        .await?;
        Ok::<bool, sqlx::Error>(row.try_get::<i64, _>("n")? > 0)
    };
    // One lookup per kind of ID, each answering the same columns: the customer's name, the
    // tenant a domain resolves to, and an opportunity's stage ('' where they do not apply).
    let (lookup, list_type) = match id {
        CustomerId::DomainName(_) => (
            "SELECT t.name, t.tenant_id AS tenant, '' AS stage FROM directory_tenant_domains d
             JOIN directory_tenants t ON t.tenant_id = d.tenant_id WHERE d.domain = $1",
            // A domain is checked through the tenant it resolves to.
            "tenant_id",
        ),
        CustomerId::TenantId(_) => (
            "SELECT name, '' AS tenant, '' AS stage FROM directory_tenants WHERE tenant_id = $1",
            "tenant_id",
        ),
        CustomerId::Tpid(_) => (
            "SELECT name, '' AS tenant, '' AS stage FROM directory_tpids WHERE tpid = $1",
            "tpid",
        ),
        CustomerId::AzureSubscriptionId(_) => (
            "SELECT t.name, '' AS tenant, '' AS stage FROM directory_subscriptions s
             JOIN directory_tenants t ON t.tenant_id = s.tenant_id WHERE s.subscription_id = $1",
            "azure_subscription_id",
        ),
        CustomerId::MsxOpportunityId(_) => (
            "SELECT p.name, '' AS tenant, o.stage FROM directory_opportunities o
             JOIN directory_tpids p ON p.tpid = o.tpid WHERE o.opportunity_id = $1",
            "msx_opportunity_id",
        ),
    };
    let mut facts = DirectoryFacts::default();
    let Some(row) = sqlx::query(lookup)
        .bind(&value)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(facts);
    };
    let tenant: String = row.try_get("tenant")?;
    facts.known = true;
    facts.customer_name = Some(row.try_get("name")?);
    if let CustomerId::DomainName(_) = id {
        facts.resolved_tenant = TenantId::parse(&tenant).ok();
        facts.on_eligibility_list = on_list(list_type, tenant).await?;
    } else {
        facts.on_eligibility_list = on_list(list_type, value.clone()).await?;
    }
    if let CustomerId::MsxOpportunityId(_) = id {
        facts.opportunity_closed = row.try_get::<String, _>("stage")? != "open";
    }
    Ok(facts)
}

/// The location as the rule sees it, or `None` when it is not one of this partner's.
pub async fn location_facts(
    pool: &AnyPool,
    partner_id: i64,
    location: &LocationId,
    engagement_id: i64,
) -> Result<Option<LocationFacts>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT l.enrolled_in_mci,
                (SELECT COUNT(*) FROM engagement_locations el WHERE el.location_id = l.id AND el.engagement_id = $3) AS eligible
         FROM locations l WHERE l.id = $1 AND l.partner_id = $2",
    )
    .bind(location.as_str())
    .bind(partner_id)
    .bind(engagement_id)
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(LocationFacts {
            id: location.clone(),
            enrolled_in_mci: row.try_get::<i64, _>("enrolled_in_mci")? == 1,
            eligible_for_engagement: row.try_get::<i64, _>("eligible")? > 0,
        })
    })
    .transpose()
}

/// Open claims for this customer ID on this engagement: by everyone, and whether by this partner.
pub async fn open_claims(
    pool: &AnyPool,
    partner_id: i64,
    engagement_id: i64,
    id: &CustomerId,
) -> Result<(u32, bool), sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS total,
                COALESCE(CAST(SUM(CASE WHEN partner_id = $4 THEN 1 ELSE 0 END) AS BIGINT), 0) AS mine
         FROM claims
         WHERE engagement_id = $1 AND customer_id_type = $2 AND customer_id_value = $3 AND is_open = 1",
    )
    .bind(engagement_id)
    .bind(id.kind().code())
    .bind(id.value())
    .bind(partner_id)
    .fetch_one(pool)
    .await?;
    let total: i64 = row.try_get("total")?;
    let mine: i64 = row.try_get("mine")?;
    Ok((u32::try_from(total).unwrap_or(u32::MAX), mine > 0))
}

/// The verdict for a (partner location, engagement, customer ID) at `now`, with the directory
/// facts it was based on. `None` when the location is not the partner's.
pub async fn evaluate(
    pool: &AnyPool,
    partner_id: i64,
    location: &LocationId,
    engagement: &Engagement,
    id: &CustomerId,
    now: Timestamp,
) -> Result<Option<(Eligibility, DirectoryFacts)>, sqlx::Error> {
    let Some(location) = location_facts(pool, partner_id, location, engagement.id).await? else {
        return Ok(None);
    };
    let directory = directory_facts(pool, engagement.id, id).await?;
    let (active, mine) = open_claims(pool, partner_id, engagement.id, id).await?;
    let verdict = check_eligibility(&EligibilityInput {
        engagement,
        location,
        customer_id: id.clone(),
        directory: directory.clone(),
        active_claims_for_customer: active,
        partner_has_open_claim: mine,
        now,
    });
    Ok(Some((verdict, directory)))
}
