//! SQL of the partner's own domains (`super::super::recipient`): those of its users' e-mail
//! addresses and the configured ones.

use crate::error::AppError;
use domain::{DomainName, EmailAddress, PartnerId};
use sqlx::AnyPool;
use std::collections::BTreeSet;

/// Every domain of the partner, normalised and without repeats. Users' addresses are parsed
/// here rather than cut in SQL, so that a domain compares exactly as the recipient's does (the
/// same `domain` parser normalises both); a stored value that does not parse vouches for nothing
/// and is left out.
#[tracing::instrument(skip(pool), fields(partner = %partner_id), err(level = "warn"))]
pub async fn partner_domains(
    pool: &AnyPool,
    partner_id: PartnerId,
) -> Result<Vec<DomainName>, AppError> {
    let emails: Vec<String> = sqlx::query_scalar("SELECT email FROM users WHERE partner_id = $1")
        .bind(partner_id.get())
        .fetch_all(pool)
        .await?;
    let configured: Vec<String> =
        sqlx::query_scalar("SELECT domain FROM partner_domains WHERE partner_id = $1")
            .bind(partner_id.get())
            .fetch_all(pool)
            .await?;
    let domains: BTreeSet<DomainName> = emails
        .iter()
        .filter_map(|e| EmailAddress::parse(e).ok())
        .map(|e| e.domain_name().clone())
        .chain(configured.iter().filter_map(|d| DomainName::parse(d).ok()))
        .collect();
    Ok(domains.into_iter().collect())
}
