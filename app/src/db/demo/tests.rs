//! The demo's files against the import's checks, without a database: each file is checked
//! against what the files before it add to the directory, as seeding loads them. (Seeding
//! itself, on both backends, is in `server/tests/db.rs`.)

use super::data::ENGAGEMENTS;
use super::{problems, DemoFile, DIRECTORY_FILES, ELIGIBILITY_FILE};
use crate::db::demo_ids::*;
use crate::programme::import::ImportKind;
use crate::programme::import_service::{validate, Known, Plan, Rows};
use domain::CustomerIdType;

fn checked(file: &DemoFile, known: &Known) -> Plan {
    let plan = validate(file.kind, file.bytes, known)
        .unwrap_or_else(|refusal| panic!("{} is refused: {}", file.name, problems(&refusal)));
    assert_eq!(plan.updated, 0, "{} replaces nothing", file.name);
    plan
}

/// Every plan of the demo, in seeding order, each checked against what the earlier ones add.
fn plans() -> Vec<Plan> {
    let mut known = Known::default();
    let mut plans = Vec::new();
    for file in &DIRECTORY_FILES {
        let plan = checked(file, &known);
        match &plan.rows {
            Rows::Tenants(rows) => known
                .tenants
                .extend(rows.iter().map(|r| r.tenant_id.to_string())),
            Rows::Tpids(rows) => known.tpids.extend(rows.iter().map(|r| r.tpid.to_string())),
            _ => {}
        }
        plans.push(plan);
    }
    for (i, e) in ENGAGEMENTS.iter().enumerate() {
        let id_types = e
            .id_types
            .iter()
            .map(|code| CustomerIdType::from_code(code).expect("a known ID type"))
            .collect();
        known.add_engagement(i as i64 + 1, e.code, id_types);
    }
    plans.push(checked(&ELIGIBILITY_FILE, &known));
    plans
}

#[test]
fn every_demo_file_passes_the_imports_checks_in_seeding_order() {
    let counts: Vec<u64> = plans().iter().map(|p| p.count).collect();
    assert_eq!(counts, [8, 5, 4, 5, 35]);
}

#[test]
fn the_directory_files_hold_the_demo_ids() {
    let plans = plans();
    let Rows::Tenants(tenants) = &plans[0].rows else {
        panic!("tenants first")
    };
    let ids: Vec<String> = tenants.iter().map(|r| r.tenant_id.to_string()).collect();
    assert_eq!(
        ids,
        [
            T_NORTHWIND,
            T_ADVENTURE,
            T_TAILSPIN,
            T_WWI,
            T_WOODGROVE,
            T_LITWARE,
            T_BACKEREI,
            T_PROSEWARE
        ]
    );
    let Rows::Tpids(tpids) = &plans[1].rows else {
        panic!("TPIDs second")
    };
    let ids: Vec<String> = tpids.iter().map(|r| r.tpid.to_string()).collect();
    assert_eq!(
        ids,
        [
            TPID_NORTHWIND,
            TPID_ADVENTURE,
            TPID_CONTOSO_GLOBAL,
            TPID_LITWARE,
            TPID_PROSEWARE
        ]
    );
    let Rows::Subscriptions(subscriptions) = &plans[2].rows else {
        panic!("subscriptions third")
    };
    let ids: Vec<String> = subscriptions
        .iter()
        .map(|r| r.subscription_id.to_string())
        .collect();
    assert_eq!(ids, [S_NORTHWIND, S_ADVENTURE, S_WWI, S_PROSEWARE]);
    let Rows::Opportunities(opportunities) = &plans[3].rows else {
        panic!("opportunities fourth")
    };
    let ids: Vec<String> = opportunities
        .iter()
        .map(|r| r.opportunity_id.to_string())
        .collect();
    assert_eq!(
        ids,
        [O_ADVENTURE, O_NORTHWIND, O_LITWARE, O_WWI, O_PROSEWARE]
    );
}

#[test]
fn the_internationalised_demo_domain_is_stored_in_punycode() {
    let plans = plans();
    let Rows::Tenants(tenants) = &plans[0].rows else {
        panic!("tenants first")
    };
    let backerei = tenants
        .iter()
        .find(|r| r.tenant_id.as_str() == T_BACKEREI)
        .expect("Bäckerei München");
    let domains: Vec<&str> = backerei.domains.iter().map(|d| d.as_str()).collect();
    assert_eq!(domains, ["xn--bckerei-mnchen-5hb60b.de"]);
}

#[test]
fn every_demo_engagement_has_an_eligibility_list() {
    let plans = plans();
    let Rows::Eligibility(rows) = &plans[4].rows else {
        panic!("eligibility last")
    };
    for (i, e) in ENGAGEMENTS.iter().enumerate() {
        assert!(
            rows.iter().any(|r| r.engagement_id.get() == i as i64 + 1),
            "{} has no eligible customer",
            e.code
        );
    }
}

#[test]
fn a_refused_demo_file_says_where_and_what() {
    let file = b"tpid,name,country,tenant_ids\n12x,Holdings,FR,\n";
    let refusal = validate(ImportKind::Tpids, file, &Known::default()).unwrap_err();
    let text = problems(&refusal);
    assert!(text.starts_with("line 2, tpid: Invalid"), "{text}");
    assert!(text.contains("12x"), "{text}");
}
