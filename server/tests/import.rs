//! CSV import of programme data on both backends: a file with any bad row changes nothing and
//! says which rows are wrong; a good file is written whole, upserting; only the Programme
//! reviewer may import; and the multipart upload works over HTTP.

mod common;

use app::db::Db;
use app::programme::import::{ImportKind, ImportOutcome, ImportProblem, MAX_FILE_BYTES};
use app::programme::import_service::{import_file, Upload};
use common::fixtures::{
    count, engagement_id, user_id, AZ_MIG_ASSESS, CONTOSO_ADMIN, O_WWI, PROGRAMME_REVIEWER,
    T_ADVENTURE, T_NORTHWIND,
};
use common::{seeded_db, Backend, TestApp};
use domain::{CustomerId, CustomerIdType, Timestamp};
use sqlx::Row;

/// A tenant the demo directory does not have: the files below bring it.
const T_FABRIKAM: &str = "6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
const TABLES: [&str; 8] = [
    "directory_tenants",
    "directory_tenant_domains",
    "directory_tpids",
    "directory_tpid_tenants",
    "directory_subscriptions",
    "directory_opportunities",
    "eligibility_lists",
    "imports",
];

/// Every table an import may touch, counted.
async fn counts(db: &Db) -> Vec<i64> {
    let mut all = Vec::new();
    for table in TABLES {
        all.push(count(db, &format!("SELECT COUNT(*) FROM {table}")).await);
    }
    all
}

async fn text(db: &Db, sql: &str, key: &str) -> String {
    sqlx::query(sql)
        .bind(key)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get(0)
        .unwrap()
}

async fn import(db: &Db, kind: ImportKind, csv: &str) -> ImportOutcome {
    let upload = Upload {
        kind,
        file_name: format!("{}.csv", kind.code()),
        bytes: csv.as_bytes().to_vec(),
    };
    import_file(
        &db.pool,
        user_id(db, PROGRAMME_REVIEWER).await,
        upload,
        Timestamp::from_unix_seconds(1_800_000_000),
    )
    .await
    .expect("an answer")
}

fn imported(outcome: ImportOutcome) -> (u64, u64, u64) {
    match outcome {
        ImportOutcome::Imported {
            rows,
            inserted,
            updated,
            ..
        } => (rows, inserted, updated),
        refused => panic!("the file should be imported: {refused:?}"),
    }
}

async fn a_csv_import_with_one_bad_row_changes_nothing(backend: Backend) {
    let (_test_db, db, _clock) = seeded_db(backend).await;
    let before = counts(&db).await;

    // Eligibility: three good rows around one bad one (line 4).
    let eligibility = format!(
        "engagement_code,id_type,id_value\n\
         AZ-MIG-ASSESS,tenant_id,{T_FABRIKAM}\n\
         SEC-ENVISION,tpid,5678901\n\
         AZ-MIG-ASSESS,tenant_id,not-a-tenant\n\
         AZ-ACCEL-DEPLOY,msx_opportunity_id,7-PS5T1V3N9B\n"
    );
    match import(&db, ImportKind::Eligibility, &eligibility).await {
        ImportOutcome::Refused { errors, more, .. } => {
            assert_eq!(more, 0);
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].line, 4);
            assert_eq!(errors[0].column, "id_value");
            assert!(
                matches!(&errors[0].problem, ImportProblem::Invalid { value, error }
                    if value == "not-a-tenant" && error.field == domain::Field::TenantId),
                "{errors:?}"
            );
        }
        imported => panic!("a file with a bad row must be refused: {imported:?}"),
    }

    // Tenants: the good rows would replace Northwind's domains and rename it; the bad row (a
    // country of three letters, line 3) keeps all of that from happening.
    let tenants = format!(
        "tenant_id,name,country,segment,domains\n\
         {T_NORTHWIND},Northwind Renamed,FR,SMB,northwind.example\n\
         {T_FABRIKAM},Fabrikam,USA,SMC,fabrikam.com\n\
         {T_ADVENTURE},Adventure Works,US,Enterprise,\n"
    );
    match import(&db, ImportKind::Tenants, &tenants).await {
        ImportOutcome::Refused { errors, .. } => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!((errors[0].line, errors[0].column.as_str()), (3, "country"));
        }
        imported => panic!("a file with a bad row must be refused: {imported:?}"),
    }

    assert_eq!(
        counts(&db).await,
        before,
        "nothing was written, not even the log"
    );
    assert_eq!(
        text(
            &db,
            "SELECT name FROM directory_tenants WHERE tenant_id = $1",
            T_NORTHWIND
        )
        .await,
        "Northwind Traders"
    );
    assert_eq!(
        text(
            &db,
            "SELECT tenant_id FROM directory_tenant_domains WHERE domain = $1",
            "northwind.fr"
        )
        .await,
        T_NORTHWIND
    );
}

