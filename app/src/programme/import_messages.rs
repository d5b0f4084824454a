//! The import's words, from the locale files: what a refused file's problems say, and what each
//! column holds. The server sends codes and params ([`ImportProblem`], [`ColumnHelp`]); the
//! sentences are only here. A domain parse error keeps the domain's own words, as
//! `components::messages` does for a form field.

use super::import::{ColumnHelp, ImportProblem};
use crate::i18n::*;

/// The columns of a list, as a message names them.
fn joined(items: &[String]) -> String {
    items.join(", ")
}

/// What a person reads about one problem of a refused file, in a locale.
pub fn problem_message(locale: Locale, problem: &ImportProblem) -> String {
    match problem {
        ImportProblem::HeaderNotUtf8 => {
            td_string!(locale, import_problem_header_not_utf8).to_string()
        }
        ImportProblem::LineNotUtf8 => td_string!(locale, import_problem_line_not_utf8).to_string(),
        ImportProblem::EmptyFile { expected } => {
            let expected = joined(expected);
            td_string!(locale, import_problem_empty_file, expected).to_string()
        }
        ImportProblem::SemicolonSeparated { expected } => {
            let expected = joined(expected);
            td_string!(locale, import_problem_semicolon_separated, expected).to_string()
        }
        ImportProblem::UnnamedColumn { position, expected } => {
            let expected = joined(expected);
            td_string!(
                locale,
                import_problem_unnamed_column,
                position = *position,
                expected
            )
            .to_string()
        }
        ImportProblem::RepeatedColumn { name } => {
            td_string!(locale, import_problem_repeated_column, name = name.clone()).to_string()
        }
        ImportProblem::UnknownColumn { name, expected } => {
            let expected = joined(expected);
            td_string!(
                locale,
                import_problem_unknown_column,
                name = name.clone(),
                expected
            )
            .to_string()
        }
        ImportProblem::MissingColumns { missing, expected } => {
            let (missing, expected) = (joined(missing), joined(expected));
            td_string!(locale, import_problem_missing_columns, missing, expected).to_string()
        }
        ImportProblem::TooManyRows { max } => {
            td_string!(locale, import_problem_too_many_rows, max = *max).to_string()
        }
        ImportProblem::WrongValueCount { values, columns } => td_string!(
            locale,
            import_problem_wrong_value_count,
            values = *values,
            columns = *columns
        )
        .to_string(),
        ImportProblem::NoDataRows => td_string!(locale, import_problem_no_data_rows).to_string(),
        ImportProblem::Invalid { value, error } => {
            let message = match locale {
                Locale::en => error.message_en(),
                Locale::fr => error.message_fr(),
            };
            if value.is_empty() {
                message
            } else {
                td_string!(
                    locale,
                    import_problem_invalid,
                    value = value.clone(),
                    message
                )
                .to_string()
            }
        }
        ImportProblem::Missing => td_string!(locale, import_problem_missing).to_string(),
        ImportProblem::TooLong { max, length } => td_string!(
            locale,
            import_problem_too_long,
            max = *max,
            length = *length
        )
        .to_string(),
        ImportProblem::ControlCharacter => {
            td_string!(locale, import_problem_control_character).to_string()
        }
        ImportProblem::NotACode {
            value,
            letters,
            example,
        } => td_string!(
            locale,
            import_problem_not_a_code,
            value = value.clone(),
            letters = *letters,
            example = example.clone()
        )
        .to_string(),
        ImportProblem::Duplicate { first_line } => {
            td_string!(locale, import_problem_duplicate, first_line = *first_line).to_string()
        }
        ImportProblem::UnknownTenant { tenant } => td_string!(
            locale,
            import_problem_unknown_tenant,
            tenant = tenant.clone()
        )
        .to_string(),
        ImportProblem::UnknownTpid { tpid } => {
            td_string!(locale, import_problem_unknown_tpid, tpid = tpid.clone()).to_string()
        }
        ImportProblem::UnknownEngagement { code } => td_string!(
            locale,
            import_problem_unknown_engagement,
            code = code.clone()
        )
        .to_string(),
        ImportProblem::DomainIdType => {
            td_string!(locale, import_problem_domain_id_type).to_string()
        }
        ImportProblem::UnknownIdType { value } => td_string!(
            locale,
            import_problem_unknown_id_type,
            value = value.clone()
        )
        .to_string(),
        ImportProblem::IdTypeNotAccepted {
            engagement,
            id_type,
            accepted,
        } => {
            let accepted = accepted
                .iter()
                .map(|t| t.code())
                .collect::<Vec<_>>()
                .join(", ");
            td_string!(
                locale,
                import_problem_id_type_not_accepted,
                engagement = engagement.clone(),
                id_type = id_type.code(),
                accepted
            )
            .to_string()
        }
        ImportProblem::DomainListedTwice {
            domain,
            tenant,
            line,
        } => td_string!(
            locale,
            import_problem_domain_listed_twice,
            domain = domain.clone(),
            tenant = tenant.clone(),
            line = *line
        )
        .to_string(),
        ImportProblem::DomainOwnedElsewhere { domain, owner } => td_string!(
            locale,
            import_problem_domain_owned_elsewhere,
            domain = domain.clone(),
            owner = owner.clone()
        )
        .to_string(),
        ImportProblem::BadAmount { value } => {
            td_string!(locale, import_problem_bad_amount, value = value.clone()).to_string()
        }
        ImportProblem::BadMarketBand { value } => td_string!(
            locale,
            import_problem_bad_market_band,
            value = value.clone()
        )
        .to_string(),
        ImportProblem::BadStage { value } => {
            td_string!(locale, import_problem_bad_stage, value = value.clone()).to_string()
        }
    }
}

