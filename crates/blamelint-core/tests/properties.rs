//! Property tests: position conversions, suppression comments and config
//! parsing, on arbitrary text (CRLF, lone CR, emoji, combining marks, ...).
//! The fuzz targets in `fuzz/` cover the same ground with coverage guidance;
//! these run in every `cargo test`.

use blamelint_core::config::Config;
use blamelint_core::line_index::{floor_char_boundary, ColumnUnit, LineCol, LineIndex};
use blamelint_core::suppress::{parse_comments, Directive, Suppressions};
use proptest::prelude::*;

const UNITS: [ColumnUnit; 3] = [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Char];

/// Text made of the pieces positions go wrong on, and any char at all.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-z ]{1,6}",
        2 => Just("\n".to_string()),
        2 => Just("\r\n".to_string()),
        1 => Just("\r".to_string()),
        1 => Just("\n\r".to_string()),
        1 => Just("🎉".to_string()),
        1 => Just("👩\u{200d}💻".to_string()),
        1 => Just("e\u{301}".to_string()),
        1 => Just("漢字".to_string()),
        1 => Just("\u{feff}".to_string()),
        1 => Just("\u{2028}".to_string()),
        2 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

/// The lines of `text` as (start, end of content), by the definition the
/// index documents: a line ends at `\n`, `\r\n` or a lone `\r`.
fn model_lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            let end = i;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            lines.push((start, end));
            start = i + 1;
        }
        i += 1;
    }
    lines.push((start, text.len()));
    lines
}

fn width(c: char, unit: ColumnUnit) -> u32 {
    match unit {
        ColumnUnit::Utf8 => c.len_utf8() as u32,
        ColumnUnit::Utf16 => c.len_utf16() as u32,
        ColumnUnit::Char => 1,
    }
}

/// Char boundaries a position can name: all but the middle of a CRLF.
fn positions(text: &str) -> Vec<usize> {
    (0..=text.len())
        .filter(|&o| text.is_char_boundary(o))
        .filter(|&o| !(o > 0 && text.as_bytes()[o - 1] == b'\r' && text[o..].starts_with('\n')))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn lines_match_the_model(text in text()) {
        let idx = LineIndex::new(&text);
        let model = model_lines(&text);
        prop_assert_eq!(idx.line_count(), model.len());
        for (i, &(start, _)) in model.iter().enumerate() {
            let r = idx.line_range(i).unwrap();
            prop_assert_eq!(r.start, start);
            let end = model.get(i + 1).map(|l| l.0).unwrap_or(text.len());
            prop_assert_eq!(r.end, end);
        }
        prop_assert!(idx.line_range(model.len()).is_none());
    }

    #[test]
    fn byte_to_line_col_round_trips_in_every_unit(text in text()) {
        let idx = LineIndex::new(&text);
        let model = model_lines(&text);
        let mut last = [LineCol { line: 0, col: 0 }; 3];
        for o in positions(&text) {
            for (k, unit) in UNITS.into_iter().enumerate() {
                let lc = idx.line_col(&text, o, unit);
                // The model: the line whose start is the last one <= o, and
                // the column as the unit's width of the text before o.
                let line = model.iter().rposition(|&(s, _)| s <= o).unwrap();
                let col: u32 = text[model[line].0..o].chars().map(|c| width(c, unit)).sum();
                prop_assert_eq!(lc, LineCol { line: line as u32, col });
                prop_assert_eq!(idx.offset(&text, lc, unit), o, "{:?} {:?}", unit, lc);
                prop_assert!(lc >= last[k], "positions go backwards at {}", o);
                last[k] = lc;
            }
            // byte -> UTF-16 -> byte -> UTF-8 -> byte -> char -> byte.
            let u16 = idx.line_col(&text, o, ColumnUnit::Utf16);
            let b = idx.offset(&text, u16, ColumnUnit::Utf16);
            let u8c = idx.line_col(&text, b, ColumnUnit::Utf8);
            let b = idx.offset(&text, u8c, ColumnUnit::Utf8);
            let ch = idx.line_col(&text, b, ColumnUnit::Char);
            prop_assert_eq!(idx.offset(&text, ch, ColumnUnit::Char), o);
            prop_assert_eq!(u8c.col as usize, o - model[u8c.line as usize].0);
        }
    }

    #[test]
    fn offsets_inside_a_char_round_down(text in text()) {
        let idx = LineIndex::new(&text);
        for o in 0..=text.len() + 2 {
            let floor = floor_char_boundary(&text, o.min(text.len()));
            for unit in UNITS {
                prop_assert_eq!(idx.line_col(&text, o, unit), idx.line_col(&text, floor, unit));
            }
            let line = idx.line_of(o);
            prop_assert!(line < idx.line_count());
            let r = idx.line_range(line).unwrap();
            prop_assert!(r.start <= o.min(text.len()) && (o.min(text.len()) < r.end || r.end == text.len()));
        }
    }

    #[test]
    fn any_position_maps_to_a_boundary_inside_its_line(
        text in text(),
        line in 0u32..50,
        col in prop_oneof![0u32..80, Just(u32::MAX)],
    ) {
        let idx = LineIndex::new(&text);
        let model = model_lines(&text);
        for unit in UNITS {
            let o = idx.offset(&text, LineCol { line, col }, unit);
            prop_assert!(o <= text.len() && text.is_char_boundary(o));
            match model.get(line as usize) {
                Some(&(start, end)) => {
                    prop_assert!(start <= o && o <= end, "{} not in {}..{}", o, start, end);
                    // Rounding down: the position is at or before the asked column.
                    let back = idx.line_col(&text, o, unit);
                    prop_assert_eq!(back.line, line);
                    prop_assert!(back.col <= col);
                }
                None => prop_assert_eq!(o, text.len()),
            }
        }
    }
}

