//! `GET /calendar/{token}.ics`: the feed itself, written with the `icalendar` crate (RFC 5545:
//! line folding, escaping and dates are its business, not ours). The token is the whole
//! authorisation, as a consent link's is: a session adds nothing.

use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::{ClaimRef, ClaimStatus, Deadline};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, Trigger};

/// One deadline of one claim.
pub struct FeedEvent {
    pub claim_ref: ClaimRef,
    pub status: ClaimStatus,
    pub deadline: Deadline,
    pub customer_name: String,
    pub friendly_name: String,
    pub engagement_name: String,
}

fn utc(unix_seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(unix_seconds, 0).unwrap_or_default()
}

/// The calendar: one event per deadline, ending at the deadline (half an hour long, so that
/// calendars draw it), with a reminder a day before. An event's UID names its claim, kind and
/// moment: a deadline that moves is a new event, and the old one leaves the calendar.
pub fn render(events: &[FeedEvent], now: i64, public_url: &str, french: bool) -> String {
    let mut calendar = Calendar::new();
    calendar.name(if french {
        "MCI Customers : échéances"
    } else {
        "MCI Customers: deadlines"
    });
    for e in events {
        let at = e.deadline.at.unix_seconds();
        let (kind, status) = if french {
            (e.deadline.kind.message_fr(), e.status.message_fr())
        } else {
            (e.deadline.kind.message_en(), e.status.message_en())
        };
        let customer = if e.customer_name.is_empty() {
            e.friendly_name.as_str()
        } else {
            e.customer_name.as_str()
        };
        let url = format!("{public_url}/claims/{}", e.claim_ref);
        let description = if french {
            format!(
                "{} · {}\nStatut : {status}\nRéclamation {} : {url}",
                e.friendly_name, e.engagement_name, e.claim_ref
            )
        } else {
            format!(
                "{} · {}\nStatus: {status}\nClaim {}: {url}",
                e.friendly_name, e.engagement_name, e.claim_ref
            )
        };
        let reminder = format!("{kind}: {customer} ({})", e.claim_ref);
        calendar.push(
            Event::new()
                .uid(&format!(
                    "{}-{}-{at}@mci-customers",
                    e.claim_ref,
                    e.deadline.kind.code()
                ))
                .timestamp(utc(now))
                .summary(&reminder)
                .description(&description)
                .url(&url)
                .starts(utc(at - 30 * 60))
                .ends(utc(at))
                .alarm(Alarm::display(
                    &reminder,
                    Trigger::before_end(chrono::Duration::days(1)),
                ))
                .done(),
        );
    }
    calendar.done().to_string()
}

/// The feed's answer: the calendar, or 404 for an address that is not (or no longer) issued.
#[tracing::instrument(skip_all)]
pub async fn calendar_feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match super::service::calendar(&state, token).await {
        Ok(Some(body)) => (
            StatusCode::OK,
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/calendar; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"mci-deadlines.ics\""),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, no-store"),
                ),
                (
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("no-referrer"),
                ),
            ],
            body,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => (error.status(), error.to_string()).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{DeadlineKind, Timestamp};

    #[test]
    fn each_deadline_is_an_event_with_a_reminder() {
        let event = FeedEvent {
            claim_ref: ClaimRef::parse("C-0S248SZF11").unwrap(),
            status: ClaimStatus::PartnerActionRequired,
            deadline: Deadline {
                kind: DeadlineKind::Review,
                at: Timestamp::from_unix_seconds(1_796_256_000),
            },
            customer_name: "Litware, Inc.".into(),
            friendly_name: "Litware AI pilot; phase 1".into(),
            engagement_name: "Azure Accelerate".into(),
        };
        let ics = render(&[event], 1_796_000_000, "https://mci.example", false);
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
        assert!(unfolded.contains("UID:C-0S248SZF11-review-1796256000@mci-customers\r\n"));
        assert!(unfolded.contains("DTEND:20261203T000000Z\r\n"), "{ics}");
        assert!(
            unfolded.contains("SUMMARY:Review deadline: Litware\\, Inc. (C-0S248SZF11)\r\n"),
            "{ics}"
        );
        assert!(unfolded.contains("BEGIN:VALARM\r\n"));
        assert!(unfolded.contains("URL:https://mci.example/claims/C-0S248SZF11\r\n"));
        let french = render(&[], 0, "https://mci.example", true);
        assert!(french.contains("MCI Customers : échéances"), "{french}");
    }
}
