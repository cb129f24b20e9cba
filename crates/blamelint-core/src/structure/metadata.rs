//! `metadata-missing` and `metadata-invalid`: Date, Duration, Severity and
//! Incident Commander, read from the lines before the first section
//! (`**Date:** 2024-01-15`, `Date: ...`, `- **Date**: ...`, `| Date | ... |`)
//! and from front matter (`date: 2024-01-15`).

use super::dates::{parse_date_value, Date, DateProblem};
use super::outline::{self, line_end, lines_in, split_row, trim_range};
use super::template::{level_key, strip_emphasis, MetadataKind};
use super::{eol, join_names, Ctx};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

pub const MISSING: &str = "metadata-missing";
pub const INVALID: &str = "metadata-invalid";

/// What other checks need from the metadata.
#[derive(Debug, Default)]
pub struct Meta {
    /// The postmortem's (incident's) date, when valid.
    pub date: Option<Date>,
    /// A "Timezone:" line in the header.
    pub has_timezone: bool,
    /// The severity, as the template spells it ("SEV-2" for "Sev 2"), when valid.
    pub severity: Option<String>,
}

#[derive(Debug, Clone)]
struct Found {
    field: usize,
    /// The label as written.
    label: Range<usize>,
    /// The value, trimmed (may be empty, at the label's end).
    value: Range<usize>,
    /// The whole line.
    line: Range<usize>,
    in_front_matter: bool,
}

fn bold_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // **Label:** value | **Label**: value | __Label:__ value
    R.get_or_init(|| Regex::new(r"^(?:\*\*|__)(?P<label>[^*_:\n]{1,60}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)(?P<value>.*)$").unwrap())
}

fn plain_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^(?P<label>[\p{L}][\p{L}\p{N} ._/()-]{0,40}?)\s*:(?P<value>(?:\s.*)?)$")
            .unwrap()
    })
}

/// Lines before the first section heading (after the title), and front matter.
fn scan(cx: &Ctx) -> Vec<Found> {
    let o = cx.outline;
    let t = cx.template;
    let text = cx.text;
    let mut found: Vec<Found> = Vec::new();
    let add = |f: Found, found: &mut Vec<Found>| {
        if !found.iter().any(|x| x.field == f.field) {
            found.push(f);
        }
    };
    if let Some(fm) = &o.front_matter {
        for l in lines_in(text, fm.clone()) {
            let s = &text[l.clone()];
            if s.starts_with([' ', '\t', '-']) {
                continue;
            }
            let Some(colon) = s.find(':') else { continue };
            let label = l.start..l.start + colon;
            let Some(field) = t.metadata_field(&text[label.clone()].replace(['_', '-'], " "))
            else {
                continue;
            };
            let mut value = trim_range(text, l.start + colon + 1..l.end);
            let v = &text[value.clone()];
            if v.len() >= 2
                && (v.starts_with('"') && v.ends_with('"')
                    || v.starts_with('\'') && v.ends_with('\''))
            {
                value = value.start + 1..value.end - 1;
            }
            add(
                Found {
                    field,
                    label,
                    value,
                    line: l,
                    in_front_matter: true,
                },
                &mut found,
            );
        }
    }
    let start = match o.title {
        Some(ti) => o.headings[ti].line.end,
        None => o.front_matter.as_ref().map_or(0, |r| r.end),
    };
    let end = o
        .section_headings()
        .find(|(_, h)| h.section.is_some())
        .map_or(o.body_end, |(_, h)| h.line.start)
        .max(start);
    for l in lines_in(text, start..end) {
        if o.is_opaque(l.start) || o.is_heading_line(l.start) {
            continue;
        }
        let raw = &text[l.clone()];
        let lead = raw.len() - raw.trim_start().len();
        let mut s = &raw[lead..];
        let mut off = l.start + lead;
        for m in ["- ", "* ", "+ ", "> "] {
            if let Some(r) = s.strip_prefix(m) {
                off += m.len() + (r.len() - r.trim_start().len());
                s = r.trim_start();
            }
        }
        let (label, value) = if s.starts_with('|') {
            let cells = split_row(text, off..l.end);
            if cells.len() < 2 {
                continue;
            }
            let lab = cells[0].1.clone();
            let inner = strip_emphasis(&text[lab.clone()]);
            let lab_start = lab.start + text[lab.clone()].find(inner).unwrap_or(0);
            (lab_start..lab_start + inner.len(), cells[1].1.clone())
        } else if let Some(c) = bold_re().captures(s) {
            let lab = c.name("label").unwrap().range();
            let val = c.name("value").unwrap().range();
            (
                off + lab.start..off + lab.end,
                trim_range(text, off + val.start..off + val.end),
            )
        } else if let Some(c) = plain_re().captures(s) {
            let lab = c.name("label").unwrap().range();
            let val = c.name("value").unwrap().range();
            (
                off + lab.start..off + lab.end,
                trim_range(text, off + val.start..off + val.end),
            )
        } else {
            continue;
        };
        let label_text = text[label.clone()].trim().trim_end_matches(':');
        if let Some(field) = t.metadata_field(label_text) {
            let value = if value.is_empty() {
                label.end..label.end
            } else {
                value
            };
            add(
                Found {
                    field,
                    label,
                    value,
                    line: l,
                    in_front_matter: false,
                },
                &mut found,
            );
        }
    }
    found
}