async fn a_valid_file_imports_and_upserts(backend: Backend) {
    let (_test_db, db, _clock) = seeded_db(backend).await;
    let domains = "SELECT COUNT(*) FROM directory_tenant_domains";
    let domains_before = count(&db, domains).await;

    // A new tenant and an existing one, whose fields and domains are replaced; a domain moves
    // from Adventure Works to Fabrikam because the same file gives Adventure Works a new list.
    let tenants = format!(
        "Tenant_ID,Name,Country,Segment,Domains\r\n\
         {},Fabrikam,us,SMC,Fabrikam.com; adventure-works.com\r\n\
         {T_NORTHWIND},Northwind Traders SAS,FR,Enterprise,northwindtraders.com\r\n\
         {T_ADVENTURE},Adventure Works,US,Enterprise,\r\n",
        T_FABRIKAM.to_uppercase()
    );
    assert_eq!(
        imported(import(&db, ImportKind::Tenants, &tenants).await),
        (3, 1, 2)
    );
    assert_eq!(
        text(
            &db,
            "SELECT name FROM directory_tenants WHERE tenant_id = $1",
            T_NORTHWIND
        )
        .await,
        "Northwind Traders SAS"
    );
    assert_eq!(
        text(
            &db,
            "SELECT country FROM directory_tenants WHERE tenant_id = $1",
            T_FABRIKAM
        )
        .await,
        "US"
    );
    assert_eq!(
        text(
            &db,
            "SELECT tenant_id FROM directory_tenant_domains WHERE domain = $1",
            "adventure-works.com"
        )
        .await,
        T_FABRIKAM
    );
    // Northwind lost northwind.fr, Adventure Works gave its only domain to Fabrikam, which also
    // brought fabrikam.com.
    assert_eq!(count(&db, domains).await, domains_before);
    let northwind_domains = count(
        &db,
        &format!("SELECT COUNT(*) FROM directory_tenant_domains WHERE tenant_id = '{T_NORTHWIND}'"),
    )
    .await;
    assert_eq!(northwind_domains, 1);

    let tpids = format!("tpid,name,country,tenant_ids\n000777,Fabrikam Group,US,{T_FABRIKAM}\n");
    assert_eq!(
        imported(import(&db, ImportKind::Tpids, &tpids).await),
        (1, 1, 0)
    );
    assert_eq!(
        text(
            &db,
            "SELECT tenant_id FROM directory_tpid_tenants WHERE tpid = $1",
            "777"
        )
        .await,
        T_FABRIKAM
    );

    let subscriptions = format!(
        "subscription_id,tenant_id,name\n\
         E5F6A7B8-C9D0-4123-8456-F7A8B9C0D1E2,{T_FABRIKAM},Fabrikam production\n\
         a1b2c3d4-e5f6-4789-a012-b3c4d5e6f701,{T_NORTHWIND},Northwind production (renamed)\n"
    );
    assert_eq!(
        imported(import(&db, ImportKind::Subscriptions, &subscriptions).await),
        (2, 1, 1)
    );

    let opportunities = "opportunity_id,tpid,name,deal_value,currency,country,market_band,stage\n\
         7-fb1234abcd,777,Fabrikam data estate,125000.00,usd,US,a,OPEN\n\
         7-WW2H6J8K4C,3456789,Wide World Importers ERP modernisation,1200000.5,USD,US,A,won\n";
    assert_eq!(
        imported(import(&db, ImportKind::Opportunities, opportunities).await),
        (2, 1, 1)
    );
    let row = sqlx::query(
        "SELECT deal_value_cents, currency, market_band, stage FROM directory_opportunities WHERE opportunity_id = $1",
    )
    .bind("7-FB1234ABCD")
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(
        row.try_get::<i64, _>("deal_value_cents").unwrap(),
        12_500_000
    );
    assert_eq!(row.try_get::<String, _>("currency").unwrap(), "USD");
    assert_eq!(row.try_get::<String, _>("market_band").unwrap(), "A");
    assert_eq!(row.try_get::<String, _>("stage").unwrap(), "open");
    assert_eq!(
        text(
            &db,
            "SELECT stage FROM directory_opportunities WHERE opportunity_id = $1",
            O_WWI
        )
        .await,
        "won"
    );

    // The new tenant on the migration assessment's list: the eligibility rule now sees it.
    let eligibility = format!(
        "engagement_code,id_type,id_value\n\
         az-mig-assess,tenant_id,{T_FABRIKAM}\n\
         AZ-MIG-ASSESS,tenant_id,{T_NORTHWIND}\n"
    );
    assert_eq!(
        imported(import(&db, ImportKind::Eligibility, &eligibility).await),
        (2, 1, 1)
    );
    assert_eq!(
        imported(import(&db, ImportKind::Eligibility, &eligibility).await),
        (2, 0, 2)
    );
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let domain = CustomerId::parse(CustomerIdType::DomainName, "fabrikam.com").unwrap();
    let facts = app::eligibility::repo::directory_facts(
        &mut db.pool.acquire().await.unwrap(),
        migration,
        &domain,
    )
    .await
    .unwrap();
    assert!(facts.known && facts.on_eligibility_list, "{facts:?}");
    assert_eq!(facts.customer_name.as_deref(), Some("Fabrikam"));

    // Each import is in the log, newest first.
    let log = app::programme::import_service::recent_imports(&db.pool, 10)
        .await
        .unwrap();
    assert_eq!(log.len(), 6);
    assert_eq!(log[0].kind, ImportKind::Eligibility);
    assert_eq!((log[0].rows, log[0].inserted, log[0].updated), (2, 0, 2));
    assert_eq!(log[5].kind, ImportKind::Tenants);
    assert_eq!(
        log[5].imported_by,
        text(
            &db,
            "SELECT display_name FROM users WHERE email = $1",
            PROGRAMME_REVIEWER
        )
        .await
    );
}

