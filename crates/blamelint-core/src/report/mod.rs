//! `blamelint report`: the health of a team's postmortems at a glance.
//!
//! Pure aggregation: the caller hands in (path, text) pairs and today's
//! date; [`analyze`] reads one document (the linter for blame findings, the
//! structure module's parsers for metadata, sections and Action Items) and
//! [`aggregate`] turns the analyses into a [`Report`]. [`build`] does both.
//! The JSON shape of [`Report`] is a contract, documented in docs/report.md.

pub mod status;

use crate::config::ReportConfig;
use crate::diagnostic::Severity;
use crate::linter::Linter;
use crate::structure::action_items::ItemCells;
use crate::structure::dates::Date;
use crate::structure::{self, CATEGORY as STRUCTURE};
use serde::Serialize;
use status::{Statuses, CLOSED_COLUMNS, OPENED_COLUMNS};
use std::collections::{BTreeMap, HashMap};

pub use status::State;

/// Bumped when the JSON shape changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;
/// Default completion target (the weekly review's "> 80 % within due date").
pub const DEFAULT_TARGET: f64 = 0.8;
/// Default escalation threshold ("if < 70 %, escalate to team lead").
pub const DEFAULT_ESCALATE_BELOW: f64 = 0.7;
/// The quarter of a postmortem without a (valid) date.
pub const UNDATED: &str = "undated";
/// The severity of a postmortem without a (valid) severity.
pub const UNKNOWN_SEVERITY: &str = "unknown";
/// The owner of an action item without one.
pub const UNASSIGNED: &str = "(unassigned)";

/// The whole report. Field order is the JSON order.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub schema_version: u32,
    /// The date overdue items and ages are computed against, `YYYY-MM-DD`.
    pub today: String,
    pub target: f64,
    pub escalate_below: f64,
    pub summary: Summary,
    /// Chronological; `undated` last.
    pub quarters: Vec<QuarterStats>,
    /// Open items past their due date, most overdue first.
    pub overdue: Vec<OverdueItem>,
    /// Most overdue items first.
    pub overdue_by_owner: Vec<OwnerOverdue>,
    /// Most often missing or empty first (at a tie, required before recommended).
    pub missing_sections: Vec<MissingSection>,
    /// Status values no status word matched (counted as open), most common first.
    pub unrecognised_statuses: Vec<StatusCount>,
    /// By path.
    pub postmortems: Vec<PostmortemReport>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Summary {
    pub postmortems: usize,
    /// Postmortems with every required section present and non-empty.
    pub complete_postmortems: usize,
    pub action_items: ItemCounts,
    pub completion: Completion,
    /// `on-target`, `below-target`, `escalate`, or null without a rate.
    pub health: Option<Health>,
    pub days_to_close: DaysToClose,
    pub blame_findings: Findings,
    /// Blame findings per postmortem (0 without postmortems), 2 decimals.
    pub blame_findings_per_postmortem: f64,
    /// Postmortems per severity.
    pub by_severity: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct ItemCounts {
    pub total: usize,
    pub done: usize,
    /// Not done and not cancelled (unrecognised statuses included).
    pub open: usize,
    pub cancelled: usize,
    /// Open and past the due date (a subset of `open`).
    pub overdue: usize,
}

/// Completion within the due date.
///
/// `eligible` = done items + open items past their due date; cancelled items
/// and open items not yet due are left out. `on_time` = done items closed
/// on or before the due date, or with no close date or no due date known.
/// `rate` = on_time / eligible, 4 decimals; null when nothing is eligible.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Completion {
    pub rate: Option<f64>,
    pub eligible: usize,
    pub on_time: usize,
    /// Done, but closed after the due date.
    pub late: usize,
    /// Open and past the due date.
    pub overdue: usize,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Health {
    OnTarget,
    BelowTarget,
    Escalate,
}

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::OnTarget => "on-target",
            Health::BelowTarget => "below-target",
            Health::Escalate => "escalate",
        }
    }
}

