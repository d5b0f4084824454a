//! The validation of each import kind: what a file must hold, and every refusal with its line.

use super::*;

const NORTHWIND: &str = "3a1f6c2e-5b7d-4e8f-9a0b-1c2d3e4f5a61";
const ADVENTURE: &str = "8c3dbe5a-1f2e-4b7a-9c1d-0e2f3a4b5c6d";

fn known() -> Known {
    let mut known = Known::default();
    known.add_engagement(
        1,
        "AZ-MIG-ASSESS",
        vec![
            CustomerIdType::DomainName,
            CustomerIdType::TenantId,
            CustomerIdType::AzureSubscriptionId,
        ],
    );
    known.add_engagement(2, "AZ-ACCEL-DEPLOY", vec![CustomerIdType::MsxOpportunityId]);
    known
        .eligibility
        .insert((1, CustomerIdType::TenantId, NORTHWIND.to_owned()));
    known.tenants.insert(NORTHWIND.to_owned());
    known.tenants.insert(ADVENTURE.to_owned());
    known
        .domain_owners
        .insert("northwindtraders.com".into(), NORTHWIND.into());
    known.tpids.insert("1234567".into());
    known
}

fn refused(kind: ImportKind, csv: &str) -> Refusal {
    validate(kind, csv.as_bytes(), &known()).expect_err("the file is refused")
}

fn names(columns: &[&str]) -> Vec<String> {
    columns.iter().map(|c| (*c).to_owned()).collect()
}

fn lines(refusal: &Refusal) -> Vec<(u64, String)> {
    refusal
        .errors
        .iter()
        .map(|e| (e.line, e.column.clone()))
        .collect()
}

#[test]
fn a_good_eligibility_file_is_planned_with_normalised_values_and_counts() {
    let csv = format!(
        "Engagement_Code,ID_TYPE,id_value\n\
             az-mig-assess,tenant_id,{}\n\
             AZ-MIG-ASSESS,Tenant_ID,{{{}}}\n\
             AZ-ACCEL-DEPLOY,msx_opportunity_id,7-3fs2xqbwao\n",
        NORTHWIND.to_uppercase(),
        ADVENTURE
    );
    let plan = validate(ImportKind::Eligibility, csv.as_bytes(), &known()).unwrap();
    assert_eq!((plan.count, plan.inserted, plan.updated), (3, 2, 1));
    let Rows::Eligibility(rows) = plan.rows else {
        panic!("eligibility rows")
    };
    assert_eq!(rows[0].engagement_id, domain::EngagementId::new(1));
    assert_eq!(rows[0].id.value(), NORTHWIND);
    assert_eq!(rows[1].id.value(), ADVENTURE);
    assert_eq!(rows[2].id.value(), "7-3FS2XQBWAO");
}

#[test]
fn columns_may_come_in_any_order_after_a_byte_order_mark() {
    let csv = format!(
        "\u{feff}id_value,engagement_code,id_type\r\n{ADVENTURE},AZ-MIG-ASSESS,tenant_id\r\n"
    );
    let plan = validate(ImportKind::Eligibility, csv.as_bytes(), &known()).unwrap();
    assert_eq!(plan.count, 1);
}

#[test]
fn every_bad_row_is_listed_with_its_line_and_column() {
    let csv = format!(
        "engagement_code,id_type,id_value\n\
             AZ-MIG-ASSESS,tenant_id,{ADVENTURE}\n\
             NOPE,tenant_id,{ADVENTURE}\n\
             AZ-MIG-ASSESS,tpid,1234567\n\
             AZ-MIG-ASSESS,tenant_id,not-a-guid\n\
             AZ-MIG-ASSESS,domain_name,contoso.com\n\
             AZ-MIG-ASSESS,tenant_id,{ADVENTURE}\n"
    );
    let refusal = refused(ImportKind::Eligibility, &csv);
    assert_eq!(
        lines(&refusal),
        vec![
            (3, "engagement_code".to_owned()),
            (4, "id_type".to_owned()),
            (5, "id_value".to_owned()),
            (6, "id_type".to_owned()),
            (7, "id_value".to_owned()),
        ]
    );
    assert_eq!(refusal.more, 0);
    assert_eq!(
        refusal.errors[0].problem,
        ImportProblem::UnknownEngagement {
            code: "NOPE".into()
        }
    );
    assert!(
        matches!(&refusal.errors[2].problem, ImportProblem::Invalid { value, error }
            if value == "not-a-guid" && error.field == domain::Field::TenantId),
        "{:?}",
        refusal.errors[2]
    );
    assert_eq!(refusal.errors[3].problem, ImportProblem::DomainIdType);
    assert_eq!(
        refusal.errors[4].problem,
        ImportProblem::Duplicate { first_line: 2 }
    );
    assert_eq!(
        refusal.errors[1].problem,
        ImportProblem::IdTypeNotAccepted {
            engagement: "AZ-MIG-ASSESS".into(),
            id_type: CustomerIdType::Tpid,
            accepted: vec![
                CustomerIdType::DomainName,
                CustomerIdType::TenantId,
                CustomerIdType::AzureSubscriptionId,
            ],
        }
    );
}