async fn a_file_with_a_missing_column_is_refused(backend: Backend) {
    let (_test_db, db, _clock) = seeded_db(backend).await;
    let before = counts(&db).await;
    let csv = format!("subscription_id,name\nE5F6A7B8-C9D0-4123-8456-F7A8B9C0D1E2,{T_ADVENTURE}\n");
    match import(&db, ImportKind::Subscriptions, &csv).await {
        ImportOutcome::Refused { errors, more, .. } => {
            assert_eq!(more, 0);
            assert_eq!(errors.len(), 1, "one file-level problem: {errors:?}");
            assert_eq!(errors[0].line, 1);
            assert!(
                matches!(&errors[0].problem, ImportProblem::MissingColumns { missing, .. }
                    if missing == &["tenant_id"]),
                "{errors:?}"
            );
        }
        imported => panic!("a file without a required column must be refused: {imported:?}"),
    }
    assert_eq!(counts(&db).await, before);
}

/// A multipart upload as the page sends it: same origin, `kind` and `file`.
async fn upload(
    app: &TestApp,
    client: &reqwest::Client,
    kind: &str,
    file_name: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let file = reqwest::multipart::Part::bytes(bytes)
        .file_name(file_name.to_owned())
        .mime_str("text/csv")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("kind", kind.to_owned())
        .part("file", file);
    app.post(client, "/api/import_programme_data")
        .header("sec-fetch-site", "same-origin")
        .multipart(form)
        .send()
        .await
        .expect("uploading")
}

