//! The location step: which of the partner's locations nominates; a location eligible for
//! nothing is shown, with why, but cannot be chosen.

use super::super::chrome::{on_submit, StepButtons, StepTitle};
use super::super::state::{Ctx, Mode};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn LocationStep() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<Ctx>();
    let locations = ctx.start.with_value(|s| s.locations.clone());
    let error = {
        let error = ctx.field_error("location_id");
        move || error.get()
    };
    let first_usable = locations.iter().find(|l| l.usable).map(|l| l.id.clone());
    let empty = first_usable.is_none();
    let items = locations
        .into_iter()
        .map(|location| {
            let id = location.id.clone();
            let input_id = if Some(&id) == first_usable.as_ref() {
                "field-location_id".to_owned()
            } else {
                format!("location-{id}")
            };
            let value = id.clone();
            let checked = {
                let id = id.clone();
                move || ctx.draft.with(|d| d.request.location_id == id)
            };
            let usable = location.usable;
            let reason_id = format!("location-{id}-reason");
            view! {
                <div class="choice" class:choice-disabled=!usable>
                    <input
                        type="radio"
                        name="location"
                        id=input_id.clone()
                        value=value.clone()
                        disabled=!usable
                        prop:checked=checked
                        aria-describedby=(!usable).then(|| reason_id.clone())
                        on:change=move |_| {
                            let value = value.clone();
                            ctx.draft.update(|d| d.request.location_id = value);
                        }
                    />
                    <label for=input_id>
                        <span class="cell-title">{location.name.clone()}</span>
                        <span class="cell-sub">{format!("{} · {}", location.id, location.country)}</span>
                    </label>
                    {(!usable).then(|| view! {
                        <p class="choice-note" id=reason_id>{move || match ctx.mode {
                            Mode::Add => t_string!(i18n, location_not_eligible_any),
                            Mode::Claim => t_string!(i18n, location_not_eligible_this),
                        }}</p>
                    })}
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="form" novalidate on:submit=on_submit(ctx)>
            <StepTitle />
            <fieldset class="field" class:field-invalid=move || error().is_some()>
                <legend>{move || t_string!(i18n, field_location)}</legend>
                <p class="field-hint">{move || t_string!(i18n, field_location_hint)}</p>
                {move || error().map(|m| view! { <p class="field-error">{m}</p> })}
                {empty.then(|| view! { <p class="message message-info">{move || t_string!(i18n, location_none)}</p> })}
                <div class="choices">{items}</div>
            </fieldset>
            <StepButtons />
        </form>
    }
}
