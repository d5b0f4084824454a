//! SQL assembled at run time (a search, a sort, an `IN` list, a multi-row `INSERT`), with its
//! parameters numbered `$1, $2, …` as they are bound.
//!
//! # Why not sqlx's `QueryBuilder<Any>`
//! `QueryBuilder::push_bind` writes the placeholder that `Arguments::format_placeholder` gives.
//! In sqlx 0.8.6 the trait's default writes `?`; `PgArguments` overrides it with `$n`, but
//! `AnyArguments` does not (`sqlx-core/src/any/arguments.rs`), and the `Any` driver hands the
//! text to the backend unchanged. A `QueryBuilder<Any>` statement therefore reaches PostgreSQL
//! with `?` placeholders, which PostgreSQL does not take as parameters and refuses; SQLite takes
//! `$n` as well as `?`. So this builder numbers `$n` itself, the placeholder both backends read
//! (the one every static statement of the application uses, see `db`).
//!
//! Only fixed pieces of text are pushed; every value from a request or a file is bound.

use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::{Query, QueryAs, QueryScalar};
use sqlx::{Any, Arguments, FromRow};
use std::fmt::Write;

/// A value bound to a built statement: `Any` carries integers and text (see `db`'s header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Int(i64),
    Text(String),
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Int(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(value)
    }
}

/// The domain's identifiers bind as what the database stores: row IDs as integers, references
/// as their text.
macro_rules! bind_row_id {
    ($($id:ty),*) => {$(
        impl From<$id> for Value {
            fn from(value: $id) -> Self {
                Value::Int(value.get())
            }
        }
    )*};
}
bind_row_id!(domain::EngagementId, domain::PartnerId, domain::UserId);

impl From<&domain::ClaimRef> for Value {
    fn from(value: &domain::ClaimRef) -> Self {
        Value::Text(value.as_str().to_owned())
    }
}

/// A statement being assembled: its text and the values its `$n` stand for, in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Sql {
    text: String,
    binds: Vec<Value>,
}

impl Sql {
    /// A statement starting with `piece`.
    pub fn new(piece: &str) -> Sql {
        Sql {
            text: piece.to_owned(),
            binds: Vec::new(),
        }
    }

    /// Appends fixed text (never a value from outside: bind those).
    pub fn push(&mut self, piece: &str) -> &mut Self {
        self.text.push_str(piece);
        self
    }

    /// Appends `$n` for a new parameter.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.binds.push(value.into());
        let _ = write!(self.text, "${}", self.binds.len());
        self
    }

    /// Appends `$n, $n+1, …`, one parameter per value (the inside of an `IN (…)` or of a
    /// `VALUES (…)` row). Nothing for no values.
    pub fn bind_list<V: Into<Value>>(&mut self, values: impl IntoIterator<Item = V>) -> &mut Self {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind(value);
        }
        self
    }

    /// Appends ` AND column IN (…)` for a user limited to some locations (nothing for every
    /// location), so that a `LIMIT` counts only rows the user may see. With `allow_empty`, rows
    /// whose location is `''` (no claim yet) pass too. An empty grant matches nothing (`'-'` is
    /// no location's ID).
    pub fn within_locations(
        &mut self,
        column: &str,
        scope: &crate::auth::guard::LocationScope,
        allow_empty: bool,
    ) -> &mut Self {
        if let crate::auth::guard::LocationScope::Only(locations) = scope {
            self.push(" AND (");
            if allow_empty {
                self.push(column).push(" = '' OR ");
            }
            self.push(column).push(" IN ('-'");
            for location in locations {
                self.push(", ").bind(location.as_str());
            }
            self.push("))");
        }
        self
    }

    /// The statement's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The bound values, `$1` first.
    pub fn binds(&self) -> &[Value] {
        &self.binds
    }

    /// How many parameters are bound (SQLite takes at most 999 in a statement on old builds).
    pub fn len(&self) -> usize {
        self.binds.len()
    }

    pub fn is_empty(&self) -> bool {
        self.binds.is_empty()
    }

    /// The statement, ready to run.
    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        sqlx::query_with(&self.text, self.arguments())
    }

    /// The statement, its rows read as `T`.
    pub fn query_as<T>(&self) -> QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> FromRow<'r, AnyRow>,
    {
        sqlx::query_as_with(&self.text, self.arguments())
    }

    /// The statement, its first column read as `T`.
    pub fn query_scalar<T>(&self) -> QueryScalar<'_, Any, T, AnyArguments<'_>>
    where
        (T,): for<'r> FromRow<'r, AnyRow>,
    {
        sqlx::query_scalar_with(&self.text, self.arguments())
    }

    fn arguments(&self) -> AnyArguments<'_> {
        let mut arguments = AnyArguments::default();
        for value in &self.binds {
            // Adding an integer or a string to `AnyArguments` pushes it onto a Vec and cannot
            // fail; should it ever, the statement lacks a parameter and the database refuses it.
            let added = match value {
                Value::Int(v) => arguments.add(*v),
                Value::Text(v) => arguments.add(v.as_str()),
            };
            if let Err(error) = added {
                tracing::error!(%error, "a parameter could not be bound");
            }
        }
        arguments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bound_value_gets_the_next_dollar_number() {
        let mut sql = Sql::new("SELECT * FROM claims WHERE partner_id = ");
        sql.bind(7).push(" AND claim_ref = ").bind("C-1");
        assert_eq!(
            sql.text(),
            "SELECT * FROM claims WHERE partner_id = $1 AND claim_ref = $2"
        );
        assert_eq!(sql.binds(), [Value::Int(7), Value::Text("C-1".into())]);
    }

    #[test]
    fn a_list_is_numbered_on_from_the_values_before_it() {
        let mut sql = Sql::new("DELETE FROM t WHERE a = ");
        sql.bind(1)
            .push(" AND b IN (")
            .bind_list(["x", "y", "z"])
            .push(")");
        assert_eq!(
            sql.text(),
            "DELETE FROM t WHERE a = $1 AND b IN ($2, $3, $4)"
        );
        assert_eq!(sql.len(), 4);
        assert_eq!(sql.binds()[3], Value::Text("z".into()));
    }

    #[test]
    fn an_empty_list_writes_nothing() {
        let mut sql = Sql::new("x IN ('-'");
        sql.bind_list(Vec::<i64>::new()).push(")");
        assert_eq!(sql.text(), "x IN ('-')");
        assert!(sql.is_empty());
    }

    #[test]
    fn ten_and_more_parameters_keep_counting() {
        let mut sql = Sql::new("VALUES (");
        sql.bind_list(1..=12_i64).push(")");
        assert!(sql.text().ends_with("$9, $10, $11, $12)"));
    }

    #[test]
    fn text_from_outside_is_bound_never_written_into_the_statement() {
        let mut sql = Sql::new("SELECT 1 WHERE name = ");
        sql.bind("'; DROP TABLE claims; --");
        assert_eq!(sql.text(), "SELECT 1 WHERE name = $1");
    }
}
