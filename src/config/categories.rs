//! Category sets (docs/ARCHITECTURE.md, "Categories"): the shipped defaults, a station's
//! overrides on top of them, and the errors either can raise.
//!
//! Records store item keys, never labels, so an item is never removed: a
//! station may only add, relabel or retire. A retired item stays known (old
//! records still show its label) but is no longer offered for new records.

use std::collections::{BTreeMap, HashSet};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::lang::Lang;

/// The shipped defaults, compiled into the binary so it runs without files.
const SHIPPED_TOML: &str = include_str!("../../config/categories.toml");

/// Name shown in errors about the shipped file.
const SHIPPED_ORIGIN: &str = "config/categories.toml";

/// Deadline for a topic that has no `deadline_days` (or an unknown topic).
pub const DEFAULT_DEADLINE_DAYS: u32 = 15;

/// Items the program itself relies on, with the reason, so they can never
/// be retired (they may still be relabelled).
const REQUIRED: [(SetId, &str, &str); 5] = [
    (
        SetId::Purpose,
        "care",
        "care-list visits are found by this purpose",
    ),
    (
        SetId::Purpose,
        "mediation",
        "mediation visits are found by this purpose",
    ),
    (
        SetId::Form,
        "ordinary",
        "it is the default form of a new visit",
    ),
    (
        SetId::Rating,
        "dissatisfied",
        "this rating reopens an issue",
    ),
    (
        SetId::Risk,
        "high",
        "the mediation queue puts high-risk disputes first",
    ),
];

/// Identifies one of the seventeen category sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SetId {
    Purpose,
    Form,
    TargetKind,
    VulnerableGroup,
    Topic,
    Theme,
    Aspect,
    DisputeKind,
    MediationSource,
    ReferralTarget,
    Risk,
    CareGroup,
    Rating,
    FeedbackChannel,
    Unit,
    Verification,
    Department,
}

impl SetId {
    /// Every set, in the order they are listed to users.
    pub const ALL: [SetId; 17] = [
        SetId::Purpose,
        SetId::Form,
        SetId::TargetKind,
        SetId::VulnerableGroup,
        SetId::Topic,
        SetId::Theme,
        SetId::Aspect,
        SetId::DisputeKind,
        SetId::MediationSource,
        SetId::ReferralTarget,
        SetId::Risk,
        SetId::CareGroup,
        SetId::Rating,
        SetId::FeedbackChannel,
        SetId::Unit,
        SetId::Verification,
        SetId::Department,
    ];

    /// The set's name in TOML (`[sets.<name>]`), e.g. `"target_kind"`.
    pub fn name(self) -> &'static str {
        match self {
            SetId::Purpose => "purpose",
            SetId::Form => "form",
            SetId::TargetKind => "target_kind",
            SetId::VulnerableGroup => "vulnerable_group",
            SetId::Topic => "topic",
            SetId::Theme => "theme",
            SetId::Aspect => "aspect",
            SetId::DisputeKind => "dispute_kind",
            SetId::MediationSource => "mediation_source",
            SetId::ReferralTarget => "referral_target",
            SetId::Risk => "risk",
            SetId::CareGroup => "care_group",
            SetId::Rating => "rating",
            SetId::FeedbackChannel => "feedback_channel",
            SetId::Unit => "unit",
            SetId::Verification => "verification",
            SetId::Department => "department",
        }
    }

    /// The set with this TOML name, if any.
    pub fn from_name(s: &str) -> Option<SetId> {
        SetId::ALL.into_iter().find(|id| id.name() == s)
    }

    /// Index into `Categories::sets`, which is kept in `ALL` order.
    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for SetId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One item of a category set.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Stable key stored in records: `[a-z0-9_]+`.
    pub key: String,
    /// English label.
    pub en: String,
    /// Simplified Chinese label.
    pub zh: String,
    /// Retired items stay readable on old records but are not offered.
    pub retired: bool,
    /// Default rectification deadline; only topic items carry one.
    pub deadline_days: Option<u32>,
}

impl Item {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// One category set: a title and its items in display order.
#[derive(Debug, Clone)]
pub struct CategorySet {
    /// Which set this is.
    pub id: SetId,
    /// English title.
    pub en: String,
    /// Simplified Chinese title.
    pub zh: String,
    /// Shipped items first, then items a station added, in file order.
    pub items: Vec<Item>,
}

impl CategorySet {
    fn empty(id: SetId) -> CategorySet {
        CategorySet {
            id,
            en: String::new(),
            zh: String::new(),
            items: Vec::new(),
        }
    }

