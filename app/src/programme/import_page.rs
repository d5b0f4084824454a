//! The programme console's CSV import: choose what the file holds, upload it, read what it
//! changed or why it was refused, row by row; and the last imports.

use super::import::{
    import_programme_data, list_programme_imports, ImportKind, ImportOutcome, ImportRecord,
    RowError,
};
use super::import_messages::{column_help, problem_message};
use crate::auth::Role;
use crate::components::form::focus_after_render;
use crate::components::format::format_date_time;
use crate::components::layout::RequireRole;
use crate::components::messages::field_message;
use crate::components::status::{error_message, ListOrEmpty};
use crate::error::{AppError, NeededRole};
use crate::i18n::*;
use leptos::prelude::*;
use leptos::web_sys::FormData;
use leptos_i18n::I18nContext;
use leptos_meta::Title;

fn is_reviewer(role: Role) -> bool {
    role == Role::ProgrammeReviewer
}

/// What a kind of file holds, in the page's language.
pub fn kind_label(i18n: I18nContext<Locale>, kind: ImportKind) -> String {
    match kind {
        ImportKind::Eligibility => t_string!(i18n, import_kind_eligibility).to_string(),
        ImportKind::Tenants => t_string!(i18n, import_kind_tenants).to_string(),
        ImportKind::Tpids => t_string!(i18n, import_kind_tpids).to_string(),
        ImportKind::Subscriptions => t_string!(i18n, import_kind_subscriptions).to_string(),
        ImportKind::Opportunities => t_string!(i18n, import_kind_opportunities).to_string(),
    }
}

#[component]
pub fn ImportRoute() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || view! { <Title text=t_string!(i18n, import_title).to_string() /> }}
        <RequireRole allowed=is_reviewer needed=NeededRole::ProgrammeReviewer>
            <ImportPage />
        </RequireRole>
    }
}

type ImportAction = Action<FormData, Result<ImportOutcome, AppError>>;

