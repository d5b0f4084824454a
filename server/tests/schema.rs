//! The two migration folders, `migrations/sqlite` and `migrations/postgres`, are hand-kept twins
//! (`app::db`: one `Any` pool, one DDL per dialect). This test migrates a fresh database of each
//! backend and compares what the migrations built: the same tables, the same columns per table,
//! each with the same nullability and a compatible type, the same primary keys, the same indexes
//! (name, uniqueness, columns in order, whether partial) and the same foreign keys. Every
//! difference is listed, one line each: `table.column type: sqlite says …, postgres says …`.
//!
//! What is compared is normalised so that the dialects' spellings of one design agree:
//!
//! * **Type classes.** SQLite's declared type by SQLite's own affinity rules, PostgreSQL's
//!   `information_schema.columns.data_type`:
//!
//!   | class     | SQLite declares                    | PostgreSQL reports                      |
//!   |-----------|------------------------------------|-----------------------------------------|
//!   | `integer` | a type containing `INT`            | `bigint`, `integer`, `smallint`         |
//!   | `text`    | containing `CHAR`, `CLOB`, `TEXT`  | `text`, `character varying`, `character`|
//!   | `bytes`   | `BLOB` or no type                  | `bytea`                                 |
//!   | `float`   | containing `REAL`, `FLOA`, `DOUB`  | `real`, `double precision`              |
//!   | `bool`    | `BOOLEAN`, `BOOL`                  | `boolean`                               |
//!   | `numeric` | anything else (`NUMERIC`, `DATE`…) | `numeric`                               |
//!
//!   Flags are `INTEGER`/`BIGINT` holding 0/1 (with a `CHECK`) in both folders, because the `Any`
//!   driver can decode neither a SQLite integer as a bool nor a PostgreSQL boolean as an integer:
//!   a PostgreSQL `boolean` beside a SQLite `INTEGER` is therefore a difference (`bool` against
//!   `integer`), not a match. Times are integer seconds, amounts integer cents: all `integer`.
//! * **Nullability.** A primary-key column counts as NOT NULL. PostgreSQL makes every primary-key
//!   column NOT NULL; SQLite reports `notnull = 0` for one unless it was declared NOT NULL: for
//!   `INTEGER PRIMARY KEY` (the rowid, never NULL) that is only a report, for a `TEXT PRIMARY KEY`
//!   it is SQLite's documented legacy leniency (it would store a NULL key), which the
//!   application never exercises: it always writes a parsed identifier.
//! * **Indexes.** An expression among an index's columns is `<expression>` on both sides (SQLite
//!   does not give its text). Those that back a primary key are not listed (primary keys are compared as
//!   such). Those that back a column's `UNIQUE` constraint have generated names
//!   (`sqlite_autoindex_engagements_1`, `engagements_code_key`) and are named here by what they
//!   are: `unique(code)`. Every other index is compared by its name. A partial index's predicate
//!   is compared for its presence only (PostgreSQL rewrites the text: `(status)::text =
//!   'pending'::text`); it is shown in the message.
//! * **Foreign keys** are compared per table as (columns) → table(columns) ON DELETE action.
//! * sqlx's `_sqlx_migrations` and SQLite's internal `sqlite_*` tables are left out.

mod common;

use app::db::Db;
use common::{Backend, TestDb};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Differences known and accepted, by the subject of the line that reports them (what comes
/// before the colon, e.g. `claims.hours type`), each with why. An entry that no longer matches
/// a difference fails the test, so the list only ever holds what is still true.
const ALLOWED: &[(&str, &str)] = &[
    (
        "table customer_rows_search",
        "SQLite's trigram index of customer_rows.search is an FTS5 table (migration 0011); \
         PostgreSQL's is the index customer_rows_search_trgm",
    ),
    (
        "table customer_rows_search_config",
        "a shadow table SQLite's FTS5 keeps for customer_rows_search",
    ),
    (
        "table customer_rows_search_data",
        "a shadow table SQLite's FTS5 keeps for customer_rows_search",
    ),
    (
        "table customer_rows_search_docsize",
        "a shadow table SQLite's FTS5 keeps for customer_rows_search",
    ),
    (
        "table customer_rows_search_idx",
        "a shadow table SQLite's FTS5 keeps for customer_rows_search",
    ),
    (
        "customer_rows index customer_rows_search_trgm",
        "PostgreSQL's pg_trgm GIN index of customer_rows.search; SQLite's is the FTS5 table \
         customer_rows_search",
    ),
    (
        "claims index claims_completed_search",
        "one purpose, two spellings: the Completed tab's search count reads the ended claims' \
         haystack from the index, SQLite's holding the lower-cased haystack as a key, \
         PostgreSQL's the columns it is made of (INCLUDE, not listed as key columns)",
    ),
];

/// What the migrations built, as the comparison sees it.
#[derive(Debug, Default)]
struct Schema {
    tables: BTreeMap<String, Table>,
}

#[derive(Debug, Default)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    indexes: BTreeMap<String, Index>,
    foreign_keys: BTreeSet<ForeignKey>,
}