async fn only_the_programme_reviewer_may_import(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let before = counts(&app.state.db).await;
    let csv = format!("engagement_code,id_type,id_value\nAZ-MIG-ASSESS,tenant_id,{T_FABRIKAM}\n");

    let partner = app.signed_in(CONTOSO_ADMIN).await;
    let refused = upload(
        &app,
        &partner,
        "eligibility",
        "list.csv",
        csv.clone().into_bytes(),
    )
    .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        refused.json::<serde_json::Value>().await.unwrap(),
        serde_json::json!({ "Forbidden": "ProgrammeReviewer" })
    );
    let anonymous = upload(
        &app,
        &app.client(),
        "eligibility",
        "list.csv",
        csv.into_bytes(),
    )
    .await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(counts(&app.state.db).await, before);

    assert_eq!(
        app.call(&partner, "list_programme_imports", &[])
            .await
            .status(),
        403
    );
    let page = partner
        .get(app.url("/programme/import"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 403);
}

async fn a_multipart_upload_imports_over_http(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let reviewer = app.signed_in(PROGRAMME_REVIEWER).await;

    let page = reviewer
        .get(app.url("/programme/import"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Import programme data"), "the page renders");
    assert!(
        html.contains("engagement_code"),
        "the page documents the columns"
    );

    // A good file, with a byte-order mark and Windows line ends as spreadsheets save it.
    let mut good = b"\xEF\xBB\xBF".to_vec();
    good.extend_from_slice(
        format!("engagement_code,id_type,id_value\r\nAZ-MIG-ASSESS,tenant_id,{T_FABRIKAM}\r\n")
            .as_bytes(),
    );
    let response = upload(
        &app,
        &reviewer,
        "eligibility",
        "C:\\fakepath\\list.csv",
        good,
    )
    .await;
    assert_eq!(response.status(), 200);
    match response.json::<ImportOutcome>().await.unwrap() {
        ImportOutcome::Imported {
            kind,
            file_name,
            rows,
            inserted,
            updated,
        } => {
            assert_eq!(kind, ImportKind::Eligibility);
            assert_eq!(file_name, "list.csv");
            assert_eq!((rows, inserted, updated), (1, 1, 0));
        }
        refused => panic!("{refused:?}"),
    }

    // A bad file is answered 200 with its problems, so that the page can list them.
    let bad = "engagement_code,id_type,id_value\nNOPE,tenant_id,x\n"
        .as_bytes()
        .to_vec();
    let response = upload(&app, &reviewer, "eligibility", "bad.csv", bad).await;
    assert_eq!(response.status(), 200);
    match response.json::<ImportOutcome>().await.unwrap() {
        ImportOutcome::Refused { errors, .. } => {
            assert_eq!(
                errors
                    .iter()
                    .map(|e| (e.line, e.column.as_str()))
                    .collect::<Vec<_>>(),
                [(2, "engagement_code"), (2, "id_value")]
            );
        }
        imported => panic!("{imported:?}"),
    }

    // No kind, an unknown kind, no file, a file too large: field errors, 422.
    let response = upload(&app, &reviewer, "everything", "x.csv", b"a\n1\n".to_vec()).await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["Validation"][0]["field"], "kind");
    let response = upload(&app, &reviewer, "tenants", "", Vec::new()).await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["Validation"][0]["field"], "file");
    let response = upload(
        &app,
        &reviewer,
        "tenants",
        "big.csv",
        vec![b'a'; MAX_FILE_BYTES + 1],
    )
    .await;
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["Validation"][0]["code"], "too_large");

    // The history lists the one import that was written.
    let history = app.call(&reviewer, "list_programme_imports", &[]).await;
    assert_eq!(history.status(), 200);
    let history: serde_json::Value = history.json().await.unwrap();
    assert_eq!(history.as_array().map(Vec::len), Some(1), "{history}");
    assert_eq!(history[0]["kind"], "eligibility");
    assert_eq!(history[0]["file_name"], "list.csv");
}

backend_tests!(
    a_csv_import_with_one_bad_row_changes_nothing,
    a_valid_file_imports_and_upserts,
    a_file_with_a_missing_column_is_refused,
    only_the_programme_reviewer_may_import,
    a_multipart_upload_imports_over_http,
);
