//! Action Items: a table (columns found by header name, any order) or a
//! task list; every item needs an owner, a priority, an ISO due date and a
//! status, and must change the system rather than ask people to do better.

use super::dates::{find_all_iso, find_other_date, parse_iso_strict, Date, DateProblem};
use super::outline::{split_row, trim_range, Outline, Table};
use super::template::{level_key, strip_emphasis, Template};
use super::Ctx;
use crate::diagnostic::Severity;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

pub const NO_TABLE: &str = "action-items-no-table";
pub const MISSING_OWNER: &str = "action-item-missing-owner";
pub const MISSING_PRIORITY: &str = "action-item-missing-priority";
pub const MISSING_DUE_DATE: &str = "action-item-missing-due-date";
pub const INVALID_DUE_DATE: &str = "action-item-invalid-due-date";
pub const DUE_BEFORE_INCIDENT: &str = "action-item-due-before-incident";
pub const MISSING_STATUS: &str = "action-item-missing-status";
pub const NOT_SYSTEMIC: &str = "action-item-not-systemic";

/// Column keys the checks use (template `[[columns]] key`).
const ACTION: &str = "action";
const OWNER: &str = "owner";
const PRIORITY: &str = "priority";
const DUE: &str = "due-date";
const STATUS: &str = "status";
const ID: &str = "id";

pub(crate) fn check(cx: &mut Ctx, incident: Option<Date>, empty_sections: &[usize]) {
    let t = cx.template;
    let o = cx.outline;
    let Some(s) = t.section("action-items") else {
        return;
    };
    let Some(h) = o.find(s) else { return };
    let range = o.content_range(h);
    let tables: Vec<&Table> = o
        .tables
        .iter()
        .filter(|tb| range.contains(&tb.range.start))
        .collect();
    let mut checked_any = false;
    for tb in tables {
        checked_any |= check_table(cx, tb, incident);
    }
    let tasks: Vec<_> = o
        .tasks
        .iter()
        .filter(|ti| range.contains(&ti.text.start))
        .cloned()
        .collect();
    for task in &tasks {
        check_task(cx, task.text.clone(), incident);
        checked_any = true;
    }
    if !checked_any && !empty_sections.contains(&s) {
        let heading = &o.headings[h];
        cx.push(NO_TABLE, Severity::Warning, format!("`{}` has no table or task list, so owners, priorities and due dates cannot be checked", &cx.text[heading.text.clone()]), heading.text.clone());
    }
}

/// The template column key of each header cell; `None` when the table has
/// no recognizable column.
fn table_columns<'t>(text: &str, t: &'t Template, tb: &Table) -> Option<Vec<Option<&'t str>>> {
    let header = split_row(text, tb.header.clone());
    let mut cols: Vec<Option<&str>> = header
        .iter()
        .map(|(_, r)| t.column(strip_emphasis(&text[r.clone()])))
        .collect();
    // A column name used twice: only the first counts.
    for i in 0..cols.len() {
        if cols[i].is_some() && cols[..i].contains(&cols[i]) {
            cols[i] = None;
        }
    }
    let has = |key: &str| cols.contains(&Some(key));
    [ACTION, OWNER, PRIORITY, DUE, STATUS]
        .iter()
        .any(|k| has(k))
        .then_some(cols)
}