#[derive(Debug, Clone)]
struct Column {
    /// The declared type (SQLite) or `data_type` (PostgreSQL), shown in messages.
    declared: String,
    class: &'static str,
    not_null: bool,
}

#[derive(Debug, Clone)]
struct Index {
    unique: bool,
    columns: Vec<String>,
    /// The partial index's predicate as the backend gives it back.
    predicate: Option<String>,
}

impl Index {
    /// What is compared: the predicate's text differs between the dialects, its presence not.
    fn shape(&self) -> (bool, &[String], bool) {
        (self.unique, &self.columns, self.predicate.is_some())
    }
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.unique {
            write!(f, "UNIQUE ")?;
        }
        write!(f, "({})", self.columns.join(", "))?;
        if let Some(predicate) = &self.predicate {
            write!(f, " WHERE {predicate}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ForeignKey {
    columns: Vec<String>,
    table: String,
    references: Vec<String>,
    on_delete: String,
}

impl fmt::Display for ForeignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "({}) → {}({}) ON DELETE {}",
            self.columns.join(", "),
            self.table,
            self.references.join(", "),
            self.on_delete
        )
    }
}

/// SQLite's affinity rules (<https://sqlite.org/datatype3.html#determination_of_column_affinity>),
/// with `BOOL…` apart so that a boolean shows as one.
fn sqlite_class(declared: &str) -> &'static str {
    let t = declared.to_ascii_uppercase();
    if t.contains("INT") {
        "integer"
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        "text"
    } else if t.contains("BLOB") || t.is_empty() {
        "bytes"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "float"
    } else if t.starts_with("BOOL") {
        "bool"
    } else {
        "numeric"
    }
}

fn postgres_class(data_type: &str) -> &'static str {
    match data_type {
        "bigint" | "integer" | "smallint" => "integer",
        "text" | "character varying" | "character" => "text",
        "bytea" => "bytes",
        "real" | "double precision" => "float",
        "boolean" => "bool",
        _ => "numeric",
    }
}

/// A column of a row, of the type the query casts it to.
fn get<'r, T>(row: &'r AnyRow, column: &str) -> T
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(column)
        .unwrap_or_else(|e| panic!("reading {column}: {e}"))
}

async fn texts(db: &Db, sql: &str, bind: &str) -> Vec<String> {
    sqlx::query(sql)
        .bind(bind)
        .fetch_all(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| row.try_get(0).unwrap())
        .collect()
}

async fn rows(db: &Db, sql: &str, bind: &str) -> Vec<AnyRow> {
    sqlx::query(sql)
        .bind(bind)
        .fetch_all(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql} ({bind}): {e}"))
}

/// The `WHERE` clause of a `CREATE INDEX` statement, if it has one.
fn where_clause(create_index: &str) -> Option<String> {
    let upper = create_index.to_ascii_uppercase();
    let at = upper.rfind(" WHERE ")?;
    Some(create_index[at + " WHERE ".len()..].trim().to_owned())
}

