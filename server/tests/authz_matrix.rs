//! The authorisation matrix: every endpoint, called over HTTP by six callers, on both backends.
//!
//! One row per endpoint: a request built with identifiers owned by Contoso (claims of its Lyon
//! location, which Contoso's Incentives user is not granted), and what each caller gets:
//!
//! | caller | who |
//! |---|---|
//! | anonymous | no session |
//! | staff | Contoso partner user without an incentives role |
//! | user | Contoso Incentives user granted Paris and Montréal, asking for Lyon's |
//! | fabrikam | Fabrikam's Incentives administrator |
//! | reviewer | the programme reviewer |
//! | admin | Contoso's Incentives administrator |
//!
//! One of the six is the row's rightful caller (Contoso's administrator for partner functions,
//! the reviewer for programme functions, an anonymous browser for the public ones). The others
//! call first; the counts of every table are taken before and after each of their calls and
//! must not change. The rightful call comes last and must succeed with its effect: a refused
//! call that had changed the claim (cancelled, sent, submitted it) makes the rightful call fail,
//! which covers the updates that row counts cannot see.
//!
//! The table is checked against the server functions registered with server_fn and the plain
//! routes the server exports (`server::endpoints::PLAIN_ROUTES`): an endpoint without a row,
//! or a row for an endpoint that no longer exists, fails the test by name.

mod common;

use app::state::AppState;
use common::fixtures::{
    engagement_id, nomination, scope_of, user_id, ClaimFixture, FixtureClaim, AZ_MIG_ASSESS,
    BIZAPPS_ASSESS, CONTOSO_ADMIN, CONTOSO_STAFF, CONTOSO_USER, DATA_AI_POC, FABRIKAM_ADMIN,
    LOC_LYON, LOC_MONTREAL, LOC_PARIS, PROGRAMME_REVIEWER, SEC_ENVISION, TPID_ADVENTURE,
    T_ADVENTURE, T_BACKEREI, T_LITWARE, T_NORTHWIND, T_PROSEWARE, T_TAILSPIN, T_WWI,
};
use common::{Backend, TestApp};
use domain::{ClaimRef, ClaimStatus, CustomerIdType, EngagementId};
use serde_json::{json, Value};
use server::endpoints;
use sqlx::Row as _;
use std::collections::{BTreeMap, BTreeSet};

// ---------------------------------------------------------------------------------------------
// The callers

/// The six callers, in the order every row lists them.
const CALLERS: [&str; 6] = [
    "anonymous",
    "staff",
    "user",
    "fabrikam",
    "reviewer",
    "admin",
];
const ANONYMOUS: usize = 0;
const ADMIN: usize = 5;

/// One signed-in client per caller (the anonymous one never signs in), for the whole test.
struct Clients([reqwest::Client; 6]);

impl Clients {
    async fn sign_in(app: &TestApp) -> Clients {
        Clients([
            app.client(),
            app.signed_in(CONTOSO_STAFF).await,
            app.signed_in(CONTOSO_USER).await,
            app.signed_in(FABRIKAM_ADMIN).await,
            app.signed_in(PROGRAMME_REVIEWER).await,
            app.signed_in(CONTOSO_ADMIN).await,
        ])
    }
}

// ---------------------------------------------------------------------------------------------
// The table's vocabulary

/// What one caller gets.
enum Expect {
    /// Refused with this status; nothing written.
    No(u16),
    /// Answered 200, nothing written, and the answer passes the check (a list filtered to the
    /// caller's own, a public endpoint).
    Sees(Check),
    /// The row's rightful caller: the call that must succeed, last.
    Rightful,
}
use Expect::{No, Rightful, Sees};

/// A check of an answer's body.
enum Check {
    Any,
    /// Names all of these.
    Names(Vec<String>),
    /// Names none of these.
    Hides(Vec<String>),
    /// A JSON answer for which this holds (what it checks, the check).
    Json(&'static str, fn(&Value) -> bool),
}

impl Check {
    fn names(items: &[&str]) -> Check {
        Check::Names(items.iter().map(|s| s.to_string()).collect())
    }

    fn hides(items: &[&str]) -> Check {
        Check::Hides(items.iter().map(|s| s.to_string()).collect())
    }