#[component]
fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ImportKind::Eligibility);
    // The form posts a file, which only the hydrated page can send as this page expects; until
    // then the button stays disabled rather than leaving the page.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let import: ImportAction = Action::new_local(|data: &FormData| {
        let data = data.clone();
        async move { import_programme_data(data.into()).await }
    });
    Effect::new(move |_| {
        if import.version().get() > 0 {
            focus_after_render("import-result");
        }
    });
    let history = Resource::new(move || import.version().get(), |_| list_programme_imports());

    let field_error = move |field: &'static str| {
        import.value().with(|value| match value {
            Some(Err(error)) => error
                .field_errors(field)
                .first()
                .map(|e| field_message(i18n.get_locale(), e)),
            _ => None,
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // One upload at a time; the form's data is read only by the browser.
        #[cfg(feature = "hydrate")]
        if !import.pending().get_untracked() {
            use leptos::wasm_bindgen::JsCast;
            let form = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
            if let Some(data) = form.and_then(|f| FormData::new_with_form(&f).ok()) {
                import.dispatch_local(data);
            }
        }
    };
    let busy = move || import.pending().get();

    view! {
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, breadcrumb)>
            <a href="/programme">{move || t_string!(i18n, programme_title)}</a>
            <span aria-hidden="true">"/"</span>
            <span aria-current="page">{move || t_string!(i18n, import_title)}</span>
        </nav>
        <div class="page-heading">
            <h1>{move || t_string!(i18n, import_title)}</h1>
            <p class="lead">{move || t_string!(i18n, import_intro)}</p>
        </div>
        <div class="import-layout">
            <section class="card" aria-labelledby="import-form-title">
                <h2 id="import-form-title">{move || t_string!(i18n, import_form_title)}</h2>
                <form class="form" novalidate on:submit=on_submit>
                    <div class="field" class:field-invalid=move || field_error("kind").is_some()>
                        <label for="import-kind">{move || t_string!(i18n, import_kind_label)}</label>
                        {move || field_error("kind").map(|m| view! { <p class="field-error" id="import-kind-error">{m}</p> })}
                        <select
                            id="import-kind"
                            name="kind"
                            on:change=move |ev| {
                                if let Some(k) = ImportKind::from_code(&event_target_value(&ev)) {
                                    kind.set(k);
                                }
                            }
                            aria-describedby=move || field_error("kind").map(|_| "import-kind-error")
                        >
                            {ImportKind::ALL
                                .into_iter()
                                .map(|k| view! {
                                    <option value=k.code() selected=move || kind.get() == k>
                                        {move || kind_label(i18n, k)}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field" class:field-invalid=move || field_error("file").is_some()>
                        <label for="import-file">{move || t_string!(i18n, import_file_label)}</label>
                        <p class="field-hint" id="import-file-hint">{move || t_string!(i18n, import_file_hint)}</p>
                        {move || field_error("file").map(|m| view! { <p class="field-error" id="import-file-error">{m}</p> })}
                        <input
                            id="import-file"
                            name="file"
                            type="file"
                            accept=".csv,text/csv"
                            required
                            aria-invalid=move || field_error("file").is_some().to_string()
                            aria-describedby=move || {
                                if field_error("file").is_some() {
                                    "import-file-hint import-file-error"
                                } else {
                                    "import-file-hint"
                                }
                            }
                        />
                    </div>
                    <div class="wizard-buttons">
                        <button
                            type="submit"
                            class="button button-primary"
                            disabled=move || !hydrated.get() || busy()
                            aria-busy=move || busy().to_string()
                        >
                            {move || if busy() { t_string!(i18n, import_submitting) } else { t_string!(i18n, import_submit) }}
                        </button>
                        {move || busy().then(|| view! {
                            <span class="loading" role="status">
                                <span class="spinner" aria-hidden="true"></span>
                                {move || t_string!(i18n, import_checking)}
                            </span>
                        })}
                    </div>
                </form>
            </section>
            <ColumnsHelp kind=kind.into() />
        </div>
        <div id="import-result" tabindex="-1" class="import-result">
            {move || import.value().get().map(|result| view! { <ImportResult result /> })}
        </div>
        <section class="import-history" aria-labelledby="import-history-title">
            <h2 id="import-history-title">{move || t_string!(i18n, import_history_title)}</h2>
            <ListOrEmpty
                resource=history
                empty_title=Signal::derive(move || t_string!(i18n, import_history_empty_title).to_string())
                empty_body=Signal::derive(move || t_string!(i18n, import_history_empty_body).to_string())
                table=|list| view! { <HistoryTable list /> }.into_any()
            />
        </section>
    }
}

/// The columns a file of the chosen kind must name, what each holds and an example.
#[component]
fn ColumnsHelp(kind: Signal<ImportKind>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        let locale = i18n.get_locale();
        kind.get()
            .columns()
            .iter()
            .map(|c| {
                view! {
                    <tr>
                        <th scope="row"><code class="mono">{c.name}</code></th>
                        <td>{column_help(locale, c.help)}</td>
                        <td><code class="mono">{c.example}</code></td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="import-columns-title">
            <h2 id="import-columns-title">
                {move || t_string!(i18n, import_columns_title, kind = kind_label(i18n, kind.get()))}
            </h2>
            <p class="field-hint">{move || t_string!(i18n, import_columns_intro)}</p>
            <div class="table-wrap import-columns">
                <table class="data-table">
                    <caption class="visually-hidden">
                        {move || t_string!(i18n, import_columns_title, kind = kind_label(i18n, kind.get()))}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || t_string!(i18n, import_col_column)}</th>
                            <th scope="col">{move || t_string!(i18n, import_col_meaning)}</th>
                            <th scope="col">{move || t_string!(i18n, import_col_example)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// What the last upload answered: the counts of a written file, the problems of a refused one,
/// or why it could not be sent.
#[component]
fn ImportResult(result: Result<ImportOutcome, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    match result {
        Ok(ImportOutcome::Imported {
            kind,
            file_name,
            rows,
            inserted,
            updated,
        }) => view! {
            <div class="message message-success" role="status">
                <h2 class="message-title">{move || t_string!(i18n, import_done_title)}</h2>
                <p>
                    {move || t_string!(i18n, import_done_body, file = file_name.clone(), kind = kind_label(i18n, kind))}
                </p>
                <dl class="import-counts">
                    <div>
                        <dt>{move || t_string!(i18n, import_count_rows)}</dt>
                        <dd>{rows}</dd>
                    </div>
                    <div>
                        <dt>{move || t_string!(i18n, import_count_inserted)}</dt>
                        <dd>{inserted}</dd>
                    </div>
                    <div>
                        <dt>{move || t_string!(i18n, import_count_updated)}</dt>
                        <dd>{updated}</dd>
                    </div>
                </dl>
            </div>
        }
        .into_any(),
        Ok(ImportOutcome::Refused {
            file_name,
            errors,
            more,
            ..
        }) => view! {
            <div class="message message-error" role="alert">
                <h2 class="message-title">{move || t_string!(i18n, import_refused_title)}</h2>
                <p>{move || t_string!(i18n, import_refused_body, file = file_name.clone())}</p>
            </div>
            <RowErrors errors more />
        }
        .into_any(),
        Err(error) => {
            let fields: Vec<String> = match &error {
                AppError::Validation(list) => list
                    .iter()
                    .map(|e| field_message(i18n.get_locale(), e))
                    .collect(),
                _ => Vec::new(),
            };
            view! {
                <div class="message message-error" role="alert">
                    <h2 class="message-title">{move || t_string!(i18n, import_error_title)}</h2>
                    {if fields.is_empty() {
                        let error = error.clone();
                        view! { <p>{move || error_message(i18n, &error)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="error-list">
                                {fields.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                </div>
            }
            .into_any()
        }
    }
}

/// Every listed problem of a refused file: line, column and what is wrong.
#[component]
fn RowErrors(errors: Vec<RowError>, more: u64) -> impl IntoView {
    let i18n = use_i18n();
    let rows = errors
        .into_iter()
        .map(|e| {
            let column = if e.column.is_empty() {
                "—".to_owned()
            } else {
                e.column
            };
            let problem = e.problem;
            view! {
                <tr>
                    <td class="numeric">{e.line}</td>
                    <td><code class="mono">{column}</code></td>
                    <td>{move || problem_message(i18n.get_locale(), &problem)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table import-errors">
                <caption class="visually-hidden">{move || t_string!(i18n, import_refused_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="numeric">{move || t_string!(i18n, import_col_line)}</th>
                        <th scope="col">{move || t_string!(i18n, import_col_column)}</th>
                        <th scope="col">{move || t_string!(i18n, import_col_problem)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(more > 0).then(|| view! {
            <p class="import-more">{move || t_string!(i18n, import_refused_more, count = more)}</p>
        })}
    }
}

#[component]
fn HistoryTable(list: Vec<ImportRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = list
        .into_iter()
        .map(|r| {
            let at = r.at;
            let kind = r.kind;
            view! {
                <tr>
                    <td>{move || format_date_time(at, i18n.get_locale())}</td>
                    <td>{move || kind_label(i18n, kind)}</td>
                    <td class="import-file-name">{r.file_name}</td>
                    <td class="numeric">{r.rows}</td>
                    <td class="numeric">{r.inserted}</td>
                    <td class="numeric">{r.updated}</td>
                    <td>{r.imported_by}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{move || t_string!(i18n, import_history_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || t_string!(i18n, import_col_when)}</th>
                        <th scope="col">{move || t_string!(i18n, import_col_kind)}</th>
                        <th scope="col">{move || t_string!(i18n, import_col_file)}</th>
                        <th scope="col" class="numeric">{move || t_string!(i18n, import_count_rows)}</th>
                        <th scope="col" class="numeric">{move || t_string!(i18n, import_count_inserted)}</th>
                        <th scope="col" class="numeric">{move || t_string!(i18n, import_count_updated)}</th>
                        <th scope="col">{move || t_string!(i18n, import_col_by)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
