//! Rule packs: loading TOML sources, validating them, and compiling them
//! into one [`RuleSet`] with a shared literal prefilter.

pub mod builtin;
pub mod docs;
pub mod engine;
pub mod spec;

use crate::diagnostic::Severity;
use crate::lexicon::{Lexicon, LexiconSpec};
use crate::subject::SubjectCondition;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};
use spec::{FixSpec, PatternSpec, RuleKind, RuleSpec};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A rule file, or a lexicon, as text plus the name errors should use.
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub source: String,
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule {
            Some(id) => write!(f, "{}: rule `{}`: {}", self.source, id, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for RuleError {}

/// Limits that keep untrusted rule packs from exhausting memory or time.
pub const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;
pub const MAX_RULES: usize = 5_000;
pub const MAX_RULE_FILE_BYTES: usize = 256 * 1024;
const MAX_TOML_DEPTH: usize = 32;

#[derive(Debug)]
pub enum Matcher {
    Phrases(Vec<String>),
    Regex(LazyRegex),
}

/// A rule's regex, compiled on first use: a run over one file needs only the
/// few its prefilter hits lead to, and compiling all of them was most of the
/// CLI's start-up time. User packs are compiled when loaded, so their errors
/// are reported then; the built-in ones are compiled by a test.
#[derive(Debug)]
pub struct LazyRegex {
    source: String,
    case_sensitive: bool,
    compiled: std::sync::OnceLock<Option<Regex>>,
}

impl LazyRegex {
    fn new(source: String, case_sensitive: bool, eager: bool) -> Result<LazyRegex, String> {
        let lazy = LazyRegex {
            source,
            case_sensitive,
            compiled: std::sync::OnceLock::new(),
        };
        if eager {
            let re = compile_regex(&lazy.source, case_sensitive)?;
            let _ = lazy.compiled.set(Some(re));
        }
        Ok(lazy)
    }

    /// The compiled regex; `None` only if a lazily compiled one is invalid,
    /// which the built-in packs' tests rule out.
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| compile_regex(&self.source, self.case_sensitive).ok())
            .as_ref()
    }

    /// Compiles now, with the error `get` hides.
    pub fn check(&self) -> Result<(), String> {
        compile_regex(&self.source, self.case_sensitive).map(|_| ())
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|re| re.is_match(text))
    }
}

#[derive(Debug)]
pub struct Pattern {
    pub matcher: Matcher,
    /// Prefilter literals: the phrases, or one word of each of a regex's
    /// triggers.
    pub literals: Vec<String>,
    /// What starts a match, as written (lowercased): the phrases, or a
    /// regex's triggers. The first scan looks for these.
    pub triggers: Vec<String>,
    /// Groups of literals that must all be present (`requires`).
    pub requires: Vec<Vec<String>>,
    /// `requires`, as prefilter literal ids (filled in by the loader).
    pub(crate) requires_ids: Vec<Vec<usize>>,
    pub subject: SubjectCondition,
    pub first_person: bool,
    pub preceded_by: Option<LazyRegex>,
    pub not_preceded_by: Option<LazyRegex>,
    pub followed_by: Option<LazyRegex>,
    pub not_followed_by: Option<LazyRegex>,
    pub unless: Option<LazyRegex>,
    pub question: bool,
    pub subject_after: bool,
    pub skip_quoted: bool,
    pub not_before_system: bool,
    pub present_tense: bool,
}

#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub kind: RuleKind,
    pub category: String,
    pub language: String,
    pub severity: Severity,
    pub message: String,
    pub explanation: String,
    pub suggestions: Vec<String>,
    pub fix: Option<FixSpec>,
    pub priority: i32,
    pub patterns: Vec<Pattern>,
    pub flag: Vec<String>,
    pub pass: Vec<String>,
    /// The file the rule came from.
    pub source: String,
}

/// Where a prefilter literal leads: a pattern of a rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target {
    pub rule: usize,
    pub pattern: usize,
    /// For phrase patterns the literal *is* the match.
    pub is_phrase: bool,
}

#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    lexicons: BTreeMap<String, Lexicon>,
    pub(crate) prefilter: AhoCorasick,
    /// Only the literals that start a match (not those of `requires`, such
    /// as "on" or ","): blocks without one are never looked at again.
    pub(crate) triggers: AhoCorasick,
    pub(crate) literals: Vec<String>,
    pub(crate) targets: Vec<Vec<Target>>,
    /// Non-rule data files (postmortem templates), by name.
    pub data_files: Vec<RuleSource>,
}

/// Person and system words added on top of the packs' lexicons.
#[derive(Debug, Clone, Default)]
pub struct ExtraTerms {
    pub persons: Vec<String>,
    pub systems: Vec<String>,
}

