//! Every rule a nomination must pass, checked on the server, step by step.
//!
//! The wizards ask for a check at each step (`upto` = the step being left) and the final
//! creation runs the same checks up to the review step before it writes anything: one code
//! path, so what the wizard let through is exactly what creation accepts.
//!
//! Over 400 lines because the checks are one sequence, step after step, each using what the
//! previous one established: split, the order they run in would no longer read top to bottom.

use super::model::{ClaimOrigin, ClaimsPreview, ContactsForm, NewClaims, PreviewLine, WizardStep};
use super::repo;
use crate::auth::guard::PartnerScope;
use crate::consent::recipient::check_recipient;
use crate::eligibility::repo as facts;
use crate::error::{broken, AppError, Conflict, FieldError, FieldProblem, IneligibleEngagement};
use crate::state::AppState;
use domain::EngagementId;
use domain::{
    contact_domain_mismatch, proposed_payment, CustomerId, CustomerIdType, CustomerKey,
    DirectoryFacts, DomainName, Eligibility, EmailAddress, Engagement, FriendlyName, Language,
    LocationId, MarketBand, MismatchJustification, MismatchReason, Money, PartnerId, PaymentRule,
    PhoneNumber, Timestamp,
};
use std::collections::BTreeSet;

/// The most engagements one request may nominate a customer for.
const MAX_ENGAGEMENTS_PER_REQUEST: usize = 20;

/// The most characters of a contact's name.
const MAX_NAME_CHARS: u32 = 200;

/// Collects field errors while parsing a form.
#[derive(Default)]
struct Fields(Vec<FieldError>);

impl Fields {
    fn parse<T>(&mut self, field: &str, parsed: Result<T, domain::ParseError>) -> Option<T> {
        parsed
            .map_err(|e| self.0.push(FieldError::parse(field, &e)))
            .ok()
    }

    /// A name typed by a person: required, at most [`MAX_NAME_CHARS`].
    fn text(&mut self, field: &str, value: &str) -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            self.push(field, FieldProblem::REQUIRED);
            None
        } else if value.chars().count() > MAX_NAME_CHARS as usize {
            self.push(
                field,
                FieldProblem::TooLong {
                    max: MAX_NAME_CHARS,
                },
            );
            None
        } else {
            Some(value.to_owned())
        }
    }

    fn push(&mut self, field: &str, problem: FieldProblem) {
        self.0.push(FieldError::new(field, problem));
    }
}

/// The contacts of a nomination or of a claim's consent e-mail, every field parsed.
pub(crate) struct Contacts {
    pub email: EmailAddress,
    pub name: String,
    pub phone: Option<PhoneNumber>,
    pub language: Language,
    pub partner_name: String,
    pub partner_email: EmailAddress,
}

/// The fields of a request that parsed; `None` where a step's fields had an error (which
/// `check` reports before anything reads them).
pub(super) struct Parsed {
    pub friendly_name: Option<FriendlyName>,
    pub location: Option<LocationId>,
    pub customer_id: Option<CustomerId>,
    pub engagement_ids: Vec<EngagementId>,
    /// Read by serde with the request: a crafted value never gets this far.
    pub origin: ClaimOrigin,
    pub contacts: Option<Contacts>,
}

/// A nomination whose every field parsed: what creation writes.
pub(super) struct Nomination<'a> {
    pub friendly_name: &'a FriendlyName,
    pub location: &'a LocationId,
    pub customer_id: &'a CustomerId,
    pub origin: ClaimOrigin,
    pub contacts: &'a Contacts,
}

impl Parsed {
    /// Every field, once `check` up to the review step let the request through.
    pub fn complete(&self) -> Option<Nomination<'_>> {
        Some(Nomination {
            friendly_name: self.friendly_name.as_ref()?,
            location: self.location.as_ref()?,
            customer_id: self.customer_id.as_ref()?,
            origin: self.origin,
            contacts: self.contacts.as_ref()?,
        })
    }
}