    /// `None` when the body passes, else what is wrong.
    fn failure(&self, body: &str) -> Option<String> {
        match self {
            Check::Any => None,
            Check::Names(items) => items
                .iter()
                .find(|i| !body.contains(i.as_str()))
                .map(|i| format!("does not name {i:?}")),
            Check::Hides(items) => items
                .iter()
                .find(|i| body.contains(i.as_str()))
                .map(|i| format!("names {i:?}, which it may not see")),
            Check::Json(what, holds) => match serde_json::from_str::<Value>(body) {
                Ok(value) if holds(&value) => None,
                Ok(_) => Some(format!("does not hold: {what}")),
                Err(_) => Some(format!("not JSON ({what})")),
            },
        }
    }
}

/// What the rightful call must have done, beyond its answer.
enum After {
    Nothing,
    /// The claim is now in this status.
    Status(ClaimRef, ClaimStatus),
    /// Contoso's administrator is signed out.
    SignedOut,
}

/// A request body.
enum Body {
    Empty,
    Form(Vec<(&'static str, String)>),
    Json(Value),
    /// A form with one field, `code`: the current code of this authenticator secret, computed
    /// when sent (a code made when the table is built would be minutes old by then).
    Code(&'static str),
    /// Text fields and files (field, file name, content).
    Multipart(
        Vec<(&'static str, String)>,
        Vec<(&'static str, &'static str, Vec<u8>)>,
    ),
}

/// A request: `GET path`, or a `POST` with a body.
struct Req {
    get: bool,
    path: String,
    body: Body,
}

impl Req {
    fn get(path: String) -> Req {
        Req {
            get: true,
            path,
            body: Body::Empty,
        }
    }

    /// A server function called form-encoded, as the browser does.
    fn form(function: &str, fields: &[(&'static str, &str)]) -> Req {
        Req {
            get: false,
            path: format!("/api/{function}"),
            body: Body::Form(fields.iter().map(|(k, v)| (*k, v.to_string())).collect()),
        }
    }

    /// A server function with `input = Json`.
    fn json(function: &str, value: Value) -> Req {
        Req {
            get: false,
            path: format!("/api/{function}"),
            body: Body::Json(value),
        }
    }

    /// A server function with `input = MultipartFormData`.
    fn multipart(
        function: &str,
        texts: &[(&'static str, &str)],
        files: Vec<(&'static str, &'static str, Vec<u8>)>,
    ) -> Req {
        Req {
            get: false,
            path: format!("/api/{function}"),
            body: Body::Multipart(
                texts.iter().map(|(k, v)| (*k, v.to_string())).collect(),
                files,
            ),
        }
    }

    async fn send(&self, app: &TestApp, client: &reqwest::Client) -> (u16, String) {
        let request = if self.get {
            client.get(app.url(&self.path))
        } else {
            app.post(client, &self.path)
        }
        .header("sec-fetch-site", "same-origin");
        let request = match &self.body {
            Body::Empty => request,
            Body::Form(fields) => request.form(fields),
            Body::Json(value) => request.json(value),
            Body::Code(secret) => {
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_secs();
                let code = app::two_factor::codes::code_at(secret, now).unwrap();
                request.form(&[("code", code)])
            }
            Body::Multipart(texts, files) => {
                let mut form = reqwest::multipart::Form::new();
                for (name, value) in texts {
                    form = form.text(*name, value.clone());
                }
                for (name, file_name, bytes) in files {
                    form = form.part(
                        *name,
                        reqwest::multipart::Part::bytes(bytes.clone()).file_name(*file_name),
                    );
                }
                request.multipart(form)
            }
        };
        let response = request.send().await.expect("sending a request");
        let status = response.status().as_u16();
        let body =
            String::from_utf8_lossy(&response.bytes().await.unwrap_or_default()).into_owned();
        (status, body)
    }
}

/// One endpoint and what each caller gets from it.
struct Row {
    /// `/api/<server function>`, or the route's pattern as in `server::endpoints`.
    endpoint: &'static str,
    /// What every caller sends.
    request: Req,
    /// What the rightful caller sends instead, when it differs (a token only the customer has).
    rightful_request: Option<Req>,
    /// What the rightful caller sends first, when its call needs it (the password before the
    /// code of sign-in); it must succeed.
    before: Option<Req>,
    /// In the order of [`CALLERS`]; exactly one is [`Rightful`].
    callers: [Expect; 6],
    /// The rightful call's answer.
    rightful: Check,
    after: After,
    /// Tables this endpoint writes whatever the outcome; their counts are not compared.
    writes_anyway: &'static [&'static str],
}

/// A row with its usual parts (no other rightful request, nothing written anyway).
fn row(
    endpoint: &'static str,
    request: Req,
    callers: [Expect; 6],
    rightful: Check,
    after: After,
) -> Row {
    Row {
        endpoint,
        request,
        rightful_request: None,
        before: None,
        callers,
        rightful,
        after,
        writes_anyway: &[],
    }
}

// ---------------------------------------------------------------------------------------------
// The data the rows use: claims of Contoso's Lyon location, one per row that changes one

struct Data {
    security: EngagementId,
    migration: EngagementId,
    /// Customer claimed (Tailspin, security envisioning): what the reading rows ask for.
    open: ClaimRef,
    /// Customer claimed (Wide World Importers): cancelled by its row.
    to_cancel: ClaimRef,
    /// Customer claimed (Litware): its consent e-mail is sent by its row.
    to_send: ClaimRef,
    to_send_contacts: Value,
    /// Consent received (Proseware): submitted by its row.
    to_submit: ClaimRef,
    /// Rejected (Adventure Works, by TPID): disputed by its row.
    to_dispute: ClaimRef,
    /// Submitted (Tailspin, migration assessment): its review is started by its row; its document
    /// is the one downloaded.
    to_review: ClaimRef,
    document: String,
    /// Approved (Wide World Importers, migration assessment): paid by its row.
    to_pay: ClaimRef,
    /// Awaiting consent (Bäckerei München, migration assessment): the customer's link.
    consent: ClaimRef,
    token: String,
    /// Contoso's administrator's calendar address (`/calendar/….ics`).
    calendar: String,
    /// The user ids of Contoso's staff member and Incentives user (the team rows' targets).
    staff_id: String,
    user_id: String,
    /// Two colleagues Contoso's administrator invited: the first accepts through its link's
    /// token, the second's invitation is re-sent and revoked.
    invitation_token: String,
    invited_id: String,
    /// Two reviewers the reviewer (a programme administrator) invited: the first's invitation is
    /// re-sent and revoked, the second has accepted (deactivated and named by their rows).
    reviewer_invited: String,
    reviewer_member: String,
    /// A password reset link's token for Contoso's staff member.
    reset_token: String,
    /// Every claim above: none of them is the Incentives user's or Fabrikam's to see.
    lyon_refs: Vec<String>,
    today: String,
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// A claim of Contoso's Lyon location by its administrator, consented to if asked.
async fn lyon_claim(
    state: &AppState,
    kind: CustomerIdType,
    value: &str,
    code: &str,
    consented: bool,
) -> FixtureClaim {
    let mut fixture = ClaimFixture::new(state)
        .customer(kind, value)
        .on(code)
        .at(LOC_LYON);
    // The demo contact is at Northwind Traders: for another tenant the partner gives a reason.
    if kind == CustomerIdType::TenantId && value != T_NORTHWIND {
        fixture = fixture.mismatch_reason("contact_at_subsidiary");
    }
    if consented {
        fixture = fixture.consented();
    }
    fixture.create().await
}

/// Submits the claim with a PDF, as Contoso's administrator.
async fn submit(state: &AppState, claim_ref: &ClaimRef, today: &str) {
    use app::submission::service::{submit, SubmissionForm, Upload};
    let scope = scope_of(&state.db, CONTOSO_ADMIN).await;
    let form = SubmissionForm {
        claim_ref: claim_ref.to_string(),
        completion_date: today.to_owned(),
        hours_delivered: String::new(),
        comments: "Delivered as planned.".into(),
        uploads: vec![Upload {
            file_name: "Attendance sheet.pdf".into(),
            bytes: pdf(),
        }],
        read_errors: Vec::new(),
    };
    submit(state, &scope, form)
        .await
        .unwrap_or_else(|e| panic!("submitting {claim_ref}: {e:?}"));
}

/// The reviewer's decisions, in order.
async fn review(state: &AppState, claim_ref: &ClaimRef, decisions: &[(&str, &str)]) {
    let reviewer = user_id(&state.db, PROGRAMME_REVIEWER).await;
    for (action, message) in decisions {
        app::review::service::decide(state, reviewer, claim_ref, action, message)
            .await
            .unwrap_or_else(|e| panic!("{action} on {claim_ref}: {e:?}"));
    }
}

async fn data(app: &TestApp) -> Data {
    use CustomerIdType::{TenantId, Tpid};
    let state = &app.state;
    let db = &state.db;
    let today = app::components::format::iso_date(state.clock.now());
    let open = lyon_claim(state, TenantId, T_TAILSPIN, SEC_ENVISION, false).await;
    let to_cancel = lyon_claim(state, TenantId, T_WWI, SEC_ENVISION, false).await;
    let to_send = lyon_claim(state, TenantId, T_LITWARE, SEC_ENVISION, false).await;
    let to_submit = lyon_claim(state, TenantId, T_PROSEWARE, SEC_ENVISION, true).await;
    let to_dispute = lyon_claim(state, Tpid, TPID_ADVENTURE, SEC_ENVISION, true).await;
    submit(state, &to_dispute.claim_ref, &today).await;
    review(
        state,
        &to_dispute.claim_ref,
        &[("start_review", ""), ("reject", "No attendance sheet.")],
    )
    .await;
    let to_review = lyon_claim(state, TenantId, T_TAILSPIN, AZ_MIG_ASSESS, true).await;
    submit(state, &to_review.claim_ref, &today).await;
    let to_pay = lyon_claim(state, TenantId, T_WWI, AZ_MIG_ASSESS, true).await;
    submit(state, &to_pay.claim_ref, &today).await;
    review(
        state,
        &to_pay.claim_ref,
        &[("start_review", ""), ("approve", "All documents in order.")],
    )
    .await;

    // The consent e-mail of one claim, delivered to the development mailbox: its link's token.
    let consent = lyon_claim(state, TenantId, T_BACKEREI, AZ_MIG_ASSESS, false).await;
    let scope = scope_of(db, CONTOSO_ADMIN).await;
    let flow = app::consent::service::consent_flow(state, &scope, &consent.claim_ref)
        .await
        .unwrap();
    app::consent::service::send_consent(state, &scope, &consent.claim_ref, &flow.contacts, false)
        .await
        .unwrap();
    let mailbox = app::consent::outbox::DevMailbox {
        state: state.clone(),
    };
    app::consent::outbox::deliver_due(state, &mailbox, "matrix", 50)
        .await
        .unwrap();
    let text = app::consent::repo::mailbox_list(&db.pool, None, 1)
        .await
        .unwrap()
        .remove(0)
        .body_text;
    let start = text.find("/consent/").expect("a consent link") + "/consent/".len();
    let token: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();

    let to_send_contacts = {
        let flow = app::consent::service::consent_flow(state, &scope, &to_send.claim_ref)
            .await
            .unwrap();
        serde_json::to_value(flow.contacts).unwrap()
    };
    let document: String =
        sqlx::query("SELECT doc_ref FROM claim_documents WHERE claim_id = $1 ORDER BY id")
            .bind(to_review.id)
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap();

    let calendar = app::calendar::service::create(state, &scope)
        .await
        .unwrap()
        .url;

    // Two invitations and a password reset, delivered to the development mailbox: their tokens.
    let invite = |email: &str| app::accounts::service::Invitation {
        email: email.to_owned(),
        role: "incentives_user".into(),
        locations: vec![LOC_PARIS.to_owned()],
        language: "en".into(),
    };
    app::accounts::service::invite(state, &scope, invite("joiner@contoso.example"))
        .await
        .unwrap();
    let invited_id = app::accounts::service::invite(state, &scope, invite("later@contoso.example"))
        .await
        .unwrap()
        .to_string();
    app::accounts::passwords::request_reset(state, CONTOSO_STAFF)
        .await
        .unwrap();
    app::consent::outbox::deliver_due(state, &mailbox, "matrix", 50)
        .await
        .unwrap();
    let token_in = |text: &str, path: &str| -> String {
        let start = text
            .find(path)
            .unwrap_or_else(|| panic!("a link to {path} in {text}"))
            + path.len();
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect()
    };
    let last_mail = |to: &'static str| {
        let pool = db.pool.clone();
        async move {
            app::consent::repo::mailbox_list(&pool, Some(to), 1)
                .await
                .unwrap()
                .remove(0)
                .body_text
        }
    };
    let invitation_token = token_in(&last_mail("joiner@contoso.example").await, "/invitation/");
    let reset_token = token_in(&last_mail(CONTOSO_STAFF).await, "/reset-password/");
    let calendar = calendar[calendar.find("/calendar/").unwrap()..].to_owned();
    let alex = user_id(db, PROGRAMME_REVIEWER).await;
    let reviewer_invited =
        app::reviewers::service::invite(state, alex, "pending.reviewer@programme.example", "en")
            .await
            .unwrap()
            .to_string();
    let member =
        app::reviewers::service::invite(state, alex, "member.reviewer@programme.example", "fr")
            .await
            .unwrap();
    sqlx::query("UPDATE users SET invited_at = NULL WHERE id = $1")
        .bind(member.get())
        .execute(&db.pool)
        .await
        .unwrap();

    let all = [
        &open,
        &to_cancel,
        &to_send,
        &to_submit,
        &to_dispute,
        &to_review,
        &to_pay,
        &consent,
    ];
    Data {
        security: engagement_id(db, SEC_ENVISION).await,
        migration: engagement_id(db, AZ_MIG_ASSESS).await,
        lyon_refs: all.iter().map(|c| c.claim_ref.to_string()).collect(),
        open: open.claim_ref,
        to_cancel: to_cancel.claim_ref,
        to_send: to_send.claim_ref,
        to_send_contacts,
        to_submit: to_submit.claim_ref,
        to_dispute: to_dispute.claim_ref,
        to_review: to_review.claim_ref,
        document,
        to_pay: to_pay.claim_ref,
        consent: consent.claim_ref,
        token,
        calendar,
        staff_id: user_id(db, CONTOSO_STAFF).await.to_string(),
        user_id: user_id(db, CONTOSO_USER).await.to_string(),
        invitation_token,
        invited_id,
        reviewer_invited,
        reviewer_member: member.to_string(),
        reset_token,
        today,
    }
}

// ---------------------------------------------------------------------------------------------
// The table

/// Refused by the guard the way every partner function refuses the wrong role.
const ANON: Expect = No(401);
/// A link token of the right shape that was never issued.
const NOT_ISSUED: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
const ROLE: Expect = No(403);

/// The authenticator secrets and recovery codes of the two-factor rows.
const STAFF_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const REVIEWER_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const USER_SECRET: &str = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U";
const STAFF_CODES: [&str; 2] = ["aaaaa-aaaaa", "aaaaa-aaaab"];
const REVIEWER_CODES: [&str; 2] = ["bbbbb-bbbbb", "bbbbb-bbbbc"];

/// Contoso's staff member and the reviewer with an authenticator (confirmed at step 1, so any
/// current code is after its last one), Contoso's Incentives user with one being set up.
async fn two_factor_fixtures(app: &TestApp) {
    use app::two_factor::codes::{hash_recovery_code, new_recovery_codes};
    use app::two_factor::repo;
    let pool = &app.state.db.pool;
    let now = app::state::Clock::now(app.state.clock.as_ref());
    for (email, secret, known) in [
        (CONTOSO_STAFF, STAFF_SECRET, STAFF_CODES),
        (PROGRAMME_REVIEWER, REVIEWER_SECRET, REVIEWER_CODES),
    ] {
        let id = user_id(&app.state.db, email).await;
        assert!(repo::begin_setup(pool, id, secret, now).await.unwrap());
        // Ten codes, as a real setup gives: the known ones and eight others.
        let codes: Vec<String> = known
            .iter()
            .map(|c| c.to_string())
            .chain(new_recovery_codes().into_iter().take(8))
            .collect();
        let hashes: Vec<String> = codes.iter().map(|c| hash_recovery_code(c)).collect();
        assert!(repo::confirm(pool, id, 1, now, &hashes).await.unwrap());
    }
    let user = user_id(&app.state.db, CONTOSO_USER).await;
    assert!(repo::begin_setup(pool, user, USER_SECRET, now)
        .await
        .unwrap());
}

fn rows(d: &Data) -> Vec<Row> {
    let lyon: Vec<&str> = d.lyon_refs.iter().map(String::as_str).collect();
    let open = d.open.as_str();
    let security = d.security.to_string();
    // A Contoso nomination at Lyon for a customer none of the claims above is for.
    let adventure = {
        let mut request = nomination(LOC_LYON, "tenant_id", T_ADVENTURE, vec![d.migration]);
        request.contacts.mismatch_reason = "contact_at_subsidiary".into();
        serde_json::to_value(request).unwrap()
    };
    let not_issued = "A".repeat(43);
    let import = format!(
        "engagement_code,id_type,id_value\n{AZ_MIG_ASSESS},tenant_id,6d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6\n"
    );

    vec![
        // ----- Public: everyone gets the same answer.
        Row {
            // Every caller but the rightful one (a browser with the right password) tries an
            // account on Contoso's domain that does not exist, with a wrong password: 401,
            // whatever session it has. Not the administrator's own account: five failures
            // would lock it (per-account limit 5) before the rightful sign-in.
            writes_anyway: &["sign_in_failures", "sessions"],
            rightful_request: Some(Req::form(
                "sign_in",
                &[
                    ("email", CONTOSO_ADMIN),
                    ("password", common::fixtures::DEMO_PASSWORD),
                ],
            )),
            ..row(
                "/api/sign_in",
                Req::form(
                    "sign_in",
                    &[("email", "nobody@contoso.example"), ("password", "guess")],
                ),
                [Rightful, No(401), No(401), No(401), No(401), No(401)],
                Check::names(&[CONTOSO_ADMIN]),
                After::Nothing,
            )
        },
        row(
            "/api/get_current_user",
            Req::form("get_current_user", &[]),
            [
                Sees(Check::Json("null", Value::is_null)),
                Sees(Check::hides(&[CONTOSO_ADMIN])),
                Sees(Check::hides(&[CONTOSO_ADMIN])),
                Sees(Check::hides(&[CONTOSO_ADMIN])),
                Sees(Check::hides(&[CONTOSO_ADMIN])),
                Rightful,
            ],
            Check::names(&[CONTOSO_ADMIN]),
            After::Nothing,
        ),
        row(
            endpoints::HEALTHZ,
            Req::get(endpoints::HEALTHZ.into()),
            [
                Rightful,
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
            ],
            Check::names(&["ok"]),
            After::Nothing,
        ),
        row(
            endpoints::READYZ,
            Req::get(endpoints::READYZ.into()),
            [
                Rightful,
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
            ],
            Check::names(&["ready"]),
            After::Nothing,
        ),
        // Development only (routed when APP_ENV=development, as in these tests), and outside
        // the matrix: another change restricts them to a loopback peer. The rows assert only
        // today's answer to a read, so that the route list stays complete.
        row(
            endpoints::DEV_MAILBOX,
            Req::get(endpoints::DEV_MAILBOX.into()),
            [
                Rightful,
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
            ],
            Check::names(&["Development mailbox"]),
            After::Nothing,
        ),
        row(
            endpoints::DEV_CLOCK,
            Req::get(endpoints::DEV_CLOCK.into()),
            [
                Rightful,
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
            ],
            Check::names(&["offset_seconds"]),
            After::Nothing,
        ),
        // The customer's link: the token is the whole authorisation, a session adds nothing.
        // Anyone holding it sees the page; reading it writes nothing.
        row(
            "/api/consent_page",
            Req::form("consent_page", &[("token", d.token.as_str())]),
            [
                Rightful,
                Sees(Check::names(&["\"open\""])),
                Sees(Check::names(&["\"open\""])),
                Sees(Check::names(&["\"open\""])),
                Sees(Check::names(&["\"open\""])),
                Sees(Check::names(&["\"open\""])),
            ],
            Check::names(&["\"open\"", "Contoso"]),
            After::Nothing,
        ),
        Row {
            // Signed-in callers without the link answer with a token that was never issued:
            // the page of an unknown link, nothing decided. The customer answers with its link.
            rightful_request: Some(Req::form(
                "decide_consent",
                &[
                    ("token", d.token.as_str()),
                    ("accept", "true"),
                    ("reason", ""),
                ],
            )),
            ..row(
                "/api/decide_consent",
                Req::form(
                    "decide_consent",
                    &[
                        ("token", not_issued.as_str()),
                        ("accept", "true"),
                        ("reason", ""),
                    ],
                ),
                [
                    Rightful,
                    Sees(Check::names(&["\"unknown\""])),
                    Sees(Check::names(&["\"unknown\""])),
                    Sees(Check::names(&["\"unknown\""])),
                    Sees(Check::names(&["\"unknown\""])),
                    Sees(Check::names(&["\"unknown\""])),
                ],
                Check::names(&["\"accepted\""]),
                After::Status(d.consent.clone(), ClaimStatus::ConsentReceived),
            )
        },
        // ----- Partner functions: Contoso's administrator, on Contoso's Lyon claims.
        // * The Incentives user is not granted Lyon: a claim or document it may not see is 404,
        //   like one that does not exist; Lyon typed into a form is the field error
        //   `location_id: not_allowed` (422).
        // * Fabrikam: Contoso's claims and documents, and an engagement it has no page for, are
        //   404; Lyon typed into a form gets what a location that does not exist gets, the field
        //   error `location_id` (422: `not_allowed` from check_customer, `not_enrolled` from the
        //   claim steps).
        // * Lists answer 200 with the caller's own rows only.
        row(
            "/api/list_engagements",
            Req::form("list_engagements", &[]),
            [
                ANON,
                ROLE,
                // Security envisioning: Lyon and Montréal are eligible; the user counts Montréal.
                Sees(Check::Json("SEC-ENVISION counts one location", |v| {
                    v.as_array().is_some_and(|list| {
                        list.iter()
                            .any(|e| e["code"] == SEC_ENVISION && e["eligible_locations"] == 1)
                    })
                })),
                Sees(Check::hides(&[SEC_ENVISION, DATA_AI_POC, BIZAPPS_ASSESS])),
                ROLE,
                Rightful,
            ],
            Check::names(&[SEC_ENVISION, DATA_AI_POC]),
            After::Nothing,
        ),
        row(
            "/api/check_customer",
            Req::json(
                "check_customer",
                json!({ "request": { "location_id": LOC_LYON, "customer_id_type": "tenant_id",
                    "customer_id_value": T_NORTHWIND } }),
            ),
            [ANON, ROLE, No(422), No(422), ROLE, Rightful],
            Check::names(&["Northwind Traders"]),
            After::Nothing,
        ),
        row(
            "/api/wizard_start",
            // Claim customer for a customer who consented to a claim of Lyon (Proseware).
            Req::form(
                "wizard_start",
                &[
                    ("engagement_id", security.as_str()),
                    ("known_type", "tenant_id"),
                    ("known_value", T_PROSEWARE),
                ],
            ),
            [ANON, ROLE, No(404), No(404), ROLE, Rightful],
            Check::names(&[T_PROSEWARE, LOC_LYON]),
            After::Nothing,
        ),
        row(
            "/api/check_claim_step",
            Req::json(
                "check_claim_step",
                json!({ "request": adventure, "step": "review" }),
            ),
            [ANON, ROLE, No(422), No(422), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/create_claims",
            Req::json("create_claims", json!({ "request": adventure })),
            [ANON, ROLE, No(422), No(422), ROLE, Rightful],
            Check::names(&["claim_ref"]),
            After::Nothing,
        ),
        row(
            "/api/get_customers_page",
            Req::json(
                "get_customers_page",
                json!({ "query": { "engagement_id": d.security, "tab": "eligible", "search": "",
                    "sort": "customer", "descending": false, "after": null, "before": null,
                    "size": null } }),
            ),
            [
                ANON,
                ROLE,
                Sees(Check::hides(&lyon)),
                No(404),
                ROLE,
                Rightful,
            ],
            Check::names(&[open]),
            After::Nothing,
        ),
        row(
            "/api/get_customer_counts",
            Req::form(
                "get_customer_counts",
                &[("engagement_id", security.as_str()), ("search", "")],
            ),
            [
                ANON,
                ROLE,
                Sees(Check::Json("every tab counts 0", |v| {
                    v.as_object()
                        .is_some_and(|tabs| tabs.values().all(|n| n == 0))
                })),
                No(404),
                ROLE,
                Rightful,
            ],
            Check::Json("the eligible tab counts the open claims", |v| {
                v["eligible"].as_i64().is_some_and(|n| n > 0)
            }),
            After::Nothing,
        ),
        row(
            endpoints::CUSTOMERS_CSV,
            Req::get(format!(
                "/engagements/{}/customers.csv?tab=eligible",
                d.security
            )),
            [
                ANON,
                ROLE,
                Sees(Check::hides(&lyon)),
                No(404),
                ROLE,
                Rightful,
            ],
            Check::names(&[open]),
            After::Nothing,
        ),
        row(
            "/api/list_claims",
            Req::form("list_claims", &[]),
            [
                ANON,
                ROLE,
                Sees(Check::hides(&lyon)),
                Sees(Check::hides(&lyon)),
                ROLE,
                Rightful,
            ],
            Check::Names(d.lyon_refs.clone()),
            After::Nothing,
        ),
        row(
            "/api/get_claim",
            Req::form("get_claim", &[("claim_ref", open)]),
            [ANON, ROLE, No(404), No(404), ROLE, Rightful],
            Check::names(&[open, "customer_claimed"]),
            After::Nothing,
        ),
        row(
            "/api/consent_flow",
            Req::form("consent_flow", &[("claim_ref", open)]),
            [ANON, ROLE, No(404), No(404), ROLE, Rightful],
            Check::names(&["contact_email"]),
            After::Nothing,
        ),
        row(
            "/api/send_consent",
            Req::json(
                "send_consent",
                json!({ "claim_ref": d.to_send, "contacts": d.to_send_contacts, "dry_run": false }),
            ),
            [ANON, ROLE, No(404), No(404), ROLE, Rightful],
            Check::Any,
            After::Status(d.to_send.clone(), ClaimStatus::AwaitingConsent),
        ),
        row(
            "/api/cancel_claim",
            Req::form("cancel_claim", &[("claim_ref", d.to_cancel.as_str())]),
            [ANON, ROLE, No(404), No(404), ROLE, Rightful],
            Check::Any,
            After::Status(d.to_cancel.clone(), ClaimStatus::Canceled),
        ),
        row(
            "/api/submit_claim",
            Req::multipart(
                "submit_claim",
                &[
                    ("claim_ref", d.to_submit.as_str()),
                    ("completion_date", d.today.as_str()),
                    ("hours_delivered", ""),
                    ("comments", "Delivered as planned."),
                ],
                vec![("documents", "Attendance sheet.pdf", pdf())],
            ),
            [ANON, ROLE, No(404), No(404), ROLE, Rightful],
            Check::Any,
            After::Status(d.to_submit.clone(), ClaimStatus::Submitted),
        ),
        row(
            "/api/dispute_claim",
            Req::form(
                "dispute_claim",
                &[
                    ("claim_ref", d.to_dispute.as_str()),
                    ("reason", "The attendance sheet is on page 2."),
                ],
            ),
            [ANON, ROLE, No(404), No(404), ROLE, Rightful],
            Check::Any,
            After::Status(d.to_dispute.clone(), ClaimStatus::Disputed),
        ),
        row(
            // The claim's partner (within the user's locations) and programme reviewers.
            endpoints::DOCUMENT,
            Req::get(format!("/documents/{}", d.document)),
            [
                ANON,
                ROLE,
                No(404),
                No(404),
                Sees(Check::names(&["%PDF"])),
                Rightful,
            ],
            Check::names(&["%PDF"]),
            After::Nothing,
        ),
        // ----- Programme functions: the reviewer; every partner role is refused.
        row(
            "/api/list_programme_engagements",
            Req::form("list_programme_engagements", &[]),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::names(&[SEC_ENVISION]),
            After::Nothing,
        ),
        row(
            "/api/get_review_queue",
            Req::form(
                "get_review_queue",
                &[("filter[status]", ""), ("filter[q]", "")],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::names(&[d.to_review.as_str()]),
            After::Nothing,
        ),
        row(
            "/api/get_review_claim",
            Req::form("get_review_claim", &[("claim_ref", d.to_review.as_str())]),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::names(&[d.to_review.as_str(), d.document.as_str()]),
            After::Nothing,
        ),
        row(
            "/api/review_claim",
            Req::form(
                "review_claim",
                &[
                    ("claim_ref", d.to_review.as_str()),
                    ("action", "start_review"),
                    ("message", ""),
                ],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::Any,
            After::Status(d.to_review.clone(), ClaimStatus::UnderReview),
        ),
        row(
            "/api/record_payment",
            Req::form(
                "record_payment",
                &[
                    ("claim_ref", d.to_pay.as_str()),
                    ("payment_date", d.today.as_str()),
                    ("amount", "5000.00"),
                ],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::Any,
            After::Status(d.to_pay.clone(), ClaimStatus::Paid),
        ),
        row(
            "/api/import_programme_data",
            Req::multipart(
                "import_programme_data",
                &[("kind", "eligibility")],
                vec![("file", "list.csv", import.into_bytes())],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::names(&["\"outcome\":\"imported\""]),
            After::Nothing,
        ),
        row(
            "/api/list_programme_imports",
            Req::form("list_programme_imports", &[]),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::names(&["list.csv"]),
            After::Nothing,
        ),
        // ----- The attention inbox: each partner user sees what waits on it, within its own
        // partner and locations; a filter naming another's location is a field error.
        row(
            "/api/get_attention",
            Req::form("get_attention", &[("filter[location]", "")]),
            [
                ANON,
                ROLE,
                Sees(Check::hides(&lyon)),
                Sees(Check::hides(&lyon)),
                ROLE,
                Rightful,
            ],
            Check::names(&[open]),
            After::Nothing,
        ),
        row(
            "/api/attention_count",
            Req::form("attention_count", &[]),
            [
                ANON,
                ROLE,
                Sees(Check::Any),
                Sees(Check::Any),
                ROLE,
                Rightful,
            ],
            Check::Json("the open claim waits on the administrator", |v| {
                v.as_i64().is_some_and(|n| n > 0)
            }),
            After::Nothing,
        ),
        // ----- The team: Contoso's administrator only; Fabrikam's does not find Contoso's users.
        // The changes asked are what the demo already has, so later rows keep their callers.
        row(
            "/api/get_team",
            Req::form("get_team", &[]),
            [
                ANON,
                ROLE,
                ROLE,
                Sees(Check::hides(&[CONTOSO_USER, CONTOSO_STAFF])),
                ROLE,
                Rightful,
            ],
            Check::names(&[CONTOSO_USER, CONTOSO_STAFF]),
            After::Nothing,
        ),
        row(
            "/api/set_team_role",
            Req::form(
                "set_team_role",
                &[("user_id", d.staff_id.as_str()), ("role", "partner_user")],
            ),
            [ANON, ROLE, ROLE, No(404), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/set_team_locations",
            Req::json(
                "set_team_locations",
                json!({ "user_id": d.user_id.parse::<i64>().unwrap(), "locations": [LOC_PARIS, LOC_MONTREAL] }),
            ),
            [ANON, ROLE, ROLE, No(404), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/set_team_active",
            Req::form(
                "set_team_active",
                &[("user_id", d.staff_id.as_str()), ("active", "true")],
            ),
            [ANON, ROLE, ROLE, No(404), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        // ----- Invitations: Contoso's administrator only. Fabrikam's administrator asks for a
        // location of Contoso (refused as unknown) and does not find Contoso's invited user.
        row(
            "/api/invite_colleague",
            Req::json(
                "invite_colleague",
                json!({ "email": "matrix@contoso.example", "role": "incentives_user", "locations": [LOC_PARIS], "language": "fr" }),
            ),
            [ANON, ROLE, ROLE, No(422), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/resend_invitation",
            Req::form("resend_invitation", &[("user_id", d.invited_id.as_str())]),
            [ANON, ROLE, ROLE, No(404), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/revoke_invitation",
            Req::form("revoke_invitation", &[("user_id", d.invited_id.as_str())]),
            [ANON, ROLE, ROLE, No(404), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        // ----- The programme's team: the reviewer (a programme administrator) only.
        row(
            "/api/get_programme_team",
            Req::form("get_programme_team", &[]),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::names(&[PROGRAMME_REVIEWER, "member.reviewer@programme.example"]),
            After::Nothing,
        ),
        row(
            "/api/invite_reviewer",
            Req::form(
                "invite_reviewer",
                &[
                    ("email", "matrix.reviewer@programme.example"),
                    ("language", "en"),
                ],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/resend_reviewer_invitation",
            Req::form(
                "resend_reviewer_invitation",
                &[("user_id", d.reviewer_invited.as_str())],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/revoke_reviewer_invitation",
            Req::form(
                "revoke_reviewer_invitation",
                &[("user_id", d.reviewer_invited.as_str())],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/set_reviewer_admin",
            Req::form(
                "set_reviewer_admin",
                &[("user_id", d.reviewer_member.as_str()), ("admin", "true")],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/set_reviewer_active",
            Req::form(
                "set_reviewer_active",
                &[("user_id", d.reviewer_member.as_str()), ("active", "false")],
            ),
            [ANON, ROLE, ROLE, ROLE, Rightful, ROLE],
            Check::Any,
            After::Nothing,
        ),
        // ----- Account links: the token is the whole authorisation; reading writes nothing.
        row(
            "/api/get_invitation",
            Req::form("get_invitation", &[("token", d.invitation_token.as_str())]),
            [
                Rightful,
                Sees(Check::names(&["joiner@contoso.example"])),
                Sees(Check::names(&["joiner@contoso.example"])),
                Sees(Check::names(&["joiner@contoso.example"])),
                Sees(Check::names(&["joiner@contoso.example"])),
                Sees(Check::names(&["joiner@contoso.example"])),
            ],
            Check::names(&["joiner@contoso.example", "Contoso"]),
            After::Nothing,
        ),
        row(
            "/api/check_reset_link",
            Req::form("check_reset_link", &[("token", d.reset_token.as_str())]),
            [
                Rightful,
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
                Sees(Check::Any),
            ],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/rate_password",
            Req::form(
                "rate_password",
                &[
                    ("password", "password1234"),
                    ("email", ""),
                    ("display_name", ""),
                ],
            ),
            [
                Rightful,
                Sees(Check::names(&["\"common\":true"])),
                Sees(Check::names(&["\"common\":true"])),
                Sees(Check::names(&["\"common\":true"])),
                Sees(Check::names(&["\"common\":true"])),
                Sees(Check::names(&["\"common\":true"])),
            ],
            Check::names(&["\"acceptable\":false"]),
            After::Nothing,
        ),
        // Every caller asks for an address without an account and gets the same answer as the
        // browser asking for a real one (which alone queues an e-mail).
        Row {
            rightful_request: Some(Req::form(
                "request_password_reset",
                &[("email", CONTOSO_USER)],
            )),
            ..row(
                "/api/request_password_reset",
                Req::form(
                    "request_password_reset",
                    &[("email", "nobody@contoso.example")],
                ),
                [
                    Rightful,
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Sees(Check::Any),
                ],
                Check::Any,
                After::Nothing,
            )
        },
        // ----- The automatic consent reminder of an engagement: every partner user reads its
        // own partner's; only the administrator sets it; Fabrikam has no page for this one.
        row(
            "/api/get_consent_reminder",
            Req::form(
                "get_consent_reminder",
                &[("engagement_id", security.as_str())],
            ),
            [ANON, ROLE, Sees(Check::Any), No(404), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/save_consent_reminder",
            Req::json(
                "save_consent_reminder",
                json!({ "engagement_id": d.security, "days_before": 3 }),
            ),
            [ANON, ROLE, ROLE, No(404), ROLE, Rightful],
            Check::names(&["3"]),
            After::Nothing,
        ),
        // ----- The calendar feed: the address is the whole authorisation (a session adds
        // nothing, and reading it writes no row); each partner user makes and revokes its own.
        row(
            endpoints::CALENDAR,
            Req::get(d.calendar.clone()),
            [
                Rightful,
                Sees(Check::names(&["BEGIN:VCALENDAR", open])),
                Sees(Check::names(&["BEGIN:VCALENDAR", open])),
                Sees(Check::names(&["BEGIN:VCALENDAR", open])),
                Sees(Check::names(&["BEGIN:VCALENDAR", open])),
                Sees(Check::names(&["BEGIN:VCALENDAR", open])),
            ],
            Check::names(&["BEGIN:VCALENDAR", open]),
            After::Nothing,
        ),
        row(
            "/api/get_calendar_feed",
            Req::form("get_calendar_feed", &[]),
            [
                ANON,
                ROLE,
                Sees(Check::Any),
                Sees(Check::Any),
                ROLE,
                Rightful,
            ],
            Check::Json("the administrator has an address", |v| {
                v["created_at"].as_i64().is_some()
            }),
            After::Nothing,
        ),
        Row {
            writes_anyway: &["calendar_feeds"],
            ..row(
                "/api/create_calendar_feed",
                Req::form("create_calendar_feed", &[]),
                [
                    ANON,
                    ROLE,
                    Sees(Check::names(&["webcal://"])),
                    Sees(Check::names(&["webcal://"])),
                    ROLE,
                    Rightful,
                ],
                Check::names(&["webcal://", "/calendar/"]),
                After::Nothing,
            )
        },
        Row {
            writes_anyway: &["calendar_feeds"],
            ..row(
                "/api/revoke_calendar_feed",
                Req::form("revoke_calendar_feed", &[]),
                [
                    ANON,
                    ROLE,
                    Sees(Check::Any),
                    Sees(Check::Any),
                    ROLE,
                    Rightful,
                ],
                Check::Any,
                After::Nothing,
            )
        },
        // ----- Notifications: each partner user reads and writes only its own.
        row(
            "/api/list_notifications",
            Req::form("list_notifications", &[]),
            [
                ANON,
                ROLE,
                Sees(Check::names(&["unread"])),
                Sees(Check::names(&["unread"])),
                ROLE,
                Rightful,
            ],
            Check::names(&["\"unread\""]),
            After::Nothing,
        ),
        row(
            "/api/unread_notifications",
            Req::form("unread_notifications", &[]),
            [
                ANON,
                ROLE,
                Sees(Check::Any),
                Sees(Check::Any),
                ROLE,
                Rightful,
            ],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/mark_notifications_read",
            Req::json("mark_notifications_read", json!({ "ids": [] })),
            [
                ANON,
                ROLE,
                Sees(Check::Any),
                Sees(Check::Any),
                ROLE,
                Rightful,
            ],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/get_notification_preferences",
            Req::form("get_notification_preferences", &[]),
            [
                ANON,
                ROLE,
                Sees(Check::Any),
                Sees(Check::Any),
                ROLE,
                Rightful,
            ],
            Check::names(&["my_claims"]),
            After::Nothing,
        ),
        Row {
            writes_anyway: &["notification_scopes", "notification_preferences"],
            ..row(
                "/api/save_notification_preferences",
                Req::json(
                    "save_notification_preferences",
                    json!({ "preferences": { "scope": "my_locations", "kinds": [["paid", "in_app"]], "language": "fr" } }),
                ),
                [
                    ANON,
                    ROLE,
                    Sees(Check::Any),
                    Sees(Check::Any),
                    ROLE,
                    Rightful,
                ],
                Check::names(&["my_locations"]),
                After::Nothing,
            )
        },
        // ----- A signed-in user changes its own password, given its current one: every caller
        // gives a wrong one (refused, nothing written); the administrator gives its own.
        Row {
            writes_anyway: &["sessions"],
            rightful_request: Some(Req::form(
                "change_password",
                &[
                    ("current_password", common::fixtures::DEMO_PASSWORD),
                    ("new_password", "violet tractor sings quietly"),
                ],
            )),
            ..row(
                "/api/change_password",
                Req::form(
                    "change_password",
                    &[
                        ("current_password", "not the password"),
                        ("new_password", "violet tractor sings quietly"),
                    ],
                ),
                [ANON, No(422), No(422), No(422), No(422), Rightful],
                Check::Any,
                After::Nothing,
            )
        },
        // ----- Two-factor authentication. Contoso's staff member and the reviewer have an
        // authenticator with known recovery codes, Contoso's Incentives user one being set up
        // (`two_factor_fixtures`, after every caller signed in). Each caller acts on its own
        // account: one without the authenticator a call needs is refused (409) before any code
        // is counted; a wrong code is refused (422) and counted against the sign-in throttle.
        row(
            "/api/get_two_factor_status",
            Req::form("get_two_factor_status", &[]),
            [
                ANON,
                Sees(Check::names(&[
                    "\"enabled\":true",
                    "\"recovery_codes_left\":10",
                ])),
                Sees(Check::names(&["\"enabled\":false"])),
                Sees(Check::names(&["\"enabled\":false"])),
                Sees(Check::names(&["\"enabled\":true"])),
                Rightful,
            ],
            Check::names(&["\"enabled\":false"]),
            After::Nothing,
        ),
        Row {
            rightful_request: Some(Req {
                get: false,
                path: "/api/confirm_two_factor".into(),
                body: Body::Code(USER_SECRET),
            }),
            ..row(
                "/api/confirm_two_factor",
                Req::form("confirm_two_factor", &[("code", "000000")]),
                [ANON, No(409), Rightful, No(409), No(409), No(409)],
                Check::names(&["-"]),
                After::Nothing,
            )
        },
        // Fabrikam's administrator starts its own (written anyway); the others have one.
        Row {
            writes_anyway: &["user_totp"],
            ..row(
                "/api/start_two_factor",
                Req::form("start_two_factor", &[]),
                [
                    ANON,
                    No(409),
                    No(409),
                    Sees(Check::names(&["<svg"])),
                    No(409),
                    Rightful,
                ],
                Check::names(&["secret", "<svg"]),
                After::Nothing,
            )
        },
        // Nobody has a password step waiting: refused. The reviewer signs in with its password,
        // then with a recovery code.
        Row {
            writes_anyway: &["sign_in_failures", "sessions"],
            before: Some(Req::form(
                "sign_in",
                &[
                    ("email", PROGRAMME_REVIEWER),
                    ("password", common::fixtures::DEMO_PASSWORD),
                ],
            )),
            rightful_request: Some(Req::form("sign_in_code", &[("code", REVIEWER_CODES[0])])),
            ..row(
                "/api/sign_in_code",
                Req::form("sign_in_code", &[("code", "000000")]),
                [No(401), No(401), No(401), No(401), Rightful, No(401)],
                Check::names(&[PROGRAMME_REVIEWER]),
                After::Nothing,
            )
        },
        Row {
            writes_anyway: &["sign_in_failures"],
            rightful_request: Some(Req::form(
                "renew_recovery_codes",
                &[("code", STAFF_CODES[0])],
            )),
            ..row(
                "/api/renew_recovery_codes",
                Req::form("renew_recovery_codes", &[("code", "aaaaa-zzzzz")]),
                [ANON, Rightful, No(422), No(409), No(422), No(409)],
                Check::names(&["-"]),
                After::Nothing,
            )
        },
        // Every administrator may set its own team's rule: Fabrikam's sets its own (as it was).
        row(
            "/api/set_team_two_factor",
            Req::form("set_team_two_factor", &[("required", "false")]),
            [ANON, ROLE, ROLE, Sees(Check::Any), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        row(
            "/api/reset_member_two_factor",
            Req::form(
                "reset_member_two_factor",
                &[("user_id", d.user_id.as_str())],
            ),
            [ANON, ROLE, ROLE, No(404), ROLE, Rightful],
            Check::Any,
            After::Nothing,
        ),
        Row {
            writes_anyway: &["sign_in_failures"],
            rightful_request: Some(Req::form(
                "disable_two_factor",
                &[("code", REVIEWER_CODES[1])],
            )),
            ..row(
                "/api/disable_two_factor",
                Req::form("disable_two_factor", &[("code", "aaaaa-zzzzz")]),
                [ANON, No(422), No(409), No(409), Rightful, No(409)],
                Check::Any,
                After::Nothing,
            )
        },
        // ----- Last: signing out of every device ends each caller's own sessions (anonymous has
        // none), then signing out (by now of nothing: it answers as for anyone).
        Row {
            writes_anyway: &["sessions"],
            ..row(
                "/api/sign_out_everywhere",
                Req::form("sign_out_everywhere", &[]),
                [
                    ANON,
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Rightful,
                ],
                Check::Any,
                After::SignedOut,
            )
        },
        Row {
            writes_anyway: &["sessions"],
            ..row(
                "/api/sign_out",
                Req::form("sign_out", &[]),
                [
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Sees(Check::Any),
                    Rightful,
                ],
                Check::Any,
                After::SignedOut,
            )
        },
        // ----- After everyone signed out: the links that sign in or sign out. Every caller
        // brings a token that was never issued; the browser holding the e-mailed one uses it.
        Row {
            writes_anyway: &["sessions"],
            rightful_request: Some(Req::form(
                "reset_password",
                &[
                    ("token", d.reset_token.as_str()),
                    ("password", "quiet lanterns drift eastward"),
                ],
            )),
            ..row(
                "/api/reset_password",
                Req::form(
                    "reset_password",
                    &[
                        ("token", NOT_ISSUED),
                        ("password", "quiet lanterns drift eastward"),
                    ],
                ),
                [Rightful, No(404), No(404), No(404), No(404), No(404)],
                Check::Any,
                After::Nothing,
            )
        },
        Row {
            writes_anyway: &["sessions"],
            rightful_request: Some(Req::form(
                "accept_invitation",
                &[
                    ("token", d.invitation_token.as_str()),
                    ("display_name", "Jo Iner"),
                    ("password", "copper kettles hum softly"),
                ],
            )),
            ..row(
                "/api/accept_invitation",
                Req::form(
                    "accept_invitation",
                    &[
                        ("token", NOT_ISSUED),
                        ("display_name", "Jo Iner"),
                        ("password", "copper kettles hum softly"),
                    ],
                ),
                [Rightful, No(404), No(404), No(404), No(404), No(404)],
                Check::Any,
                After::Nothing,
            )
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Running the table

/// The tables of the database, from its own catalogue.
async fn tables(app: &TestApp, backend: Backend) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
    };
    let names: Vec<String> = sqlx::query(sql)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get(0).unwrap())
        .collect();
    assert!(
        names.len() > 20,
        "the catalogue lists the tables: {names:?}"
    );
    names
}

/// The row count of every table, in one query.
async fn counts(app: &TestApp, tables: &[String]) -> BTreeMap<String, i64> {
    let sql = tables
        .iter()
        .map(|t| format!("SELECT '{t}', COUNT(*) FROM {t}"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    sqlx::query(&sql)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.try_get(0).unwrap(), r.try_get(1).unwrap()))
        .collect()
}

/// The Customers page's pending marks are drained before each row: a permitted read drains
/// its partner's own marks (`customers::service::drain_own`), which would read as a write of
/// that call when an earlier row's rightful call left some.
async fn settle(app: &TestApp) {
    let now = domain::Timestamp::from_unix_seconds(app::state::Clock::now(app.clock.as_ref()));
    app::customers::marks::drain(&app.state.db.pool, now, None, 100_000)
        .await
        .unwrap();
}

/// Every endpoint: the server functions registered with server_fn (`#[server]` registers each
/// one at start-up) and the server's plain routes.
fn registered_endpoints() -> BTreeSet<String> {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .chain(endpoints::PLAIN_ROUTES.iter().map(|p| p.to_string()))
        .collect();
    assert!(
        registered.len() > endpoints::PLAIN_ROUTES.len(),
        "server_fn's registry lists the server functions"
    );
    registered
}

/// Every registered endpoint has exactly one row, and every row names a registered endpoint.
fn coverage(rows: &[&str], registered: &BTreeSet<String>) -> Vec<String> {
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for &endpoint in rows {
        if !seen.insert(endpoint) {
            failures.push(format!("{endpoint}: more than one row"));
        }
        if !registered.contains(endpoint) {
            failures.push(format!(
                "{endpoint}: a row for an endpoint that no longer exists"
            ));
        }
    }
    for endpoint in registered {
        if !seen.contains(endpoint.as_str()) {
            failures.push(format!(
                "{endpoint}: an endpoint without a row in the matrix"
            ));
        }
    }
    failures
}

/// The tables whose counts differ, but those the row writes anyway.
fn changed(
    before: &BTreeMap<String, i64>,
    after: &BTreeMap<String, i64>,
    writes_anyway: &[&str],
) -> Vec<String> {
    before
        .iter()
        .filter(|(table, _)| !writes_anyway.contains(&table.as_str()))
        .filter(|(table, n)| after.get(*table) != Some(n))
        .map(|(table, n)| format!("{table} {n} -> {:?}", after.get(table)))
        .collect()
}

async fn every_endpoint_answers_each_caller_as_the_matrix_says(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let data = data(&app).await;
    let rows = rows(&data);
    let endpoints: Vec<&str> = rows.iter().map(|r| r.endpoint).collect();
    let mut failures = coverage(&endpoints, &registered_endpoints());
    let tables = tables(&app, backend).await;
    let clients = Clients::sign_in(&app).await;
    two_factor_fixtures(&app).await;
    // `MATRIX_VERBOSE=1 cargo test ... -- --nocapture` prints every cell's answer.
    let verbose = std::env::var_os("MATRIX_VERBOSE").is_some();

    for row in &rows {
        let rightful: Vec<usize> = (0..6)
            .filter(|&i| matches!(row.callers[i], Rightful))
            .collect();
        assert_eq!(rightful.len(), 1, "{}: one rightful caller", row.endpoint);
        settle(&app).await;

        for (i, expect) in row.callers.iter().enumerate() {
            let cell = format!("{} as {}", row.endpoint, CALLERS[i]);
            let before = counts(&app, &tables).await;
            let (status, body) = match expect {
                Rightful => continue,
                No(_) | Sees(_) => row.request.send(&app, &clients.0[i]).await,
            };
            if verbose {
                println!("{cell}: {status} {}", excerpt(&body));
            }
            let wrong = match expect {
                No(expected) if status != *expected => {
                    Some(format!("expected {expected}, got {status}"))
                }
                Sees(_) if status != 200 => Some(format!("expected 200, got {status}")),
                Sees(check) => check.failure(&body),
                _ => None,
            };
            if let Some(wrong) = wrong {
                failures.push(format!("{cell}: {wrong}: {}", excerpt(&body)));
            }
            let changed = changed(&before, &counts(&app, &tables).await, row.writes_anyway);
            if !changed.is_empty() {
                failures.push(format!("{cell}: wrote rows: {}", changed.join(", ")));
            }
        }

        // The rightful call: an anonymous one is a fresh browser (the customer, a new sign-in).
        let caller = rightful[0];
        let fresh;
        let client = if caller == ANONYMOUS {
            fresh = app.client();
            &fresh
        } else {
            &clients.0[caller]
        };
        let request = row.rightful_request.as_ref().unwrap_or(&row.request);
        let cell = format!("{} as {} (rightful)", row.endpoint, CALLERS[caller]);
        if let Some(before) = &row.before {
            let (status, body) = before.send(&app, client).await;
            if status != 200 {
                failures.push(format!(
                    "{cell}: its first step failed: {status} {}",
                    excerpt(&body)
                ));
                continue;
            }
        }
        let (status, body) = request.send(&app, client).await;
        if verbose {
            println!("{cell}: {status} {}", excerpt(&body));
        }
        if !(200..300).contains(&status) {
            failures.push(format!(
                "{cell}: expected success, got {status}: {}",
                excerpt(&body)
            ));
            continue;
        }
        if let Some(wrong) = row.rightful.failure(&body) {
            failures.push(format!("{cell}: {wrong}: {}", excerpt(&body)));
        }
        match &row.after {
            After::Nothing => {}
            After::Status(claim_ref, expected) => {
                let status = app::claims::repo::claim_state(&app.state.db.pool, claim_ref)
                    .await
                    .unwrap()
                    .expect("the claim")
                    .status;
                if status != *expected {
                    failures.push(format!(
                        "{cell}: {claim_ref} is {status:?}, not {expected:?}"
                    ));
                }
            }
            After::SignedOut => {
                let (_, me) = Req::form("get_current_user", &[])
                    .send(&app, &clients.0[ADMIN])
                    .await;
                if me != "null" {
                    failures.push(format!("{cell}: still signed in: {}", excerpt(&me)));
                }
            }
        }
    }

    assert!(
        failures.is_empty(),
        "{} cell(s) of the matrix fail on {}:\n{}",
        failures.len(),
        backend.name(),
        failures.join("\n")
    );
}

/// The coverage check itself can fail: a new endpoint without a row, and a row left for an
/// endpoint that was removed, are both named.
#[test]
fn an_endpoint_without_a_row_and_a_row_without_an_endpoint_are_named() {
    let registered = registered_endpoints();
    assert!(registered.contains("/api/get_claim"), "{registered:?}");
    let mut rows: Vec<&str> = registered
        .iter()
        .map(String::as_str)
        .filter(|e| *e != "/api/get_claim")
        .collect();
    rows.push("/api/no_longer_here");
    assert_eq!(
        coverage(&rows, &registered),
        [
            "/api/no_longer_here: a row for an endpoint that no longer exists",
            "/api/get_claim: an endpoint without a row in the matrix",
        ]
    );
}

/// The start of a body, for a failure message.
fn excerpt(body: &str) -> String {
    body.chars().take(200).collect()
}

backend_tests!(every_endpoint_answers_each_caller_as_the_matrix_says);
