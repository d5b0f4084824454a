//! SQL behind eligibility: what the directory, the partner data and the open claims say about
//! one (location, engagement, customer ID), and which customer an ID belongs to. Never decides
//! anything: `domain::check_eligibility` and `domain::customer_key` do, with these facts.
//!
//! Every function takes a connection, so that the Customers page's rows can be recomputed inside
//! the transaction that holds their mark (`customers::refresh`).

use crate::db::row::StoredCustomerId;
use domain::{
    check_eligibility, customer_key, CustomerId, CustomerKey, DirectoryFacts, Eligibility,
    EligibilityInput, Engagement, KeyFacts, LocationFacts, LocationId, OpenClaim, TenantId,
    Timestamp, Tpid,
};
use domain::{EngagementId, PartnerId};
use sqlx::AnyConnection;

/// What the lookup of one ID in the directory answers ('' where a column does not apply).
#[derive(sqlx::FromRow)]
struct DirectoryRow {
    name: String,
    tenant: String,
    stage: String,
}

/// What the directory says about exactly this ID (no cascade to the customer's other IDs).
#[tracing::instrument(skip(conn), err(level = "warn"))]
pub async fn directory_facts(
    conn: &mut AnyConnection,
    engagement_id: EngagementId,
    id: &CustomerId,
) -> Result<DirectoryFacts, sqlx::Error> {
    let value = id.value();
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
    let Some(row) = sqlx::query_as::<_, DirectoryRow>(lookup)
        .bind(&value)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(facts);
    };
    facts.known = true;
    facts.customer_name = Some(row.name);
    let list_value = if let CustomerId::DomainName(_) = id {
        facts.resolved_tenant = TenantId::parse(&row.tenant).ok();
        row.tenant
    } else {
        value.clone()
    };
    let listed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM eligibility_lists WHERE engagement_id = $1 AND id_type = $2 AND id_value = $3",
    )
    .bind(engagement_id.get())
    .bind(list_type)
    .bind(list_value)
    .fetch_one(&mut *conn)
    .await?;
    facts.on_eligibility_list = listed > 0;
    if let CustomerId::MsxOpportunityId(_) = id {
        facts.opportunity_closed = row.stage != "open";
    }
    Ok(facts)
}

/// The location as the rule sees it, or `None` when it is not one of this partner's.
#[tracing::instrument(skip(conn), err(level = "warn"))]
pub async fn location_facts(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    location: &LocationId,
    engagement_id: EngagementId,
) -> Result<Option<LocationFacts>, sqlx::Error> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT l.enrolled_in_mci,
                (SELECT COUNT(*) FROM engagement_locations el WHERE el.location_id = l.id AND el.engagement_id = $3) AS eligible
         FROM locations l WHERE l.id = $1 AND l.partner_id = $2",
    )
    .bind(location.as_str())
    .bind(partner_id.get())
    .bind(engagement_id.get())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(enrolled, eligible)| LocationFacts {
        id: location.clone(),
        enrolled_in_mci: enrolled == 1,
        eligible_for_engagement: eligible > 0,
    }))
}

