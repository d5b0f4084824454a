//! The pure checks of a submission: its form, its documents, the hours it declares.

use super::super::kind::samples;
use super::*;

const DAY: i64 = 86_400;

fn form(files: Vec<(&str, Vec<u8>)>) -> SubmissionForm {
    SubmissionForm {
        claim_ref: "C-TEST".into(),
        completion_date: "2026-11-20".into(),
        hours_delivered: String::new(),
        comments: String::new(),
        uploads: files
            .into_iter()
            .map(|(name, bytes)| Upload {
                file_name: name.into(),
                bytes,
            })
            .collect(),
        read_errors: Vec::new(),
    }
}

fn at(date: &str) -> Timestamp {
    let date = parse_date(date).unwrap();
    Timestamp::from_unix_seconds(date.midnight().assume_utc().unix_timestamp() + DAY / 2)
}

fn codes(result: Result<Declared, AppError>) -> Vec<(String, String)> {
    match result {
        Err(AppError::Validation(errors)) => errors
            .into_iter()
            .map(|e| (e.field.clone(), e.code().to_owned()))
            .collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn a_complete_first_submission_declares_its_date() {
    let declared = check_fields(
        &form(vec![("proof.pdf", samples::pdf())]),
        ClaimAction::Submit,
        None,
        at("2026-11-01"),
        at("2026-11-27"),
        1_000,
    )
    .unwrap();
    assert_eq!(declared.completion_date.as_deref(), Some("2026-11-20"));
    assert_eq!(declared.hours_delivered, None);
}

#[test]
fn a_first_submission_needs_documents_and_a_plausible_date() {
    let mut f = form(vec![]);
    f.completion_date = "2026-12-01".into();
    assert_eq!(
        codes(check_fields(
            &f,
            ClaimAction::Submit,
            None,
            at("2026-11-01"),
            at("2026-11-27"),
            1_000
        )),
        vec![
            ("documents".to_owned(), "required".to_owned()),
            ("completion_date".to_owned(), "in_future".to_owned())
        ]
    );
    f.completion_date = "2026-10-01".into();
    assert!(codes(check_fields(
        &f,
        ClaimAction::Submit,
        None,
        at("2026-11-01"),
        at("2026-11-27"),
        1_000
    ))
    .contains(&("completion_date".to_owned(), "before_claim".to_owned())));
    f.completion_date = "20/11/2026".into();
    assert!(codes(check_fields(
        &f,
        ClaimAction::Submit,
        None,
        at("2026-11-01"),
        at("2026-11-27"),
        1_000
    ))
    .contains(&("completion_date".to_owned(), "bad_format".to_owned())));
}

#[test]
fn variable_payment_hours_delivered_are_at_most_those_claimed() {
    let mut f = form(vec![("proof.pdf", samples::pdf())]);
    let check = |f: &SubmissionForm| {
        check_fields(
            f,
            ClaimAction::Submit,
            Some(120),
            at("2026-11-01"),
            at("2026-11-27"),
            1_000,
        )
    };
    assert_eq!(
        codes(check(&f)),
        vec![("hours_delivered".to_owned(), "required".to_owned())]
    );
    f.hours_delivered = "121".into();
    assert_eq!(
        codes(check(&f)),
        vec![("hours_delivered".to_owned(), "above_claimed".to_owned())]
    );
    f.hours_delivered = "0".into();
    assert_eq!(
        codes(check(&f)),
        vec![("hours_delivered".to_owned(), "bad_format".to_owned())]
    );
    f.hours_delivered = "120".into();
    assert_eq!(check(&f).unwrap().hours_delivered, Some(120));
}

#[test]
fn an_answer_to_a_reviewer_needs_a_comment_or_a_document() {
    let mut f = form(vec![]);
    f.completion_date.clear();
    assert_eq!(
        codes(check_fields(
            &f,
            ClaimAction::Resubmit,
            Some(10),
            at("2026-11-01"),
            at("2026-11-27"),
            1_000
        )),
        vec![("comments".to_owned(), "required".to_owned())]
    );
    f.comments = "The signed attendance sheet is attached.".into();
    let declared = check_fields(
        &f,
        ClaimAction::Resubmit,
        Some(10),
        at("2026-11-01"),
        at("2026-11-27"),
        1_000,
    )
    .unwrap();
    assert_eq!(declared.completion_date, None);
    assert_eq!(declared.hours_delivered, None);
}

#[test]
fn every_bad_document_is_named() {
    let f = form(vec![
        ("proof.pdf", samples::png()),
        ("photo.png", samples::png()),
        ("minutes.txt", b"hello".to_vec()),
    ]);
    assert_eq!(
        codes(check_fields(
            &f,
            ClaimAction::Submit,
            None,
            at("2026-11-01"),
            at("2026-11-27"),
            1_000
        )),
        vec![
            ("documents".to_owned(), "type_mismatch".to_owned()),
            ("documents".to_owned(), "unsupported_type".to_owned())
        ]
    );
}
