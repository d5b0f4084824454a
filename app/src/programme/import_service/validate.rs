//! Reading and checking one CSV file of programme data, without a database: the header, then
//! every row parsed with the domain's parsers and checked against what the directory already
//! holds ([`Known`]). Either every row is good and the answer is a [`Plan`] to write, or the
//! answer lists every problem found ([`Refusal`]).
//!
//! Over 400 lines because it holds the rules of every import kind's columns side by side, which
//! share one reader and one way of naming a bad cell; its tests are in `validate/tests.rs`.

use crate::programme::import::{
    ColumnSpec, ImportKind, ImportProblem, RowError, MAX_LISTED_ERRORS, MAX_ROWS,
};
use domain::EngagementId;
use domain::{
    AzureSubscriptionId, CustomerId, CustomerIdType, DomainName, MarketBand, MsxOpportunityId,
    ParseError, TenantId, Tpid,
};
use std::collections::{HashMap, HashSet};

/// Problems kept for sorting by line; beyond this they are only counted. A file of garbage
/// stays cheap to refuse.
const KEPT_ERRORS: usize = 20_000;
const NAME_MAX: usize = 200;
const SEGMENT_MAX: usize = 100;

/// An engagement as an eligibility file refers to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownEngagement {
    pub id: i64,
    pub code: String,
    pub id_types: Vec<CustomerIdType>,
}

impl KnownEngagement {
    /// Whether its list may hold IDs of this type. A domain is checked through the tenant it
    /// resolves to, so an engagement that accepts domains takes tenant IDs on its list.
    fn lists(&self, kind: CustomerIdType) -> bool {
        self.id_types.contains(&kind)
            || (kind == CustomerIdType::TenantId
                && self.id_types.contains(&CustomerIdType::DomainName))
    }
}

/// What the database already holds that a file refers to or replaces (normalised values). Only
/// the parts a kind of file needs are filled.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Engagements by lower-cased code.
    pub engagements: HashMap<String, KnownEngagement>,
    /// (engagement id, ID type, value) already on eligibility lists.
    pub eligibility: HashSet<(i64, CustomerIdType, String)>,
    pub tenants: HashSet<String>,
    /// Domain → the tenant it belongs to.
    pub domain_owners: HashMap<String, String>,
    pub tpids: HashSet<String>,
    pub subscriptions: HashSet<String>,
    pub opportunities: HashSet<String>,
}

