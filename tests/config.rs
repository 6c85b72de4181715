//! Integration tests of the configuration API: station overrides on top of
//! the shipped category sets, and the errors a station can hit.

use std::path::Path;

use doorstep::config::{Categories, Config, ConfigError, SetId};
use doorstep::lang::Lang;

/// Applies `text` as an override named `station.toml`.
fn load(text: &str) -> Result<Config, ConfigError> {
    Config::from_override_str(text, Path::new("station.toml"))
}

/// The error message of an override that must fail.
fn error(text: &str) -> String {
    match load(text) {
        Ok(_) => panic!("override was accepted:\n{text}"),
        Err(e) => e.to_string(),
    }
}

const PURPOSE_OVERRIDE: &str = r#"
[sets.purpose]
items = [
  { key = "warmth", zh = "送温暖（节日）" },
  { key = "festival", en = "Festival greetings", zh = "节日慰问" },
  { key = "law", retired = true },
]
"#;

#[test]
fn defaults_without_an_override() {
    let config = Config::default();
    assert_eq!(config.station_code, "XC");
    assert!(!config.shared_db);
    assert_eq!(config.lang, None);
    assert_eq!(config.path, None);
    assert!(config.categories.is_offered(SetId::Purpose, "law"));
}

#[test]
fn override_adds_an_item_after_the_shipped_ones() {
    let cats = load(PURPOSE_OVERRIDE).unwrap().categories;
    assert!(cats.is_offered(SetId::Purpose, "festival"));
    assert_eq!(cats.label(SetId::Purpose, "festival", Lang::Zh), "节日慰问");
    let keys = cats.keys(SetId::Purpose);
    assert_eq!(keys.last().map(String::as_str), Some("festival"));
    assert_eq!(keys[0], "warmth", "shipped order is kept");
}

#[test]
fn override_relabels_only_the_language_given() {
    let cats = load(PURPOSE_OVERRIDE).unwrap().categories;
    let warmth = cats.set(SetId::Purpose).get("warmth").unwrap();
    assert_eq!(warmth.zh, "送温暖（节日）");
    assert_eq!(warmth.en, "Deliver warmth");
}

#[test]
fn retired_item_is_known_and_labelled_but_not_offered() {
    let cats = load(PURPOSE_OVERRIDE).unwrap().categories;
    assert!(cats.is_known(SetId::Purpose, "law"));
    assert!(!cats.is_offered(SetId::Purpose, "law"));
    assert!(!cats.keys(SetId::Purpose).contains(&"law".to_string()));
    assert_eq!(cats.label(SetId::Purpose, "law", Lang::Zh), "送法律");
    assert!(cats.set(SetId::Purpose).offered().all(|i| i.key != "law"));
    let listing = cats.render_listing(Lang::En);
    assert!(
        listing.contains("Deliver legal advice  (retired)"),
        "{listing}"
    );
}

#[test]
fn unknown_key_is_labelled_in_brackets() {
    let cats = Categories::shipped();
    assert!(!cats.is_known(SetId::Purpose, "oldkey"));
    assert_eq!(cats.label(SetId::Purpose, "oldkey", Lang::En), "[oldkey]");
}

#[test]
fn settings_are_read() {
    let text = "lang = \"zh\"\nstation_code = \"BJ01\"\n[database]\nshared = true\n";
    let config = load(text).unwrap();
    assert_eq!(config.lang, Some(Lang::Zh));
    assert_eq!(config.station_code, "BJ01");
    assert!(config.shared_db);
    assert_eq!(config.path.as_deref(), Some(Path::new("station.toml")));
}

#[test]
fn risk_rank_and_top_follow_added_grades() {
    let text = "[sets.risk]\nitems = [{ key = \"critical\", en = \"Critical\", zh = \"极高\" }]\n";
    let cats = load(text).unwrap().categories;
    assert_eq!(cats.top_risk(), "critical");
    assert!(cats.rank(SetId::Risk, "low") < cats.rank(SetId::Risk, "high"));
    assert_eq!(cats.rank(SetId::Risk, "critical"), Some(3));
    assert_eq!(cats.rank(SetId::Risk, "nope"), None);
}

#[test]
fn topic_deadline_can_be_overridden() {
    let text = "[sets.topic]\nitems = [{ key = \"stability\", deadline_days = 20 }]\n";
    let cats = load(text).unwrap().categories;
    assert_eq!(cats.deadline_days("stability"), 20);
    assert_eq!(cats.deadline_days("integrity"), 5);
}

#[test]
fn topic_closure_days_can_be_overridden_and_are_checked() {
    let text = "[sets.topic]\nitems = [{ key = \"security\", close_days = 25 }]\n";
    let cats = load(text).unwrap().categories;
    assert_eq!(cats.close_days("security"), 25);
    assert_eq!(cats.close_days("stability"), 30, "shipped");
    assert_eq!(
        cats.deadline_days("security"),
        10,
        "the other deadline stays"
    );
    let msg = error("[sets.topic]\nitems = [{ key = \"security\", close_days = 0 }]\n");
    assert!(
        msg.contains("close_days") && msg.contains("security"),
        "{msg}"
    );
    let msg = error("[sets.unit]\nitems = [{ key = \"patrol\", close_days = 3 }]\n");
    assert!(
        msg.contains("close_days") && msg.contains("patrol"),
        "{msg}"
    );
}

#[test]
fn deadline_outside_topics_is_refused() {
    let msg = error("[sets.purpose]\nitems = [{ key = \"law\", deadline_days = 3 }]\n");
    assert!(
        msg.contains("deadline_days") && msg.contains("law"),
        "{msg}"
    );
}

