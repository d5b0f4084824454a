//! Wire types of submissions and their documents.

use serde::{Deserialize, Serialize};

/// What the file input accepts (the server checks the content, whatever the name says).
pub const ACCEPTED_FILES: &str =
    ".pdf,.png,.jpg,.jpeg,.docx,application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Comments, dispute reasons and reviewers' messages: at most this many characters.
pub const MAX_TEXT_CHARS: usize = 2_000;

/// One document of a submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Its name in download links (`/documents/{doc_ref}`).
    pub doc_ref: String,
    pub file_name: String,
    /// The type found in its content.
    pub content_type: String,
    pub size_bytes: i64,
}

impl DocumentInfo {
    pub fn href(&self) -> String {
        format!("/documents/{}", self.doc_ref)
    }
}

/// One submission: the first, or an answer to a reviewer's request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionInfo {
    /// `true` for an answer to a reviewer (a resubmission).
    pub resubmission: bool,
    pub submitted_at: i64,
    pub submitted_by: Option<String>,
    pub completion_date: Option<String>,
    pub hours_delivered: Option<i64>,
    pub comments: Option<String>,
    pub documents: Vec<DocumentInfo>,
}

/// The payment recorded for a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInfo {
    pub amount: domain::Money,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// A size in bytes as a person reads it (1.2 MB, 340 KB).
pub fn size_text(bytes: i64) -> String {
    if bytes >= 1_000_000 {
        match (bytes % 1_000_000) / 100_000 {
            0 => format!("{} MB", bytes / 1_000_000),
            tenths => format!("{}.{tenths} MB", bytes / 1_000_000),
        }
    } else if bytes >= 1_000 {
        format!("{} KB", (bytes + 999) / 1_000)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::size_text;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(size_text(512), "512 B");
        assert_eq!(size_text(1_001), "2 KB");
        assert_eq!(size_text(340_000), "340 KB");
        assert_eq!(size_text(10_000_000), "10 MB");
        assert_eq!(size_text(1_234_567), "1.2 MB");
    }
}
