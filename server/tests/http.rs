//! The application over HTTP, as a browser (or an attacker) talks to it, on both backends.

mod common;

use common::fixtures::{
    engagement_id, nomination, AZ_ACCEL_DEPLOY, AZ_MIG_ASSESS, BIZAPPS_ASSESS, CONTOSO,
    CONTOSO_ADMIN, CONTOSO_STAFF, CONTOSO_USER, DATA_AI_POC, DEMO_PASSWORD, FABRIKAM_ADMIN,
    LOC_PARIS, M365_COPILOT_WS, MW_WS_2025, PROGRAMME_REVIEWER, SEC_ENVISION, T_NORTHWIND,
};
use common::{Backend, TestApp};
use serde_json::Value;

async fn json(response: reqwest::Response) -> Value {
    let text = response.text().await.expect("a body");
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|e| e["code"].as_str().expect("a code").to_owned())
        .collect()
}

async fn health_and_readiness_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    let health = client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let ready = client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

async fn pages_carry_the_security_headers_with_a_nonce_policy(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.client().get(app.url("/sign-in")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["cache-control"], "no-store");
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy names a nonce")
        .to_owned();
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the page's scripts carry the policy's nonce"
    );

    // Every page, the not-found page too, carries a policy whose nonce is its scripts' own, and
    // a nonce is never used twice.
    let mut seen = vec![nonce];
    for (path, status) in [("/sign-in", 200), ("/no-such-page", 404), ("/sign-in", 200)] {
        let response = app.client().get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: the policy names a nonce: {csp}"))
            .to_owned();
        let html = response.text().await.unwrap();
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: the page's scripts carry the policy's nonce"
        );
        assert!(!seen.contains(&nonce), "{path}: a nonce used twice");
        seen.push(nonce);
    }

    // Answers that are not pages get a policy that allows nothing.
    let health = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert!(health.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'none'"));
}

async fn a_state_changing_request_from_another_site_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    let form = [("email", CONTOSO_ADMIN), ("password", DEMO_PASSWORD)];
    // From another origin, and cross-site by the browser's own account.
    for (header, value) in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let refused = client
            .post(app.url("/api/sign_in"))
            .header(header, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403, "{header}: {value}");
    }
    // Nothing was signed in by the refused requests.
    let me = app.call(&client, "get_current_user", &[]).await;
    assert_eq!(json(me).await, Value::Null);
    // The same request from the application's own origin goes through.
    assert_eq!(app.call(&client, "sign_in", &form).await.status(), 200);
}

