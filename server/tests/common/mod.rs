//! Test support: a fresh, migrated database on either backend, and the real application served
//! on port 0 against it.
//!
//! Every database test is written once as `async fn name(backend: Backend)` and listed in
//! `backend_tests!`, which makes one test per backend, so SQLite and PostgreSQL run the very same
//! assertions in every `cargo test`.
//!
//! Set-up on the demo data (its identifiers, users, engagements, claims, row counts) is in
//! `fixtures`.

#![allow(dead_code)]

use app::db::Db;
use app::state::{AppState, Clock, OffsetClock};
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::sync::Arc;

pub mod fixtures;
mod scratch;
pub mod smtp;

use scratch::ScratchDb;
// Not every test crate uses all of these.
#[allow(unused_imports)]
pub use scratch::{random_suffix, state_over, test_config, Backend};

/// Generates, for each listed `async fn(Backend)`, a module with one test per backend.
#[macro_export]
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            }
        )*
    };
}

/// A database made for one test and removed when it is dropped.
pub struct TestDb(ScratchDb);

impl std::ops::Deref for TestDb {
    type Target = ScratchDb;

    fn deref(&self) -> &ScratchDb {
        &self.0
    }
}

impl TestDb {
    pub async fn create(backend: Backend) -> TestDb {
        TestDb(
            ScratchDb::create(backend, "mci_test", false)
                .await
                .expect("creating the test database"),
        )
    }

    /// A migrated pool on this database.
    pub async fn connect(&self) -> Db {
        let db = Db::connect(&self.url, 20)
            .await
            .expect("connecting to the test database");
        db.migrate().await.expect("migrating the test database");
        db
    }
}

pub async fn seeded_db(backend: Backend) -> (TestDb, Db, Arc<OffsetClock>) {
    let test_db = TestDb::create(backend).await;
    let db = test_db.connect().await;
    let clock = Arc::new(OffsetClock::default());
    app::db::demo::seed(&db, clock.now())
        .await
        .expect("seeding the demo data");
    (test_db, db, clock)
}

/// A database with the demo data and the application state over it, for service-level tests.
pub async fn seeded_state(backend: Backend) -> (TestDb, Db, AppState, Arc<OffsetClock>) {
    let (test_db, db, clock) = seeded_db(backend).await;
    let state = state_over(&db, clock.clone());
    (test_db, db, state, clock)
}

/// The application served on a free port, with the demo data.
pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub clock: Arc<OffsetClock>,
    _db: TestDb,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// The application with the test configuration changed by `configure` (a proxy in front,
    /// production's cookie, ...).
    pub async fn spawn_with(
        backend: Backend,
        configure: impl FnOnce(&mut server::config::Config),
    ) -> TestApp {
        let (test_db, db, clock) = seeded_db(backend).await;
        let mut config = test_config(&test_db.url);
        configure(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding port 0");
        let addr = listener.local_addr().expect("a bound address");
        let options = LeptosOptions::builder()
            .output_name("mci-customers")
            .site_addr(addr)
            .build();
        let state =
            server::app_state(options, db, clock.clone(), &config).expect("the application state");
        let router = server::router(state.clone(), &config);
        tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await;
        });
        TestApp {
            addr,
            state,
            clock,
            _db: test_db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client that keeps cookies, like a browser tab, and does not follow redirects. A request
    /// that gets no whole answer within a minute fails with its URL, rather than holding the
    /// test run until CI's limit (one CI run hung in `answers_are_compressed_as_the_client_accepts`
    /// on SQLite, never seen again in 21 runs of it).
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .timeout(std::time::Duration::from_secs(60))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("building an HTTP client")
    }

    /// A POST to `path` from the application's own origin; the body is the caller's (JSON,
    /// multipart, raw).
    pub fn post(&self, client: &reqwest::Client, path: &str) -> reqwest::RequestBuilder {
        client.post(self.url(path)).header("origin", self.url(""))
    }

    /// POSTs a server function the way the browser does (same origin, form-encoded).
    pub async fn call(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.post(client, &format!("/api/{endpoint}"))
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .expect("calling a server function")
    }

    /// [`TestApp::call`], answering the status and the JSON body (`null` when there is none).
    // Not every test crate uses it.
    #[allow(dead_code)]
    pub async fn answer(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let response = self.call(client, endpoint, form).await;
        let status = response.status().as_u16();
        (
            status,
            response.json().await.unwrap_or(serde_json::Value::Null),
        )
    }

    /// A client signed in as `email` with the demo password.
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = self.client();
        let response = self
            .call(
                &client,
                "sign_in",
                &[("email", email), ("password", fixtures::DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(
            response.status(),
            200,
            "signing in as {email}: {}",
            response.text().await.unwrap_or_default()
        );
        client
    }
}