/// Checks one table; false when it has no recognizable column.
fn check_table(cx: &mut Ctx, tb: &Table, incident: Option<Date>) -> bool {
    let text = cx.text;
    let Some(cols) = table_columns(text, cx.template, tb) else {
        return false;
    };
    let col = |key: &str| cols.iter().position(|c| *c == Some(key));
    let header_span = trim_range(text, tb.header.clone());
    for (key, rule, name) in [
        (OWNER, MISSING_OWNER, "Owner"),
        (PRIORITY, MISSING_PRIORITY, "Priority"),
        (DUE, MISSING_DUE_DATE, "Due Date"),
        (STATUS, MISSING_STATUS, "Status"),
    ] {
        if col(key).is_none() {
            let sev = default_severity(rule);
            cx.push(
                rule,
                sev,
                format!("Action Items table has no {name} column"),
                header_span.clone(),
            );
        }
    }
    // The action text: the Action column, else the first column that is not
    // an ID or another known column.
    let action_col = col(ACTION)
        .or_else(|| cols.iter().position(|c| c.is_none()))
        .or_else(|| cols.iter().position(|c| *c != Some(ID)));
    for row in &tb.rows {
        let cells = split_row(text, row.clone());
        if cells.iter().all(|(_, t)| t.is_empty()) {
            continue;
        }
        let row_span = trim_range(text, row.clone());
        let cell = |i: Option<usize>| {
            i.map(|i| {
                cells
                    .get(i)
                    .cloned()
                    .unwrap_or((row_span.clone(), row_span.end..row_span.end))
            })
        };
        if let Some((raw, trimmed)) = cell(col(OWNER)) {
            check_owner(cx, raw, trimmed);
        }
        if let Some((raw, trimmed)) = cell(col(PRIORITY)) {
            check_priority(cx, raw, trimmed);
        }
        if let Some((raw, trimmed)) = cell(col(DUE)) {
            check_due(cx, raw, trimmed, incident);
        }
        if let Some((raw, trimmed)) = cell(col(STATUS)) {
            let v = strip_emphasis(&text[trimmed.clone()]);
            if v.is_empty() {
                cx.push(
                    MISSING_STATUS,
                    Severity::Info,
                    "Action item has no status".into(),
                    empty_span(raw, trimmed),
                );
            } else if cx.template.is_placeholder(v) && !matches!(v, "-" | "—" | "–") {
                cx.push(
                    MISSING_STATUS,
                    Severity::Info,
                    format!("Action item status is a placeholder ({v})"),
                    trimmed,
                );
            }
        }
        if let Some((_, trimmed)) = cell(action_col) {
            check_systemic(cx, trimmed);
        }
    }
    true
}

fn default_severity(rule: &str) -> Severity {
    match rule {
        MISSING_STATUS => Severity::Info,
        INVALID_DUE_DATE => Severity::Error,
        _ => Severity::Warning,
    }
}

/// For an empty cell, the whole cell between the pipes.
fn empty_span(raw: Range<usize>, trimmed: Range<usize>) -> Range<usize> {
    if trimmed.is_empty() {
        raw
    } else {
        trimmed
    }
}

fn check_owner(cx: &mut Ctx, raw: Range<usize>, trimmed: Range<usize>) {
    let v = strip_emphasis(&cx.text[trimmed.clone()]);
    if v.is_empty() {
        cx.push(
            MISSING_OWNER,
            Severity::Warning,
            "Action item has no owner".into(),
            empty_span(raw, trimmed),
        );
    } else if cx.template.is_placeholder(v) {
        cx.push(
            MISSING_OWNER,
            Severity::Warning,
            format!("Action item owner is a placeholder ({v})"),
            trimmed,
        );
    }
}

fn check_priority(cx: &mut Ctx, raw: Range<usize>, trimmed: Range<usize>) {
    let t = cx.template;
    let v = strip_emphasis(&cx.text[trimmed.clone()]);
    if v.is_empty() {
        cx.push(
            MISSING_PRIORITY,
            Severity::Warning,
            "Action item has no priority".into(),
            empty_span(raw, trimmed),
        );
    } else if t.is_placeholder(v) {
        cx.push(
            MISSING_PRIORITY,
            Severity::Warning,
            format!("Action item priority is a placeholder ({v})"),
            trimmed,
        );
    } else {
        let first = v
            .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
            .next()
            .unwrap_or(v);
        let ok = |x: &str| t.priorities.iter().any(|p| level_key(p) == level_key(x));
        if !t.priorities.is_empty() && !ok(first) && !ok(v) {
            cx.push(
                MISSING_PRIORITY,
                Severity::Warning,
                format!(
                    "Action item priority `{v}` is not one of {}",
                    t.priorities.join(", ")
                ),
                trimmed,
            );
        }
    }
}

fn strike_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"~~[^~]*~~").unwrap())
}

