//! The Submit claim page (`/claims/:claim_ref/submit`): proof of execution for a claim whose
//! customer consented, or the answer to a reviewer's request. Also the submissions card the
//! claim page and the review page show.

use super::model::{size_text, SubmissionInfo, ACCEPTED_FILES};
use crate::auth::Role;
use crate::claims::api::get_claim;
use crate::claims::model::ClaimDetail;
use crate::components::form::{field_error, ErrorSummary};
use crate::components::format::{format_date_time, status_label, time_left_text};
use crate::components::layout::RequireRole;
use crate::components::status::{ErrorPanel, Loading};
use crate::error::{AppError, FieldError, NeededRole};
use crate::i18n::*;
use domain::ClaimAction;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SubmitClaimRoute() -> impl IntoView {
    view! {
        <RequireRole allowed=Role::has_incentives_role needed=NeededRole::Incentives>
            <SubmitLoader />
        </RequireRole>
    }
}

#[component]
fn SubmitLoader() -> impl IntoView {
    let params = use_params_map();
    let claim = Resource::new(
        move || params.with(|p| p.get("claim_ref")).unwrap_or_default(),
        get_claim,
    );
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || Suspend::new(async move {
                match claim.await {
                    Ok(detail) => view! { <SubmitForm detail /> }.into_any(),
                    Err(error) => view! { <ErrorPanel error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A file chosen in the browser, as the list under the input shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chosen {
    name: String,
    size: i64,
}

#[component]
fn SubmitForm(detail: ClaimDetail) -> impl IntoView {
    let i18n = use_i18n();
    let resubmit = detail.available_actions.contains(&ClaimAction::Resubmit);
    let can_submit = resubmit || detail.available_actions.contains(&ClaimAction::Submit);
    let claim_ref = detail.claim_ref.clone();
    let claim_href = format!("/claims/{claim_ref}");
    let customers = format!("/engagements/{}/customers", detail.engagement_id);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let problem = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    // Until the page is interactive the button waits: a plain form post would come back
    // without its errors, and without what was typed.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let chosen = RwSignal::new(Vec::<Chosen>::new());
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let limit = detail.upload_limit_bytes;
    let status = detail.status;
    let now = detail.now;
    let title = move || {
        if resubmit {
            t_string!(i18n, submit_title_resubmit)
        } else {
            t_string!(i18n, submit_title)
        }
    };
    let request = detail
        .latest_message(&[ClaimAction::RequestPartnerAction])
        .map(|(_, m)| m.to_owned())
        .filter(|_| resubmit);
    let deadline = detail.deadline.map(|d| {
        let at = d.at.unix_seconds();
        let kind = d.kind;
        view! {
            <p class="deadline-line" data-testid="submit-deadline">
                <span>{move || match i18n.get_locale() { Locale::en => kind.message_en(), Locale::fr => kind.message_fr() }}": "</span>
                <strong>{move || format_date_time(at, i18n.get_locale())}</strong>" "
                <span class="badge badge-info">{move || time_left_text(at, now, i18n.get_locale())}</span>
            </p>
        }
    });
    let on_files = move |ev: leptos::ev::Event| {
        let _ = &ev;
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let mut list = Vec::new();
            if let Some(files) = input.files() {
                for index in 0..files.length() {
                    if let Some(file) = files.get(index) {
                        list.push(Chosen {
                            name: file.name(),
                            size: file.size() as i64,
                        });
                    }
                }
            }
            chosen.set(list);
        }
    };
    let on_submit = {
        let claim_href = claim_href.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let Some(_form) = form_ref.get_untracked() else {
                return;
            };
            let _claim_href = claim_href.clone();
            #[cfg(feature = "hydrate")]
            {
                let Ok(data) = leptos::web_sys::FormData::new_with_form(&_form) else {
                    return;
                };
                busy.set(true);
                problem.set(None);
                leptos::task::spawn_local(async move {
                    let answer = super::api::submit_claim(data.into()).await;
                    busy.set(false);
                    match answer {
                        Ok(_) => {
                            errors.set(Vec::new());
                            let navigate = leptos_router::hooks::use_navigate();
                            navigate(&format!("{_claim_href}?submitted=1"), Default::default());
                        }
                        Err(AppError::Validation(list)) => {
                            errors.set(list);
                            crate::components::form::focus_after_render("error-summary");
                        }
                        Err(error) => {
                            problem.set(Some(error));
                            crate::components::form::focus_after_render("error-summary");
                        }
                    }
                });
            }
        }
    };
    let documents_hint = move || {
        let size = size_text(limit);
        t_string!(i18n, submit_documents_hint, size = size).to_string()
    };
    let documents_error = field_error(errors, "documents", i18n);
    let chosen_list = move || {
        let files = chosen.get();
        (!files.is_empty()).then(|| view! {
            <ul class="chosen-files" aria-live="polite">
                {files.into_iter().map(|f| {
                    let over = f.size > limit;
                    view! {
                        <li class:chosen-over=over>
                            <span class="cell-title">{f.name.clone()}</span>" "
                            <span class="muted">{size_text(f.size)}</span>
                            {over.then(|| view! { <span class="badge badge-danger">{move || t_string!(i18n, submit_file_too_large)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        })
    };
    let hours = detail.hours;
    let created = crate::components::format::iso_date(detail.created_at);
    let today = crate::components::format::iso_date(now);
    view! {
        {move || view! { <Title text=title().to_string() /> }}
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, breadcrumb)>
            <a href="/engagements">{move || t_string!(i18n, nav_engagements)}</a>
            <span aria-hidden="true">" / "</span>
            <a href=customers>{detail.engagement_name.clone()}</a>
            <span aria-hidden="true">" / "</span>
            <a href=claim_href.clone() class="mono">{claim_ref.to_string()}</a>
        </nav>
        <div class="page-heading">
            <h1>{title}</h1>
            <p class="lead">{detail.friendly_name.clone()}" · "{detail.customer_name.clone().unwrap_or_else(|| detail.customer_id.display_value())}</p>
        </div>
        {if !can_submit {
            view! {
                <section class="card">
                    <div class="message message-warning" role="status" data-testid="submit-blocked">
                        {move || t_string!(i18n, submit_not_possible, status = status_label(status, i18n.get_locale()))}
                    </div>
                    <a class="button" href=claim_href.clone()>{move || t_string!(i18n, submit_back_to_claim)}</a>
                </section>
            }.into_any()
        } else {
            view! {
                <section class="card submit-card" aria-labelledby="submit-form-title">
                    <h2 id="submit-form-title">{move || if resubmit { t_string!(i18n, submit_section_answer) } else { t_string!(i18n, submit_section_proof) }}</h2>
                    {deadline}
                    {request.map(|text| view! {
                        <div class="message message-info review-request" data-testid="review-request">
                            <p class="message-title">{move || t_string!(i18n, claim_review_request)}</p>
                            <p class="pre-line">{text}</p>
                        </div>
                    })}
                    <ErrorSummary id="error-summary" errors problem />
                    <form
                        node_ref=form_ref
                        action="/api/submit_claim"
                        method="post"
                        enctype="multipart/form-data"
                        on:submit=on_submit
                        novalidate
                    >
                        <input type="hidden" name="claim_ref" value=claim_ref.to_string() />
                        {(!resubmit).then(|| {
                            let date_error = field_error(errors, "completion_date", i18n);
                            view! {
                                <div class="field" class:field-invalid=move || date_error.with(Option::is_some)>
                                    <label for="field-completion_date">{move || t_string!(i18n, submit_completion_date)}</label>
                                    <p class="field-hint" id="field-completion_date-hint">{move || t_string!(i18n, submit_completion_date_hint)}</p>
                                    {move || date_error.get().map(|m| view! { <p class="field-error" id="field-completion_date-error">{m}</p> })}
                                    <input
                                        id="field-completion_date"
                                        name="completion_date"
                                        type="date"
                                        min=created.clone()
                                        max=today.clone()
                                        aria-describedby="field-completion_date-hint"
                                        aria-invalid=move || date_error.with(Option::is_some).to_string()
                                    />
                                </div>
                            }
                        })}
                        {(!resubmit).then_some(hours).flatten().map(|claimed| {
                            let hours_error = field_error(errors, "hours_delivered", i18n);
                            view! {
                                <div class="field" class:field-invalid=move || hours_error.with(Option::is_some)>
                                    <label for="field-hours_delivered">{move || t_string!(i18n, submit_hours_delivered)}</label>
                                    <p class="field-hint" id="field-hours_delivered-hint">{move || t_string!(i18n, submit_hours_delivered_hint, hours = claimed)}</p>
                                    {move || hours_error.get().map(|m| view! { <p class="field-error" id="field-hours_delivered-error">{m}</p> })}
                                    <input
                                        id="field-hours_delivered"
                                        name="hours_delivered"
                                        type="number"
                                        inputmode="numeric"
                                        min="1"
                                        max=claimed.to_string()
                                        value=claimed.to_string()
                                        class="input-short"
                                        aria-describedby="field-hours_delivered-hint"
                                        aria-invalid=move || hours_error.with(Option::is_some).to_string()
                                    />
                                </div>
                            }
                        })}
                        <div class="field" class:field-invalid=move || documents_error.with(Option::is_some)>
                            <label for="field-documents">{move || if resubmit { t_string!(i18n, submit_documents_optional) } else { t_string!(i18n, submit_documents) }}</label>
                            <p class="field-hint" id="field-documents-hint">{documents_hint}</p>
                            {move || documents_error.get().map(|m| view! { <p class="field-error" id="field-documents-error">{m}</p> })}
                            <input
                                id="field-documents"
                                name="documents"
                                type="file"
                                multiple
                                accept=ACCEPTED_FILES
                                on:change=on_files
                                aria-describedby="field-documents-hint"
                                aria-invalid=move || documents_error.with(Option::is_some).to_string()
                            />
                            {chosen_list}
                        </div>
                        {
                            let comments_error = field_error(errors, "comments", i18n);
                            view! {
                                <div class="field" class:field-invalid=move || comments_error.with(Option::is_some)>
                                    <label for="field-comments">{move || if resubmit { t_string!(i18n, submit_answer) } else { t_string!(i18n, submit_comments) }}</label>
                                    {move || comments_error.get().map(|m| view! { <p class="field-error" id="field-comments-error">{m}</p> })}
                                    <textarea
                                        id="field-comments"
                                        name="comments"
                                        rows="4"
                                        aria-invalid=move || comments_error.with(Option::is_some).to_string()
                                    ></textarea>
                                </div>
                            }
                        }
                        <div class="form-actions">
                            <button type="submit" class="button button-primary" disabled=move || busy.get() || !interactive.get() aria-busy=move || busy.get().to_string()>
                                {move || if busy.get() {
                                    t_string!(i18n, submit_sending)
                                } else if resubmit {
                                    t_string!(i18n, submit_button_resubmit)
                                } else {
                                    t_string!(i18n, submit_button)
                                }}
                            </button>
                            <a class="button button-subtle" href=claim_href.clone()>{move || t_string!(i18n, submit_cancel)}</a>
                        </div>
                    </form>
                </section>
            }.into_any()
        }}
    }
}

/// Each submission of a claim with its documents (download links), newest first.
#[component]
pub fn SubmissionsCard(submissions: Vec<SubmissionInfo>) -> impl IntoView {
    let i18n = use_i18n();
    let items = submissions
        .into_iter()
        .rev()
        .map(|s| {
            let at = s.submitted_at;
            let resubmission = s.resubmission;
            let by = s.submitted_by.clone().unwrap_or_default();
            let documents = s
                .documents
                .iter()
                .map(|d| {
                    let href = d.href();
                    view! {
                        <li>
                            <a href=href download=d.file_name.clone() data-testid="document-link">{d.file_name.clone()}</a>
                            " "<span class="muted">"("{size_text(d.size_bytes)}")"</span>
                        </li>
                    }
                })
                .collect_view();
            let completion = s.completion_date.clone();
            let hours = s.hours_delivered;
            view! {
                <li class="submission">
                    <p class="submission-head">
                        <span class="cell-title">{move || if resubmission { t_string!(i18n, submission_answer) } else { t_string!(i18n, submission_first) }}</span>
                        <span class="muted">{move || format_date_time(at, i18n.get_locale())}" · "{by.clone()}</span>
                    </p>
                    {completion.map(|d| view! { <p><span class="muted">{move || t_string!(i18n, submit_completion_date)}": "</span>{d}</p> })}
                    {hours.map(|h| view! { <p><span class="muted">{move || t_string!(i18n, submit_hours_delivered)}": "</span>{h}</p> })}
                    {s.comments.clone().map(|c| view! { <p class="pre-line">{c}</p> })}
                    <ul class="documents">{documents}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card submissions-card" aria-labelledby="claim-submissions">
            <h2 id="claim-submissions">{move || t_string!(i18n, submissions_title)}</h2>
            <ul class="submissions">{items}</ul>
        </section>
    }
}