    /// The item with `key`, retired or not.
    pub fn get(&self, key: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.key == key)
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Item> {
        self.items.iter_mut().find(|item| item.key == key)
    }

    /// The items offered for new records: not retired, in order.
    pub fn offered(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|item| !item.retired)
    }

    /// The set's title in `lang`.
    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// All fifteen category sets, after any station overrides.
#[derive(Debug, Clone)]
pub struct Categories {
    /// One set per `SetId`, in `SetId::ALL` order.
    sets: Vec<CategorySet>,
}

impl Categories {
    /// The defaults embedded in the binary.
    ///
    /// Panics only if the embedded file is broken, which the unit tests of
    /// this module catch before a release.
    pub fn shipped() -> Categories {
        static SHIPPED: OnceLock<Categories> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                Categories::parse_shipped(SHIPPED_TOML, Path::new(SHIPPED_ORIGIN))
                    .unwrap_or_else(|e| panic!("embedded categories are broken: {e}"))
            })
            .clone()
    }

    /// Parses a complete category file: every set present, titled and
    /// non-empty, every item with both labels.
    fn parse_shipped(text: &str, origin: &Path) -> Result<Categories, ConfigError> {
        let file: ShippedFile = parse_toml(text, origin)?;
        let mut categories = Categories {
            sets: SetId::ALL.into_iter().map(CategorySet::empty).collect(),
        };
        categories.apply(file.sets, origin)?;
        categories.check_complete(origin)?;
        Ok(categories)
    }

    /// Checks what only the shipped file must guarantee.
    fn check_complete(&self, origin: &Path) -> Result<(), ConfigError> {
        for set in &self.sets {
            if set.en.is_empty() || set.zh.is_empty() || set.items.is_empty() {
                return Err(ConfigError::IncompleteSet {
                    path: origin.to_path_buf(),
                    set: set.id,
                });
            }
        }
        Ok(())
    }

    /// Applies a station's `[sets.*]` tables on top of these sets.
    pub(crate) fn apply_override(
        &mut self,
        sets: BTreeMap<String, RawSet>,
        origin: &Path,
    ) -> Result<(), ConfigError> {
        self.apply(sets, origin)
    }

    /// Merges raw sets in, then checks the rules that span a whole set.
    fn apply(&mut self, sets: BTreeMap<String, RawSet>, origin: &Path) -> Result<(), ConfigError> {
        for (name, raw) in sets {
            let id = SetId::from_name(&name).ok_or_else(|| ConfigError::UnknownSet {
                path: origin.to_path_buf(),
                set: name.clone(),
            })?;
            merge_set(&mut self.sets[id.index()], raw, origin)?;
        }
        self.check_retirements(origin)
    }

    /// Refuses retiring a required item or every item of a set.
    fn check_retirements(&self, origin: &Path) -> Result<(), ConfigError> {
        for (id, key, reason) in REQUIRED {
            if self.get(id, key).is_some_and(|item| item.retired) {
                return Err(ConfigError::RequiredRetired {
                    path: origin.to_path_buf(),
                    set: id,
                    key: key.to_string(),
                    reason,
                });
            }
        }
        let all_retired = self
            .sets
            .iter()
            .find(|set| !set.items.is_empty() && set.offered().next().is_none());
        match all_retired {
            Some(set) => Err(ConfigError::AllRetired {
                path: origin.to_path_buf(),
                set: set.id,
            }),
            None => Ok(()),
        }
    }

    /// The set `id`.
    pub fn set(&self, id: SetId) -> &CategorySet {
        &self.sets[id.index()]
    }

    /// All sets in `SetId::ALL` order.
    pub fn sets(&self) -> impl Iterator<Item = &CategorySet> {
        self.sets.iter()
    }

    fn get(&self, id: SetId, key: &str) -> Option<&Item> {
        self.set(id).get(key)
    }

    /// Whether `key` is an item of set `id`, retired or not: valid on
    /// existing records.
    pub fn is_known(&self, id: SetId, key: &str) -> bool {
        self.get(id, key).is_some()
    }

    /// Whether `key` may be chosen for a new record: known and not retired.
    pub fn is_offered(&self, id: SetId, key: &str) -> bool {
        self.get(id, key).is_some_and(|item| !item.retired)
    }

    /// The label of `key` in `lang`. An unknown key (say, one a station's
    /// config dropped) is shown as itself in brackets, `[oldkey]`, so the
    /// record still reads.
    pub fn label(&self, id: SetId, key: &str, lang: Lang) -> String {
        match self.get(id, key) {
            Some(item) => item.label(lang).to_string(),
            None => format!("[{key}]"),
        }
    }

    /// Keys offered for new records, in order.
    pub fn keys(&self, id: SetId) -> Vec<String> {
        self.set(id)
            .offered()
            .map(|item| item.key.clone())
            .collect()
    }

    /// Position of `key` among all items of the set (retired included, so
    /// old records still sort); used to order risk grades.
    pub fn rank(&self, id: SetId, key: &str) -> Option<usize> {
        self.set(id).items.iter().position(|item| item.key == key)
    }

    /// Key of the highest risk grade still offered.
    pub fn top_risk(&self) -> &str {
        // `risk.high` can never be retired, so there is always one.
        self.set(SetId::Risk)
            .offered()
            .last()
            .map_or("high", |item| item.key.as_str())
    }

    /// Default rectification deadline of `topic`, in days
    /// (`DEFAULT_DEADLINE_DAYS` if the topic sets none or is unknown).
    pub fn deadline_days(&self, topic: &str) -> u32 {
        self.get(SetId::Topic, topic)
            .and_then(|item| item.deadline_days)
            .unwrap_or(DEFAULT_DEADLINE_DAYS)
    }

    /// Human-readable listing of every set for `doorstep categories`: the
    /// title and TOML name, then one line per item with its key and label.
    pub fn render_listing(&self, lang: Lang) -> String {
        let mut out = String::new();
        for (n, set) in self.sets.iter().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            render_set(&mut out, set, lang);
        }
        out
    }
}