impl Known {
    /// An engagement to refer to by code (tests and callers building a snapshot).
    pub fn add_engagement(&mut self, id: i64, code: &str, id_types: Vec<CustomerIdType>) {
        self.engagements.insert(
            code.to_lowercase(),
            KnownEngagement {
                id,
                code: code.to_owned(),
                id_types,
            },
        );
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityRow {
    pub engagement_id: EngagementId,
    pub id: CustomerId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TenantRow {
    pub tenant_id: TenantId,
    pub name: String,
    pub country: String,
    pub segment: String,
    pub domains: Vec<DomainName>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TpidRow {
    pub tpid: Tpid,
    pub name: String,
    pub country: String,
    pub tenant_ids: Vec<TenantId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRow {
    pub subscription_id: AzureSubscriptionId,
    pub tenant_id: TenantId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpportunityRow {
    pub opportunity_id: MsxOpportunityId,
    pub tpid: Tpid,
    pub name: String,
    pub deal_value_cents: i64,
    pub currency: String,
    pub country: String,
    pub market_band: MarketBand,
    /// `open`, `won` or `lost`.
    pub stage: &'static str,
}

/// The good rows of a file, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rows {
    Eligibility(Vec<EligibilityRow>),
    Tenants(Vec<TenantRow>),
    Tpids(Vec<TpidRow>),
    Subscriptions(Vec<SubscriptionRow>),
    Opportunities(Vec<OpportunityRow>),
}

/// A file with no problem: what to write, and what it will change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub rows: Rows,
    pub count: u64,
    pub inserted: u64,
    pub updated: u64,
}

/// A file refused: the first problems by line, and how many more there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub errors: Vec<RowError>,
    pub more: u64,
}

/// Every problem found, kept in the order of the file when listed.
#[derive(Default)]
struct Problems {
    kept: Vec<RowError>,
    total: u64,
}

impl Problems {
    fn push(&mut self, error: RowError) {
        self.total += 1;
        if self.kept.len() < KEPT_ERRORS {
            self.kept.push(error);
        }
    }

    fn add(&mut self, line: u64, column: &str, problem: ImportProblem) {
        self.push(RowError::new(line, column, problem));
    }

    fn into_refusal(mut self) -> Refusal {
        // Stable: the problems of one line stay in column order.
        self.kept.sort_by_key(|e| e.line);
        self.kept.truncate(MAX_LISTED_ERRORS);
        let more = self.total - self.kept.len() as u64;
        Refusal {
            errors: self.kept,
            more,
        }
    }
}

/// Reads and checks a whole file of the given kind against the directory as it is.
pub fn validate(kind: ImportKind, bytes: &[u8], known: &Known) -> Result<Plan, Refusal> {
    let mut problems = Problems::default();
    // Spreadsheets save "CSV UTF-8" with a byte-order mark, which is not part of the first name.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(_) => {
            problems.add(1, "", ImportProblem::HeaderNotUtf8);
            return Err(problems.into_refusal());
        }
    };
    let Some(index) = column_index(kind, &header, &mut problems) else {
        return Err(problems.into_refusal());
    };

    let mut checker = Checker::new(kind, known);
    let mut data_rows = 0usize;
    let mut last_line = 1;
    for result in reader.records() {
        let record = match result {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(last_line + 1, |p| p.line());
                last_line = line;
                problems.add(line, "", ImportProblem::LineNotUtf8);
                if matches!(error.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        };
        let line = record.position().map_or(last_line + 1, |p| p.line());
        last_line = line;
        // Spreadsheets leave rows of empty cells ("",,,) after the data.
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        data_rows += 1;
        if data_rows > MAX_ROWS {
            problems.add(
                line,
                "",
                ImportProblem::TooManyRows {
                    max: MAX_ROWS as u64,
                },
            );
            break;
        }
        if record.len() != header.len() {
            problems.add(
                line,
                "",
                ImportProblem::WrongValueCount {
                    values: record.len() as u64,
                    columns: header.len() as u64,
                },
            );
            continue;
        }
        let cells = Cells {
            record: &record,
            index: &index,
            columns: kind.columns(),
            line,
        };
        checker.row(&cells, &mut problems);
    }
    if data_rows == 0 && problems.total == 0 {
        problems.add(1, "", ImportProblem::NoDataRows);
    }
    checker.finish(&mut problems);
    if problems.total > 0 {
        return Err(problems.into_refusal());
    }
    Ok(checker.plan())
}

/// Where each documented column is in the file, or `None` (with the problems) when the header
/// is not exactly the documented set of columns.
fn column_index(
    kind: ImportKind,
    header: &csv::StringRecord,
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    let columns = kind.columns();
    let expected = || {
        columns
            .iter()
            .map(|c| c.name.to_owned())
            .collect::<Vec<_>>()
    };
    if header.iter().all(|name| name.trim().is_empty()) {
        let expected = expected();
        problems.add(1, "", ImportProblem::EmptyFile { expected });
        return None;
    }
    if header.len() == 1 && header[0].contains(';') {
        let expected = expected();
        problems.add(1, "", ImportProblem::SemicolonSeparated { expected });
        return None;
    }
    let mut found: Vec<Option<usize>> = vec![None; columns.len()];
    let before = problems.total;
    for (position, raw) in header.iter().enumerate() {
        let name = raw.trim().to_lowercase();
        if name.is_empty() {
            problems.add(
                1,
                "",
                ImportProblem::UnnamedColumn {
                    position: position as u64 + 1,
                    expected: expected(),
                },
            );
            continue;
        }
        match columns.iter().position(|c| c.name == name) {
            Some(i) if found[i].is_some() => {
                problems.add(1, columns[i].name, ImportProblem::RepeatedColumn { name })
            }
            Some(i) => found[i] = Some(position),
            None => problems.add(
                1,
                raw.trim(),
                ImportProblem::UnknownColumn {
                    name: shown(raw.trim()),
                    expected: expected(),
                },
            ),
        }
    }
    let missing: Vec<String> = columns
        .iter()
        .zip(&found)
        .filter(|(_, at)| at.is_none())
        .map(|(c, _)| c.name.to_owned())
        .collect();
    if !missing.is_empty() {
        problems.add(
            1,
            "",
            ImportProblem::MissingColumns {
                missing,
                expected: expected(),
            },
        );
    }
    if problems.total > before {
        return None;
    }
    Some(found.into_iter().flatten().collect())
}

/// A value as a message quotes it: at most 60 characters.
fn shown(value: &str) -> String {
    if value.chars().count() <= 60 {
        value.to_owned()
    } else {
        let head: String = value.chars().take(59).collect();
        format!("{head}…")
    }
}

/// One data row, its cells found by column name.
struct Cells<'a> {
    record: &'a csv::StringRecord,
    index: &'a [usize],
    columns: &'static [ColumnSpec],
    line: u64,
}

impl Cells<'_> {
    fn get(&self, column: &str) -> &str {
        let i = self
            .columns
            .iter()
            .position(|c| c.name == column)
            .expect("a documented column");
        self.record[self.index[i]].trim()
    }

