//! From consent to payment on both backends: submission with documents, the programme's review,
//! the partner-action loop, disputes, payment, downloads and who may do what.

mod common;

use app::claims::service::{claim_detail, perform};
use app::customers::model::Tab;
use app::error::AppError;
use app::review::model::QueueFilter;
use app::review::service::{decide, queue, record_payment};
use app::state::AppState;
use app::submission::service::{dispute, submit, SubmissionForm, Upload};
use common::fixtures::{
    count, engagement_id, scope_of, tab_query, user_id, ClaimFixture, FixtureClaim,
    AZ_ACCEL_DEPLOY, CONTOSO_ADMIN, CONTOSO_USER, DAY, FABRIKAM_ADMIN, LOC_LYON, LOC_PARIS,
    O_NORTHWIND, PROGRAMME_REVIEWER, SEC_ENVISION, T_BACKEREI, T_TAILSPIN,
};
use common::{seeded_state, Backend, TestApp};
use domain::{Actor, ClaimAction, ClaimStatus, CustomerIdType, DeadlineKind};
use domain::{ClaimRef, UserId};

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

fn png() -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(&[0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1]);
    bytes
}

async fn reviewer_id(state: &AppState) -> i64 {
    user_id(&state.db, PROGRAMME_REVIEWER).await.get()
}

/// A claim of Contoso's Lyon location on the security envisioning, by tenant ID, whose customer
/// consented (the contact at Tailspin Toys, a subsidiary for the other tenants).
async fn consented_security(state: &AppState, tenant: &str) -> FixtureClaim {
    ClaimFixture::new(state)
        .customer(CustomerIdType::TenantId, tenant)
        .on(SEC_ENVISION)
        .at(LOC_LYON)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .consented()
        .create()
        .await
}