/// Text with no comment delimiters, no code fences, no indented code and no
/// front matter: anything a directive may sit in the middle of.
fn markdown_prose() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[A-Za-z][A-Za-z .,!?]{0,12}",
        1 => Just("\n".to_string()),
        1 => Just("\r\n".to_string()),
        1 => Just("🎉".to_string()),
        1 => Just("e\u{301}".to_string()),
        1 => Just("*emph* ".to_string()),
        1 => Just("| a | b |".to_string()),
        1 => Just("# Heading".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

/// Any text without `<!--` or `-->` (plain-text files have no code blocks).
fn plain_text() -> impl Strategy<Value = String> {
    text().prop_map(|t| t.replace("<!--", "").replace("-->", ""))
}

fn directive() -> impl Strategy<Value = (String, Directive)> {
    let names = prop::collection::vec(
        prop_oneof![
            Just("hindsight".to_string()),
            Just("minimizing-just".to_string()),
            Just("person-as-cause".to_string()),
        ],
        0..3,
    );
    (0usize..5, names, "[ \t]{1,3}").prop_map(|(kind, names, space)| {
        let list = names.join(", ");
        let (head, d) = match kind {
            0 => ("blamelint-disable", Directive::Disable(names)),
            1 => ("blamelint-enable", Directive::Enable(names)),
            2 => (
                "blamelint-disable-next-line",
                Directive::DisableNextLine(names),
            ),
            3 => ("blamelint-disable-line", Directive::DisableLine(names)),
            _ => ("blamelint-disable-file", Directive::DisableFile(names)),
        };
        (format!("<!--{space}{head} {list}{space}-->"), d)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn comment_parsing_never_panics(text in text(), markdown in any::<bool>()) {
        let idx = LineIndex::new(&text);
        let comments = parse_comments(&text, markdown);
        let s = Suppressions::new(&comments, &idx);
        for c in &comments {
            prop_assert!(c.range.end <= text.len());
            prop_assert!(text[c.range.clone()].starts_with("<!--"));
        }
        for o in [0, text.len() / 2, text.len()] {
            let _ = s.is_suppressed("hindsight-should-have", "hindsight", o);
        }
    }

    #[test]
    fn comment_parsing_never_panics_on_comment_soup(
        parts in prop::collection::vec(
            prop_oneof![
                Just("<!--"), Just("-->"), Just("<!-- blamelint-disable"), Just("```\n"),
                Just("    "), Just("\n"), Just("\r"), Just("---\n"), Just(" blamelint-language "),
                Just("é"), Just("🎉"), Just("blamelint-enable"), Just(","), Just("x"),
            ],
            0..40,
        ),
        markdown in any::<bool>(),
    ) {
        let text = parts.concat();
        let comments = parse_comments(&text, markdown);
        for w in comments.windows(2) {
            prop_assert!(w[0].range.end <= w[1].range.start);
        }
    }

    #[test]
    fn directives_are_found_in_any_markdown_prose(
        before in markdown_prose(),
        after in markdown_prose(),
        (comment, want) in directive(),
        own_line in any::<bool>(),
    ) {
        let sep = if own_line { "\n" } else { " " };
        let text = format!("{before}{sep}{comment}{sep}{after}");
        let at = before.len() + sep.len();
        let found = parse_comments(&text, true);
        prop_assert_eq!(found.len(), 1, "{:?}", text);
        prop_assert_eq!(&found[0].directive, &want);
        prop_assert_eq!(found[0].range.clone(), at..at + comment.len());
    }

    #[test]
    fn directives_are_found_in_any_plain_text(
        before in plain_text(),
        after in plain_text(),
        (comment, want) in directive(),
    ) {
        let text = format!("{before}{comment}{after}");
        let found = parse_comments(&text, false);
        prop_assert_eq!(found.len(), 1, "{:?}", text);
        prop_assert_eq!(&found[0].directive, &want);
        prop_assert_eq!(found[0].range.clone(), before.len()..before.len() + comment.len());
    }

    #[test]
    fn disable_next_line_covers_exactly_the_next_line(
        before in markdown_prose(),
        crlf in any::<bool>(),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let text = format!(
            "{before}{nl}<!-- blamelint-disable-next-line hindsight -->{nl}target line{nl}after line{nl}"
        );
        let comments = parse_comments(&text, true);
        let idx = LineIndex::new(&text);
        let s = Suppressions::new(&comments, &idx);
        let target = text.find("target").unwrap();
        let after = text.find("after line").unwrap();
        prop_assert!(s.is_suppressed("hindsight-should-have", "hindsight", target));
        prop_assert!(!s.is_suppressed("hindsight-should-have", "hindsight", after));
        prop_assert!(!s.is_suppressed("minimizing-just", "minimizing", target));
    }
}

/// TOML-ish text: config keys, wrong types, brackets, quotes, line breaks.
fn config_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("select = [\"hindsight\"]\n"),
        Just("ignore = "),
        Just("[severity]\n"),
        Just("hindsight = \"loud\"\n"),
        Just("[postmortem]\n"),
        Just("[[postmortem.sections]]\n"),
        Just("title = \"Impact\"\n"),
        Just("paths = 3\n"),
        Just("language = \"nl\"\n"),
        Just("colour = 1\n"),
        Just("["),
        Just("]"),
        Just("{"),
        Just("}"),
        Just("\""),
        Just("'''"),
        Just("="),
        Just("\r\n"),
        Just("\r"),
        Just("\n"),
        Just("🎉"),
        Just("é"),
        Just("# comment\n"),
        Just("[report]\ntarget = \"x\"\n"),
        Just("1979-05-27T07:32:00Z"),
        Just("\u{0}"),
    ];
    prop_oneof![
        prop::collection::vec(piece, 0..24).prop_map(|v| v.concat()),
        text(),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn config_errors_point_inside_the_text(text in config_text()) {
        if let Err(e) = Config::parse(&text, "blamelint.toml") {
            prop_assert!(!e.message.is_empty());
            prop_assert_eq!(&e.path, "blamelint.toml");
            let lines = model_lines(&text);
            if e.line > 0 {
                prop_assert!(e.line <= lines.len(), "line {} of {} in {:?}", e.line, lines.len(), text);
                let (start, end) = lines[e.line - 1];
                let chars = text[start..end].chars().count();
                prop_assert!(
                    e.column >= 1 && e.column <= chars + 2,
                    "column {} on a {}-char line in {:?}", e.column, chars, text
                );
                // The rendered error names the position too.
                let shown = e.to_string();
                let prefix = format!("blamelint.toml:{}:{}: ", e.line, e.column);
                prop_assert!(shown.starts_with(&prefix));
            }
        }
    }
}