    /// A value parsed by one of the domain's parsers.
    fn parsed<T>(
        &self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, ParseError>,
        problems: &mut Problems,
    ) -> Option<T> {
        let value = self.get(column);
        parse(value)
            .map_err(|e| problems.push(self.parse_error(column, value, &e)))
            .ok()
    }

    fn parse_error(&self, column: &str, value: &str, error: &ParseError) -> RowError {
        let problem = ImportProblem::Invalid {
            value: shown(value),
            error: *error,
        };
        RowError::new(self.line, column, problem)
    }

    /// Free text: not empty, at most `max` characters, no control characters.
    fn text(&self, column: &str, max: usize, problems: &mut Problems) -> Option<String> {
        let value = self.get(column);
        let length = value.chars().count();
        if value.is_empty() {
            problems.add(self.line, column, ImportProblem::Missing);
            None
        } else if length > max {
            let (max, length) = (max as u64, length as u64);
            problems.add(self.line, column, ImportProblem::TooLong { max, length });
            None
        } else if value.chars().any(char::is_control) {
            problems.add(self.line, column, ImportProblem::ControlCharacter);
            None
        } else {
            Some(value.to_owned())
        }
    }

    /// `len` ASCII letters, upper-cased (country and currency codes).
    fn letters(
        &self,
        column: &str,
        len: usize,
        example: &str,
        problems: &mut Problems,
    ) -> Option<String> {
        let value = self.get(column);
        if value.len() == len && value.bytes().all(|b| b.is_ascii_alphabetic()) {
            Some(value.to_ascii_uppercase())
        } else {
            let problem = ImportProblem::NotACode {
                value: shown(value),
                letters: len as u64,
                example: example.to_owned(),
            };
            problems.add(self.line, column, problem);
            None
        }
    }

    /// A ';'-separated list, each item parsed, duplicates dropped (first kept): the good items,
    /// and whether every item was good.
    fn list<T: PartialEq>(
        &self,
        column: &str,
        parse: impl Fn(&str) -> Result<T, ParseError>,
        problems: &mut Problems,
    ) -> (Vec<T>, bool) {
        let mut items = Vec::new();
        let mut good = true;
        for item in self.get(column).split(';').map(str::trim) {
            if item.is_empty() {
                continue;
            }
            match parse(item) {
                Ok(value) if !items.contains(&value) => items.push(value),
                Ok(_) => {}
                Err(e) => {
                    problems.push(self.parse_error(column, item, &e));
                    good = false;
                }
            }
        }
        (items, good)
    }
}

