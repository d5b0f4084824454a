//! From consent to payment on both backends: submission with documents, the programme's review,
//! the partner-action loop, disputes, payment, downloads and who may do what.

mod common;

use app::claims::service::{claim_detail, create_claims, perform};
use app::customers::model::{CustomersQuery, Tab};
use app::error::AppError;
use app::review::model::QueueFilter;
use app::review::service::{decide, queue, record_payment};
use app::state::AppState;
use app::submission::service::{dispute, submit, SubmissionForm, Upload};
use common::{engagement_id, nomination, scope_of, state_over, Backend, TestApp};
use domain::{Actor, ClaimAction, ClaimStatus, DeadlineKind};
use sqlx::Row;

const DAY: i64 = 86_400;
const T_TAILSPIN: &str = "0b7e2d94-6c1a-4f3b-8e5d-2a9c7f1e4b30";
const T_BACKEREI: &str = "9f8e7d6c-5b4a-4392-8e1f-0a1b2c3d4e5f";

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn png() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(&[0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1]);
    bytes
}

async fn count(state: &AppState, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn reviewer_id(state: &AppState) -> i64 {
    sqlx::query("SELECT id FROM users WHERE email = 'reviewer@programme.example'")
        .fetch_one(&state.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap()
}

/// A claim of Contoso's whose customer consented; returns its reference.
async fn consented(
    state: &AppState,
    location: &str,
    id_type: &str,
    id_value: &str,
    code: &str,
    hours: Option<u32>,
) -> String {
    let scope = scope_of(&state.db, "admin@contoso.example").await;
    let engagement = engagement_id(&state.db, code).await;
    let mut request = nomination(location, id_type, id_value, vec![engagement]);
    request.contacts.contact_email = "it@tailspintoys.com".into();
    request.contacts.mismatch_reason = "contact_at_subsidiary".into();
    request.hours = hours;
    let claim_ref = create_claims(state, &scope, request)
        .await
        .unwrap()
        .remove(0)
        .claim_ref;
    for (action, actor) in [
        (ClaimAction::SendConsent, Actor::PartnerAdmin),
        (ClaimAction::AcceptConsent, Actor::Customer),
    ] {
        let claim = app::claims::repo::claim_state(&state.db.pool, &claim_ref)
            .await
            .unwrap()
            .unwrap();
        perform(state, &claim, action, actor, None, serde_json::json!({}))
            .await
            .unwrap();
    }
    claim_ref
}

fn form(claim_ref: &str, files: Vec<(&str, Vec<u8>)>) -> SubmissionForm {
    SubmissionForm {
        claim_ref: claim_ref.to_owned(),
        completion_date: String::new(),
        hours_delivered: String::new(),
        comments: "Delivered as planned.".into(),
        uploads: files
            .into_iter()
            .map(|(name, bytes)| Upload {
                file_name: name.to_owned(),
                bytes,
            })
            .collect(),
        read_errors: Vec::new(),
    }
}

fn today(state: &AppState) -> String {
    app::components::format::iso_date(state.clock.now())
}

fn field_codes(error: AppError) -> Vec<(String, String)> {
    match error {
        AppError::Validation(errors) => errors
            .into_iter()
            .map(|e| (e.field.clone(), e.code().to_owned()))
            .collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// Submit with a PDF, review, approve, pay: the claim ends paid, in the Completed tab with its
/// date, its history complete; the document downloads for the partner and the reviewer only.
async fn submission_review_and_payment(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.state;
    let scope = scope_of(&state.db, "admin@contoso.example").await;
    let claim_ref = consented(
        state,
        "1000002",
        "tenant_id",
        T_TAILSPIN,
        "SEC-ENVISION",
        None,
    )
    .await;

    // Every field is checked at once, and nothing is stored for a refused submission.
    let mut incomplete = form(&claim_ref, vec![]);
    incomplete.completion_date = "tomorrow".into();
    let codes = field_codes(submit(state, &scope, incomplete).await.unwrap_err());
    assert_eq!(
        codes,
        vec![
            ("documents".to_owned(), "required".to_owned()),
            ("completion_date".to_owned(), "bad_format".to_owned())
        ]
    );

    let mut good = form(&claim_ref, vec![("Attendance sheet.pdf", pdf())]);
    good.completion_date = today(state);
    assert_eq!(
        submit(state, &scope, good).await.unwrap(),
        ClaimStatus::Submitted
    );
    let detail = claim_detail(state, &scope, &claim_ref).await.unwrap();
    assert_eq!(detail.deadline.unwrap().kind, DeadlineKind::Review);
    assert_eq!(
        detail.completion_date.as_deref(),
        Some(today(state).as_str())
    );
    let document = detail.submissions[0].documents[0].clone();
    assert_eq!(document.file_name, "Attendance sheet.pdf");
    assert_eq!(document.content_type, "application/pdf");

    // Downloads: the partner and the reviewer get the bytes; another partner, and a user of the
    // same partner without this location, get what a missing document gets.
    let href = app.url(&document.href());
    for (email, status) in [
        ("admin@contoso.example", 200),
        ("reviewer@programme.example", 200),
        ("admin@fabrikam.example", 404),
        ("user@contoso.example", 404),
    ] {
        let client = app.signed_in(email).await;
        let response = client.get(&href).send().await.unwrap();
        assert_eq!(response.status(), status, "{email}");
        if status == 200 {
            assert_eq!(response.headers()["content-type"], "application/pdf");
            assert_eq!(response.headers()["x-content-type-options"], "nosniff");
            assert!(response.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment"));
            assert_eq!(response.bytes().await.unwrap().to_vec(), pdf());
        }
    }
    assert_eq!(app.client().get(&href).send().await.unwrap().status(), 401);

    // The queue shows it; the reviewer decides.
    let reviewer = reviewer_id(state).await;
    let waiting = queue(state, &QueueFilter::default()).await.unwrap();
    assert!(waiting.rows.iter().any(|r| r.claim_ref == claim_ref));
    let submitted: Vec<Option<i64>> = waiting.rows.iter().map(|r| r.submitted_at).collect();
    let mut sorted = submitted.clone();
    sorted.sort();
    assert_eq!(submitted, sorted, "oldest submission first");
    let security = engagement_id(&state.db, "SEC-ENVISION").await;
    let filtered = queue(
        state,
        &QueueFilter {
            status: "submitted".into(),
            engagement_id: security,
            q: "tailspin".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(filtered.rows.len(), 1);
    assert_eq!(filtered.rows[0].claim_ref, claim_ref);

    assert_eq!(
        decide(state, reviewer, &claim_ref, "approve", "")
            .await
            .unwrap_err(),
        AppError::NotAllowed(domain::claim::TransitionError::NotAllowedInStatus {
            status: ClaimStatus::Submitted,
            action: ClaimAction::Approve
        })
    );
    decide(state, reviewer, &claim_ref, "start_review", "")
        .await
        .unwrap();
    decide(
        state,
        reviewer,
        &claim_ref,
        "approve",
        "All documents in order.",
    )
    .await
    .unwrap();

    // Payment: at most the proposed payment (EUR 4,000), not in the future.
    let codes = field_codes(
        record_payment(state, reviewer, &claim_ref, "2999-01-01", "4000.01")
            .await
            .unwrap_err(),
    );
    assert_eq!(
        codes,
        vec![
            ("payment_date".to_owned(), "in_future".to_owned()),
            ("amount".to_owned(), "above_proposed".to_owned())
        ]
    );
    assert_eq!(
        record_payment(state, reviewer, &claim_ref, &today(state), "4 000,00")
            .await
            .unwrap(),
        ClaimStatus::Paid
    );
    let detail = claim_detail(state, &scope, &claim_ref).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::Paid);
    let payment = detail.payment.unwrap();
    assert_eq!(
        (payment.amount.cents, payment.date),
        (400_000, today(state))
    );
    let actions: Vec<&str> = detail.events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "create",
            "send_consent",
            "accept_consent",
            "submit",
            "start_review",
            "approve",
            "mark_paid"
        ]
    );
    assert_eq!(
        detail.events[5].message.as_deref(),
        Some("All documents in order.")
    );

    let completed = app::customers::service::customers_page(
        state,
        &scope,
        CustomersQuery {
            engagement_id: security,
            tab: Tab::Completed,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let row = completed
        .rows
        .iter()
        .find(|r| r.claim_ref.as_deref() == Some(claim_ref.as_str()))
        .expect("the paid claim in the Completed tab");
    assert_eq!(row.claim_status, Some(ClaimStatus::Paid));
    assert!(row.date.is_some());
}

/// Server functions refuse the other side: a partner cannot review or record a payment, a
/// reviewer cannot submit or dispute for a partner.
async fn each_side_keeps_to_its_actions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.state;
    let claim_ref = consented(
        state,
        "1000002",
        "tenant_id",
        T_TAILSPIN,
        "SEC-ENVISION",
        None,
    )
    .await;

    let partner = app.signed_in("admin@contoso.example").await;
    for (endpoint, form) in [
        (
            "review_claim",
            vec![
                ("claim_ref", claim_ref.as_str()),
                ("action", "start_review"),
                ("message", ""),
            ],
        ),
        (
            "record_payment",
            vec![
                ("claim_ref", claim_ref.as_str()),
                ("payment_date", "2026-01-01"),
                ("amount", "1"),
            ],
        ),
        (
            "get_review_queue",
            vec![
                ("filter[status]", ""),
                ("filter[engagement_id]", "0"),
                ("filter[q]", ""),
            ],
        ),
        ("get_review_claim", vec![("claim_ref", claim_ref.as_str())]),
    ] {
        let response = app.call(&partner, endpoint, &form).await;
        assert_eq!(response.status(), 403, "a partner calling {endpoint}");
    }

    let reviewer = app.signed_in("reviewer@programme.example").await;
    let multipart = reqwest::multipart::Form::new()
        .text("claim_ref", claim_ref.clone())
        .text("completion_date", today(state))
        .part(
            "documents",
            reqwest::multipart::Part::bytes(pdf()).file_name("proof.pdf"),
        );
    let response = reviewer
        .post(app.url("/api/submit_claim"))
        .header("origin", format!("http://{}", app.addr))
        .multipart(multipart)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "a reviewer submitting");
    let response = app
        .call(
            &reviewer,
            "dispute_claim",
            &[("claim_ref", &claim_ref), ("reason", "no")],
        )
        .await;
    assert_eq!(response.status(), 403, "a reviewer disputing");

    // At the service level too, the life cycle refuses a reviewer's submission.
    let claim = app::claims::repo::claim_state(&state.db.pool, &claim_ref)
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        perform(
            state,
            &claim,
            ClaimAction::Submit,
            Actor::Reviewer,
            None,
            serde_json::json!({})
        )
        .await,
        Err(AppError::NotAllowed(
            domain::claim::TransitionError::WrongActor { .. }
        ))
    ));
    assert_eq!(claim.status, ClaimStatus::ConsentReceived);
    assert_eq!(
        count(
            state,
            &format!(
                "SELECT COUNT(*) FROM claim_submissions WHERE claim_id = {}",
                claim.id
            )
        )
        .await,
        0
    );
}

/// Over HTTP, as the browser sends it: a file whose content is not what its name says is
/// refused with the field named, and so is one over the size limit; nothing is kept.
async fn an_upload_that_lies_about_its_type_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.state;
    let claim_ref = consented(
        state,
        "1000002",
        "tenant_id",
        T_TAILSPIN,
        "SEC-ENVISION",
        None,
    )
    .await;
    let partner = app.signed_in("admin@contoso.example").await;
    let documents_before = count(state, "SELECT COUNT(*) FROM claim_documents").await;
    let send = |parts: Vec<(&'static str, Vec<u8>)>| {
        let mut multipart = reqwest::multipart::Form::new()
            .text("claim_ref", claim_ref.clone())
            .text("completion_date", today(state))
            .text("comments", "");
        for (name, bytes) in parts {
            multipart = multipart.part(
                "documents",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        }
        partner
            .post(app.url("/api/submit_claim"))
            .header("origin", format!("http://{}", app.addr))
            .multipart(multipart)
            .send()
    };

    // A crafted request that is not multipart at all is refused before any server function.
    for (endpoint, content_type) in [
        ("/api/submit_claim", "application/x-www-form-urlencoded"),
        ("/api/submit_claim", "multipart/form-data"),
        ("/api/import_programme_data", "text/plain"),
    ] {
        let response = partner
            .post(app.url(endpoint))
            .header("origin", format!("http://{}", app.addr))
            .header("content-type", content_type)
            .body(format!("claim_ref={claim_ref}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 415, "{endpoint} as {content_type}");
    }

    let response = send(vec![("report.pdf", png())]).await.unwrap();
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("type_mismatch") && body.contains("report.pdf"),
        "{body}"
    );

    let response = send(vec![("setup.exe", b"MZ\x90\x00".to_vec())])
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("unsupported_type"));

    let mut big = pdf();
    big.resize(10_000_001, b' ');
    let response = send(vec![("big.pdf", big)]).await.unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("too_large"));

    let claim = app::claims::repo::claim_state(&state.db.pool, &claim_ref)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(claim.status, ClaimStatus::ConsentReceived);
    assert_eq!(
        count(state, "SELECT COUNT(*) FROM claim_documents").await,
        documents_before
    );

    // The same request with a real PDF goes through.
    let response = send(vec![("report.pdf", pdf())]).await.unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(
        count(state, "SELECT COUNT(*) FROM claim_documents").await,
        documents_before + 1
    );
}

/// After the submission deadline the submission is refused with the deadline named, whatever
/// the form holds; the sweeper then ends the claim.
async fn a_submission_after_the_deadline_is_refused(backend: Backend) {
    let (_test_db, db, clock) = common::seeded_db(backend).await;
    let state = state_over(&db, clock.clone());
    let scope = scope_of(&db, "admin@contoso.example").await;
    let claim_ref = consented(
        &state,
        "1000002",
        "tenant_id",
        T_BACKEREI,
        "SEC-ENVISION",
        None,
    )
    .await;
    clock.advance(45 * DAY + 60);
    let mut late = form(&claim_ref, vec![("proof.pdf", pdf())]);
    late.completion_date = today(&state);
    match submit(&state, &scope, late).await {
        Err(AppError::NotAllowed(domain::claim::TransitionError::DeadlinePassed {
            kind, ..
        })) => {
            assert_eq!(kind, DeadlineKind::Submission)
        }
        other => panic!("expected the deadline refusal, got {other:?}"),
    }
    assert_eq!(count(&state, "SELECT COUNT(*) FROM claim_documents d JOIN claims c ON c.id = d.claim_id WHERE c.customer_id_value = '9f8e7d6c-5b4a-4392-8e1f-0a1b2c3d4e5f' AND c.engagement_id = (SELECT id FROM engagements WHERE code = 'SEC-ENVISION')").await, 0);
    app::claims::sweeper::sweep(&state).await.unwrap();
    let detail = claim_detail(&state, &scope, &claim_ref).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::NotSubmittedExpired);
}

