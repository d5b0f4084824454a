//! Two-factor authentication on both backends, over HTTP (issue 18): an authenticator is set up
//! with a code from it, and then every sign-in asks for a code after the password; a code and a
//! recovery code work once; the code step counts against the sign-in throttle with the password;
//! a team that requires it refuses its users the partner pages, at their next request, until they
//! set it up; the administrator resets a colleague's. The tests act as the phone: they compute
//! the codes from the secret the server gave (RFC 6238, checked against the RFC's own vector in
//! `app::two_factor::codes`).

mod common;

use common::fixtures::{
    count, user_id, CONTOSO_ADMIN, CONTOSO_USER, DEMO_PASSWORD, FABRIKAM_ADMIN,
};
use common::{Backend, TestApp};
use serde_json::{json, Value};

/// Seconds since the epoch by the wall clock, as a phone reads it.
fn wall_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code of `secret` `steps` steps from now, computed away from a step's edge so that the
/// server reads the same step (a request takes milliseconds; a step is 30 seconds).
async fn code(secret: &str, steps: i64) -> String {
    while wall_now() % 30 > 27 {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let at = wall_now() as i64 + steps * 30;
    app::two_factor::codes::code_at(secret, at as u64).unwrap()
}

async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    app.answer(client, endpoint, form).await
}

/// The code field's problem in a refusal.
fn code_problem(answer: &Value) -> &str {
    answer["Validation"][0]["code"].as_str().unwrap_or("")
}

/// Sets up an authenticator for the signed-in `client`: answers its secret and recovery codes.
/// The confirming code is the previous step's, leaving the current and the next for sign-ins.
async fn set_up(app: &TestApp, client: &reqwest::Client) -> (String, Vec<String>) {
    let (status, setup) = call(app, client, "start_two_factor", &[]).await;
    assert_eq!(status, 200, "{setup}");
    let secret = setup["secret"].as_str().unwrap().to_owned();
    assert!(setup["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let (status, codes) = call(
        app,
        client,
        "confirm_two_factor",
        &[("code", &code(&secret, -1).await)],
    )
    .await;
    assert_eq!(status, 200, "{codes}");
    let codes: Vec<String> = serde_json::from_value(codes).unwrap();
    (secret, codes)
}

/// A fresh browser through the password step: answers it and the step's outcome.
async fn password_step(app: &TestApp, email: &str) -> (reqwest::Client, u16, Value) {
    let client = app.client();
    let (status, outcome) = call(
        app,
        &client,
        "sign_in",
        &[("email", email), ("password", DEMO_PASSWORD)],
    )
    .await;
    (client, status, outcome)
}

async fn signed_in_as(app: &TestApp, client: &reqwest::Client) -> Value {
    call(app, client, "get_current_user", &[]).await.1["email"].clone()
}

async fn an_authenticator_is_asked_for_at_every_sign_in_and_each_code_works_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let user = app.signed_in(CONTOSO_USER).await;
    let (_, status) = call(&app, &user, "get_two_factor_status", &[]).await;
    assert_eq!(
        status,
        json!({ "enabled": false, "recovery_codes_left": 0, "required_by_team": false })
    );

    // A wrong code does not turn it on; the right one does, with ten recovery codes shown once
    // and kept only as hashes.
    let (_, setup) = call(&app, &user, "start_two_factor", &[]).await;
    let secret = setup["secret"].as_str().unwrap().to_owned();
    let wrong = if code(&secret, 0).await == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, refused) = call(&app, &user, "confirm_two_factor", &[("code", wrong)]).await;
    assert_eq!(
        (status, code_problem(&refused)),
        (422, "incorrect"),
        "{refused}"
    );
    let (status, refused) = call(&app, &user, "confirm_two_factor", &[("code", "12345")]).await;
    assert_eq!(
        (status, code_problem(&refused)),
        (422, "bad_format"),
        "{refused}"
    );
    let (status, codes) = call(
        &app,
        &user,
        "confirm_two_factor",
        &[("code", &code(&secret, -1).await)],
    )
    .await;
    assert_eq!(status, 200, "{codes}");
    let codes: Vec<String> = serde_json::from_value(codes).unwrap();
    assert_eq!(codes.len(), 10);
    let db = &app.state.db;
    let kept = count(
        db,
        &format!(
            "SELECT COUNT(*) FROM recovery_codes WHERE code_hash = '{}' OR code_hash = '{}'",
            codes[0],
            codes[0].replace('-', "")
        ),
    )
    .await;
    assert_eq!(kept, 0, "a recovery code is not kept as it is");
    let (_, status) = call(&app, &user, "get_two_factor_status", &[]).await;
    assert_eq!(status["enabled"], true);
    assert_eq!(status["recovery_codes_left"], 10);

    // The password alone no longer signs in: the code comes next.
    let (browser, status, outcome) = password_step(&app, CONTOSO_USER).await;
    assert_eq!((status, outcome.clone()), (200, json!("CodeNeeded")));
    assert_eq!(
        signed_in_as(&app, &browser).await,
        Value::Null,
        "not signed in before the code"
    );
    let (status, refused) = call(&app, &browser, "sign_in_code", &[("code", wrong)]).await;
    assert_eq!((status, code_problem(&refused)), (422, "incorrect"));
    let now_code = code(&secret, 0).await;
    let (status, me) = call(&app, &browser, "sign_in_code", &[("code", &now_code)]).await;
    assert_eq!(status, 200, "{me}");
    assert_eq!(signed_in_as(&app, &browser).await, CONTOSO_USER);

    // The same code again, from another browser, is refused: each step is used once.
    let (other, _, _) = password_step(&app, CONTOSO_USER).await;
    let (status, refused) = call(&app, &other, "sign_in_code", &[("code", &now_code)]).await;
    assert_eq!(
        (status, code_problem(&refused)),
        (422, "incorrect"),
        "a code is used once"
    );
    // A recovery code signs in once, in any case and without its dash.
    let typed = codes[3].to_uppercase().replace('-', " ");
    let (status, _) = call(&app, &other, "sign_in_code", &[("code", &typed)]).await;
    assert_eq!(status, 200);
    assert_eq!(signed_in_as(&app, &other).await, CONTOSO_USER);
    let (third, _, _) = password_step(&app, CONTOSO_USER).await;
    let (status, refused) = call(&app, &third, "sign_in_code", &[("code", &codes[3])]).await;
    assert_eq!(
        (status, code_problem(&refused)),
        (422, "incorrect"),
        "a recovery code is used once"
    );
    let (_, status) = call(&app, &user, "get_two_factor_status", &[]).await;
    assert_eq!(status["recovery_codes_left"], 9);

    // New recovery codes replace the old ones; turning it off needs a code.
    let (status, renewed) = call(&app, &user, "renew_recovery_codes", &[("code", &codes[4])]).await;
    assert_eq!(status, 200, "{renewed}");
    let renewed: Vec<String> = serde_json::from_value(renewed).unwrap();
    let (status, _) = call(&app, &user, "disable_two_factor", &[("code", &codes[5])]).await;
    assert_eq!(status, 422, "the old codes stopped working");
    let (status, _) = call(&app, &user, "disable_two_factor", &[("code", &renewed[0])]).await;
    assert_eq!(status, 200);
    let (_, _, outcome) = password_step(&app, CONTOSO_USER).await;
    assert_eq!(outcome["SignedIn"]["set_up_two_factor"], false);
    assert_eq!(count(db, "SELECT COUNT(*) FROM recovery_codes").await, 0);
}