fn toml_depth(v: &toml::Value) -> usize {
    match v {
        toml::Value::Array(a) => 1 + a.iter().map(toml_depth).max().unwrap_or(0),
        toml::Value::Table(t) => 1 + t.values().map(toml_depth).max().unwrap_or(0),
        _ => 1,
    }
}

fn file_stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.strip_suffix(".toml").unwrap_or(base)
}

fn parent_dir(name: &str) -> Option<&str> {
    let name = name.strip_prefix(builtin::PREFIX).unwrap_or(name);
    let mut parts = name.rsplit(['/', '\\']);
    parts.next();
    parts.next()
}

fn compile_regex(src: &str, case_sensitive: bool) -> Result<Regex, String> {
    RegexBuilder::new(src)
        .case_insensitive(!case_sensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .nest_limit(64)
        .build()
        .map_err(|e| format!("invalid regex `{src}`: {e}"))
}

impl RuleSet {
    /// The packs compiled into the binary, compiled once per process.
    pub fn builtin() -> std::sync::Arc<RuleSet> {
        static BUILTIN: std::sync::OnceLock<std::sync::Arc<RuleSet>> = std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                std::sync::Arc::new(
                    RuleSet::load(builtin::sources(), &ExtraTerms::default())
                        .expect("built-in rules are valid (tested)"),
                )
            })
            .clone()
    }

    /// Built-in packs plus user sources.
    pub fn with_user_sources(
        user: Vec<RuleSource>,
        terms: &ExtraTerms,
    ) -> Result<RuleSet, RuleError> {
        let mut all = builtin::sources();
        all.extend(user);
        RuleSet::load(all, terms)
    }

    pub fn load(sources: Vec<RuleSource>, terms: &ExtraTerms) -> Result<RuleSet, RuleError> {
        let mut lexicons: BTreeMap<String, Lexicon> = BTreeMap::new();
        let mut specs: Vec<(RuleSpec, String)> = Vec::new();
        let mut data_files = Vec::new();
        for src in sources {
            let err = |message: String| RuleError {
                source: src.name.clone(),
                rule: None,
                message,
            };
            if src.text.len() > MAX_RULE_FILE_BYTES {
                return Err(err(format!(
                    "file is larger than {MAX_RULE_FILE_BYTES} bytes"
                )));
            }
            let value: toml::Value =
                toml::from_str(&src.text).map_err(|e| err(toml_error_message(&src.text, &e)))?;
            if toml_depth(&value) > MAX_TOML_DEPTH {
                return Err(err(format!("nesting deeper than {MAX_TOML_DEPTH} levels")));
            }
            let stem = file_stem(&src.name);
            if stem == "lexicon" {
                let spec: LexiconSpec = toml::from_str(&src.text)
                    .map_err(|e| err(toml_error_message(&src.text, &e)))?;
                match lexicons.get_mut(&spec.language) {
                    Some(l) => l.extend(&spec),
                    None => {
                        lexicons.insert(spec.language.clone(), Lexicon::from_spec(&spec));
                    }
                }
                continue;
            }
            if stem.starts_with("template")
                || value.get("id").is_none() && value.get("sections").is_some()
            {
                data_files.push(src);
                continue;
            }
            let spec: RuleSpec = toml::from_str(&src.text).map_err(|e| {
                let rule = value.get("id").and_then(|v| v.as_str()).map(str::to_string);
                RuleError {
                    source: src.name.clone(),
                    rule,
                    message: toml_error_message(&src.text, &e),
                }
            })?;
            specs.push((spec, src.name));
        }
        if specs.len() > MAX_RULES {
            return Err(RuleError {
                source: "rule packs".into(),
                rule: None,
                message: format!("{} rules; at most {MAX_RULES} are allowed", specs.len()),
            });
        }
        for lex in lexicons.values_mut() {
            lex.add_persons(&terms.persons);
            lex.add_systems(&terms.systems);
        }

        let mut rules = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for (spec, source) in specs {
            let rerr = |message: String| RuleError {
                source: source.clone(),
                rule: Some(spec.id.clone()),
                message,
            };
            if spec.id.is_empty()
                || !spec
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(rerr(
                    "id must be non-empty and use only letters, digits, `-` and `_`".into(),
                ));
            }
            if let Some(prev) = seen.insert(spec.id.clone(), source.clone()) {
                // A user rule with a built-in id replaces the built-in one.
                if prev.starts_with("builtin:") {
                    rules.retain(|r: &Rule| r.id != spec.id);
                } else {
                    return Err(rerr(format!("duplicate rule id (also in {prev})")));
                }
            }
            match (spec.kind, spec.patterns.is_empty()) {
                (RuleKind::Pattern, true) => {
                    return Err(rerr("a rule needs at least one [[match]]".into()))
                }
                (RuleKind::Structure, false) => {
                    return Err(rerr(
                        "a `kind = \"structure\"` rule has no [[match]]".into(),
                    ))
                }
                _ => {}
            }
            let language = spec
                .language
                .clone()
                .or_else(|| {
                    parent_dir(&source)
                        .filter(|d| lexicons.contains_key(*d))
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "*".to_string());
            let mut patterns = Vec::new();
            for p in &spec.patterns {
                let eager = !source.starts_with(builtin::PREFIX);
                patterns.push(compile_pattern(p, eager).map_err(&rerr)?);
            }
            rules.push(Rule {
                id: spec.id.clone(),
                kind: spec.kind,
                category: spec.category.clone(),
                language,
                severity: spec.severity,
                message: spec.message.clone(),
                explanation: spec.explanation.clone(),
                suggestions: spec.suggestions.clone(),
                fix: spec.fix.clone(),
                priority: spec.priority,
                patterns,
                flag: spec.flag.clone(),
                pass: spec.pass.clone(),
                source,
            });
        }
        if lexicons.is_empty() {
            lexicons.insert("en".into(), Lexicon::default());
        }

        // One prefilter over every literal of every pattern.
        let mut literal_ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        let mut intern =
            |lit: &str, literals: &mut Vec<String>, targets: &mut Vec<Vec<Target>>| -> usize {
                let key = lit.to_lowercase();
                *literal_ids.entry(key.clone()).or_insert_with(|| {
                    literals.push(key);
                    targets.push(Vec::new());
                    literals.len() - 1
                })
            };
        for (ri, rule) in rules.iter_mut().enumerate() {
            for (pi, pat) in rule.patterns.iter_mut().enumerate() {
                let is_phrase = matches!(pat.matcher, Matcher::Phrases(_));
                pat.requires_ids = pat
                    .requires
                    .iter()
                    .map(|g| {
                        g.iter()
                            .map(|l| intern(l, &mut literals, &mut targets))
                            .collect()
                    })
                    .collect();
                if pat.question {
                    // A question ends with `?`: blocks without one are never parsed for it.
                    pat.requires_ids
                        .push(vec![intern("?", &mut literals, &mut targets)]);
                }
                for lit in &pat.literals {
                    let id = intern(lit, &mut literals, &mut targets);
                    targets[id].push(Target {
                        rule: ri,
                        pattern: pi,
                        is_phrase,
                    });
                }
            }
        }
        let build = |lits: &[&String], kind: Option<AhoCorasickKind>| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .kind(kind)
                .build(lits)
                .map_err(|e| RuleError {
                    source: "rule packs".into(),
                    rule: None,
                    message: format!("prefilter: {e}"),
                })
        };
        // The full prefilter runs only on blocks that have a trigger; a DFA
        // scans them fastest. The trigger scan covers every byte, but with
        // its thousands of variants a DFA would take longer to build than a
        // run over a whole docs folder saves.
        let prefilter = build(
            &literals.iter().collect::<Vec<_>>(),
            Some(AhoCorasickKind::DFA),
        )?;
        let mut trigger_literals: BTreeSet<String> = BTreeSet::new();
        for pat in rules.iter().flat_map(|r| &r.patterns) {
            // A phrase only ever matches as written.
            let phrase = matches!(pat.matcher, Matcher::Phrases(_));
            for t in &pat.triggers {
                if phrase {
                    trigger_literals.insert(t.clone());
                } else {
                    trigger_literals.extend(trigger_variants(t));
                }
            }
        }
        let triggers = build(&trigger_literals.iter().collect::<Vec<_>>(), None)?;
        Ok(RuleSet {
            rules,
            lexicons,
            prefilter,
            triggers,
            literals,
            targets,
            data_files,
        })
    }

    /// Every literal of the prefilter, lowercased (for benchmarks against
    /// a plain literal search such as `rg -F`).
    pub fn prefilter_literals(&self) -> &[String] {
        &self.literals
    }

    /// The triggers and phrases of every pattern as written, one literal
    /// each (what `rules --format triggers` prints, for `rg -F`). The first
    /// scan also looks for their words split by a line break or markup.
    pub fn trigger_literals(&self) -> Vec<String> {
        let all: BTreeSet<&String> = self
            .rules
            .iter()
            .flat_map(|r| &r.patterns)
            .flat_map(|p| &p.triggers)
            .collect();
        all.into_iter().cloned().collect()
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn lexicon(&self, language: &str) -> Option<&Lexicon> {
        self.lexicons.get(language)
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.lexicons.keys().map(String::as_str)
    }

    pub fn categories(&self) -> Vec<&str> {
        let mut c: Vec<&str> = self.rules.iter().map(|r| r.category.as_str()).collect();
        c.sort();
        c.dedup();
        c
    }
}

