use super::*;
use crate::ids::{AzureSubscriptionId, DomainName, MsxOpportunityId};
use proptest::prelude::*;

const TENANT: &str = "8c3d2f4e-1b2a-4c5d-9e8f-0a1b2c3d4e5f";
const OTHER_TENANT: &str = "1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b";

fn tenant(s: &str) -> TenantId {
    TenantId::parse(s).unwrap()
}

fn tpid(n: &str) -> Tpid {
    Tpid::parse(n).unwrap()
}

fn domain(s: &str) -> CustomerId {
    CustomerId::DomainName(DomainName::parse(s).unwrap())
}

fn subscription(s: &str) -> CustomerId {
    CustomerId::AzureSubscriptionId(AzureSubscriptionId::parse(s).unwrap())
}

fn opportunity(s: &str) -> CustomerId {
    CustomerId::MsxOpportunityId(MsxOpportunityId::parse(s).unwrap())
}

#[test]
fn a_domain_is_the_customer_of_its_tenant() {
    let facts = KeyFacts {
        tenant: Some(tenant(TENANT)),
        ..KeyFacts::default()
    };
    assert_eq!(
        customer_key(&domain("northwind.fr"), &facts),
        CustomerKey::Tenant(tenant(TENANT))
    );
}

#[test]
fn a_domain_of_a_tenant_under_a_tpid_is_the_customer_of_that_tpid() {
    let facts = KeyFacts {
        tenant: Some(tenant(TENANT)),
        tenant_parents: vec![tpid("4242")],
        ..KeyFacts::default()
    };
    assert_eq!(
        customer_key(&domain("northwind.fr"), &facts),
        CustomerKey::Tpid(tpid("4242"))
    );
}

#[test]
fn a_domain_the_directory_does_not_know_is_a_customer_of_its_own() {
    let id = domain("unknown.example");
    assert_eq!(
        customer_key(&id, &KeyFacts::default()),
        CustomerKey::Unresolved(id.clone())
    );
}

#[test]
fn a_subscription_is_the_customer_of_its_tenant() {
    let facts = KeyFacts {
        tenant: Some(tenant(TENANT)),
        ..KeyFacts::default()
    };
    assert_eq!(
        customer_key(&subscription(OTHER_TENANT), &facts),
        CustomerKey::Tenant(tenant(TENANT))
    );
}

#[test]
fn an_unknown_subscription_is_a_customer_of_its_own() {
    let id = subscription(OTHER_TENANT);
    assert_eq!(
        customer_key(&id, &KeyFacts::default()),
        CustomerKey::Unresolved(id.clone())
    );
}

#[test]
fn a_tenant_without_a_parent_is_its_own_customer() {
    let id = CustomerId::TenantId(tenant(TENANT));
    assert_eq!(
        customer_key(&id, &KeyFacts::default()),
        CustomerKey::Tenant(tenant(TENANT))
    );
}

#[test]
fn a_tenant_with_a_parent_tpid_is_the_customer_of_that_tpid() {
    let id = CustomerId::TenantId(tenant(TENANT));
    let facts = KeyFacts {
        tenant_parents: vec![tpid("777")],
        ..KeyFacts::default()
    };
    assert_eq!(customer_key(&id, &facts), CustomerKey::Tpid(tpid("777")));
}

#[test]
fn a_tenant_listed_under_several_tpids_takes_the_lowest() {
    let id = CustomerId::TenantId(tenant(TENANT));
    let facts = KeyFacts {
        tenant_parents: vec![tpid("90"), tpid("100"), tpid("9")],
        ..KeyFacts::default()
    };
    assert_eq!(customer_key(&id, &facts), CustomerKey::Tpid(tpid("9")));
}

#[test]
fn a_tpid_is_its_own_customer_whatever_the_facts_say() {
    let facts = KeyFacts {
        tenant: Some(tenant(TENANT)),
        tenant_parents: vec![tpid("1")],
        opportunity_tpid: Some(tpid("2")),
    };
    assert_eq!(
        customer_key(&CustomerId::Tpid(tpid("4242")), &facts),
        CustomerKey::Tpid(tpid("4242"))
    );
}

#[test]
fn an_opportunity_is_the_customer_of_its_tpid() {
    let facts = KeyFacts {
        opportunity_tpid: Some(tpid("4242")),
        ..KeyFacts::default()
    };
    assert_eq!(
        customer_key(&opportunity("7-3FS2XQBWAO"), &facts),
        CustomerKey::Tpid(tpid("4242"))
    );
}

#[test]
fn an_unknown_opportunity_is_a_customer_of_its_own() {
    let id = opportunity("7-3FS2XQBWAO");
    assert_eq!(
        customer_key(&id, &KeyFacts::default()),
        CustomerKey::Unresolved(id.clone())
    );
}

#[test]
fn every_key_round_trips_through_its_stored_form() {
    for key in [
        CustomerKey::Tpid(tpid("4242")),
        CustomerKey::Tenant(tenant(TENANT)),
        CustomerKey::Unresolved(domain("bäckerei-münchen.de")),
        CustomerKey::Unresolved(opportunity("7-3FS2XQBWAO")),
    ] {
        assert_eq!(CustomerKey::from_code(&key.code()), Some(key.clone()));
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(serde_json::from_str::<CustomerKey>(&json).unwrap(), key);
    }
    assert_eq!(CustomerKey::Tpid(tpid("42")).code(), "tpid:42");
    assert_eq!(
        CustomerKey::Tenant(tenant(TENANT)).code(),
        format!("tenant:{TENANT}")
    );
}