/// Days from an item's opening (its Opened column, else the postmortem's
/// date) to its close date, over the done items where both are known.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct DaysToClose {
    /// 1 decimal; null when no item qualifies.
    pub average: Option<f64>,
    pub median: Option<f64>,
    pub items: usize,
}

/// Blame findings: diagnostics at warning or error of every category but
/// `structure` (quoted chat logs are info, so not counted).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Findings {
    pub total: usize,
    pub by_category: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct QuarterStats {
    /// `2026-Q1`, or `undated`.
    pub quarter: String,
    pub postmortems: usize,
    pub by_severity: BTreeMap<String, usize>,
    pub blame_findings: Findings,
    pub blame_findings_per_postmortem: f64,
    /// Items of this quarter's postmortems.
    pub action_items: ItemCounts,
    pub completion: Completion,
    pub days_to_close: DaysToClose,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OverdueItem {
    pub owner: String,
    pub action: String,
    pub priority: Option<String>,
    pub due: String,
    pub days_overdue: i64,
    /// The status as written.
    pub status: Option<String>,
    pub path: String,
    pub postmortem: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OwnerOverdue {
    pub owner: String,
    pub items: usize,
    pub oldest_days: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct MissingSection {
    pub section: String,
    /// `required` or `recommended`.
    pub requirement: String,
    /// Postmortems without it.
    pub missing: usize,
    /// Postmortems where it holds nothing but placeholders (required only).
    pub empty: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct StatusCount {
    pub status: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PostmortemReport {
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    pub quarter: String,
    pub severity: Option<String>,
    pub completeness: Completeness,
    pub blame_findings: Findings,
    pub action_items: ItemCounts,
    pub items: Vec<ActionItem>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Completeness {
    /// Required sections present and non-empty / required sections, 4 decimals.
    pub score: f64,
    pub complete: bool,
    pub required: usize,
    pub present: usize,
    pub missing: Vec<String>,
    pub empty: Vec<String>,
    pub missing_recommended: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActionItem {
    pub action: String,
    pub owner: Option<String>,
    pub priority: Option<String>,
    /// The due date, `YYYY-MM-DD`, when one is readable.
    pub due: Option<String>,
    /// The status as written.
    pub status: Option<String>,
    pub state: State,
    /// Whether a status word recognised the status (false: counted as open).
    pub recognised: bool,
    pub opened: Option<String>,
    pub closed: Option<String>,
    pub days_to_close: Option<i64>,
    /// Days past the due date, for an open item; null otherwise.
    pub days_overdue: Option<i64>,
}

/// One postmortem, read but not yet judged against a date.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub path: String,
    pub facts: structure::Facts,
    pub findings: Findings,
    pub items: Vec<Item>,
}

/// One action item, read.
#[derive(Debug, Clone)]
pub struct Item {
    pub cells: ItemCells,
    pub state: State,
    pub recognised: bool,
    pub due: Option<Date>,
    pub opened: Option<Date>,
    pub closed: Option<Date>,
}

/// Reads one document; `None` when it is not a postmortem.
pub fn analyze(linter: &Linter, path: &str, text: &str, config: &ReportConfig) -> Option<Analysis> {
    analyze_with(linter, path, text, &Statuses::new(config))
}

fn analyze_with(linter: &Linter, path: &str, text: &str, statuses: &Statuses) -> Option<Analysis> {
    let lint = linter.lint(path, text);
    if !lint.is_postmortem {
        return None;
    }
    let mut findings = Findings::default();
    for d in &lint.diagnostics {
        if d.category != STRUCTURE && d.severity >= Severity::Warning {
            findings.total += 1;
            *findings.by_category.entry(d.category.clone()).or_default() += 1;
        }
    }
    let facts = structure::facts(text, &linter.settings.postmortem, &linter.rules);
    let items = facts
        .action_items
        .iter()
        .map(|c| read_item(c, facts.date, statuses))
        .collect();
    Some(Analysis {
        path: path.to_string(),
        facts,
        findings,
        items,
    })
}

fn read_item(cells: &ItemCells, pm_date: Option<Date>, statuses: &Statuses) -> Item {
    let column_date = |names: &[&str]| {
        cells
            .other
            .iter()
            .filter(|(h, _)| status::header_is(h, names))
            .find_map(|(_, v)| status::first_date(v))
    };
    let closed_column = column_date(CLOSED_COLUMNS);
    let (state, recognised) = match (&cells.status, cells.checked) {
        (Some(s), _) => match statuses.classify(s) {
            Some(st) => (st, true),
            None => (State::Open, false),
        },
        (None, Some(true)) => (State::Done, true),
        (None, Some(false)) => (State::Open, true),
        // No status cell: a close date says done.
        (None, None) if closed_column.is_some() => (State::Done, true),
        (None, None) => (State::Open, true),
    };
    let closed = if state == State::Done {
        closed_column
            .or_else(|| cells.status.as_deref().and_then(status::first_date))
            .or_else(|| {
                cells
                    .checked
                    .is_some()
                    .then(|| status::closed_in_text(&cells.action))
                    .flatten()
            })
    } else {
        None
    };
    Item {
        state,
        recognised,
        due: cells.due.as_deref().and_then(status::first_date),
        opened: column_date(OPENED_COLUMNS).or(pm_date),
        closed,
        cells: cells.clone(),
    }
}

/// Reads and aggregates in one go (sequentially; front-ends that want
/// parallelism call [`analyze`] themselves, then [`aggregate`]).
pub fn build(
    linter: &Linter,
    docs: &[(String, String)],
    today: Date,
    config: &ReportConfig,
) -> Report {
    let statuses = Statuses::new(config);
    let analyses = docs
        .iter()
        .filter_map(|(p, t)| analyze_with(linter, p, t, &statuses))
        .collect();
    aggregate(analyses, today, config)
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

fn ratio(n: usize, d: usize, decimals: i32) -> Option<f64> {
    (d > 0).then(|| round(n as f64 / d as f64, decimals))
}

/// `2026-Q1`.
pub fn quarter_of(d: Date) -> String {
    format!("{:04}-Q{}", d.year, d.quarter())
}

/// Running totals for one group of postmortems (all, or one quarter).
#[derive(Default)]
struct Acc {
    postmortems: usize,
    by_severity: BTreeMap<String, usize>,
    findings: Findings,
    items: ItemCounts,
    completion: Completion,
    close_days: Vec<i64>,
}

impl Acc {
    fn add_postmortem(&mut self, severity: &str, findings: &Findings) {
        self.postmortems += 1;
        *self.by_severity.entry(severity.to_string()).or_default() += 1;
        self.findings.total += findings.total;
        for (c, n) in &findings.by_category {
            *self.findings.by_category.entry(c.clone()).or_default() += n;
        }
    }

    fn add_item(&mut self, j: &Judged) {
        self.items.total += 1;
        match j.state {
            State::Done => self.items.done += 1,
            State::Open => self.items.open += 1,
            State::Cancelled => self.items.cancelled += 1,
        }
        if j.days_overdue.is_some() {
            self.items.overdue += 1;
            self.completion.overdue += 1;
        }
        if j.state == State::Done {
            if j.late {
                self.completion.late += 1;
            } else {
                self.completion.on_time += 1;
            }
        }
        if let Some(d) = j.days_to_close {
            self.close_days.push(d);
        }
    }

    fn completion(&self) -> Completion {
        let c = self.completion;
        let eligible = c.on_time + c.late + c.overdue;
        Completion {
            rate: ratio(c.on_time, eligible, 4),
            eligible,
            ..c
        }
    }

    fn days_to_close(&self) -> DaysToClose {
        let n = self.close_days.len();
        if n == 0 {
            return DaysToClose::default();
        }
        let mut v = self.close_days.clone();
        v.sort_unstable();
        let median = if n % 2 == 1 {
            v[n / 2] as f64
        } else {
            (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
        };
        DaysToClose {
            average: Some(round(v.iter().sum::<i64>() as f64 / n as f64, 1)),
            median: Some(round(median, 1)),
            items: n,
        }
    }

    fn per_postmortem(&self) -> f64 {
        ratio(self.findings.total, self.postmortems, 2).unwrap_or(0.0)
    }
}

/// An item judged against today.
struct Judged {
    state: State,
    days_overdue: Option<i64>,
    late: bool,
    days_to_close: Option<i64>,
}

fn judge(item: &Item, today: Date) -> Judged {
    let days_overdue = match (item.state, item.due) {
        (State::Open, Some(due)) if due < today => Some(today.ordinal() - due.ordinal()),
        _ => None,
    };
    let late =
        item.state == State::Done && matches!((item.closed, item.due), (Some(c), Some(d)) if c > d);
    let days_to_close = match (item.state, item.opened, item.closed) {
        (State::Done, Some(o), Some(c)) if c >= o => Some(c.ordinal() - o.ordinal()),
        _ => None,
    };
    Judged {
        state: item.state,
        days_overdue,
        late,
        days_to_close,
    }
}

/// The owner as a grouping key: case-insensitive, without a leading `@`.
fn owner_key(owner: &str) -> String {
    owner.trim().trim_start_matches('@').to_lowercase()
}

/// Turns analyses into the report, judged against `today`.
pub fn aggregate(mut analyses: Vec<Analysis>, today: Date, config: &ReportConfig) -> Report {
    analyses.sort_by(|a, b| a.path.cmp(&b.path));
    let target = config.target.unwrap_or(DEFAULT_TARGET);
    let escalate_below = config.escalate_below.unwrap_or(DEFAULT_ESCALATE_BELOW);
    let mut all = Acc::default();
    let mut quarters: BTreeMap<(bool, String), Acc> = BTreeMap::new();
    let mut overdue = Vec::new();
    // Owner key -> (shown name, items, oldest).
    let mut owners: HashMap<String, (String, usize, i64)> = HashMap::new();
    // (section, requirement) -> (missing, empty, template order hint).
    let mut sections: BTreeMap<(String, &'static str), (usize, usize)> = BTreeMap::new();
    let mut unrecognised: BTreeMap<String, usize> = BTreeMap::new();
    let mut postmortems = Vec::new();
    let mut complete_postmortems = 0;

    for a in &analyses {
        let f = &a.facts;
        let quarter = f.date.map_or_else(|| UNDATED.to_string(), quarter_of);
        let severity = f.severity.as_deref().unwrap_or(UNKNOWN_SEVERITY);
        let q = quarters
            .entry((f.date.is_none(), quarter.clone()))
            .or_default();
        q.add_postmortem(severity, &a.findings);
        all.add_postmortem(severity, &a.findings);

        let mut counts = ItemCounts::default();
        let mut items = Vec::new();
        for item in &a.items {
            let j = judge(item, today);
            all.add_item(&j);
            q.add_item(&j);
            counts.total += 1;
            match j.state {
                State::Done => counts.done += 1,
                State::Open => counts.open += 1,
                State::Cancelled => counts.cancelled += 1,
            }
            let c = &item.cells;
            if let Some(days) = j.days_overdue {
                counts.overdue += 1;
                let owner = c.owner.clone().unwrap_or_else(|| UNASSIGNED.to_string());
                let e = owners
                    .entry(owner_key(&owner))
                    .or_insert_with(|| (owner.clone(), 0, 0));
                e.1 += 1;
                e.2 = e.2.max(days);
                overdue.push(OverdueItem {
                    owner,
                    action: c.action.clone(),
                    priority: c.priority.clone(),
                    due: item.due.map(|d| d.to_string()).unwrap_or_default(),
                    days_overdue: days,
                    status: c.status.clone(),
                    path: a.path.clone(),
                    postmortem: f.title.clone(),
                });
            }
            if !item.recognised {
                if let Some(s) = &c.status {
                    *unrecognised.entry(s.clone()).or_default() += 1;
                }
            }
            items.push(ActionItem {
                action: c.action.clone(),
                owner: c.owner.clone(),
                priority: c.priority.clone(),
                due: item.due.map(|d| d.to_string()),
                status: c.status.clone(),
                state: item.state,
                recognised: item.recognised,
                opened: item.opened.map(|d| d.to_string()),
                closed: item.closed.map(|d| d.to_string()),
                days_to_close: j.days_to_close,
                days_overdue: j.days_overdue,
            });
        }

        for s in &f.missing {
            sections.entry((s.clone(), "required")).or_default().0 += 1;
        }
        for s in &f.empty {
            sections.entry((s.clone(), "required")).or_default().1 += 1;
        }
        for s in &f.missing_recommended {
            sections.entry((s.clone(), "recommended")).or_default().0 += 1;
        }
        let required = f.required.len();
        let present = required.saturating_sub(f.missing.len() + f.empty.len());
        let complete = f.missing.is_empty() && f.empty.is_empty();
        complete_postmortems += usize::from(complete);
        postmortems.push(PostmortemReport {
            path: a.path.clone(),
            title: f.title.clone(),
            date: f.date.map(|d| d.to_string()),
            quarter,
            severity: f.severity.clone(),
            completeness: Completeness {
                score: ratio(present, required, 4).unwrap_or(1.0),
                complete,
                required,
                present,
                missing: f.missing.clone(),
                empty: f.empty.clone(),
                missing_recommended: f.missing_recommended.clone(),
            },
            blame_findings: a.findings.clone(),
            action_items: counts,
            items,
        });
    }

    overdue.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.action.cmp(&b.action))
    });
    let mut overdue_by_owner: Vec<OwnerOverdue> = owners
        .into_values()
        .map(|(owner, items, oldest_days)| OwnerOverdue {
            owner,
            items,
            oldest_days,
        })
        .collect();
    overdue_by_owner.sort_by(|a, b| {
        b.items
            .cmp(&a.items)
            .then(b.oldest_days.cmp(&a.oldest_days))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    let mut missing_sections: Vec<MissingSection> = sections
        .into_iter()
        .map(|((section, req), (missing, empty))| MissingSection {
            section,
            requirement: req.to_string(),
            missing,
            empty,
        })
        .collect();
    missing_sections.sort_by(|a, b| {
        (b.missing + b.empty)
            .cmp(&(a.missing + a.empty))
            .then_with(|| b.requirement.cmp(&a.requirement))
            .then_with(|| a.section.cmp(&b.section))
    });
    let mut unrecognised_statuses: Vec<StatusCount> = unrecognised
        .into_iter()
        .map(|(status, count)| StatusCount { status, count })
        .collect();
    unrecognised_statuses
        .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.status.cmp(&b.status)));

    let completion = all.completion();
    let health = completion.rate.map(|r| {
        if r >= target {
            Health::OnTarget
        } else if r >= escalate_below {
            Health::BelowTarget
        } else {
            Health::Escalate
        }
    });
    let quarters = quarters
        .into_iter()
        .map(|((_, quarter), q)| QuarterStats {
            quarter,
            postmortems: q.postmortems,
            by_severity: q.by_severity.clone(),
            blame_findings_per_postmortem: q.per_postmortem(),
            blame_findings: q.findings.clone(),
            action_items: q.items,
            completion: q.completion(),
            days_to_close: q.days_to_close(),
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        today: today.to_string(),
        target,
        escalate_below,
        summary: Summary {
            postmortems: all.postmortems,
            complete_postmortems,
            action_items: all.items,
            completion,
            health,
            days_to_close: all.days_to_close(),
            blame_findings_per_postmortem: all.per_postmortem(),
            blame_findings: all.findings.clone(),
            by_severity: all.by_severity.clone(),
        },
        quarters,
        overdue,
        overdue_by_owner,
        missing_sections,
        unrecognised_statuses,
        postmortems,
    }
}
