//! Development-only pages, routed only when `APP_ENV=development`, and answered only to a peer on
//! this machine (a development server reachable from the network must not let anyone move its
//! clock or read its mail):
//! * `/dev/mailbox`: what the outbox delivered without an SMTP server, as the customer would
//!   read it, links included (the end-to-end tests follow the consent links from here);
//! * `/dev/clock`: moves the application's clock forward (the end-to-end tests make consent
//!   deadlines pass with it), then runs the deadline sweeper at once.

use app::consent::mail::escape;
use app::consent::repo::mailbox_list;
use app::state::AppState;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use http::{header, HeaderValue, StatusCode};
use serde::Deserialize;

/// Answers 404 to any peer that is not this machine, as if the route did not exist. A request
/// without a peer address (never the case under `axum::serve` with connect info) is refused too.
pub async fn loopback_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let local = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(peer)| peer.ip().is_loopback());
    if !local {
        tracing::warn!(path = %request.uri().path(), "development route refused to a remote peer");
        return StatusCode::NOT_FOUND.into_response();
    }
    next.run(request).await
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(crate::endpoints::DEV_MAILBOX, get(mailbox))
        .route(crate::endpoints::DEV_CLOCK, get(clock).post(advance_clock))
}

#[derive(Debug, Deserialize)]
struct MailboxQuery {
    to: Option<String>,
}

/// The links of a plain-text body.
fn links(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .collect()
}

async fn mailbox(State(state): State<AppState>, Query(query): Query<MailboxQuery>) -> Response {
    let to = query.to.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let messages = match mailbox_list(&state.db.pool, to, 50).await {
        Ok(messages) => messages,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let mut body = String::from(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Development mailbox · MCI Customers</title>
<style>body{font-family:'Segoe UI',system-ui,sans-serif;margin:24px;color:#242424;background:#f5f5f5}
article{background:#fff;border-radius:8px;padding:16px 24px;margin-bottom:16px;max-width:760px}
h2{font-size:1.1rem;margin:0 0 4px}.meta{color:#5c5c5c;font-size:.85rem}
iframe{width:100%;height:420px;border:1px solid #e0e0e0;border-radius:4px}
pre{white-space:pre-wrap;font-size:.85rem;background:#fafafa;padding:12px}</style></head><body>
<h1>Development mailbox</h1><p class="meta">Mail the outbox delivered while no SMTP server is configured, newest first. Development only.</p>"#,
    );
    if messages.is_empty() {
        body.push_str("<p>No message yet.</p>");
    }
    for m in &messages {
        let link_items: String = links(&m.body_text)
            .iter()
            .map(|l| {
                format!(
                    r#"<li><a class="mail-link" href="{0}">{0}</a></li>"#,
                    escape(l)
                )
            })
            .collect();
        body.push_str(&format!(
            r#"<article class="mail" data-to="{to}" data-id="{id}">
<h2 class="mail-subject">{subject}</h2>
<p class="meta">To {to} · delivered at {at} (Unix time)</p>
<ul class="mail-links">{link_items}</ul>
<iframe title="{subject}" sandbox srcdoc="{html}"></iframe>
<details><summary>Plain text</summary><pre>{text}</pre></details>
</article>"#,
            to = escape(&m.to_address),
            id = m.id,
            subject = escape(&m.subject),
            at = m.delivered_at,
            link_items = link_items,
            html = escape(&m.body_html),
            text = escape(&m.body_text),
        ));
    }
    body.push_str("</body></html>");
    let mut response = Html(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; frame-ancestors 'none'",
        ),
    );
    response
}

async fn clock(State(state): State<AppState>) -> Response {
    match &state.time_control {
        Some(control) => format!(
            "now={} offset_seconds={}\n",
            app::state::Clock::now(state.clock.as_ref()),
            control.offset()
        )
        .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Debug, Deserialize)]
struct Advance {
    seconds: i64,
    /// `false` leaves the sweeper to its own schedule: a deadline can pass while a page is open
    /// (the end-to-end test of a late submission), as between two sweeps in production.
    #[serde(default = "yes")]
    sweep: bool,
}

fn yes() -> bool {
    true
}

/// Moves the clock forward (never back: deadlines already enforced stay enforced), then sweeps
/// unless asked not to.
async fn advance_clock(State(state): State<AppState>, Form(advance): Form<Advance>) -> Response {
    let Some(control) = &state.time_control else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !(0..=400 * 24 * 3600).contains(&advance.seconds) {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            "seconds must be between 0 and 400 days",
        )
            .into_response();
    }
    control.advance(advance.seconds);
    if !advance.sweep {
        return clock(State(state)).await;
    }
    if let Err(error) = crate::workers::tick(&state).await {
        tracing::error!(
            error = format!("{error:#}"),
            "sweeping after moving the clock"
        );
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    clock(State(state)).await
}