/// A deal value in cents: digits, then optionally a point and one or two digits. No sign, no
/// exponent, no thousands separator, never through a float.
pub fn parse_cents(value: &str) -> Option<i64> {
    let (units, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if units.is_empty() || !digits(units) || !digits(fraction) || fraction.len() > 2 {
        return None;
    }
    if value.contains('.') && fraction.is_empty() {
        return None;
    }
    let units: i64 = units.parse().ok()?;
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    units.checked_mul(100)?.checked_add(cents)
}

/// Checks rows one by one, remembering the keys seen (duplicates) and the rows to write.
struct Checker<'k> {
    kind: ImportKind,
    known: &'k Known,
    /// Key → the line that first had it.
    seen: HashMap<String, u64>,
    /// Domain → (its tenant, the line that lists it), for tenants files.
    domains: HashMap<String, (String, u64)>,
    eligibility: Vec<EligibilityRow>,
    tenants: Vec<TenantRow>,
    tpids: Vec<TpidRow>,
    subscriptions: Vec<SubscriptionRow>,
    opportunities: Vec<OpportunityRow>,
    inserted: u64,
    updated: u64,
}

impl<'k> Checker<'k> {
    fn new(kind: ImportKind, known: &'k Known) -> Self {
        Self {
            kind,
            known,
            seen: HashMap::new(),
            domains: HashMap::new(),
            eligibility: Vec::new(),
            tenants: Vec::new(),
            tpids: Vec::new(),
            subscriptions: Vec::new(),
            opportunities: Vec::new(),
            inserted: 0,
            updated: 0,
        }
    }

    fn row(&mut self, cells: &Cells, problems: &mut Problems) {
        match self.kind {
            ImportKind::Eligibility => self.eligibility_row(cells, problems),
            ImportKind::Tenants => self.tenant_row(cells, problems),
            ImportKind::Tpids => self.tpid_row(cells, problems),
            ImportKind::Subscriptions => self.subscription_row(cells, problems),
            ImportKind::Opportunities => self.opportunity_row(cells, problems),
        }
    }

    /// False (with a problem on `column`) when the key was on an earlier line of the file.
    fn first_time(
        &mut self,
        key: String,
        cells: &Cells,
        column: &str,
        problems: &mut Problems,
    ) -> bool {
        if let Some(first) = self.seen.get(&key) {
            let first_line = *first;
            problems.add(cells.line, column, ImportProblem::Duplicate { first_line });
            return false;
        }
        self.seen.insert(key, cells.line);
        true
    }

    fn count(&mut self, exists: bool) {
        if exists {
            self.updated += 1;
        } else {
            self.inserted += 1;
        }
    }

    fn known_tenant(
        &self,
        tenant: &TenantId,
        cells: &Cells,
        column: &str,
        problems: &mut Problems,
    ) -> bool {
        let ok = self.known.tenants.contains(tenant.as_str());
        if !ok {
            let tenant = tenant.to_string();
            problems.add(cells.line, column, ImportProblem::UnknownTenant { tenant });
        }
        ok
    }

    fn eligibility_row(&mut self, cells: &Cells, problems: &mut Problems) {
        let code = cells.get("engagement_code");
        let engagement = if code.is_empty() {
            problems.add(cells.line, "engagement_code", ImportProblem::Missing);
            None
        } else {
            let found = self.known.engagements.get(&code.to_lowercase());
            if found.is_none() {
                let code = shown(code);
                let problem = ImportProblem::UnknownEngagement { code };
                problems.add(cells.line, "engagement_code", problem);
            }
            found
        };
        let type_text = cells.get("id_type");
        let id_type = match CustomerIdType::from_code(&type_text.to_lowercase()) {
            Some(CustomerIdType::DomainName) => {
                problems.add(cells.line, "id_type", ImportProblem::DomainIdType);
                None
            }
            Some(kind) => Some(kind),
            None => {
                let value = shown(type_text);
                problems.add(
                    cells.line,
                    "id_type",
                    ImportProblem::UnknownIdType { value },
                );
                None
            }
        };
        let Some(id_type) = id_type else { return };
        let id = cells.parsed("id_value", |v| CustomerId::parse(id_type, v), problems);
        let Some(engagement) = engagement else { return };
        if !engagement.lists(id_type) {
            let problem = ImportProblem::IdTypeNotAccepted {
                engagement: engagement.code.clone(),
                id_type,
                accepted: engagement.id_types.clone(),
            };
            problems.add(cells.line, "id_type", problem);
            return;
        }
        let Some(id) = id else { return };
        let key = format!(
            "{}\u{1f}{}\u{1f}{}",
            engagement.id,
            id_type.code(),
            id.value()
        );
        if self.first_time(key, cells, "id_value", problems) {
            let exists = self
                .known
                .eligibility
                .contains(&(engagement.id, id_type, id.value()));
            self.count(exists);
            self.eligibility.push(EligibilityRow {
                engagement_id: EngagementId::new(engagement.id),
                id,
            });
        }
    }

