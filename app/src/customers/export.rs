//! `GET /engagements/{id}/customers.csv`: the whole filtered tab as CSV (UTF-8, a header row),
//! written with the `csv` crate and streamed page by page (keyset pages of 1 000 rows), so an
//! export of 100 000 rows never sits in memory whole.

use super::model::{CustomerRow, CustomersQuery, SortKey, Tab};
use super::service::customers_page_sized;
use crate::auth::guard::{require_incentives, PartnerScope};
use crate::auth::server::principal_in_session;
use crate::components::format::iso_date;
use crate::error::AppError;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::EngagementId;
use std::borrow::Cow;
use std::collections::HashMap;
use tower_sessions::Session;

const EXPORT_PAGE: i64 = 1_000;

const HEADER: [&str; 10] = [
    "tab",
    "customer",
    "customer_id_type",
    "customer_id",
    "other_ids",
    "friendly_name",
    "claim_id",
    "status",
    "date",
    "reasons",
];

fn refusal(error: &AppError) -> Response {
    (error.status(), error.to_string()).into_response()
}

/// A text cell a spreadsheet shows and never evaluates (OWASP, "CSV Injection"): text that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`. The `csv` crate
/// quotes what needs quoting but leaves formulas as they are; this is the one rule it lacks.
fn cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

fn csv_chunk(tab: Tab, rows: &[CustomerRow], with_header: bool) -> Result<Bytes, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    if with_header {
        writer.write_record(HEADER)?;
    }
    for row in rows {
        // One entry per ID, named when the customer has several: "northwind.fr: …; tenant …".
        let reasons: Vec<String> = row
            .reasons
            .iter()
            .filter(|r| !r.reasons.is_empty())
            .map(|r| {
                let messages: Vec<String> = r.reasons.iter().map(|m| m.message_en()).collect();
                if row.other_ids.is_empty() {
                    messages.join("; ")
                } else {
                    format!("{}: {}", r.id.display_value(), messages.join(" "))
                }
            })
            .collect();
        let others: Vec<String> = row
            .other_ids
            .iter()
            .map(|id| format!("{} {}", id.kind().code(), id.display_value()))
            .collect();
        // Names and IDs come from partners and from imported files: neutralised.
        writer.write_record([
            tab.code(),
            &cell(&row.customer_name),
            row.customer_id.kind().code(),
            &cell(&row.customer_id.display_value()),
            &cell(&others.join("; ")),
            &cell(&row.friendly_name),
            row.claim_ref.as_ref().map_or("", domain::ClaimRef::as_str),
            row.claim_status.map(|s| s.code()).unwrap_or(""),
            &row.date.map(iso_date).unwrap_or_default(),
            &cell(&reasons.join("; ")),
        ])?;
    }
    writer
        .into_inner()
        .map(Bytes::from)
        .map_err(|e| e.into_error().into())
}