/// Parses every field on its own, so that each error names its field.
fn parse_fields(scope: &PartnerScope, input: &NewClaims) -> (Parsed, Vec<FieldError>) {
    let mut f = Fields::default();
    let friendly_name = f.parse("friendly_name", FriendlyName::parse(&input.friendly_name));
    let location = f.parse("location_id", LocationId::parse(&input.location_id));
    if let Some(location) = &location {
        if !scope.locations.allows(location.as_str()) {
            f.push("location_id", FieldProblem::NotAllowed);
        }
    }
    let kind = CustomerIdType::from_code(&input.customer_id_type);
    if kind.is_none() {
        f.push("customer_id_type", FieldProblem::REQUIRED);
    }
    let customer_id = kind.and_then(|k| {
        f.parse(
            "customer_id_value",
            CustomerId::parse(k, &input.customer_id_value),
        )
    });
    let engagement_ids: Vec<EngagementId> = input
        .engagement_ids
        .iter()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if engagement_ids.is_empty() {
        f.push("engagement_ids", FieldProblem::REQUIRED);
    } else if engagement_ids.len() > MAX_ENGAGEMENTS_PER_REQUEST {
        f.push(
            "engagement_ids",
            FieldProblem::TooMany {
                max: MAX_ENGAGEMENTS_PER_REQUEST as u32,
            },
        );
    }
    let contacts = parse_contacts(&mut f, &input.contacts);
    (
        Parsed {
            friendly_name,
            location,
            customer_id,
            engagement_ids,
            origin: input.origin,
            contacts,
        },
        f.0,
    )
}

/// The contact fields, each parsed on its own (every error is collected); `Some` when all
/// parsed.
fn parse_contacts(f: &mut Fields, input: &ContactsForm) -> Option<Contacts> {
    let email = f.parse("contact_email", EmailAddress::parse(&input.contact_email));
    let name = f.text("contact_name", &input.contact_name);
    let phone = if input.contact_phone.trim().is_empty() {
        Some(None)
    } else {
        f.parse("contact_phone", PhoneNumber::parse(&input.contact_phone))
            .map(Some)
    };
    let language = f.parse("contact_language", Language::parse(&input.contact_language));
    let partner_name = f.text("partner_contact_name", &input.partner_contact_name);
    let partner_email = f.parse(
        "partner_contact_email",
        EmailAddress::parse(&input.partner_contact_email),
    );
    Some(Contacts {
        email: email?,
        name: name?,
        phone: phone?,
        language: language?,
        partner_name: partner_name?,
        partner_email: partner_email?,
    })
}

impl Contacts {
    /// What the repository writes, with the mismatch justification when one was needed.
    pub(crate) fn to_update(
        &self,
        mismatch: Option<&MismatchJustification>,
    ) -> super::repo::ContactsUpdate {
        super::repo::ContactsUpdate {
            contact_email: self.email.as_str().to_owned(),
            contact_name: self.name.clone(),
            contact_phone: self.phone.as_ref().map(|p| p.as_str().to_owned()),
            contact_language: self.language.code().to_owned(),
            partner_contact_name: self.partner_name.clone(),
            partner_contact_email: self.partner_email.as_str().to_owned(),
            mismatch_reason: mismatch.map(|m| m.reason().code().to_owned()),
            mismatch_details: mismatch
                .map(|m| m.details().to_owned())
                .filter(|d| !d.is_empty()),
        }
    }
}

/// The contacts of an existing claim, checked as the wizards' contacts step checks them (the
/// Send consent flow reviews them): every field, then the recipient outside the partner's own
/// domains, then the tenant/domain mismatch rule.
pub(crate) async fn check_contacts(
    state: &AppState,
    partner_id: PartnerId,
    customer_id: &CustomerId,
    input: &ContactsForm,
) -> Result<super::repo::ContactsUpdate, AppError> {
    let mut f = Fields::default();
    let contacts = parse_contacts(&mut f, input);
    let Some(contacts) = contacts.filter(|_| f.0.is_empty()) else {
        return Err(AppError::Validation(f.0));
    };
    check_recipient(&state.db.pool, partner_id, &contacts.email).await?;
    let mismatch = mismatch(state, customer_id, &contacts.email, input).await?;
    Ok(contacts.to_update(mismatch.as_ref()))
}

