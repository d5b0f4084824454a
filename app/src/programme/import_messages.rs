//! The import's words, from the locale files: what each column of a file holds. The import
//! kinds name a [`ColumnHelp`]; the sentences are only here.

use super::import::ColumnHelp;
use crate::i18n::*;

/// What a column holds, in a locale.
pub fn column_help(locale: Locale, help: ColumnHelp) -> &'static str {
    match help {
        ColumnHelp::Name => td_string!(locale, import_help_name),
        ColumnHelp::Country => td_string!(locale, import_help_country),
        ColumnHelp::EngagementCode => td_string!(locale, import_help_engagement_code),
        ColumnHelp::IdType => td_string!(locale, import_help_id_type),
        ColumnHelp::IdValue => td_string!(locale, import_help_id_value),
        ColumnHelp::TenantId => td_string!(locale, import_help_tenant_id),
        ColumnHelp::Segment => td_string!(locale, import_help_segment),
        ColumnHelp::Domains => td_string!(locale, import_help_domains),
        ColumnHelp::Tpid => td_string!(locale, import_help_tpid),
        ColumnHelp::TpidTenantIds => td_string!(locale, import_help_tpid_tenant_ids),
        ColumnHelp::SubscriptionId => td_string!(locale, import_help_subscription_id),
        ColumnHelp::SubscriptionTenantId => {
            td_string!(locale, import_help_subscription_tenant_id)
        }
        ColumnHelp::OpportunityId => td_string!(locale, import_help_opportunity_id),
        ColumnHelp::OpportunityTpid => td_string!(locale, import_help_opportunity_tpid),
        ColumnHelp::DealValue => td_string!(locale, import_help_deal_value),
        ColumnHelp::Currency => td_string!(locale, import_help_currency),
        ColumnHelp::MarketBand => td_string!(locale, import_help_market_band),
        ColumnHelp::Stage => td_string!(locale, import_help_stage),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::programme::import::ImportKind;
    use std::collections::BTreeSet;

    fn locale_file(json: &str) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(json).expect("a locale file is a JSON object")
    }

    /// The keys of both locale files that start with `prefix`, after it.
    fn keys(prefix: &str) -> [BTreeSet<String>; 2] {
        [
            include_str!("../../locales/en.json"),
            include_str!("../../locales/fr.json"),
        ]
        .map(|json| {
            locale_file(json)
                .keys()
                .filter_map(|k| k.strip_prefix(prefix).map(str::to_owned))
                .collect()
        })
    }

    #[test]
    fn every_column_help_has_an_english_and_a_french_key_and_no_key_is_left_over() {
        let helps: BTreeSet<String> = ImportKind::ALL
            .iter()
            .flat_map(|kind| kind.columns())
            .map(|c| c.help.key().trim_start_matches("import_help_").to_owned())
            .collect();
        let [en, fr] = keys("import_help_");
        assert_eq!(en, helps, "en.json");
        assert_eq!(fr, helps, "fr.json");
    }

    #[test]
    fn every_column_help_reads_differently_in_english_and_in_french() {
        for column in ImportKind::ALL.iter().flat_map(|kind| kind.columns()) {
            let (en, fr) = (
                column_help(Locale::en, column.help),
                column_help(Locale::fr, column.help),
            );
            assert!(!en.is_empty(), "{column:?}");
            assert_ne!(en, fr, "{column:?}");
        }
    }
}