impl Default for Categories {
    fn default() -> Self {
        Categories::shipped()
    }
}

/// Appends one set to a listing. Keys are ASCII, so padding them by byte
/// length aligns the label column without a display-width crate.
fn render_set(out: &mut String, set: &CategorySet, lang: Lang) {
    let _ = writeln!(out, "{} ({})", set.title(lang), set.id.name());
    let width = set.items.iter().map(|i| i.key.len()).max().unwrap_or(0);
    for item in &set.items {
        let _ = write!(out, "  {:width$}  {}", item.key, item.label(lang));
        if let Some(days) = item.deadline_days {
            let _ = match lang {
                Lang::En => write!(out, "  (deadline {days} days)"),
                Lang::Zh => write!(out, "（期限 {days} 天）"),
            };
        }
        if item.retired {
            out.push_str(match lang {
                Lang::En => "  (retired)",
                Lang::Zh => "（已停用）",
            });
        }
        out.push('\n');
    }
}

/// The shipped file: only `[sets.*]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShippedFile {
    #[serde(default)]
    sets: BTreeMap<String, RawSet>,
}

/// A `[sets.<name>]` table as written; every field optional so the same
/// shape serves both the shipped file and partial overrides.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSet {
    en: Option<String>,
    zh: Option<String>,
    #[serde(default)]
    items: Vec<RawItem>,
}

/// One entry of `items = [...]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    key: String,
    en: Option<String>,
    zh: Option<String>,
    retired: Option<bool>,
    deadline_days: Option<u32>,
}

/// Merges one raw set into `set`: relabels the title, then each item.
fn merge_set(set: &mut CategorySet, raw: RawSet, origin: &Path) -> Result<(), ConfigError> {
    let ctx = Ctx {
        path: origin,
        set: set.id,
    };
    set_label(&mut set.en, raw.en, &ctx, "", "en")?;
    set_label(&mut set.zh, raw.zh, &ctx, "", "zh")?;
    let mut seen = HashSet::new();
    for raw_item in raw.items {
        check_key(&raw_item.key, &ctx)?;
        if !seen.insert(raw_item.key.clone()) {
            return Err(ConfigError::DuplicateKey {
                path: origin.to_path_buf(),
                set: set.id,
                key: raw_item.key,
            });
        }
        merge_item(set, raw_item, &ctx)?;
    }
    Ok(())
}

