//! The review step: every answer with a link back to its step, the claims that will be created
//! with their proposed payment, and the final button.

use super::super::chrome::{on_submit, step_label, StepButtons, StepTitle};
use super::super::state::{Ctx, Feedback, Mode};
use crate::claims::model::WizardStep;
use crate::components::format::page_language;
use crate::engagements::page::id_type_label;
use crate::i18n::*;
use domain::Language;
use leptos::prelude::*;

#[component]
pub fn ReviewStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let d = move || ctx.draft.get().request;
    let location_name = move || {
        let id = ctx.draft.with(|d| d.request.location_id.clone());
        ctx.start.with_value(|s| {
            s.locations
                .iter()
                .find(|l| l.id == id)
                .map(|l| format!("{} ({})", l.name, l.id))
                .unwrap_or(id)
        })
    };
    let customer_name = move || {
        ctx.feedback.with(|f| match f {
            Feedback::Ready(check) => check.customer_name.clone(),
            _ => None,
        })
    };
    let edit = move |step: WizardStep| {
        view! {
            <button type="button" class="button button-subtle edit-link" on:click=move |_| ctx.go_to(step)>
                {move || t_string!(i18n, wizard_edit)}
                <span class="visually-hidden">" "{move || step_label(i18n, step)}</span>
            </button>
        }
    };
    let has_customer_step = ctx.mode.steps().contains(&WizardStep::Customer);
    let final_label = Signal::derive(move || match ctx.mode {
        Mode::Add => t_string!(i18n, wizard_add_button).to_string(),
        Mode::Claim => t_string!(i18n, wizard_claim_button).to_string(),
    });
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <section class="review-section">
                <div class="review-heading"><h3>{move || step_label(i18n, WizardStep::Name)}</h3>{edit(WizardStep::Name)}</div>
                <p>{move || d().friendly_name}</p>
            </section>
            <section class="review-section">
                <div class="review-heading"><h3>{move || step_label(i18n, WizardStep::Location)}</h3>{edit(WizardStep::Location)}</div>
                <p>{location_name}</p>
            </section>
            <section class="review-section">
                <div class="review-heading">
                    <h3>{move || step_label(i18n, WizardStep::Customer)}</h3>
                    {has_customer_step.then(|| edit(WizardStep::Customer))}
                </div>
                <p>
                    <span class="cell-title">{customer_name}</span>
                    <span class="cell-sub">{move || id_type_label(i18n, &d().customer_id_type)}</span>
                    <span class="mono">{move || d().customer_id_value}</span>
                </p>
            </section>
            <section class="review-section">
                <div class="review-heading"><h3>{move || step_label(i18n, WizardStep::Engagements)}</h3>{edit(WizardStep::Engagements)}</div>
                {move || ctx.preview.get().map(|preview| view! {
                    <table class="data-table review-table">
                        <thead>
                            <tr>
                                <th scope="col">{move || t_string!(i18n, col_engagement)}</th>
                                <th scope="col" class="numeric">{move || t_string!(i18n, claim_hours)}</th>
                                <th scope="col" class="numeric">{move || t_string!(i18n, claim_payment)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {preview.lines.into_iter().map(|line| {
                                let money = line.proposed_payment.clone();
                                view! {
                                    <tr data-testid="preview-line">
                                        <th scope="row">{line.engagement_name.clone()}</th>
                                        <td class="numeric">{line.hours.map(|h| h.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                                        <td class="numeric" data-testid="proposed-payment">{move || match page_language(i18n) { Language::En => money.format_en(), Language::Fr => money.format_fr() }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
                {move || {
                    let variable = ctx.preview.with(|p| p.as_ref().is_some_and(|p| p.lines.iter().any(|l| l.hours.is_some())));
                    variable.then(|| view! { <p class="field-hint">{move || t_string!(i18n, hours_fixed_note)}</p> })
                }}
            </section>
            <section class="review-section">
                <div class="review-heading"><h3>{move || step_label(i18n, WizardStep::Contacts)}</h3>{edit(WizardStep::Contacts)}</div>
                <dl class="fields">
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_contact)}</dt>
                        <dd>{move || d().contacts.contact_name}" · "{move || d().contacts.contact_email}</dd>
                    </div>
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_phone)}</dt>
                        <dd>{move || { let p = d().contacts.contact_phone; if p.trim().is_empty() { "—".to_owned() } else { p } }}</dd>
                    </div>
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_language)}</dt>
                        <dd>{move || if d().contacts.contact_language == "fr" { "Français" } else { "English" }}</dd>
                    </div>
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, claim_partner_contact)}</dt>
                        <dd>{move || d().contacts.partner_contact_name}" · "{move || d().contacts.partner_contact_email}</dd>
                    </div>
                </dl>
            </section>
            <StepButtons final_label />
        </form>
    }
}
