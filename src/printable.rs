//! Names and messages made safe to print on a terminal: a file name may hold escape
//! codes (`\x1b]0;...`) that retitle the window, move the cursor or hide what follows,
//! and bidirectional overrides that make it read as another name.

use std::borrow::Cow;

/// `s` with every control character and bidirectional override written as a Rust escape
/// (`\u{1b}`), so that nothing in it acts on the terminal.
pub fn name(s: &str) -> Cow<'_, str> {
    escaped(s, false)
}

/// A message of one or more lines: as [`name`], but line breaks are kept.
pub fn message(s: &str) -> Cow<'_, str> {
    escaped(s, true)
}

fn escaped(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && !(keep_newlines && c == '\n')) || bidi(c);
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The marks and overrides that reorder text (the "Trojan Source" characters).
fn bidi(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_codes_in_names_are_written_out() {
        assert_eq!(name("a\u{1b}[2Jb\u{7}.csv"), "a\\u{1b}[2Jb\\u{7}.csv");
        assert_eq!(name("x\ny\u{202e}z"), "x\\u{a}y\\u{202e}z");
        assert_eq!(message("x\ny\u{9b}"), "x\ny\\u{9b}");
        assert!(matches!(name("équipe/été.csv"), Cow::Borrowed(_)));
    }
}
