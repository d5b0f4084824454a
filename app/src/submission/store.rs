//! Where documents are kept: a directory on the server's disk (one instance, the default), or an
//! S3-compatible object store shared by every instance. Both through the `object_store` crate,
//! so the code that reads and writes documents does not know which.

use crate::error::AppError;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, PutPayload};
use std::path::Path;
use std::sync::Arc;

/// Which store documents go to (from the server's configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSettings {
    /// A directory, created if missing (`DOCUMENTS_DIR`).
    Disk(std::path::PathBuf),
    /// An S3 bucket (`DOCUMENTS_S3_BUCKET`); endpoint, region and credentials from the standard
    /// `AWS_*` variables (`AWS_ENDPOINT` for an S3-compatible service).
    S3 { bucket: String },
}

/// The document store.
#[derive(Debug, Clone)]
pub struct DocumentStore {
    inner: Arc<dyn ObjectStore>,
}

impl DocumentStore {
    /// Opens the store the settings name.
    pub fn open(settings: &StoreSettings) -> anyhow::Result<DocumentStore> {
        match settings {
            StoreSettings::Disk(dir) => Self::on_disk(dir),
            StoreSettings::S3 { bucket } => {
                let store = AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(|e| anyhow::anyhow!("opening the S3 bucket {bucket:?}: {e}"))?;
                Ok(DocumentStore {
                    inner: Arc::new(store),
                })
            }
        }
    }

    /// A store in a directory (created if missing).
    pub fn on_disk(dir: &Path) -> anyhow::Result<DocumentStore> {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("creating the documents directory {dir:?}: {e}"))?;
        let store = LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| anyhow::anyhow!("opening the documents directory {dir:?}: {e}"))?;
        Ok(DocumentStore {
            inner: Arc::new(store),
        })
    }

    fn path(key: &str) -> Result<ObjectPath, AppError> {
        ObjectPath::parse(key).map_err(|e| {
            tracing::error!(%e, key, "a document key that is not a valid path");
            AppError::Internal
        })
    }

    /// Writes a document (replacing any with the same key).
    #[tracing::instrument(skip(self, bytes), fields(bytes = bytes.len()), err(level = "warn"))]
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), AppError> {
        self.inner
            .put(&Self::path(key)?, PutPayload::from(bytes))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, key, "storing a document failed");
                AppError::Internal
            })?;
        Ok(())
    }

    /// Reads a whole document.
    #[tracing::instrument(skip(self), err(level = "warn"))]
    pub async fn get(&self, key: &str) -> Result<axum::body::Bytes, AppError> {
        let result = self.inner.get(&Self::path(key)?).await.map_err(|e| {
            tracing::error!(error = %e, key, "reading a document failed");
            AppError::Internal
        })?;
        result.bytes().await.map_err(|e| {
            tracing::error!(error = %e, key, "reading a document failed");
            AppError::Internal
        })
    }

    /// Removes documents that were stored for a change that did not happen (best effort: a
    /// failure is logged and leaves an unreferenced file).
    #[tracing::instrument(skip(self))]
    pub async fn discard(&self, keys: &[String]) {
        for key in keys {
            if let Ok(path) = Self::path(key) {
                if let Err(error) = self.inner.delete(&path).await {
                    tracing::warn!(%error, key, "removing an unused document failed");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_document_written_to_disk_reads_back_and_can_be_discarded() {
        let dir = std::env::temp_dir().join(format!("mci-store-{}", std::process::id()));
        let store = DocumentStore::on_disk(&dir).unwrap();
        store
            .put("claims/C-TEST/doc1", b"%PDF-1.4".to_vec())
            .await
            .unwrap();
        assert_eq!(
            &store.get("claims/C-TEST/doc1").await.unwrap()[..],
            b"%PDF-1.4"
        );
        store.discard(&["claims/C-TEST/doc1".to_owned()]).await;
        assert!(store.get("claims/C-TEST/doc1").await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
