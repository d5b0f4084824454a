//! Consent must come from the customer, and each answer keeps where it came from, on both
//! backends: a recipient at one of the partner's own domains (its users' or its configured ones,
//! subdomains included) is refused at claim creation, in the Send / Re-send flow and once more
//! when the e-mail is about to go; the answer keeps the address, the user agent and the consent
//! text shown, and the partner's and the reviewer's claim pages return them.

mod common;

use app::claims::model::ContactsForm;
use app::consent::model::{ConsentDetails, ConsentEvidence};
use app::consent::outbox::{deliver_due, DevMailbox};
use app::consent::service::{consent_page, decide, send_consent, Answerer};
use app::consent::statement::ConsentStatement;
use app::error::{AppError, FieldError, FieldProblem};
use app::i18n::Locale;
use app::state::AppState;
use common::fixtures::{
    count, nomination, scope_of, ClaimFixture, AZ_MIG_ASSESS, CONTOSO_ADMIN, FABRIKAM_ADMIN,
    LOC_LYON, LOC_PARIS, PROGRAMME_REVIEWER, SEC_ENVISION, T_NORTHWIND,
};
use common::{seeded_state, Backend, TestApp};
use domain::{ClaimRef, CustomerIdType};
use serde_json::Value;
use sqlx::Row;

/// A browser's user agent, longer than what is kept.
const LONG_AGENT: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fn own_domain(domain: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(
        "contact_email",
        FieldProblem::OwnDomain {
            domain: domain.to_owned(),
        },
    )])
}

fn contacts(email: &str) -> ContactsForm {
    ContactsForm {
        contact_email: email.into(),
        contact_name: "Claire Dubois".into(),
        contact_phone: String::new(),
        contact_language: "en".into(),
        partner_contact_name: "Camille Martin".into(),
        partner_contact_email: "camille.martin@contoso.example".into(),
        mismatch_reason: String::new(),
        mismatch_details: String::new(),
    }
}

