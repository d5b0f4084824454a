//! The confirmation: the claims created, each a link.

use super::state::{Ctx, Mode};
use crate::claims::model::CreatedClaim;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Done(created: Vec<CreatedClaim>, back: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let add_again = ctx
        .start
        .with_value(|s| format!("/engagements/{}/add-customer", s.engagement_id));
    view! {
        <section class="card wizard-done" aria-labelledby="wizard-done-title">
            <h2 id="wizard-done-title" tabindex="-1">{move || match ctx.mode {
                Mode::Add => t_string!(i18n, wizard_done_added),
                Mode::Claim => t_string!(i18n, wizard_done_claimed),
            }}</h2>
            <p>{move || t_string!(i18n, wizard_done_body)}</p>
            <ul class="plain-list">
                {created.into_iter().map(|c| {
                    let href = format!("/claims/{}", c.claim_ref);
                    view! {
                        <li>
                            <a class="mono" href=href data-testid="created-claim">{c.claim_ref.to_string()}</a>
                            " — "{c.engagement_name.clone()}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="wizard-buttons">
                <a class="button button-primary" href=back>{move || t_string!(i18n, wizard_back_to_customers)}</a>
                <a class="button" href=add_again rel="external">{move || t_string!(i18n, wizard_add_another)}</a>
            </div>
        </section>
    }
}
