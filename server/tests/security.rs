//! The deployment's safety rails, over HTTP on both backends: the sign-in throttle under a
//! burst, the client address behind proxies, the session's absolute lifetime and "sign out
//! everywhere", production's cookie, and the development routes kept to this machine.

mod common;

use common::fixtures::*;
use common::{Backend, TestApp};

/// Forty wrong passwords for one account at once: exactly the limit's five are checked, every
/// other one is refused before its password is looked at.
async fn a_burst_of_wrong_passwords_gets_no_more_tries_than_the_limit(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let limit = app.state.config.sign_in_limits.per_account as usize;
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let request = app
            .post(&app.client(), "/api/sign_in")
            .header("sec-fetch-site", "same-origin")
            .form(&[("email", CONTOSO_USER), ("password", "guess")]);
        attempts.spawn(async move { request.send().await.unwrap().status().as_u16() });
    }
    let statuses = attempts.join_all().await;
    let refused = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((refused, throttled), (limit, 40 - limit), "{statuses:?}");
    // Throttled attempts are not kept: the table holds the failures that were tried.
    let kept = count(&app.state.db, "SELECT COUNT(*) FROM sign_in_failures").await;
    assert_eq!(kept, limit as i64);
}

/// Behind one trusted proxy, the client's address is the hop that proxy appended: an attacker
/// who writes a new left-most hop on every request is still one address, and is throttled.
async fn the_address_behind_a_proxy_is_the_right_most_hop_not_the_clients_claim(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| config.trusted_proxy_hops = 1).await;
    let per_address = app.state.config.sign_in_limits.per_address as usize;
    let client = app.client();
    let mut statuses = Vec::new();
    for i in 0..per_address + 3 {
        let response = app
            .post(&client, "/api/sign_in")
            .header("sec-fetch-site", "same-origin")
            .header(
                "x-forwarded-for",
                format!("10.9.{}.{}, 203.0.113.7", i / 250, i % 250),
            )
            .form(&[
                ("email", format!("nobody{i}@example.com")),
                ("password", "guess".into()),
            ])
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert!(
        statuses[..per_address].iter().all(|s| *s == 401),
        "{statuses:?}"
    );
    assert!(
        statuses[per_address..].iter().all(|s| *s == 429),
        "{statuses:?}"
    );
    let addresses = count(
        &app.state.db,
        "SELECT COUNT(DISTINCT address) FROM sign_in_failures",
    )
    .await;
    assert_eq!(addresses, 1, "one client, one address");
}