fn has_timezone_line(cx: &Ctx) -> bool {
    let o = cx.outline;
    let end = o
        .section_headings()
        .find(|(_, h)| h.section.is_some())
        .map_or(o.body_end, |(_, h)| h.line.start);
    let head = cx.text[..end].to_lowercase();
    cx.template
        .timezone_labels
        .iter()
        .any(|l| head.contains(&format!("{l}:")) || head.contains(&format!("{l}**:")))
}

pub(crate) fn check(cx: &mut Ctx) -> Meta {
    let found = scan(cx);
    let t = cx.template;
    let text = cx.text;
    let mut meta = Meta {
        has_timezone: has_timezone_line(cx),
        ..Meta::default()
    };
    let mut missing = Vec::new();
    for (i, field) in t.metadata.iter().enumerate() {
        let Some(f) = found.iter().find(|f| f.field == i) else {
            if field.required {
                missing.push(i);
            }
            continue;
        };
        let value = strip_emphasis(&text[f.value.clone()]);
        let vspan = if f.value.is_empty() {
            f.label.clone()
        } else {
            let inner = text[f.value.clone()].find(value).unwrap_or(0);
            f.value.start + inner..f.value.start + inner + value.len()
        };
        let label = &field.label;
        if value.is_empty() {
            cx.push(
                MISSING,
                Severity::Warning,
                format!("Metadata `{label}` has no value"),
                vspan,
            );
            continue;
        }
        if t.is_placeholder(value) {
            cx.push(
                MISSING,
                Severity::Warning,
                format!("Metadata `{label}` is a placeholder ({value})"),
                vspan,
            );
            continue;
        }
        match field.kind {
            MetadataKind::Date => match parse_date_value(value) {
                Ok(d) => {
                    if field.key == "date" && meta.date.is_none() {
                        meta.date = Some(d);
                    }
                }
                Err(DateProblem::NotCalendar(why)) => cx.push(
                    INVALID,
                    Severity::Warning,
                    format!("Invalid date `{value}`: not a calendar date ({why})"),
                    vspan,
                ),
                Err(DateProblem::NotIso) => cx.push(
                    INVALID,
                    Severity::Warning,
                    format!("Date `{value}` is ambiguous: write it as ISO YYYY-MM-DD"),
                    vspan,
                ),
                Err(DateProblem::NotADate) => cx.push(
                    INVALID,
                    Severity::Warning,
                    format!("`{label}` is not a date: `{value}`"),
                    vspan,
                ),
            },
            MetadataKind::Duration => {
                if !value.chars().any(|c| c.is_ascii_digit()) {
                    cx.push(
                        INVALID,
                        Severity::Warning,
                        format!("Duration `{value}` gives no amount of time (e.g. \"45 minutes\")"),
                        vspan,
                    );
                }
            }
            MetadataKind::Severity => {
                if value.contains(" | ") || value.contains(" / ") || value.contains(" or ") {
                    cx.push(
                        MISSING,
                        Severity::Warning,
                        format!("Severity lists the choices ({value}): keep the one that applies"),
                        vspan,
                    );
                    continue;
                }
                let first = value
                    .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
                    .next()
                    .unwrap_or(value);
                let ok = |v: &str| t.severities.iter().any(|s| level_key(s) == level_key(v));
                // "SEV 1" is two words; "P1 (major)" has a note.
                let canonical = [
                    first,
                    value,
                    value.split('(').next().unwrap_or(value).trim(),
                ]
                .into_iter()
                .find_map(|v| t.severities.iter().find(|s| level_key(s) == level_key(v)));
                if let Some(c) = canonical {
                    if meta.severity.is_none() {
                        meta.severity = Some(c.clone());
                    }
                }
                if !ok(first) && !ok(value) && !ok(value.split('(').next().unwrap_or(value).trim())
                {
                    cx.push(
                        INVALID,
                        Severity::Warning,
                        format!(
                            "Severity `{value}` is not one of {}",
                            t.severities.join(", ")
                        ),
                        vspan,
                    );
                }
            }
            MetadataKind::Text => {}
        }
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing
            .iter()
            .map(|&i| t.metadata[i].label.clone())
            .collect();
        let message = format!("Postmortem metadata is missing {}", join_names(&names));
        let fix = insertion_fix(cx, &found, &missing);
        let sev = cx.severity(MISSING, Severity::Warning);
        cx.push_with(MISSING, sev, message, cx.outline.title_span.clone(), fix);
    }
    meta
}