async fn the_code_step_counts_against_the_sign_in_throttle_and_waits_five_minutes(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let user = app.signed_in(CONTOSO_USER).await;
    let (secret, _) = set_up(&app, &user).await;

    // No password step in this session: nothing to complete.
    let (status, _) = call(&app, &app.client(), "sign_in_code", &[("code", "123456")]).await;
    assert_eq!(status, 401);

    // The password (1) and four wrong codes reach the limit of five: the right code is refused
    // too, for the window. A right password did not forgive the failures.
    let (browser, _, outcome) = password_step(&app, CONTOSO_USER).await;
    assert_eq!(outcome, json!("CodeNeeded"));
    let right = code(&secret, 0).await;
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..4 {
        assert_eq!(
            call(&app, &browser, "sign_in_code", &[("code", wrong)])
                .await
                .0,
            422
        );
    }
    let (status, answer) = call(&app, &browser, "sign_in_code", &[("code", &right)]).await;
    assert_eq!(status, 429, "{answer}");
    assert!(answer["RateLimited"]["retry_after_secs"].as_u64().unwrap() > 0);
    // A new password step is refused as well: it is the same account's limit.
    let (_, status, _) = password_step(&app, CONTOSO_USER).await;
    assert_eq!(status, 429);

    // After the window, the step waits five minutes for its code, and no longer.
    app.clock.advance(15 * 60 + 1);
    let (browser, _, _) = password_step(&app, CONTOSO_USER).await;
    app.clock.advance(5 * 60 + 1);
    let (status, _) = call(
        &app,
        &browser,
        "sign_in_code",
        &[("code", &code(&secret, 0).await)],
    )
    .await;
    assert_eq!(status, 401, "the code came too late");
    let (browser, _, _) = password_step(&app, CONTOSO_USER).await;
    let (status, _) = call(
        &app,
        &browser,
        "sign_in_code",
        &[("code", &code(&secret, 0).await)],
    )
    .await;
    assert_eq!(status, 200);
}

