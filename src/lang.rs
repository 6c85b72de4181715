//! The two UI languages and how the choice is made.

use serde::Deserialize;

/// A UI language. Category labels and messages exist in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    /// Picks the language: an explicit choice first, then the config, then
    /// the locale variables in POSIX precedence (LC_ALL, LC_MESSAGES, LANG).
    pub fn choose(flag: Option<Lang>, config: Option<Lang>) -> Lang {
        flag.or(config).unwrap_or_else(|| {
            let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
            let locale = var("LC_ALL")
                .or_else(|| var("LC_MESSAGES"))
                .or_else(|| var("LANG"));
            Lang::from_locale(locale.as_deref())
        })
    }

    /// `zh*` locales mean Chinese; anything else, or nothing, English.
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("zh") => Lang::Zh,
            _ => Lang::En,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_picks_chinese_only_for_zh() {
        assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }

    #[test]
    fn flag_beats_config() {
        assert_eq!(Lang::choose(Some(Lang::En), Some(Lang::Zh)), Lang::En);
        assert_eq!(Lang::choose(None, Some(Lang::Zh)), Lang::Zh);
    }
}
