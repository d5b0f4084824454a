//! Request safety: cross-site state changes are refused, and every response carries the
//! security headers.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::header::{self, HeaderValue};
use http::{Method, StatusCode};
use std::sync::Arc;

/// Where the allowed origin comes from.
#[derive(Debug, Clone)]
pub struct OriginPolicy {
    /// A fixed public origin (behind a proxy), or `None` to compare with the request's `Host`.
    pub public_origin: Option<String>,
    /// Add `Strict-Transport-Security` (production, served over HTTPS).
    pub hsts: bool,
    /// More sources pages may connect to (cargo-leptos' live-reload WebSocket, in development).
    pub extra_connect: String,
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// True when the headers show that another site sent this request.
fn is_cross_site(request: &Request, policy: &OriginPolicy) -> bool {
    let headers = request.headers();
    // Sent by every current browser and not settable by a page: the strongest signal.
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if site != "same-origin" && site != "none" {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        // No Origin: not a browser's cross-site request (browsers send Origin on every POST).
        return false;
    };
    let Ok(origin) = origin.to_str() else {
        return true;
    };
    match &policy.public_origin {
        Some(allowed) => origin != allowed,
        None => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            let origin_host = origin.split_once("://").map(|(_, rest)| rest);
            match (origin_host, host) {
                (Some(origin_host), Some(host)) => !origin_host.eq_ignore_ascii_case(host),
                _ => true,
            }
        }
    }
}

/// Refuses a state-changing request (server functions, forms) sent from another site.
pub async fn refuse_cross_site(
    State(policy): State<OriginPolicy>,
    request: Request,
    next: Next,
) -> Response {
    if !is_safe_method(request.method()) && is_cross_site(&request, &policy) {
        tracing::warn!(method = %request.method(), uri = %request.uri(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "Cross-site requests are not accepted.",
        )
            .into_response();
    }
    next.run(request).await
}

/// The server functions that take `multipart/form-data` (uploads).
const MULTIPART_ENDPOINTS: [&str; 2] = ["/api/submit_claim", "/api/import_programme_data"];

/// Whether a content type is `multipart/form-data` with a boundary.
fn is_multipart_with_boundary(content_type: &str) -> bool {
    let mut parts = content_type.split(';').map(str::trim);
    parts
        .next()
        .is_some_and(|kind| kind.eq_ignore_ascii_case("multipart/form-data"))
        && parts.any(|p| {
            p.get(..9)
                .is_some_and(|key| key.eq_ignore_ascii_case("boundary="))
                && p.len() > 9
        })
}

/// Refuses a request to an upload endpoint that is not `multipart/form-data` with a boundary
/// (415): the server functions' multipart reader assumes one, and a crafted request must get a
/// refusal, not reach it.
pub async fn require_multipart_uploads(request: Request, next: Next) -> Response {
    if MULTIPART_ENDPOINTS.contains(&request.uri().path()) {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !is_multipart_with_boundary(content_type) {
            return (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Uploads are sent as multipart/form-data.",
            )
                .into_response();
        }
    }
    next.run(request).await
}

/// The nonce of one response, made before the page renders: Leptos puts it on its scripts and
/// styles (`page_nonce_context` gives it to the render), and this layer writes the page's
/// Content-Security-Policy with it. The policy does not depend on the render having set its
/// header: a page whose header was lost kept the allow-nothing fallback, and its own scripts
/// were blocked (the page never became interactive).
#[derive(Clone)]
pub struct PageNonce(pub Arc<str>);

/// Gives the request's [`PageNonce`] to the Leptos render (as its `Nonce`), instead of the one
/// Leptos would draw itself.
pub fn page_nonce_context() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The policy of an HTML page: scripts and styles only from here or with the page's nonce.
pub fn page_policy(nonce: &str, extra_connect: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'{extra_connect}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Headers on every response. An HTML page gets its own Content-Security-Policy with the
/// request's nonce; any other response gets a policy that allows nothing.
pub async fn security_headers(
    State(policy): State<OriginPolicy>,
    request: Request,
    next: Next,
) -> Response<Body> {
    let is_asset = request.uri().path().starts_with("/pkg/");
    let mut request = request;
    let nonce: Arc<str> = leptos::nonce::Nonce::new().as_inner().clone();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce, &policy.extra_connect)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        );
    }
    // Pages and answers carry a partner's data: no shared cache may keep them.
    if !is_asset && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if policy.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(Method::POST).uri("/api/x");
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        builder.body(Body::empty()).unwrap()
    }

    fn by_host() -> OriginPolicy {
        OriginPolicy {
            public_origin: None,
            hsts: false,
            extra_connect: String::new(),
        }
    }

    #[test]
    fn a_same_origin_post_passes() {
        let request = post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert!(!is_cross_site(&request, &by_host()));
    }

    #[test]
    fn a_post_from_another_origin_is_cross_site() {
        let request = post(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://evil.example"),
        ]);
        assert!(is_cross_site(&request, &by_host()));
    }

    #[test]
    fn a_browser_saying_cross_site_is_believed_whatever_the_origin() {
        let request = post(&[
            ("host", "a.example"),
            ("origin", "http://a.example"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert!(is_cross_site(&request, &by_host()));
        let request = post(&[("host", "a.example"), ("sec-fetch-site", "same-site")]);
        assert!(is_cross_site(&request, &by_host()));
    }

    #[test]
    fn an_opaque_null_origin_is_refused() {
        let request = post(&[("host", "a.example"), ("origin", "null")]);
        assert!(is_cross_site(&request, &by_host()));
    }

    #[test]
    fn a_configured_public_origin_is_the_only_one_allowed() {
        let policy = OriginPolicy {
            public_origin: Some("https://mci.example".into()),
            hsts: true,
            extra_connect: String::new(),
        };
        assert!(!is_cross_site(
            &post(&[("host", "10.0.0.5:3000"), ("origin", "https://mci.example")]),
            &policy
        ));
        assert!(is_cross_site(
            &post(&[("host", "mci.example"), ("origin", "http://mci.example")]),
            &policy
        ));
    }

    #[test]
    fn a_request_without_origin_headers_is_not_a_browser_cross_site_request() {
        assert!(!is_cross_site(&post(&[("host", "a.example")]), &by_host()));
    }

    #[test]
    fn only_multipart_with_a_boundary_reaches_an_upload_endpoint() {
        assert!(is_multipart_with_boundary(
            "multipart/form-data; boundary=----x"
        ));
        assert!(is_multipart_with_boundary(
            "Multipart/Form-Data;charset=utf-8; BOUNDARY=abc"
        ));
        assert!(!is_multipart_with_boundary("multipart/form-data"));
        assert!(!is_multipart_with_boundary(
            "multipart/form-data; boundary="
        ));
        assert!(!is_multipart_with_boundary(
            "application/x-www-form-urlencoded"
        ));
        assert!(!is_multipart_with_boundary(""));
    }
}
