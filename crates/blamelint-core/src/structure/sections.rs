//! `missing-section`, `missing-section-recommended` and `empty-section`,
//! with the fix that inserts missing sections in template order.

use super::outline::{lines_in, Outline};
use super::template::{strip_emphasis, Template};
use super::{eol, Ctx};
use crate::config::Requirement;
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use regex::Regex;
use std::sync::OnceLock;

pub const MISSING: &str = "missing-section";
pub const MISSING_RECOMMENDED: &str = "missing-section-recommended";
pub const EMPTY: &str = "empty-section";

/// Runs the section checks; returns the template sections found empty.
pub(crate) fn check(cx: &mut Ctx) -> Vec<usize> {
    let t = cx.template;
    let o = cx.outline;
    let (required, recommended) = missing(t, o);
    // One diagnostic per missing section, each with a one-edit fix, emitted
    // in insertion order: `apply_fixes` then inserts them all in one pass
    // (at a shared spot, required sections before recommended ones).
    for (list, id, default, what) in [
        (required, MISSING, Severity::Warning, "required"),
        (
            recommended,
            MISSING_RECOMMENDED,
            Severity::Info,
            "recommended",
        ),
    ] {
        let mut planned: Vec<(usize, usize, usize, u8)> = list
            .iter()
            .map(|&i| {
                let (at, level) = placement(t, o, i);
                (at, 8 - t.depth(i).min(8), i, level)
            })
            .collect();
        planned.sort();
        let severity = cx.severity(id, default);
        for (at, _, i, level) in planned {
            let message = format!("Missing {what} section: {}", describe(t, o, i));
            // No fix where the heading would not be one (an unclosed fence).
            let fix = Some(insertion_fix(cx.text, t, i, at, level)).filter(|f| {
                let inserted = &f.edits[0].replacement;
                let hash = inserted.find('#').unwrap_or(0);
                o.insertion_lands(t, at, inserted, hash, true)
            });
            cx.push_with(id, severity, message, o.title_span.clone(), fix);
        }
    }

    let mut empty = Vec::new();
    for (i, s) in t.sections.iter().enumerate() {
        if s.requirement != Requirement::Required {
            continue;
        }
        let Some(h) = o.find(i) else { continue };
        match content_state(cx.text, t, o, h) {
            Content::Real => {}
            state => {
                empty.push(i);
                let heading = &o.headings[h];
                let name = &cx.text[heading.text.clone()];
                let message = match state {
                    Content::Nothing => format!("Section `{name}` is empty"),
                    _ => format!("Section `{name}` holds only placeholder text"),
                };
                let span = if heading.text.is_empty() {
                    heading.line.clone()
                } else {
                    heading.text.clone()
                };
                cx.push(EMPTY, Severity::Warning, message, span);
            }
        }
    }
    empty
}

/// The template sections reported missing: (required, recommended).
pub(crate) fn missing(t: &Template, o: &Outline) -> (Vec<usize>, Vec<usize>) {
    let mut required = Vec::new();
    let mut recommended = Vec::new();
    for (i, s) in t.sections.iter().enumerate() {
        if s.requirement == Requirement::Optional || o.find(i).is_some() {
            continue;
        }
        // A subsection is reported only when its parent is there: a
        // missing parent is the finding (and the fix brings its prompt).
        if let Some(p) = s.parent {
            if o.find(p).is_none() && t.sections[p].requirement != Requirement::Optional {
                continue;
            }
        }
        match s.requirement {
            Requirement::Required => required.push(i),
            Requirement::Recommended => recommended.push(i),
            Requirement::Optional => {}
        }
    }
    (required, recommended)
}

/// "Timeline", or "What Happened (in Root Cause Analysis)".
fn describe(t: &Template, o: &Outline, i: usize) -> String {
    let s = &t.sections[i];
    match s.parent.and_then(|p| o.find(p).map(|h| (p, h))) {
        Some((_, h)) => format!("{} (in {})", s.title, &o.text[o.headings[h].text.clone()]),
        None => s.title.clone(),
    }
}

/// Where a missing section goes, and at which heading level.
fn placement(t: &Template, o: &Outline, i: usize) -> (usize, u8) {
    let s = &t.sections[i];
    let siblings: Vec<usize> = (0..t.sections.len())
        .filter(|&j| t.sections[j].parent == s.parent)
        .collect();
    let pos = siblings.iter().position(|&j| j == i).unwrap_or(0);
    let default_level = match s.parent.and_then(|p| o.find(p)) {
        Some(ph) => o.headings[ph].level + 1,
        None => {
            // The level the document's sections use, else one below the title.
            let top = o
                .section_headings()
                .filter(|(_, h)| h.section.is_some_and(|x| t.sections[x].parent.is_none()))
                .map(|(_, h)| h.level)
                .min();
            top.unwrap_or_else(|| o.title.map_or(2, |ti| o.headings[ti].level + 1))
        }
    }
    .min(6);
    // After the nearest earlier sibling that is present...
    for &j in siblings[..pos].iter().rev() {
        if let Some(h) = o.find(j) {
            return (o.section_range(h).end, o.headings[h].level);
        }
    }
    // ...else before the nearest later one...
    for &j in &siblings[pos + 1..] {
        if let Some(h) = o.find(j) {
            return (o.headings[h].line.start, o.headings[h].level);
        }
    }
    // ...else at the end of the parent, or of the document's body.
    match s.parent.and_then(|p| o.find(p)) {
        Some(ph) => (o.section_range(ph).end, default_level),
        None => (o.body_end, default_level),
    }
}

