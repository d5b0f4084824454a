//! SQL of submissions and documents.

use super::model::{DocumentInfo, SubmissionInfo};
use crate::db::row;
use sqlx::{Any, AnyPool, Transaction};

/// A submission to write with the claim's transition.
#[derive(Debug, Clone)]
pub struct SubmissionInsert {
    pub claim_id: i64,
    pub resubmission: bool,
    pub completion_date: Option<String>,
    pub hours_delivered: Option<i64>,
    pub comments: Option<String>,
    pub submitted_by: i64,
    pub submitted_at: i64,
}

/// A document already in the store, to record.
#[derive(Debug, Clone)]
pub struct DocumentInsert {
    pub doc_ref: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
}

/// Writes a submission, its documents and (first submission) what it declares on the claim.
#[tracing::instrument(skip_all, fields(claim = s.claim_id, documents = documents.len()), err(level = "warn"))]
pub async fn insert_submission_in(
    tx: &mut Transaction<'static, Any>,
    s: &SubmissionInsert,
    documents: &[DocumentInsert],
) -> Result<(), sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO claim_submissions (claim_id, kind, completion_date, hours_delivered, comments, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(s.claim_id)
    .bind(if s.resubmission { "resubmit" } else { "submit" })
    .bind(&s.completion_date)
    .bind(s.hours_delivered)
    .bind(&s.comments)
    .bind(s.submitted_by)
    .bind(s.submitted_at)
    .fetch_one(&mut **tx)
    .await?;
    for d in documents {
        sqlx::query(
            "INSERT INTO claim_documents (doc_ref, claim_id, submission_id, file_name, content_type, size_bytes, sha256, storage_key, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&d.doc_ref)
        .bind(s.claim_id)
        .bind(id)
        .bind(&d.file_name)
        .bind(&d.content_type)
        .bind(d.size_bytes)
        .bind(&d.sha256)
        .bind(&d.storage_key)
        .bind(s.submitted_at)
        .execute(&mut **tx)
        .await?;
    }
    if !s.resubmission {
        sqlx::query("UPDATE claims SET completion_date = $1, hours_delivered = $2 WHERE id = $3")
            .bind(&s.completion_date)
            .bind(s.hours_delivered)
            .bind(s.claim_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Records the payment of a claim (with its `mark_paid` transition).
#[tracing::instrument(skip(tx), err(level = "warn"))]
pub async fn record_payment_in(
    tx: &mut Transaction<'static, Any>,
    claim_id: i64,
    amount_cents: i64,
    date: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE claims SET paid_amount_cents = $1, payment_date = $2 WHERE id = $3")
        .bind(amount_cents)
        .bind(date)
        .bind(claim_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A row of `claim_submissions` with the name of who submitted it.
#[derive(sqlx::FromRow)]
struct SubmissionRow {
    id: i64,
    kind: String,
    completion_date: Option<String>,
    hours_delivered: Option<i64>,
    comments: Option<String>,
    submitted_at: i64,
    display_name: Option<String>,
}

/// A document of a submission, as the claim page lists it.
#[derive(sqlx::FromRow)]
struct DocumentRow {
    submission_id: i64,
    doc_ref: String,
    file_name: String,
    content_type: String,
    size_bytes: i64,
}

impl SubmissionRow {
    /// The submission, with those of `documents` that belong to it.
    fn into_info(self, documents: &[DocumentRow]) -> Result<SubmissionInfo, sqlx::Error> {
        let resubmission =
            row::parse("claim_submissions", "kind", &self.kind, |kind| match kind {
                "submit" => Some(false),
                "resubmit" => Some(true),
                _ => None,
            })?;
        Ok(SubmissionInfo {
            resubmission,
            submitted_at: self.submitted_at,
            submitted_by: self.display_name,
            completion_date: self.completion_date,
            hours_delivered: self.hours_delivered,
            comments: self.comments,
            documents: documents
                .iter()
                .filter(|d| d.submission_id == self.id)
                .map(|d| DocumentInfo {
                    doc_ref: d.doc_ref.clone(),
                    file_name: d.file_name.clone(),
                    content_type: d.content_type.clone(),
                    size_bytes: d.size_bytes,
                })
                .collect(),
        })
    }
}

/// The submissions of a claim, oldest first, each with its documents.
#[tracing::instrument(skip(pool), err(level = "warn"))]
pub async fn submissions(
    pool: &AnyPool,
    claim_id: i64,
) -> Result<Vec<SubmissionInfo>, sqlx::Error> {
    let rows = sqlx::query_as::<_, SubmissionRow>(
        "SELECT s.id, s.kind, s.completion_date, s.hours_delivered, s.comments, s.submitted_at,
                u.display_name
         FROM claim_submissions s LEFT JOIN users u ON u.id = s.submitted_by
         WHERE s.claim_id = $1 ORDER BY s.id",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await?;
    let documents = sqlx::query_as::<_, DocumentRow>(
        "SELECT submission_id, doc_ref, file_name, content_type, size_bytes
         FROM claim_documents WHERE claim_id = $1 ORDER BY id",
    )
    .bind(claim_id)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| row.into_info(&documents))
        .collect()
}

/// A document with what deciding who may download it needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredDocument {
    pub partner_id: i64,
    pub location_id: String,
    pub file_name: String,
    pub content_type: String,
    pub storage_key: String,
}

/// The document with this name in download links, or `None`.
#[tracing::instrument(skip_all, err(level = "warn"))]
pub async fn stored_document(
    pool: &AnyPool,
    doc_ref: &str,
) -> Result<Option<StoredDocument>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.partner_id, c.location_id, d.file_name, d.content_type, d.storage_key
         FROM claim_documents d JOIN claims c ON c.id = d.claim_id WHERE d.doc_ref = $1",
    )
    .bind(doc_ref)
    .fetch_optional(pool)
    .await
}