fn form(claim_ref: &ClaimRef, files: Vec<(&str, Vec<u8>)>) -> SubmissionForm {
    SubmissionForm {
        claim_ref: claim_ref.to_string(),
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

/// The field errors of a refusal, as (field, code).
fn field_codes(error: AppError) -> Vec<(String, String)> {
    match error {
        AppError::Validation(errors) => errors
            .into_iter()
            .map(|e| (e.field.clone(), e.code().to_owned()))
            .collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// The refusal of a form whose `field` was left empty.
fn required(field: &str) -> Vec<(String, String)> {
    vec![(field.to_owned(), "required".to_owned())]
}

/// The reviewer takes `action` twice: with a `blank` message, refused with the message named,
/// then with `message`, which goes through.
async fn decide_with_message(
    state: &AppState,
    reviewer: UserId,
    claim_ref: &ClaimRef,
    action: &str,
    blank: &str,
    message: &str,
) {
    assert_eq!(
        field_codes(
            decide(state, reviewer, claim_ref, action, blank)
                .await
                .unwrap_err()
        ),
        required("message"),
        "{action} with the message {blank:?}"
    );
    decide(state, reviewer, claim_ref, action, message)
        .await
        .unwrap();
}

/// Submit with a PDF, review, approve, pay: the claim ends paid, in the Completed tab with its
/// date, its history complete; the document downloads for the partner and the reviewer only.
async fn submission_review_and_payment(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.state;
    let scope = scope_of(&state.db, CONTOSO_ADMIN).await;
    let claim_ref = consented_security(state, T_TAILSPIN).await.claim_ref;

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
        (CONTOSO_ADMIN, 200),
        (PROGRAMME_REVIEWER, 200),
        (FABRIKAM_ADMIN, 404),
        (CONTOSO_USER, 404),
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
    let security = engagement_id(&state.db, SEC_ENVISION).await;
    let filtered = queue(
        state,
        &QueueFilter {
            status: "submitted".into(),
            engagement_id: Some(security),
            q: "tailspin".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(filtered.rows.len(), 1);
    assert_eq!(filtered.rows[0].claim_ref, claim_ref);

    assert_eq!(
        decide(state, UserId::new(reviewer), &claim_ref, "approve", "")
            .await
            .unwrap_err(),
        AppError::NotAllowed(domain::claim::TransitionError::NotAllowedInStatus {
            status: ClaimStatus::Submitted,
            action: ClaimAction::Approve
        })
    );
    decide(state, UserId::new(reviewer), &claim_ref, "start_review", "")
        .await
        .unwrap();
    decide(
        state,
        UserId::new(reviewer),
        &claim_ref,
        "approve",
        "All documents in order.",
    )
    .await
    .unwrap();

    // Payment: at most the proposed payment (EUR 4,000), not in the future.
    let codes = field_codes(
        record_payment(
            state,
            UserId::new(reviewer),
            &claim_ref,
            "2999-01-01",
            "4000.01",
        )
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
        record_payment(
            state,
            UserId::new(reviewer),
            &claim_ref,
            &today(state),
            "4 000,00"
        )
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

    let completed =
        app::customers::service::customers_page(state, &scope, tab_query(security, Tab::Completed))
            .await
            .unwrap();
    let row = completed
        .rows
        .iter()
        .find(|r| r.claim_ref.as_ref() == Some(&claim_ref))
        .expect("the paid claim in the Completed tab");
    assert_eq!(row.claim_status, Some(ClaimStatus::Paid));
    assert!(row.date.is_some());
}

/// Server functions refuse the other side: a partner cannot review or record a payment, a
/// reviewer cannot submit or dispute for a partner.
async fn each_side_keeps_to_its_actions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let state = &app.state;
    let claim_ref = consented_security(state, T_TAILSPIN).await.claim_ref;

    let partner = app.signed_in(CONTOSO_ADMIN).await;
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
                // No engagement: every engagement (the filter's `None`).
                ("filter[status]", ""),
                ("filter[q]", ""),
            ],
        ),
        ("get_review_claim", vec![("claim_ref", claim_ref.as_str())]),
    ] {
        let response = app.call(&partner, endpoint, &form).await;
        assert_eq!(response.status(), 403, "a partner calling {endpoint}");
    }

    let reviewer = app.signed_in(PROGRAMME_REVIEWER).await;
    let multipart = reqwest::multipart::Form::new()
        .text("claim_ref", claim_ref.to_string())
        .text("completion_date", today(state))
        .part(
            "documents",
            reqwest::multipart::Part::bytes(pdf()).file_name("proof.pdf"),
        );
    let response = app
        .post(&reviewer, "/api/submit_claim")
        .multipart(multipart)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403, "a reviewer submitting");
    let response = app
        .call(
            &reviewer,
            "dispute_claim",
            &[("claim_ref", claim_ref.as_str()), ("reason", "no")],
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
            &state.db,
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
    let claim_ref = consented_security(state, T_TAILSPIN).await.claim_ref;
    let partner = app.signed_in(CONTOSO_ADMIN).await;
    let documents_before = count(&state.db, "SELECT COUNT(*) FROM claim_documents").await;
    let send = |parts: Vec<(&'static str, Vec<u8>)>| {
        let mut multipart = reqwest::multipart::Form::new()
            .text("claim_ref", claim_ref.to_string())
            .text("completion_date", today(state))
            .text("comments", "");
        for (name, bytes) in parts {
            multipart = multipart.part(
                "documents",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        }
        app.post(&partner, "/api/submit_claim")
            .multipart(multipart)
            .send()
    };

    // A crafted request that is not multipart at all is refused before any server function.
    for (endpoint, content_type) in [
        ("/api/submit_claim", "application/x-www-form-urlencoded"),
        ("/api/submit_claim", "multipart/form-data"),
        ("/api/import_programme_data", "text/plain"),
    ] {
        let response = app
            .post(&partner, endpoint)
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
        count(&state.db, "SELECT COUNT(*) FROM claim_documents").await,
        documents_before
    );

    // The same request with a real PDF goes through.
    let response = send(vec![("report.pdf", pdf())]).await.unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(
        count(&state.db, "SELECT COUNT(*) FROM claim_documents").await,
        documents_before + 1
    );
}

/// After the submission deadline the submission is refused with the deadline named, whatever
/// the form holds; the sweeper then ends the claim.
async fn a_submission_after_the_deadline_is_refused(backend: Backend) {
    let (_test_db, db, state, clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let claim = consented_security(&state, T_BACKEREI).await;
    let claim_ref = claim.claim_ref;
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
    let documents = format!(
        "SELECT COUNT(*) FROM claim_documents WHERE claim_id = {}",
        claim.id
    );
    assert_eq!(count(&db, &documents).await, 0);
    app::claims::sweeper::sweep(&state).await.unwrap();
    let detail = claim_detail(&state, &scope, &claim_ref).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::NotSubmittedExpired);
}

/// Reject (reason required) → dispute (reason required, within the window) → rejected final;
/// a rejection nobody disputes becomes dispute expired through the sweeper.
async fn rejection_dispute_and_expiry(backend: Backend) {
    let (_test_db, db, state, clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let reviewer = reviewer_id(&state).await;
    let mut refs = Vec::new();
    for id in [T_TAILSPIN, T_BACKEREI] {
        let claim_ref = consented_security(&state, id).await.claim_ref;
        let mut f = form(&claim_ref, vec![("proof.pdf", pdf())]);
        f.completion_date = today(&state);
        submit(&state, &scope, f).await.unwrap();
        decide(
            &state,
            UserId::new(reviewer),
            &claim_ref,
            "start_review",
            "",
        )
        .await
        .unwrap();
        decide_with_message(
            &state,
            UserId::new(reviewer),
            &claim_ref,
            "reject",
            "  ",
            "The attendance sheet is not signed.",
        )
        .await;
        refs.push(claim_ref);
    }
    let (disputed, undisputed) = (&refs[0], &refs[1]);
    let detail = claim_detail(&state, &scope, disputed).await.unwrap();
    assert_eq!(detail.deadline.unwrap().kind, DeadlineKind::Dispute);
    assert!(detail.available_actions.contains(&ClaimAction::Dispute));
    assert_eq!(
        field_codes(dispute(&state, &scope, disputed, "").await.unwrap_err()),
        required("reason")
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
    decide_with_message(
        &state,
        UserId::new(reviewer),
        disputed,
        "reject_final",
        "",
        "Signed by the partner, not the customer.",
    )
    .await;
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

/// The programme asks for more and nobody answers: once the review deadline passes, a
/// resubmission is refused with the deadline named and the sweeper ends the claim in
/// post_submission_expired (it was stuck there for ever before), once, by the system.
async fn a_request_nobody_answers_ends_the_claim(backend: Backend) {
    let (_test_db, db, state, clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let reviewer = reviewer_id(&state).await;
    let claim_ref = consented_security(&state, T_TAILSPIN).await.claim_ref;
    let mut f = form(&claim_ref, vec![("proof.pdf", pdf())]);
    f.completion_date = today(&state);
    submit(&state, &scope, f).await.unwrap();
    decide(
        &state,
        UserId::new(reviewer),
        &claim_ref,
        "start_review",
        "",
    )
    .await
    .unwrap();
    decide_with_message(
        &state,
        UserId::new(reviewer),
        &claim_ref,
        "request_partner_action",
        "",
        "Add the timesheets.",
    )
    .await;
    let detail = claim_detail(&state, &scope, &claim_ref).await.unwrap();
    let review = detail.deadline.unwrap();
    assert_eq!(review.kind, DeadlineKind::Review);

    // A second before the deadline the sweeper leaves it alone.
    let now = state.clock.now();
    clock.advance(review.at.unix_seconds() - now - 1);
    assert_eq!(app::claims::sweeper::sweep(&state).await.unwrap(), 0);
    let detail = claim_detail(&state, &scope, &claim_ref).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::PartnerActionRequired);

    clock.advance(1);
    match submit(&state, &scope, form(&claim_ref, vec![])).await {
        Err(AppError::NotAllowed(domain::claim::TransitionError::DeadlinePassed {
            kind, ..
        })) => assert_eq!(kind, DeadlineKind::Review),
        other => panic!("expected the deadline refusal, got {other:?}"),
    }
    assert_eq!(app::claims::sweeper::sweep(&state).await.unwrap(), 1);
    assert_eq!(app::claims::sweeper::sweep(&state).await.unwrap(), 0);
    let detail = claim_detail(&state, &scope, &claim_ref).await.unwrap();
    assert_eq!(detail.status, ClaimStatus::PostSubmissionExpired);
    assert!(detail.ended_at.is_some());
    assert_eq!(detail.deadline, None);
    assert!(detail.available_actions.is_empty());
    let last = detail.events.last().unwrap();
    assert_eq!(last.action, "expire_partner_action");
    assert_eq!(last.actor, domain::Actor::System);
}

/// The reviewer asks for more, the partner answers (comment and/or documents) and resubmits,
/// as often as needed; hours delivered are at most those claimed.
async fn partner_action_loop(backend: Backend) {
    let (_test_db, db, state, clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let reviewer = reviewer_id(&state).await;
    let claim_ref = ClaimFixture::new(&state)
        .customer(CustomerIdType::MsxOpportunityId, O_NORTHWIND)
        .on(AZ_ACCEL_DEPLOY)
        .at(LOC_PARIS)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .hours(100)
        .consented()
        .create()
        .await
        .claim_ref;
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
        decide(
            &state,
            UserId::new(reviewer),
            &claim_ref,
            "start_review",
            "",
        )
        .await
        .unwrap();
        decide_with_message(
            &state,
            UserId::new(reviewer),
            &claim_ref,
            "request_partner_action",
            "",
            "Add the timesheets.",
        )
        .await;
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
            required("comments")
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

/// The queue puts the nearest review deadline first, not the oldest submission: a claim
/// submitted a day later on an engagement with a 10-day review window comes before one with
/// 30 days; claims with no deadline (approved, waiting for payment) come last.
async fn the_queue_puts_the_nearest_review_deadline_first(backend: Backend) {
    let (_test_db, db, state, clock) = seeded_state(backend).await;
    let scope = scope_of(&db, CONTOSO_ADMIN).await;
    let reviewer = UserId::new(reviewer_id(&state).await);
    let approved = consented_security(&state, T_BACKEREI).await.claim_ref;
    let mut f = form(&approved, vec![("proof.pdf", pdf())]);
    f.completion_date = today(&state);
    submit(&state, &scope, f).await.unwrap();
    decide(&state, reviewer, &approved, "start_review", "")
        .await
        .unwrap();
    decide(&state, reviewer, &approved, "approve", "")
        .await
        .unwrap();

    let thirty_days = consented_security(&state, T_TAILSPIN).await.claim_ref;
    let mut f = form(&thirty_days, vec![("proof.pdf", pdf())]);
    f.completion_date = today(&state);
    submit(&state, &scope, f).await.unwrap();

    clock.advance(DAY);
    sqlx::query("UPDATE engagements SET review_window_days = 10 WHERE code = $1")
        .bind(AZ_ACCEL_DEPLOY)
        .execute(&db.pool)
        .await
        .unwrap();
    let ten_days = ClaimFixture::new(&state)
        .customer(CustomerIdType::MsxOpportunityId, O_NORTHWIND)
        .on(AZ_ACCEL_DEPLOY)
        .at(LOC_PARIS)
        .contact_email("it@tailspintoys.com")
        .mismatch_reason("contact_at_subsidiary")
        .hours(100)
        .consented()
        .create()
        .await
        .claim_ref;
    let mut f = form(&ten_days, vec![("proof.pdf", pdf())]);
    f.completion_date = today(&state);
    f.hours_delivered = "100".into();
    submit(&state, &scope, f).await.unwrap();

    let waiting = queue(&state, &QueueFilter::default()).await.unwrap();
    let order: Vec<_> = waiting.rows.iter().map(|r| r.claim_ref.clone()).collect();
    let position = |c: &ClaimRef| order.iter().position(|r| r == c).unwrap();
    assert!(position(&ten_days) < position(&thirty_days), "{order:?}");
    assert!(position(&thirty_days) < position(&approved), "{order:?}");
    let deadlines: Vec<_> = waiting
        .rows
        .iter()
        .map(|r| r.deadline.map(|d| d.at.unix_seconds()))
        .collect();
    let with: Vec<_> = deadlines.iter().map_while(|d| *d).collect();
    assert!(with.windows(2).all(|w| w[0] <= w[1]), "{deadlines:?}");
    assert!(
        deadlines[with.len()..].iter().all(Option::is_none),
        "{deadlines:?}"
    );
}

backend_tests!(
    submission_review_and_payment,
    each_side_keeps_to_its_actions,
    an_upload_that_lies_about_its_type_is_refused,
    a_submission_after_the_deadline_is_refused,
    rejection_dispute_and_expiry,
    a_request_nobody_answers_ends_the_claim,
    partner_action_loop,
    the_queue_puts_the_nearest_review_deadline_first,
);
