//! Reading stored values back into domain types, for the `TryFrom<…Row>` of every repository.
//!
//! A row struct (`#[derive(sqlx::FromRow)]`) holds what `Any` decodes: integers, text, their
//! `Option`s. Its one conversion into the domain's types parses the codes and identifiers; a value
//! this version cannot read (written by hand, or by a later version) is refused with an error that
//! names its table and column, logged here, and never a panic.

use domain::{ClaimRef, CustomerId, CustomerIdType, Timestamp};

/// The error for a stored value that does not parse: logged with where it was found.
pub fn unreadable(table: &str, column: &str, value: &str) -> sqlx::Error {
    tracing::error!(table, column, value, "a stored value could not be read");
    sqlx::Error::Decode(format!("{table}.{column}: unreadable value {value:?}").into())
}

/// `value` parsed by `parse`, or the [`unreadable`] error for `table.column`.
pub fn parse<T>(
    table: &str,
    column: &str,
    value: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    parse(value).ok_or_else(|| unreadable(table, column, value))
}

/// A nullable column parsed by `parse` when it holds a value.
pub fn parse_optional<T>(
    table: &str,
    column: &str,
    value: Option<&str>,
    parse_value: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, sqlx::Error> {
    value
        .map(|value| parse(table, column, value, parse_value))
        .transpose()
}

/// A count or a size as the database returns it (a signed integer), for a field that is
/// unsigned; refused when negative or too large.
pub fn unsigned<T: TryFrom<i64>>(table: &str, column: &str, value: i64) -> Result<T, sqlx::Error> {
    T::try_from(value).map_err(|_| unreadable(table, column, &value.to_string()))
}

/// A JSON text column read into `T`, or the [`unreadable`] error.
pub fn json<T: serde::de::DeserializeOwned>(
    table: &str,
    column: &str,
    value: &str,
) -> Result<T, sqlx::Error> {
    serde_json::from_str(value).map_err(|_| unreadable(table, column, value))
}

/// A claim reference column of `table` (`claim_ref`).
pub fn claim_ref(table: &str, value: &str) -> Result<ClaimRef, sqlx::Error> {
    parse(table, "claim_ref", value, |v| ClaimRef::parse(v).ok())
}

/// The claim reference of a row that may have none, stored as `''` (`customer_rows`).
pub fn claim_ref_or_none(table: &str, value: &str) -> Result<Option<ClaimRef>, sqlx::Error> {
    (!value.is_empty())
        .then(|| claim_ref(table, value))
        .transpose()
}

/// A nullable time column (Unix seconds).
pub fn timestamp(seconds: Option<i64>) -> Option<Timestamp> {
    seconds.map(Timestamp::from_unix_seconds)
}

/// The two columns every table that stores a customer ID has: `customer_id_type`,
/// `customer_id_value`. Flattened into the row structs that read them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredCustomerId {
    pub customer_id_type: String,
    pub customer_id_value: String,
}

impl StoredCustomerId {
    /// The domain's ID, or the [`unreadable`] error for a pair the parsers refuse (never written
    /// by this application).
    pub fn parse(&self, table: &str) -> Result<CustomerId, sqlx::Error> {
        let kind = parse(table, "customer_id_type", &self.customer_id_type, |code| {
            CustomerIdType::from_code(code)
        })?;
        CustomerId::parse(kind, &self.customer_id_value)
            .map_err(|_| unreadable(table, "customer_id_value", &self.customer_id_value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(kind: &str, value: &str) -> StoredCustomerId {
        StoredCustomerId {
            customer_id_type: kind.into(),
            customer_id_value: value.into(),
        }
    }

    #[test]
    fn a_stored_id_reads_back_as_the_domain_parses_it() {
        let id = stored("tpid", "1234567").parse("claims").unwrap();
        assert_eq!(id.kind(), CustomerIdType::Tpid);
        assert_eq!(id.value(), "1234567");
    }

    #[test]
    fn an_unknown_id_type_is_refused_naming_the_table_and_column() {
        let error = stored("fax", "1").parse("claims").unwrap_err().to_string();
        assert!(error.contains("claims.customer_id_type"), "{error}");
    }

    #[test]
    fn a_value_the_parser_refuses_is_refused_naming_its_column() {
        let error = stored("tpid", "not a number")
            .parse("customer_rows")
            .unwrap_err()
            .to_string();
        assert!(error.contains("customer_rows.customer_id_value"), "{error}");
    }

    #[test]
    fn a_negative_count_is_refused() {
        assert!(unsigned::<u32>("imports", "row_count", -1).is_err());
        assert_eq!(unsigned::<u64>("imports", "row_count", 3).unwrap(), 3);
    }

    #[test]
    fn a_row_without_a_claim_reads_as_none_and_a_bad_reference_is_refused() {
        assert_eq!(claim_ref_or_none("customer_rows", "").unwrap(), None);
        assert_eq!(
            claim_ref_or_none("customer_rows", "C-0000000001")
                .unwrap()
                .map(|r| r.to_string()),
            Some("C-0000000001".to_owned())
        );
        assert!(claim_ref_or_none("customer_rows", "C-1").is_err());
    }
}
