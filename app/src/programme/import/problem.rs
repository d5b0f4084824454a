//! What is wrong with a refused file, as a closed set of problems with the values their message
//! needs. The validator says which one; the page words it from the locale files
//! (`programme::import_messages`), so no sentence is built on the server.

use domain::{CustomerIdType, ParseError};
use serde::{Deserialize, Serialize};

/// One problem of an import file. On the wire `{"code": …, "params": …}`; the code is stable
/// (tests and logs read it), the params are what the message quotes. Values quoted from the
/// file are cut to 60 characters by the validator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", content = "params", rename_all = "snake_case")]
pub enum ImportProblem {
    /// The header row is not UTF-8 text.
    HeaderNotUtf8,
    /// A line that is not UTF-8 text.
    LineNotUtf8,
    /// The header row names no column: the file is empty.
    EmptyFile { expected: Vec<String> },
    /// The header is one name holding semicolons: the values are not separated by commas.
    SemicolonSeparated { expected: Vec<String> },
    /// A header cell without a name; `position` counts from 1.
    UnnamedColumn {
        position: u64,
        expected: Vec<String>,
    },
    /// A column the header names twice.
    RepeatedColumn { name: String },
    /// A column this kind of file does not have.
    UnknownColumn { name: String, expected: Vec<String> },
    /// Columns the header does not name.
    MissingColumns {
        missing: Vec<String>,
        expected: Vec<String>,
    },
    /// More data rows than a file may hold.
    TooManyRows { max: u64 },
    /// A row with another number of values than the header has columns.
    WrongValueCount { values: u64, columns: u64 },
    /// A header row and no data row.
    NoDataRows,
    /// A value one of the domain's parsers refused (its words are the domain's); `value` is
    /// empty when the cell was.
    Invalid { value: String, error: ParseError },
    /// An empty cell that needs a value.
    Missing,
    /// A text of `length` characters, over `max`.
    TooLong { max: u64, length: u64 },
    /// A line break or a tab inside a value.
    ControlCharacter,
    /// Not a code of `letters` ASCII letters (a country, a currency), like `example`.
    NotACode {
        value: String,
        letters: u64,
        example: String,
    },
    /// A key already on an earlier line of the file.
    Duplicate { first_line: u64 },
    /// A tenant the directory does not have.
    UnknownTenant { tenant: String },
    /// A TPID the directory does not have.
    UnknownTpid { tpid: String },
    /// No engagement has this code.
    UnknownEngagement { code: String },
    /// `domain_name` as the ID type of an eligibility row: lists hold the tenant.
    DomainIdType,
    /// Not an ID type an eligibility list holds.
    UnknownIdType { value: String },
    /// An ID type the engagement does not accept.
    IdTypeNotAccepted {
        engagement: String,
        id_type: CustomerIdType,
        accepted: Vec<CustomerIdType>,
    },
    /// A domain an earlier row of the file lists for another tenant (`line`).
    DomainListedTwice {
        domain: String,
        tenant: String,
        line: u64,
    },
    /// A domain of a tenant the file does not change.
    DomainOwnedElsewhere { domain: String, owner: String },
    /// Not an amount like 125000.00.
    BadAmount { value: String },
    /// Not a market band.
    BadMarketBand { value: String },
    /// Not an opportunity stage.
    BadStage { value: String },
}

