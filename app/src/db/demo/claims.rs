//! The demo's claims, each taken through its life cycle by the real services (nominate, send
//! the consent e-mail, the customer's answer, submit, review, pay), so that every status and
//! every tab has examples. Over 400 lines because it is one story told in order: splitting it
//! would scatter the claims whose steps depend on each other.

use super::super::demo_ids::*;
use super::data::*;
use anyhow::Context;
use domain::{ClaimRef, EngagementId, UserId};

/// Demo claims in every state of the life cycle for Contoso (and two of Fabrikam's, so that a
/// customer's limit across partners shows), made through the application's own services with a
/// clock set 40 days back and moved forward step by step, then swept at the real time: the
/// Customers page shows every tab, reason and action on a fresh start.
pub async fn seed_claims(state: &crate::state::AppState) -> anyhow::Result<()> {
    use crate::claims::model::{ClaimOrigin, ContactsForm, NewClaims};
    use crate::claims::service::{create_claims, perform};
    use crate::state::{AppState, OffsetClock};
    use domain::{Actor, ClaimAction as A};
    use std::sync::Arc;

    let clock = Arc::new(OffsetClock::default());
    clock.advance(-40 * DAY);
    let demo = AppState {
        clock: clock.clone(),
        ..state.clone()
    };
    let scope = |email: &'static str| {
        let pool = state.db.pool.clone();
        async move {
            let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
                .bind(email)
                .fetch_one(&pool)
                .await?;
            let principal = crate::auth::repo::load_principal(&pool, UserId::new(id))
                .await?
                .context("demo user")?;
            crate::auth::guard::require_incentives(&principal).map_err(|e| anyhow::anyhow!("{e}"))
        }
    };
    // Contoso's administrator hears of every claim of its locations, so that the demo's bell
    // and notifications page have the history's events.
    sqlx::query(
        "INSERT INTO notification_scopes (user_id, scope)
         SELECT id, 'my_locations' FROM users WHERE email = 'admin@contoso.example'",
    )
    .execute(&state.db.pool)
    .await?;
    let contoso = scope("admin@contoso.example").await?;
    let fabrikam = scope("admin@fabrikam.example").await?;
    let engagement = |code: &'static str| {
        let pool = state.db.pool.clone();
        async move {
            let id: i64 = sqlx::query_scalar("SELECT id FROM engagements WHERE code = $1")
                .bind(code)
                .fetch_one(&pool)
                .await?;
            Ok::<EngagementId, anyhow::Error>(EngagementId::new(id))
        }
    };
    let mut n = 0;
    let mut nominate = |scope: crate::auth::guard::PartnerScope,
                        location: &'static str,
                        kind: &'static str,
                        value: &'static str,
                        code: &'static str,
                        name: &'static str,
                        hours: Option<u32>| {
        n += 1;
        let demo = demo.clone();
        let key = format!("demo-claim-{n:04}");
        let engagement = engagement(code);
        async move {
            let request = NewClaims {
                friendly_name: name.to_owned(),
                location_id: location.to_owned(),
                customer_id_type: kind.to_owned(),
                customer_id_value: value.to_owned(),
                engagement_ids: vec![engagement.await?],
                origin: ClaimOrigin::Added,
                contacts: ContactsForm {
                    contact_email: "it.contact@northwindtraders.com".to_owned(),
                    contact_name: "Alex Dupont".to_owned(),
                    contact_phone: "+33 1 70 00 00 00".to_owned(),
                    contact_language: "fr".to_owned(),
                    partner_contact_name: "Camille Martin".to_owned(),
                    partner_contact_email: "camille.martin@contoso.example".to_owned(),
                    mismatch_reason: "contact_at_subsidiary".to_owned(),
                    mismatch_details: String::new(),
                },
                hours,
                idempotency_key: key,
            };
            let created = create_claims(&demo, &scope, request)
                .await
                .map_err(|e| anyhow::anyhow!("demo claim {name}: {e:?}"))?;
            Ok::<ClaimRef, anyhow::Error>(created[0].claim_ref.clone())
        }
    };
    let step = |claim_ref: ClaimRef, actions: Vec<(A, Actor)>| {
        let demo = demo.clone();
        let scopes = [contoso.clone(), fabrikam.clone()];
        async move {
            for (action, actor) in actions {
                let claim = crate::claims::repo::claim_state(&demo.db.pool, &claim_ref)
                    .await?
                    .context("demo claim")?;
                let failed = |e| anyhow::anyhow!("demo step {action:?} on {claim_ref}: {e:?}");
                if matches!(action, A::SendConsent | A::ResendConsent) {
                    // Through the consent flow, so that the request and its e-mail exist.
                    let scope = scopes
                        .iter()
                        .find(|s| s.partner_id == claim.partner_id)
                        .context("the demo claim's partner")?;
                    let flow = crate::consent::service::consent_flow(&demo, scope, &claim_ref)
                        .await
                        .map_err(failed)?;
                    crate::consent::service::send_consent(
                        &demo,
                        scope,
                        &claim_ref,
                        &flow.contacts,
                        false,
                    )
                    .await
                    .map_err(failed)?;
                } else if action == A::Submit {
                    // Through the submission service, so that the documents exist.
                    let scope = scopes
                        .iter()
                        .find(|s| s.partner_id == claim.partner_id)
                        .context("the demo claim's partner")?;
                    let hours = crate::claims::repo::claim_hours(&demo.db.pool, claim.id).await?;
                    let today = crate::components::format::iso_date(demo.clock.now());
                    let form = crate::submission::service::SubmissionForm {
                        claim_ref: claim_ref.to_string(),
                        completion_date: today,
                        hours_delivered: hours.map(|h| h.to_string()).unwrap_or_default(),
                        comments:
                            "Workshop delivered on site; the signed attendance sheet is attached."
                                .to_owned(),
                        uploads: vec![crate::submission::service::Upload {
                            file_name: "proof-of-execution.pdf".to_owned(),
                            bytes: DEMO_PDF.as_bytes().to_vec(),
                        }],
                        read_errors: Vec::new(),
                    };
                    crate::submission::service::submit(&demo, scope, form)
                        .await
                        .map_err(failed)?;
                } else if action == A::MarkPaid {
                    let reviewer: i64 = sqlx::query_scalar("SELECT id FROM users WHERE role = 'programme_reviewer' ORDER BY id LIMIT 1")
                        .fetch_one(&demo.db.pool)
                        .await?;
                    let amount = crate::review::repo::proposed_payment(&demo.db.pool, claim.id)
                        .await?
                        .map(|cents| domain::Money::new(cents, "").plain())
                        .unwrap_or_default();
                    let today = crate::components::format::iso_date(demo.clock.now());
                    crate::review::service::record_payment(
                        &demo,
                        UserId::new(reviewer),
                        &claim_ref,
                        &today,
                        &amount,
                    )
                    .await
                    .map_err(failed)?;
                } else {
                    let message = match action {
                        A::Reject => Some("The attendance sheet is not signed by the customer."),
                        A::RequestPartnerAction => Some(
                            "Add the signed statement of work with the hours of each consultant.",
                        ),
                        A::Dispute => Some(
                            "The attendance sheet in the submission is signed by the customer's CISO (page 3).",
                        ),
                        A::RejectFinal => {
                            Some("Page 3 is signed by the partner, not by the customer.")
                        }
                        _ => None,
                    };
                    perform(
                        &demo,
                        &claim,
                        action,
                        actor,
                        None,
                        serde_json::json!({ "message": message }),
                    )
                    .await
                    .map_err(failed)?;
                }
            }
            Ok::<(), anyhow::Error>(())
        }
    };
    let (p, c, r) = (Actor::PartnerAdmin, Actor::Customer, Actor::Reviewer);
    let consented = vec![(A::SendConsent, p), (A::AcceptConsent, c)];
    let submitted = [consented.clone(), vec![(A::Submit, p)]].concat();
    let reviewing = [submitted.clone(), vec![(A::StartReview, r)]].concat();
    let rejected = [reviewing.clone(), vec![(A::Reject, r)]].concat();

    // Day 0 (40 days ago).
    let northwind = nominate(
        contoso.clone(),
        "1000001",
        "tenant_id",
        "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61",
        "AZ-MIG-ASSESS",
        "Northwind migration",
        None,
    )
    .await?;
    step(northwind, consented.clone()).await?;
    let adventure = nominate(
        contoso.clone(),
        "1000001",
        "domain_name",
        "adventure-works.com",
        "AZ-MIG-ASSESS",
        "Adventure Works estate review",
        None,
    )
    .await?;
    step(adventure, vec![(A::SendConsent, p), (A::DeclineConsent, c)]).await?;
    nominate(
        contoso.clone(),
        "1000002",
        "tenant_id",
        "d4f8a2c1-3e5b-47a9-b6c0-8e1f2d3a4b5c",
        "AZ-MIG-ASSESS",
        "WWI datacentre exit",
        None,
    )
    .await?;
    let woodgrove = nominate(
        contoso.clone(),
        "1000001",
        "tenant_id",
        "5e9c1b7a-2d4f-4a6e-8c3b-9f0a1e2d3c4b",
        "M365-COPILOT-WS",
        "Woodgrove Copilot pilot",
        None,
    )
    .await?;
    step(
        woodgrove,
        [reviewing.clone(), vec![(A::Approve, r), (A::MarkPaid, r)]].concat(),
    )
    .await?;
    let subscription = nominate(
        contoso.clone(),
        "1000001",
        "azure_subscription_id",
        "b2c3d4e5-f6a7-4890-b123-c4d5e6f7a802",
        "AZ-MIG-ASSESS",
        "Adventure Works analytics subscription",
        None,
    )
    .await?;
    step(
        subscription,
        [consented.clone(), vec![(A::Cancel, p)]].concat(),
    )
    .await?;
    let accelerate = nominate(
        contoso.clone(),
        "1000001",
        "msx_opportunity_id",
        "7-3FS2XQBWAO",
        "AZ-ACCEL-DEPLOY",
        "Adventure Works data platform",
        Some(120),
    )
    .await?;
    step(
        accelerate,
        [reviewing.clone(), vec![(A::RequestPartnerAction, r)]].concat(),
    )
    .await?;
    let wwi_security = nominate(
        contoso.clone(),
        "1000002",
        "tenant_id",
        "d4f8a2c1-3e5b-47a9-b6c0-8e1f2d3a4b5c",
        "SEC-ENVISION",
        "WWI threat protection",
        None,
    )
    .await?;
    step(
        wwi_security,
        [rejected.clone(), vec![(A::Dispute, p), (A::RejectFinal, r)]].concat(),
    )
    .await?;
    let litware_m365 = nominate(
        contoso.clone(),
        "1000001",
        "tenant_id",
        "7a2b3c4d-5e6f-4a1b-9c2d-3e4f5a6b7c8d",
        "M365-COPILOT-WS",
        "Litware Copilot envisioning",
        None,
    )
    .await?;
    step(litware_m365, consented.clone()).await?;
    let tailspin = nominate(
        contoso.clone(),
        "1000001",
        "tenant_id",
        "0b7e2d94-6c1a-4f3b-8e5d-2a9c7f1e4b30",
        "AZ-MIG-ASSESS",
        "Tailspin cloud readiness",
        None,
    )
    .await?;
    step(
        tailspin,
        [reviewing.clone(), vec![(A::Approve, r)]].concat(),
    )
    .await?;
    let litware_group = nominate(
        contoso.clone(),
        "1000003",
        "tpid",
        "4567890",
        "SEC-ENVISION",
        "Litware Group security review",
        None,
    )
    .await?;
    step(litware_group, rejected.clone()).await?;

    // Day 12: more recent work, still within its windows today.
    clock.advance(12 * DAY);
    let backerei = nominate(
        contoso.clone(),
        "1000001",
        "domain_name",
        "bäckerei-münchen.de",
        "AZ-MIG-ASSESS",
        "Bäckerei München migration",
        None,
    )
    .await?;
    step(backerei, reviewing.clone()).await?;
    let adventure_group = nominate(
        contoso.clone(),
        "1000003",
        "tpid",
        "2345678",
        "SEC-ENVISION",
        "Adventure Works Group SOC",
        None,
    )
    .await?;
    step(
        adventure_group,
        [rejected.clone(), vec![(A::Dispute, p)]].concat(),
    )
    .await?;

    // Day 33: recent nominations.
    clock.advance(21 * DAY);
    let contoso_global = nominate(
        contoso.clone(),
        "1000003",
        "tpid",
        "3456789",
        "M365-COPILOT-WS",
        "Contoso Global Copilot rollout",
        None,
    )
    .await?;
    step(contoso_global, submitted.clone()).await?;
    let proseware_security = nominate(
        contoso.clone(),
        "1000002",
        "tenant_id",
        "2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9",
        "SEC-ENVISION",
        "Proseware security posture",
        None,
    )
    .await?;
    step(proseware_security, rejected.clone()).await?;
    let ai = nominate(
        contoso.clone(),
        "1000003",
        "msx_opportunity_id",
        "7-NW4K8P2M1Z",
        "DATA-AI-POC",
        "Northwind AI proof of concept",
        Some(50),
    )
    .await?;
    step(ai, vec![(A::SendConsent, p)]).await?;
    // The programme asked for more this week: the partner has until the review deadline to
    // answer. (The data platform above, asked five weeks ago and never answered, has expired:
    // the sweeper ends it first, so that Adventure Works may be nominated again.)
    crate::claims::sweeper::sweep(state).await?;
    let lamna = nominate(
        contoso.clone(),
        "1000002",
        "msx_opportunity_id",
        "7-3FS2XQBWAO",
        "AZ-ACCEL-DEPLOY",
        "Adventure Works AI pilot",
        Some(80),
    )
    .await?;
    step(
        lamna,
        [reviewing.clone(), vec![(A::RequestPartnerAction, r)]].concat(),
    )
    .await?;
    // Woodgrove belongs to Contoso Global Industries (TPID 3456789), whose one Copilot slot
    // Contoso's rollout above holds: a Woodgrove nomination by anyone is now over the limit.
    nominate(
        fabrikam,
        "2000001",
        "tenant_id",
        "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d",
        "AZ-MIG-ASSESS",
        "Adventure Works assessment",
        None,
    )
    .await?;

    // Today: a known customer claimed again, and the deadlines that passed are applied.
    let claimed = NewClaims {
        friendly_name: "Northwind Copilot workshop".to_owned(),
        location_id: "1000001".to_owned(),
        customer_id_type: "tenant_id".to_owned(),
        customer_id_value: "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61".to_owned(),
        engagement_ids: vec![engagement("M365-COPILOT-WS").await?],
        origin: ClaimOrigin::Claimed,
        contacts: ContactsForm {
            contact_email: "it.contact@northwindtraders.com".to_owned(),
            contact_name: "Alex Dupont".to_owned(),
            contact_phone: String::new(),
            contact_language: "fr".to_owned(),
            partner_contact_name: "Camille Martin".to_owned(),
            partner_contact_email: "camille.martin@contoso.example".to_owned(),
            mismatch_reason: String::new(),
            mismatch_details: String::new(),
        },
        hours: None,
        idempotency_key: "demo-claim-claimed".to_owned(),
    };
    create_claims(state, &contoso, claimed)
        .await
        .map_err(|e| anyhow::anyhow!("demo claimed customer: {e:?}"))?;
    crate::claims::sweeper::sweep(state)
        .await
        .map_err(|e| anyhow::anyhow!("demo sweep: {e:?}"))?;
    settle_demo_consent(&state.db.pool).await
}