/// What the checks found, as far as the step reached.
pub(super) struct Checked {
    pub parsed: Parsed,
    /// From the engagements step on: the engagements, each with its verdict and directory facts.
    pub engagements: Vec<(Engagement, Eligibility, DirectoryFacts)>,
    /// From the engagements step on: hours and proposed payment, per engagement.
    pub payments: Vec<(Option<u32>, Money)>,
    /// From the contacts step on: the mismatch justification, when one is needed.
    pub mismatch: Option<MismatchJustification>,
    /// From the customer step on: the customer the ID belongs to (both limits count on it).
    pub customer_key: Option<CustomerKey>,
}

/// Runs every check of the steps up to `upto`, in order; the first step with a problem answers.
pub(super) async fn check(
    state: &AppState,
    scope: &PartnerScope,
    input: &NewClaims,
    upto: WizardStep,
) -> Result<Checked, AppError> {
    let pool = &state.db.pool;
    let now = Timestamp::from_unix_seconds(state.clock.now());
    let (parsed, errors) = parse_fields(scope, input);
    let errors: Vec<FieldError> = errors
        .into_iter()
        .filter(|e| WizardStep::of_field(&e.field) <= upto)
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut checked = Checked {
        parsed,
        engagements: Vec::new(),
        payments: Vec::new(),
        mismatch: None,
        customer_key: None,
    };
    if upto < WizardStep::Location {
        return Ok(checked);
    }
    let location = checked
        .parsed
        .location
        .clone()
        .ok_or_else(|| broken("the location parsed before its step is checked"))?;
    if !crate::claims::repo::location_enrolled(&state.db.pool, scope.partner_id, &location).await? {
        return Err(AppError::field("location_id", FieldProblem::NotEnrolled));
    }
    if upto < WizardStep::Customer {
        return Ok(checked);
    }
    let customer_id = checked
        .parsed
        .customer_id
        .clone()
        .ok_or_else(|| broken("the customer ID parsed before its step is checked"))?;
    let customer_key = facts::customer_key_of(&mut *pool.acquire().await?, &customer_id).await?;
    checked.customer_key = Some(customer_key.clone());
    if checked.parsed.origin == ClaimOrigin::Claimed
        && !crate::claims::repo::partner_knows_customer(
            &state.db.pool,
            scope.partner_id,
            &customer_key,
        )
        .await?
    {
        return Err(AppError::field("customer_id_value", FieldProblem::NotKnown));
    }
    if upto < WizardStep::Engagements {
        return Ok(checked);
    }

    let mut ineligible = Vec::new();
    for id in &checked.parsed.engagement_ids {
        let Some(engagement) = crate::engagements::repo::load_engagement(pool, *id).await? else {
            return Err(AppError::field("engagement_ids", FieldProblem::Unknown));
        };
        let Some((verdict, directory)) = facts::evaluate(
            &mut *pool.acquire().await?,
            scope.partner_id,
            &location,
            &engagement,
            &customer_id,
            &customer_key,
            now,
        )
        .await?
        else {
            return Err(AppError::field("location_id", FieldProblem::NotAllowed));
        };
        if !verdict.eligible {
            ineligible.push(IneligibleEngagement {
                engagement_id: engagement.id,
                reasons: verdict.reasons.clone(),
            });
        }
        checked.engagements.push((engagement, verdict, directory));
    }
    if !ineligible.is_empty() {
        return Err(refusal(ineligible));
    }
    checked.payments = payments(
        state,
        checked.engagements.iter().map(|(e, _, _)| e),
        &customer_id,
        input.hours,
    )
    .await?;
    if upto < WizardStep::Contacts {
        return Ok(checked);
    }
    let contact_email = checked
        .parsed
        .contacts
        .as_ref()
        .map(|c| c.email.clone())
        .ok_or_else(|| broken("the contacts parsed before the mismatch rule runs"))?;
    // Before the mismatch rule: an address of the partner's own is refused, not justified.
    check_recipient(&state.db.pool, scope.partner_id, &contact_email).await?;
    checked.mismatch = mismatch(state, &customer_id, &contact_email, &input.contacts).await?;
    Ok(checked)
}

