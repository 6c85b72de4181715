//! Key bindings as data. A key press becomes an [`Action`] by looking it up
//! in the live [`KeyMap`]; the help overlay, the hint bar and the command
//! palette are generated from the same map, so they are never stale.
//! A station's `[keys]` table overrides the defaults per scope.

use crate::msg::Msg;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// Everything a key can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    NextPane,
    PrevPane,
    Pane(u8),
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    Open,
    New,
    Edit,
    Search,
    Filter,
    Help,
    Palette,
    Back,
    Today,
    PrevDay,
    NextDay,
    PrevWeek,
    NextWeek,
    PrevMonth,
    NextMonth,
    ToggleWeek,
    NewEntry,
    /// The lifecycle steps the selected record allows now.
    Steps,
    /// The history of the person or place behind the selected record.
    History,
    /// Plan a festival batch of care visits (the Care pane).
    Batch,
    /// The Report pane: the period before or after the one shown.
    PrevPeriod,
    NextPeriod,
    /// The Report pane: month, quarter or year.
    PeriodLength,
    /// The Report pane: type an exact period.
    Range,
    /// The Report pane: back to this month.
    ThisMonth,
    /// The Report pane: the next or previous of the summary's parts.
    NextPart,
    PrevPart,
    /// The Report pane: the trend full-height, or back.
    Trend,
}

impl Action {
    /// Every action, in help order.
    pub const ALL: &'static [Action] = &[
        Action::Help,
        Action::Palette,
        Action::Quit,
        Action::Pane(1),
        Action::Pane(2),
        Action::Pane(3),
        Action::Pane(4),
        Action::Pane(5),
        Action::Pane(6),
        Action::NextPane,
        Action::PrevPane,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Open,
        Action::New,
        Action::NewEntry,
        Action::Edit,
        Action::Search,
        Action::Filter,
        Action::Back,
        Action::Today,
        Action::PrevDay,
        Action::NextDay,
        Action::PrevWeek,
        Action::NextWeek,
        Action::PrevMonth,
        Action::NextMonth,
        Action::ToggleWeek,
        Action::Steps,
        Action::History,
        Action::Batch,
        Action::PrevPeriod,
        Action::NextPeriod,
        Action::PeriodLength,
        Action::Range,
        Action::ThisMonth,
        Action::NextPart,
        Action::PrevPart,
        Action::Trend,
    ];

    /// The name used in the `[keys]` config table.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::Pane(1) => "pane_today",
            Action::Pane(2) => "pane_calendar",
            Action::Pane(3) => "pane_issues",
            Action::Pane(4) => "pane_mediation",
            Action::Pane(5) => "pane_care",
            Action::Pane(_) => "pane_report",
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Open => "open",
            Action::New => "new",
            Action::Edit => "edit",
            Action::Search => "search",
            Action::Filter => "filter",
            Action::Help => "help",
            Action::Palette => "palette",
            Action::Back => "back",
            Action::Today => "today",
            Action::PrevDay => "prev_day",
            Action::NextDay => "next_day",
            Action::PrevWeek => "prev_week",
            Action::NextWeek => "next_week",
            Action::PrevMonth => "prev_month",
            Action::NextMonth => "next_month",
            Action::ToggleWeek => "toggle_week",
            Action::NewEntry => "new_entry",
            Action::Steps => "steps",
            Action::History => "history",
            Action::Batch => "batch",
            Action::PrevPeriod => "prev_period",
            Action::NextPeriod => "next_period",
            Action::PeriodLength => "period_length",
            Action::Range => "range",
            Action::ThisMonth => "this_month",
            Action::NextPart => "next_part",
            Action::PrevPart => "prev_part",
            Action::Trend => "trend",
        }
    }

    /// What it does in the hint bar: a shorter word where the full one
    /// would crowd a pane's main keys off an 80-column line (the Report
    /// pane's), else the same as [`Action::describe`].
    pub fn brief(self) -> Msg {
        match self {
            Action::PrevPeriod => Msg::BriefPrevPeriod,
            Action::NextPeriod => Msg::BriefNextPeriod,
            Action::PeriodLength => Msg::BriefPeriodLength,
            Action::ThisMonth => Msg::BriefThisMonth,
            Action::Range => Msg::BriefRange,
            Action::Trend => Msg::BriefTrend,
            other => other.describe(),
        }
    }

    /// What it does, for help and the palette.
    pub fn describe(self) -> Msg {
        match self {
            Action::Quit => Msg::ActQuit,
            Action::NextPane => Msg::ActNextPane,
            Action::PrevPane => Msg::ActPrevPane,
            Action::Pane(1) => Msg::ActPane1,
            Action::Pane(2) => Msg::ActPane2,
            Action::Pane(3) => Msg::ActPane3,
            Action::Pane(4) => Msg::ActPane4,
            Action::Pane(5) => Msg::ActPane5,
            Action::Pane(_) => Msg::ActPane6,
            Action::Up => Msg::ActUp,
            Action::Down => Msg::ActDown,
            Action::Top => Msg::ActTop,
            Action::Bottom => Msg::ActBottom,
            Action::PageUp => Msg::ActPageUp,
            Action::PageDown => Msg::ActPageDown,
            Action::Open => Msg::ActOpen,
            Action::New => Msg::ActNew,
            Action::Edit => Msg::ActEdit,
            Action::Search => Msg::ActSearch,
            Action::Filter => Msg::ActFilter,
            Action::Help => Msg::ActHelp,
            Action::Palette => Msg::ActPalette,
            Action::Back => Msg::ActBack,
            Action::Today => Msg::ActToday,
            Action::PrevDay => Msg::ActPrevDay,
            Action::NextDay => Msg::ActNextDay,
            Action::PrevWeek => Msg::ActPrevWeek,
            Action::NextWeek => Msg::ActNextWeek,
            Action::PrevMonth => Msg::ActPrevMonth,
            Action::NextMonth => Msg::ActNextMonth,
            Action::ToggleWeek => Msg::ActToggleWeek,
            Action::NewEntry => Msg::ActNewEntry,
            Action::Steps => Msg::ActSteps,
            Action::History => Msg::ActHistory,
            Action::Batch => Msg::ActBatch,
            Action::PrevPeriod => Msg::ActPrevPeriod,
            Action::NextPeriod => Msg::ActNextPeriod,
            Action::PeriodLength => Msg::ActPeriodLength,
            Action::Range => Msg::ActRange,
            Action::ThisMonth => Msg::ActThisMonth,
            Action::NextPart => Msg::ActNextPart,
            Action::PrevPart => Msg::ActPrevPart,
            Action::Trend => Msg::ActTrend,
        }
    }

    fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }
}