fn compile_pattern(p: &PatternSpec, eager: bool) -> Result<Pattern, String> {
    let opt = |s: &Option<String>, wrap: fn(&str) -> String| -> Result<Option<LazyRegex>, String> {
        s.as_deref()
            .map(|r| LazyRegex::new(wrap(r), p.case_sensitive, eager))
            .transpose()
    };
    let matcher = match (&p.regex, p.phrases.is_empty()) {
        (Some(_), false) => {
            return Err("a [[match]] has either `phrases` or `regex`, not both".into())
        }
        (None, true) => return Err("a [[match]] needs `phrases` or `regex`".into()),
        (None, false) => {
            if p.phrases.iter().any(|ph| ph.trim().is_empty()) {
                return Err("empty phrase".into());
            }
            Matcher::Phrases(p.phrases.iter().map(|s| s.to_lowercase()).collect())
        }
        (Some(r), true) => {
            if p.triggers.is_empty() || p.triggers.iter().any(|t| t.trim().is_empty()) {
                return Err("a regex [[match]] needs non-empty `triggers`: literals one of which every match contains".into());
            }
            Matcher::Regex(LazyRegex::new(r.clone(), p.case_sensitive, eager)?)
        }
    };
    // A regex's `\s+` also matches a line break, which a literal "due to"
    // would miss in a wrapped paragraph: the prefilter keeps one word of a
    // multi-word trigger, so it stays sound. The longest word is the best
    // cheap guess at the rarest ("to blame" -> "blame").
    let first_word = |t: &String| {
        let words = t.split_whitespace();
        words
            .rev()
            .max_by_key(|w| w.chars().count())
            .unwrap_or(t)
            .to_lowercase()
    };
    let literals = if p.phrases.is_empty() {
        p.triggers.iter().map(first_word).collect()
    } else {
        p.phrases.iter().map(|t| t.to_lowercase()).collect()
    };
    if p.requires
        .iter()
        .any(|g| g.is_empty() || g.iter().any(|l| l.trim().is_empty()))
    {
        return Err("`requires` groups must be non-empty lists of non-empty literals".into());
    }
    Ok(Pattern {
        matcher,
        literals,
        requires: p
            .requires
            .iter()
            .map(|g| g.iter().map(first_word).collect())
            .collect(),
        triggers: if p.phrases.is_empty() {
            &p.triggers
        } else {
            &p.phrases
        }
        .iter()
        .map(|t| t.to_lowercase())
        .collect(),
        requires_ids: Vec::new(),
        subject: p.subject,
        first_person: p.first_person,
        preceded_by: opt(&p.preceded_by, |r| format!("(?:{r})\\s*$"))?,
        not_preceded_by: opt(&p.not_preceded_by, |r| format!("(?:{r})\\s*$"))?,
        followed_by: opt(&p.followed_by, |r| format!("^\\s*(?:{r})"))?,
        not_followed_by: opt(&p.not_followed_by, |r| format!("^\\s*(?:{r})"))?,
        unless: opt(&p.unless, |r| r.to_string())?,
        question: p.question,
        subject_after: p.subject_after,
        skip_quoted: p.skip_quoted,
        not_before_system: p.not_before_system,
        present_tense: p.present_tense,
    })
}

