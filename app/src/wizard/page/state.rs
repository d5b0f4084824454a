//! The wizard's state, shared by its steps through the context: the answers (`Draft`, kept in
//! the tab's session storage), the live eligibility feedback, the form's conversation with the
//! server, and the moves between steps.

use super::super::api::check_claim_step;
use super::super::model::{request_to_send, CustomerCheck, WizardStart};
use crate::claims::api::create_claims;
use crate::claims::model::{
    ClaimOrigin, ClaimsPreview, ContactsForm, CreatedClaim, NewClaims, WizardStep,
};
use crate::components::form::{focus_after_render, FormState};
use crate::error::AppError;
use domain::{CustomerId, CustomerIdType, ParseError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

/// Which wizard: a new customer, or a customer the partner already knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Add,
    Claim,
}

impl Mode {
    pub fn steps(self) -> &'static [WizardStep] {
        match self {
            Mode::Add => &WizardStep::ALL,
            Mode::Claim => &[
                WizardStep::Name,
                WizardStep::Location,
                WizardStep::Engagements,
                WizardStep::Contacts,
                WizardStep::Review,
            ],
        }
    }
}

/// The answers so far, as typed. Serialised into session storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub step: WizardStep,
    pub request: NewClaims,
    /// The hours as typed (a number once it parses).
    pub hours: String,
}

/// The live answer under the customer ID field.
#[derive(Debug, Clone, PartialEq)]
pub enum Feedback {
    Idle,
    /// The shared parser refused the value: said at once, without asking the server.
    Format(ParseError),
    Checking,
    Ready(CustomerCheck),
    Failed(AppError),
}

/// The id of the wizard's error summary, where the focus goes after a refusal.
pub const SUMMARY_ID: &str = "error-summary";

/// The wizard's state, shared by its steps.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub mode: Mode,
    pub start: StoredValue<WizardStart>,
    pub draft: RwSignal<Draft>,
    pub form: FormState,
    pub feedback: RwSignal<Feedback>,
    pub preview: RwSignal<Option<ClaimsPreview>>,
    pub created: RwSignal<Option<Vec<CreatedClaim>>>,
}

impl Ctx {
    pub fn new(start: WizardStart, mode: Mode) -> Self {
        Ctx {
            mode,
            draft: RwSignal::new(initial_draft(&start, mode)),
            start: StoredValue::new(start),
            form: FormState::new(),
            feedback: RwSignal::new(Feedback::Idle),
            preview: RwSignal::new(None),
            created: RwSignal::new(None),
        }
    }

    /// The errors of a field, in the page's language.
    pub fn field_error(self, name: &'static str) -> Signal<Option<String>> {
        self.form.field_error(name)
    }

    /// The request as it is sent (`wizard::model::request_to_send`).
    fn request(self) -> NewClaims {
        let check = self.feedback.with_untracked(|f| match f {
            Feedback::Ready(check) => Some(check.clone()),
            _ => None,
        });
        self.draft
            .with_untracked(|d| request_to_send(&d.request, &d.hours, check.as_ref()))
    }

    /// The contacts as typed.
    pub fn contacts(self) -> Signal<ContactsForm> {
        Signal::derive(move || self.draft.with(|d| d.request.contacts.clone()))
    }

    /// Whether the contact's e-mail needs a mismatch reason, on the tenant's domains from the
    /// last feedback.
    pub fn mismatch_needed(self) -> Signal<bool> {
        Signal::derive(move || {
            let id = self.draft.with(|d| {
                CustomerIdType::from_code(&d.request.customer_id_type)
                    .and_then(|kind| CustomerId::parse(kind, &d.request.customer_id_value).ok())
            });
            let Some(id) = id else {
                return false;
            };
            self.feedback.with(|f| match f {
                Feedback::Ready(check) => self.draft.with(|d| {
                    d.request
                        .contacts
                        .mismatch_needed(&id, &check.tenant_domains)
                }),
                _ => false,
            })
        })
    }

    pub fn step(self) -> WizardStep {
        self.draft.with(|d| d.step)
    }

    pub fn go_to(self, step: WizardStep) {
        self.form.clear();
        self.draft.update(|d| {
            d.step = step;
            if step == WizardStep::Review && d.request.idempotency_key.is_empty() {
                d.request.idempotency_key = new_key();
            }
        });
    }

    pub fn next_step(self) -> Option<WizardStep> {
        let steps = self.mode.steps();
        let here = steps.iter().position(|s| *s == self.step())?;
        steps.get(here + 1).copied()
    }

    pub fn previous_step(self) -> Option<WizardStep> {
        let steps = self.mode.steps();
        let here = steps.iter().position(|s| *s == self.step())?;
        here.checked_sub(1).and_then(|i| steps.get(i).copied())
    }