/// One action item as written (for reports): cell values with emphasis
/// stripped; placeholders ("TBD", "[@owner]") are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemCells {
    pub action: String,
    pub owner: Option<String>,
    pub priority: Option<String>,
    /// Struck-out dates removed ("~~2024-01-10~~ 2024-01-20" -> "2024-01-20").
    pub due: Option<String>,
    pub status: Option<String>,
    /// Cells of the columns the template does not know: (header, value).
    pub other: Vec<(String, String)>,
    /// For a task-list item, whether it is ticked.
    pub checked: Option<bool>,
}

/// The Action Items of a postmortem: the rows of the tables and the
/// task-list items in the Action Items section, in document order.
pub(crate) fn items(text: &str, t: &Template, o: &Outline) -> Vec<ItemCells> {
    let mut out = Vec::new();
    let Some(s) = t.section("action-items") else {
        return out;
    };
    let Some(h) = o.find(s) else { return out };
    let range = o.content_range(h);
    let value = |v: &str| {
        let v = strip_emphasis(v);
        (!t.is_placeholder(v)).then(|| v.to_string())
    };
    for tb in o.tables.iter().filter(|tb| range.contains(&tb.range.start)) {
        let Some(cols) = table_columns(text, t, tb) else {
            continue;
        };
        let headers: Vec<&str> = split_row(text, tb.header.clone())
            .into_iter()
            .map(|(_, r)| strip_emphasis(&text[r]))
            .collect();
        let col = |key: &str| cols.iter().position(|c| *c == Some(key));
        let action_col = col(ACTION)
            .or_else(|| cols.iter().position(|c| c.is_none()))
            .or_else(|| cols.iter().position(|c| *c != Some(ID)));
        for row in &tb.rows {
            let cells: Vec<&str> = split_row(text, row.clone())
                .into_iter()
                .map(|(_, r)| &text[r])
                .collect();
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            let cell = |i: Option<usize>| i.and_then(|i| cells.get(i).copied());
            let mut item = ItemCells {
                action: cell(action_col)
                    .map(strip_emphasis)
                    .unwrap_or("")
                    .to_string(),
                owner: cell(col(OWNER)).and_then(value),
                priority: cell(col(PRIORITY)).and_then(value),
                due: cell(col(DUE)).and_then(|c| value(strike_re().replace_all(c, "").trim())),
                status: cell(col(STATUS)).and_then(|c| {
                    let v = strip_emphasis(c);
                    (!v.is_empty()).then(|| v.to_string())
                }),
                ..ItemCells::default()
            };
            for (i, c) in cols.iter().enumerate() {
                if c.is_none() && Some(i) != action_col {
                    if let (Some(hd), Some(v)) = (headers.get(i), cells.get(i)) {
                        item.other
                            .push((hd.to_string(), strip_emphasis(v).to_string()));
                    }
                }
            }
            out.push(item);
        }
    }
    for task in o.tasks.iter().filter(|ti| range.contains(&ti.text.start)) {
        let item = &text[task.text.clone()];
        if item.is_empty() {
            continue;
        }
        let owner = handle_re().find(item).map(|m| {
            let m = m.as_str().trim_start_matches([' ', '\t', '(', '[', ',']);
            m.split_once([':', '='])
                .map_or(m, |(_, v)| v.trim())
                .to_string()
        });
        let priority = task_priority_re()
            .find(item)
            .map(|m| m.as_str().to_uppercase());
        let due = due_re()
            .captures(item)
            .map(|c| c[1].to_string())
            .or_else(|| {
                find_all_iso(item)
                    .last()
                    .map(|(r, _)| item[r.clone()].to_string())
            });
        out.push(ItemCells {
            action: item.to_string(),
            owner,
            priority,
            due,
            checked: Some(task.checked),
            ..ItemCells::default()
        });
    }
    out
}

fn task_priority_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\bP[0-9]\b").unwrap())
}

fn due_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)\b(?:due|by|deadline)\b[\s:]*(\d{4}-\d{2}-\d{2})\b").unwrap())
}

