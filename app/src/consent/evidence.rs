//! The customer's answer with where it came from, as the partner's and the reviewer's claim
//! pages show it: "Accepted on 3 Dec 2026 at 14:05 UTC from 203.0.113.7 (Mozilla/5.0 …)", and
//! the consent text the customer saw, folded away.

use super::model::ConsentEvidence;
use crate::components::format::format_date;
use crate::i18n::*;
use leptos::prelude::*;

/// The user agent as the summary line shows it: its first characters (the whole of it is in
/// the folded part).
const SHORT_AGENT_CHARS: usize = 40;

/// "14:05 UTC", from Unix seconds.
fn time_of_day(unix_secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix_secs)
        .map(|at| format!("{:02}:{:02} UTC", at.hour(), at.minute()))
        .unwrap_or_else(|_| String::from("—"))
}

fn short_agent(agent: &str) -> String {
    if agent.chars().count() > SHORT_AGENT_CHARS {
        let cut: String = agent.chars().take(SHORT_AGENT_CHARS).collect();
        format!("{} …", cut.trim_end())
    } else {
        agent.to_owned()
    }
}

/// The summary line, in the page's language.
fn summary(i18n: leptos_i18n::I18nContext<Locale>, e: &ConsentEvidence) -> String {
    let locale = i18n.get_locale();
    let date = format_date(e.decided_at, locale);
    let time = time_of_day(e.decided_at);
    let mut line = if e.accepted {
        td_string!(locale, consent_evidence_accepted, date = date, time = time).to_string()
    } else {
        td_string!(locale, consent_evidence_declined, date = date, time = time).to_string()
    };
    if let Some(address) = e.ip.clone().filter(|a| !a.is_empty()) {
        line.push(' ');
        line.push_str(&td_string!(locale, consent_evidence_from, address = address).to_string());
    }
    if let Some(agent) = e.user_agent.as_deref().filter(|a| !a.is_empty()) {
        line.push_str(&format!(" ({})", short_agent(agent)));
    }
    line
}

/// The card of the customer's answer.
#[component]
pub fn ConsentEvidenceCard(evidence: ConsentEvidence) -> impl IntoView {
    let i18n = use_i18n();
    let recorded = evidence.ip.is_some() || evidence.text.is_some();
    let line = {
        let evidence = evidence.clone();
        move || summary(i18n, &evidence)
    };
    let agent = evidence.user_agent.clone().filter(|a| !a.is_empty());
    let text = evidence.text.clone();
    let language = evidence
        .language
        .clone()
        .map(|l| l.to_uppercase())
        .unwrap_or_default();
    let class = if evidence.accepted {
        "message message-success"
    } else {
        "message message-info"
    };
    view! {
        <section class="card consent-evidence" aria-labelledby="claim-consent-evidence">
            <h2 id="claim-consent-evidence">{move || t_string!(i18n, consent_evidence_title)}</h2>
            <p class=class data-testid="consent-evidence">{line}</p>
            {(!recorded).then(|| view! { <p class="cell-sub">{move || t_string!(i18n, consent_evidence_not_recorded)}</p> })}
            {agent.map(|agent| view! {
                <dl class="fields">
                    <div class="field-row">
                        <dt>{move || t_string!(i18n, consent_evidence_agent)}</dt>
                        <dd class="mono">{agent}</dd>
                    </div>
                </dl>
            })}
            {text.map(|text| view! {
                <details data-testid="consent-evidence-text">
                    <summary>{move || t_string!(i18n, consent_evidence_text)}" ("{language.clone()}")"</summary>
                    <p class="pre-line" lang=language.to_lowercase()>{text}</p>
                </details>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_user_agent_is_cut_in_the_summary_only() {
        let agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)";
        let short = short_agent(agent);
        assert!(
            short.starts_with("Mozilla/5.0 (X11; Linux x86_64)"),
            "{short}"
        );
        assert!(short.ends_with(" …"), "{short}");
        assert_eq!(short_agent("curl/8.5.0"), "curl/8.5.0");
    }

    #[test]
    fn the_time_of_an_answer_is_in_utc() {
        // 2026-12-03T14:05:00Z
        assert_eq!(time_of_day(1_796_306_700), "14:05 UTC");
    }
}
