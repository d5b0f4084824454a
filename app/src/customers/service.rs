//! The Customers page, assembled: a page of rows with their actions, and apart from it the tab
//! counts. Without a search the counts are kept by the database in the transactions that write
//! the rows (migration 0011); a search counts the rows that match it, found through trigram
//! indexes. The page asks for counts only when the engagement or the search changes, not when it
//! switches tabs, sorts or pages.

use super::model::{
    Cursor, CustomerRow, CustomersPage, CustomersQuery, RowAction, Tab, TabCounts, MAX_PAGE_SIZE,
    PAGE_SIZE,
};
use super::repo::{self, Paged, RawPage};
use crate::auth::guard::PartnerScope;
use crate::claims::service::partner_actor;
use crate::error::AppError;
use crate::request::RequestMemo;
use crate::state::AppState;
use domain::{available_actions, CustomerIdType, Timestamp};
use domain::{EngagementId, PartnerId};

/// The number of rows of each tab of an engagement's Customers page under a search.
#[tracing::instrument(skip(state, scope, search), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn customer_counts(
    state: &AppState,
    scope: &PartnerScope,
    engagement_id: EngagementId,
    search: &str,
) -> Result<TabCounts, AppError> {
    let pool = &state.db.pool;
    if !partner_engagements(state, scope.partner_id)
        .await?
        .contains(&engagement_id)
    {
        return Err(AppError::NotFound);
    }
    drain_own(state, scope.partner_id, engagement_id).await?;
    Ok(repo::counts(pool, scope, engagement_id, search).await?)
}

/// The engagements the partner has a Customers page for (once per request: the page and its
/// counts both ask).
async fn partner_engagements(
    state: &AppState,
    partner_id: PartnerId,
) -> Result<Vec<EngagementId>, sqlx::Error> {
    let load = move || repo::rows::partner_engagements(&state.db.pool, partner_id);
    match RequestMemo::current() {
        Some(memo) => memo.partner_engagements(partner_id, load).await,
        None => load().await,
    }
}

/// The marks of this engagement's rows still waiting for the worker are drained first, so the
/// tabs show the partner's own last action (and anything else already committed). Usually there
/// are none; a large batch (an import) is left to the worker beyond the first few hundred. Once
/// per request: the page's render asks for its rows and its counts together, and the second
/// waits for the first one's drain.
#[tracing::instrument(skip(state), err(level = "debug"))]
async fn drain_own(
    state: &AppState,
    partner_id: PartnerId,
    engagement_id: EngagementId,
) -> Result<(), AppError> {
    let drain = move || async move {
        let now = Timestamp::from_unix_seconds(state.clock.now());
        super::marks::drain(
            &state.db.pool,
            now,
            Some((partner_id.get(), engagement_id.get())),
            500,
        )
        .await?;
        Ok::<_, AppError>(())
    };
    match RequestMemo::current() {
        Some(memo) => memo.drain_once((partner_id, engagement_id), drain).await,
        None => drain().await,
    }
}

/// One page of a tab of an engagement's Customers page, for the partner user in `scope`.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn customers_page(
    state: &AppState,
    scope: &PartnerScope,
    query: CustomersQuery,
) -> Result<CustomersPage, AppError> {
    let size = query.size.unwrap_or(PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
    customers_page_sized(state, scope, query, size).await
}

/// [`customers_page`] with another page size (the CSV export reads in large pages).
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn customers_page_sized(
    state: &AppState,
    scope: &PartnerScope,
    query: CustomersQuery,
    size: i64,
) -> Result<CustomersPage, AppError> {
    let pool = &state.db.pool;
    // Only engagements the partner has an eligible location for have a Customers page.
    let engagements = partner_engagements(state, scope.partner_id).await?;
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
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let actor = partner_actor(scope);
    let paged_in = query.after.is_some() || query.before.is_some();
    let assembled = if query.tab == Tab::Completed {
        let raw = repo::completed_page(pool, scope, &query, size).await?;
        assemble(raw, paged_in, CustomerRow::try_from)?
    } else {
        let mut raw = repo::listed_page(pool, scope, &query, size).await?;
        if msx_only && query.tab == Tab::Ineligible {
            // Known customers are identified by other kinds of ID than this engagement accepts:
            // the page says so once instead of listing the same reason for each.
            raw.rows.clear();
            raw.more = false;
        }
        assemble(raw, paged_in, |row| {
            let (mut row, dates) = row.into_customer_row()?;
            row.actions =
                match (row.claim_status, dates) {
                    (Some(status), Some(dates)) => RowAction::from_claim_actions(
                        &available_actions(status, actor, &dates, &engagement, now),
                    ),
                    _ if query.tab == Tab::Eligible => vec![RowAction::ClaimCustomer],
                    _ => Vec::new(),
                };
            Ok(row)
        })?
    };
    Ok(CustomersPage {
        engagement_name: engagement.name.clone(),
        engagement_code: engagement.code.clone(),
        msx_only,
        accepting_claims: engagement.is_open(now),
        rows: assembled.rows,
        next: assembled.next.map(|c| c.encode()),
        previous: assembled.previous.map(|c| c.encode()),
        now: now.unix_seconds(),
    })
}

/// A page's rows, and the cursors of the pages beside it.
struct Assembled {
    rows: Vec<CustomerRow>,
    next: Option<Cursor>,
    previous: Option<Cursor>,
}

fn assemble<T: Paged>(
    raw: RawPage<T>,
    paged_in: bool,
    convert: impl FnMut(T) -> Result<CustomerRow, sqlx::Error>,
) -> Result<Assembled, sqlx::Error> {
    let first = raw.rows.first().map(Paged::cursor);
    let last = raw.rows.last().map(Paged::cursor);
    let (next, previous) = if raw.backward {
        (last, if raw.more { first } else { None })
    } else {
        (
            if raw.more { last } else { None },
            if paged_in { first } else { None },
        )
    };
    Ok(Assembled {
        rows: raw
            .rows
            .into_iter()
            .map(convert)
            .collect::<Result<_, _>>()?,
        next,
        previous,
    })
}