/// What a column holds, in a locale.
pub fn column_help(locale: Locale, help: ColumnHelp) -> &'static str {
    match help {
        ColumnHelp::Name => td_string!(locale, import_help_name),
        ColumnHelp::Country => td_string!(locale, import_help_country),
        ColumnHelp::EngagementCode => td_string!(locale, import_help_engagement_code),
        ColumnHelp::IdType => td_string!(locale, import_help_id_type),
        ColumnHelp::IdValue => td_string!(locale, import_help_id_value),
        ColumnHelp::TenantId => td_string!(locale, import_help_tenant_id),
        ColumnHelp::Segment => td_string!(locale, import_help_segment),
        ColumnHelp::Domains => td_string!(locale, import_help_domains),
        ColumnHelp::Tpid => td_string!(locale, import_help_tpid),
        ColumnHelp::TpidTenantIds => td_string!(locale, import_help_tpid_tenant_ids),
        ColumnHelp::SubscriptionId => td_string!(locale, import_help_subscription_id),
        ColumnHelp::SubscriptionTenantId => {
            td_string!(locale, import_help_subscription_tenant_id)
        }
        ColumnHelp::OpportunityId => td_string!(locale, import_help_opportunity_id),
        ColumnHelp::OpportunityTpid => td_string!(locale, import_help_opportunity_tpid),
        ColumnHelp::DealValue => td_string!(locale, import_help_deal_value),
        ColumnHelp::Currency => td_string!(locale, import_help_currency),
        ColumnHelp::MarketBand => td_string!(locale, import_help_market_band),
        ColumnHelp::Stage => td_string!(locale, import_help_stage),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programme::import::{problem_samples, ImportKind};
    use std::collections::BTreeSet;

    fn locale_file(json: &str) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(json).expect("a locale file is a JSON object")
    }

    /// The keys of both locale files that start with `prefix`, after it.
    fn keys(prefix: &str) -> [BTreeSet<String>; 2] {
        [
            include_str!("../../locales/en.json"),
            include_str!("../../locales/fr.json"),
        ]
        .map(|json| {
            locale_file(json)
                .keys()
                .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
                .collect()
        })
    }

    #[test]
    fn every_import_problem_has_an_english_and_a_french_key_and_no_key_is_left_over() {
        // One sample per variant: the keys the locale files hold for problems are exactly the
        // codes of the samples, so a new variant needs a sample and both words.
        let codes: BTreeSet<String> = problem_samples()
            .iter()
            .map(|p| p.code().to_owned())
            .collect();
        assert_eq!(codes.len(), problem_samples().len(), "one sample per code");
        let [en, fr] = keys("import_problem_");
        assert_eq!(en, codes, "en.json");
        assert_eq!(fr, codes, "fr.json");
    }

    #[test]
    fn every_column_help_has_an_english_and_a_french_key_and_no_key_is_left_over() {
        let helps: BTreeSet<String> = ImportKind::ALL
            .iter()
            .flat_map(|kind| kind.columns())
            .map(|c| c.help.key().trim_start_matches("import_help_").to_owned())
            .collect();
        let [en, fr] = keys("import_help_");
        assert_eq!(en, helps, "en.json");
        assert_eq!(fr, helps, "fr.json");
    }

    #[test]
    fn every_problem_reads_differently_in_english_and_in_french() {
        for problem in problem_samples() {
            let (en, fr) = (
                problem_message(Locale::en, &problem),
                problem_message(Locale::fr, &problem),
            );
            assert!(!en.is_empty() && !fr.is_empty(), "{problem:?}");
            assert_ne!(en, fr, "{problem:?}");
        }
    }

    #[test]
    fn every_column_help_reads_differently_in_english_and_in_french() {
        for column in ImportKind::ALL.iter().flat_map(|kind| kind.columns()) {
            let (en, fr) = (
                column_help(Locale::en, column.help),
                column_help(Locale::fr, column.help),
            );
            assert!(!en.is_empty(), "{column:?}");
            assert_ne!(en, fr, "{column:?}");
        }
    }

    #[test]
    fn params_are_part_of_the_sentence() {
        let accepted = ImportProblem::IdTypeNotAccepted {
            engagement: "AZ-MIG-ASSESS".into(),
            id_type: domain::CustomerIdType::Tpid,
            accepted: vec![
                domain::CustomerIdType::DomainName,
                domain::CustomerIdType::TenantId,
            ],
        };
        assert_eq!(
            problem_message(Locale::en, &accepted),
            "Engagement AZ-MIG-ASSESS does not accept tpid IDs (it accepts: domain_name, tenant_id)."
        );
        assert_eq!(
            problem_message(Locale::fr, &accepted),
            "L'engagement AZ-MIG-ASSESS n'accepte pas les ID tpid (il accepte : domain_name, tenant_id)."
        );
        let missing = ImportProblem::MissingColumns {
            missing: vec!["id_type".into()],
            expected: vec!["engagement_code".into(), "id_type".into()],
        };
        assert_eq!(
            problem_message(Locale::en, &missing),
            "Missing columns: id_type. Expected: engagement_code, id_type."
        );
    }

    #[test]
    fn a_refused_value_is_quoted_before_the_domain_words_and_an_empty_one_is_not() {
        let error = domain::TenantId::parse("nope").unwrap_err();
        let quoted = ImportProblem::Invalid {
            value: "nope".into(),
            error,
        };
        assert_eq!(
            problem_message(Locale::en, &quoted),
            format!("\"nope\": {}", error.message_en())
        );
        assert_eq!(
            problem_message(Locale::fr, &quoted),
            format!("« nope » : {}", error.message_fr())
        );
        let error = domain::TenantId::parse("").unwrap_err();
        let empty = ImportProblem::Invalid {
            value: String::new(),
            error,
        };
        assert_eq!(problem_message(Locale::en, &empty), error.message_en());
    }
}
