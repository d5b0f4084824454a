//! Accounts on both backends, over HTTP (issue 18): an invitation e-mailed over a real SMTP
//! server is accepted once, within seven days, by setting a password that passes the rule, and
//! signs the colleague in with the role and locations it was given; re-sending replaces the link
//! and revoking kills it. A forgotten password is reset by a one-hour, single-use link that ends
//! every session, with the same answer whether the address exists. A password change needs the
//! current password and ends the user's other sessions.

mod common;

use app::consent::outbox::deliver_due;
use common::fixtures::{
    count, user_id, CONTOSO_ADMIN, CONTOSO_USER, DEMO_PASSWORD, LOC_LYON, LOC_PARIS,
};
use common::smtp::{free_port, smtp_mailer, SmtpSink};
use common::{Backend, TestApp};
use serde_json::{json, Value};
use std::time::Duration;

const STRONG: &str = "violet tractor sings quietly";

async fn invite(app: &TestApp, admin: &reqwest::Client, email: &str) -> (u16, Value) {
    let response = app
        .post(admin, "/api/invite_colleague")
        .header("sec-fetch-site", "same-origin")
        .json(&json!({ "email": email, "role": "incentives_user", "locations": [LOC_PARIS], "language": "fr" }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Delivers what is due over the sink, and answers the text of the message to `to` (others,
/// the demo's pending consent e-mails, are skipped).
async fn mail_to(app: &TestApp, sink: &SmtpSink, port: u16, to: &str) -> Value {
    let report = deliver_due(&app.state, &smtp_mailer(port), "test", 50)
        .await
        .unwrap();
    for _ in 0..report.sent {
        let mail = sink.next();
        if mail["envelope_to"][0] == to {
            return mail;
        }
    }
    panic!("no message to {to} among {} sent", report.sent);
}

/// The token of the first link to `path` in a message's text.
fn token(mail: &Value, path: &str) -> String {
    let text = mail["text"].as_str().unwrap();
    let start = text
        .find(path)
        .unwrap_or_else(|| panic!("a link to {path}: {text}"))
        + path.len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn status(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> u16 {
    app.call(client, endpoint, form).await.status().as_u16()
}

async fn sign_in(app: &TestApp, email: &str, password: &str) -> (u16, reqwest::Client) {
    let client = app.client();
    let code = status(
        app,
        &client,
        "sign_in",
        &[("email", email), ("password", password)],
    )
    .await;
    (code, client)
}

async fn field_problem(response: reqwest::Response, field: &str) -> String {
    let body: Value = response.json().await.unwrap();
    body["Validation"]
        .as_array()
        .and_then(|errors| errors.iter().find(|e| e["field"] == field))
        // A domain parser's refusal carries its own problem's code.
        .map(|e| match e["code"].as_str() {
            Some("invalid") => e["params"]["problem"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            other => other.unwrap_or_default().to_owned(),
        })
        .unwrap_or_else(|| panic!("no error for {field}: {body}"))
}

async fn an_invitation_is_accepted_once_and_signs_the_colleague_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let port = free_port();
    let sink = SmtpSink::start(port);
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let joiner = "Joiner@Contoso.example";
    let (code, _) = invite(&app, &admin, joiner).await;
    assert_eq!(code, 200);
    // The address is an account's now, whatever its case.
    assert_eq!(invite(&app, &admin, "joiner@contoso.example").await.0, 422);

    let mail = mail_to(&app, &sink, port, "joiner@contoso.example").await;
    assert!(
        mail["subject"].as_str().unwrap().contains("Contoso"),
        "{mail}"
    );
    assert!(
        mail["text"].as_str().unwrap().contains("Bonjour"),
        "in the language chosen"
    );
    let link = token(&mail, "/invitation/");
    assert_eq!(
        count(
            &app.state.db,
            &format!("SELECT COUNT(*) FROM account_tokens WHERE token_hash = '{link}'")
        )
        .await,
        0,
        "the token is not stored, only its hash"
    );

    // Not an account yet: no sign-in, not even with the password about to be chosen.
    assert_eq!(sign_in(&app, "joiner@contoso.example", STRONG).await.0, 401);
    let browser = app.client();
    let response = app
        .call(&browser, "get_invitation", &[("token", &link)])
        .await;
    assert_eq!(response.status(), 200);
    let view: Value = response.json().await.unwrap();
    assert_eq!(view["email"], "joiner@contoso.example");
    assert_eq!(view["role"], "IncentivesUser");

    // A breached password and a missing name are refused, each named; the link still works.
    let response = app
        .call(
            &browser,
            "accept_invitation",
            &[
                ("token", &link),
                ("display_name", " "),
                ("password", "password1234"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body["Validation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["display_name", "password"], "{body}");
    let short = app
        .call(
            &browser,
            "accept_invitation",
            &[
                ("token", &link),
                ("display_name", "Jo"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(field_problem(short, "password").await, "too_short");

    let accept = [
        ("token", link.as_str()),
        ("display_name", "Jo Iner"),
        ("password", STRONG),
    ];
    assert_eq!(
        status(&app, &browser, "accept_invitation", &accept).await,
        200
    );
    let me: Value = app
        .call(&browser, "get_current_user", &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "joiner@contoso.example");
    assert_eq!(me["display_name"], "Jo Iner");
    assert_eq!(me["role"], "IncentivesUser");
    // The location it was given: the To do page asks for Paris, not for Lyon.
    let paris = app
        .call(
            &browser,
            "get_attention",
            &[("filter[location]", LOC_PARIS)],
        )
        .await;
    assert_eq!(paris.status(), 200);
    let lyon = app
        .call(&browser, "get_attention", &[("filter[location]", LOC_LYON)])
        .await;
    assert_ne!(lyon.status(), 200);

    // Single-use: the same link, again, is not found, and sets nothing.
    let again = [
        ("token", link.as_str()),
        ("display_name", "Someone"),
        ("password", "another passphrase here"),
    ];
    assert_eq!(
        status(&app, &app.client(), "accept_invitation", &again).await,
        404
    );
    assert_eq!(
        status(&app, &app.client(), "get_invitation", &[("token", &link)]).await,
        404
    );
    assert_eq!(sign_in(&app, "joiner@contoso.example", STRONG).await.0, 200);
    assert_eq!(
        sign_in(&app, "joiner@contoso.example", "another passphrase here")
            .await
            .0,
        401
    );
}

async fn an_invitation_expires_after_seven_days_and_resending_or_revoking_replaces_it(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let port = free_port();
    let sink = SmtpSink::start(port);
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let (code, invited) = invite(&app, &admin, "late@contoso.example").await;
    assert_eq!(code, 200);
    let invited = invited.as_i64().unwrap().to_string();
    let first = token(
        &mail_to(&app, &sink, port, "late@contoso.example").await,
        "/invitation/",
    );

    // Re-sent: a new link; the first one stops working at once.
    assert_eq!(
        status(&app, &admin, "resend_invitation", &[("user_id", &invited)]).await,
        200
    );
    let second = token(
        &mail_to(&app, &sink, port, "late@contoso.example").await,
        "/invitation/",
    );
    assert_ne!(first, second);
    assert_eq!(
        status(&app, &app.client(), "get_invitation", &[("token", &first)]).await,
        404
    );
    assert_eq!(
        status(&app, &app.client(), "get_invitation", &[("token", &second)]).await,
        200
    );

    // Seven days later (and a second), the link is dead.
    app.clock.advance(7 * 24 * 3600 + 1);
    assert_eq!(
        status(&app, &app.client(), "get_invitation", &[("token", &second)]).await,
        404
    );
    let accept = [
        ("token", second.as_str()),
        ("display_name", "Late"),
        ("password", STRONG),
    ];
    assert_eq!(
        status(&app, &app.client(), "accept_invitation", &accept).await,
        404
    );

    // Re-sent once more, then revoked: that link dies too, and the user shows as deactivated.
    assert_eq!(
        status(&app, &admin, "resend_invitation", &[("user_id", &invited)]).await,
        200
    );
    let third = token(
        &mail_to(&app, &sink, port, "late@contoso.example").await,
        "/invitation/",
    );
    assert_eq!(
        status(&app, &admin, "revoke_invitation", &[("user_id", &invited)]).await,
        200
    );
    assert_eq!(
        status(&app, &app.client(), "get_invitation", &[("token", &third)]).await,
        404
    );
    let team: Value = app
        .call(&admin, "get_team", &[])
        .await
        .json()
        .await
        .unwrap();
    let member = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "late@contoso.example")
        .unwrap()
        .clone();
    assert_eq!(member["active"], false);
    assert!(member["invited_at"].is_i64());
    let changes: Vec<&str> = team["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["change"].as_str().unwrap())
        .collect();
    assert_eq!(
        changes[..4],
        [
            "invitation_revoked",
            "invitation_resent",
            "invitation_resent",
            "invited"
        ]
    );
    // An accepted account is no invitation to re-send.
    let user = user_id(&app.state.db, CONTOSO_USER).await.to_string();
    assert_eq!(
        status(&app, &admin, "resend_invitation", &[("user_id", &user)]).await,
        404
    );
}

async fn a_reset_link_works_once_for_an_hour_and_ends_every_session(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let port = free_port();
    let sink = SmtpSink::start(port);
    let db = &app.state.db;
    let outbox = "SELECT COUNT(*) FROM outbox WHERE kind = 'account'";

    // The same answer for an address without an account; no e-mail.
    let anonymous = app.client();
    let unknown = app
        .call(
            &anonymous,
            "request_password_reset",
            &[("email", "nobody@contoso.example")],
        )
        .await;
    let (unknown_status, unknown_body) = (unknown.status(), unknown.text().await.unwrap());
    assert_eq!(count(db, outbox).await, 0);
    let known = app
        .call(
            &anonymous,
            "request_password_reset",
            &[("email", "USER@contoso.example ")],
        )
        .await;
    assert_eq!(
        (known.status(), known.text().await.unwrap()),
        (unknown_status, unknown_body)
    );
    assert_eq!(count(db, outbox).await, 1);

    let elsewhere = app.signed_in(CONTOSO_USER).await;
    let mail = mail_to(&app, &sink, port, CONTOSO_USER).await;
    let link = token(&mail, "/reset-password/");
    assert_eq!(
        status(&app, &anonymous, "check_reset_link", &[("token", &link)]).await,
        200
    );

    // A common password is refused and the link still works; then the new password is set.
    let weak = app
        .call(
            &anonymous,
            "reset_password",
            &[("token", &link), ("password", "qwertyuiop123")],
        )
        .await;
    assert!(["common_password", "weak_password"]
        .contains(&field_problem(weak, "password").await.as_str()));
    let reset = [("token", link.as_str()), ("password", STRONG)];
    assert_eq!(
        status(&app, &anonymous, "reset_password", &reset).await,
        200
    );
    // Every session of the account ended; the old password is gone, the new one works.
    assert_eq!(
        status(
            &app,
            &elsewhere,
            "get_attention",
            &[("filter[location]", "")]
        )
        .await,
        401
    );
    assert_eq!(sign_in(&app, CONTOSO_USER, DEMO_PASSWORD).await.0, 401);
    assert_eq!(sign_in(&app, CONTOSO_USER, STRONG).await.0, 200);
    // Single-use.
    let again = [
        ("token", link.as_str()),
        ("password", "another passphrase here"),
    ];
    assert_eq!(
        status(&app, &anonymous, "reset_password", &again).await,
        404
    );

    // A new link expires an hour later.
    assert_eq!(
        status(
            &app,
            &anonymous,
            "request_password_reset",
            &[("email", CONTOSO_USER)]
        )
        .await,
        200
    );
    let late = token(
        &mail_to(&app, &sink, port, CONTOSO_USER).await,
        "/reset-password/",
    );
    app.clock.advance(3600 + 1);
    assert_eq!(
        status(&app, &anonymous, "check_reset_link", &[("token", &late)]).await,
        404
    );
    let expired = [
        ("token", late.as_str()),
        ("password", "another passphrase here"),
    ];
    assert_eq!(
        status(&app, &anonymous, "reset_password", &expired).await,
        404
    );
    assert_eq!(sign_in(&app, CONTOSO_USER, STRONG).await.0, 200);

    // At most three links an hour: more requests get the same answer and no e-mail.
    for _ in 0..5 {
        assert_eq!(
            status(
                &app,
                &anonymous,
                "request_password_reset",
                &[("email", CONTOSO_USER)]
            )
            .await,
            200
        );
    }
    assert_eq!(
        count(
            db,
            "SELECT COUNT(*) FROM account_tokens WHERE purpose = 'password_reset'"
        )
        .await,
        2 + 3
    );
    // Each new link revokes the one before: only the newest is sent.
    let report = deliver_due(&app.state, &smtp_mailer(port), "test", 50)
        .await
        .unwrap();
    let mut to_user = 0;
    for _ in 0..report.sent {
        if sink.next()["envelope_to"][0] == CONTOSO_USER {
            to_user += 1;
        }
    }
    assert_eq!(to_user, 1);
    assert!(report.dropped >= 2, "{report:?}");
    assert!(sink.next_within(Duration::from_millis(200)).is_none());
}

async fn changing_the_password_needs_the_current_one_and_ends_the_other_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let here = app.signed_in(CONTOSO_USER).await;
    let there = app.signed_in(CONTOSO_USER).await;
    let wrong = app
        .call(
            &here,
            "change_password",
            &[("current_password", "not it"), ("new_password", STRONG)],
        )
        .await;
    assert_eq!(field_problem(wrong, "current_password").await, "incorrect");
    let common = app
        .call(
            &here,
            "change_password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", "iloveyou1234"),
            ],
        )
        .await;
    assert_eq!(
        field_problem(common, "new_password").await,
        "common_password"
    );
    assert_eq!(
        status(
            &app,
            &app.client(),
            "change_password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", STRONG)
            ]
        )
        .await,
        401,
        "only a signed-in user changes its password"
    );

    let changed = app
        .call(
            &here,
            "change_password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", STRONG),
            ],
        )
        .await;
    assert_eq!(changed.status(), 200);
    assert_eq!(
        changed.json::<Value>().await.unwrap(),
        json!(1),
        "one other session ended"
    );
    assert_eq!(
        status(&app, &here, "get_attention", &[("filter[location]", "")]).await,
        200
    );
    assert_eq!(
        status(&app, &there, "get_attention", &[("filter[location]", "")]).await,
        401
    );
    assert_eq!(sign_in(&app, CONTOSO_USER, DEMO_PASSWORD).await.0, 401);
    assert_eq!(sign_in(&app, CONTOSO_USER, STRONG).await.0, 200);
}

/// The public account functions are limited per address: the strength meter (zxcvbn costs CPU)
/// and the reset request (it writes and mails) share one allowance, 20 at once.
async fn the_public_account_functions_are_limited_per_address(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let client = app.client();
    let rate = [
        ("password", "violet tractor"),
        ("email", ""),
        ("display_name", ""),
    ];
    for _ in 0..19 {
        assert_eq!(status(&app, &client, "rate_password", &rate).await, 200);
    }
    let reset = [("email", "nobody@contoso.example")];
    assert_eq!(
        status(&app, &client, "request_password_reset", &reset).await,
        200
    );
    let refused = app.call(&client, "rate_password", &rate).await;
    assert_eq!(refused.status(), 429);
    let answer: Value = refused.json().await.unwrap();
    assert!(answer["RateLimited"]["retry_after_secs"].as_u64().unwrap() >= 1);
    assert_eq!(
        status(&app, &client, "request_password_reset", &reset).await,
        429
    );
    // Signing in has its own limit, untouched.
    assert_eq!(sign_in(&app, CONTOSO_USER, DEMO_PASSWORD).await.0, 200);
}

backend_tests!(
    the_public_account_functions_are_limited_per_address,
    an_invitation_is_accepted_once_and_signs_the_colleague_in,
    an_invitation_expires_after_seven_days_and_resending_or_revoking_replaces_it,
    a_reset_link_works_once_for_an_hour_and_ends_every_session,
    changing_the_password_needs_the_current_one_and_ends_the_other_sessions,
);
