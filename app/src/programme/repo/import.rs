//! SQL of the CSV import: the `imports` log, what a file is checked against (the directory and
//! the eligibility lists as they are), and the checked rows written. Everything but the log's
//! read runs in the import's one transaction.

use crate::db::row;
use crate::db::sql::{Sql, Value};
use crate::programme::import::{ImportKind, ImportRecord};
use crate::programme::import_service::{Known, Plan, Rows};
use domain::UserId;
use domain::{CustomerIdType, Timestamp};
use sqlx::{Any, AnyPool, Transaction};

type Tx = Transaction<'static, Any>;

/// Writes the import's log row, the transaction's first statement (on SQLite it takes the write
/// lock at once, so that the directory read for the checks is the one the rows are written
/// against). Returns its id.
#[tracing::instrument(skip_all, fields(kind = kind.code(), user = %user_id), err(level = "warn"))]
pub async fn begin(
    tx: &mut Tx,
    kind: ImportKind,
    file_name: &str,
    user_id: UserId,
    now: Timestamp,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO imports (kind, file_name, row_count, inserted, updated, imported_by, at)
         VALUES ($1, $2, 0, 0, 0, $3, $4) RETURNING id",
    )
    .bind(kind.code())
    .bind(file_name)
    .bind(user_id.get())
    .bind(now.unix_seconds())
    .fetch_one(&mut **tx)
    .await
}

/// Records on the log row what the written file changed.
#[tracing::instrument(skip_all, fields(import = import_id), err(level = "warn"))]
pub async fn finish(tx: &mut Tx, import_id: i64, plan: &Plan) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE imports SET row_count = $2, inserted = $3, updated = $4 WHERE id = $1")
        .bind(import_id)
        .bind(to_i64(plan.count))
        .bind(to_i64(plan.inserted))
        .bind(to_i64(plan.updated))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A row of the log with the name of who imported.
#[derive(sqlx::FromRow)]
struct LogRow {
    kind: String,
    file_name: String,
    row_count: i64,
    inserted: i64,
    updated: i64,
    at: i64,
    display_name: String,
}

impl LogRow {
    /// The record, or `None` for a kind this version does not know (a later version's).
    fn into_record(self) -> Result<Option<ImportRecord>, sqlx::Error> {
        const TABLE: &str = "imports";
        let Some(kind) = ImportKind::from_code(&self.kind) else {
            return Ok(None);
        };
        Ok(Some(ImportRecord {
            kind,
            file_name: self.file_name,
            rows: row::unsigned(TABLE, "row_count", self.row_count)?,
            inserted: row::unsigned(TABLE, "inserted", self.inserted)?,
            updated: row::unsigned(TABLE, "updated", self.updated)?,
            imported_by: self.display_name,
            at: self.at,
        }))
    }
}

/// The most recent imports, newest first.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn recent_imports(pool: &AnyPool, limit: i64) -> Result<Vec<ImportRecord>, sqlx::Error> {
    let rows = sqlx::query_as::<_, LogRow>(
        "SELECT i.kind, i.file_name, i.row_count, i.inserted, i.updated, i.at, u.display_name
         FROM imports i JOIN users u ON u.id = i.imported_by
         ORDER BY i.at DESC, i.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .filter_map(|row| row.into_record().transpose())
        .collect()
}

async fn strings(tx: &mut Tx, sql: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(sql).fetch_all(&mut **tx).await
}

/// An ID type code as stored; a code this version does not know is left out (logged): nothing
/// of this version can refer to it.
fn id_type(table: &str, code: &str) -> Option<CustomerIdType> {
    row::parse(table, "id_type", code, CustomerIdType::from_code).ok()
}