async fn a_wrong_password_is_refused_with_a_clear_error(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    let response = app
        .call(
            &client,
            "sign_in",
            &[("email", CONTOSO_ADMIN), ("password", "wrong")],
        )
        .await;
    assert_eq!(response.status(), 401);
    assert_eq!(
        json(response).await,
        serde_json::json!("InvalidCredentials")
    );
    let unknown = app
        .call(
            &client,
            "sign_in",
            &[("email", "nobody@contoso.example"), ("password", "wrong")],
        )
        .await;
    assert_eq!(json(unknown).await, serde_json::json!("InvalidCredentials"));
    let empty = app
        .call(&client, "sign_in", &[("email", ""), ("password", "")])
        .await;
    assert_eq!(empty.status(), 422);
    let body = json(empty).await;
    let fields: Vec<&str> = body["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "password"]);
}

async fn sign_in_sets_a_protected_cookie_and_rotates_the_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    let form = [
        ("email", "Admin@Contoso.example "),
        ("password", DEMO_PASSWORD),
    ];
    let first = app.call(&client, "sign_in", &form).await;
    assert_eq!(first.status(), 200);
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("mci_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let answer = json(first).await;
    let user = &answer["SignedIn"]["user"];
    assert_eq!(user["email"], CONTOSO_ADMIN);
    assert_eq!(user["role"], "IncentivesAdmin");
    assert_eq!(user["partner_name"], CONTOSO);

    let second = app.call(&client, "sign_in", &form).await;
    let rotated = second.headers()["set-cookie"].to_str().unwrap().to_owned();
    let id = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(
        id(&cookie),
        id(&rotated),
        "signing in again gives a new session id"
    );

    assert_eq!(app.call(&client, "sign_out", &[]).await.status(), 200);
    let me = app.call(&client, "get_current_user", &[]).await;
    assert_eq!(json(me).await, Value::Null);
}

async fn repeated_failures_lock_the_account_for_a_while(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    for _ in 0..5 {
        let r = app
            .call(
                &client,
                "sign_in",
                &[("email", CONTOSO_USER), ("password", "guess")],
            )
            .await;
        assert_eq!(r.status(), 401);
    }
    let right = app
        .call(
            &client,
            "sign_in",
            &[("email", CONTOSO_USER), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(
        right.status(),
        429,
        "even the right password waits once the account is throttled"
    );
    assert!(
        json(right).await["RateLimited"]["retry_after_secs"]
            .as_u64()
            .unwrap()
            > 0
    );
    // Another account from the same address is not locked by these five.
    app.signed_in(CONTOSO_ADMIN).await;
    // When the window has passed, the account opens again.
    app.clock.advance(16 * 60);
    app.signed_in(CONTOSO_USER).await;
}

async fn each_partner_sees_only_its_own_engagements(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let list = json(app.call(&contoso, "list_engagements", &[]).await).await;
    assert_eq!(
        codes(&list),
        [
            AZ_ACCEL_DEPLOY,
            AZ_MIG_ASSESS,
            BIZAPPS_ASSESS,
            DATA_AI_POC,
            M365_COPILOT_WS,
            MW_WS_2025,
            SEC_ENVISION
        ]
    );
    let migration = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == AZ_MIG_ASSESS)
        .unwrap();
    // 1000001 and 1000002; 1000004 is eligible but not enrolled in MCI.
    assert_eq!(migration["eligible_locations"], 2);
    assert_eq!(
        migration["accepted_id_types"],
        serde_json::json!(["domain_name", "tenant_id", "azure_subscription_id"])
    );

    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    let list = json(app.call(&fabrikam, "list_engagements", &[]).await).await;
    assert_eq!(
        codes(&list),
        [AZ_ACCEL_DEPLOY, AZ_MIG_ASSESS, M365_COPILOT_WS, MW_WS_2025]
    );
    for engagement in list.as_array().unwrap() {
        assert_eq!(
            engagement["eligible_locations"], 1,
            "only 2000001 is enrolled"
        );
    }
}

async fn an_incentives_user_sees_only_its_granted_locations(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let user = app.signed_in(CONTOSO_USER).await;
    let list = json(app.call(&user, "list_engagements", &[]).await).await;
    let count = |code: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["code"] == code)
            .map(|e| e["eligible_locations"].clone())
    };
    assert_eq!(count(M365_COPILOT_WS), Some(serde_json::json!(2)));
    assert_eq!(count(AZ_MIG_ASSESS), Some(serde_json::json!(1)));
    assert_eq!(count(DATA_AI_POC), Some(serde_json::json!(1)));
    // SEC-ENVISION: 1000002 (not granted) and 1000003 (granted).
    assert_eq!(count(SEC_ENVISION), Some(serde_json::json!(1)));
}

async fn a_user_without_an_incentives_role_gets_403(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = app.signed_in(CONTOSO_STAFF).await;
    let refused = app.call(&staff, "list_engagements", &[]).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        json(refused).await,
        serde_json::json!({ "Forbidden": "Incentives" })
    );
    let page = staff.get(app.url("/engagements")).send().await.unwrap();
    assert_eq!(page.status(), 403);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Incentives administrator or Incentives user role"),
        "the 403 page names the role"
    );

    let reviewer = app.signed_in(PROGRAMME_REVIEWER).await;
    assert_eq!(
        app.call(&reviewer, "list_engagements", &[]).await.status(),
        403
    );
    assert_eq!(
        app.call(&reviewer, "list_programme_engagements", &[])
            .await
            .status(),
        200
    );
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    assert_eq!(
        app.call(&admin, "list_programme_engagements", &[])
            .await
            .status(),
        403
    );
}