/// Where a merge is happening, for error messages.
struct Ctx<'a> {
    path: &'a Path,
    set: SetId,
}

/// Relabels an existing item, or adds a new one (which needs both labels).
fn merge_item(set: &mut CategorySet, raw: RawItem, ctx: &Ctx) -> Result<(), ConfigError> {
    if raw.deadline_days.is_some() {
        check_deadline(&raw, ctx)?;
    }
    if let Some(item) = set.get_mut(&raw.key) {
        set_label(&mut item.en, raw.en, ctx, &raw.key, "en")?;
        set_label(&mut item.zh, raw.zh, ctx, &raw.key, "zh")?;
        item.retired = raw.retired.unwrap_or(item.retired);
        item.deadline_days = raw.deadline_days.or(item.deadline_days);
        return Ok(());
    }
    let (en, zh) = match (raw.en, raw.zh) {
        (Some(en), Some(zh)) => (en, zh),
        (Some(_), None) => return Err(ctx.err_missing_label(&raw.key, "zh")),
        (None, Some(_)) => return Err(ctx.err_missing_label(&raw.key, "en")),
        (None, None) => return Err(ctx.err_missing_label(&raw.key, "en and zh")),
    };
    set.items.push(Item {
        en: clean_label(en, ctx, &raw.key, "en")?,
        zh: clean_label(zh, ctx, &raw.key, "zh")?,
        key: raw.key,
        retired: raw.retired.unwrap_or(false),
        deadline_days: raw.deadline_days,
    });
    Ok(())
}

impl Ctx<'_> {
    fn err_missing_label(&self, key: &str, missing: &'static str) -> ConfigError {
        ConfigError::MissingLabel {
            path: self.path.to_path_buf(),
            set: self.set,
            key: key.to_string(),
            missing,
        }
    }
}

/// Overwrites `slot` with `new` if given; a blank label is refused because
/// it would make the item invisible in pickers.
fn set_label(
    slot: &mut String,
    new: Option<String>,
    ctx: &Ctx,
    key: &str,
    lang: &'static str,
) -> Result<(), ConfigError> {
    if let Some(new) = new {
        *slot = clean_label(new, ctx, key, lang)?;
    }
    Ok(())
}

/// Trims a label, refusing a blank one.
fn clean_label(
    label: String,
    ctx: &Ctx,
    key: &str,
    lang: &'static str,
) -> Result<String, ConfigError> {
    let trimmed = label.trim();
    if trimmed.is_empty() {
        return Err(ConfigError::EmptyLabel {
            path: ctx.path.to_path_buf(),
            set: ctx.set,
            key: key.to_string(),
            lang,
        });
    }
    Ok(trimmed.to_string())
}

/// Keys are stored in the database and typed on the command line, so they
/// are kept to plain lowercase ASCII.
fn check_key(key: &str, ctx: &Ctx) -> Result<(), ConfigError> {
    let valid = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    if key.is_empty() || !key.chars().all(valid) {
        return Err(ConfigError::BadKey {
            path: ctx.path.to_path_buf(),
            set: ctx.set,
            key: key.to_string(),
        });
    }
    Ok(())
}

/// Only topics have deadlines, and a zero-day deadline would make every
/// new issue overdue at once.
fn check_deadline(raw: &RawItem, ctx: &Ctx) -> Result<(), ConfigError> {
    if ctx.set != SetId::Topic || raw.deadline_days == Some(0) {
        return Err(ConfigError::BadDeadline {
            path: ctx.path.to_path_buf(),
            set: ctx.set,
            key: raw.key.clone(),
        });
    }
    Ok(())
}

/// Deserializes TOML, turning a failure into an error that names the file,
/// line and column.
pub(crate) fn parse_toml<T: for<'de> Deserialize<'de>>(
    text: &str,
    origin: &Path,
) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: origin.to_path_buf(),
        location: e.span().map(|span| line_column(text, span.start)),
        message: e.message().trim().to_string(),
    })
}

