//! Generates the `i18n` module (typed translation keys) from `locales/*.json` at build time, so a
//! missing or misspelt key is a compile error rather than a blank label in production.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // Interpolated strings are also needed as plain strings (attributes, titles, messages).
    let options = ParseOptions::default().interpolate_display(true);
    let cfg = Config::new("en")?.add_locale("fr")?.parse_options(options);
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}