async fn sqlite_schema(db: &Db) -> Schema {
    let mut schema = Schema::default();
    let names = texts(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
            AND name <> $1 ORDER BY name",
        "_sqlx_migrations",
    )
    .await;
    for name in names {
        let mut table = Table::default();
        let mut key: Vec<(i64, String)> = Vec::new();
        for row in rows(
            db,
            "SELECT name, type, \"notnull\" AS not_null, pk FROM pragma_table_info($1)",
            &name,
        )
        .await
        {
            let column: String = get(&row, "name");
            let declared: String = get(&row, "type");
            let pk: i64 = get(&row, "pk");
            let not_null = get::<i64>(&row, "not_null") == 1 || pk > 0;
            if pk > 0 {
                key.push((pk, column.clone()));
            }
            table.columns.insert(
                column,
                Column {
                    class: sqlite_class(&declared),
                    declared,
                    not_null,
                },
            );
        }
        key.sort();
        table.primary_key = key.into_iter().map(|(_, c)| c).collect();

        for row in rows(
            db,
            "SELECT name, \"unique\" AS is_unique, origin FROM pragma_index_list($1)",
            &name,
        )
        .await
        {
            let index: String = get(&row, "name");
            let origin: String = get(&row, "origin");
            if origin == "pk" {
                continue;
            }
            let columns: Vec<String> = rows(
                db,
                "SELECT name FROM pragma_index_info($1) ORDER BY seqno",
                &index,
            )
            .await
            .iter()
            .map(|r| get::<Option<String>>(r, "name").unwrap_or_else(|| "<expression>".to_owned()))
            .collect();
            // Only an index made by CREATE INDEX has its statement; a constraint's has none.
            let statement = rows(
                db,
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = $1",
                &index,
            )
            .await
            .first()
            .and_then(|r| get::<Option<String>>(r, "sql"));
            let key = if origin == "u" {
                format!("unique({})", columns.join(", "))
            } else {
                index
            };
            table.indexes.insert(
                key,
                Index {
                    unique: get::<i64>(&row, "is_unique") == 1,
                    columns,
                    predicate: statement.as_deref().and_then(where_clause),
                },
            );
        }

        let mut keys: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for row in rows(
            db,
            "SELECT id, \"table\" AS parent, \"from\" AS child_column, \"to\" AS parent_column,
                on_delete FROM pragma_foreign_key_list($1) ORDER BY id, seq",
            &name,
        )
        .await
        {
            let id: i64 = get(&row, "id");
            let parent: String = get(&row, "parent");
            let fk = keys.entry(id).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                table: parent.clone(),
                references: Vec::new(),
                on_delete: get(&row, "on_delete"),
            });
            fk.columns.push(get(&row, "child_column"));
            // `REFERENCES t` without a column means t's primary key.
            match get::<Option<String>>(&row, "parent_column") {
                Some(column) => fk.references.push(column),
                None => fk.references.push(format!("<primary key of {parent}>")),
            }
        }
        table.foreign_keys = keys.into_values().collect();
        schema.tables.insert(name, table);
    }
    schema
}

async fn postgres_schema(db: &Db) -> Schema {
    let mut schema = Schema::default();
    let names = texts(
        db,
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
            AND table_name::text <> $1 ORDER BY 1",
        "_sqlx_migrations",
    )
    .await;
    for name in names {
        let mut table = Table::default();
        for row in rows(
            db,
            "SELECT column_name::text AS name, data_type::text AS data_type,
                is_nullable::text AS nullable
             FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name::text = $1",
            &name,
        )
        .await
        {
            let declared: String = get(&row, "data_type");
            table.columns.insert(
                get(&row, "name"),
                Column {
                    class: postgres_class(&declared),
                    declared,
                    not_null: get::<String>(&row, "nullable") == "NO",
                },
            );
        }
        table.primary_key = texts(
            db,
            "SELECT k.column_name::text
             FROM information_schema.table_constraints c
             JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema
                AND k.constraint_name = c.constraint_name AND k.table_name = c.table_name
             WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema()
                AND c.table_name::text = $1
             ORDER BY k.ordinal_position",
            &name,
        )
        .await;

        for row in rows(
            db,
            "SELECT ic.relname::text AS name,
                CAST(CASE WHEN i.indisunique THEN 1 ELSE 0 END AS BIGINT) AS is_unique,
                CAST(CASE WHEN EXISTS (SELECT 1 FROM pg_constraint k
                    WHERE k.conindid = i.indexrelid AND k.contype = 'u') THEN 1 ELSE 0 END AS BIGINT)
                    AS is_constraint,
                pg_get_expr(i.indpred, i.indrelid) AS predicate,
                CAST(i.indexrelid AS BIGINT) AS oid
             FROM pg_index i
             JOIN pg_class ic ON ic.oid = i.indexrelid
             JOIN pg_class tc ON tc.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = tc.relnamespace
             WHERE n.nspname = current_schema() AND tc.relname::text = $1 AND NOT i.indisprimary",
            &name,
        )
        .await
        {
            let index: String = get(&row, "name");
            let oid: i64 = get(&row, "oid");
            let columns: Vec<String> = sqlx::query(
                "SELECT pg_get_indexdef(CAST($1 AS BIGINT)::oid, k, true) AS col
                 FROM pg_index i, generate_series(1, i.indnkeyatts) AS k
                 WHERE i.indexrelid = CAST($1 AS BIGINT)::oid ORDER BY k",
            )
            .bind(oid)
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| {
                let column = get::<String>(r, "col").trim_matches('"').to_owned();
                // An expression, as SQLite's pragma_index_info names it.
                if column.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    column
                } else {
                    "<expression>".to_owned()
                }
            })
            .collect();
            let key = if get::<i64>(&row, "is_constraint") == 1 {
                format!("unique({})", columns.join(", "))
            } else {
                index
            };
            table.indexes.insert(
                key,
                Index {
                    unique: get::<i64>(&row, "is_unique") == 1,
                    columns,
                    predicate: get(&row, "predicate"),
                },
            );
        }

        let mut keys: BTreeMap<String, ForeignKey> = BTreeMap::new();
        for row in rows(
            db,
            "SELECT c.conname::text AS name, pt.relname::text AS parent,
                ca.attname::text AS child_column, pa.attname::text AS parent_column,
                CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
                    WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
                    AS on_delete
             FROM pg_constraint c
             JOIN pg_class ct ON ct.oid = c.conrelid
             JOIN pg_namespace n ON n.oid = ct.relnamespace
             JOIN pg_class pt ON pt.oid = c.confrelid
             CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(child, parent, n)
             JOIN pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = k.child
             JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.parent
             WHERE c.contype = 'f' AND n.nspname = current_schema() AND ct.relname::text = $1
             ORDER BY c.conname, k.n",
            &name,
        )
        .await
        {
            let fk = keys.entry(get(&row, "name")).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                table: get(&row, "parent"),
                references: Vec::new(),
                on_delete: get(&row, "on_delete"),
            });
            fk.columns.push(get(&row, "child_column"));
            fk.references.push(get(&row, "parent_column"));
        }
        table.foreign_keys = keys.into_values().collect();
        schema.tables.insert(name, table);
    }
    schema
}