/// The demo's customers answered through the life cycle's actions, not through links: their
/// requests take the answer the claim shows, and the e-mails of claims past awaiting consent
/// count as sent when they were asked for. Those still awaiting consent keep their e-mail queued:
/// the worker delivers it to the development mailbox, with a link that works.
async fn settle_demo_consent(pool: &sqlx::AnyPool) -> anyhow::Result<()> {
    for sql in [
        "UPDATE consent_requests SET decision = 'accepted',
            decided_at = (SELECT consent_at FROM claims WHERE claims.id = consent_requests.claim_id)
         WHERE revoked_at IS NULL AND decided_at IS NULL
            AND claim_id IN (SELECT id FROM claims WHERE consent_at IS NOT NULL)",
        "UPDATE consent_requests SET decision = 'declined',
            decided_at = (SELECT ended_at FROM claims WHERE claims.id = consent_requests.claim_id)
         WHERE revoked_at IS NULL AND decided_at IS NULL
            AND claim_id IN (SELECT id FROM claims WHERE status = 'consent_declined')",
        // The notification e-mails of the demo's history are old news: sent when they were.
        "UPDATE outbox SET status = 'sent', sent_at = created_at, attempts = 1
         WHERE status = 'pending' AND kind IN ('notification', 'digest')",
        "UPDATE outbox SET status = 'sent', sent_at = created_at, attempts = 1
         WHERE status = 'pending' AND consent_request_id IN (
            SELECT r.id FROM consent_requests r JOIN claims c ON c.id = r.claim_id
            WHERE c.status <> 'awaiting_consent')",
    ] {
        sqlx::query(sql).execute(pool).await?;
    }
    Ok(())
}
