//! Postmortem structure checks: which files are postmortems, and whether a
//! postmortem is complete (sections, metadata, action items, timeline,
//! Five Whys). Driven by the template in `rules/templates/postmortem.toml`
//! (or a team's own, plus `[postmortem]` config); each rule's doc lives in
//! `rules/structure/<id>.toml`.
//!
//! All structure rules use the category `structure`, so
//! `ignore = ["structure"]` turns them all off.
//!
//! | rule | default | what |
//! |---|---|---|
//! | `missing-section` | warning | a required section is missing |
//! | `missing-section-recommended` | info | a recommended section is missing |
//! | `empty-section` | warning | a required section holds only placeholders |
//! | `metadata-missing` | warning | Date / Duration / Severity / Incident Commander missing or a placeholder |
//! | `metadata-invalid` | warning | a metadata value is not a date, duration or known severity |
//! | `action-items-no-table` | warning | Action Items is neither a table nor a task list |
//! | `action-item-missing-owner` | warning | no owner, or a placeholder owner |
//! | `action-item-missing-priority` | warning | no priority, or not one of P0-P3 |
//! | `action-item-missing-due-date` | warning | no due date, or a placeholder |
//! | `action-item-invalid-due-date` | error | not ISO `YYYY-MM-DD`, or not on the calendar |
//! | `action-item-due-before-incident` | warning | due before the postmortem's date |
//! | `action-item-missing-status` | info | no status |
//! | `action-item-not-systemic` | warning | the action only asks people to do better |
//! | `timeline-out-of-order` | warning | an entry earlier than the one before it |
//! | `timeline-no-timezone` | warning | no time zone stated |
//! | `five-whys-person-root-cause` | warning | the last "why" ends at a person |

pub mod action_items;
pub mod dates;
pub mod detect;
pub mod five_whys;
pub mod metadata;
pub mod outline;
pub mod sections;
pub mod skeleton;
pub mod template;
pub mod timeline;

use crate::config::PostmortemConfig;
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::RuleSet;
use outline::Outline;
use std::ops::Range;

pub use skeleton::new_postmortem;
pub use template::{load as load_template, Template, TemplateError};

/// The category of every structure rule.
pub const CATEGORY: &str = "structure";

/// Whether `path`/`text` is a postmortem (structure rules run only on those).
pub fn is_postmortem(path: &str, text: &str, config: &PostmortemConfig) -> bool {
    detect::is_postmortem(path, text, config)
}

/// Structure diagnostics for a postmortem.
pub fn check(
    _path: &str,
    text: &str,
    config: &PostmortemConfig,
    rules: &RuleSet,
    memo: Option<&mut outline::OutlineMemo>,
) -> Vec<Diagnostic> {
    let template = template::resolve(rules, config);
    let outline = Outline::with_memo(text, &template, memo);
    let mut cx = Ctx {
        text,
        template: &template,
        outline: &outline,
        rules,
        out: Vec::new(),
    };
    let meta = metadata::check(&mut cx);
    let empty = sections::check(&mut cx);
    action_items::check(&mut cx, meta.date, &empty);
    timeline::check(&mut cx, meta.has_timezone);
    five_whys::check(&mut cx);
    cx.out
}

/// What a postmortem says about itself, for reports (`crate::report`).
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The title heading (or first line), emphasis stripped.
    pub title: String,
    /// The incident date from the metadata, when valid.
    pub date: Option<dates::Date>,
    /// The severity as the template spells it, when valid.
    pub severity: Option<String>,
    /// Titles of the template's required sections.
    pub required: Vec<String>,
    /// Required sections that are missing.
    pub missing: Vec<String>,
    /// Recommended sections that are missing.
    pub missing_recommended: Vec<String>,
    /// Required sections present but empty or only placeholders.
    pub empty: Vec<String>,
    pub action_items: Vec<action_items::ItemCells>,
}

/// Reads a postmortem's metadata, sections and Action Items with the same
/// parsers and template the structure checks use.
pub fn facts(text: &str, config: &PostmortemConfig, rules: &RuleSet) -> Facts {
    let template = template::resolve(rules, config);
    let outline = Outline::new(text, &template);
    let mut cx = Ctx {
        text,
        template: &template,
        outline: &outline,
        rules,
        out: Vec::new(),
    };
    let meta = metadata::check(&mut cx);
    let empty = sections::check(&mut cx);
    let (missing, missing_recommended) = sections::missing(&template, &outline);
    let titles = |v: &[usize]| -> Vec<String> {
        v.iter()
            .map(|&i| template.sections[i].title.clone())
            .collect()
    };
    Facts {
        title: template::strip_emphasis(&text[outline.title_span.clone()])
            .trim_start_matches('#')
            .trim()
            .to_string(),
        date: meta.date,
        severity: meta.severity,
        required: template
            .sections
            .iter()
            .filter(|s| s.requirement == crate::config::Requirement::Required)
            .map(|s| s.title.clone())
            .collect(),
        missing: titles(&missing),
        missing_recommended: titles(&missing_recommended),
        empty: titles(&empty),
        action_items: action_items::items(text, &template, &outline),
    }
}

/// What the checks share.
pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub template: &'a Template,
    pub outline: &'a Outline<'a>,
    pub rules: &'a RuleSet,
    pub out: Vec<Diagnostic>,
}

impl Ctx<'_> {
    pub fn severity(&self, id: &str, default: Severity) -> Severity {
        self.rules.rule(id).map_or(default, |r| r.severity)
    }

    pub fn push(&mut self, id: &str, default: Severity, message: String, span: Range<usize>) {
        self.push_with(id, self.severity(id, default), message, span, None);
    }

    pub fn push_with(
        &mut self,
        id: &str,
        severity: Severity,
        message: String,
        span: Range<usize>,
        fix: Option<Fix>,
    ) {
        let suggestions = self
            .rules
            .rule(id)
            .map(|r| r.suggestions.clone())
            .unwrap_or_default();
        self.out.push(Diagnostic {
            rule: id.to_string(),
            category: CATEGORY.to_string(),
            severity,
            message,
            span,
            suggestions,
            fix,
        });
    }
}

/// The line ending the document uses.
pub(crate) fn eol(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// "A", "A and B", "A, B and C".
pub(crate) fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}