/// One line per difference: `subject: sqlite says …, postgres says …`.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    fn line(subject: String, sqlite: impl fmt::Display, postgres: impl fmt::Display) -> String {
        format!("{subject}: sqlite says {sqlite}, postgres says {postgres}")
    }
    fn present<T: fmt::Display>(what: Option<T>) -> String {
        what.map_or_else(|| "absent".to_owned(), |w| w.to_string())
    }
    let mut found = Vec::new();
    let names: BTreeSet<&String> = sqlite.tables.keys().chain(postgres.tables.keys()).collect();
    for name in names {
        let (s, p) = match (sqlite.tables.get(name), postgres.tables.get(name)) {
            (Some(s), Some(p)) => (s, p),
            (s, p) => {
                let has = |t: Option<&Table>| if t.is_some() { "present" } else { "absent" };
                found.push(line(format!("table {name}"), has(s), has(p)));
                continue;
            }
        };
        let columns: BTreeSet<&String> = s.columns.keys().chain(p.columns.keys()).collect();
        for column in columns {
            let subject = |what: &str| format!("{name}.{column}{what}");
            let (sc, pc) = match (s.columns.get(column), p.columns.get(column)) {
                (Some(sc), Some(pc)) => (sc, pc),
                (sc, pc) => {
                    let has =
                        |c: Option<&Column>| c.map_or("absent".to_owned(), |c| c.declared.clone());
                    found.push(line(subject(""), has(sc), has(pc)));
                    continue;
                }
            };
            if sc.class != pc.class {
                found.push(line(
                    subject(" type"),
                    format!("{} ({})", sc.class, sc.declared),
                    format!("{} ({})", pc.class, pc.declared),
                ));
            }
            if sc.not_null != pc.not_null {
                let null = |not_null: bool| if not_null { "NOT NULL" } else { "NULL" };
                found.push(line(
                    subject(" nullability"),
                    null(sc.not_null),
                    null(pc.not_null),
                ));
            }
        }
        if s.primary_key != p.primary_key {
            found.push(line(
                format!("{name} primary key"),
                format!("({})", s.primary_key.join(", ")),
                format!("({})", p.primary_key.join(", ")),
            ));
        }
        let indexes: BTreeSet<&String> = s.indexes.keys().chain(p.indexes.keys()).collect();
        for index in indexes {
            let (si, pi) = (s.indexes.get(index), p.indexes.get(index));
            let same = matches!((si, pi), (Some(a), Some(b)) if a.shape() == b.shape());
            if !same {
                found.push(line(
                    format!("{name} index {index}"),
                    present(si),
                    present(pi),
                ));
            }
        }
        for fk in s.foreign_keys.symmetric_difference(&p.foreign_keys) {
            let (in_sqlite, in_postgres) =
                (s.foreign_keys.contains(fk), p.foreign_keys.contains(fk));
            found.push(line(
                format!("{name} foreign key ({})", fk.columns.join(", ")),
                if in_sqlite {
                    fk.to_string()
                } else {
                    "absent".to_owned()
                },
                if in_postgres {
                    fk.to_string()
                } else {
                    "absent".to_owned()
                },
            ));
        }
    }
    found
}