/// What the directory links `id` to, for [`domain::customer_key`].
#[tracing::instrument(skip(conn), err(level = "warn"))]
pub async fn key_facts(conn: &mut AnyConnection, id: &CustomerId) -> Result<KeyFacts, sqlx::Error> {
    let value = id.value();
    let one = |sql: &'static str| sqlx::query_scalar::<_, String>(sql).bind(value.clone());
    let mut facts = KeyFacts::default();
    let tenant: Option<String> = match id {
        CustomerId::Tpid(_) => return Ok(facts),
        CustomerId::MsxOpportunityId(_) => {
            facts.opportunity_tpid =
                one("SELECT tpid FROM directory_opportunities WHERE opportunity_id = $1")
                    .fetch_optional(&mut *conn)
                    .await?
                    .and_then(|t| Tpid::parse(&t).ok());
            return Ok(facts);
        }
        CustomerId::TenantId(t) => Some(t.as_str().to_owned()),
        CustomerId::DomainName(_) => {
            one("SELECT tenant_id FROM directory_tenant_domains WHERE domain = $1")
                .fetch_optional(&mut *conn)
                .await?
        }
        CustomerId::AzureSubscriptionId(_) => {
            one("SELECT tenant_id FROM directory_subscriptions WHERE subscription_id = $1")
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    let Some(tenant) = tenant else {
        return Ok(facts);
    };
    let parents: Vec<String> =
        sqlx::query_scalar("SELECT tpid FROM directory_tpid_tenants WHERE tenant_id = $1")
            .bind(&tenant)
            .fetch_all(&mut *conn)
            .await?;
    facts.tenant_parents = parents.iter().filter_map(|t| Tpid::parse(t).ok()).collect();
    facts.tenant = TenantId::parse(&tenant).ok();
    Ok(facts)
}

/// The customer `id` belongs to, by the directory as it is now.
#[tracing::instrument(skip(conn), err(level = "warn"))]
pub async fn customer_key_of(
    conn: &mut AnyConnection,
    id: &CustomerId,
) -> Result<CustomerKey, sqlx::Error> {
    Ok(customer_key(id, &key_facts(conn, id).await?))
}

#[derive(sqlx::FromRow)]
struct OpenClaimRow {
    claim_ref: String,
    #[sqlx(flatten)]
    customer_id: StoredCustomerId,
}

/// Open claims for this customer (every alias: the key) on this engagement, by everyone, and this
/// partner's own, if any (its oldest, should a migration have left two).
#[tracing::instrument(skip(conn), err(level = "warn"))]
pub async fn open_claims(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    engagement_id: EngagementId,
    key: &CustomerKey,
) -> Result<(u32, Option<OpenClaim>), sqlx::Error> {
    let total: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM claims WHERE engagement_id = $1 AND customer_key = $2 AND is_open = 1",
    )
    .bind(engagement_id.get())
    .bind(key.code())
    .fetch_one(&mut *conn)
    .await?;
    let mine = sqlx::query_as::<_, OpenClaimRow>(
        "SELECT claim_ref, customer_id_type, customer_id_value FROM claims
         WHERE partner_id = $1 AND engagement_id = $2 AND customer_key = $3 AND is_open = 1 ORDER BY id LIMIT 1",
    )
    .bind(partner_id.get())
    .bind(engagement_id.get())
    .bind(key.code())
    .fetch_optional(&mut *conn)
    .await?
    .map(|row| -> Result<OpenClaim, sqlx::Error> {
        Ok(OpenClaim {
            customer_id: row.customer_id.parse("claims")?,
            claim_ref: row.claim_ref,
        })
    })
    .transpose()?;
    Ok((u32::try_from(total).unwrap_or(u32::MAX), mine))
}

/// The verdict for a (partner location, engagement, customer ID) at `now`, with the directory
/// facts it was based on. `key` is the customer the limits are counted for: the ID's own key for
/// a new nomination, a stored claim's key for a Customers page row. `None` when the location is
/// not the partner's.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(conn, engagement), fields(engagement = %engagement.id), err(level = "warn"))]
pub async fn evaluate(
    conn: &mut AnyConnection,
    partner_id: PartnerId,
    location: &LocationId,
    engagement: &Engagement,
    id: &CustomerId,
    key: &CustomerKey,
    now: Timestamp,
) -> Result<Option<(Eligibility, DirectoryFacts)>, sqlx::Error> {
    let Some(location) = location_facts(conn, partner_id, location, engagement.id).await? else {
        return Ok(None);
    };
    let directory = directory_facts(conn, engagement.id, id).await?;
    let (active, mine) = open_claims(conn, partner_id, engagement.id, key).await?;
    let verdict = check_eligibility(&EligibilityInput {
        engagement,
        location,
        customer_id: id.clone(),
        directory: directory.clone(),
        active_claims_for_customer: active,
        partner_open_claim: mine,
        now,
    });
    Ok(Some((verdict, directory)))
}