/// The literals the first scan looks for to find a regex trigger: the
/// trigger with single spaces, and, since a regex's `\s+` also spans a line
/// break and masking turns markup into spaces, each prefix of its words
/// followed by anything but a space and a word ("due\n  to", "due **to**").
fn trigger_variants(trigger: &str) -> Vec<String> {
    let words: Vec<&str> = trigger.split_whitespace().collect();
    let mut out = vec![words.join(" ")];
    let not_word = (0u8..128)
        .filter(|b| !b.is_ascii_alphanumeric() && *b != b'_')
        .map(char::from)
        .chain(['\u{a0}']);
    for k in 1..words.len() {
        let prefix = words[..k].join(" ");
        for c in not_word.clone() {
            if c != ' ' {
                out.push(format!("{prefix}{c}"));
            }
            out.push(format!("{prefix} {c}"));
        }
    }
    out
}

/// A TOML error with its line and column, 1-based.
pub fn toml_error_message(text: &str, e: &toml::de::Error) -> String {
    match e.span() {
        Some(span) => {
            let idx = crate::line_index::LineIndex::new(text);
            let lc = idx.line_col(text, span.start, crate::line_index::ColumnUnit::Char);
            format!(
                "line {}, column {}: {}",
                lc.line + 1,
                lc.col + 1,
                crate::config::toml_message(text, e)
            )
        }
        None => crate::config::toml_message(text, e),
    }
}
