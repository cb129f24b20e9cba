//! Runs a compiled [`RuleSet`] over a document: prefilter, then parse only
//! the blocks with hits, then match sentence by sentence.

use super::{Matcher, Pattern, Rule, RuleSet};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::lexicon::Lexicon;
use crate::markdown::blocks::{split_blocks, Block, BlockKind};
use crate::markdown::prose::{is_plain, mask_block, Focus, MaskedBlock, Unit, UnitKind};
use crate::markdown::rough::rough_mask;
use crate::memo::{block_key, BlockCache};
use crate::subject::{
    opens_sentence, subject_after, subject_of_match, subject_of_span, system_follows, Subject,
};
use crate::text::{in_quotes, sentences, tokenize, Token};
use std::cell::Cell;
use std::ops::Range;

/// A prose sentence handed to the rules.
pub struct Sentence<'a> {
    /// Masked text of the sentence.
    pub text: &'a str,
    /// Absolute offset of `text` in the document.
    pub offset: usize,
    pub unit: &'a Unit,
    /// Masked text of the whole unit, and where `text` starts in it: a
    /// quotation may span several sentences.
    pub unit_text: &'a str,
    pub in_unit: usize,
}

/// The masked text of the block a unit is in, and the block's offset.
#[derive(Debug, Clone, Copy)]
struct BlockText<'a> {
    text: &'a str,
    start: usize,
}

/// What a [`Scope`] is told about a unit of prose to pick its languages.
#[derive(Debug, Clone, Copy)]
pub struct UnitText<'a> {
    /// Masked text of the unit.
    pub text: &'a str,
    /// Masked text of the block the unit is in (a paragraph, a list, a
    /// table), and the block's offset in the document: a key for caching
    /// per block.
    pub block: &'a str,
    pub block_start: usize,
    /// The languages of the enabled rules the unit's prefilter hits lead to
    /// (whose `requires` hold in the unit); rules of every language (`*`)
    /// are left out. With fewer than two there is nothing to choose.
    pub candidates: &'a [&'a str],
}

/// Which rules run, and in which language each unit of prose is.
pub trait Scope {
    fn enabled(&self, rule: &Rule) -> bool;
    /// Languages whose rules run on this unit, the first one also for rules
    /// of every language. Asked only for units with prefilter hits.
    fn languages(&self, unit: &UnitText) -> Vec<String>;
}