async fn a_team_that_requires_two_factor_refuses_its_users_until_they_set_it_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let user = app.signed_in(CONTOSO_USER).await;
    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    let inbox = [("filter[location]", "")];
    assert_eq!(call(&app, &user, "get_attention", &inbox).await.0, 200);

    // Only an administrator sets the rule, for its own team, and only with its own on.
    assert_eq!(
        call(&app, &user, "set_team_two_factor", &[("required", "true")])
            .await
            .0,
        403
    );
    let (status, refused) =
        call(&app, &admin, "set_team_two_factor", &[("required", "true")]).await;
    assert_eq!(
        (status, refused),
        (409, json!({ "Conflict": "two_factor_own_first" }))
    );
    set_up(&app, &admin).await;
    assert_eq!(
        call(&app, &admin, "set_team_two_factor", &[("required", "true")])
            .await
            .0,
        200
    );

    // The user's open session is refused at its next request, with the reason, and its account
    // page still answers, so that it can set it up.
    let (status, refused) = call(&app, &user, "get_attention", &inbox).await;
    assert_eq!(
        (status, refused),
        (403, json!({ "Forbidden": "TwoFactor" }))
    );
    let (_, status) = call(&app, &user, "get_two_factor_status", &[]).await;
    assert_eq!(status["required_by_team"], true);
    let (_, _, outcome) = password_step(&app, CONTOSO_USER).await;
    assert_eq!(outcome["SignedIn"]["set_up_two_factor"], true);
    // Fabrikam's team is not Contoso's.
    assert_eq!(call(&app, &fabrikam, "get_team", &[]).await.0, 200);

    let (secret, codes) = set_up(&app, &user).await;
    assert_eq!(call(&app, &user, "get_attention", &inbox).await.0, 200);
    let (status, refused) = call(&app, &user, "disable_two_factor", &[("code", &codes[0])]).await;
    assert_eq!(
        (status, refused),
        (409, json!({ "Conflict": "two_factor_required_by_team" }))
    );

    // A lost phone: the administrator resets the colleague's authenticator (another partner's
    // administrator does not find the colleague); the colleague is refused until it sets up a new
    // one, and the old secret's codes no longer work.
    let target = user_id(&app.state.db, CONTOSO_USER).await.get().to_string();
    let reset = [("user_id", target.as_str())];
    assert_eq!(
        call(&app, &fabrikam, "reset_member_two_factor", &reset)
            .await
            .0,
        404
    );
    assert_eq!(
        call(&app, &user, "reset_member_two_factor", &reset).await.0,
        403
    );
    assert_eq!(
        call(&app, &admin, "reset_member_two_factor", &reset)
            .await
            .0,
        200
    );
    assert_eq!(call(&app, &user, "get_attention", &inbox).await.0, 403);
    let (_, _, outcome) = password_step(&app, CONTOSO_USER).await;
    assert_eq!(outcome["SignedIn"]["set_up_two_factor"], true);
    let _ = secret;

    // The team page shows who has it, and the audit list keeps both changes.
    let (_, team) = call(&app, &admin, "get_team", &[]).await;
    assert_eq!(team["two_factor_required"], true);
    let me = team["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == CONTOSO_ADMIN)
        .unwrap();
    assert_eq!(me["two_factor"], true);
    let changes: Vec<&str> = team["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["change"].as_str().unwrap())
        .collect();
    assert!(
        changes.contains(&"two_factor_required") && changes.contains(&"two_factor_reset"),
        "{changes:?}"
    );

    // Stopping the rule lets the colleague in again at once.
    assert_eq!(
        call(
            &app,
            &admin,
            "set_team_two_factor",
            &[("required", "false")]
        )
        .await
        .0,
        200
    );
    assert_eq!(call(&app, &user, "get_attention", &inbox).await.0, 200);
}

backend_tests!(
    an_authenticator_is_asked_for_at_every_sign_in_and_each_code_works_once,
    the_code_step_counts_against_the_sign_in_throttle_and_waits_five_minutes,
    a_team_that_requires_two_factor_refuses_its_users_until_they_set_it_up,
);
