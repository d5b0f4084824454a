//! CSV import of programme data, on the server: the upload is read (size-limited), the file is
//! checked row by row against the directory (`validate`, pure), and a file without a problem is
//! written in one transaction; a file with any problem writes nothing.
//!
//! The transaction's first statement is the `imports` log row: on SQLite that takes the write
//! lock at once, so the directory read for the checks is the one the rows are written against.
//! The SQL is in `programme::repo::import`.
//!
//! The check and the write without the log are [`check_and_write`], in a transaction the caller
//! holds: the demo data (`db::demo`) is loaded through it too.

mod validate;

/// The import log, as the import page lists it.
pub use super::repo::import::recent_imports;
pub use validate::{parse_cents, validate, Known, KnownEngagement, Plan, Refusal, Rows};

use super::import::{ImportKind, ImportOutcome, MAX_FILE_BYTES};
use super::repo::import as repo;
use crate::error::{AppError, FieldError, FieldProblem};
use domain::Timestamp;
use domain::UserId;
use leptos::server_fn::codec::MultipartData;
use sqlx::{Any, AnyPool, Transaction};

/// One uploaded file and the kind it was declared as.
#[derive(Debug, Clone)]
pub struct Upload {
    pub kind: ImportKind,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn upload_unreadable<E: std::fmt::Display>(error: E) -> AppError {
    tracing::info!(%error, "an import upload could not be read");
    AppError::field("file", FieldProblem::Unreadable)
}

fn too_large() -> AppError {
    AppError::field(
        "file",
        FieldProblem::TooLarge {
            name: None,
            max_bytes: MAX_FILE_BYTES as u64,
        },
    )
}

/// The name to keep of an uploaded file: without any folder, at most 200 characters.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    base.chars().filter(|c| !c.is_control()).take(200).collect()
}

/// Reads the multipart form: `kind` and `file`, the file chunk by chunk and refused as soon as
/// it passes [`MAX_FILE_BYTES`]. Other fields are ignored.
#[tracing::instrument(skip_all, err(level = "debug"))]
pub async fn read_upload(data: MultipartData) -> Result<Upload, AppError> {
    let mut multipart = data
        .into_inner()
        .ok_or_else(|| crate::error::broken("a multipart request on the server has its stream"))?;
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
        errors.push(FieldError::new("kind", FieldProblem::REQUIRED));
    }
    match &file {
        Some((name, bytes)) if name.is_empty() && bytes.is_empty() => file = None,
        _ => {}
    }
    match &file {
        None => errors.push(FieldError::new("file", FieldProblem::REQUIRED)),
        Some((_, bytes)) if bytes.is_empty() => {
            errors.push(FieldError::new("file", FieldProblem::Empty { name: None }))
        }
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
#[tracing::instrument(skip(pool, upload), fields(kind = upload.kind.code(), file = %upload.file_name, bytes = upload.bytes.len()), err(level = "debug"))]
pub async fn import_file(
    pool: &AnyPool,
    user_id: UserId,
    upload: Upload,
    now: Timestamp,
) -> Result<ImportOutcome, AppError> {
    let Upload {
        kind,
        file_name,
        bytes,
    } = upload;
    let mut tx = pool.begin().await?;
    let import_id = repo::begin(&mut tx, kind, &file_name, user_id, now).await?;
    let plan = match check_and_write(&mut tx, kind, &bytes).await? {
        Ok(plan) => plan,
        Err(refusal) => {
            tx.rollback().await?;
            tracing::info!(
                problems = refusal.errors.len() as u64 + refusal.more,
                first = refusal.errors.first().map(|e| e.problem.code()),
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
    repo::finish(&mut tx, import_id, &plan).await?;
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

/// Checks a file of this kind against the directory as `tx` sees it and, when every row is
/// good, writes it in `tx`; a refused file writes nothing. The programme's import calls it
/// after its log row, and the demo loads its files through it, so that the demo's data passes
/// the very rules a reviewer's file does.
#[tracing::instrument(skip_all, fields(kind = kind.code(), bytes = bytes.len()), err(level = "debug"))]
pub async fn check_and_write(
    tx: &mut Transaction<'static, Any>,
    kind: ImportKind,
    bytes: &[u8],
) -> Result<Result<Plan, Refusal>, sqlx::Error> {
    let known = repo::known(tx, kind).await?;
    let plan = match validate(kind, bytes, &known) {
        Ok(plan) => plan,
        Err(refusal) => return Ok(Err(refusal)),
    };
    repo::write_rows(tx, &plan.rows).await?;
    Ok(Ok(plan))
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