    fn tenant_row(&mut self, cells: &Cells, problems: &mut Problems) {
        let tenant_id = cells.parsed("tenant_id", TenantId::parse, problems);
        let name = cells.text("name", NAME_MAX, problems);
        let country = cells.letters("country", 2, "FR", problems);
        let segment = cells.text("segment", SEGMENT_MAX, problems);
        let (domains, domains_good) = cells.list("domains", DomainName::parse, problems);
        let Some(tenant_id) = tenant_id else { return };
        let first = self.first_time(tenant_id.to_string(), cells, "tenant_id", problems);
        let mut domains_free = true;
        for domain in &domains {
            match self.domains.get(domain.as_str()) {
                Some((other, line)) if first || other != tenant_id.as_str() => {
                    domains_free = false;
                    let problem = ImportProblem::DomainListedTwice {
                        domain: domain.to_string(),
                        tenant: other.clone(),
                        line: *line,
                    };
                    problems.add(cells.line, "domains", problem);
                }
                Some(_) => {}
                None => {
                    self.domains
                        .insert(domain.to_string(), (tenant_id.to_string(), cells.line));
                }
            }
        }
        if !first || !domains_good || !domains_free {
            return;
        }
        if let (Some(name), Some(country), Some(segment)) = (name, country, segment) {
            self.count(self.known.tenants.contains(tenant_id.as_str()));
            self.tenants.push(TenantRow {
                tenant_id,
                name,
                country,
                segment,
                domains,
            });
        }
    }

    fn tpid_row(&mut self, cells: &Cells, problems: &mut Problems) {
        let tpid = cells.parsed("tpid", Tpid::parse, problems);
        let name = cells.text("name", NAME_MAX, problems);
        let country = cells.letters("country", 2, "FR", problems);
        let (tenant_ids, tenants_good) = cells.list("tenant_ids", TenantId::parse, problems);
        // Every unknown tenant is reported, not only the first.
        let unknown = tenant_ids
            .iter()
            .filter(|t| !self.known_tenant(t, cells, "tenant_ids", problems))
            .count();
        let tenants_known = unknown == 0;
        let Some(tpid) = tpid else { return };
        if !self.first_time(tpid.to_string(), cells, "tpid", problems) {
            return;
        }
        if let (Some(name), Some(country), true) = (name, country, tenants_good && tenants_known) {
            self.count(self.known.tpids.contains(&tpid.to_string()));
            self.tpids.push(TpidRow {
                tpid,
                name,
                country,
                tenant_ids,
            });
        }
    }

    fn subscription_row(&mut self, cells: &Cells, problems: &mut Problems) {
        let subscription_id = cells.parsed("subscription_id", AzureSubscriptionId::parse, problems);
        let tenant_id = cells
            .parsed("tenant_id", TenantId::parse, problems)
            .filter(|t| self.known_tenant(t, cells, "tenant_id", problems));
        let name = cells.text("name", NAME_MAX, problems);
        let Some(subscription_id) = subscription_id else {
            return;
        };
        if !self.first_time(
            subscription_id.to_string(),
            cells,
            "subscription_id",
            problems,
        ) {
            return;
        }
        if let (Some(tenant_id), Some(name)) = (tenant_id, name) {
            self.count(self.known.subscriptions.contains(subscription_id.as_str()));
            self.subscriptions.push(SubscriptionRow {
                subscription_id,
                tenant_id,
                name,
            });
        }
    }