/// What a file of this kind refers to or replaces, as the database holds it now.
#[tracing::instrument(skip(tx), err(level = "warn"))]
pub async fn known(tx: &mut Tx, kind: ImportKind) -> Result<Known, sqlx::Error> {
    let mut known = Known::default();
    match kind {
        ImportKind::Eligibility => {
            let types: Vec<(i64, String)> =
                sqlx::query_as("SELECT engagement_id, id_type FROM engagement_id_types")
                    .fetch_all(&mut **tx)
                    .await?;
            let engagements: Vec<(i64, String)> =
                sqlx::query_as("SELECT id, code FROM engagements")
                    .fetch_all(&mut **tx)
                    .await?;
            for (id, code) in engagements {
                let id_types = types
                    .iter()
                    .filter(|(engagement, _)| *engagement == id)
                    .filter_map(|(_, t)| id_type("engagement_id_types", t))
                    .collect();
                known.add_engagement(id, &code, id_types);
            }
            let listed: Vec<(i64, String, String)> =
                sqlx::query_as("SELECT engagement_id, id_type, id_value FROM eligibility_lists")
                    .fetch_all(&mut **tx)
                    .await?;
            for (engagement, t, value) in listed {
                if let Some(kind) = id_type("eligibility_lists", &t) {
                    known.eligibility.insert((engagement, kind, value));
                }
            }
        }
        ImportKind::Tenants => {
            known.tenants = strings(tx, "SELECT tenant_id FROM directory_tenants")
                .await?
                .into_iter()
                .collect();
            let owners: Vec<(String, String)> =
                sqlx::query_as("SELECT domain, tenant_id FROM directory_tenant_domains")
                    .fetch_all(&mut **tx)
                    .await?;
            known.domain_owners = owners.into_iter().collect();
        }
        ImportKind::Tpids | ImportKind::Subscriptions => {
            known.tenants = strings(tx, "SELECT tenant_id FROM directory_tenants")
                .await?
                .into_iter()
                .collect();
            if kind == ImportKind::Tpids {
                known.tpids = strings(tx, "SELECT tpid FROM directory_tpids")
                    .await?
                    .into_iter()
                    .collect();
            } else {
                known.subscriptions =
                    strings(tx, "SELECT subscription_id FROM directory_subscriptions")
                        .await?
                        .into_iter()
                        .collect();
            }
        }
        ImportKind::Opportunities => {
            known.tpids = strings(tx, "SELECT tpid FROM directory_tpids")
                .await?
                .into_iter()
                .collect();
            known.opportunities = strings(tx, "SELECT opportunity_id FROM directory_opportunities")
                .await?
                .into_iter()
                .collect();
        }
    }
    Ok(known)
}

fn text(value: impl ToString) -> Value {
    Value::Text(value.to_string())
}

/// Bound parameters per statement: under SQLite's oldest limit (999), whatever the build.
const MAX_PARAMS: usize = 900;

/// `{head} ($1, $2), ($3, $4) … {tail}` for these rows.
fn values_statement(head: &str, tail: &str, rows: &[Vec<Value>]) -> Sql {
    let mut sql = Sql::new(head);
    for (i, row) in rows.iter().enumerate() {
        sql.push(if i == 0 { " (" } else { ", (" });
        sql.bind_list(row.iter().cloned()).push(")");
    }
    sql.push(" ").push(tail);
    sql
}