/// The export, for the signed-in partner user.
#[tracing::instrument(skip_all, fields(engagement = %engagement_id))]
pub async fn export_csv(
    State(state): State<AppState>,
    session: Session,
    Path(engagement_id): Path<EngagementId>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let scope: PartnerScope = match principal_in_session(&state, &session)
        .await
        .and_then(|p| require_incentives(&p))
    {
        Ok(scope) => scope,
        Err(error) => return refusal(&error),
    };
    let query = CustomersQuery {
        engagement_id,
        tab: params
            .get("tab")
            .and_then(|t| Tab::from_code(t))
            .unwrap_or_default(),
        search: params.get("q").cloned().unwrap_or_default(),
        sort: params
            .get("sort")
            .and_then(|s| SortKey::from_code(s))
            .unwrap_or_default(),
        descending: params.get("dir").map(String::as_str) == Some("desc"),
        after: None,
        before: None,
        size: None,
    };
    // The first page answers the access question before any byte is sent.
    let first = match customers_page_sized(&state, &scope, query.clone(), EXPORT_PAGE).await {
        Ok(page) => page,
        Err(error) => return refusal(&error),
    };
    let file = format!(
        "{}-{}.csv",
        first.engagement_code.to_lowercase(),
        query.tab.code()
    );
    use futures::StreamExt;
    let tab = query.tab;
    let stream = futures::stream::unfold(
        (Some(first), query, true, state, scope),
        move |(page, mut query, first_chunk, state, scope)| async move {
            let page = match page {
                Some(page) => page,
                None if query.after.is_none() => return None,
                None => {
                    match customers_page_sized(&state, &scope, query.clone(), EXPORT_PAGE).await {
                        Ok(page) => page,
                        Err(error) => {
                            tracing::error!(%error, "export stopped");
                            return Some((
                                Err(std::io::Error::other("export failed")),
                                (None, query.clone(), false, state, scope),
                            ));
                        }
                    }
                }
            };
            let chunk = csv_chunk(tab, &page.rows, first_chunk).map_err(std::io::Error::other);
            query.after = page.next.clone();
            if query.after.is_none() {
                // Last page: emit it, then end (an empty `after` stops the next turn).
                return Some((
                    chunk,
                    (
                        None,
                        CustomersQuery {
                            after: None,
                            ..query
                        },
                        false,
                        state,
                        scope,
                    ),
                ));
            }
            Some((chunk, (None, query, false, state, scope)))
        },
    )
    // `unfold` panics when polled again after its end, and a reader may do that (the response
    // compression polls the body once more to finish its frame): fused, the end stays the end.
    .fuse();
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/csv; charset=utf-8")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file}\""),
        )
        .body(Body::from_stream(stream))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chunk_has_the_header_once_and_quotes_what_needs_it() {
        let row = CustomerRow {
            customer_id: domain::CustomerId::parse(
                domain::CustomerIdType::DomainName,
                "xn--bckerei-mnchen-5hb60b.de",
            )
            .unwrap(),
            other_ids: vec![domain::CustomerId::parse(domain::CustomerIdType::Tpid, "42").unwrap()],
            customer_name: "Northwind, \"Traders\"".into(),
            friendly_name: "Wave 1".into(),
            claim_ref: None,
            claim_status: None,
            date: Some(1_798_718_400),
            reasons: Vec::new(),
            actions: Vec::new(),
        };
        let first = String::from_utf8(
            csv_chunk(Tab::Eligible, std::slice::from_ref(&row), true)
                .unwrap()
                .to_vec(),
        )
        .unwrap();
        assert_eq!(
            first,
            "tab,customer,customer_id_type,customer_id,other_ids,friendly_name,claim_id,status,date,reasons\n\
             eligible,\"Northwind, \"\"Traders\"\"\",domain_name,bäckerei-münchen.de,tpid 42,Wave 1,,,2026-12-31,\n"
        );
        let next =
            String::from_utf8(csv_chunk(Tab::Eligible, &[row], false).unwrap().to_vec()).unwrap();
        assert!(next.starts_with("eligible,"));
    }

    #[test]
    fn a_name_that_a_spreadsheet_would_run_is_written_as_text() {
        let row = CustomerRow {
            customer_id: domain::CustomerId::parse(domain::CustomerIdType::Tpid, "42").unwrap(),
            other_ids: Vec::new(),
            customer_name: "@SUM(1+1)*cmd|' /C calc'!A0".into(),
            friendly_name: "=HYPERLINK(\"http://evil.example\",\"Open\")".into(),
            claim_ref: None,
            claim_status: None,
            date: None,
            reasons: Vec::new(),
            actions: Vec::new(),
        };
        let text =
            String::from_utf8(csv_chunk(Tab::Eligible, &[row], false).unwrap().to_vec()).unwrap();
        let record: Vec<String> =
            csv::Reader::from_reader(format!("{}\n{text}", HEADER.join(",")).as_bytes())
                .records()
                .next()
                .unwrap()
                .unwrap()
                .iter()
                .map(str::to_owned)
                .collect();
        assert_eq!(record[1], "'@SUM(1+1)*cmd|' /C calc'!A0");
        assert_eq!(record[5], "'=HYPERLINK(\"http://evil.example\",\"Open\")");
        for plain in ["Northwind", "Wave 1", "x-ray", ""] {
            assert_eq!(cell(plain), plain);
        }
        for formula in ["+1", "-1+2", "\tx", "\rx"] {
            assert!(cell(formula).starts_with('\''), "{formula:?}");
        }
    }
}
