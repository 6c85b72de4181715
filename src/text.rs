//! Text made safe and fitted for the terminal: control characters shown
//! as visible placeholders, widths measured in terminal cells (CJK is two),
//! cuts made on character boundaries with an ellipsis.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces every control character with a visible placeholder, so text
/// from an import, a paste or an old database can never drive the
/// terminal: ESC shows as `␛`, other C0 controls as their Control Pictures
/// (U+2400 block), DEL as `␡`, C1 controls as `�`.
pub fn safe(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    s.chars().map(placeholder).collect()
}

fn placeholder(c: char) -> char {
    match c as u32 {
        0x00..=0x1f => char::from_u32(0x2400 + c as u32).unwrap_or('�'),
        0x7f => '␡',
        0x80..=0x9f => '�',
        _ => c,
    }
}

/// Display width in terminal cells.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Safe text cut to at most `max` cells; an ellipsis marks the cut. A
/// double-width character that would straddle the edge is dropped whole.
pub fn fit(s: &str, max: usize) -> String {
    let s = safe(s);
    if width(&s) <= max {
        return s;
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `fit`, then padded with spaces to exactly `cells` wide.
pub fn pad(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// The first line of a multi-line text, for one-line table cells.
pub fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_placeholders() {
        let shown = safe("王\x1b[2J芳\x07\r\n\u{9b}x\x7f");
        assert_eq!(shown, "王␛[2J芳␇␍␊�x␡");
        assert!(!shown.chars().any(char::is_control));
    }

    #[test]
    fn width_counts_cjk_as_two() {
        assert_eq!(width("张三"), 4);
        assert_eq!(width("ab"), 2);
    }

    #[test]
    fn fit_cuts_by_cells_never_mid_character() {
        assert_eq!(fit("张三丰太极", 5), "张三…");
        assert_eq!(fit("张三丰太极", 6), "张三…");
        assert_eq!(fit("张三丰", 6), "张三丰");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(width(&fit("👍👍👍", 5)), 5);
    }

    #[test]
    fn pad_fills_to_exact_width() {
        assert_eq!(pad("张三", 6), "张三  ");
        assert_eq!(width(&pad("张三丰太极", 5)), 5);
        assert_eq!(pad("a\x1bb", 4), "a␛b ");
    }
}
