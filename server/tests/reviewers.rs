//! The programme's own team on both backends, over HTTP (issue 18): only a programme
//! administrator invites, deactivates and names reviewers; an invited reviewer accepts through
//! the e-mailed link and reviews; a deactivated one's open session is refused at once; the
//! programme keeps an active administrator.

mod common;

use common::fixtures::{user_id, CONTOSO_ADMIN, PROGRAMME_REVIEWER};
use common::{Backend, TestApp};
use serde_json::{json, Value};

const STRONG: &str = "violet tractor sings quietly";

async fn call(
    app: &TestApp,
    client: &reqwest::Client,
    endpoint: &str,
    form: &[(&str, &str)],
) -> (u16, Value) {
    app.answer(client, endpoint, form).await
}

/// The token of the last invitation e-mail, delivered to the development mailbox.
async fn invitation_token(app: &TestApp) -> String {
    let state = &app.state;
    let mailbox = app::consent::outbox::DevMailbox {
        state: state.clone(),
    };
    app::consent::outbox::deliver_due(state, &mailbox, "test", 50)
        .await
        .unwrap();
    let text = app::consent::repo::mailbox_list(&state.db.pool, None, 1)
        .await
        .unwrap()
        .remove(0)
        .body_text;
    assert!(
        text.contains("programme Microsoft Commerce Incentives")
            || text.contains("Microsoft Commerce Incentives programme"),
        "{text}"
    );
    let start = text.find("/invitation/").expect("an invitation link") + "/invitation/".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn a_programme_administrator_runs_the_reviewers_and_keeps_one_administrator(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let alex = app.signed_in(PROGRAMME_REVIEWER).await;
    let partner_admin = app.signed_in(CONTOSO_ADMIN).await;
    assert_eq!(call(&app, &alex, "get_programme_team", &[]).await.0, 200);
    assert_eq!(
        call(&app, &partner_admin, "get_programme_team", &[])
            .await
            .0,
        403
    );
    let invite = [("email", "rita.ng@programme.example"), ("language", "en")];
    assert_eq!(
        call(&app, &partner_admin, "invite_reviewer", &invite)
            .await
            .0,
        403
    );

    // A bad address is refused by name; the same address twice is taken.
    let (status, refused) = call(
        &app,
        &alex,
        "invite_reviewer",
        &[("email", "rita"), ("language", "en")],
    )
    .await;
    assert_eq!(
        (status, refused["Validation"][0]["field"].clone()),
        (422, json!("email"))
    );
    let (status, rita_id) = call(&app, &alex, "invite_reviewer", &invite).await;
    assert_eq!(status, 200, "{rita_id}");
    assert_eq!(call(&app, &alex, "invite_reviewer", &invite).await.0, 422);

    // Rita accepts through the link and reviews; she does not run the team.
    let token = invitation_token(&app).await;
    let rita = app.client();
    let (status, view) = call(&app, &rita, "get_invitation", &[("token", &token)]).await;
    assert_eq!(status, 200);
    assert_eq!(view["role"], "ProgrammeReviewer");
    let accept = [
        ("token", token.as_str()),
        ("display_name", "Rita Ng"),
        ("password", STRONG),
    ];
    assert_eq!(call(&app, &rita, "accept_invitation", &accept).await.0, 200);
    assert_eq!(
        call(&app, &rita, "list_programme_engagements", &[]).await.0,
        200
    );
    let (status, refused) = call(&app, &rita, "get_programme_team", &[]).await;
    assert_eq!(
        (status, refused),
        (403, json!({ "Forbidden": "ProgrammeAdmin" }))
    );

    // The last administrator cannot step down; once Rita is one, it can, at her next request.
    let alex_id = user_id(&app.state.db, PROGRAMME_REVIEWER)
        .await
        .get()
        .to_string();
    let rita_id = rita_id.as_i64().unwrap().to_string();
    let (status, refused) = call(
        &app,
        &alex,
        "set_reviewer_admin",
        &[("user_id", &alex_id), ("admin", "false")],
    )
    .await;
    assert_eq!(
        (status, refused),
        (409, json!({ "Conflict": "last_programme_administrator" }))
    );
    assert_eq!(
        call(
            &app,
            &alex,
            "set_reviewer_admin",
            &[("user_id", &rita_id), ("admin", "true")]
        )
        .await
        .0,
        200
    );
    assert_eq!(call(&app, &rita, "get_programme_team", &[]).await.0, 200);

    // A partner's user is no reviewer to change.
    let contoso_admin = user_id(&app.state.db, CONTOSO_ADMIN)
        .await
        .get()
        .to_string();
    assert_eq!(
        call(
            &app,
            &alex,
            "set_reviewer_active",
            &[("user_id", &contoso_admin), ("active", "false")]
        )
        .await
        .0,
        404
    );

    // Deactivated, Rita's open session is refused at once, and she can no longer sign in.
    assert_eq!(
        call(
            &app,
            &alex,
            "set_reviewer_active",
            &[("user_id", &rita_id), ("active", "false")]
        )
        .await
        .0,
        200
    );
    assert_eq!(
        call(&app, &rita, "list_programme_engagements", &[]).await.0,
        401
    );
    let again = app.client();
    assert_eq!(
        call(
            &app,
            &again,
            "sign_in",
            &[("email", "rita.ng@programme.example"), ("password", STRONG)]
        )
        .await
        .0,
        401
    );
    // With Rita deactivated, Alex is again the last active administrator.
    assert_eq!(
        call(
            &app,
            &alex,
            "set_reviewer_admin",
            &[("user_id", &alex_id), ("admin", "false")]
        )
        .await
        .0,
        409
    );

    // Every change is in the list.
    let (_, team) = call(&app, &alex, "get_programme_team", &[]).await;
    let changes: Vec<&str> = team["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["change"].as_str().unwrap())
        .collect();
    assert_eq!(changes, ["deactivated", "administrator", "invited"]);
    let rita_row = team["reviewers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == "rita.ng@programme.example")
        .unwrap();
    assert_eq!(
        (rita_row["admin"].clone(), rita_row["active"].clone()),
        (json!(true), json!(false))
    );
}

async fn an_invitation_is_revoked_and_resent(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let alex = app.signed_in(PROGRAMME_REVIEWER).await;
    let (_, id) = call(
        &app,
        &alex,
        "invite_reviewer",
        &[("email", "sam@programme.example"), ("language", "fr")],
    )
    .await;
    let id = id.as_i64().unwrap().to_string();
    let first = invitation_token(&app).await;
    assert_eq!(
        call(
            &app,
            &alex,
            "revoke_reviewer_invitation",
            &[("user_id", &id)]
        )
        .await
        .0,
        200
    );
    assert_eq!(
        call(&app, &app.client(), "get_invitation", &[("token", &first)])
            .await
            .0,
        404
    );
    assert_eq!(
        call(
            &app,
            &alex,
            "resend_reviewer_invitation",
            &[("user_id", &id)]
        )
        .await
        .0,
        200
    );
    let second = invitation_token(&app).await;
    assert_ne!(first, second);
    assert_eq!(
        call(&app, &app.client(), "get_invitation", &[("token", &second)])
            .await
            .0,
        200
    );
    // Only an invited reviewer's invitation is re-sent.
    let alex_id = user_id(&app.state.db, PROGRAMME_REVIEWER)
        .await
        .get()
        .to_string();
    assert_eq!(
        call(
            &app,
            &alex,
            "resend_reviewer_invitation",
            &[("user_id", &alex_id)]
        )
        .await
        .0,
        404
    );
}

backend_tests!(
    a_programme_administrator_runs_the_reviewers_and_keeps_one_administrator,
    an_invitation_is_revoked_and_resent,
);