/// Moves every session of `email` back in time by `seconds`, as if it had signed in that much
/// earlier (the lifetime runs on the wall clock, which a test cannot move).
async fn age_sessions(app: &TestApp, email: &str, seconds: i64) {
    use sqlx::Row;
    let user = user_id(&app.state.db, email).await;
    let rows = sqlx::query("SELECT id, data FROM sessions WHERE user_id = $1")
        .bind(user.get())
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert!(!rows.is_empty(), "{email} has a session");
    for row in rows {
        let id: String = row.get("id");
        // Edited as text: the record's id is a 128-bit number, which a JSON value would round.
        let data: String = row.get("data");
        let key = "\"signed_in_at\":";
        let start = data.find(key).expect("a sign-in time") + key.len();
        let end = start + data[start..].find(|c: char| !c.is_ascii_digit()).unwrap();
        let at: i64 = data[start..end].parse().unwrap();
        let data = format!("{}{}{}", &data[..start], at - seconds, &data[end..]);
        sqlx::query("UPDATE sessions SET data = $1 WHERE id = $2")
            .bind(data)
            .bind(id)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
}

/// A session ends 12 hours after its sign-in however active it is; moving the application's
/// clock (deadlines, in development) does not end it.
async fn a_session_ends_at_its_absolute_lifetime(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.signed_in(CONTOSO_ADMIN).await;
    assert_eq!(
        app.call(&client, "list_engagements", &[]).await.status(),
        200
    );
    app.clock.advance(40 * 86_400);
    assert_eq!(
        app.call(&client, "list_engagements", &[]).await.status(),
        200
    );
    age_sessions(&app, CONTOSO_ADMIN, 12 * 3600 - 60).await;
    assert_eq!(
        app.call(&client, "list_engagements", &[]).await.status(),
        200
    );
    age_sessions(&app, CONTOSO_ADMIN, 60).await;
    assert_eq!(
        app.call(&client, "list_engagements", &[]).await.status(),
        401
    );
    let me = app.call(&client, "get_current_user", &[]).await;
    assert_eq!(me.text().await.unwrap(), "null");
    let left = count(
        &app.state.db,
        "SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL",
    )
    .await;
    assert_eq!(left, 0, "the ended session is deleted");
}

/// "Sign out of every device" ends every session of that user, and only that user's.
async fn sign_out_everywhere_ends_every_session_of_the_user(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let laptop = app.signed_in(CONTOSO_ADMIN).await;
    let phone = app.signed_in(CONTOSO_ADMIN).await;
    let colleague = app.signed_in(CONTOSO_USER).await;
    let ended = app.call(&laptop, "sign_out_everywhere", &[]).await;
    assert_eq!(ended.status(), 200);
    assert_eq!(ended.text().await.unwrap(), "2");
    for (device, client) in [("laptop", &laptop), ("phone", &phone)] {
        let status = app.call(client, "list_engagements", &[]).await.status();
        assert_eq!(status, 401, "{device}");
    }
    assert_eq!(
        app.call(&colleague, "list_engagements", &[]).await.status(),
        200
    );
    // Anonymous: nothing to sign out of.
    let anonymous = app.call(&app.client(), "sign_out_everywhere", &[]).await;
    assert_eq!(anonymous.status(), 401);
}

/// In production the session cookie is `__Host-`, `Secure`, for `/`, and pages send HSTS.
async fn production_sends_a_host_only_secure_cookie_and_hsts(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.environment = app::state::Environment::Production;
        config.public_origin = None;
    })
    .await;
    let response = app
        .call(
            &app.client(),
            "sign_in",
            &[("email", CONTOSO_ADMIN), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-mci_session="), "{cookie}");
    for part in ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"] {
        assert!(cookie.contains(part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Domain="), "{cookie}");
    assert!(response.headers().contains_key("strict-transport-security"));
    // And the development routes do not exist.
    let mailbox = app
        .client()
        .get(app.url("/dev/mailbox"))
        .send()
        .await
        .unwrap();
    assert_eq!(mailbox.status(), 404);
}

/// In development the mailbox and the clock answer this machine only.
async fn development_routes_answer_only_this_machine(backend: Backend) {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    let app = TestApp::spawn(backend).await;
    let local = app
        .client()
        .get(app.url("/dev/clock"))
        .send()
        .await
        .unwrap();
    assert_eq!(local.status(), 200);
    let router = server::router(app.state.clone(), &common::test_config("sqlite://unused"));
    for (peer, expected) in [
        (Some("10.0.0.5:50000"), 404),
        (Some("[2001:db8::5]:50000"), 404),
        (None, 404),
        (Some("127.0.0.1:50000"), 200),
        (Some("[::1]:50000"), 200),
    ] {
        for (method, path) in [
            ("GET", "/dev/mailbox"),
            ("GET", "/dev/clock"),
            ("POST", "/dev/clock"),
        ] {
            let mut request = http::Request::builder()
                .method(method)
                .uri(path)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(axum::body::Body::from("seconds=0&sweep=false"))
                .unwrap();
            if let Some(peer) = peer {
                let addr: SocketAddr = peer.parse().unwrap();
                request.extensions_mut().insert(ConnectInfo(addr));
            }
            let response = tower::ServiceExt::oneshot(router.clone(), request)
                .await
                .unwrap();
            assert_eq!(response.status(), expected, "{method} {path} from {peer:?}");
        }
    }
}

/// The wizard's customer check is limited per user: a script walking the directory is stopped,
/// a colleague is not.
async fn the_customer_check_is_limited_per_user(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let colleague = app.signed_in(CONTOSO_USER).await;
    let check = |client: &reqwest::Client| {
        app.post(client, "/api/check_customer")
            .header("sec-fetch-site", "same-origin")
            .json(&serde_json::json!({"request": {
                "location_id": LOC_PARIS,
                "customer_id_type": "tenant_id",
                "customer_id_value": T_NORTHWIND,
            }}))
            .send()
    };
    let burst = app::state::CUSTOMER_CHECK_BURST as usize;
    let mut statuses = Vec::new();
    for _ in 0..burst + 5 {
        statuses.push(check(&admin).await.unwrap().status().as_u16());
    }
    assert!(statuses[..burst].iter().all(|s| *s == 200), "{statuses:?}");
    assert!(statuses[burst..].contains(&429), "{statuses:?}");
    assert_eq!(check(&colleague).await.unwrap().status(), 200);
}

backend_tests!(
    the_customer_check_is_limited_per_user,
    a_burst_of_wrong_passwords_gets_no_more_tries_than_the_limit,
    the_address_behind_a_proxy_is_the_right_most_hop_not_the_clients_claim,
    a_session_ends_at_its_absolute_lifetime,
    sign_out_everywhere_ends_every_session_of_the_user,
    production_sends_a_host_only_secure_cookie_and_hsts,
    development_routes_answer_only_this_machine,
);
