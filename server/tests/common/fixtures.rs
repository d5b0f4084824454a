//! Set-up the integration tests share: the demo's identifiers (exported by the app, so the tests
//! and the demo cannot drift apart), the demo's users and engagements by name, one way to count
//! rows, one way to take a claim through life-cycle actions, and one claim builder.
//!
//! Everything here goes through the application's own services; the only SQL is reading.

use app::auth::guard::PartnerScope;
use app::claims::model::{ClaimOrigin, ContactsForm, NewClaims};
use app::claims::repo::claim_state;
use app::claims::service::{create_claims, partner_action, perform};
use app::customers::model::{CustomersQuery, Tab};
use app::db::Db;
use app::error::{AppError, Conflict};
use app::state::AppState;
use domain::{Actor, ClaimAction, ClaimRef, ClaimStatus, CustomerIdType, EngagementId, UserId};
use sqlx::Row;

// Not every test crate uses every identifier.
#[allow(unused_imports)]
pub use app::db::demo_ids::*;

/// The number in the first column of the first row `sql` returns (`SELECT COUNT(*) ...`,
/// `SELECT MAX(..)`, `SELECT open_count ...`).
pub async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The id of the demo user with this e-mail.
pub async fn user_id(db: &Db, email: &str) -> UserId {
    UserId::new(
        sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&db.pool)
            .await
            .unwrap_or_else(|e| panic!("the demo user {email}: {e}"))
            .try_get("id")
            .expect("an id"),
    )
}

/// The partner scope of a demo user, as the guard would give it.
pub async fn scope_of(db: &Db, email: &str) -> PartnerScope {
    let id = user_id(db, email).await;
    let principal = app::auth::repo::load_principal(&db.pool, id)
        .await
        .unwrap()
        .unwrap();
    app::auth::guard::require_incentives(&principal).expect("an incentives role")
}

/// The demo engagement with this code.
pub async fn engagement_id(db: &Db, code: &str) -> EngagementId {
    EngagementId::new(
        sqlx::query("SELECT id FROM engagements WHERE code = $1")
            .bind(code)
            .fetch_one(&db.pool)
            .await
            .unwrap_or_else(|e| panic!("the demo engagement {code}: {e}"))
            .try_get("id")
            .expect("an id"),
    )
}

/// A complete, valid nomination request; tests change what they exercise.
pub fn nomination(
    location: &str,
    id_type: &str,
    id_value: &str,
    engagement_ids: Vec<EngagementId>,
) -> NewClaims {
    NewClaims {
        friendly_name: "Migration wave 1".into(),
        location_id: location.into(),
        customer_id_type: id_type.into(),
        customer_id_value: id_value.into(),
        engagement_ids,
        origin: ClaimOrigin::Added,
        contacts: ContactsForm {
            contact_email: "it.director@northwindtraders.com".into(),
            contact_name: "Claire Dubois".into(),
            contact_phone: "+33 1 23 45 67 89".into(),
            contact_language: "fr".into(),
            partner_contact_name: "Camille Martin".into(),
            partner_contact_email: "camille.martin@contoso.example".into(),
            mismatch_reason: String::new(),
            mismatch_details: String::new(),
        },
        hours: None,
        idempotency_key: format!("key-{}", super::random_suffix()),
    }
}

/// A refusal because of open claims: the customer's limit (a conflict), or this partner's own
/// open claim for the customer (a reason naming it).
pub fn is_open_claim_refusal(error: &AppError) -> bool {
    use domain::ReasonCode::{ActiveClaimLimitReached, PartnerAlreadyHasOpenClaim};
    match error {
        AppError::Conflict(conflict) => *conflict == Conflict::ActiveClaimLimitReached,
        AppError::Ineligible(engagements) => engagements.iter().all(|e| {
            e.reasons
                .iter()
                .all(|r| matches!(r.code, ActiveClaimLimitReached | PartnerAlreadyHasOpenClaim))
        }),
        _ => false,
    }
}