fn check_due(cx: &mut Ctx, raw: Range<usize>, trimmed: Range<usize>, incident: Option<Date>) {
    let cell = &cx.text[trimmed.clone()];
    // A struck-out old date does not count: "~~2024-01-10~~ 2024-01-20".
    let cleaned = strike_re().replace_all(cell, "");
    let v = strip_emphasis(cleaned.trim());
    if v.is_empty() {
        let message = if cell.trim().is_empty() {
            "Action item has no due date".to_string()
        } else {
            "Action item has no due date (only a struck-out one)".to_string()
        };
        cx.push(
            MISSING_DUE_DATE,
            Severity::Warning,
            message,
            empty_span(raw, trimmed),
        );
        return;
    }
    if cx.template.is_placeholder(v) {
        cx.push(
            MISSING_DUE_DATE,
            Severity::Warning,
            format!("Action item due date is a placeholder ({v})"),
            trimmed,
        );
        return;
    }
    match parse_iso_strict(v) {
        Ok(d) => due_vs_incident(cx, d, trimmed, incident),
        Err(DateProblem::NotCalendar(why)) => cx.push(
            INVALID_DUE_DATE,
            Severity::Error,
            format!("Invalid due date `{v}`: not a calendar date ({why})"),
            trimmed,
        ),
        Err(DateProblem::NotIso) => cx.push(
            INVALID_DUE_DATE,
            Severity::Error,
            format!("Invalid due date `{v}`: write it as ISO YYYY-MM-DD"),
            trimmed,
        ),
        Err(DateProblem::NotADate) => cx.push(
            INVALID_DUE_DATE,
            Severity::Error,
            format!("Invalid due date `{v}`: not a date; write it as ISO YYYY-MM-DD"),
            trimmed,
        ),
    }
}

fn due_vs_incident(cx: &mut Ctx, due: Date, span: Range<usize>, incident: Option<Date>) {
    if let Some(inc) = incident {
        if due < inc {
            cx.push(
                DUE_BEFORE_INCIDENT,
                Severity::Warning,
                format!("Due date {due} is before the incident date {inc}"),
                span,
            );
        }
    }
}

fn check_systemic(cx: &mut Ctx, span: Range<usize>) {
    let v = &cx.text[span.clone()];
    if cx.template.not_systemic.iter().any(|r| r.is_match(v)) {
        cx.push(NOT_SYSTEMIC, Severity::Warning, "Action item asks people to do better instead of changing the system: name a check, alert, guard rail or automation".into(), span);
    }
}

fn handle_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:^|[\s(\[,])@[\w][\w.-]*|(?i)\b(?:owner|eigenaar|assignee)\s*[:=]\s*\S")
            .unwrap()
    })
}

fn priority_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)\b(?:priority|prio|prioriteit)\s*[:=]?\s*\S|\bP[0-9]\b").unwrap()
    })
}

/// A task-list item: `- [ ] Add an alert (@alice, P1, due 2024-01-20)`.
fn check_task(cx: &mut Ctx, span: Range<usize>, incident: Option<Date>) {
    let text = cx.text;
    let item = &text[span.clone()];
    if item.is_empty() {
        return;
    }
    if !handle_re().is_match(item) {
        cx.push(
            MISSING_OWNER,
            Severity::Warning,
            "Action item has no owner".into(),
            span.clone(),
        );
    }
    if !priority_re().is_match(item) {
        cx.push(
            MISSING_PRIORITY,
            Severity::Warning,
            "Action item has no priority".into(),
            span.clone(),
        );
    }
    let isos = find_all_iso(item);
    if let Some((r, d)) = isos.last() {
        let abs = span.start + r.start..span.start + r.end;
        match d {
            Ok(d) => due_vs_incident(cx, *d, abs, incident),
            Err(why) => cx.push(
                INVALID_DUE_DATE,
                Severity::Error,
                format!(
                    "Invalid due date `{}`: not a calendar date ({why})",
                    &item[r.clone()]
                ),
                abs,
            ),
        }
    } else if let Some(r) = find_other_date(item) {
        cx.push(
            INVALID_DUE_DATE,
            Severity::Error,
            format!(
                "Invalid due date `{}`: write it as ISO YYYY-MM-DD",
                &item[r.clone()]
            ),
            span.start + r.start..span.start + r.end,
        );
    } else {
        cx.push(
            MISSING_DUE_DATE,
            Severity::Warning,
            "Action item has no due date".into(),
            span.clone(),
        );
    }
    check_systemic(cx, span);
}
