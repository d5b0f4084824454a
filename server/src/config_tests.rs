//! The start-up refusals of `config`, one per rule.

use super::*;

fn config(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_vars(&move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    })
}

fn refusal(pairs: &[(&str, &str)]) -> String {
    let error = config(pairs).expect_err("the configuration is refused");
    let line = format!("{error:#}");
    assert!(!line.contains('\n'), "one line: {line}");
    line
}

const PRODUCTION: [(&str, &str); 3] = [
    ("APP_ENV", "production"),
    ("PUBLIC_ORIGIN", "https://mci.example.com"),
    ("SMTP_HOST", "smtp.example.com"),
];

fn production_with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut pairs: Vec<_> = PRODUCTION
        .iter()
        .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
        .copied()
        .collect();
    pairs.extend(extra.iter().filter(|(_, v)| !v.is_empty()).copied());
    pairs
}

#[test]
fn the_server_does_not_start_without_app_env() {
    assert!(refusal(&[]).starts_with("APP_ENV must be set"));
    assert!(refusal(&[("APP_ENV", "  ")]).starts_with("APP_ENV must be set"));
    assert!(refusal(&[("APP_ENV", "prod")]).contains("APP_ENV must be development or production"));
}

#[test]
fn development_is_only_what_is_asked_for() {
    let dev = config(&[("APP_ENV", "development")]).unwrap();
    assert_eq!(dev.environment, Environment::Development);
    assert!(dev.seed_demo_data);
    assert!(!dev.log_json);
    assert_eq!(dev.session_cookie_name(), "mci_session");
    assert_eq!(dev.trusted_proxy_hops, 0);
}

#[test]
fn production_requires_an_https_public_origin() {
    let line = refusal(&production_with(&[("PUBLIC_ORIGIN", "")]));
    assert!(
        line.starts_with("PUBLIC_ORIGIN must be set in production"),
        "{line}"
    );
    for bad in [
        "http://mci.example.com",
        "mci.example.com",
        "https://mci.example.com/app",
        "javascript:alert(1)",
    ] {
        let line = refusal(&production_with(&[("PUBLIC_ORIGIN", bad)]));
        assert!(line.starts_with("PUBLIC_ORIGIN must be"), "{bad}: {line}");
    }
    let ok = config(&production_with(&[(
        "PUBLIC_ORIGIN",
        "https://mci.example.com:8443/",
    )]))
    .unwrap();
    assert_eq!(
        ok.public_origin.as_deref(),
        Some("https://mci.example.com:8443")
    );
}

#[test]
fn production_requires_smtp_with_tls() {
    let line = refusal(&production_with(&[("SMTP_HOST", "")]));
    assert!(
        line.starts_with("SMTP_HOST must be set in production"),
        "{line}"
    );
    let line = refusal(&production_with(&[("SMTP_TLS", "none")]));
    assert!(
        line.starts_with("SMTP_TLS cannot be none in production"),
        "{line}"
    );
}

#[test]
fn production_never_loads_the_demo_data() {
    let line = refusal(&production_with(&[("SEED_DEMO_DATA", "true")]));
    assert!(
        line.starts_with("SEED_DEMO_DATA cannot be true in production"),
        "{line}"
    );
    assert!(!config(&PRODUCTION).unwrap().seed_demo_data);
}

#[test]
fn production_hardens_the_cookie_and_logs_json() {
    let production = config(&PRODUCTION).unwrap();
    assert_eq!(production.session_cookie_name(), "__Host-mci_session");
    assert!(production.log_json);
    let text = config(&production_with(&[("LOG_FORMAT", "text")])).unwrap();
    assert!(!text.log_json);
}

#[test]
fn the_old_forwarded_for_switch_is_refused_by_name() {
    let line = refusal(&[("APP_ENV", "development"), ("TRUST_FORWARDED_FOR", "true")]);
    assert!(
        line.starts_with("TRUST_FORWARDED_FOR is no longer read"),
        "{line}"
    );
    let hops = config(&[("APP_ENV", "development"), ("TRUSTED_PROXY_HOPS", "2")]).unwrap();
    assert_eq!(hops.trusted_proxy_hops, 2);
    let line = refusal(&[("APP_ENV", "development"), ("TRUSTED_PROXY_HOPS", "-1")]);
    assert!(
        line.starts_with("TRUSTED_PROXY_HOPS must be a whole number"),
        "{line}"
    );
}
