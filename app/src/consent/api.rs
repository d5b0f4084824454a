//! Server functions of consent. The partner's are guarded like every partner function; the
//! customer's are public and limited per address instead.

use super::model::{ConsentFlow, ConsentPage};
use crate::claims::model::ContactsForm;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The Send consent flow of one of the partner's claims.
#[server(endpoint = "consent_flow")]
pub async fn get_consent_flow(claim_ref: String) -> Result<ConsentFlow, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::consent_flow(
        &state,
        &scope,
        &crate::claims::refs::requested(&claim_ref).map_err(respond)?,
    )
    .await
    .map_err(respond)
}

/// Sends (or re-sends) the consent e-mail with the reviewed contacts; `dry_run` only checks.
#[server(endpoint = "send_consent", input = Json)]
pub async fn send_consent(
    claim_ref: String,
    contacts: ContactsForm,
    dry_run: bool,
) -> Result<domain::ClaimStatus, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::service::send_consent(
        &state,
        &scope,
        &crate::claims::refs::requested(&claim_ref).map_err(respond)?,
        &contacts,
        dry_run,
    )
    .await
    .map_err(respond)
}

/// The customer's consent page (no sign-in).
#[server(endpoint = "consent_page")]
pub async fn get_consent_page(token: String) -> Result<ConsentPage, AppError> {
    use crate::auth::server::{client_address, respond};
    use crate::state::app_state;
    let state = app_state()?;
    let address = client_address(&state).await;
    super::service::consent_page(&state, &address, token.trim())
        .await
        .map_err(respond)
}

/// The customer's answer (no sign-in): accept, or decline with an optional reason. `language`
/// is the language the page was shown in (`en`, `fr`); the server keeps the consent text in it,
/// with the client's address and user agent, as the answer's evidence.
#[server(endpoint = "decide_consent")]
pub async fn decide_consent(
    token: String,
    accept: bool,
    reason: String,
    #[server(default)] language: String,
) -> Result<ConsentPage, AppError> {
    use crate::auth::server::{client_address, respond};
    use crate::error::FieldError;
    use crate::state::app_state;
    let state = app_state()?;
    let address = client_address(&state).await;
    let language = match language.trim() {
        "" => None,
        code => Some(domain::Language::parse(code).map_err(|e| {
            respond(AppError::Validation(vec![FieldError::parse(
                "language", &e,
            )]))
        })?),
    };
    let user_agent = leptos_axum::extract::<http::HeaderMap>()
        .await
        .ok()
        .and_then(|headers| {
            headers
                .get(http::header::USER_AGENT)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        })
        .unwrap_or_default();
    let answerer = super::service::Answerer {
        address: &address,
        user_agent: &user_agent,
        language,
    };
    super::service::decide(&state, &answerer, token.trim(), accept, &reason)
        .await
        .map_err(respond)
}

/// The partner's automatic consent reminder for an engagement: days before expiry, or `None`.
#[server(endpoint = "get_consent_reminder")]
pub async fn get_consent_reminder(
    engagement_id: domain::EngagementId,
) -> Result<super::reminder_page::ReminderSetting, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    let days_before = super::reminders::setting(&state, &scope, engagement_id)
        .await
        .map_err(respond)?;
    Ok(super::reminder_page::ReminderSetting {
        days_before,
        can_change: scope.role == crate::auth::Role::IncentivesAdmin,
    })
}

/// Sets the partner's automatic consent reminder for an engagement (`None`: off); the Incentives
/// administrator's.
#[server(endpoint = "save_consent_reminder", input = Json)]
pub async fn save_consent_reminder(
    engagement_id: domain::EngagementId,
    days_before: Option<u32>,
) -> Result<Option<u32>, AppError> {
    use crate::auth::server::{guard_incentives, respond};
    let (state, scope) = guard_incentives().await?;
    super::reminders::save_setting(&state, &scope, engagement_id, days_before)
        .await
        .map_err(respond)
}
