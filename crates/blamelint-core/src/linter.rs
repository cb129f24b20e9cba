//! The entry point front-ends call: text in, diagnostics out.

use crate::config::{Config, PostmortemConfig};
use crate::diagnostic::{Diagnostic, Severity};
use crate::language::LanguageDetector;
use crate::line_index::LineIndex;
use crate::markdown::blocks::front_matter;
use crate::rules::engine::{self, BlockMemo, Scope, UnitText};
use crate::rules::{Rule, RuleSet};
use crate::structure;
use crate::suppress::{parse_comments, Directive, Suppressions};
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The config value that asks for detection, like leaving `language` unset.
pub const AUTO_LANGUAGE: &str = "auto";
/// The language detection falls back to when unsure, if the packs have it.
pub const DEFAULT_LANGUAGE: &str = "en";

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
    /// The document's language: the declared one, else the one detected on
    /// a sample of its prose, else the default (`en`). Detection only runs
    /// for documents with prose that a rule could flag; others report the
    /// default. Paragraphs may still be linted in another language (see
    /// [`LintResult::language_declared`]).
    pub language: String,
    /// True when the language came from the comment, front matter or
    /// config; then every paragraph is linted in it.
    pub language_declared: bool,
    pub is_postmortem: bool,
}

#[derive(Debug, Clone)]
pub struct Linter {
    pub rules: Arc<RuleSet>,
    pub settings: Settings,
}

/// The rules of a document, and the language of each of its units.
///
/// A declared language applies to every unit. Otherwise only a unit whose
/// prefilter hits lead to rules of two or more languages is detected (the
/// packs rarely share trigger words, so most units need no detection): on
/// its own text; when that is unsure (short, mixed), on the text of its block
/// (a list, a table: cached per block); when that is unsure too, every
/// candidate pack runs on it, the document's language first. Overlapping
/// findings are deduplicated.
struct DocScope<'a> {
    settings: &'a Settings,
    declared: Option<String>,
    rules: &'a RuleSet,
    /// Built on first use: most documents never need it.
    detector: OnceCell<Option<LanguageDetector>>,
    text: &'a str,
    markdown: bool,
    /// The language to use when nothing else is known.
    default: String,
    document: OnceCell<String>,
    blocks: RefCell<HashMap<usize, Option<String>>>,
    /// Whether any unit had prefilter hits (then the document's language is
    /// worth detecting for the result).
    asked: Cell<bool>,
}

impl DocScope<'_> {
    fn detector(&self) -> Option<&LanguageDetector> {
        self.detector
            .get_or_init(|| LanguageDetector::new(self.rules))
            .as_ref()
    }

    fn document_language(&self) -> &str {
        if let Some(l) = &self.declared {
            return l;
        }
        self.document.get_or_init(|| {
            self.detector()
                .and_then(|d| d.detect_document(self.text, self.markdown))
                .unwrap_or(&self.default)
                .to_string()
        })
    }
}

