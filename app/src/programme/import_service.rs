//! CSV import of programme data, on the server: the upload is read (size-limited), the file is
//! checked row by row against the directory (`validate`, pure), and a file without a problem is
//! written in one transaction; a file with any problem writes nothing.
//!
//! The transaction's first statement is the `imports` log row: on SQLite that takes the write
//! lock at once, so the directory read for the checks is the one the rows are written against.

mod validate;

pub use validate::{parse_cents, validate, Known, KnownEngagement, Plan, Refusal, Rows};

use super::import::{ImportKind, ImportOutcome, ImportRecord, MAX_FILE_BYTES};
use crate::error::{AppError, FieldError};
use domain::{CustomerIdType, Timestamp};
use leptos::server_fn::codec::MultipartData;
use sqlx::{Any, AnyPool, Row, Transaction};

/// One uploaded file and the kind it was declared as.
#[derive(Debug, Clone)]
pub struct Upload {
    pub kind: ImportKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn upload_unreadable<E: std::fmt::Display>(error: E) -> AppError {
    tracing::info!(%error, "an import upload could not be read");
    AppError::field(
        "file",
        "unreadable",
        "The upload could not be read. Choose the file again and retry.",
        "L'envoi n'a pas pu être lu. Choisissez à nouveau le fichier et réessayez.",
    )
}

fn too_large() -> AppError {
    AppError::field(
        "file",
        "too_large",
        format!(
            "The file is larger than {} MB. Split it into smaller files.",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        format!(
            "Le fichier dépasse {} Mo. Découpez-le en fichiers plus petits.",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// The name to keep of an uploaded file: without any folder, at most 200 characters.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    base.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// Reads the multipart form: `kind` and `file`, the file chunk by chunk and refused as soon as
/// it passes [`MAX_FILE_BYTES`]. Other fields are ignored.
pub async fn read_upload(data: MultipartData) -> Result<Upload, AppError> {
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let mut kind: Option<String> = None;
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(upload_unreadable)? {
        let name = field.name().map(str::to_owned);
        match name.as_deref() {
            Some("kind") => {
                let mut text = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(upload_unreadable)? {
                    text.extend_from_slice(&chunk);
                    if text.len() > 64 {
                        break;
                    }
                }
                kind = Some(String::from_utf8_lossy(&text).trim().to_owned());
            }
            Some("file") => {
                let file_name = field.file_name().map(clean_file_name).unwrap_or_default();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(upload_unreadable)? {
                    if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                        return Err(too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                file = Some((file_name, bytes));
            }
            _ => {}
        }
    }

    let mut errors = Vec::new();
    let kind = kind.as_deref().and_then(ImportKind::from_code);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "required",
            "Choose what the file holds.",
            "Choisissez ce que contient le fichier.",
        ));
    }
    match &file {
        Some((name, bytes)) if name.is_empty() && bytes.is_empty() => file = None,
        _ => {}
    }
    match &file {
        None => errors.push(FieldError::new(
            "file",
            "required",
            "Choose a CSV file to import.",
            "Choisissez un fichier CSV à importer.",
        )),
        Some((_, bytes)) if bytes.is_empty() => errors.push(FieldError::new(
            "file",
            "empty",
            "The file is empty.",
            "Le fichier est vide.",
        )),
        Some(_) => {}
    }
    match (kind, file) {
        (Some(kind), Some((file_name, bytes))) if errors.is_empty() => Ok(Upload {
            kind,
            file_name,
            bytes,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

/// Checks a file and, when every row is good, writes it all in one transaction; otherwise
/// writes nothing and lists the problems. Then brings the Customers pages' stored verdicts up
/// to date (a failure there is logged: the import itself stands).
#[tracing::instrument(skip(pool, upload), fields(kind = upload.kind.code(), file = %upload.file_name, bytes = upload.bytes.len()))]
pub async fn import_file(
    pool: &AnyPool,
    user_id: i64,
    upload: Upload,
    now: Timestamp,
) -> Result<ImportOutcome, AppError> {
    let Upload {
        kind,
        file_name,
        bytes,
    } = upload;
    let mut tx = pool.begin().await?;
    let import_id: i64 = sqlx::query(
        "INSERT INTO imports (kind, file_name, row_count, inserted, updated, imported_by, at)
         VALUES ($1, $2, 0, 0, 0, $3, $4) RETURNING id",
    )
    .bind(kind.code())
    .bind(&file_name)
    .bind(user_id)
    .bind(now.unix_seconds())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    let known = load_known(&mut tx, kind).await?;
    let plan = match validate(kind, &bytes, &known) {
        Ok(plan) => plan,
        Err(refusal) => {
            tx.rollback().await?;
            tracing::info!(
                problems = refusal.errors.len() as u64 + refusal.more,
                "import refused"
            );
            return Ok(ImportOutcome::Refused {
                kind,
                file_name,
                errors: refusal.errors,
                more: refusal.more,
            });
        }
    };
    write_rows(&mut tx, &plan.rows).await?;
    sqlx::query("UPDATE imports SET row_count = $2, inserted = $3, updated = $4 WHERE id = $1")
        .bind(import_id)
        .bind(to_i64(plan.count))
        .bind(to_i64(plan.inserted))
        .bind(to_i64(plan.updated))
        .execute(&mut *tx)
        .await?;
    // Every known customer's rows are recomputed against the new data: marked here, in the
    // import's own transaction, drained by the workers (and by each Customers page read).
    //
    // Open claims keep the customer key they were created with. An import that links a tenant
    // to a TPID, or moves a domain to another tenant, does not move them: they stay counted on
    // their key until they end (their partner's row stays theirs: rows are per stored key),
    // and new claims count on the key the directory gives now. Moving them silently would
    // change which limits they hold; ending them would take a claim away from a partner.
    let marked =
        crate::customers::repo::marks::mark_everything(&mut tx, now.unix_seconds()).await?;
    tx.commit().await?;
    tracing::info!(
        marked,
        rows = plan.count,
        inserted = plan.inserted,
        updated = plan.updated,
        "import written"
    );
    Ok(ImportOutcome::Imported {
        kind,
        file_name,
        rows: plan.count,
        inserted: plan.inserted,
        updated: plan.updated,
    })
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The most recent imports, newest first.
#[tracing::instrument(skip(pool))]
pub async fn recent_imports(pool: &AnyPool, limit: i64) -> Result<Vec<ImportRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT i.kind, i.file_name, i.row_count, i.inserted, i.updated, i.at, u.display_name
         FROM imports i JOIN users u ON u.id = i.imported_by
         ORDER BY i.at DESC, i.id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .filter_map(|row| import_record(row).transpose())
        .collect()
}

/// One row of the log, or `None` for a kind this version does not know.
fn import_record(row: &sqlx::any::AnyRow) -> Result<Option<ImportRecord>, sqlx::Error> {
    let count = |column: &str| -> Result<u64, sqlx::Error> {
        Ok(u64::try_from(row.try_get::<i64, _>(column)?).unwrap_or(0))
    };
    let Some(kind) = ImportKind::from_code(&row.try_get::<String, _>("kind")?) else {
        return Ok(None);
    };
    Ok(Some(ImportRecord {
        kind,
        file_name: row.try_get("file_name")?,
        rows: count("row_count")?,
        inserted: count("inserted")?,
        updated: count("updated")?,
        imported_by: row.try_get("display_name")?,
        at: row.try_get("at")?,
    }))
}

async fn strings(
    tx: &mut Transaction<'static, Any>,
    sql: &str,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query(sql)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|row| row.try_get(0))
        .collect()
}

/// What a file of this kind refers to or replaces, as the database holds it now.
async fn load_known(
    tx: &mut Transaction<'static, Any>,
    kind: ImportKind,
) -> Result<Known, sqlx::Error> {
    let mut known = Known::default();
    match kind {
        ImportKind::Eligibility => {
            let types = sqlx::query("SELECT engagement_id, id_type FROM engagement_id_types")
                .fetch_all(&mut **tx)
                .await?;
            for row in sqlx::query("SELECT id, code FROM engagements")
                .fetch_all(&mut **tx)
                .await?
            {
                let id: i64 = row.try_get("id")?;
                let mut id_types = Vec::new();
                for t in &types {
                    if t.try_get::<i64, _>("engagement_id")? == id {
                        if let Some(kind) =
                            CustomerIdType::from_code(&t.try_get::<String, _>("id_type")?)
                        {
                            id_types.push(kind);
                        }
                    }
                }
                known.add_engagement(id, &row.try_get::<String, _>("code")?, id_types);
            }
            for row in sqlx::query("SELECT engagement_id, id_type, id_value FROM eligibility_lists")
                .fetch_all(&mut **tx)
                .await?
            {
                if let Some(kind) = CustomerIdType::from_code(&row.try_get::<String, _>("id_type")?)
                {
                    known.eligibility.insert((
                        row.try_get("engagement_id")?,
                        kind,
                        row.try_get("id_value")?,
                    ));
                }
            }
        }
        ImportKind::Tenants => {
            known.tenants = strings(tx, "SELECT tenant_id FROM directory_tenants")
                .await?
                .into_iter()
                .collect();
            for row in sqlx::query("SELECT domain, tenant_id FROM directory_tenant_domains")
                .fetch_all(&mut **tx)
                .await?
            {
                known
                    .domain_owners
                    .insert(row.try_get("domain")?, row.try_get("tenant_id")?);
            }
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

/// A value to bind.
enum Value {
    Text(String),
    Int(i64),
}

fn text(value: impl ToString) -> Value {
    Value::Text(value.to_string())
}

/// Bound parameters per statement: under SQLite's oldest limit (999), whatever the build.
const MAX_PARAMS: usize = 900;

/// `{head} ($1, $2), ($3, $4) … {tail}`, in as many statements as the parameter limit needs.
async fn insert_rows(
    tx: &mut Transaction<'static, Any>,
    head: &str,
    tail: &str,
    width: usize,
    rows: Vec<Vec<Value>>,
) -> Result<(), sqlx::Error> {
    use std::fmt::Write;
    for chunk in rows.chunks((MAX_PARAMS / width).max(1)) {
        let mut sql = String::from(head);
        let mut n = 0;
        for (i, row) in chunk.iter().enumerate() {
            debug_assert_eq!(row.len(), width);
            sql.push_str(if i == 0 { " (" } else { ", (" });
            for c in 0..width {
                n += 1;
                let _ = write!(sql, "{}${n}", if c == 0 { "" } else { ", " });
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(tail);
        let mut query = sqlx::query(&sql);
        for value in chunk.iter().flatten() {
            query = match value {
                Value::Text(s) => query.bind(s.clone()),
                Value::Int(i) => query.bind(*i),
            };
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// `{head} ($1, $2, …)` over the keys, in as many statements as the parameter limit needs.
async fn delete_where_in(
    tx: &mut Transaction<'static, Any>,
    head: &str,
    keys: &[String],
) -> Result<(), sqlx::Error> {
    for chunk in keys.chunks(MAX_PARAMS) {
        let placeholders: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
        let sql = format!("{head} ({})", placeholders.join(", "));
        let mut query = sqlx::query(&sql);
        for key in chunk {
            query = query.bind(key.clone());
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Writes checked rows: upserts by key; a tenant's domains and a TPID's tenants are replaced.
async fn write_rows(tx: &mut Transaction<'static, Any>, rows: &Rows) -> Result<(), sqlx::Error> {
    match rows {
        Rows::Eligibility(rows) => {
            let values = rows
                .iter()
                .map(|r| {
                    vec![
                        Value::Int(r.engagement_id),
                        text(r.id.kind().code()),
                        text(r.id.value()),
                    ]
                })
                .collect();
            insert_rows(
                tx,
                "INSERT INTO eligibility_lists (engagement_id, id_type, id_value) VALUES",
                "ON CONFLICT DO NOTHING",
                3,
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
                4,
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
                2,
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
                3,
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
                2,
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
                3,
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
                8,
                values,
            )
            .await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::clean_file_name;

    #[test]
    fn a_file_name_keeps_no_folder() {
        assert_eq!(clean_file_name("C:\\fakepath\\list.csv"), "list.csv");
        assert_eq!(clean_file_name("/tmp/a/b.csv"), "b.csv");
        assert_eq!(clean_file_name(" tenants.csv "), "tenants.csv");
    }
}
