//! The name step: what the partner calls this nomination.

use super::super::chrome::{on_submit, StepButtons, StepTitle};
use super::super::state::Ctx;
use crate::components::form::TextInput;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NameStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <TextInput
                name="friendly_name"
                label=Signal::derive(move || t_string!(i18n, field_friendly_name).to_string())
                hint=Some(Signal::derive(move || t_string!(i18n, field_friendly_name_hint).to_string()))
                value=Signal::derive(move || ctx.draft.with(|d| d.request.friendly_name.clone()))
                on_input=Callback::new(move |value| ctx.draft.update(|d| d.request.friendly_name = value))
                error=ctx.field_error("friendly_name")
            />
            <StepButtons />
        </form>
    }
}
