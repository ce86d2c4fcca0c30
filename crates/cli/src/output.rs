//! What `desk` writes to the terminal: results on standard output, one line per failure
//! on standard error. A reader that went away (`desk journal list | head -1`) ends the
//! command quietly, and nothing typed by the user reaches the terminal as a control
//! character or an escape sequence.

use std::borrow::Cow;
use std::io::{self, ErrorKind, Write};

/// Writes `text` and a newline to standard output. A closed pipe is success: the reader
/// has what it wanted (`println!` would panic on it).
///
/// Lines and tabs are kept, every other control character is escaped: the journal keeps
/// what was typed, an ESC in an organisation's name included, and `journal list` must
/// not let it drive the terminal (even through `| head`). JSON loses nothing, as serde
/// already escapes control characters inside strings.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{}", shown(text)).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `desk: MESSAGE` as one line to standard error; scripts read its first line.
pub fn print_error(message: &str) {
    // Nothing is left to tell the user when standard error itself is closed.
    let _ = writeln!(io::stderr().lock(), "desk: {}", one_line(message));
}

/// `text` on one line with every control character, and every character that reorders
/// text on screen, shown as an escape (`\u{1b}`) instead of acting on the terminal: error
/// messages quote what the user typed, and a quoted ESC would otherwise be obeyed.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

/// `text` with its lines and tabs, every other control character escaped.
fn shown(text: &str) -> Cow<'_, str> {
    let hostile = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c);
    if !text.chars().any(hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hostile(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Unicode's explicit direction marks, embeddings, overrides and isolates (UAX #9).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_escape_sequences_are_shown_not_obeyed() {
        assert_eq!(
            one_line("«\u{1b}[2J\u{7}x\u{9b}»\nnext"),
            "«\\u{1b}[2J\\u{7}x\\u{9b}» next"
        );
        assert_eq!(one_line("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(one_line("Қазақ «ТОО»"), "Қазақ «ТОО»");
    }

    #[test]
    fn results_keep_their_lines_and_tabs_but_not_the_terminal_controls_in_stored_text() {
        assert_eq!(
            shown("№\tОрганизация\nAST1\tТОО \u{1b}[31m«Красная»\r"),
            "№\tОрганизация\nAST1\tТОО \\u{1b}[31m«Красная»\\u{d}"
        );
        assert!(matches!(shown("{\n  \"a\": 1\n}"), Cow::Borrowed(_)));
    }
}