/// Where a binding applies: everywhere, or in one pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Today,
    Calendar,
    Issues,
    Mediation,
    Care,
    Report,
}

impl Scope {
    const ALL: [Scope; 7] = [
        Scope::Global,
        Scope::Today,
        Scope::Calendar,
        Scope::Issues,
        Scope::Mediation,
        Scope::Care,
        Scope::Report,
    ];

    fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Today => "today",
            Scope::Calendar => "calendar",
            Scope::Issues => "issues",
            Scope::Mediation => "mediation",
            Scope::Care => "care",
            Scope::Report => "report",
        }
    }
}

/// One key with its modifiers, as written in config: `j`, `G`, `ctrl-s`,
/// `shift-tab`, `pgdn`, `enter`, `esc`, `f1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// The key of a terminal event. Shift is folded into the character
    /// (`G`), and Shift-Tab arrives as BackTab.
    pub fn from_event(e: &KeyEvent) -> Key {
        Key {
            code: e.code,
            ctrl: e.modifiers.contains(KeyModifiers::CONTROL),
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parses a key as written in config.
    pub fn parse(spec: &str) -> Option<Key> {
        let mut key = Key {
            code: KeyCode::Null,
            ctrl: false,
            alt: false,
        };
        let mut rest = spec;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                key.ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                key.alt = true;
                rest = r;
            } else {
                break;
            }
        }
        key.code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(key)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The default bindings: (scope, action, keys).
const DEFAULTS: &[(Scope, Action, &[&str])] = &[
    (Scope::Global, Action::Quit, &["q", "ctrl-c"]),
    (Scope::Global, Action::Help, &["?"]),
    (Scope::Global, Action::Palette, &[":"]),
    (Scope::Global, Action::Pane(1), &["1"]),
    (Scope::Global, Action::Pane(2), &["2"]),
    (Scope::Global, Action::Pane(3), &["3"]),
    (Scope::Global, Action::Pane(4), &["4"]),
    (Scope::Global, Action::Pane(5), &["5"]),
    (Scope::Global, Action::Pane(6), &["6"]),
    (Scope::Global, Action::NextPane, &["tab"]),
    (Scope::Global, Action::PrevPane, &["shift-tab"]),
    (Scope::Global, Action::Up, &["k", "up"]),
    (Scope::Global, Action::Down, &["j", "down"]),
    (Scope::Global, Action::Top, &["g", "home"]),
    (Scope::Global, Action::Bottom, &["G", "end"]),
    (Scope::Global, Action::PageUp, &["pgup", "ctrl-b"]),
    (Scope::Global, Action::PageDown, &["pgdn", "ctrl-f"]),
    (Scope::Global, Action::Open, &["enter"]),
    (Scope::Global, Action::New, &["n"]),
    (Scope::Global, Action::NewEntry, &["N"]),
    (Scope::Global, Action::Edit, &["e"]),
    (Scope::Global, Action::Search, &["/"]),
    (Scope::Global, Action::Back, &["esc"]),
    (Scope::Global, Action::Steps, &["s"]),
    (Scope::Global, Action::History, &["H"]),
    (Scope::Issues, Action::Filter, &["f"]),
    (Scope::Mediation, Action::Filter, &["f"]),
    (Scope::Care, Action::Filter, &["f"]),
    (Scope::Care, Action::Batch, &["b"]),
    (Scope::Calendar, Action::Filter, &["f"]),
    (Scope::Calendar, Action::Today, &["t"]),
    (Scope::Calendar, Action::PrevDay, &["h", "left"]),
    (Scope::Calendar, Action::NextDay, &["l", "right"]),
    (Scope::Calendar, Action::PrevWeek, &["k", "up"]),
    (Scope::Calendar, Action::NextWeek, &["j", "down"]),
    (Scope::Calendar, Action::PrevMonth, &["[", "pgup"]),
    (Scope::Calendar, Action::NextMonth, &["]", "pgdn"]),
    (Scope::Calendar, Action::ToggleWeek, &["w"]),
    (Scope::Report, Action::PrevPeriod, &["["]),
    (Scope::Report, Action::NextPeriod, &["]"]),
    (Scope::Report, Action::PeriodLength, &["m"]),
    (Scope::Report, Action::ThisMonth, &["t"]),
    (Scope::Report, Action::Range, &["f"]),
    (Scope::Report, Action::NextPart, &["}", "n"]),
    (Scope::Report, Action::PrevPart, &["{", "p"]),
    (Scope::Report, Action::Trend, &["v"]),
];

/// The live key map.
#[derive(Debug, Clone)]
pub struct KeyMap {
    bindings: BTreeMap<(Scope, Action), Vec<Key>>,
}

/// `[keys]` from the config: scope name → action name → key(s).
pub type Overrides = BTreeMap<String, BTreeMap<String, Vec<String>>>;

impl KeyMap {
    /// The defaults with `overrides` applied; an unknown scope, action or
    /// key is an error naming it.
    pub fn new(overrides: &Overrides) -> Result<KeyMap, String> {
        let mut bindings = BTreeMap::new();
        for (scope, action, keys) in DEFAULTS {
            let keys = keys
                .iter()
                .map(|k| Key::parse(k).expect("default key parses"))
                .collect();
            bindings.insert((*scope, *action), keys);
        }
        for (scope_name, actions) in overrides {
            let scope = Scope::ALL
                .into_iter()
                .find(|s| s.name() == scope_name)
                .ok_or_else(|| format!("[keys.{scope_name}]: unknown scope"))?;
            for (action_name, specs) in actions {
                let action = Action::from_name(action_name)
                    .ok_or_else(|| format!("[keys.{scope_name}] {action_name}: unknown action"))?;
                let keys = specs
                    .iter()
                    .map(|s| {
                        Key::parse(s).ok_or_else(|| {
                            format!("[keys.{scope_name}] {action_name}: bad key '{s}'")
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                bindings.insert((scope, action), keys);
            }
        }
        Ok(KeyMap { bindings })
    }

    /// The action of `key` in `scope`; pane bindings win over global ones.
    pub fn action(&self, scope: Scope, key: Key) -> Option<Action> {
        let find = |s: Scope| {
            self.bindings
                .iter()
                .find(|((sc, _), keys)| *sc == s && keys.contains(&key))
                .map(|((_, a), _)| *a)
        };
        find(scope).or_else(|| find(Scope::Global))
    }

    /// The keys bound to `action` as seen from `scope`.
    pub fn keys(&self, scope: Scope, action: Action) -> &[Key] {
        self.bindings
            .get(&(scope, action))
            .or_else(|| self.bindings.get(&(Scope::Global, action)))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// `j/↓`-style label of the keys of `action` in `scope`.
    pub fn label(&self, scope: Scope, action: Action) -> String {
        self.keys(scope, action)
            .iter()
            .map(Key::to_string)
            .collect::<Vec<_>>()
            .join("/")
    }

    /// The bindings of one scope (not inherited ones), in help order.
    pub fn scope_bindings(&self, scope: Scope) -> Vec<(Action, &[Key])> {
        Action::ALL
            .iter()
            .filter_map(|a| self.bindings.get(&(scope, *a)).map(|k| (*a, k.as_slice())))
            .collect()
    }

    /// Every action reachable in `scope` (for the palette), in help order.
    pub fn reachable(&self, scope: Scope) -> Vec<Action> {
        Action::ALL
            .iter()
            .copied()
            .filter(|a| {
                self.bindings.contains_key(&(scope, *a))
                    || self.bindings.contains_key(&(Scope::Global, *a))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    #[test]
    fn keys_parse_and_print() {
        assert_eq!(
            key("ctrl-s"),
            Key {
                code: KeyCode::Char('s'),
                ctrl: true,
                alt: false
            }
        );
        assert_eq!(key("G").code, KeyCode::Char('G'));
        assert_eq!(key("shift-tab").code, KeyCode::BackTab);
        assert_eq!(key("f1").code, KeyCode::F(1));
        assert!(Key::parse("hyper-x").is_none());
        assert_eq!(key("ctrl-s").to_string(), "Ctrl-s");
    }

    #[test]
    fn pane_bindings_win_over_global_ones() {
        let map = KeyMap::new(&Overrides::new()).unwrap();
        assert_eq!(map.action(Scope::Issues, key("j")), Some(Action::Down));
        assert_eq!(
            map.action(Scope::Calendar, key("j")),
            Some(Action::NextWeek)
        );
        assert_eq!(map.action(Scope::Calendar, key("q")), Some(Action::Quit));
        assert_eq!(map.action(Scope::Today, key("f")), None);
    }

    #[test]
    fn overrides_replace_keys_and_errors_name_the_culprit() {
        let mut o = Overrides::new();
        o.entry("global".into())
            .or_default()
            .insert("quit".into(), vec!["x".into()]);
        let map = KeyMap::new(&o).unwrap();
        assert_eq!(map.action(Scope::Today, key("x")), Some(Action::Quit));
        assert_eq!(map.action(Scope::Today, key("q")), None);
        assert_eq!(map.label(Scope::Today, Action::Quit), "x");
        o.entry("global".into())
            .or_default()
            .insert("fly".into(), vec!["y".into()]);
        assert!(KeyMap::new(&o).unwrap_err().contains("fly"));
        let mut o = Overrides::new();
        o.entry("nowhere".into()).or_default();
        assert!(KeyMap::new(&o).unwrap_err().contains("nowhere"));
    }
}