impl ImportProblem {
    /// The stable code, as on the wire.
    pub const fn code(&self) -> &'static str {
        match self {
            ImportProblem::HeaderNotUtf8 => "header_not_utf8",
            ImportProblem::LineNotUtf8 => "line_not_utf8",
            ImportProblem::EmptyFile { .. } => "empty_file",
            ImportProblem::SemicolonSeparated { .. } => "semicolon_separated",
            ImportProblem::UnnamedColumn { .. } => "unnamed_column",
            ImportProblem::RepeatedColumn { .. } => "repeated_column",
            ImportProblem::UnknownColumn { .. } => "unknown_column",
            ImportProblem::MissingColumns { .. } => "missing_columns",
            ImportProblem::TooManyRows { .. } => "too_many_rows",
            ImportProblem::WrongValueCount { .. } => "wrong_value_count",
            ImportProblem::NoDataRows => "no_data_rows",
            ImportProblem::Invalid { .. } => "invalid",
            ImportProblem::Missing => "missing",
            ImportProblem::TooLong { .. } => "too_long",
            ImportProblem::ControlCharacter => "control_character",
            ImportProblem::NotACode { .. } => "not_a_code",
            ImportProblem::Duplicate { .. } => "duplicate",
            ImportProblem::UnknownTenant { .. } => "unknown_tenant",
            ImportProblem::UnknownTpid { .. } => "unknown_tpid",
            ImportProblem::UnknownEngagement { .. } => "unknown_engagement",
            ImportProblem::DomainIdType => "domain_id_type",
            ImportProblem::UnknownIdType { .. } => "unknown_id_type",
            ImportProblem::IdTypeNotAccepted { .. } => "id_type_not_accepted",
            ImportProblem::DomainListedTwice { .. } => "domain_listed_twice",
            ImportProblem::DomainOwnedElsewhere { .. } => "domain_owned_elsewhere",
            ImportProblem::BadAmount { .. } => "bad_amount",
            ImportProblem::BadMarketBand { .. } => "bad_market_band",
            ImportProblem::BadStage { .. } => "bad_stage",
        }
    }
}

/// The code, for logs: people read the problem in the page, in their language.
impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One problem of every kind, for the tests that check each is worded and travels as sent.
#[cfg(test)]
pub(crate) fn samples() -> Vec<ImportProblem> {
    use ImportProblem::*;
    let columns = || vec!["tenant_id".to_owned(), "name".to_owned()];
    vec![
        HeaderNotUtf8,
        LineNotUtf8,
        EmptyFile {
            expected: columns(),
        },
        SemicolonSeparated {
            expected: columns(),
        },
        UnnamedColumn {
            position: 2,
            expected: columns(),
        },
        RepeatedColumn {
            name: "name".into(),
        },
        UnknownColumn {
            name: "notes".into(),
            expected: columns(),
        },
        MissingColumns {
            missing: vec!["name".into()],
            expected: columns(),
        },
        TooManyRows { max: 50_000 },
        WrongValueCount {
            values: 2,
            columns: 3,
        },
        NoDataRows,
        Invalid {
            value: "x".into(),
            error: domain::TenantId::parse("x").unwrap_err(),
        },
        Missing,
        TooLong {
            max: 200,
            length: 201,
        },
        ControlCharacter,
        NotACode {
            value: "FRA".into(),
            letters: 2,
            example: "FR".into(),
        },
        Duplicate { first_line: 2 },
        UnknownTenant {
            tenant: "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d".into(),
        },
        UnknownTpid {
            tpid: "1234567".into(),
        },
        UnknownEngagement {
            code: "NOPE".into(),
        },
        DomainIdType,
        UnknownIdType {
            value: "guid".into(),
        },
        IdTypeNotAccepted {
            engagement: "AZ-MIG-ASSESS".into(),
            id_type: CustomerIdType::Tpid,
            accepted: vec![CustomerIdType::TenantId],
        },
        DomainListedTwice {
            domain: "contoso.com".into(),
            tenant: "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d".into(),
            line: 2,
        },
        DomainOwnedElsewhere {
            domain: "contoso.com".into(),
            owner: "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d".into(),
        },
        BadAmount {
            value: "1,000".into(),
        },
        BadMarketBand { value: "E".into() },
        BadStage {
            value: "closed".into(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_travels_as_code_and_params_and_reads_back_as_sent() {
        let problem = ImportProblem::Duplicate { first_line: 2 };
        assert_eq!(
            serde_json::to_value(&problem).unwrap(),
            serde_json::json!({"code": "duplicate", "params": {"first_line": 2}})
        );
        for problem in samples() {
            let json = serde_json::to_value(&problem).unwrap();
            assert_eq!(json["code"], problem.code(), "{json}");
            assert_eq!(problem.to_string(), problem.code());
            let back: ImportProblem = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(back, problem, "{json}");
        }
    }

    #[test]
    fn a_row_error_carries_its_place_beside_the_code() {
        let error = crate::programme::import::RowError::new(1, "", ImportProblem::NoDataRows);
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({"line": 1, "column": "", "code": "no_data_rows"})
        );
        for problem in samples() {
            let error = crate::programme::import::RowError::new(3, "name", problem);
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(
                serde_json::from_str::<crate::programme::import::RowError>(&json).unwrap(),
                error,
                "{json}"
            );
        }
    }
}
