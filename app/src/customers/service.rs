//! The Customers page, assembled: a page of rows with their actions, and apart from it the tab
//! counts. Counting reads every row of the engagement (the one cost that grows with the partner's
//! customers), so the page asks for counts only when the engagement or the search changes, not
//! when it switches tabs, sorts or pages.

use super::model::{
    CustomerRow, CustomersPage, CustomersQuery, IdReasons, RowAction, Tab, TabCounts,
    MAX_PAGE_SIZE, PAGE_SIZE,
};
use super::refresh::NO_DATE;
use super::repo;
use crate::auth::guard::PartnerScope;
use crate::claims::service::partner_actor;
use crate::error::AppError;
use crate::state::AppState;
use domain::{available_actions, ClaimDates, ClaimStatus, CustomerIdType, Timestamp};
use sqlx::any::AnyRow;
use sqlx::Row;

/// The number of rows of each tab of an engagement's Customers page under a search.
pub async fn customer_counts(
    state: &AppState,
    scope: &PartnerScope,
    engagement_id: i64,
    search: &str,
) -> Result<TabCounts, AppError> {
    let pool = &state.db.pool;
    if !super::refresh::partner_engagements(pool, scope.partner_id)
        .await?
        .contains(&engagement_id)
    {
        return Err(AppError::NotFound);
    }
    drain_own(state, scope.partner_id, engagement_id).await?;
    Ok(repo::counts(pool, scope, engagement_id, search).await?)
}

/// The marks of this engagement's rows still waiting for the worker are drained first, so the
/// tabs show the partner's own last action (and anything else already committed). Usually there
/// are none; a large batch (an import) is left to the worker beyond the first few hundred.
async fn drain_own(state: &AppState, partner_id: i64, engagement_id: i64) -> Result<(), AppError> {
    let now = Timestamp::from_unix_seconds(state.clock.now());
    super::marks::drain(&state.db.pool, now, Some((partner_id, engagement_id)), 500).await?;
    Ok(())
}

/// One page of a tab of an engagement's Customers page, for the partner user in `scope`.
#[tracing::instrument(skip(state, scope), fields(partner = scope.partner_id))]
pub async fn customers_page(
    state: &AppState,
    scope: &PartnerScope,
    query: CustomersQuery,
) -> Result<CustomersPage, AppError> {
    let size = query.size.unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    customers_page_sized(state, scope, query, size).await
}

/// [`customers_page`] with another page size (the CSV export reads in large pages).
pub async fn customers_page_sized(
    state: &AppState,
    scope: &PartnerScope,
    query: CustomersQuery,
    size: i64,
) -> Result<CustomersPage, AppError> {
    let pool = &state.db.pool;
    // Only engagements the partner has an eligible location for have a Customers page.
    let engagements = super::refresh::partner_engagements(pool, scope.partner_id).await?;
    if !engagements.contains(&query.engagement_id) {
        return Err(AppError::NotFound);
    }
    let engagement = crate::engagements::repo::load_engagement(pool, query.engagement_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if query.after.is_none() && query.before.is_none() {
        drain_own(state, scope.partner_id, query.engagement_id).await?;
    }
    let msx_only = engagement.accepted_id_types == [CustomerIdType::MsxOpportunityId];
    let mut raw = repo::page(pool, scope, &query, size).await?;
    if msx_only && query.tab == Tab::Ineligible {
        // Known customers are identified by other kinds of ID than this engagement accepts: the
        // page says so once instead of listing the same reason for each.
        raw.rows.clear();
        raw.more = false;
    }
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let actor = partner_actor(scope);

    let mut rows = Vec::with_capacity(raw.rows.len());
    for row in &raw.rows {
        rows.push(if query.tab == Tab::Completed {
            completed_row(row)?
        } else {
            customer_row(row, query.tab, &engagement, actor, now)?
        });
    }
    let first = raw
        .rows
        .first()
        .map(|r| repo::cursor_of(query.tab, query.sort, r))
        .transpose()?;
    let last = raw
        .rows
        .last()
        .map(|r| repo::cursor_of(query.tab, query.sort, r))
        .transpose()?;
    let paged_in = query.after.is_some() || query.before.is_some();
    let (next, previous) = if raw.backward {
        (last, if raw.more { first } else { None })
    } else {
        (
            if raw.more { last } else { None },
            if paged_in { first } else { None },
        )
    };
    Ok(CustomersPage {
        engagement_name: engagement.name.clone(),
        engagement_code: engagement.code.clone(),
        msx_only,
        accepting_claims: engagement.is_open(now),
        rows,
        next: next.map(|c| c.encode()),
        previous: previous.map(|c| c.encode()),
        now: now.unix_seconds(),
    })
}

fn customer_row(
    row: &AnyRow,
    tab: Tab,
    engagement: &domain::Engagement,
    actor: domain::Actor,
    now: Timestamp,
) -> Result<CustomerRow, sqlx::Error> {
    let claim_ref: String = row.try_get("claim_ref")?;
    let status = row
        .try_get::<Option<String>, _>("claim_status")?
        .as_deref()
        .and_then(ClaimStatus::from_code);
    let deadline: i64 = row.try_get("deadline_at")?;
    let reasons: Vec<IdReasons> =
        serde_json::from_str(&row.try_get::<String, _>("reasons")?).unwrap_or_default();
    let actions = match (status, row.try_get::<Option<i64>, _>("created_at")?) {
        (Some(status), Some(created_at)) => {
            let ts = |c: &str| -> Result<Option<Timestamp>, sqlx::Error> {
                Ok(row
                    .try_get::<Option<i64>, _>(c)?
                    .map(Timestamp::from_unix_seconds))
            };
            let dates = ClaimDates {
                created_at: Timestamp::from_unix_seconds(created_at),
                consent_at: ts("consent_at")?,
                submitted_at: ts("submitted_at")?,
                rejected_at: ts("rejected_at")?,
            };
            RowAction::from_claim_actions(&available_actions(
                status, actor, &dates, engagement, now,
            ))
        }
        _ if tab == Tab::Eligible => vec![RowAction::ClaimCustomer],
        _ => Vec::new(),
    };
    Ok(CustomerRow {
        customer_id: crate::claims::repo::customer_id_in(row)?,
        other_ids: serde_json::from_str(&row.try_get::<String, _>("other_ids")?)
            .unwrap_or_default(),
        customer_name: row.try_get("customer_name")?,
        friendly_name: row.try_get("friendly_name")?,
        claim_ref: Some(claim_ref).filter(|r| !r.is_empty()),
        claim_status: status,
        date: Some(deadline).filter(|d| *d != NO_DATE),
        reasons,
        actions,
    })
}

fn completed_row(row: &AnyRow) -> Result<CustomerRow, sqlx::Error> {
    Ok(CustomerRow {
        customer_id: crate::claims::repo::customer_id_in(row)?,
        other_ids: Vec::new(),
        customer_name: row
            .try_get::<Option<String>, _>("customer_name")?
            .unwrap_or_default(),
        friendly_name: row.try_get("friendly_name")?,
        claim_ref: Some(row.try_get("claim_ref")?),
        claim_status: row
            .try_get::<String, _>("status")
            .ok()
            .as_deref()
            .and_then(ClaimStatus::from_code),
        date: row.try_get("ended_at")?,
        reasons: Vec::new(),
        actions: vec![RowAction::ViewClaim],
    })
}