#[test]
fn a_quoted_value_over_two_lines_keeps_the_line_numbers_of_the_file() {
    let csv = format!(
        "tenant_id,name,country,segment,domains\n\
             {ADVENTURE},\"Adventure\nWorks\",US,SMC,adventure-works.com\n\
             {NORTHWIND},Northwind,FRANCE,SMC,\n"
    );
    let refusal = refused(ImportKind::Tenants, &csv);
    assert_eq!(
        lines(&refusal),
        vec![(2, "name".to_owned()), (4, "country".to_owned())]
    );
}

#[test]
fn a_missing_column_is_one_file_level_problem() {
    let refusal = refused(ImportKind::Eligibility, "engagement_code,id_value\nA,B\n");
    assert_eq!(refusal.errors.len(), 1);
    assert_eq!(refusal.errors[0].line, 1);
    assert_eq!(
        refusal.errors[0].problem,
        ImportProblem::MissingColumns {
            missing: names(&["id_type"]),
            expected: names(&["engagement_code", "id_type", "id_value"]),
        }
    );
}

#[test]
fn an_extra_or_repeated_column_is_refused() {
    let refusal = refused(
        ImportKind::Subscriptions,
        "subscription_id,tenant_id,name,notes,NAME\n",
    );
    assert_eq!(
        lines(&refusal),
        vec![(1, "notes".to_owned()), (1, "name".to_owned())]
    );
}

#[test]
fn semicolon_separated_and_empty_files_are_explained() {
    let refusal = refused(
        ImportKind::Subscriptions,
        "subscription_id;tenant_id;name\n",
    );
    let expected = names(&["subscription_id", "tenant_id", "name"]);
    assert_eq!(
        refusal.errors[0].problem,
        ImportProblem::SemicolonSeparated {
            expected: expected.clone()
        }
    );
    let refusal = refused(ImportKind::Subscriptions, "");
    assert_eq!(
        refusal.errors[0].problem,
        ImportProblem::EmptyFile { expected }
    );
    let refusal = refused(
        ImportKind::Subscriptions,
        "subscription_id,tenant_id,name\n,,\n",
    );
    assert_eq!(refusal.errors[0].problem, ImportProblem::NoDataRows);
}

#[test]
fn a_row_with_the_wrong_number_of_values_is_refused() {
    let refusal = refused(
        ImportKind::Subscriptions,
        &format!(
            "subscription_id,tenant_id,name\na1b2c3d4-e5f6-4789-a012-b3c4d5e6f701,{ADVENTURE}\n"
        ),
    );
    assert_eq!(lines(&refusal), vec![(2, String::new())]);
    assert_eq!(
        refusal.errors[0].problem,
        ImportProblem::WrongValueCount {
            values: 2,
            columns: 3
        }
    );
}

#[test]
fn text_that_is_not_utf8_is_refused_on_its_line() {
    let mut bytes = format!(
        "subscription_id,tenant_id,name\na1b2c3d4-e5f6-4789-a012-b3c4d5e6f701,{ADVENTURE},ok\n"
    )
    .into_bytes();
    bytes.extend_from_slice(b"a1b2c3d4-e5f6-4789-a012-b3c4d5e6f702,x,Caf\xe9\n");
    let refusal = validate(ImportKind::Subscriptions, &bytes, &known()).unwrap_err();
    assert_eq!(lines(&refusal), vec![(3, String::new())]);
}

#[test]
fn tenants_replace_their_domains_and_a_domain_moves_only_with_its_owner() {
    let good = format!(
        "tenant_id,name,country,segment,domains\n\
             {NORTHWIND},Northwind,fr,Enterprise,\n\
             {ADVENTURE},Adventure Works,us,SMC,NorthwindTraders.com; adventure-works.com ;\n"
    );
    let plan = validate(ImportKind::Tenants, good.as_bytes(), &known()).unwrap();
    assert_eq!((plan.inserted, plan.updated), (0, 2));
    let Rows::Tenants(rows) = plan.rows else {
        panic!("tenant rows")
    };
    assert_eq!(rows[0].country, "FR");
    assert!(rows[0].domains.is_empty());
    assert_eq!(
        rows[1]
            .domains
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>(),
        ["northwindtraders.com", "adventure-works.com"]
    );

    let stolen = format!(
            "tenant_id,name,country,segment,domains\n{ADVENTURE},Adventure Works,US,SMC,northwindtraders.com\n"
        );
    let refusal = refused(ImportKind::Tenants, &stolen);
    assert_eq!(lines(&refusal), vec![(2, "domains".to_owned())]);
    assert_eq!(
        refusal.errors[0].problem,
        ImportProblem::DomainOwnedElsewhere {
            domain: "northwindtraders.com".into(),
            owner: NORTHWIND.into(),
        }
    );
}