/// Reject (reason required) → dispute (reason required, within the window) → rejected final;
/// a rejection nobody disputes becomes dispute expired through the sweeper.
async fn rejection_dispute_and_expiry(backend: Backend) {
    let (_test_db, db, clock) = common::seeded_db(backend).await;
    let state = state_over(&db, clock.clone());
    let scope = scope_of(&db, "admin@contoso.example").await;
    let reviewer = reviewer_id(&state).await;
    let mut refs = Vec::new();
    for id in [T_TAILSPIN, T_BACKEREI] {
        let claim_ref = consented(&state, "1000002", "tenant_id", id, "SEC-ENVISION", None).await;
        let mut f = form(&claim_ref, vec![("proof.pdf", pdf())]);
        f.completion_date = today(&state);
        submit(&state, &scope, f).await.unwrap();
        decide(&state, reviewer, &claim_ref, "start_review", "")
            .await
            .unwrap();
        assert_eq!(
            field_codes(
                decide(&state, reviewer, &claim_ref, "reject", "  ")
                    .await
                    .unwrap_err()
            ),
            vec![("message".to_owned(), "required".to_owned())]
        );
        decide(
            &state,
            reviewer,
            &claim_ref,
            "reject",
            "The attendance sheet is not signed.",
        )
        .await
        .unwrap();
        refs.push(claim_ref);
    }
    let (disputed, undisputed) = (&refs[0], &refs[1]);
    let detail = claim_detail(&state, &scope, disputed).await.unwrap();
    assert_eq!(detail.deadline.unwrap().kind, DeadlineKind::Dispute);
    assert!(detail.available_actions.contains(&ClaimAction::Dispute));
    assert_eq!(
        field_codes(dispute(&state, &scope, disputed, "").await.unwrap_err()),
        vec![("reason".to_owned(), "required".to_owned())]
    );
    assert_eq!(
        dispute(
            &state,
            &scope,
            disputed,
            "Page 3 is signed by the customer."
        )
        .await
        .unwrap(),
        ClaimStatus::Disputed
    );
    assert_eq!(
        field_codes(
            decide(&state, reviewer, disputed, "reject_final", "")
                .await
                .unwrap_err()
        ),
        vec![("message".to_owned(), "required".to_owned())]
    );
    decide(
        &state,
        reviewer,
        disputed,
        "reject_final",
        "Signed by the partner, not the customer.",
    )
    .await
    .unwrap();
    let detail = claim_detail(&state, &scope, disputed).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::RejectedFinal);
    assert!(detail.ended_at.is_some());
    let messages: Vec<Option<&str>> = detail.events.iter().map(|e| e.message.as_deref()).collect();
    assert!(messages.contains(&Some("Page 3 is signed by the customer.")));

    // The other rejection: the window passes, the sweeper closes it, a dispute is refused.
    clock.advance(30 * DAY + 60);
    app::claims::sweeper::sweep(&state).await.unwrap();
    let detail = claim_detail(&state, &scope, undisputed).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::DisputeExpired);
    assert!(matches!(
        dispute(&state, &scope, undisputed, "Too late?").await,
        Err(AppError::NotAllowed(_))
    ));
}

