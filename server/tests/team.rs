//! The partner's team on both backends, over HTTP (issue 18): only its Incentives administrator
//! changes it, a change takes effect on the user's next request, a deactivated user is signed
//! out at once, the team always keeps an active administrator (even against two administrators
//! demoting each other at once), and every change is in the audit list.

mod common;

use app::team::service::set_role;
use common::fixtures::{
    count, scope_of, user_id, CONTOSO_ADMIN, CONTOSO_STAFF, CONTOSO_USER, FABRIKAM_ADMIN,
    LOC_MONTREAL, LOC_PARIS,
};
use common::{Backend, TestApp};
use serde_json::{json, Value};

async fn team(app: &TestApp, client: &reqwest::Client) -> (u16, Value) {
    let response = app.call(client, "get_team", &[]).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn set_role_over_http(app: &TestApp, client: &reqwest::Client, user: i64, role: &str) -> u16 {
    app.call(
        client,
        "set_team_role",
        &[("user_id", &user.to_string()), ("role", role)],
    )
    .await
    .status()
    .as_u16()
}

async fn set_active(app: &TestApp, client: &reqwest::Client, user: i64, active: bool) -> u16 {
    app.call(
        client,
        "set_team_active",
        &[
            ("user_id", &user.to_string()),
            ("active", &active.to_string()),
        ],
    )
    .await
    .status()
    .as_u16()
}

async fn set_locations(
    app: &TestApp,
    client: &reqwest::Client,
    user: i64,
    locations: &[&str],
) -> u16 {
    app.post(client, "/api/set_team_locations")
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "user_id": user, "locations": locations }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn only_the_administrator_runs_its_team(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let (status, contoso) = team(&app, &admin).await;
    assert_eq!(status, 200);
    let emails: Vec<&str> = contoso["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert!(
        emails.contains(&CONTOSO_USER) && emails.contains(&CONTOSO_STAFF),
        "{emails:?}"
    );
    assert!(!emails.contains(&FABRIKAM_ADMIN));

    let user = user_id(&app.state.db, CONTOSO_USER).await.get();
    let anonymous = app.client();
    assert_eq!(team(&app, &anonymous).await.0, 401);
    for email in [CONTOSO_USER, CONTOSO_STAFF] {
        let other = app.signed_in(email).await;
        assert_eq!(team(&app, &other).await.0, 403, "{email}");
        assert_eq!(
            set_role_over_http(&app, &other, user, "incentives_admin").await,
            403
        );
        assert_eq!(set_active(&app, &other, user, false).await, 403);
        assert_eq!(set_locations(&app, &other, user, &[LOC_PARIS]).await, 403);
    }
    // Another partner's administrator: its own team, and Contoso's users are not found.
    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    let (status, theirs) = team(&app, &fabrikam).await;
    assert_eq!(status, 200);
    assert!(!theirs.to_string().contains(CONTOSO_USER));
    assert_eq!(
        set_role_over_http(&app, &fabrikam, user, "incentives_admin").await,
        404
    );
    assert_eq!(set_active(&app, &fabrikam, user, false).await, 404);
    assert_eq!(
        set_locations(&app, &fabrikam, user, &[LOC_PARIS]).await,
        404
    );
    // Not a role it gives, or a location not its own: the field is named.
    assert_eq!(
        set_role_over_http(&app, &admin, user, "programme_reviewer").await,
        422
    );
    assert_eq!(set_locations(&app, &admin, user, &["2000001"]).await, 422);
    assert_eq!(
        count(&app.state.db, "SELECT COUNT(*) FROM team_audit").await,
        0,
        "no refused change is kept"
    );
}

/// A location taken away is gone from the user's very next request, without signing in again;
/// the audit list says who took it, from what to what.
async fn a_revoked_location_disappears_on_the_users_next_request(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let user_client = app.signed_in(CONTOSO_USER).await;
    let user = user_id(&app.state.db, CONTOSO_USER).await.get();
    let in_montreal = [("filter[location]", LOC_MONTREAL)];
    assert_eq!(
        app.call(&user_client, "get_attention", &in_montreal)
            .await
            .status(),
        200
    );
    assert_eq!(set_locations(&app, &admin, user, &[LOC_PARIS]).await, 200);
    let refused = app.call(&user_client, "get_attention", &in_montreal).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("location"));

    let (_, after) = team(&app, &admin).await;
    let entry = &after["audit"][0];
    assert_eq!(entry["change"], "locations");
    assert_eq!(entry["before"], format!("{LOC_PARIS}, {LOC_MONTREAL}"));
    assert_eq!(entry["after"], LOC_PARIS);
    assert_eq!(entry["actor"], "Camille Martin");
}