/// The first page of one tab of an engagement's Customers page, default sort, no search.
pub fn tab_query(engagement_id: EngagementId, tab: Tab) -> CustomersQuery {
    CustomersQuery {
        tab,
        ..CustomersQuery::new(engagement_id)
    }
}

/// The partner sends the consent e-mail and the customer accepts.
pub const CONSENT: [(ClaimAction, Actor); 2] = [
    (ClaimAction::SendConsent, Actor::PartnerAdmin),
    (ClaimAction::AcceptConsent, Actor::Customer),
];

/// The partner sends the consent e-mail and the customer declines.
pub const DECLINE: [(ClaimAction, Actor); 2] = [
    (ClaimAction::SendConsent, Actor::PartnerAdmin),
    (ClaimAction::DeclineConsent, Actor::Customer),
];

/// One life-cycle action on the claim as it stands now (`claims::service::perform`, the function
/// every server function and the customer's answer go through); the refusal is returned.
pub async fn try_act(
    state: &AppState,
    claim_ref: &ClaimRef,
    action: ClaimAction,
    actor: Actor,
) -> Result<ClaimStatus, AppError> {
    let claim = claim_state(&state.db.pool, claim_ref)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("the claim {claim_ref}"));
    perform(state, &claim, action, actor, None, serde_json::json!({})).await
}

/// Takes each step on the claim, as it stands before the step; a refused step fails the test.
pub async fn act(state: &AppState, claim_ref: &ClaimRef, steps: &[(ClaimAction, Actor)]) {
    for (action, actor) in steps {
        if let Err(error) = try_act(state, claim_ref, *action, *actor).await {
            panic!("{action:?} by {actor:?} on {claim_ref}: {error:?}");
        }
    }
}

/// The partner cancels the claim (the claim page's Cancel).
pub async fn cancel(
    state: &AppState,
    scope: &PartnerScope,
    claim_ref: &ClaimRef,
) -> Result<ClaimStatus, AppError> {
    partner_action(
        state,
        scope,
        claim_ref,
        ClaimAction::Cancel,
        serde_json::json!({}),
    )
    .await
}

/// A claim made as a partner user makes it (`create_claims`, with every rule checked), then
/// taken through the life-cycle steps asked for:
///
/// ```ignore
/// let claim = ClaimFixture::new(&state)
///     .customer(CustomerIdType::TenantId, T_TAILSPIN)
///     .on(SEC_ENVISION)
///     .at(LOC_LYON)
///     .consented()
///     .create()
///     .await;
/// ```
///
/// By default the claim is made by Contoso's administrator, at the first enrolled location of
/// the user's partner (Paris for Contoso, Seattle for Fabrikam), with the contacts of
/// [`nomination`] and a fresh idempotency key.
pub struct ClaimFixture<'a> {
    state: &'a AppState,
    by: &'a str,
    at: Option<&'a str>,
    customer: Option<(CustomerIdType, &'a str)>,
    engagement: Option<&'a str>,
    friendly_name: Option<String>,
    contact_email: Option<String>,
    partner_contact_email: Option<String>,
    mismatch_reason: Option<String>,
    hours: Option<u32>,
    steps: Vec<(ClaimAction, Actor)>,
}

/// What a [`ClaimFixture`] made.
#[derive(Debug, Clone)]
pub struct FixtureClaim {
    pub claim_ref: ClaimRef,
    /// The claim's row id.
    pub id: i64,
    pub engagement_id: EngagementId,
}

impl<'a> ClaimFixture<'a> {
    pub fn new(state: &'a AppState) -> Self {
        ClaimFixture {
            state,
            by: CONTOSO_ADMIN,
            at: None,
            customer: None,
            engagement: None,
            friendly_name: None,
            contact_email: None,
            partner_contact_email: None,
            mismatch_reason: None,
            hours: None,
            steps: Vec::new(),
        }
    }

    /// The customer, by the ID the partner types (required).
    pub fn customer(mut self, kind: CustomerIdType, value: &'a str) -> Self {
        self.customer = Some((kind, value));
        self
    }