/// A new claim of Contoso's Paris location for Northwind (by its domain).
async fn northwind_claim(state: &AppState) -> ClaimRef {
    ClaimFixture::new(state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .at(LOC_PARIS)
        .create()
        .await
        .claim_ref
}

/// Delivers what is due into the development mailbox; the newest link's token.
async fn deliver(state: &AppState) -> Option<String> {
    let mailbox = DevMailbox {
        state: state.clone(),
    };
    deliver_due(state, &mailbox, "test", 50).await.unwrap();
    let newest = app::consent::repo::mailbox_list(&state.db.pool, None, 1)
        .await
        .unwrap();
    let text = &newest.first()?.body_text;
    let start = text.find("/consent/")? + "/consent/".len();
    let rest = &text[start..];
    let end = rest.find(['?', '\n', ' ']).unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

async fn a_claim_for_a_recipient_at_the_partners_own_domain_is_refused(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let claims_before = count(&db, "SELECT COUNT(*) FROM claims").await;
    // A domain only a user's address gives (no configured domain names it).
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    sqlx::query(
        "INSERT INTO users (partner_id, email, display_name, password_hash, role, created_at)
         VALUES ($1, 'jo@contoso-labs.example', 'Jo', 'x', 'partner_user', 0)",
    )
    .bind(contoso.partner_id.get())
    .execute(&db.pool)
    .await
    .unwrap();
    for (recipient, domain) in [
        // Its users' domain (also configured), in any case.
        ("consent@contoso.example", "contoso.example"),
        ("Camille.Martin@CONTOSO.Example", "contoso.example"),
        // A subdomain is its parent's.
        ("it@mail.contoso.example", "contoso.example"),
        // A configured domain no user has.
        (
            "consent@contoso-consulting.example",
            "contoso-consulting.example",
        ),
        // A user's domain that is not configured.
        ("it@contoso-labs.example", "contoso-labs.example"),
    ] {
        let refused = ClaimFixture::new(&state)
            .customer(CustomerIdType::DomainName, "northwind.fr")
            .on(AZ_MIG_ASSESS)
            .at(LOC_PARIS)
            .contact_email(recipient)
            .try_create()
            .await
            .map(|c| c.claim_ref);
        assert_eq!(refused, Err(own_domain(domain)), "{recipient}");
    }
    // Also for a tenant ID, where the mismatch rule would otherwise ask for a reason.
    let refused = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@contoso.example")
        .try_create()
        .await
        .map(|c| c.claim_ref);
    assert_eq!(refused, Err(own_domain("contoso.example")));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM claims").await,
        claims_before
    );
    // The wizard's contacts step checks it too.
    let mut request = nomination(LOC_PARIS, "domain_name", "northwind.fr", vec![]);
    request.engagement_ids = vec![common::fixtures::engagement_id(&db, AZ_MIG_ASSESS).await];
    request.contacts.contact_email = "it@mail.contoso.example".into();
    assert_eq!(
        app::claims::check::preview_claims(
            &state,
            &contoso,
            &request,
            app::claims::model::WizardStep::Contacts
        )
        .await
        .unwrap_err(),
        own_domain("contoso.example")
    );
    // The rule is about the partner's own domains: Fabrikam's are not Contoso's, and the other
    // way round.
    let fabrikam_recipient = ClaimFixture::new(&state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .by(FABRIKAM_ADMIN)
        .contact_email("it@fabrikam.example")
        .try_create()
        .await
        .map(|c| c.claim_ref);
    assert_eq!(fabrikam_recipient, Err(own_domain("fabrikam.example")));
    ClaimFixture::new(&state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .at(LOC_PARIS)
        .contact_email("it@fabrikam.example")
        .create()
        .await;
}

async fn send_and_re_send_refuse_a_recipient_at_the_partners_own_domain(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = northwind_claim(&state).await;
    for dry_run in [true, false] {
        assert_eq!(
            send_consent(
                &state,
                &scope,
                &claim,
                &contacts("camille.martin@contoso.example"),
                dry_run
            )
            .await
            .unwrap_err(),
            own_domain("contoso.example"),
            "dry run: {dry_run}"
        );
    }
    assert_eq!(count(&db, "SELECT COUNT(*) FROM outbox").await, 0);
    send_consent(
        &state,
        &scope,
        &claim,
        &contacts("claire@northwindtraders.com"),
        false,
    )
    .await
    .unwrap();
    clock.advance(3_601);
    // A re-send that changes the recipient to the partner's own mailbox is refused as well.
    assert_eq!(
        send_consent(
            &state,
            &scope,
            &claim,
            &contacts("consent@it.contoso-consulting.example"),
            false
        )
        .await
        .unwrap_err(),
        own_domain("contoso-consulting.example")
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM consent_requests").await, 1);
    let stored: String = sqlx::query("SELECT contact_email FROM claims WHERE claim_ref = $1")
        .bind(claim.as_str())
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap();
    assert_eq!(stored, "claire@northwindtraders.com");
}

async fn an_email_queued_for_a_partners_own_address_is_not_delivered(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = northwind_claim(&state).await;
    send_consent(
        &state,
        &scope,
        &claim,
        &contacts("claire@northwindtraders.com"),
        false,
    )
    .await
    .unwrap();
    // After it was queued, the domain became the partner's (configured as its own).
    sqlx::query(
        "INSERT INTO partner_domains (partner_id, domain) VALUES ($1, 'northwindtraders.com')",
    )
    .bind(scope.partner_id.get())
    .execute(&db.pool)
    .await
    .unwrap();
    let before = count(&db, "SELECT COUNT(*) FROM dev_mailbox").await;
    assert_eq!(deliver(&state).await, None);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM dev_mailbox").await, before);
    let row = sqlx::query("SELECT status, last_error FROM outbox")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(row.try_get::<String, _>("status").unwrap(), "failed");
    assert!(row
        .try_get::<String, _>("last_error")
        .unwrap()
        .contains("northwindtraders.com"));
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM consent_requests WHERE token_hash IS NOT NULL"
        )
        .await,
        0,
        "no link exists for it"
    );
}

/// POSTs `decide_consent` as the customer's browser does, with its user agent.
async fn answer(app: &TestApp, token: &str, accept: bool, language: &str) -> reqwest::Response {
    let client = app.client();
    app.post(&client, "/api/decide_consent")
        .header("sec-fetch-site", "same-origin")
        .header("user-agent", format!("{LONG_AGENT} {}", "x".repeat(600)))
        .form(&[
            ("token", token),
            ("accept", if accept { "true" } else { "false" }),
            ("reason", ""),
            ("language", language),
        ])
        .send()
        .await
        .unwrap()
}

async fn json(response: reqwest::Response) -> Value {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// The evidence stored for a claim, as the claim page of `who` returns it.
async fn evidence_over_http(
    app: &TestApp,
    who: &str,
    endpoint: &str,
    claim: &ClaimRef,
) -> ConsentEvidence {
    let client = app.signed_in(who).await;
    let response = app
        .call(&client, endpoint, &[("claim_ref", claim.as_str())])
        .await;
    assert_eq!(response.status(), 200, "{endpoint}");
    serde_json::from_value(json(response).await["consent_evidence"].clone()).unwrap()
}

async fn the_answer_keeps_where_it_came_from_and_both_claim_pages_show_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.state;
    let scope = scope_of(&state.db, CONTOSO_ADMIN).await;
    let claim = northwind_claim(state).await;
    send_consent(
        state,
        &scope,
        &claim,
        &contacts("claire@northwindtraders.com"),
        false,
    )
    .await
    .unwrap();
    let token = deliver(state).await.unwrap();
    let details: ConsentDetails = consent_page(state, "198.51.100.1", &token)
        .await
        .unwrap()
        .details
        .unwrap();

    // A language the page cannot be in is refused, and nothing is decided.
    let crafted = answer(&app, &token, true, "de").await;
    assert_eq!(crafted.status(), 422);
    assert_eq!(json(crafted).await["Validation"][0]["field"], "language");

    // The page was read in French (the e-mail was in English): the text kept is the French one.
    let accepted = answer(&app, &token, true, "fr").await;
    assert_eq!(accepted.status(), 200);
    let row = sqlx::query(
        "SELECT decision, decided_at, decided_ip, decided_user_agent, decided_language, decided_text
         FROM consent_requests WHERE token_hash IS NOT NULL",
    )
    .fetch_one(&state.db.pool)
    .await
    .unwrap();
    assert_eq!(row.try_get::<String, _>("decision").unwrap(), "accepted");
    assert_eq!(row.try_get::<String, _>("decided_ip").unwrap(), "127.0.0.1");
    let agent: String = row.try_get("decided_user_agent").unwrap();
    assert_eq!(agent.chars().count(), 512);
    assert!(agent.starts_with(LONG_AGENT));
    assert_eq!(row.try_get::<String, _>("decided_language").unwrap(), "fr");
    let text: String = row.try_get("decided_text").unwrap();
    assert_eq!(text, ConsentStatement::new(Locale::fr, &details).text());
    assert!(text.starts_with("Contoso Consulting demande votre consentement\n"));
    assert!(text.contains("le programme peut vous contacter"));

    let expected = ConsentEvidence {
        accepted: true,
        decided_at: row.try_get("decided_at").unwrap(),
        ip: Some("127.0.0.1".into()),
        user_agent: Some(agent),
        language: Some("fr".into()),
        text: Some(text),
    };
    assert_eq!(
        evidence_over_http(&app, CONTOSO_ADMIN, "get_claim", &claim).await,
        expected
    );
    // And the reviewer's.
    assert_eq!(
        evidence_over_http(&app, PROGRAMME_REVIEWER, "get_review_claim", &claim).await,
        expected
    );

    // A decline keeps its evidence too; a client that does not say its language is taken to
    // read the e-mail's.
    let declined = ClaimFixture::new(state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@northwindtraders.com")
        .create()
        .await
        .claim_ref;
    send_consent(
        state,
        &scope,
        &declined,
        &contacts("it@northwindtraders.com"),
        false,
    )
    .await
    .unwrap();
    let token = deliver(state).await.unwrap();
    let details = consent_page(state, "198.51.100.1", &token)
        .await
        .unwrap()
        .details
        .unwrap();
    assert_eq!(answer(&app, &token, false, "").await.status(), 200);
    let evidence = evidence_over_http(&app, CONTOSO_ADMIN, "get_claim", &declined).await;
    assert!(!evidence.accepted);
    assert_eq!(evidence.ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(evidence.language.as_deref(), Some("en"));
    assert_eq!(
        evidence.text,
        Some(ConsentStatement::new(Locale::en, &details).text())
    );
}

async fn the_service_keeps_a_clean_user_agent(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = northwind_claim(&state).await;
    send_consent(
        &state,
        &scope,
        &claim,
        &contacts("claire@northwindtraders.com"),
        false,
    )
    .await
    .unwrap();
    let token = deliver(&state).await.unwrap();
    let answerer = Answerer {
        address: "203.0.113.7",
        user_agent: "  curl/8.5.0\r\nX-Injected: yes  ",
        language: Some(domain::Language::En),
    };
    decide(&state, &answerer, &token, true, "").await.unwrap();
    let detail = app::claims::service::claim_detail(&state, &scope, &claim)
        .await
        .unwrap();
    let evidence = detail.consent_evidence.unwrap();
    assert_eq!(evidence.ip.as_deref(), Some("203.0.113.7"));
    assert_eq!(
        evidence.user_agent.as_deref(),
        Some("curl/8.5.0X-Injected: yes")
    );
}

async fn an_own_domain_recipient_is_refused_over_http(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let claim = northwind_claim(&app.state).await;
    let response = app
        .post(&admin, "/api/send_consent")
        .json(&serde_json::json!({
            "claim_ref": claim.as_str(),
            "contacts": contacts("consent@Mail.Contoso.example"),
            "dry_run": false,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body = json(response).await;
    assert_eq!(body["Validation"][0]["field"], "contact_email");
    assert_eq!(body["Validation"][0]["code"], "own_domain");
    assert_eq!(body["Validation"][0]["params"]["domain"], "contoso.example");
    assert_eq!(count(&app.state.db, "SELECT COUNT(*) FROM outbox").await, 0);

    let engagement = common::fixtures::engagement_id(&app.state.db, SEC_ENVISION).await;
    let mut request = nomination(LOC_LYON, "tenant_id", T_NORTHWIND, vec![engagement]);
    request.contacts.contact_email = "consent@contoso.example".into();
    let response = app
        .post(&admin, "/api/create_claims")
        .json(&serde_json::json!({ "request": request }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert_eq!(json(response).await["Validation"][0]["code"], "own_domain");
}

backend_tests!(
    a_claim_for_a_recipient_at_the_partners_own_domain_is_refused,
    send_and_re_send_refuse_a_recipient_at_the_partners_own_domain,
    an_email_queued_for_a_partners_own_address_is_not_delivered,
    the_answer_keeps_where_it_came_from_and_both_claim_pages_show_it,
    the_service_keeps_a_clean_user_agent,
    an_own_domain_recipient_is_refused_over_http,
);