async fn every_claims_server_function_refuses_a_user_without_an_incentives_role(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let staff = app.signed_in(CONTOSO_STAFF).await;
    let request = nomination(
        LOC_PARIS,
        "tenant_id",
        T_NORTHWIND,
        vec![domain::EngagementId::new(1)],
    );
    let create = app
        .post(&staff, "/api/create_claims")
        .json(&serde_json::json!({ "request": request }))
        .send()
        .await
        .unwrap();
    assert_eq!(create.status(), 403);
    assert_eq!(
        app.call(&staff, "get_claim", &[("claim_ref", "C-0000000000")])
            .await
            .status(),
        403
    );
    assert_eq!(app.call(&staff, "list_claims", &[]).await.status(), 403);
    assert_eq!(
        app.call(&staff, "cancel_claim", &[("claim_ref", "C-0000000000")])
            .await
            .status(),
        403
    );

    // The same request from an administrator goes through the JSON endpoint end to end.
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let migration = engagement_id(&app.state.db, AZ_MIG_ASSESS).await;
    let request = nomination(LOC_PARIS, "tenant_id", T_NORTHWIND, vec![migration]);
    let created = app
        .post(&admin, "/api/create_claims")
        .json(&serde_json::json!({ "request": request }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);
    let claim_ref = json(created).await[0]["claim_ref"]
        .as_str()
        .unwrap()
        .to_owned();
    let detail = json(
        app.call(&admin, "get_claim", &[("claim_ref", &claim_ref)])
            .await,
    )
    .await;
    assert_eq!(detail["status"], "customer_claimed");
    // Another partner asking for it gets the same answer as for a claim that does not exist.
    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    let other = app
        .call(&fabrikam, "get_claim", &[("claim_ref", &claim_ref)])
        .await;
    assert_eq!(other.status(), 404);
    // A crafted body is a clear refusal, never a crash.
    let crafted = app
        .post(&admin, "/api/create_claims")
        .header("content-type", "application/json")
        .body("{\"request\": {\"engagement_ids\": \"all\"}}")
        .send()
        .await
        .unwrap();
    assert_eq!(crafted.status(), 400);
}

async fn the_customers_page_and_its_export_are_the_partners_own(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app::db::demo::seed_claims(&app.state).await.unwrap();
    let migration = engagement_id(&app.state.db, AZ_MIG_ASSESS).await;
    let query = serde_json::json!({ "query": { "engagement_id": migration, "tab": "ineligible", "search": "", "sort": "customer",
        "descending": false, "after": null, "before": null, "size": null } });
    let post = |client: &reqwest::Client| {
        app.post(client, "/api/get_customers_page")
            .json(&query)
            .send()
    };
    let staff = app.signed_in(CONTOSO_STAFF).await;
    assert_eq!(post(&staff).await.unwrap().status(), 403);
    let csv_url = app.url(&format!(
        "/engagements/{migration}/customers.csv?tab=ineligible"
    ));
    assert_eq!(staff.get(&csv_url).send().await.unwrap().status(), 403);
    assert_eq!(
        app.client().get(&csv_url).send().await.unwrap().status(),
        401
    );

    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let page = json(post(&admin).await.unwrap()).await;
    assert!(!page["rows"].as_array().unwrap().is_empty());
    let counts = app
        .call(
            &admin,
            "get_customer_counts",
            &[("engagement_id", &migration.to_string()), ("search", "")],
        )
        .await;
    let count = json(counts).await["ineligible"].as_i64().unwrap();
    let staff_counts = app
        .call(
            &staff,
            "get_customer_counts",
            &[("engagement_id", &migration.to_string()), ("search", "")],
        )
        .await;
    assert_eq!(staff_counts.status(), 403);
    assert!(count > 0);
    let export = admin.get(&csv_url).send().await.unwrap();
    assert_eq!(export.status(), 200);
    assert_eq!(export.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(export.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("az-mig-assess-ineligible.csv"));
    let text = export.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "tab,customer,customer_id_type,customer_id,other_ids,friendly_name,claim_id,status,date,reasons"
    );
    assert_eq!(lines.len() as i64, count + 1);

    // Fabrikam knows none of Contoso's customers: its export of the same tab is the header alone.
    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    let theirs = fabrikam
        .get(&csv_url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!theirs.contains("Litware"), "{theirs}");
    // An engagement without a Customers page for this partner: 404, for the page and the export.
    let security = engagement_id(&app.state.db, SEC_ENVISION).await;
    let other = fabrikam
        .get(app.url(&format!("/engagements/{security}/customers.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
}

async fn a_visitor_who_is_not_signed_in_is_sent_to_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    assert_eq!(
        app.call(&client, "list_engagements", &[]).await.status(),
        401
    );
    // A browser's navigation (it accepts HTML) is answered with a real redirect.
    let page = client
        .get(app.url("/engagements"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert!(page.status().is_redirection(), "{}", page.status());
    assert_eq!(page.headers()["location"], "/sign-in?next=%2Fengagements");
    let deep = client
        .get(app.url("/engagements/1/customers?tab=completed&q=north"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(
        deep.headers()["location"],
        "/sign-in?next=%2Fengagements%2F1%2Fcustomers%3Ftab%3Dcompleted%26q%3Dnorth"
    );
}

async fn an_unknown_page_is_a_404_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let page = app
        .client()
        .get(app.url("/no/such/page"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);
    assert!(page.text().await.unwrap().contains("Page not found"));
}

/// Pages, server functions and exports travel compressed as the browser accepts them (brotli,
/// else gzip), and as they are to a client that accepts neither.
async fn answers_are_compressed_as_the_client_accepts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.signed_in(CONTOSO_ADMIN).await;
    let migration = engagement_id(&app.state.db, AZ_MIG_ASSESS).await;
    let csv = format!("/engagements/{migration}/customers.csv?tab=eligible");
    for path in ["/sign-in", "/engagements", csv.as_str()] {
        let plain = client.get(app.url(path)).send().await.unwrap();
        assert!(!plain.headers().contains_key("content-encoding"), "{path}");
        let plain = plain.bytes().await.unwrap().len();
        for (accepted, expected) in [("br, gzip", "br"), ("gzip", "gzip")] {
            let response = client
                .get(app.url(path))
                .header("accept-encoding", accepted)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
            assert_eq!(response.headers()["content-encoding"], expected, "{path}");
            let packed = response.bytes().await.unwrap().len();
            // Pages are kilobytes of markup; the export of an empty tab is a header line. The
            // sign-in page is the smallest (under 3 KB, a third of it the header's icons and the
            // hydration script): at least a third smaller is what compression must give it.
            if plain > 1024 {
                assert!(
                    packed * 3 < plain * 2,
                    "{path} {expected}: {packed} of {plain} bytes"
                );
            }
        }
    }
    let answer = app
        .post(&client, "/api/list_engagements")
        .header("sec-fetch-site", "same-origin")
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-encoding"], "br");
}

backend_tests!(
    answers_are_compressed_as_the_client_accepts,
    health_and_readiness_answer,
    pages_carry_the_security_headers_with_a_nonce_policy,
    a_state_changing_request_from_another_site_is_refused,
    a_wrong_password_is_refused_with_a_clear_error,
    sign_in_sets_a_protected_cookie_and_rotates_the_session,
    repeated_failures_lock_the_account_for_a_while,
    each_partner_sees_only_its_own_engagements,
    an_incentives_user_sees_only_its_granted_locations,
    a_user_without_an_incentives_role_gets_403,
    every_claims_server_function_refuses_a_user_without_an_incentives_role,
    the_customers_page_and_its_export_are_the_partners_own,
    a_visitor_who_is_not_signed_in_is_sent_to_sign_in,
    an_unknown_page_is_a_404_page,
);
