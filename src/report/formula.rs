//! Keeping text from the database or config from running as a formula
//! when a csv file is opened in a spreadsheet (CSV injection;
//! docs/ARCHITECTURE.md, "Reports and exports").

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula
/// (or, tab and CR, that it strips before one).
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `text` with an apostrophe in front when it starts like a formula, so a
/// spreadsheet shows it as the text it is. Only for text cells: figures
/// we format ourselves go out as they are and stay numbers.
pub fn defuse(text: &str) -> Cow<'_, str> {
    if text.starts_with(TRIGGERS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_an_apostrophe() {
        for s in ["=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(defuse(s), format!("'{s}"), "{s:?}");
        }
    }

    #[test]
    fn other_text_is_unchanged() {
        for s in ["", "2026-11-26", "王芳", "a=b", " =x", "'quoted"] {
            assert_eq!(defuse(s), s, "{s:?}");
        }
    }
}