/// [`values_statement`] over all the rows, in as many statements as the parameter limit needs.
async fn insert_rows(
    tx: &mut Tx,
    head: &str,
    tail: &str,
    rows: Vec<Vec<Value>>,
) -> Result<(), sqlx::Error> {
    let width = rows.first().map_or(1, Vec::len).max(1);
    for chunk in rows.chunks((MAX_PARAMS / width).max(1)) {
        debug_assert!(chunk.iter().all(|row| row.len() == width));
        values_statement(head, tail, chunk)
            .query()
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// `{head} ($1, $2, …)` over the keys, in as many statements as the parameter limit needs.
async fn delete_where_in(tx: &mut Tx, head: &str, keys: &[String]) -> Result<(), sqlx::Error> {
    for chunk in keys.chunks(MAX_PARAMS) {
        let mut sql = Sql::new(head);
        sql.push(" (")
            .bind_list(chunk.iter().map(String::as_str))
            .push(")");
        sql.query().execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes checked rows: upserts by key; a tenant's domains and a TPID's tenants are replaced.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn write_rows(tx: &mut Tx, rows: &Rows) -> Result<(), sqlx::Error> {
    match rows {
        Rows::Eligibility(rows) => {
            let values = rows
                .iter()
                .map(|r| {
                    vec![
                        Value::Int(r.engagement_id.get()),
                        text(r.id.kind().code()),
                        text(r.id.value()),
                    ]
                })
                .collect();
            insert_rows(
                tx,
                "INSERT INTO eligibility_lists (engagement_id, id_type, id_value) VALUES",
                "ON CONFLICT DO NOTHING",
                values,
            )
            .await
        }
        Rows::Tenants(rows) => {
            let keys: Vec<String> = rows.iter().map(|r| r.tenant_id.to_string()).collect();
            // Every replaced list goes first, so that a domain can move between two tenants of
            // the same file.
            delete_where_in(
                tx,
                "DELETE FROM directory_tenant_domains WHERE tenant_id IN",
                &keys,
            )
            .await?;
            let values = rows
                .iter()
                .map(|r| {
                    vec![
                        text(&r.tenant_id),
                        text(&r.name),
                        text(&r.country),
                        text(&r.segment),
                    ]
                })
                .collect();
            insert_rows(
                tx,
                "INSERT INTO directory_tenants (tenant_id, name, country, segment) VALUES",
                "ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, country = excluded.country, segment = excluded.segment",
                values,
            )
            .await?;
            let domains = rows
                .iter()
                .flat_map(|r| r.domains.iter().map(|d| vec![text(d), text(&r.tenant_id)]))
                .collect();
            insert_rows(
                tx,
                "INSERT INTO directory_tenant_domains (domain, tenant_id) VALUES",
                "",
                domains,
            )
            .await
        }
        Rows::Tpids(rows) => {
            let values = rows
                .iter()
                .map(|r| vec![text(r.tpid), text(&r.name), text(&r.country)])
                .collect();
            insert_rows(
                tx,
                "INSERT INTO directory_tpids (tpid, name, country) VALUES",
                "ON CONFLICT (tpid) DO UPDATE SET name = excluded.name, country = excluded.country",
                values,
            )
            .await?;
            let keys: Vec<String> = rows.iter().map(|r| r.tpid.to_string()).collect();
            delete_where_in(
                tx,
                "DELETE FROM directory_tpid_tenants WHERE tpid IN",
                &keys,
            )
            .await?;
            let links = rows
                .iter()
                .flat_map(|r| r.tenant_ids.iter().map(|t| vec![text(r.tpid), text(t)]))
                .collect();
            insert_rows(
                tx,
                "INSERT INTO directory_tpid_tenants (tpid, tenant_id) VALUES",
                "",
                links,
            )
            .await
        }
        Rows::Subscriptions(rows) => {
            let values = rows
                .iter()
                .map(|r| vec![text(&r.subscription_id), text(&r.tenant_id), text(&r.name)])
                .collect();
            insert_rows(
                tx,
                "INSERT INTO directory_subscriptions (subscription_id, tenant_id, name) VALUES",
                "ON CONFLICT (subscription_id) DO UPDATE SET tenant_id = excluded.tenant_id, name = excluded.name",
                values,
            )
            .await
        }
        Rows::Opportunities(rows) => {
            let values = rows
                .iter()
                .map(|r| {
                    vec![
                        text(&r.opportunity_id),
                        text(r.tpid),
                        text(&r.name),
                        Value::Int(r.deal_value_cents),
                        text(&r.currency),
                        text(&r.country),
                        text(r.market_band.code()),
                        text(r.stage),
                    ]
                })
                .collect();
            insert_rows(
                tx,
                "INSERT INTO directory_opportunities (opportunity_id, tpid, name, deal_value_cents, currency, country, market_band, stage) VALUES",
                "ON CONFLICT (opportunity_id) DO UPDATE SET tpid = excluded.tpid, name = excluded.name, \
                 deal_value_cents = excluded.deal_value_cents, currency = excluded.currency, \
                 country = excluded.country, market_band = excluded.market_band, stage = excluded.stage",
                values,
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_of_a_multi_row_insert_are_numbered_on() {
        let rows = vec![
            vec![text("a.com"), text("t1")],
            vec![text("b.com"), text("t2")],
        ];
        let sql = values_statement("INSERT INTO d (domain, tenant_id) VALUES", "", &rows);
        assert_eq!(
            sql.text(),
            "INSERT INTO d (domain, tenant_id) VALUES ($1, $2), ($3, $4) "
        );
        assert_eq!(sql.binds()[2], Value::Text("b.com".into()));
    }

    #[test]
    fn a_chunk_stays_under_the_parameter_limit() {
        // 8 columns: 112 rows a statement, 896 parameters.
        let width = 8;
        let rows = (MAX_PARAMS / width).max(1);
        assert!(rows * width <= MAX_PARAMS);
        let chunk = vec![vec![Value::Int(1); width]; rows];
        assert_eq!(values_statement("V", "", &chunk).len(), 896);
    }
}
