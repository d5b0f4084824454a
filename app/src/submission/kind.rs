//! The type of an uploaded document, found in its content. The file's name must agree with it:
//! a PNG named `report.pdf`, or a program named `invoice.pdf`, is refused.

use crate::error::{FieldError, FieldProblem};

/// The documents accepted as proof of execution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Pdf,
    Png,
    Jpeg,
    Docx,
}

impl DocumentKind {
    /// The media type stored and served.
    pub const fn mime(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Png => "image/png",
            DocumentKind::Jpeg => "image/jpeg",
            DocumentKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    /// What the name's extension announces.
    pub fn from_name(file_name: &str) -> Option<DocumentKind> {
        let extension = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(DocumentKind::Pdf),
            "png" => Some(DocumentKind::Png),
            "jpg" | "jpeg" => Some(DocumentKind::Jpeg),
            "docx" => Some(DocumentKind::Docx),
            _ => None,
        }
    }

    /// What the content is, by its signature (the `infer` crate's matchers).
    pub fn sniff(bytes: &[u8]) -> Option<DocumentKind> {
        if infer::archive::is_pdf(bytes) {
            Some(DocumentKind::Pdf)
        } else if infer::image::is_png(bytes) {
            Some(DocumentKind::Png)
        } else if infer::image::is_jpeg(bytes) {
            Some(DocumentKind::Jpeg)
        } else if infer::doc::is_docx(bytes) {
            Some(DocumentKind::Docx)
        } else {
            None
        }
    }
}

/// The longest file name kept.
pub const MAX_NAME_CHARS: usize = 200;

/// Checks one upload: a name, not empty, within the size limit, a content of an accepted type
/// that its name agrees with. Errors name the file.
pub fn check_upload(
    file_name: &str,
    bytes: &[u8],
    max_bytes: u64,
) -> Result<DocumentKind, FieldError> {
    let error = |problem| FieldError::new("documents", problem);
    let name = file_name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(error(FieldProblem::BadName {
            max: u32::try_from(MAX_NAME_CHARS).unwrap_or(u32::MAX),
        }));
    }
    if bytes.is_empty() {
        return Err(error(FieldProblem::Empty {
            name: Some(name.to_owned()),
        }));
    }
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(name, max_bytes));
    }
    let announced = DocumentKind::from_name(name);
    let found = DocumentKind::sniff(bytes);
    match (announced, found) {
        (Some(announced), Some(found)) if announced == found => Ok(found),
        (None, _) => Err(error(FieldProblem::UnsupportedType {
            name: name.to_owned(),
        })),
        (Some(_), _) => Err(error(FieldProblem::TypeMismatch {
            name: name.to_owned(),
        })),
    }
}

/// The error for a document over the size limit.
pub fn too_large(name: &str, max_bytes: u64) -> FieldError {
    FieldError::new(
        "documents",
        FieldProblem::TooLarge {
            name: Some(name.to_owned()),
            max_bytes,
        },
    )
}

#[cfg(test)]
pub(crate) mod samples {
    //! The smallest contents each matcher recognises, for tests.

    pub fn pdf() -> Vec<u8> {
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .to_vec()
    }

    pub fn png() -> Vec<u8> {
        let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        bytes.extend_from_slice(&[0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1]);
        bytes
    }

    pub fn jpeg() -> Vec<u8> {
        vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0]
    }

    /// A ZIP whose first entry is `word/document.xml`, as in a Word document.
    pub fn docx() -> Vec<u8> {
        let mut bytes = vec![b'P', b'K', 3, 4];
        bytes.extend_from_slice(&[0u8; 26]);
        bytes.extend_from_slice(b"word/document.xml");
        bytes.extend_from_slice(&[0u8; 32]);
        bytes
    }
}

#[cfg(test)]
mod tests {
    use super::samples::*;
    use super::*;

    #[test]
    fn each_accepted_type_is_recognised_by_its_content() {
        assert_eq!(
            check_upload("report.pdf", &pdf(), 1_000),
            Ok(DocumentKind::Pdf)
        );
        assert_eq!(
            check_upload("photo.PNG", &png(), 1_000),
            Ok(DocumentKind::Png)
        );
        assert_eq!(
            check_upload("photo.jpeg", &jpeg(), 1_000),
            Ok(DocumentKind::Jpeg)
        );
        assert_eq!(
            check_upload("photo.jpg", &jpeg(), 1_000),
            Ok(DocumentKind::Jpeg)
        );
        assert_eq!(
            check_upload("minutes.docx", &docx(), 1_000),
            Ok(DocumentKind::Docx)
        );
    }

    #[test]
    fn a_name_that_lies_about_the_content_is_refused() {
        let error = check_upload("report.pdf", &png(), 1_000).unwrap_err();
        assert_eq!(error.code(), "type_mismatch");
        assert!(
            crate::components::messages::field_message(crate::i18n::Locale::en, &error)
                .contains("report.pdf")
        );
        let error = check_upload("invoice.pdf", b"MZ\x90\x00 a program", 1_000).unwrap_err();
        assert_eq!(error.code(), "type_mismatch");
        let error = check_upload("notes.docx", b"plain text, not a document", 1_000).unwrap_err();
        assert_eq!(error.code(), "type_mismatch");
    }

    #[test]
    fn other_types_are_refused_whatever_their_content() {
        assert_eq!(
            check_upload("archive.zip", &docx(), 1_000)
                .unwrap_err()
                .code(),
            "unsupported_type"
        );
        assert_eq!(
            check_upload("no-extension", &pdf(), 1_000)
                .unwrap_err()
                .code(),
            "unsupported_type"
        );
    }

    #[test]
    fn empty_oversized_and_unnamed_files_are_refused() {
        assert_eq!(
            check_upload("a.pdf", b"", 1_000).unwrap_err().code(),
            "empty"
        );
        assert_eq!(
            check_upload("a.pdf", &pdf(), 10).unwrap_err().code(),
            "too_large"
        );
        assert_eq!(
            check_upload("  ", &pdf(), 1_000).unwrap_err().code(),
            "bad_name"
        );
    }
}
