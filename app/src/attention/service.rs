//! The attention inbox, assembled: the rows waiting on the partner with their one action,
//! decided by the same rules as the Customers page's row actions, and the money at risk per week.

use super::model::{Attention, AttentionAction, AttentionFilter, AttentionRow, WeekAtRisk};
use super::model::{ATTENTION_LIMIT, WITHIN_DAYS};
use super::repo;
use crate::auth::guard::PartnerScope;
use crate::claims::service::{partner_actor, EngagementsOf};
use crate::error::{AppError, FieldProblem};
use crate::state::AppState;
use domain::{available_actions, deadline, Money, Timestamp};

/// The inbox of the partner user in `scope`, under the filters.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn attention(
    state: &AppState,
    scope: &PartnerScope,
    filter: &AttentionFilter,
) -> Result<Attention, AppError> {
    let pool = &state.db.pool;
    if filter
        .within_days
        .is_some_and(|days| !WITHIN_DAYS.contains(&days))
    {
        return Err(AppError::field("within", FieldProblem::Unknown));
    }
    let locations = repo::locations(pool, scope).await?;
    if !filter.location.is_empty() && !locations.iter().any(|(id, _)| *id == filter.location) {
        return Err(AppError::field("location", FieldProblem::Unknown));
    }
    let engagement_ids =
        crate::customers::repo::rows::partner_engagements(pool, scope.partner_id).await?;
    if let Some(id) = filter.engagement_id {
        if !engagement_ids.contains(&id) {
            return Err(AppError::field("engagement", FieldProblem::Unknown));
        }
    }
    // The rows as the Customers pages would show them: their pending recomputations first.
    let now = Timestamp::from_unix_seconds(state.clock.now());
    for id in &engagement_ids {
        crate::customers::marks::drain(pool, now, Some((scope.partner_id.get(), id.get())), 500)
            .await?;
    }
    let (listed, more) = repo::listed(pool, scope, filter, now).await?;
    let actor = partner_actor(scope);
    let mut engagements = EngagementsOf::new(state);
    let mut rows = Vec::with_capacity(listed.len());
    for l in listed {
        let engagement = engagements.get(l.claim.engagement_id).await?;
        let available = available_actions(l.claim.status, actor, &l.claim.dates, engagement, now);
        rows.push(AttentionRow {
            deadline: deadline(l.claim.status, &l.claim.dates, engagement),
            action: AttentionAction::pick(&available),
            claim_ref: l.claim_ref,
            engagement_id: l.claim.engagement_id,
            engagement_name: l.engagement_name,
            location_name: l.location_name,
            customer_name: l.customer_name,
            customer_id: l.claim.customer_id,
            friendly_name: l.friendly_name,
            status: l.claim.status,
            at_risk: l.at_risk,
        });
    }
    debug_assert!(rows.len() as i64 <= ATTENTION_LIMIT);
    Ok(Attention {
        rows,
        more,
        weeks: weeks(repo::weeks(pool, scope, filter, now).await?),
        locations,
        engagements: repo::engagement_names(pool, &engagement_ids).await?,
        now: now.unix_seconds(),
    })
}

/// The week totals, one entry per week with one amount per currency.
fn weeks(totals: Vec<repo::WeekTotal>) -> Vec<WeekAtRisk> {
    let mut out: Vec<WeekAtRisk> = Vec::new();
    for t in totals {
        let amount = Money::new(t.cents, t.currency);
        match out.last_mut() {
            Some(week) if week.starts == t.starts => {
                week.amounts.push(amount);
                week.claims += t.claims;
            }
            _ => out.push(WeekAtRisk {
                starts: t.starts,
                amounts: vec![amount],
                claims: t.claims,
            }),
        }
    }
    out
}

/// How many claims wait on the user: the header's count.
#[tracing::instrument(skip(state, scope), fields(partner = %scope.partner_id), err(level = "debug"))]
pub async fn count(state: &AppState, scope: &PartnerScope) -> Result<i64, AppError> {
    let now = Timestamp::from_unix_seconds(state.clock.now());
    Ok(repo::count(&state.db.pool, scope, now).await?)
}