/// Inserts `**Label:** placeholder` lines after the last metadata line (or
/// after the title).
fn insertion_fix(cx: &Ctx, found: &[Found], missing: &[usize]) -> Option<Fix> {
    let text = cx.text;
    let nl = eol(text);
    let lines: Vec<String> = missing
        .iter()
        .map(|&i| {
            format!(
                "**{}:** {}",
                cx.template.metadata[i].label, cx.template.metadata[i].placeholder
            )
        })
        .collect();
    let last = found
        .iter()
        .filter(|f| !f.in_front_matter)
        .max_by_key(|f| f.line.start);
    let edit = match last {
        Some(f) => {
            let line = &text[f.line.clone()];
            let prefix_len = line.len() - line.trim_start_matches([' ', '-', '*', '+', '>']).len();
            let prefix =
                if line.trim_start().starts_with("**") && !line.trim_start().starts_with("* ") {
                    &line[..line.len() - line.trim_start().len()]
                } else {
                    &line[..prefix_len]
                };
            if line.trim_start().starts_with('|') {
                return None;
            }
            let mut r = String::new();
            for l in &lines {
                r.push_str(nl);
                r.push_str(prefix);
                r.push_str(l);
            }
            Edit {
                range: f.line.end..f.line.end,
                replacement: r,
            }
        }
        None => match cx.outline.title {
            Some(ti) => {
                let at = line_end(text, cx.outline.headings[ti].line.end);
                Edit {
                    range: at..at,
                    replacement: format!("{nl}{nl}{}", lines.join(nl)),
                }
            }
            None => {
                // No title heading: after a plain first line ("Postmortem: ..."),
                // or before the first heading.
                let o = cx.outline;
                let first = o.title_span.clone();
                if !first.is_empty() && !o.is_heading_line(first.start) {
                    let at = line_end(text, first.start);
                    Edit {
                        range: at..at,
                        replacement: format!("{nl}{nl}{}", lines.join(nl)),
                    }
                } else {
                    let at = outline::line_start(text, first.start);
                    Edit {
                        range: at..at,
                        replacement: format!("{}{nl}{nl}", lines.join(nl)),
                    }
                }
            }
        },
    };
    // No fix where the lines would not be seen (after an unclosed comment).
    let probe = edit.replacement.len() - edit.replacement.trim_start().len();
    if !cx.outline.insertion_lands(
        cx.template,
        edit.range.start,
        &edit.replacement,
        probe,
        false,
    ) {
        return None;
    }
    Some(Fix {
        title: format!(
            "Insert {}",
            join_names(
                &missing
                    .iter()
                    .map(|&i| cx.template.metadata[i].label.clone())
                    .collect::<Vec<_>>()
            )
        ),
        applicability: Applicability::Unsafe,
        edits: vec![edit],
    })
}
