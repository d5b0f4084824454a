//! Field errors in words, from the locale files: the one place where a [`FieldError`]'s code and
//! params become a sentence. The domain's parse and payment errors keep the domain's words (its
//! messages are the reference the shared parsers answer with in the browser too).

use crate::error::{Asked, FieldError, FieldProblem};
use crate::i18n::*;
use crate::submission::model::size_text;

/// What a person reads about a field error, in a locale.
pub fn field_message(locale: Locale, error: &FieldError) -> String {
    let field = error.field.as_str();
    match &error.problem {
        FieldProblem::Invalid(parse) => match locale {
            Locale::en => parse.message_en(),
            Locale::fr => parse.message_fr(),
        },
        FieldProblem::Payment(payment) => match locale {
            Locale::en => payment.message_en(),
            Locale::fr => payment.message_fr(),
        },
        FieldProblem::Required { asked: None } => required(locale, field),
        FieldProblem::Required {
            asked: Some(Asked::PartnerAction),
        } => td_string!(locale, fe_required_request).to_string(),
        FieldProblem::Required {
            asked: Some(Asked::RejectionReason),
        } => td_string!(locale, fe_required_rejection_reason).to_string(),
        FieldProblem::TooLong { max } => {
            let max = *max;
            match field {
                "contact_name" => td_string!(locale, fe_too_long_contact_name, max).to_string(),
                "partner_contact_name" => {
                    td_string!(locale, fe_too_long_partner_contact_name, max).to_string()
                }
                "comments" => td_string!(locale, fe_too_long_comments, max).to_string(),
                "reason" => td_string!(locale, fe_too_long_reason, max).to_string(),
                _ => td_string!(locale, fe_too_long, max).to_string(),
            }
        }
        FieldProblem::TooMany { max } => {
            let max = *max;
            match field {
                "documents" => td_string!(locale, fe_too_many_documents, max).to_string(),
                _ => td_string!(locale, fe_too_many_engagements, max).to_string(),
            }
        }
        FieldProblem::BadFormat { max: Some(max) } => {
            td_string!(locale, fe_hours_out_of_range, max = *max).to_string()
        }
        FieldProblem::BadFormat { max: None } => match field {
            "idempotency_key" => td_string!(locale, fe_bad_format_idempotency_key).to_string(),
            "amount" => td_string!(locale, fe_bad_format_amount).to_string(),
            "completion_date" => td_string!(locale, fe_bad_format_completion_date).to_string(),
            "payment_date" => td_string!(locale, fe_bad_format_payment_date).to_string(),
            "code" => td_string!(locale, fe_bad_format_code).to_string(),
            _ => td_string!(locale, fe_bad_format).to_string(),
        },
        FieldProblem::NotAllowed => td_string!(locale, fe_not_allowed).to_string(),
        FieldProblem::NotEnrolled => td_string!(locale, fe_not_enrolled).to_string(),
        FieldProblem::NotKnown => td_string!(locale, fe_not_known).to_string(),
        FieldProblem::Unknown => match field {
            "status" => td_string!(locale, fe_unknown_status).to_string(),
            "action" => td_string!(locale, fe_unknown_action).to_string(),
            _ => td_string!(locale, fe_unknown_engagement).to_string(),
        },
        FieldProblem::VariableAlone => td_string!(locale, fe_variable_alone).to_string(),
        FieldProblem::InFuture => match field {
            "payment_date" => td_string!(locale, fe_in_future_payment_date).to_string(),
            _ => td_string!(locale, fe_in_future_completion_date).to_string(),
        },
        FieldProblem::BeforeClaim => td_string!(locale, fe_before_claim).to_string(),
        FieldProblem::AboveProposed { most } => {
            let most = match locale {
                Locale::en => most.format_en(),
                Locale::fr => most.format_fr(),
            };
            td_string!(locale, fe_above_proposed, most).to_string()
        }
        FieldProblem::AboveClaimed { claimed } => {
            td_string!(locale, fe_above_claimed, claimed = *claimed).to_string()
        }
        FieldProblem::Unreadable => td_string!(locale, fe_unreadable).to_string(),
        FieldProblem::TooLarge {
            name: None,
            max_bytes,
        } => {
            let max_mb = max_bytes / (1024 * 1024);
            td_string!(locale, fe_file_too_large, max_mb).to_string()
        }
        FieldProblem::TooLarge {
            name: Some(name),
            max_bytes,
        } => {
            let limit = size_text(i64::try_from(*max_bytes).unwrap_or(i64::MAX));
            td_string!(locale, fe_document_too_large, name = name.clone(), limit).to_string()
        }
        FieldProblem::Empty { name: None } => td_string!(locale, fe_file_empty).to_string(),
        FieldProblem::Empty { name: Some(name) } => {
            td_string!(locale, fe_document_empty, name = name.clone()).to_string()
        }
        FieldProblem::BadName { max } => td_string!(locale, fe_bad_name, max = *max).to_string(),
        FieldProblem::UnsupportedType { name } => {
            td_string!(locale, fe_unsupported_type, name = name.clone()).to_string()
        }
        FieldProblem::TypeMismatch { name } => {
            td_string!(locale, fe_type_mismatch, name = name.clone()).to_string()
        }
        FieldProblem::Malformed => td_string!(locale, fe_malformed).to_string(),
        FieldProblem::OwnDomain { domain } => {
            td_string!(locale, fe_own_domain, domain = domain.clone()).to_string()
        }
        FieldProblem::CommonPassword => td_string!(locale, fe_common_password).to_string(),
        FieldProblem::WeakPassword => td_string!(locale, fe_weak_password).to_string(),
        FieldProblem::Taken => td_string!(locale, fe_email_taken).to_string(),
        FieldProblem::Incorrect => match field {
            "code" => td_string!(locale, fe_code_incorrect).to_string(),
            _ => td_string!(locale, fe_current_password_incorrect).to_string(),
        },
    }
}