/// 1-based line and column (in characters, so Chinese text counts right)
/// of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Everything that can be wrong with a configuration file. Each message
/// names the file and says what to change.
#[derive(Debug)]
pub enum ConfigError {
    /// A `--config` file that does not exist.
    NotFound { path: PathBuf },
    /// The file exists but could not be read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Not valid TOML, or an unexpected key or value type.
    Parse {
        path: PathBuf,
        /// 1-based line and column, when the parser knows them.
        location: Option<(usize, usize)>,
        message: String,
    },
    /// `[sets.<name>]` with a name that is not a category set.
    UnknownSet { path: PathBuf, set: String },
    /// The same key twice in one set of one file.
    DuplicateKey {
        path: PathBuf,
        set: SetId,
        key: String,
    },
    /// A key that is empty or not `[a-z0-9_]+`.
    BadKey {
        path: PathBuf,
        set: SetId,
        key: String,
    },
    /// A new item without both an `en` and a `zh` label.
    MissingLabel {
        path: PathBuf,
        set: SetId,
        key: String,
        /// Which label is missing: `"en"`, `"zh"` or `"en and zh"`.
        missing: &'static str,
    },
    /// A label (of an item, or of the set when `key` is empty) that is blank.
    EmptyLabel {
        path: PathBuf,
        set: SetId,
        key: String,
        lang: &'static str,
    },
    /// `deadline_days` outside the topic set, or zero.
    BadDeadline {
        path: PathBuf,
        set: SetId,
        key: String,
    },
    /// An item the program relies on was retired.
    RequiredRetired {
        path: PathBuf,
        set: SetId,
        key: String,
        reason: &'static str,
    },
    /// Every item of a set is retired, leaving nothing to pick.
    AllRetired { path: PathBuf, set: SetId },
    /// The shipped file lacks a set, its titles, or its items.
    IncompleteSet { path: PathBuf, set: SetId },
    /// `station_code` is not 1 to 8 ASCII letters or digits.
    BadStationCode { path: PathBuf, code: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ConfigError::*;
        match self {
            NotFound { path } => write!(f, "{}: config file not found", path.display()),
            Io { path, source } => write!(f, "{}: cannot read: {source}", path.display()),
            Parse {
                path,
                location: Some((line, column)),
                message,
            } => write!(f, "{}:{line}:{column}: {message}", path.display()),
            Parse { path, message, .. } => write!(f, "{}: {message}", path.display()),
            UnknownSet { path, set } => write!(
                f,
                "{}: unknown category set `{set}`; valid sets are: {}",
                path.display(),
                valid_set_names()
            ),
            DuplicateKey { path, set, key } => write!(
                f,
                "{}: key `{key}` appears more than once in [sets.{set}]; keep one entry",
                path.display()
            ),
            BadKey { path, set, key } => write!(
                f,
                "{}: invalid key `{key}` in [sets.{set}]: keys must be non-empty and use only \
                 lowercase ASCII letters, digits and `_`",
                path.display()
            ),
            // Usually a new item, but possibly a mistyped existing key, so
            // the message covers both.
            MissingLabel {
                path,
                set,
                key,
                missing,
            } => write!(
                f,
                "{}: `{key}` is not an item of [sets.{set}]; a new item needs both `en` and \
                 `zh` labels (missing {missing}); to change an existing item, check the key",
                path.display()
            ),
            EmptyLabel {
                path,
                set,
                key,
                lang,
            } if key.is_empty() => write!(
                f,
                "{}: the `{lang}` title of [sets.{set}] is empty",
                path.display()
            ),
            EmptyLabel {
                path,
                set,
                key,
                lang,
            } => write!(
                f,
                "{}: the `{lang}` label of `{key}` in [sets.{set}] is empty",
                path.display()
            ),
            BadDeadline { path, set, key } => write!(
                f,
                "{}: `deadline_days` of `{key}` in [sets.{set}]: only topic items take a \
                 deadline, and it must be at least 1 day",
                path.display()
            ),
            RequiredRetired {
                path,
                set,
                key,
                reason,
            } => write!(
                f,
                "{}: `{key}` in [sets.{set}] cannot be retired: {reason}; relabel it instead",
                path.display()
            ),
            AllRetired { path, set } => write!(
                f,
                "{}: every item of [sets.{set}] is retired; keep at least one offered",
                path.display()
            ),
            IncompleteSet { path, set } => write!(
                f,
                "{}: [sets.{set}] needs `en` and `zh` titles and at least one item",
                path.display()
            ),
            BadStationCode { path, code } => write!(
                f,
                "{}: invalid station_code `{code}`: use 1 to 8 ASCII letters or digits, \
                 e.g. \"XC\"",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConfigError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn valid_set_names() -> String {
    SetId::ALL.map(SetId::name).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_parses_with_every_set_present() {
        let cats = Categories::parse_shipped(SHIPPED_TOML, Path::new(SHIPPED_ORIGIN))
            .unwrap_or_else(|e| panic!("{e}"));
        for id in SetId::ALL {
            let set = cats.set(id);
            assert_eq!(set.id, id, "sets are stored in ALL order");
            assert!(!set.items.is_empty(), "{id} is empty");
            assert!(!set.en.is_empty() && !set.zh.is_empty(), "{id} untitled");
        }
    }

    #[test]
    fn every_shipped_item_has_both_labels_and_is_offered() {
        let cats = Categories::shipped();
        for set in cats.sets() {
            for item in &set.items {
                assert!(!item.en.is_empty(), "{}.{} lacks en", set.id, item.key);
                assert!(!item.zh.is_empty(), "{}.{} lacks zh", set.id, item.key);
                assert!(!item.retired, "{}.{} shipped retired", set.id, item.key);
            }
        }
    }

    #[test]
    fn required_keys_are_shipped() {
        let cats = Categories::shipped();
        for (id, key, _) in REQUIRED {
            assert!(cats.is_offered(id, key), "{id}.{key} missing");
        }
    }

    #[test]
    fn shipped_defaults_match_the_design() {
        let cats = Categories::shipped();
        let purposes = ["warmth", "safety", "law", "mediation", "service", "care"];
        assert_eq!(cats.keys(SetId::Purpose), purposes);
        assert_eq!(cats.keys(SetId::Risk), ["low", "medium", "high"]);
        assert_eq!(cats.top_risk(), "high");
        assert_eq!(
            cats.keys(SetId::Form).len(),
            7,
            "ordinary + six consultations"
        );
        assert_eq!(cats.keys(SetId::Topic).len(), 5);
        assert_eq!(cats.keys(SetId::Unit).len(), 3);
        assert_eq!(cats.label(SetId::Purpose, "warmth", Lang::Zh), "送温暖");
        assert_eq!(
            cats.label(SetId::Rating, "basically_satisfied", Lang::Zh),
            "基本满意"
        );
    }

    #[test]
    fn every_topic_has_a_deadline_and_no_other_set_does() {
        let cats = Categories::shipped();
        for set in cats.sets() {
            for item in &set.items {
                let has = item.deadline_days.is_some();
                assert_eq!(has, set.id == SetId::Topic, "{}.{}", set.id, item.key);
            }
        }
        assert_eq!(cats.deadline_days("integrity"), 5);
        assert_eq!(cats.deadline_days("no_such_topic"), DEFAULT_DEADLINE_DAYS);
    }

    #[test]
    fn set_names_round_trip() {
        for id in SetId::ALL {
            assert_eq!(SetId::from_name(id.name()), Some(id));
            assert_eq!(SetId::ALL[id.index()], id);
        }
        assert_eq!(SetId::from_name("nope"), None);
    }

    #[test]
    fn line_column_counts_from_one_and_in_characters() {
        let text = "a = 1\n名 = x\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        // "名" is 3 bytes but one column.
        assert_eq!(line_column(text, 6 + 3 + 1), (2, 3));
    }

    #[test]
    fn shipped_file_missing_a_set_is_refused() {
        let text = "[sets.purpose]\nen = \"P\"\nzh = \"目的\"\n\
                    items = [{ key = \"care\", en = \"C\", zh = \"关\" }]\n";
        let err = Categories::parse_shipped(text, Path::new("x.toml")).unwrap_err();
        assert!(matches!(err, ConfigError::IncompleteSet { .. }), "{err}");
    }

    #[test]
    fn listing_shows_titles_keys_labels_and_retired_marks() {
        let mut cats = Categories::shipped();
        cats.sets[SetId::Purpose.index()].items[2].retired = true;
        let zh = cats.render_listing(Lang::Zh);
        assert!(zh.contains("走访目的 (purpose)"), "{zh}");
        assert!(zh.contains("  law        送法律（已停用）"), "{zh}");
        assert!(zh.contains("  warmth     送温暖\n"), "{zh}");
        let en = cats.render_listing(Lang::En);
        assert!(en.contains("Deliver legal advice  (retired)"), "{en}");
        assert!(en.contains("(deadline 15 days)"), "{en}");
    }
}