/// The reviewer asks for more, the partner answers (comment and/or documents) and resubmits,
/// as often as needed; hours delivered are at most those claimed.
async fn partner_action_loop(backend: Backend) {
    let (_test_db, db, clock) = common::seeded_db(backend).await;
    let state = state_over(&db, clock.clone());
    let scope = scope_of(&db, "admin@contoso.example").await;
    let reviewer = reviewer_id(&state).await;
    let claim_ref = consented(
        &state,
        "1000001",
        "msx_opportunity_id",
        "7-NW4K8P2M1Z",
        "AZ-ACCEL-DEPLOY",
        Some(100),
    )
    .await;
    let mut first = form(&claim_ref, vec![("proof.pdf", pdf())]);
    first.completion_date = today(&state);
    first.hours_delivered = "101".into();
    assert_eq!(
        field_codes(submit(&state, &scope, first.clone()).await.unwrap_err()),
        vec![("hours_delivered".to_owned(), "above_claimed".to_owned())]
    );
    first.hours_delivered = "96".into();
    submit(&state, &scope, first).await.unwrap();

    for round in 0..2 {
        decide(&state, reviewer, &claim_ref, "start_review", "")
            .await
            .unwrap();
        assert_eq!(
            field_codes(
                decide(&state, reviewer, &claim_ref, "request_partner_action", "")
                    .await
                    .unwrap_err()
            ),
            vec![("message".to_owned(), "required".to_owned())]
        );
        decide(
            &state,
            reviewer,
            &claim_ref,
            "request_partner_action",
            "Add the timesheets.",
        )
        .await
        .unwrap();
        let detail = claim_detail(&state, &scope, &claim_ref).await.unwrap();
        assert_eq!(detail.status, ClaimStatus::PartnerActionRequired);
        assert!(detail.available_actions.contains(&ClaimAction::Resubmit));
        let (_, asked) = detail
            .latest_message(&[ClaimAction::RequestPartnerAction])
            .unwrap();
        assert_eq!(asked, "Add the timesheets.");

        let mut empty = form(&claim_ref, vec![]);
        empty.comments.clear();
        assert_eq!(
            field_codes(submit(&state, &scope, empty).await.unwrap_err()),
            vec![("comments".to_owned(), "required".to_owned())]
        );
        clock.advance(DAY);
        let answer = if round == 0 {
            form(&claim_ref, vec![])
        } else {
            let mut f = form(&claim_ref, vec![("timesheets.png", png())]);
            f.comments.clear();
            f
        };
        assert_eq!(
            submit(&state, &scope, answer).await.unwrap(),
            ClaimStatus::Submitted
        );
    }
    let detail = claim_detail(&state, &scope, &claim_ref).await.unwrap();
    assert_eq!(detail.submissions.len(), 3);
    assert_eq!(detail.hours_delivered, Some(96));
    assert!(detail.submissions[1].resubmission);
    assert_eq!(detail.submissions[2].documents[0].content_type, "image/png");
    // The review clock restarts at each resubmission.
    assert_eq!(detail.submitted_at, Some(state.clock.now()));
}

backend_tests!(
    submission_review_and_payment,
    each_side_keeps_to_its_actions,
    an_upload_that_lies_about_its_type_is_refused,
    a_submission_after_the_deadline_is_refused,
    rejection_dispute_and_expiry,
    partner_action_loop,
);