/// Deactivation signs the user out at once, everywhere, and keeps it out; reactivation lets it
/// sign in again.
async fn a_deactivated_user_is_refused_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let user_client = app.signed_in(CONTOSO_USER).await;
    let user = user_id(&app.state.db, CONTOSO_USER).await.get();
    assert_eq!(
        app.call(&user_client, "attention_count", &[])
            .await
            .status(),
        200
    );
    assert_eq!(set_active(&app, &admin, user, false).await, 200);
    assert_eq!(
        app.call(&user_client, "attention_count", &[])
            .await
            .status(),
        401
    );
    assert_eq!(
        count(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM sessions WHERE user_id = {user}")
        )
        .await,
        0
    );
    let again = app.client();
    let response = app
        .call(
            &again,
            "sign_in",
            &[
                ("email", CONTOSO_USER),
                ("password", common::fixtures::DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), 401);
    assert_eq!(set_active(&app, &admin, user, true).await, 200);
    app.signed_in(CONTOSO_USER).await;
    let (_, after) = team(&app, &admin).await;
    let changes: Vec<&str> = after["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"].as_str().unwrap())
        .collect();
    assert_eq!(changes, ["reactivated", "deactivated"]);
    let member = after["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == CONTOSO_USER)
        .unwrap()
        .clone();
    assert_eq!(member["active"], true);
    assert!(member["last_sign_in_at"].as_i64().is_some());
}

/// The last active administrator can be neither demoted nor deactivated; with two, each may
/// demote the other, but when both try at once one of them stays.
async fn the_team_keeps_an_active_administrator(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin_client = app.signed_in(CONTOSO_ADMIN).await;
    let db = &app.state.db;
    let admin = user_id(db, CONTOSO_ADMIN).await.get();
    let user = user_id(db, CONTOSO_USER).await.get();
    assert_eq!(
        set_role_over_http(&app, &admin_client, admin, "incentives_user").await,
        409
    );
    assert_eq!(set_active(&app, &admin_client, admin, false).await, 409);

    assert_eq!(
        set_role_over_http(&app, &admin_client, user, "incentives_admin").await,
        200
    );
    assert_eq!(
        count(
            db,
            &format!("SELECT COUNT(*) FROM user_locations WHERE user_id = {user}")
        )
        .await,
        0,
        "an administrator acts for every location"
    );
    let first = scope_of(db, CONTOSO_ADMIN).await;
    let second = scope_of(db, CONTOSO_USER).await;
    let (a, b) = tokio::join!(
        set_role(&app.state, &first, second.user_id, "incentives_user"),
        set_role(&app.state, &second, first.user_id, "incentives_user"),
    );
    assert!(
        a.is_ok() != b.is_ok(),
        "exactly one demotion goes through: {a:?} {b:?}"
    );
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM users u JOIN partners p ON p.id = u.partner_id
             WHERE p.name = 'Contoso Consulting' AND u.role = 'incentives_admin' AND u.deactivated_at IS NULL"
        )
        .await,
        1
    );
}

backend_tests!(
    only_the_administrator_runs_its_team,
    a_revoked_location_disappears_on_the_users_next_request,
    a_deactivated_user_is_refused_at_once,
    the_team_keeps_an_active_administrator,
);