#[test]
fn a_stored_form_that_is_not_normalised_is_refused() {
    for bad in [
        "tpid:007",
        "tpid:",
        "tenant:8C3D2F4E-1B2A-4C5D-9E8F-0A1B2C3D4E5F",
        "domain_name:Contoso.com",
        "galaxy:1",
        "no colon",
    ] {
        assert_eq!(CustomerKey::from_code(bad), None, "{bad}");
    }
    assert!(serde_json::from_str::<CustomerKey>("\"tpid:007\"").is_err());
}

/// One organisation of a generated directory: an optional parent TPID, tenants with their
/// domains and subscriptions, and opportunities (only under a TPID).
#[derive(Debug, Clone)]
struct Organisation {
    tpid: Option<Tpid>,
    tenants: Vec<(TenantId, Vec<DomainName>, Vec<AzureSubscriptionId>)>,
    opportunities: Vec<MsxOpportunityId>,
}

impl Organisation {
    /// What the directory says of one of this organisation's IDs, as the repository gathers it.
    fn facts(&self, id: &CustomerId) -> KeyFacts {
        let parents = || self.tpid.into_iter().collect::<Vec<_>>();
        match id {
            CustomerId::DomainName(d) => {
                let owner = self.tenants.iter().find(|(_, ds, _)| ds.contains(d));
                KeyFacts {
                    tenant: owner.map(|(t, _, _)| t.clone()),
                    tenant_parents: parents(),
                    opportunity_tpid: None,
                }
            }
            CustomerId::AzureSubscriptionId(s) => {
                let owner = self.tenants.iter().find(|(_, _, ss)| ss.contains(s));
                KeyFacts {
                    tenant: owner.map(|(t, _, _)| t.clone()),
                    tenant_parents: parents(),
                    opportunity_tpid: None,
                }
            }
            CustomerId::TenantId(_) => KeyFacts {
                tenant_parents: parents(),
                ..KeyFacts::default()
            },
            CustomerId::MsxOpportunityId(_) => KeyFacts {
                opportunity_tpid: self.tpid,
                ..KeyFacts::default()
            },
            CustomerId::Tpid(_) => KeyFacts::default(),
        }
    }

    fn ids(&self) -> Vec<CustomerId> {
        let mut ids: Vec<CustomerId> = self.tpid.map(CustomerId::Tpid).into_iter().collect();
        for (tenant, domains, subscriptions) in &self.tenants {
            ids.push(CustomerId::TenantId(tenant.clone()));
            ids.extend(domains.iter().cloned().map(CustomerId::DomainName));
            ids.extend(
                subscriptions
                    .iter()
                    .cloned()
                    .map(CustomerId::AzureSubscriptionId),
            );
        }
        ids.extend(
            self.opportunities
                .iter()
                .cloned()
                .map(CustomerId::MsxOpportunityId),
        );
        ids
    }
}

fn guid() -> impl Strategy<Value = String> {
    any::<[u8; 16]>().prop_map(|b| {
        let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    })
}

fn tenant_entry() -> impl Strategy<Value = (TenantId, Vec<DomainName>, Vec<AzureSubscriptionId>)> {
    (
        guid(),
        prop::collection::vec("[a-z][a-z0-9]{0,8}\\.(com|fr|de)", 0..4),
        prop::collection::vec(guid(), 0..3),
    )
        .prop_map(|(t, domains, subscriptions)| {
            (
                TenantId::parse(&t).unwrap(),
                domains
                    .iter()
                    .map(|d| DomainName::parse(d).unwrap())
                    .collect(),
                subscriptions
                    .iter()
                    .map(|s| AzureSubscriptionId::parse(s).unwrap())
                    .collect(),
            )
        })
}

/// An organisation with a TPID may have several tenants and opportunities; one without is a
/// single tenant (two tenants under no common parent are two customers).
fn organisation() -> impl Strategy<Value = Organisation> {
    prop_oneof![
        (
            1u64..9_999_999_999,
            prop::collection::vec(tenant_entry(), 1..4),
            prop::collection::vec("[A-Z0-9]{10}", 0..3),
        )
            .prop_map(|(n, tenants, opportunities)| Organisation {
                tpid: Some(Tpid::parse(&n.to_string()).unwrap()),
                tenants,
                opportunities: opportunities
                    .iter()
                    .map(|o| MsxOpportunityId::parse(&format!("7-{o}")).unwrap())
                    .collect(),
            }),
        tenant_entry().prop_map(|t| Organisation {
            tpid: None,
            tenants: vec![t],
            opportunities: Vec::new(),
        }),
    ]
}

proptest! {
    #[test]
    fn every_id_of_one_organisation_gives_one_key(org in organisation()) {
        let keys: std::collections::BTreeSet<CustomerKey> =
            org.ids().iter().map(|id| customer_key(id, &org.facts(id))).collect();
        prop_assert_eq!(keys.len(), 1, "{:?}", keys);
        let expected = match org.tpid {
            Some(t) => CustomerKey::Tpid(t),
            None => CustomerKey::Tenant(org.tenants[0].0.clone()),
        };
        prop_assert_eq!(keys.into_iter().next(), Some(expected));
    }

    #[test]
    fn a_key_survives_its_stored_form(org in organisation()) {
        for id in org.ids() {
            let key = customer_key(&id, &org.facts(&id));
            prop_assert_eq!(CustomerKey::from_code(&key.code()), Some(key));
        }
    }
}