impl Scope for DocScope<'_> {
    fn enabled(&self, rule: &Rule) -> bool {
        self.settings.is_enabled(&rule.id, &rule.category)
    }
    fn languages(&self, unit: &UnitText) -> Vec<String> {
        self.asked.set(true);
        if let Some(l) = &self.declared {
            return vec![l.clone()];
        }
        if unit.candidates.is_empty() {
            // Only rules of every language: they use the document's lexicon.
            return vec![self.document_language().to_string()];
        }
        if unit.candidates.len() == 1 {
            return vec![unit.candidates[0].to_string()];
        }
        let pick = |l: &str| {
            if unit.candidates.contains(&l) {
                vec![l.to_string()]
            } else {
                Vec::new()
            }
        };
        if let Some(detector) = self.detector() {
            if let Some(l) = detector.detect(unit.text) {
                return pick(l);
            }
            if unit.block.len() > unit.text.len() {
                let mut cache = self.blocks.borrow_mut();
                let found = cache
                    .entry(unit.block_start)
                    .or_insert_with(|| detector.detect(unit.block).map(str::to_string));
                if let Some(l) = found {
                    return pick(l);
                }
            }
        }
        // Unsure: every candidate pack, the document's language first.
        let doc = self.document_language();
        let mut all: Vec<String> = unit
            .candidates
            .iter()
            .filter(|l| **l == doc)
            .map(|l| l.to_string())
            .collect();
        all.extend(
            unit.candidates
                .iter()
                .filter(|l| **l != doc)
                .map(|l| l.to_string()),
        );
        all
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
        self.lint_inner(path, text, None)
    }

    /// [`Linter::lint`] for a document that is linted again and again (an
    /// editor buffer): blocks that did not change since the last call reuse
    /// their findings from `memo`. Same result as `lint`.
    pub fn lint_incremental(&self, path: &str, text: &str, memo: &mut BlockMemo) -> LintResult {
        self.lint_inner(path, text, Some(memo))
    }

    fn lint_inner(&self, path: &str, text: &str, memo: Option<&mut BlockMemo>) -> LintResult {
        let kind = FileKind::from_path(path);
        let markdown = kind == FileKind::Markdown;
        let comments = parse_comments(text, markdown);
        let declared = self.declared_language(text, markdown, &comments);
        let default = if self.rules.lexicon(DEFAULT_LANGUAGE).is_some() {
            DEFAULT_LANGUAGE.to_string()
        } else {
            self.rules
                .languages()
                .next()
                .unwrap_or(DEFAULT_LANGUAGE)
                .to_string()
        };
        let scope = DocScope {
            settings: &self.settings,
            declared,
            rules: &self.rules,
            detector: OnceCell::new(),
            text,
            markdown,
            default,
            document: OnceCell::new(),
            blocks: RefCell::new(HashMap::new()),
            asked: Cell::new(false),
        };
        let mut outline_memo = None;
        let mut diagnostics = match memo {
            Some(m) => {
                // Findings depend on the rules, the settings and the
                // languages in play; a change to any of them empties the memo.
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                (Arc::as_ptr(&self.rules) as usize).hash(&mut h);
                format!("{:?}", self.settings).hash(&mut h);
                markdown.hash(&mut h);
                scope.declared.hash(&mut h);
                if scope.declared.is_none() && self.rules.languages().nth(1).is_some() {
                    scope.document_language().hash(&mut h);
                }
                m.set_context(h.finish());
                let found = engine::find_memo(&self.rules, text, markdown, &scope, Some(&mut *m));
                outline_memo = Some(&mut m.outline);
                found
            }
            None => engine::find(&self.rules, text, markdown, &scope),
        };
        let is_postmortem =
            markdown && structure::is_postmortem(path, text, &self.settings.postmortem);
        if is_postmortem {
            diagnostics.extend(
                structure::check(
                    path,
                    text,
                    &self.settings.postmortem,
                    &self.rules,
                    outline_memo,
                )
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
            language: if scope.asked.get() {
                scope.document_language().to_string()
            } else {
                scope
                    .declared
                    .clone()
                    .unwrap_or_else(|| scope.default.clone())
            },
            language_declared: scope.declared.is_some(),
            is_postmortem,
        }
    }

    /// The language the document declares: the comment, then front matter
    /// (`lang:` / `language:`), then the config. A language no pack has, and
    /// `auto`, declare nothing.
    fn declared_language(
        &self,
        text: &str,
        markdown: bool,
        comments: &[crate::suppress::Comment],
    ) -> Option<String> {
        let known = |l: &str| self.rules.lexicon(l).is_some();
        // "nl-BE", "en_GB": the pack is the language, not the region.
        let base = |l: &str| l.split(['-', '_']).next().unwrap_or(l).to_lowercase();
        for c in comments {
            if let Directive::Language(l) = &c.directive {
                let l = base(l);
                if known(&l) {
                    return Some(l);
                }
            }
        }
        if markdown {
            if let Some(fm) = front_matter(text) {
                for line in text[fm].lines() {
                    if let Some((k, v)) = line.split_once(':') {
                        let k = k.trim();
                        let v = base(v.trim().trim_matches(['"', '\'']));
                        if (k == "lang" || k == "language") && known(&v) {
                            return Some(v);
                        }
                    }
                }
            }
        }
        self.settings
            .language
            .as_deref()
            .filter(|l| *l != AUTO_LANGUAGE && known(l))
            .map(str::to_string)
    }
}
