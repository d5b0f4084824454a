//! The contacts step: the shared contacts fieldset, bound to the draft.

use super::super::chrome::{on_submit, StepButtons, StepTitle};
use super::super::state::Ctx;
use crate::components::contacts::ContactsFieldset;
use leptos::prelude::*;

#[component]
pub fn ContactsStep() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <ContactsFieldset
                contacts=ctx.contacts()
                on_input=Callback::new(move |(field, value)| {
                    ctx.draft.update(|d| d.request.contacts.set(field, value));
                })
                form=ctx.form
                mismatch_needed=ctx.mismatch_needed()
            />
            <StepButtons />
        </form>
    }
}
