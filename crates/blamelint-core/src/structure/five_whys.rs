//! Five Whys: the last "why" must end at a process or a system, not at a
//! person ("Bob forgot", "human error").

use super::outline::lines_in;
use super::Ctx;
use crate::diagnostic::Severity;
use crate::lexicon::{Lexicon, WordClass};
use crate::text::{tokenize, TokenKind};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

pub const PERSON_ROOT_CAUSE: &str = "five-whys-person-root-cause";

fn why_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // "**Why?** answer", "Why 5: answer", "Why did it fail? answer",
    // "Waarom? antwoord".
    R.get_or_init(|| Regex::new(r"(?i)^(?:\*\*|__)?(?:why|waarom)\b(?P<q>[^?:\n]{0,120}?)(?:\?|:)(?:\*\*|__)?(?:\s*[:—–-])?\s*(?P<answer>.*)$").unwrap())
}

fn strip_markers(s: &str) -> &str {
    let mut t = s.trim_start();
    loop {
        let before = t;
        t = t.trim_start_matches(['>', ' ', '\t']);
        if let Some(r) = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
        {
            t = r;
        }
        let d = t.bytes().take_while(u8::is_ascii_digit).count();
        if d > 0 && (t[d..].starts_with(". ") || t[d..].starts_with(") ")) {
            t = &t[d + 2..];
        }
        if t == before {
            return t;
        }
    }
}

/// The answers of consecutive "Why?" lines in `range`, grouped into runs.
fn why_runs(
    text: &str,
    range: Range<usize>,
    is_opaque: impl Fn(usize) -> bool,
) -> Vec<Vec<Range<usize>>> {
    let mut runs: Vec<Vec<Range<usize>>> = Vec::new();
    let mut cur: Vec<Range<usize>> = Vec::new();
    for l in lines_in(text, range) {
        let line = &text[l.clone()];
        if line.trim().is_empty() {
            continue;
        }
        if is_opaque(l.start) {
            continue;
        }
        let s = strip_markers(line);
        let off = l.end - s.len();
        match why_re().captures(s) {
            Some(c) => {
                let a = c.name("answer").unwrap();
                let ans = &s[a.range()];
                let trimmed = ans.trim().trim_end_matches(['*', '_']).trim_end();
                let lead = ans.len() - ans.trim_start().len();
                let start = off + a.start() + lead;
                cur.push(start..start + trimmed.len());
            }
            None => {
                if !cur.is_empty() {
                    runs.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// Whether an answer puts a person at the root: a person-cause phrase
/// ("human error"), or a person, pronoun, role or @handle as its subject.
/// Returns the words that name the person.
pub fn person_root(
    answer: &str,
    person_causes: &[String],
    lexicons: &[&Lexicon],
) -> Option<Range<usize>> {
    let lower = answer.to_lowercase();
    for p in person_causes {
        if let Some(i) = lower.find(p.as_str()) {
            return Some(i..i + p.len());
        }
    }
    let tokens = tokenize(answer);
    let mut words = 0;
    for t in &tokens {
        let w = &answer[t.range.clone()];
        match t.kind {
            TokenKind::Handle => return Some(t.range.clone()),
            TokenKind::Code | TokenKind::Number => return None,
            TokenKind::Punct => {
                if w == "," || w == ":" || w == "(" || w == ")" {
                    return None;
                }
                continue;
            }
            TokenKind::Word => {}
        }
        if matches!(
            w.to_lowercase().as_str(),
            "because" | "since" | "as" | "omdat" | "doordat" | "want" | "answer" | "antwoord"
        ) {
            continue;
        }
        let mut person = false;
        let mut stop = false;
        for lex in lexicons {
            match lex.classify(w, words == 0) {
                WordClass::Pronoun | WordClass::Person | WordClass::Name => person = true,
                WordClass::FirstPerson | WordClass::System | WordClass::ClauseBreak => stop = true,
                _ => {}
            }
        }
        if person {
            return Some(t.range.clone());
        }
        if stop {
            return None;
        }
        let lw = w.to_lowercase();
        let skippable = lexicons.iter().any(|l| {
            matches!(
                l.classify(&lw, false),
                WordClass::Determiner | WordClass::Skip
            )
        });
        if !skippable {
            words += 1;
            if words >= 3 {
                return None;
            }
        }
    }
    None
}

pub(crate) fn check(cx: &mut Ctx) {
    let t = cx.template;
    let o = cx.outline;
    let mut ranges: Vec<Range<usize>> = Vec::new();
    if let Some(s) = t.section("five-whys") {
        ranges.extend(
            o.section_headings()
                .filter(|(_, h)| h.section == Some(s))
                .map(|(i, _)| o.content_range(i)),
        );
    }
    let explicit = !ranges.is_empty();
    if !explicit {
        // No Five Whys heading: a run of three or more "Why?" lines anywhere.
        ranges.push(o.front_matter.as_ref().map_or(0, |r| r.end)..o.body_end);
    }
    let mut lexicons: Vec<&Lexicon> = Vec::new();
    for l in ["en", "nl"] {
        if let Some(lex) = cx.rules.lexicon(l) {
            lexicons.push(lex);
        }
    }
    let mut findings = Vec::new();
    for r in ranges {
        for run in why_runs(cx.text, r, |p| o.is_opaque(p)) {
            if !explicit && run.len() < 3 {
                continue;
            }
            let Some(last) = run.last().cloned() else {
                continue;
            };
            let answer = &cx.text[last.clone()];
            if answer.is_empty() {
                continue;
            }
            if let Some(who) = person_root(answer, &t.person_causes, &lexicons) {
                let who = &answer[who];
                findings.push((last, format!("The last \"why\" stops at a person (\"{who}\"): keep asking why until you reach a process or system that let it happen")));
            }
        }
    }
    for (span, message) in findings {
        cx.push(PERSON_ROOT_CAUSE, Severity::Warning, message, span);
    }
}
