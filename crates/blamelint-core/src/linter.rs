//! The entry point front-ends call: text in, diagnostics out.

use crate::config::{Config, PostmortemConfig};
use crate::diagnostic::{Diagnostic, Severity};
use crate::line_index::LineIndex;
use crate::markdown::blocks::front_matter;
use crate::rules::engine::{self, Scope};
use crate::rules::{Rule, RuleSet};
use crate::structure;
use crate::suppress::{parse_comments, Directive, Suppressions};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a config decides about a run, resolved once per config.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub language: Option<String>,
    pub postmortem: PostmortemConfig,
}

impl Settings {
    pub fn from_config(c: &Config) -> Settings {
        Settings {
            select: c.select.clone(),
            ignore: c.ignore.clone(),
            severity: c.severity.iter().map(|(k, v)| (k.clone(), v.0)).collect(),
            language: c.language.clone(),
            postmortem: c.postmortem.clone(),
        }
    }

    /// ruff's precedence: a rule id beats a category, ignore beats select at
    /// the same level.
    pub fn is_enabled(&self, id: &str, category: &str) -> bool {
        let has = |list: &[String], name: &str| list.iter().any(|x| x == name);
        if has(&self.ignore, id) {
            return false;
        }
        if has(&self.select, id) {
            return true;
        }
        if has(&self.ignore, category) {
            return false;
        }
        self.select.is_empty() || has(&self.select, category) || has(&self.select, "all")
    }

    pub fn severity_for(&self, id: &str, category: &str, default: Severity) -> Severity {
        self.severity
            .get(id)
            .or_else(|| self.severity.get(category))
            .copied()
            .unwrap_or(default)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    Markdown,
    PlainText,
}

impl FileKind {
    pub fn from_path(path: &str) -> FileKind {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".txt") || lower.ends_with(".text") {
            FileKind::PlainText
        } else {
            FileKind::Markdown
        }
    }
}

#[derive(Debug, Clone)]
pub struct LintResult {
    pub diagnostics: Vec<Diagnostic>,
    pub language: String,
    pub is_postmortem: bool,
}

#[derive(Debug, Clone)]
pub struct Linter {
    pub rules: Arc<RuleSet>,
    pub settings: Settings,
}

struct DocScope<'a> {
    settings: &'a Settings,
    languages: Vec<String>,
}

impl Scope for DocScope<'_> {
    fn enabled(&self, rule: &Rule) -> bool {
        self.settings.is_enabled(&rule.id, &rule.category)
    }
    fn languages(&self, _unit_text: &str) -> Vec<String> {
        self.languages.clone()
    }
}

impl Linter {
    pub fn new(rules: Arc<RuleSet>, settings: Settings) -> Linter {
        Linter { rules, settings }
    }

    /// The built-in packs with default settings.
    pub fn builtin() -> Linter {
        Linter::new(RuleSet::builtin(), Settings::default())
    }

    /// Lints `text`; `path` decides Markdown vs plain text and whether the
    /// file is a postmortem. Never panics on any input.
    pub fn lint(&self, path: &str, text: &str) -> LintResult {
        let kind = FileKind::from_path(path);
        let markdown = kind == FileKind::Markdown;
        let comments = parse_comments(text, markdown);
        let language = self.document_language(text, markdown, &comments);
        let scope = DocScope {
            settings: &self.settings,
            languages: vec![language.clone()],
        };
        let mut diagnostics = engine::find(&self.rules, text, markdown, &scope);
        let is_postmortem =
            markdown && structure::is_postmortem(path, text, &self.settings.postmortem);
        if is_postmortem {
            diagnostics.extend(
                structure::check(path, text, &self.settings.postmortem, &self.rules)
                    .into_iter()
                    .filter(|d| self.settings.is_enabled(&d.rule, &d.category)),
            );
        }
        if !comments.is_empty() {
            let index = LineIndex::new(text);
            let sup = Suppressions::new(&comments, &index);
            diagnostics.retain(|d| !sup.is_suppressed(&d.rule, &d.category, d.span.start));
        }
        for d in &mut diagnostics {
            d.severity = self.settings.severity_for(&d.rule, &d.category, d.severity);
        }
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        LintResult {
            diagnostics,
            language,
            is_postmortem,
        }
    }

    fn document_language(
        &self,
        text: &str,
        markdown: bool,
        comments: &[crate::suppress::Comment],
    ) -> String {
        let known = |l: &str| self.rules.lexicon(l).is_some();
        for c in comments {
            if let Directive::Language(l) = &c.directive {
                if known(l) {
                    return l.clone();
                }
            }
        }
        if markdown {
            if let Some(fm) = front_matter(text) {
                for line in text[fm].lines() {
                    if let Some((k, v)) = line.split_once(':') {
                        let k = k.trim();
                        let v = v.trim().trim_matches(['"', '\'']).to_lowercase();
                        if (k == "lang" || k == "language") && known(&v) {
                            return v;
                        }
                    }
                }
            }
        }
        match self.settings.language.as_deref() {
            Some(l) if known(l) => l.to_string(),
            _ => "en".to_string(),
        }
    }
}