#[test]
fn malformed_toml_names_file_line_and_column() {
    // A missing value: the parser notices at the end of line 3.
    let msg = error("lang = \"zh\"\n\nshared = \n");
    assert!(msg.starts_with("station.toml:3:"), "{msg}");
    // A key with no value inside an inline table: column 19 is the `}`.
    let msg = error("lang = \"zh\"\n[sets.purpose]\nitems = [ { key = } ]\n");
    assert!(msg.starts_with("station.toml:3:"), "{msg}");
    let column: usize = msg.split(':').nth(2).unwrap().parse().unwrap();
    assert_eq!(column, 19, "{msg}");
}

#[test]
fn duplicate_key_names_set_and_key() {
    let msg = error(
        "[sets.unit]\nitems = [\n  { key = \"traffic\", en = \"Traffic\", zh = \"交通队\" },\n  \
         { key = \"traffic\", en = \"Traffic 2\", zh = \"交通二队\" },\n]\n",
    );
    assert!(msg.contains("`traffic`") && msg.contains("unit"), "{msg}");
    assert!(msg.contains("station.toml"), "{msg}");
}

#[test]
fn unknown_set_is_named_with_the_valid_ones() {
    let msg = error("[sets.purposes]\nitems = []\n");
    assert!(msg.contains("`purposes`"), "{msg}");
    assert!(msg.contains("target_kind"), "lists valid sets: {msg}");
}

#[test]
fn unknown_top_level_key_is_named() {
    let msg = error("staton_code = \"XC\"\n");
    assert!(msg.contains("staton_code"), "{msg}");
    assert!(msg.starts_with("station.toml:1:1:"), "{msg}");
}

#[test]
fn unknown_item_field_is_refused() {
    let msg = error("[sets.purpose]\nitems = [{ key = \"law\", retire = true }]\n");
    assert!(msg.contains("retire"), "{msg}");
}

#[test]
fn required_keys_cannot_be_retired() {
    for (set, key) in [
        ("purpose", "care"),
        ("purpose", "mediation"),
        ("form", "ordinary"),
        ("rating", "dissatisfied"),
        ("risk", "high"),
    ] {
        let msg = error(&format!(
            "[sets.{set}]\nitems = [{{ key = \"{key}\", retired = true }}]\n"
        ));
        assert!(msg.contains(&format!("`{key}`")), "{msg}");
        assert!(msg.contains("cannot be retired"), "{msg}");
    }
}

#[test]
fn required_key_may_be_relabelled() {
    let text = "[sets.risk]\nitems = [{ key = \"high\", zh = \"高风险\" }]\n";
    let cats = load(text).unwrap().categories;
    assert_eq!(cats.label(SetId::Risk, "high", Lang::Zh), "高风险");
}

#[test]
fn retiring_every_item_of_a_set_is_refused() {
    let items = Categories::shipped()
        .keys(SetId::Unit)
        .iter()
        .map(|k| format!("{{ key = \"{k}\", retired = true }}"))
        .collect::<Vec<_>>()
        .join(", ");
    let msg = error(&format!("[sets.unit]\nitems = [{items}]\n"));
    assert!(msg.contains("every item") && msg.contains("unit"), "{msg}");
}

#[test]
fn new_item_without_zh_is_refused() {
    let msg = error("[sets.purpose]\nitems = [{ key = \"festival\", en = \"Festival\" }]\n");
    assert!(
        msg.contains("`festival`") && msg.contains("missing zh"),
        "{msg}"
    );
    assert!(msg.contains("purpose"), "{msg}");
}

#[test]
fn bad_keys_are_refused() {
    for key in ["", "Festival", "fest-ival", "节日"] {
        let msg = error(&format!(
            "[sets.purpose]\nitems = [{{ key = \"{key}\", en = \"F\", zh = \"节\" }}]\n"
        ));
        assert!(msg.contains("invalid key"), "{key:?}: {msg}");
    }
}

#[test]
fn blank_label_is_refused() {
    let msg = error("[sets.purpose]\nitems = [{ key = \"law\", zh = \"  \" }]\n");
    assert!(msg.contains("empty"), "{msg}");
}

#[test]
fn station_code_is_validated() {
    for bad in ["", "X-C", "ABCDEFGHI", "西城"] {
        let msg = error(&format!("station_code = \"{bad}\"\n"));
        assert!(msg.contains("station_code"), "{bad:?}: {msg}");
    }
    for good in ["X", "XC", "ABCDEFGH", "bj7"] {
        let config = load(&format!("station_code = \"{good}\"\n")).unwrap();
        assert_eq!(config.station_code, good);
    }
}

#[test]
fn explicit_config_path_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let err = Config::load(Some(&missing)).unwrap_err();
    assert!(matches!(err, ConfigError::NotFound { .. }));
    assert!(err.to_string().contains("nope.toml"), "{err}");
}

#[test]
fn explicit_config_file_is_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("station.toml");
    std::fs::write(&path, PURPOSE_OVERRIDE).unwrap();
    let config = Config::load(Some(&path)).unwrap();
    assert_eq!(config.path.as_deref(), Some(path.as_path()));
    assert!(config.categories.is_offered(SetId::Purpose, "festival"));
}

#[test]
fn errors_in_a_loaded_file_name_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, "lang = \"fr\"\n").unwrap();
    let msg = Config::load(Some(&path)).unwrap_err().to_string();
    assert!(msg.starts_with(&format!("{}:1:", path.display())), "{msg}");
}