/// "Enter …" / "Choose …": the words depend on the field.
fn required(locale: Locale, field: &str) -> String {
    match field {
        "email" => td_string!(locale, field_required_email),
        "password" | "current_password" => td_string!(locale, field_required_password),
        "display_name" => td_string!(locale, fe_required_display_name),
        "code" => td_string!(locale, fe_required_code),
        "customer_id_type" => td_string!(locale, fe_required_customer_id_type),
        "engagement_ids" => td_string!(locale, fe_required_engagement_ids),
        "contact_name" => td_string!(locale, fe_required_contact_name),
        "partner_contact_name" => td_string!(locale, fe_required_partner_contact_name),
        "mismatch_reason" => td_string!(locale, fe_required_mismatch_reason),
        "kind" => td_string!(locale, fe_required_kind),
        "file" => td_string!(locale, fe_required_file),
        "comments" => td_string!(locale, fe_required_comments),
        "documents" => td_string!(locale, fe_required_documents),
        "completion_date" => td_string!(locale, fe_required_completion_date),
        "hours_delivered" => td_string!(locale, fe_required_hours_delivered),
        "payment_date" => td_string!(locale, fe_required_payment_date),
        "reason" => td_string!(locale, fe_required_reason),
        _ => td_string!(locale, fe_required),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_error_reads_differently_in_english_and_in_french() {
        let samples = [
            FieldError::new("contact_name", FieldProblem::REQUIRED),
            FieldError::new("comments", FieldProblem::TooLong { max: 2000 }),
            FieldError::new(
                "documents",
                FieldProblem::Empty {
                    name: Some("a.pdf".into()),
                },
            ),
            FieldError::new(
                "hours_delivered",
                FieldProblem::AboveClaimed { claimed: 12 },
            ),
            FieldError::new(
                "file",
                FieldProblem::TooLarge {
                    name: None,
                    max_bytes: 5 * 1024 * 1024,
                },
            ),
        ];
        for error in samples {
            let (en, fr) = (
                field_message(Locale::en, &error),
                field_message(Locale::fr, &error),
            );
            assert!(!en.is_empty() && !fr.is_empty(), "{error:?}");
            assert_ne!(en, fr, "{error:?}");
        }
    }

    #[test]
    fn params_are_part_of_the_sentence() {
        let error = FieldError::new(
            "hours_delivered",
            FieldProblem::AboveClaimed { claimed: 12 },
        );
        assert_eq!(
            field_message(Locale::en, &error),
            "The hours delivered cannot be more than the 12 hours claimed."
        );
        let document = FieldError::new(
            "documents",
            FieldProblem::TooLarge {
                name: Some("plan.pdf".into()),
                max_bytes: 10_000_000,
            },
        );
        assert!(field_message(Locale::fr, &document).contains("plan.pdf"));
        assert!(field_message(Locale::en, &document).contains("10 MB"));
    }
}