#[test]
fn a_domain_listed_for_two_tenants_of_one_file_is_refused_on_the_later_row() {
    let csv = format!(
        "tenant_id,name,country,segment,domains\n\
             {NORTHWIND},Northwind,FR,SMC,shared.example\n\
             {ADVENTURE},Adventure,US,SMC,shared.example;bad..example\n"
    );
    let refusal = refused(ImportKind::Tenants, &csv);
    assert_eq!(
        lines(&refusal),
        vec![(3, "domains".to_owned()), (3, "domains".to_owned())]
    );
}

#[test]
fn references_must_be_in_the_directory() {
    let unknown_tenant = "0b7e2d94-6c1a-4f3b-8e5d-2a9c7f1e4b30";
    let refusal = refused(
        ImportKind::Tpids,
        &format!("tpid,name,country,tenant_ids\n0042,Tailspin,US,{unknown_tenant};{ADVENTURE}\n"),
    );
    assert_eq!(lines(&refusal), vec![(2, "tenant_ids".to_owned())]);
    let refusal = refused(
        ImportKind::Opportunities,
        "opportunity_id,tpid,name,deal_value,currency,country,market_band,stage\n\
             7-AAAAAAAAAA,7654321,Deal,10.00,USD,US,A,open\n",
    );
    assert_eq!(lines(&refusal), vec![(2, "tpid".to_owned())]);
}

#[test]
fn an_opportunity_file_is_checked_cell_by_cell() {
    let csv = "opportunity_id,tpid,name,deal_value,currency,country,market_band,stage\n\
                   7-aaaaaaaaaa,01234567,Deal,125000.5,usd,us,b,Won\n\
                   7-BBBBBBBBBB,1234567,,12.345,US,USA,E,closed\n";
    let refusal = refused(ImportKind::Opportunities, csv);
    assert_eq!(
        lines(&refusal),
        [
            "name",
            "deal_value",
            "currency",
            "country",
            "market_band",
            "stage"
        ]
        .map(|c| (3, c.to_owned()))
        .to_vec()
    );
    let plan = validate(
        ImportKind::Opportunities,
        csv.lines()
            .take(2)
            .collect::<Vec<_>>()
            .join("\n")
            .as_bytes(),
        &known(),
    )
    .unwrap();
    let Rows::Opportunities(rows) = plan.rows else {
        panic!("opportunity rows")
    };
    let row = &rows[0];
    assert_eq!(row.opportunity_id.as_str(), "7-AAAAAAAAAA");
    assert_eq!(row.tpid.to_string(), "1234567");
    assert_eq!(row.deal_value_cents, 12_500_050);
    assert_eq!((row.currency.as_str(), row.country.as_str()), ("USD", "US"));
    assert_eq!((row.market_band, row.stage), (MarketBand::B, "won"));
}

#[test]
fn amounts_are_read_to_the_cent_without_floats() {
    assert_eq!(parse_cents("125000.00"), Some(12_500_000));
    assert_eq!(parse_cents("125000"), Some(12_500_000));
    assert_eq!(parse_cents("0.1"), Some(10));
    assert_eq!(parse_cents("0.07"), Some(7));
    for bad in [
        "",
        "-1",
        "+1",
        "1.",
        ".5",
        "1.234",
        "1,000.00",
        "1e3",
        "1 000",
        "99999999999999999999",
    ] {
        assert_eq!(parse_cents(bad), None, "{bad}");
    }
}

#[test]
fn only_the_first_problems_are_listed_and_the_rest_counted() {
    let mut csv = String::from("subscription_id,tenant_id,name\n");
    for _ in 0..300 {
        csv.push_str(&format!("bad,{ADVENTURE},x\n"));
    }
    let refusal = refused(ImportKind::Subscriptions, &csv);
    assert_eq!(refusal.errors.len(), MAX_LISTED_ERRORS);
    assert_eq!(refusal.more, 100);
    assert_eq!(refusal.errors[0].line, 2);
}

#[test]
fn a_file_with_too_many_rows_is_refused() {
    let mut csv = String::from("engagement_code,id_type,id_value\n");
    for i in 0..=MAX_ROWS {
        csv.push_str(&format!("AZ-ACCEL-DEPLOY,msx_opportunity_id,7-{i:010}\n"));
    }
    let refusal = refused(ImportKind::Eligibility, &csv);
    assert_eq!(refusal.errors.len(), 1);
    assert_eq!(refusal.errors[0].line, MAX_ROWS as u64 + 2);
    assert_eq!(
        refusal.errors[0].problem,
        ImportProblem::TooManyRows { max: 50_000 }
    );
}