    /// The engagement, by its code (required).
    pub fn on(mut self, code: &'a str) -> Self {
        self.engagement = Some(code);
        self
    }

    /// The demo user who makes the claim, by e-mail.
    pub fn by(mut self, email: &'a str) -> Self {
        self.by = email;
        self
    }

    /// The partner location the claim is made for.
    pub fn at(mut self, location: &'a str) -> Self {
        self.at = Some(location);
        self
    }

    pub fn friendly_name(mut self, name: impl Into<String>) -> Self {
        self.friendly_name = Some(name.into());
        self
    }

    pub fn contact_email(mut self, email: impl Into<String>) -> Self {
        self.contact_email = Some(email.into());
        self
    }

    /// The partner's contact for the claim (the one its notifications go to).
    pub fn partner_contact(mut self, email: impl Into<String>) -> Self {
        self.partner_contact_email = Some(email.into());
        self
    }

    /// The reason given for a contact outside the tenant's domains.
    pub fn mismatch_reason(mut self, reason: impl Into<String>) -> Self {
        self.mismatch_reason = Some(reason.into());
        self
    }

    /// The hours claimed (variable payment).
    pub fn hours(mut self, hours: u32) -> Self {
        self.hours = Some(hours);
        self
    }

    /// Then steps of the life cycle, in order (`perform` as the actor).
    pub fn then(mut self, steps: &[(ClaimAction, Actor)]) -> Self {
        self.steps.extend_from_slice(steps);
        self
    }

    /// Then the consent e-mail is sent and the customer accepts: the claim ends in consent
    /// received.
    pub fn consented(self) -> Self {
        self.then(&CONSENT)
    }

    /// Makes the claim (and takes its steps); a refusal fails the test.
    pub async fn create(self) -> FixtureClaim {
        let what = format!(
            "{:?} on {:?} by {}",
            self.customer, self.engagement, self.by
        );
        self.try_create()
            .await
            .unwrap_or_else(|e| panic!("creating the claim for {what}: {e:?}"))
    }

    /// Makes the claim and takes its steps; the refusal of `create_claims` is returned (a step
    /// refused after that fails the test).
    pub async fn try_create(self) -> Result<FixtureClaim, AppError> {
        let db = &self.state.db;
        let (kind, value) = self
            .customer
            .expect("ClaimFixture: .customer(kind, value) is required");
        let code = self
            .engagement
            .expect("ClaimFixture: .on(engagement code) is required");
        let scope = scope_of(db, self.by).await;
        let location = match self.at {
            Some(location) => location.to_owned(),
            None => first_enrolled_location(db, scope.partner_id).await,
        };
        let engagement = engagement_id(db, code).await;
        let mut request = nomination(&location, kind.code(), value, vec![engagement]);
        if let Some(name) = self.friendly_name {
            request.friendly_name = name;
        }
        if let Some(email) = self.contact_email {
            request.contacts.contact_email = email;
        }
        if let Some(email) = self.partner_contact_email {
            request.contacts.partner_contact_email = email;
        }
        if let Some(reason) = self.mismatch_reason {
            request.contacts.mismatch_reason = reason;
        }
        request.hours = self.hours;
        let mut created = create_claims(self.state, &scope, request).await?;
        assert_eq!(created.len(), 1, "one engagement, one claim: {created:?}");
        let created = created.remove(0);
        act(self.state, &created.claim_ref, &self.steps).await;
        let id = claim_state(&db.pool, &created.claim_ref)
            .await
            .unwrap()
            .expect("the created claim")
            .id;
        Ok(FixtureClaim {
            claim_ref: created.claim_ref.clone(),
            id,
            engagement_id: created.engagement_id,
        })
    }
}

/// The partner's enrolled location with the lowest ID.
async fn first_enrolled_location(db: &Db, partner_id: domain::PartnerId) -> String {
    sqlx::query("SELECT MIN(id) AS id FROM locations WHERE partner_id = $1 AND enrolled_in_mci = 1")
        .bind(partner_id.get())
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .try_get("id")
        .expect("an enrolled location")
}