/// The differences not on the allow-list, and the allow-list entries that matched nothing.
fn unexpected(found: &[String]) -> (Vec<&String>, Vec<&'static str>) {
    let subject = |line: &String| line.split(':').next().unwrap_or_default().to_owned();
    let left: Vec<&String> = found
        .iter()
        .filter(|d| !ALLOWED.iter().any(|(a, _)| *a == subject(d)))
        .collect();
    let stale: Vec<&'static str> = ALLOWED
        .iter()
        .filter(|(a, _)| !found.iter().any(|d| subject(d) == *a))
        .map(|(a, _)| *a)
        .collect();
    (left, stale)
}

/// A freshly migrated database of each backend.
async fn migrated_pair() -> ((TestDb, Db), (TestDb, Db)) {
    let sqlite = TestDb::create(Backend::Sqlite).await;
    let postgres = TestDb::create(Backend::Postgres).await;
    let (sqlite_db, postgres_db) = (sqlite.connect().await, postgres.connect().await);
    ((sqlite, sqlite_db), (postgres, postgres_db))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_migration_folders_build_the_same_schema() {
    let ((_s, sqlite), (_p, postgres)) = migrated_pair().await;
    let (s, p) = (
        sqlite_schema(&sqlite).await,
        postgres_schema(&postgres).await,
    );
    // The comparison saw the schema, not an empty database.
    assert!(s.tables.len() >= 20, "{:?}", s.tables.keys());
    assert!(s.tables["claims"].indexes.len() >= 5);
    assert!(!p.tables["claims"].foreign_keys.is_empty());

    let found = differences(&s, &p);
    let (left, stale) = unexpected(&found);
    assert!(
        left.is_empty(),
        "the two migration folders differ ({} differences); fix the migration that is wrong, or \
         add a harmless dialect artefact to ALLOWED with why:\n{}",
        left.len(),
        left.iter()
            .map(|d| format!("  {d}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        stale.is_empty(),
        "ALLOWED lists differences that no longer exist: {stale:?}"
    );
}

/// The comparison finds what a forgotten twin would leave behind, and says it readably: the
/// PostgreSQL copy is altered after migrating, as a migration written for one folder only would.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_to_one_backend_only_is_listed() {
    let ((_s, sqlite), (_p, postgres)) = migrated_pair().await;
    for statement in [
        "ALTER TABLE claims ALTER COLUMN hours TYPE TEXT",
        "ALTER TABLE claims ALTER COLUMN friendly_name DROP NOT NULL",
        "ALTER TABLE partners ADD COLUMN website TEXT",
        "DROP INDEX claims_due",
        "CREATE INDEX claims_due ON claims (deadline_at)",
        "CREATE UNIQUE INDEX sessions_data ON sessions (data, expires_at)",
        "ALTER TABLE claim_submissions DROP CONSTRAINT claim_submissions_submitted_by_fkey",
    ] {
        sqlx::query(statement)
            .execute(&postgres.pool)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    sqlx::query("CREATE TABLE scratch_notes (id INTEGER PRIMARY KEY, body TEXT)")
        .execute(&sqlite.pool)
        .await
        .unwrap();

    let found = differences(
        &sqlite_schema(&sqlite).await,
        &postgres_schema(&postgres).await,
    );
    // The accepted dialect differences are found too; the change made here is the rest.
    let found: Vec<String> = unexpected(&found).0.into_iter().cloned().collect();
    assert_eq!(
        found,
        [
            "claim_submissions foreign key (submitted_by): sqlite says (submitted_by) → users(id) \
             ON DELETE NO ACTION, postgres says absent",
            "claims.friendly_name nullability: sqlite says NOT NULL, postgres says NULL",
            "claims.hours type: sqlite says integer (INTEGER), postgres says text (text)",
            "claims index claims_due: sqlite says (deadline_at) WHERE is_open = 1, postgres says \
             (deadline_at)",
            "partners.website: sqlite says absent, postgres says text",
            "table scratch_notes: sqlite says present, postgres says absent",
            "sessions index sessions_data: sqlite says absent, postgres says UNIQUE (data, \
             expires_at)",
        ],
        "{found:#?}"
    );
}