    fn opportunity_row(&mut self, cells: &Cells, problems: &mut Problems) {
        let opportunity_id = cells.parsed("opportunity_id", MsxOpportunityId::parse, problems);
        let tpid = cells.parsed("tpid", Tpid::parse, problems).filter(|tpid| {
            let ok = self.known.tpids.contains(&tpid.to_string());
            if !ok {
                let tpid = tpid.to_string();
                problems.add(cells.line, "tpid", ImportProblem::UnknownTpid { tpid });
            }
            ok
        });
        let name = cells.text("name", NAME_MAX, problems);
        let deal_value = cells.get("deal_value");
        let deal_value_cents = parse_cents(deal_value);
        if deal_value_cents.is_none() {
            let value = shown(deal_value);
            problems.add(cells.line, "deal_value", ImportProblem::BadAmount { value });
        }
        let currency = cells.letters("currency", 3, "USD", problems);
        let country = cells.letters("country", 2, "FR", problems);
        let band = cells.get("market_band");
        let market_band = MarketBand::from_code(band);
        if market_band.is_none() {
            let value = shown(band);
            problems.add(
                cells.line,
                "market_band",
                ImportProblem::BadMarketBand { value },
            );
        }
        let stage_text = cells.get("stage").to_lowercase();
        let stage = ["open", "won", "lost"]
            .into_iter()
            .find(|s| *s == stage_text);
        if stage.is_none() {
            let value = shown(cells.get("stage"));
            problems.add(cells.line, "stage", ImportProblem::BadStage { value });
        }
        let Some(opportunity_id) = opportunity_id else {
            return;
        };
        if !self.first_time(
            opportunity_id.to_string(),
            cells,
            "opportunity_id",
            problems,
        ) {
            return;
        }
        if let (
            Some(tpid),
            Some(name),
            Some(deal_value_cents),
            Some(currency),
            Some(country),
            Some(market_band),
            Some(stage),
        ) = (
            tpid,
            name,
            deal_value_cents,
            currency,
            country,
            market_band,
            stage,
        ) {
            self.count(self.known.opportunities.contains(opportunity_id.as_str()));
            self.opportunities.push(OpportunityRow {
                opportunity_id,
                tpid,
                name,
                deal_value_cents,
                currency,
                country,
                market_band,
                stage,
            });
        }
    }

    /// Checks that need the whole file: a domain may move from a tenant to another only when
    /// the file replaces the first tenant's domains too.
    fn finish(&mut self, problems: &mut Problems) {
        if self.kind != ImportKind::Tenants {
            return;
        }
        let tenants_in_file: HashSet<&str> = self.seen.keys().map(String::as_str).collect();
        let mut moved: Vec<(&String, &(String, u64))> = self.domains.iter().collect();
        moved.sort_by_key(|(_, (_, line))| *line);
        for (domain, (tenant, line)) in moved {
            match self.known.domain_owners.get(domain) {
                Some(owner) if owner != tenant && !tenants_in_file.contains(owner.as_str()) => {
                    let problem = ImportProblem::DomainOwnedElsewhere {
                        domain: domain.clone(),
                        owner: owner.clone(),
                    };
                    problems.add(*line, "domains", problem);
                }
                _ => {}
            }
        }
    }

    fn plan(self) -> Plan {
        let rows = match self.kind {
            ImportKind::Eligibility => Rows::Eligibility(self.eligibility),
            ImportKind::Tenants => Rows::Tenants(self.tenants),
            ImportKind::Tpids => Rows::Tpids(self.tpids),
            ImportKind::Subscriptions => Rows::Subscriptions(self.subscriptions),
            ImportKind::Opportunities => Rows::Opportunities(self.opportunities),
        };
        Plan {
            rows,
            count: self.inserted + self.updated,
            inserted: self.inserted,
            updated: self.updated,
        }
    }
}

#[cfg(test)]
mod tests;