    /// Shows a refusal: field errors beside their fields (on the earliest step that has one),
    /// anything else above the step.
    fn refused(self, error: AppError) {
        if let AppError::Validation(errors) = &error {
            let first = errors
                .iter()
                .map(|e| WizardStep::of_field(&e.field))
                .filter(|s| self.mode.steps().contains(s))
                .min();
            if let Some(step) = first.filter(|s| *s < self.step()) {
                self.draft.update(|d| d.step = step);
            }
        }
        self.form.refused(error, SUMMARY_ID);
    }

    /// Leaves the current step: the server checks it (and every step before it).
    pub fn next(self) {
        if self.form.busy.get_untracked() {
            return;
        }
        let step = self.step();
        let request = self.request();
        self.form.busy.set(true);
        self.form.clear();
        spawn_local(async move {
            let result = check_claim_step(request, step).await;
            self.form.busy.set(false);
            match result {
                Ok(preview) => {
                    self.preview.set(Some(preview));
                    if let Some(next) = self.next_step() {
                        self.go_to(next);
                    }
                }
                Err(error) => self.refused(error),
            }
        });
    }

    /// The final button: creates the claims (once, whatever the number of clicks).
    pub fn create(self) {
        if self.form.busy.get_untracked() {
            return;
        }
        let request = self.request();
        self.form.busy.set(true);
        self.form.clear();
        spawn_local(async move {
            let result = create_claims(request).await;
            self.form.busy.set(false);
            match result {
                Ok(created) => {
                    storage::remove(&self.storage_key());
                    self.created.set(Some(created));
                    focus_after_render("wizard-done-title");
                }
                Err(error) => self.refused(error),
            }
        });
    }

    pub fn storage_key(self) -> String {
        self.start.with_value(|s| {
            let known = s
                .known
                .as_ref()
                .map(|k| format!("{}:{}", k.customer_id_type, k.customer_id_value))
                .unwrap_or_default();
            let mode = match self.mode {
                Mode::Add => "add",
                Mode::Claim => "claim",
            };
            format!("mci-wizard:{mode}:{}:{known}", s.engagement_id)
        })
    }
}

/// The answers a wizard opens with: the only usable location, the engagement's first accepted
/// ID type, the engagement it was opened from, the user as partner contact; for Claim customer,
/// the known customer's ID and contacts.
fn initial_draft(start: &WizardStart, mode: Mode) -> Draft {
    let usable: Vec<&str> = start
        .locations
        .iter()
        .filter(|l| l.usable)
        .map(|l| l.id.as_str())
        .collect();
    let mut request = NewClaims {
        origin: match mode {
            Mode::Add => ClaimOrigin::Added,
            Mode::Claim => ClaimOrigin::Claimed,
        },
        // With one usable location there is nothing to choose.
        location_id: if usable.len() == 1 {
            usable[0].to_owned()
        } else {
            String::new()
        },
        customer_id_type: start
            .accepted_id_types
            .first()
            .map(|k| k.code().to_owned())
            .unwrap_or_default(),
        engagement_ids: vec![start.engagement_id],
        contacts: ContactsForm {
            contact_language: "en".to_owned(),
            partner_contact_name: start.partner_contact_name.clone(),
            partner_contact_email: start.partner_contact_email.clone(),
            ..ContactsForm::default()
        },
        ..NewClaims::default()
    };
    if let Some(known) = &start.known {
        request.customer_id_type = known.customer_id_type.clone();
        request.customer_id_value = known.customer_id_value.clone();
        request.friendly_name = known.friendly_name.clone();
        let contacts = &mut request.contacts;
        contacts.contact_email = known.contact_email.clone();
        contacts.contact_name = known.contact_name.clone();
        contacts.contact_phone = known.contact_phone.clone();
        contacts.contact_language = known.contact_language.clone();
    }
    Draft {
        step: WizardStep::Name,
        request,
        hours: String::new(),
    }
}

/// A key for one press of the final button (the server creates once per key and user).
fn new_key() -> String {
    #[cfg(feature = "hydrate")]
    {
        let a = (js_sys::Math::random() * 9.0e15) as u64;
        let b = (js_sys::Math::random() * 9.0e15) as u64;
        format!("{:x}-{:x}-{:x}", js_sys::Date::now() as u64, a, b)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// The tab's session storage (nothing on the server).
pub mod storage {
    pub fn get(_key: &str) -> Option<String> {
        #[cfg(feature = "hydrate")]
        {
            leptos::prelude::window()
                .session_storage()
                .ok()
                .flatten()?
                .get_item(_key)
                .ok()
                .flatten()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            None
        }
    }

    pub fn set(_key: &str, _value: &str) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(storage)) = leptos::prelude::window().session_storage() {
            let _ = storage.set_item(_key, _value);
        }
    }

    pub fn remove(_key: &str) {
        #[cfg(feature = "hydrate")]
        if let Ok(Some(storage)) = leptos::prelude::window().session_storage() {
            let _ = storage.remove_item(_key);
        }
    }
}