/// Prefilter hits in `text[range]`, with offsets into `text`.
fn literal_hits(set: &RuleSet, text: &str, range: Range<usize>) -> Vec<(usize, Range<usize>)> {
    let base = range.start;
    let mut hits: Vec<(usize, Range<usize>)> = set
        .prefilter
        .find_overlapping_iter(&text[range])
        // A literal that starts with a letter starts a word: "his" does
        // not fire inside "this" (but "'ve" still fires in "should've").
        .filter(|m| {
            !set.literals[m.pattern().as_usize()].starts_with(|c: char| c.is_alphanumeric())
                || !text[..base + m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|m| (m.pattern().as_usize(), base + m.start()..base + m.end()))
        .collect();
    hits.sort_by_key(|(_, r)| r.start);
    hits
}

/// True when the document contains at least one literal of the packs: the
/// cheap test that lets callers skip parsing entirely.
pub fn has_candidates(set: &RuleSet, text: &str) -> bool {
    set.triggers.find_overlapping_iter(text).next().is_some()
}

/// Blocks are linted as plain prose units when the document is not Markdown.
/// Findings per block from earlier runs over the same document, so that an
/// edit re-lints only the blocks it touched (the language server keeps one
/// per open document). A block's findings depend only on its text and on
/// the scope, which the owner keys with `context`.
#[derive(Debug, Default)]
pub struct BlockMemo {
    context: u64,
    /// Findings with spans relative to the block's start.
    findings: BlockCache<Vec<Diagnostic>>,
    /// Each block's part of the outline, for the structure checks (which do
    /// not depend on the scope).
    pub(crate) outline: crate::structure::outline::OutlineMemo,
}

impl BlockMemo {
    /// Forgets the findings when the scope changed (config, languages).
    pub fn set_context(&mut self, context: u64) {
        if self.context != context {
            self.findings.clear();
            self.context = context;
        }
    }

    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn shifted(diags: &[Diagnostic], by: isize) -> impl Iterator<Item = Diagnostic> + '_ {
    let mv = move |x: usize| (x as isize + by) as usize;
    diags.iter().map(move |d| {
        let mut d = d.clone();
        d.span = mv(d.span.start)..mv(d.span.end);
        if let Some(f) = &mut d.fix {
            for e in &mut f.edits {
                e.range = mv(e.range.start)..mv(e.range.end);
            }
        }
        d
    })
}

pub fn find(set: &RuleSet, text: &str, markdown: bool, scope: &dyn Scope) -> Vec<Diagnostic> {
    find_memo(set, text, markdown, scope, None)
}

/// [`find`], reusing and refreshing the findings of unchanged blocks.
pub fn find_memo(
    set: &RuleSet,
    text: &str,
    markdown: bool,
    scope: &dyn Scope,
    mut memo: Option<&mut BlockMemo>,
) -> Vec<Diagnostic> {
    if let Some(m) = memo.as_deref_mut() {
        m.findings.begin();
    }
    let out = find_inner(set, text, markdown, scope, memo.as_deref_mut());
    if let Some(m) = memo {
        m.findings.finish();
    }
    out
}

fn find_inner(
    set: &RuleSet,
    text: &str,
    markdown: bool,
    scope: &dyn Scope,
    mut memo: Option<&mut BlockMemo>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if markdown {
        // Two scans: one for the literals that start a match, over the whole
        // text; then, only in blocks that have one, one for every literal
        // (`requires` words such as "on" or "," are everywhere). With a
        // memo, unchanged blocks are not even scanned.
        let starts: Vec<usize> = if memo.is_some() {
            Vec::new()
        } else {
            let mut s: Vec<usize> = set
                .triggers
                .find_overlapping_iter(text)
                .map(|m| m.start())
                .collect();
            if s.is_empty() {
                return Vec::new();
            }
            s.sort_unstable();
            s
        };
        let mut next_start = 0;
        for block in split_blocks(text) {
            if block.kind != BlockKind::Prose {
                continue;
            }
            let key = memo
                .as_ref()
                .map(|_| block_key(&text[block.range.clone()], block.continues_list));
            if let (Some(m), Some(k)) = (memo.as_deref_mut(), key) {
                if let Some(found) = m.findings.get(k) {
                    out.extend(shifted(found, block.range.start as isize));
                    continue;
                }
            }
            let triggered = if memo.is_some() {
                has_candidates(set, &text[block.range.clone()])
            } else {
                while next_start < starts.len() && starts[next_start] < block.range.start {
                    next_start += 1;
                }
                starts.get(next_start).is_some_and(|&s| s < block.range.end)
            };
            let found = if triggered {
                lint_block(set, text, &block, scope)
            } else {
                Vec::new()
            };
            if let (Some(m), Some(k)) = (memo.as_deref_mut(), key) {
                m.findings
                    .insert(k, shifted(&found, -(block.range.start as isize)).collect());
            }
            out.extend(found);
        }
    } else {
        // Plain text: paragraphs separated by blank lines.
        let hits = literal_hits(set, text, 0..text.len());
        if hits.is_empty() {
            return Vec::new();
        }
        let hits = &hits[..];
        let mut start = 0;
        for para in text.split_inclusive('\n').scan(0usize, |pos, line| {
            let r = *pos..*pos + line.len();
            *pos += line.len();
            Some(r)
        }) {
            let line = &text[para.clone()];
            if line.trim().is_empty() {
                if start < para.start {
                    plain_unit(set, text, start..para.start, hits, scope, &mut out);
                }
                start = para.end;
            }
        }
        if start < text.len() {
            plain_unit(set, text, start..text.len(), hits, scope, &mut out);
        }
    }
    dedupe(set, out)
}

/// The findings of one prose block that has a trigger.
fn lint_block(set: &RuleSet, text: &str, block: &Block, scope: &dyn Scope) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let hits = literal_hits(set, text, block.range.clone());
    if hits.is_empty() || !worth_parsing(set, &hits, scope) {
        return out;
    }
    if !is_plain(&text[block.range.clone()], block.continues_list) && !EXACT.with(Cell::get) {
        // Parsing costs far more than linting: lint a rough masking first,
        // and parse only blocks where it finds something.
        let rough = rough_mask(text, block.range.clone());
        lint_units(set, text, &rough, &hits, scope, &mut out);
        if out.is_empty() {
            return out;
        }
        out.clear();
    }
    let starts: Vec<usize> = hits.iter().map(|(_, r)| r.start).collect();
    let masked = mask_block(
        text,
        block.range.clone(),
        block.continues_list,
        Focus::Hits(&starts),
    );
    lint_units(set, text, &masked, &hits, scope, &mut out);
    out
}

thread_local! {
    static EXACT: Cell<bool> = const { Cell::new(false) };
}

/// Turns off (`true`) or on the rough pre-check that spares most blocks a
/// parse, on this thread. For tests that check the pre-check changes no
/// result; not for callers.
#[doc(hidden)]
pub fn set_exact(exact: bool) {
    EXACT.with(|e| e.set(exact));
}

fn lint_units(
    set: &RuleSet,
    text: &str,
    masked: &MaskedBlock,
    hits: &[(usize, Range<usize>)],
    scope: &dyn Scope,
    out: &mut Vec<Diagnostic>,
) {
    for unit in &masked.units {
        let rel = (unit.range.start - masked.offset)..(unit.range.end - masked.offset);
        lint_unit(
            set,
            text,
            &masked.masked[rel],
            unit,
            hits,
            scope,
            BlockText {
                text: &masked.masked,
                start: masked.offset,
            },
            out,
        );
    }
}

/// Whether any pattern a hit leads to has all of its `requires` groups
/// among the block's hits. Masking only removes text, so a block that fails
/// this cannot produce a finding, and it is never parsed.
fn worth_parsing(set: &RuleSet, block_hits: &[(usize, Range<usize>)], scope: &dyn Scope) -> bool {
    // Distinct ids, looked up by binary search: scanning the hits for each
    // hit was quadratic in a block with many of them (a 100,000-row table).
    let ids = literal_ids(block_hits.iter());
    let present = |id: usize| ids.binary_search(&id).is_ok();
    ids.iter().any(|lit| {
        set.targets[*lit].iter().any(|t| {
            let rule = &set.rules[t.rule];
            scope.enabled(rule)
                && rule.patterns[t.pattern]
                    .requires_ids
                    .iter()
                    .all(|group| group.iter().any(|&id| present(id)))
        })
    })
}

fn plain_unit(
    set: &RuleSet,
    text: &str,
    range: Range<usize>,
    hits: &[(usize, Range<usize>)],
    scope: &dyn Scope,
    out: &mut Vec<Diagnostic>,
) {
    let unit = Unit {
        kind: UnitKind::Paragraph,
        range: range.clone(),
        quote_depth: 0,
    };
    let block = BlockText {
        text: &text[range.clone()],
        start: range.start,
    };
    lint_unit(set, text, &text[range], &unit, hits, scope, block, out);
}

/// The distinct literal ids among `hits`, sorted.
fn literal_ids<'a>(hits: impl Iterator<Item = &'a (usize, Range<usize>)>) -> Vec<usize> {
    let mut ids: Vec<usize> = hits.map(|(l, _)| *l).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The hits (sorted by start) that start inside `range`.
fn hits_within<T: std::borrow::Borrow<(usize, Range<usize>)>>(
    hits: &[T],
    range: Range<usize>,
) -> &[T] {
    let lo = hits.partition_point(|h| h.borrow().1.start < range.start);
    let hi = hits.partition_point(|h| h.borrow().1.start < range.end);
    &hits[lo..hi.max(lo)]
}

#[allow(clippy::too_many_arguments)]
fn lint_unit(
    set: &RuleSet,
    doc: &str,
    unit_text: &str,
    unit: &Unit,
    hits: &[(usize, Range<usize>)],
    scope: &dyn Scope,
    block: BlockText,
    out: &mut Vec<Diagnostic>,
) {
    // `hits` is sorted by start: slice out the unit's instead of scanning them
    // all per unit, which was quadratic in a 100,000-row table.
    let in_unit: Vec<&(usize, Range<usize>)> = hits_within(hits, unit.range.clone())
        .iter()
        .filter(|(_, r)| r.end <= unit.range.end)
        .collect();
    if in_unit.is_empty() {
        return;
    }
    let unit_ids = literal_ids(in_unit.iter().copied());
    let present = |id: usize| unit_ids.binary_search(&id).is_ok();
    let mut candidates: Vec<&str> = Vec::new();
    for (lit, _) in &in_unit {
        for t in &set.targets[*lit] {
            let rule = &set.rules[t.rule];
            if rule.language != "*"
                && !candidates.contains(&rule.language.as_str())
                && scope.enabled(rule)
                && rule.patterns[t.pattern]
                    .requires_ids
                    .iter()
                    .all(|g| g.iter().any(|&id| present(id)))
            {
                candidates.push(&rule.language);
            }
        }
    }
    let languages = scope.languages(&UnitText {
        text: unit_text,
        block: block.text,
        block_start: block.start,
        candidates: &candidates,
    });
    for sent in sentences(unit_text) {
        let abs = (unit.range.start + sent.start)..(unit.range.start + sent.end);
        let s_hits: Vec<&(usize, Range<usize>)> = hits_within(&in_unit, abs.clone())
            .iter()
            .copied()
            .filter(|(_, r)| r.end <= abs.end)
            .collect();
        if s_hits.is_empty() {
            continue;
        }
        let sentence = Sentence {
            text: &unit_text[sent.clone()],
            offset: abs.start,
            unit,
            unit_text,
            in_unit: sent.start,
        };
        let tokens = tokenize(sentence.text);
        let mut regex_done: Vec<(usize, usize)> = Vec::new();
        let sentence_ids = literal_ids(s_hits.iter().copied());
        let present = |id: usize| sentence_ids.binary_search(&id).is_ok();
        for (lit, r) in &s_hits {
            for t in &set.targets[*lit] {
                let rule = &set.rules[t.rule];
                if !(rule.language == "*" || languages.contains(&rule.language))
                    || !scope.enabled(rule)
                    || !rule.patterns[t.pattern]
                        .requires_ids
                        .iter()
                        .all(|g| g.iter().any(|&id| present(id)))
                {
                    continue;
                }
                let lang = if rule.language == "*" {
                    languages.first().map(String::as_str).unwrap_or("en")
                } else {
                    rule.language.as_str()
                };
                let Some(lex) = set.lexicon(lang) else {
                    continue;
                };
                let pattern = &rule.patterns[t.pattern];
                if t.is_phrase {
                    let rel = (r.start - sentence.offset)..(r.end - sentence.offset);
                    if !sentence.text.is_char_boundary(rel.start)
                        || !sentence.text.is_char_boundary(rel.end)
                    {
                        continue;
                    }
                    let seen = &sentence.text[rel.clone()];
                    if !seen.eq_ignore_ascii_case(&set.literals[*lit])
                        || !on_word_boundaries(sentence.text, rel.clone())
                    {
                        continue;
                    }
                    let end = rel.end;
                    if let Some(d) =
                        check(rule, pattern, &sentence, &tokens, rel, end, None, lex, doc)
                    {
                        out.push(d);
                    }
                } else if !regex_done.contains(&(t.rule, t.pattern)) {
                    regex_done.push((t.rule, t.pattern));
                    let Some(re) = (match &pattern.matcher {
                        Matcher::Regex(re) => re.get(),
                        Matcher::Phrases(_) => None,
                    }) else {
                        continue;
                    };
                    // Most sentences a trigger sends here do not match. Asking
                    // first is cheap (the lazy DFA); capture groups need the
                    // backtracker, whose per-thread scratch space grows with
                    // the longest sentence it has seen, for every regex.
                    if !re.is_match(sentence.text) {
                        continue;
                    }
                    for caps in re.captures_iter(sentence.text) {
                        let whole = caps.get(0).expect("group 0");
                        let span = caps.name("span").unwrap_or(whole).range();
                        if span.is_empty() {
                            continue;
                        }
                        let subject = caps.name("subject").map(|m| m.range());
                        if let Some(d) = check(
                            rule,
                            pattern,
                            &sentence,
                            &tokens,
                            span,
                            whole.end(),
                            subject,
                            lex,
                            doc,
                        ) {
                            out.push(d);
                        }
                    }
                }
            }
        }
    }
}

fn on_word_boundaries(s: &str, r: Range<usize>) -> bool {
    let before = s[..r.start].chars().next_back();
    let after = s[r.end..].chars().next();
    let first = s[r.clone()].chars().next();
    let last = s[r.clone()].chars().next_back();
    let wordy = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !(wordy(before) && wordy(first) || wordy(after) && wordy(last))
}

#[allow(clippy::too_many_arguments)]
fn check(
    rule: &Rule,
    p: &Pattern,
    s: &Sentence,
    tokens: &[Token],
    span: Range<usize>,
    // End of the whole match: `subject_after` looks past it, not past the
    // narrowed `span` ("(?P<span>negligence) by" -> the phrase after "by").
    match_end: usize,
    subject_span: Option<Range<usize>>,
    lex: &Lexicon,
    doc: &str,
) -> Option<Diagnostic> {
    if p.question && !s.text.trim_end().ends_with('?') {
        return None;
    }
    if p.unless.as_ref().is_some_and(|re| re.is_match(s.text)) {
        return None;
    }
    let before = &s.text[..span.start];
    let after = &s.text[span.end..];
    if p.preceded_by
        .as_ref()
        .is_some_and(|re| !re.is_match(before))
        || p.not_preceded_by
            .as_ref()
            .is_some_and(|re| re.is_match(before))
    {
        return None;
    }
    if p.followed_by.as_ref().is_some_and(|re| !re.is_match(after))
        || p.not_followed_by
            .as_ref()
            .is_some_and(|re| re.is_match(after))
    {
        return None;
    }
    if p.skip_quoted
        && in_quotes(
            s.unit_text,
            (s.in_unit + span.start)..(s.in_unit + span.end),
        )
    {
        return None;
    }
    if p.not_before_system && system_follows(s.text, tokens, span.end, lex) {
        return None;
    }
    let find_subject = |at_start: usize, at_end: usize| {
        if p.subject_after {
            subject_after(s.text, tokens, at_end, lex)
        } else {
            subject_of_match(s.text, tokens, at_start, lex)
        }
    };
    let subject = match subject_span {
        Some(r) => subject_of_span(s.text, tokens, r, lex),
        None if p.subject == crate::subject::SubjectCondition::Any && !p.first_person => {
            // Still refuse first person for `any`: "I take the blame" is accountability.
            let (subj, _) = find_subject(span.start, match_end);
            if subj == Subject::FirstPerson {
                subj
            } else {
                Subject::Unknown
            }
        }
        None => {
            let (subj, range) = find_subject(span.start, match_end);
            match range {
                Some(r)
                    if p.present_tense
                        && subj == Subject::Name
                        && opens_sentence(s.text, tokens, &r) =>
                {
                    Subject::Unknown
                }
                _ => subj,
            }
        }
    };
    if !p.subject.accepts(subject, p.first_person) {
        return None;
    }
    let abs = (s.offset + span.start)..(s.offset + span.end);
    let matched = &doc[abs.clone()];
    let mut severity = rule.severity;
    if s.unit.quote_depth > 0 && severity > Severity::Info {
        // Quoted chat logs and excerpts are evidence, not the author's voice.
        severity = Severity::Info;
    }
    let fill = |t: &str| t.replace("{match}", matched);
    let fix = rule.fix.as_ref().map(|f| {
        let mut range = abs.clone();
        let mut replacement = fill(&f.replacement);
        if replacement.is_empty() {
            if doc[range.end..].starts_with(' ') {
                range.end += 1;
            }
        } else if matched.chars().next().is_some_and(char::is_uppercase) {
            let mut c = replacement.chars();
            if let Some(first) = c.next() {
                replacement = first.to_uppercase().chain(c).collect();
            }
        }
        let title = f.title.as_deref().map(fill).unwrap_or_else(|| {
            if replacement.is_empty() {
                format!("Remove \"{matched}\"")
            } else {
                format!("Replace with \"{replacement}\"")
            }
        });
        Fix {
            title,
            applicability: f.applicability,
            edits: vec![Edit { range, replacement }],
        }
    });
    Some(Diagnostic {
        rule: rule.id.clone(),
        category: rule.category.clone(),
        severity,
        message: fill(&rule.message),
        span: abs,
        suggestions: rule.suggestions.iter().map(|t| fill(t)).collect(),
        fix,
    })
}

/// Overlapping findings: keep the higher-priority rule, then the longer span.
fn dedupe(set: &RuleSet, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let prio = |d: &Diagnostic| set.rule(&d.rule).map(|r| r.priority).unwrap_or(0);
    diags.sort_by(|a, b| {
        prio(b)
            .cmp(&prio(a))
            .then((b.span.end - b.span.start).cmp(&(a.span.end - a.span.start)))
            .then(a.span.start.cmp(&b.span.start))
            .then(a.rule.cmp(&b.rule))
    });
    let mut kept: Vec<Diagnostic> = Vec::new();
    for d in diags {
        if kept
            .iter()
            .any(|k| k.span.start < d.span.end && d.span.start < k.span.end)
        {
            continue;
        }
        kept.push(d);
    }
    kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{ExtraTerms, RuleSource};

    struct All;
    impl Scope for All {
        fn enabled(&self, _: &Rule) -> bool {
            true
        }
        fn languages(&self, _: &UnitText) -> Vec<String> {
            vec!["xx".into()]
        }
    }

    const LEXICON: &str = r#"
language = "xx"
pronouns = ["pa"]
first_person = ["mi"]
persons = ["ingenier"]
systems = ["servis", "reintento"]
artifacts = ["kambio"]
determiners = ["e"]
skip = ["ta"]
"#;

    fn set(matches: &str) -> RuleSet {
        let rule = format!("id = \"r\"\ncategory = \"c\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\n{matches}");
        RuleSet::load(
            vec![
                RuleSource {
                    name: "xx/lexicon.toml".into(),
                    text: LEXICON.into(),
                },
                RuleSource {
                    name: "xx/r.toml".into(),
                    text: rule,
                },
            ],
            &ExtraTerms::default(),
        )
        .expect("valid test rule")
    }

    fn hits(set: &RuleSet, text: &str) -> Vec<String> {
        find(set, text, false, &All)
            .into_iter()
            .map(|d| text[d.span].to_string())
            .collect()
    }

    #[test]
    fn subject_after_looks_past_the_whole_match() {
        let s = set("[[match]]\nregex = '(?P<span>kausa) pa'\ntriggers = [\"kausa\"]\nsubject = \"person\"\nsubject_after = true\n");
        assert_eq!(hits(&s, "kausa pa e ingenier"), vec!["kausa"]);
        assert!(hits(&s, "kausa pa e servis").is_empty());
        assert!(hits(&s, "kausa pa mi").is_empty());
        // Without it, the subject is the phrase before the match.
        let s = set("[[match]]\nphrases = [\"kausa\"]\nsubject = \"person\"\n");
        assert_eq!(hits(&s, "e ingenier kausa e servis"), vec!["kausa"]);
        assert!(hits(&s, "e servis kausa e ingenier").is_empty());
    }

    #[test]
    fn skip_quoted_drops_mentions() {
        let s = set("[[match]]\nphrases = [\"malu\"]\nskip_quoted = true\n");
        assert!(hits(&s, "nos no ta bisa \"malu\" aki").is_empty());
        // A quotation may run over several sentences of the paragraph.
        assert!(hits(&s, "\"E ta bon. E ta malu.\" so").is_empty());
        assert_eq!(hits(&s, "e ingenier ta malu"), vec!["malu"]);
        // Default: quoted text is flagged like any other.
        let s = set("[[match]]\nphrases = [\"malu\"]\n");
        assert_eq!(hits(&s, "nos no ta bisa \"malu\" aki"), vec!["malu"]);
    }

    #[test]
    fn not_before_system_spares_things() {
        let s = set("[[match]]\nphrases = [\"malu\"]\nnot_before_system = true\n");
        assert!(hits(&s, "malu reintento a kaba").is_empty());
        assert_eq!(hits(&s, "un malu kambio"), vec!["malu"]);
        assert_eq!(hits(&s, "un malu ingenier"), vec!["malu"]);
    }
}
