//! The Customers page on both backends: what each tab holds for a partner, by the rules.

mod common;

use app::claims::repo::claim_state;
use app::customers::model::{Cursor, RowAction, SortKey, Tab};
use app::customers::service::{customer_counts, customers_page, customers_page_sized};
use app::error::AppError;
use common::fixtures::{
    act, engagement_id, scope_of, tab_query, ClaimFixture, AZ_ACCEL_DEPLOY, AZ_MIG_ASSESS, CONSENT,
    CONTOSO_ADMIN, CONTOSO_USER, DAY, DECLINE, FABRIKAM_ADMIN, LOC_LYON, LOC_PARIS,
    M365_COPILOT_WS, SEC_ENVISION, T_ADVENTURE, T_BACKEREI, T_NORTHWIND, T_TAILSPIN, T_WWI,
};
use common::{seeded_state, Backend};
use domain::EngagementId;
use domain::{Actor, ClaimAction, ClaimStatus, CustomerIdType};

fn ids(page: &app::customers::model::CustomersPage) -> Vec<String> {
    page.rows.iter().map(|r| r.customer_id.value()).collect()
}

async fn the_tabs_follow_the_rules_for_the_demo_partner(backend: Backend) {
    let (_guard, db, state, clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let security = engagement_id(&db, SEC_ENVISION).await;
    let m365 = engagement_id(&db, M365_COPILOT_WS).await;
    let accelerate = engagement_id(&db, AZ_ACCEL_DEPLOY).await;

    // A fresh partner has no known customers.
    let empty = customers_page(&state, &admin, tab_query(migration, Tab::Eligible))
        .await
        .unwrap();
    assert!(empty.rows.is_empty());
    let counts = customer_counts(&state, &admin, migration, "")
        .await
        .unwrap();
    assert_eq!(
        (counts.eligible, counts.ineligible, counts.completed),
        (0, 0, 0)
    );

    // An open claim shows on its engagement's Eligible tab with what can be done now.
    let northwind = ClaimFixture::new(&state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .create()
        .await
        .claim_ref;
    let page = customers_page(&state, &admin, tab_query(migration, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(ids(&page), ["northwind.fr"]);
    let row = &page.rows[0];
    assert_eq!(row.customer_name, "Northwind Traders");
    assert_eq!(row.claim_ref.as_ref(), Some(&northwind));
    assert_eq!(row.claim_status, Some(ClaimStatus::CustomerClaimed));
    assert!(row.date.is_some(), "the consent deadline");
    assert_eq!(row.actions, [RowAction::SendConsent, RowAction::ViewClaim]);
    // Not yet consented: unknown on the other engagements.
    assert!(
        customers_page(&state, &admin, tab_query(m365, Tab::Eligible))
            .await
            .unwrap()
            .rows
            .is_empty()
    );

    // Once the customer consents, it is known on every engagement, evaluated with the ID it is
    // known by: no cascade from the domain to the tenant.
    act(&state, &northwind, &CONSENT).await;
    let page = customers_page(&state, &admin, tab_query(migration, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(
        page.rows[0].claim_status,
        Some(ClaimStatus::ConsentReceived)
    );
    assert!(page.rows[0].actions.contains(&RowAction::SubmitClaim));
    let m365_page = customers_page(&state, &admin, tab_query(m365, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(ids(&m365_page), ["northwind.fr"]);
    assert_eq!(m365_page.rows[0].actions, [RowAction::ClaimCustomer]);
    // Security Envisioning accepts tenant IDs and TPIDs, not domains: ineligible as known.
    let security_page = customers_page(&state, &admin, tab_query(security, Tab::Ineligible))
        .await
        .unwrap();
    assert_eq!(ids(&security_page), ["northwind.fr"]);
    let codes: Vec<&str> = security_page.rows[0]
        .reasons
        .iter()
        .flat_map(|r| r.reasons.iter().map(|r| r.code.code()))
        .collect();
    assert_eq!(codes, ["id_type_not_accepted"]);
    // An MSX-only engagement shows a note instead of the rows.
    let msx = customers_page(&state, &admin, tab_query(accelerate, Tab::Ineligible))
        .await
        .unwrap();
    assert!(msx.msx_only);
    assert!(msx.rows.is_empty());

    // A newly added customer whose claim is declined disappears from that engagement's page.
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_ADVENTURE)
        .on(AZ_MIG_ASSESS)
        .contact_email("cio@adventure-works.com")
        .then(&DECLINE)
        .create()
        .await;
    // ... and one whose consent expires too.
    let tailspin = ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_TAILSPIN)
        .on(AZ_MIG_ASSESS)
        .contact_email("it@tailspintoys.com")
        .create()
        .await
        .claim_ref;
    clock.advance(31 * DAY);
    app::claims::sweeper::sweep(&state).await.unwrap();
    assert_eq!(
        claim_state(&db.pool, &tailspin)
            .await
            .unwrap()
            .unwrap()
            .status,
        ClaimStatus::ConsentExpired
    );
    for tab in Tab::ALL {
        let page = customers_page(&state, &admin, tab_query(migration, tab))
            .await
            .unwrap();
        assert!(!ids(&page).contains(&T_ADVENTURE.to_owned()), "{tab:?}");
        assert!(!ids(&page).contains(&T_TAILSPIN.to_owned()), "{tab:?}");
    }

    // A cancelled claim ends in Completed with its end date; the customer, known, stays eligible.
    act(
        &state,
        &northwind,
        &[(ClaimAction::Cancel, Actor::PartnerAdmin)],
    )
    .await;
    let completed = customers_page(&state, &admin, tab_query(migration, Tab::Completed))
        .await
        .unwrap();
    assert_eq!(completed.rows.len(), 1);
    assert_eq!(completed.rows[0].claim_ref.as_ref(), Some(&northwind));
    assert_eq!(completed.rows[0].claim_status, Some(ClaimStatus::Canceled));
    assert!(completed.rows[0].date.is_some());
    let eligible = customers_page(&state, &admin, tab_query(migration, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(eligible.rows[0].actions, [RowAction::ClaimCustomer]);
    assert_eq!(
        customer_counts(&state, &admin, migration, "")
            .await
            .unwrap()
            .completed,
        1
    );
}

async fn another_partner_sees_nothing_of_it(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let contoso = scope_of(&db, CONTOSO_ADMIN).await;
    let fabrikam = scope_of(&db, FABRIKAM_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let security = engagement_id(&db, SEC_ENVISION).await;
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_NORTHWIND)
        .on(AZ_MIG_ASSESS)
        .create()
        .await;
    let page = customers_page(&state, &fabrikam, tab_query(migration, Tab::Eligible))
        .await
        .unwrap();
    assert!(page.rows.is_empty());
    assert_eq!(
        customer_counts(&state, &fabrikam, migration, "")
            .await
            .unwrap()
            .eligible,
        0
    );
    assert_eq!(
        customer_counts(&state, &fabrikam, security, "")
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    // An engagement the partner has no eligible location for has no Customers page.
    assert_eq!(
        customers_page(&state, &fabrikam, tab_query(security, Tab::Eligible))
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    assert_eq!(
        customers_page(
            &state,
            &contoso,
            tab_query(EngagementId::new(999_999), Tab::Eligible)
        )
        .await
        .unwrap_err(),
        AppError::NotFound
    );
}

async fn search_sort_and_keyset_pages_walk_every_row_once(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    let tenants = [T_NORTHWIND, T_ADVENTURE, T_TAILSPIN, T_WWI, T_BACKEREI];
    let mut refs = Vec::new();
    for (i, tenant) in tenants.iter().enumerate() {
        let claim = ClaimFixture::new(&state)
            .customer(CustomerIdType::TenantId, tenant)
            .on(AZ_MIG_ASSESS)
            .friendly_name(format!("Wave {i}"))
            .mismatch_reason("contact_at_subsidiary")
            .create()
            .await;
        refs.push(claim.claim_ref);
    }
    // A sixth customer, known by a subscription (Northwind's own would be Northwind again).
    let subscription = "a1b2c3d4-e5f6-4789-a012-b3c4d5e6f7ff";
    for statement in [
        "INSERT INTO directory_tenants (tenant_id, name, country, segment) VALUES ('4f4f4f4f-1111-4222-8333-444455556666', 'Fourth Coffee', 'US', 'SMB')".to_owned(),
        format!("INSERT INTO directory_subscriptions (subscription_id, tenant_id, name) VALUES ('{subscription}', '4f4f4f4f-1111-4222-8333-444455556666', 'Fourth Coffee production')"),
        format!("INSERT INTO eligibility_lists (engagement_id, id_type, id_value) VALUES ({migration}, 'azure_subscription_id', '{subscription}')"),
    ] {
        sqlx::query(&statement).execute(&db.pool).await.unwrap();
    }
    ClaimFixture::new(&state)
        .customer(CustomerIdType::AzureSubscriptionId, subscription)
        .on(AZ_MIG_ASSESS)
        .create()
        .await;

    // Forward through pages of two, by customer name: every row once, in order.
    let mut q = tab_query(migration, Tab::Eligible);
    q.sort = SortKey::Customer;
    let mut seen = Vec::new();
    let mut pages = Vec::new();
    loop {
        let page = customers_page_sized(&state, &admin, q.clone(), 2)
            .await
            .unwrap();
        seen.extend(page.rows.iter().map(|r| r.customer_name.clone()));
        pages.push(page.clone());
        match page.next {
            Some(next) => q.after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6);
    let mut sorted = seen.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(seen, sorted);
    assert_eq!(pages.len(), 3);
    // ... and back: the previous page of the last is the middle one.
    let mut back = q.clone();
    back.after = None;
    back.before = pages[2].previous.clone();
    let middle = customers_page_sized(&state, &admin, back, 2).await.unwrap();
    assert_eq!(ids(&middle), ids(&pages[1]));
    assert!(middle.previous.is_some() && middle.next.is_some());

    // Descending by friendly name.
    let mut desc = tab_query(migration, Tab::Eligible);
    desc.sort = SortKey::FriendlyName;
    desc.descending = true;
    let page = customers_page(&state, &admin, desc).await.unwrap();
    assert_eq!(
        page.rows.first().map(|r| r.friendly_name.as_str()),
        Some("Wave 4")
    );

    // Search by claim reference, by name, by ID value; the counts follow the search.
    let mut search = tab_query(migration, Tab::Eligible);
    search.search = refs[1].as_str().to_lowercase();
    let page = customers_page(&state, &admin, search.clone())
        .await
        .unwrap();
    assert_eq!(ids(&page), [T_ADVENTURE]);
    assert_eq!(
        customer_counts(&state, &admin, migration, &search.search)
            .await
            .unwrap()
            .eligible,
        1
    );
    search.search = "bäckerei".into();
    assert_eq!(
        customers_page(&state, &admin, search.clone())
            .await
            .unwrap()
            .rows
            .len(),
        1
    );
    search.search = "E5F6-4789-A012".into();
    assert_eq!(
        ids(&customers_page(&state, &admin, search.clone())
            .await
            .unwrap()),
        [subscription]
    );
    search.search = "%".into();
    assert!(
        customers_page(&state, &admin, search)
            .await
            .unwrap()
            .rows
            .is_empty(),
        "wildcards are literal"
    );

    // A crafted cursor is only a position: no error, no other partner's rows.
    let mut crafted = tab_query(migration, Tab::Eligible);
    crafted.after = Some(
        Cursor {
            text: "' OR 1=1 --".into(),
            number: 0,
            value: "y".into(),
        }
        .encode(),
    );
    assert!(customers_page(&state, &admin, crafted.clone())
        .await
        .is_ok());
    crafted.after = Some("not json".into());
    assert_eq!(
        customers_page(&state, &admin, crafted)
            .await
            .unwrap()
            .rows
            .len(),
        6
    );
}

async fn an_incentives_user_sees_the_claims_of_its_locations_only(backend: Backend) {
    let (_guard, db, state, _clock) = seeded_state(backend).await;
    let admin = scope_of(&db, CONTOSO_ADMIN).await;
    let user = scope_of(&db, CONTOSO_USER).await;
    let migration = engagement_id(&db, AZ_MIG_ASSESS).await;
    // Two customers: one claim from a location the user may not use, one from its own.
    ClaimFixture::new(&state)
        .customer(CustomerIdType::TenantId, T_ADVENTURE)
        .on(AZ_MIG_ASSESS)
        .at(LOC_LYON)
        .mismatch_reason("contact_at_subsidiary")
        .create()
        .await;
    ClaimFixture::new(&state)
        .customer(CustomerIdType::DomainName, "northwind.fr")
        .on(AZ_MIG_ASSESS)
        .at(LOC_PARIS)
        .create()
        .await;
    assert_eq!(
        customers_page(&state, &admin, tab_query(migration, Tab::Eligible))
            .await
            .unwrap()
            .rows
            .len(),
        2
    );
    let page = customers_page(&state, &user, tab_query(migration, Tab::Eligible))
        .await
        .unwrap();
    assert_eq!(ids(&page), ["northwind.fr"]);
    assert_eq!(
        customer_counts(&state, &user, migration, "")
            .await
            .unwrap()
            .eligible,
        1
    );
}

backend_tests!(
    the_tabs_follow_the_rules_for_the_demo_partner,
    another_partner_sees_nothing_of_it,
    search_sort_and_keyset_pages_walk_every_row_once,
    an_incentives_user_sees_the_claims_of_its_locations_only,
);
