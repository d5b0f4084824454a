//! The built bundle under `/pkg` (WASM, its JS, its split chunks, the stylesheet), served the way
//! a CDN would:
//!
//! - files compressed once at build time (`cargo leptos build --precompress` writes `.br` and
//!   `.gz` beside each file) are chosen by the request's `Accept-Encoding`; without them the file
//!   goes as it is, and the response compression layer leaves the WASM alone (see `router()`);
//! - a file whose name carries its content hash (`LEPTOS_HASH_FILES=true`) never changes, so a
//!   browser keeps it for a year without asking again; an unhashed name (a development build) is
//!   revalidated on every use; a missing file is not cached at all.
//!
//! `ServeDir` also answers conditional requests (`If-Modified-Since`) and ranges.

use axum::extract::State;
use axum::middleware::map_response_with_state;
use axum::response::Response;
use axum::Router;
use http::header::{CACHE_CONTROL, VARY};
use http::HeaderValue;
use leptos::config::LeptosOptions;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// The cache policy of `/pkg` answers: what the build's file names allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CachePolicy {
    /// The build names its files by content (`hash-files`).
    pub hashed: bool,
}

/// A year: the longest lifetime caches honour, for files that never change under their name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Kept, but asked about again on every use (the answer is a cheap `304 Not Modified`).
const REVALIDATE: &str = "no-cache";
const NO_STORE: &str = "no-store";

/// The routes of the bundle, for `router()` to merge before the pages.
pub fn routes<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let policy = CachePolicy {
        hashed: options.hash_files,
    };
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    Router::new()
        .nest_service(&format!("/{}", options.site_pkg_dir), files)
        .layer(map_response_with_state(policy, cache_headers))
}

/// Sets `Cache-Control` (and `Vary`, since the body depends on `Accept-Encoding`) on a bundle
/// answer.
async fn cache_headers(State(policy): State<CachePolicy>, mut response: Response) -> Response {
    let status = response.status();
    let value = if status.is_success() || status == http::StatusCode::NOT_MODIFIED {
        if policy.hashed {
            IMMUTABLE
        } else {
            REVALIDATE
        }
    } else {
        NO_STORE
    };
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(value));
    headers.append(VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Why the server must not start with this bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(
        "LEPTOS_HASH_FILES is true but {0} is missing: the pages would link file names that do \
         not exist. Build with `cargo leptos build --release` and the same LEPTOS_HASH_FILES, and \
         keep hash.txt beside the server binary."
    )]
    MissingHashFile(PathBuf),
}

/// With hashed file names, the pages learn the names from `hash.txt` beside the executable
/// (leptos' `HydrationScripts` and `HashedStylesheet` read it); without it they would silently
/// link unhashed names that 404, so the server refuses to start instead.
pub fn check_bundle(options: &LeptosOptions) -> Result<(), BundleError> {
    if !options.hash_files {
        return Ok(());
    }
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .unwrap_or_default()
        .join(options.hash_file.as_ref());
    if beside_exe.exists() {
        Ok(())
    } else {
        Err(BundleError::MissingHashFile(beside_exe))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    /// A site root with one hashed bundle file and its precompressed twins.
    fn site(hashed: bool) -> (tempfile::TempDir, LeptosOptions) {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("app.abc123.wasm"), b"raw wasm bytes").unwrap();
        std::fs::write(pkg.join("app.abc123.wasm.br"), b"brotli").unwrap();
        std::fs::write(pkg.join("app.abc123.wasm.gz"), b"gzip").unwrap();
        let options = LeptosOptions::builder()
            .output_name("app")
            .site_root(dir.path().to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .hash_files(hashed)
            .build();
        (dir, options)
    }

    async fn get(options: &LeptosOptions, path: &str, encoding: &str) -> Response {
        let app: Router = routes(options);
        let mut request = http::Request::get(path);
        if !encoding.is_empty() {
            request = request.header(http::header::ACCEPT_ENCODING, encoding);
        }
        app.oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    async fn body(response: Response) -> Vec<u8> {
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec()
    }

    fn header(response: &Response, name: http::header::HeaderName) -> &str {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    #[tokio::test]
    async fn brotli_is_chosen_when_accepted_then_gzip_then_the_raw_file() {
        let (_dir, options) = site(true);
        let br = get(&options, "/pkg/app.abc123.wasm", "gzip, deflate, br").await;
        assert_eq!(header(&br, http::header::CONTENT_ENCODING), "br");
        assert_eq!(header(&br, http::header::CONTENT_TYPE), "application/wasm");
        assert_eq!(body(br).await, b"brotli");

        let gz = get(&options, "/pkg/app.abc123.wasm", "gzip").await;
        assert_eq!(header(&gz, http::header::CONTENT_ENCODING), "gzip");
        assert_eq!(body(gz).await, b"gzip");

        let raw = get(&options, "/pkg/app.abc123.wasm", "").await;
        assert_eq!(header(&raw, http::header::CONTENT_ENCODING), "");
        assert_eq!(body(raw).await, b"raw wasm bytes");
    }

    #[tokio::test]
    async fn hashed_files_are_immutable_for_a_year_and_vary_by_encoding() {
        let (_dir, options) = site(true);
        let response = get(&options, "/pkg/app.abc123.wasm", "br").await;
        assert_eq!(response.status(), http::StatusCode::OK);
        assert_eq!(header(&response, CACHE_CONTROL), IMMUTABLE);
        assert!(header(&response, VARY)
            .to_ascii_lowercase()
            .contains("accept-encoding"));
    }

    #[tokio::test]
    async fn unhashed_builds_are_revalidated_and_missing_files_never_cached() {
        let (_dir, options) = site(false);
        let response = get(&options, "/pkg/app.abc123.wasm", "").await;
        assert_eq!(header(&response, CACHE_CONTROL), REVALIDATE);

        let missing = get(&options, "/pkg/nothing.js", "").await;
        assert_eq!(missing.status(), http::StatusCode::NOT_FOUND);
        assert_eq!(header(&missing, CACHE_CONTROL), NO_STORE);
    }

    #[test]
    fn a_hashed_build_without_its_hash_file_refuses_to_start() {
        let (_dir, mut options) = site(true);
        options.hash_file = "no-such-hash-file.txt".into();
        let error = check_bundle(&options).unwrap_err();
        assert!(error.to_string().contains("no-such-hash-file.txt"));

        options.hash_files = false;
        assert!(check_bundle(&options).is_ok());
    }
}