/// The check of one step of the wizard, and what the review step shows.
pub async fn preview_claims(
    state: &AppState,
    scope: &PartnerScope,
    input: &NewClaims,
    upto: WizardStep,
) -> Result<ClaimsPreview, AppError> {
    let checked = check(state, scope, input, upto).await?;
    Ok(ClaimsPreview {
        lines: checked
            .engagements
            .iter()
            .zip(&checked.payments)
            .map(|((engagement, _, _), (hours, payment))| PreviewLine {
                engagement_id: engagement.id,
                engagement_name: engagement.name.clone(),
                hours: *hours,
                proposed_payment: payment.clone(),
            })
            .collect(),
        customer_name: checked
            .engagements
            .first()
            .and_then(|(_, _, directory)| directory.customer_name.clone()),
    })
}

/// The refusal for ineligible engagements. When the only obstacle is the customer's limit of
/// open claims, the answer is the same conflict a race at the moment of writing gives: someone
/// claimed the customer meanwhile. This partner's own open claim is reported as a reason, which
/// names the claim and the alias it was made with (the repository's refusal after a race does
/// the same).
pub(super) fn refusal(ineligible: Vec<IneligibleEngagement>) -> AppError {
    use domain::ReasonCode::ActiveClaimLimitReached;
    if ineligible
        .iter()
        .flat_map(|e| e.reasons.iter())
        .all(|r| r.code == ActiveClaimLimitReached)
    {
        AppError::Conflict(Conflict::ActiveClaimLimitReached)
    } else {
        AppError::Ineligible(ineligible)
    }
}

/// Hours and proposed payment per engagement. A variable-payment engagement is nominated alone,
/// with hours in its range; the payment is the domain's `proposed_payment`.
async fn payments<'a>(
    state: &AppState,
    engagements: impl Iterator<Item = &'a Engagement> + Clone,
    id: &CustomerId,
    hours: Option<u32>,
) -> Result<Vec<(Option<u32>, Money)>, AppError> {
    let has_variable = engagements
        .clone()
        .any(|e| matches!(e.payment, PaymentRule::Variable { .. }));
    if has_variable && engagements.clone().count() != 1 {
        return Err(AppError::field(
            "engagement_ids",
            FieldProblem::VariableAlone,
        ));
    }
    let mut out = Vec::new();
    for engagement in engagements {
        let payment = match &engagement.payment {
            PaymentRule::Fixed { .. } => (
                None,
                proposed_payment(&engagement.payment, None, None, None),
            ),
            PaymentRule::Variable { .. } => {
                let terms = repo::opportunity_terms(&state.db.pool, &id.value()).await?;
                let band = terms
                    .as_ref()
                    .and_then(|(band, _)| MarketBand::from_code(band));
                let deal = terms.map(|(_, deal)| deal);
                (
                    hours,
                    proposed_payment(&engagement.payment, hours, band, deal),
                )
            }
        };
        match payment {
            (hours, Ok(money)) => out.push((hours, money)),
            (_, Err(error)) => return Err(AppError::field("hours", FieldProblem::Payment(error))),
        }
    }
    Ok(out)
}

/// For a tenant ID whose contact e-mail is not at one of the tenant's domains, the partner must
/// say why; otherwise nothing is stored.
async fn mismatch(
    state: &AppState,
    customer_id: &CustomerId,
    contact_email: &EmailAddress,
    input: &ContactsForm,
) -> Result<Option<MismatchJustification>, AppError> {
    let CustomerId::TenantId(tenant) = customer_id else {
        return Ok(None);
    };
    let domains: Vec<DomainName> = repo::tenant_domains(&state.db.pool, tenant.as_str())
        .await?
        .iter()
        .filter_map(|d| DomainName::parse(d).ok())
        .collect();
    if !contact_domain_mismatch(customer_id, &domains, contact_email) {
        return Ok(None);
    }
    let Some(reason) = MismatchReason::from_code(input.mismatch_reason.trim()) else {
        return Err(AppError::field("mismatch_reason", FieldProblem::REQUIRED));
    };
    MismatchJustification::parse(reason, &input.mismatch_details)
        .map(Some)
        .map_err(|e| AppError::Validation(vec![FieldError::parse("mismatch_details", &e)]))
}