/// An unsafe fix inserting section `i` (with its subsections) at
/// `at` as a heading of `level` with its prompt.
fn insertion_fix(text: &str, t: &Template, i: usize, at: usize, level: u8) -> Fix {
    let nl = eol(text);
    // A missing parent comes with its (non-optional) subsections, as in
    // `new_postmortem`; its own prompt then gives way to theirs.
    let children: Vec<&super::template::Section> = t
        .sections
        .iter()
        .filter(|c| c.parent == Some(i) && c.requirement != Requirement::Optional)
        .collect();
    let mut parts = vec![format!(
        "{} {}",
        "#".repeat(level as usize),
        t.sections[i].title
    )];
    if children.is_empty() {
        parts.push(t.sections[i].prompt.clone());
    }
    for c in children {
        parts.push(format!(
            "{} {}",
            "#".repeat((level as usize + 1).min(6)),
            c.title
        ));
        parts.push(c.prompt.clone());
    }
    let body = parts.join(&format!("{nl}{nl}"));
    let before = &text[..at];
    let block = if at == text.len() {
        // At the end of the file: end the way the file ended, so that several
        // insertions there line up with one blank line between them.
        let trailing = before.len() - before.trim_end_matches(['\n', '\r']).len();
        match (before.trim_end_matches(['\n', '\r']).is_empty(), trailing) {
            (true, _) => format!("{body}{nl}"),
            (false, 0) => format!("{nl}{nl}{body}"),
            (false, n) if n <= nl.len() => format!("{nl}{body}{nl}"),
            (false, _) => format!("{body}{nl}{nl}"),
        }
    } else if at == 0
        || before.ends_with("\n\n")
        || before.ends_with("\r\n\r\n")
        || before.trim_end_matches(['\n', '\r']).is_empty()
    {
        format!("{body}{nl}{nl}")
    } else if before.ends_with('\n') {
        // Keep a blank line before the heading.
        format!("{nl}{body}{nl}{nl}")
    } else {
        format!("{nl}{nl}{body}{nl}{nl}")
    };
    Fix {
        title: format!("Insert section `{}`", t.sections[i].title),
        applicability: Applicability::Unsafe,
        edits: vec![Edit {
            range: at..at,
            replacement: block,
        }],
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    Nothing,
    Placeholders,
    Real,
}

fn bracket_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // `[...]` not followed by `(` or `[` (those are links).
    R.get_or_init(|| Regex::new(r"\[[^\]\n]*\](?:[^(\[]|$)").unwrap())
}

fn label_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^(?:\*\*|__)[^*_\n]{1,60}?(?::(?:\*\*|__)|(?:\*\*|__):)").unwrap()
    })
}

fn comment_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?s)<!--.*?(?:-->|\z)").unwrap())
}

/// Whether heading `h`'s section (with its subsections) holds real text.
fn content_state(text: &str, t: &Template, o: &Outline, h: usize) -> Content {
    let range = o.content_range(h);
    let mut any = false;
    let lines = lines_in(text, range);
    for (n, l) in lines.iter().enumerate() {
        if o.is_heading_line(l.start) {
            continue;
        }
        if o.is_opaque(l.start) {
            // Code blocks are content; comments and front matter are not.
            let s = text[l.clone()].trim();
            if !s.is_empty() && !s.starts_with("<!--") && !s.ends_with("-->") {
                return Content::Real;
            }
            continue;
        }
        let raw = comment_re().replace_all(&text[l.clone()], "");
        let mut s = raw.trim().trim_start_matches('>').trim();
        if s.is_empty() {
            continue;
        }
        // Table delimiter rows, and header rows (followed by one): a table
        // with no rows is still empty.
        if is_delimiter_row(s)
            || lines
                .get(n + 1)
                .is_some_and(|nx| is_delimiter_row(text[nx.clone()].trim()))
        {
            continue;
        }
        any = true;
        s = strip_list_marker(s);
        if line_has_content(s, t) {
            return Content::Real;
        }
    }
    if any {
        Content::Placeholders
    } else {
        Content::Nothing
    }
}

fn is_delimiter_row(s: &str) -> bool {
    s.contains('-')
        && s.contains('|')
        && s.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

pub(crate) fn strip_list_marker(s: &str) -> &str {
    let t = s.trim_start();
    let t = if let Some(r) = t
        .strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| t.strip_prefix("+ "))
    {
        r
    } else {
        let d = t.bytes().take_while(u8::is_ascii_digit).count();
        if d > 0 && (t[d..].starts_with(". ") || t[d..].starts_with(") ")) {
            &t[d + 2..]
        } else {
            t
        }
    };
    let t = t.trim_start();
    t.strip_prefix("[ ] ")
        .or_else(|| t.strip_prefix("[x] "))
        .or_else(|| t.strip_prefix("[X] "))
        .unwrap_or(t)
        .trim_start()
}

/// A line (list marker removed) says something beyond labels and placeholders.
fn line_has_content(s: &str, t: &Template) -> bool {
    let s = label_re().replace(s, "");
    let s = bracket_re().replace_all(&s, " ");
    let s = s.replace('|', " ");
    for word in s.split_whitespace() {
        let w = strip_emphasis(
            word.trim_matches(|c: char| !c.is_alphanumeric() && !"?-—–…/.".contains(c)),
        );
        if w.is_empty() || t.is_placeholder(w) || w.eq_ignore_ascii_case("HH:MM") {
            continue;
        }
        if w.chars().any(char::is_alphanumeric) {
            return true;
        }
    }
    false
}
