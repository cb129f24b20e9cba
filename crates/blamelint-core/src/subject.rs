//! Who is the subject of a matched phrase: a person or a system?
//! "The service failed to connect" is not blame; "Bob failed to check" is.
//!
//! No words of any language live here: every decision goes through the
//! [`Lexicon`] of the rule's language.

use crate::lexicon::{Lexicon, WordClass};
use crate::text::{Token, TokenKind};
use serde::Deserialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A pronoun, a role ("the on-call"), an @handle or a listed name.
    Person,
    /// An unknown capitalized word: most likely a name.
    Name,
    /// "I", "we": accountability, not blame.
    FirstPerson,
    System,
    Unknown,
}

/// The condition a rule pattern puts on the subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectCondition {
    #[default]
    Any,
    /// Person or Name.
    Person,
    /// Person only: pronoun, role, @handle, listed name.
    KnownPerson,
    /// Anything but a system (and but first person).
    NotSystem,
}

impl SubjectCondition {
    pub fn accepts(self, s: Subject, first_person_flags: bool) -> bool {
        if s == Subject::FirstPerson {
            return first_person_flags;
        }
        match self {
            SubjectCondition::Any => true,
            SubjectCondition::Person => matches!(s, Subject::Person | Subject::Name),
            SubjectCondition::KnownPerson => s == Subject::Person,
            SubjectCondition::NotSystem => s != Subject::System,
        }
    }
}

/// Two words separated by spaces only: candidates for a compound entry.
fn adjacent(sentence: &str, a: &Token, b: &Token) -> bool {
    a.kind == TokenKind::Word
        && b.kind == TokenKind::Word
        && a.range.end <= b.range.start
        && sentence[a.range.end..b.range.start]
            .chars()
            .all(|c| c == ' ')
        && a.range.end < b.range.start
}

/// Classifies `tokens[idx]`, trying the compound it forms with the word
/// before it first ("release manager", "alert manager").
fn classify_at(
    sentence: &str,
    tokens: &[Token],
    idx: usize,
    lex: &Lexicon,
    first_word: Option<usize>,
) -> WordClass {
    let t = &tokens[idx];
    if idx > 0 && adjacent(sentence, &tokens[idx - 1], t) {
        if let Some(c) = lex.classify_compound(
            &sentence[tokens[idx - 1].range.clone()],
            &sentence[t.range.clone()],
        ) {
            return c;
        }
    }
    lex.classify(
        &sentence[t.range.clone()],
        is_initial(sentence, tokens, idx, first_word),
    )
}

/// After a label or an opening mark ("Root cause: Missing tests") a
/// capital is as weak as at the start of a sentence.
fn is_initial(sentence: &str, tokens: &[Token], idx: usize, first_word: Option<usize>) -> bool {
    Some(idx) == first_word
        || idx > 0
            && tokens[idx - 1].kind == TokenKind::Punct
            && matches!(
                &sentence[tokens[idx - 1].range.clone()],
                ":" | "(" | "\"" | "“" | "—" | "–" | "|" | "["
            )
}

/// Whether the word at `range` opens its sentence (or a label's value), where
/// a capital says nothing about being a name.
pub fn opens_sentence(sentence: &str, tokens: &[Token], range: &Range<usize>) -> bool {
    tokens
        .iter()
        .position(|t| t.range == *range)
        .is_some_and(|idx| is_initial(sentence, tokens, idx, first_word(tokens)))
}

/// An unknown capitalized word right after a determiner ("the Council", "a
/// PodGroup") names a thing or an institution: names take no article.
fn after_determiner(
    sentence: &str,
    tokens: &[Token],
    idx: usize,
    lex: &Lexicon,
    first: Option<usize>,
) -> bool {
    // Back over a title ("the Program Counter") and at most one modifier
    // ("the whole PodGroup").
    let mut i = idx;
    let mut modifiers = 0;
    while i > 0 && adjacent(sentence, &tokens[i - 1], &tokens[i]) {
        i -= 1;
        match classify_at(sentence, tokens, i, lex, first) {
            WordClass::Determiner => return true,
            WordClass::Capitalized => {}
            WordClass::Other
                if modifiers == 0
                    && sentence[tokens[i].range.clone()]
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase) =>
            {
                modifiers += 1
            }
            _ => return false,
        }
    }
    false
}

/// A generic person ("someone") in a conditional clause ("if someone
/// forgets, the alert fires") is a hypothetical, not a particular person.
fn hypothetical(sentence: &str, tokens: &[Token], idx: usize, lex: &Lexicon) -> bool {
    if !lex.is_generic(&sentence[tokens[idx].range.clone()]) {
        return false;
    }
    for t in tokens[..idx].iter().rev() {
        if t.kind != TokenKind::Word {
            return false;
        }
        let w = &sentence[t.range.clone()];
        if lex.is_conditional(w) {
            return true;
        }
        if lex.classify(w, false) != WordClass::Skip {
            return false;
        }
    }
    false
}

fn first_word(tokens: &[Token]) -> Option<usize> {
    tokens
        .iter()
        .position(|t| t.kind != TokenKind::Punct && t.kind != TokenKind::Number)
}

/// The antecedent of a relative "who" at `tokens[who]`: first person when
/// the clause before it is about the writer ("I'm the one who pushed it"),
/// a person otherwise ("the engineer who", "Lars who").
fn who_antecedent(
    sentence: &str,
    tokens: &[Token],
    who: usize,
    lex: &Lexicon,
    first: Option<usize>,
) -> Subject {
    let mut others = 0;
    for idx in (0..who).rev() {
        let t = &tokens[idx];
        match t.kind {
            TokenKind::Handle => return Subject::Person,
            TokenKind::Word => {}
            _ => break,
        }
        match classify_at(sentence, tokens, idx, lex, first) {
            WordClass::FirstPerson => return Subject::FirstPerson,
            // "anyone who had forgotten to update the app": a group, not a person.
            _ if lex.is_generic(&sentence[t.range.clone()]) => return Subject::Unknown,
            WordClass::Pronoun | WordClass::Person | WordClass::Name | WordClass::Capitalized => {
                return Subject::Person
            }
            WordClass::Determiner | WordClass::Skip => continue,
            WordClass::Other if others < 2 => others += 1,
            _ => break,
        }
    }
    Subject::Person
}

/// `tokens[idx]` ends a short prepositional phrase that follows a person
/// word: "the SRE on duty", "the engineer in charge", "the DBA at the time".
fn modified_person(
    sentence: &str,
    tokens: &[Token],
    idx: usize,
    lex: &Lexicon,
    first: Option<usize>,
) -> Option<Range<usize>> {
    let mut i = idx;
    // Up to two words of the phrase's object ("the time"), then the preposition.
    for _ in 0..3 {
        if i == 0 || tokens[i - 1].kind != TokenKind::Word {
            return None;
        }
        i -= 1;
        let w = &sentence[tokens[i].range.clone()];
        if lex.is_preposition(w) {
            if i == 0 || tokens[i - 1].kind != TokenKind::Word {
                return None;
            }
            let head = i - 1;
            return match classify_at(sentence, tokens, head, lex, first) {
                WordClass::Person | WordClass::Name | WordClass::Pronoun
                    if !lex.is_possessive(&sentence[tokens[head].range.clone()]) =>
                {
                    Some(tokens[head].range.clone())
                }
                _ => None,
            };
        }
        if !matches!(
            classify_at(sentence, tokens, i, lex, first),
            WordClass::Other | WordClass::Determiner
        ) {
            return None;
        }
    }
    None
}

/// A one-letter capital: the "B" of "team B".
fn is_label(word: &str) -> bool {
    let mut c = word.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

/// `tokens[idx]` (a number or a letter) labels the person word right before
/// it: "team B", "engineer 2".
fn labels_person(
    sentence: &str,
    tokens: &[Token],
    idx: usize,
    lex: &Lexicon,
    first: Option<usize>,
) -> bool {
    idx > 0
        && tokens[idx - 1].kind == TokenKind::Word
        && sentence[tokens[idx - 1].range.end..tokens[idx].range.start]
            .chars()
            .all(char::is_whitespace)
        && matches!(
            classify_at(sentence, tokens, idx - 1, lex, first),
            WordClass::Person | WordClass::Name
        )
}

/// The subject of the clause that ends at the conjunction `tokens[conj]`:
/// the first noun phrase after the previous clause boundary.
fn clause_subject(
    sentence: &str,
    tokens: &[Token],
    conj: usize,
    lex: &Lexicon,
    first: Option<usize>,
) -> (Subject, Option<Range<usize>>) {
    let is_boundary = |i: usize| match tokens[i].kind {
        TokenKind::Punct => true,
        TokenKind::Word => matches!(
            classify_at(sentence, tokens, i, lex, first),
            WordClass::ClauseBreak | WordClass::Relative
        ),
        _ => false,
    };
    // ", and" / "; then": step over the boundary run first.
    let mut end = conj;
    while end > 0 && is_boundary(end - 1) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && !is_boundary(start - 1) {
        start -= 1;
    }
    if start == end {
        return (Subject::Unknown, None);
    }
    if start > 0
        && tokens[start - 1].kind == TokenKind::Word
        && lex.relative_is_person(&sentence[tokens[start - 1].range.clone()])
    {
        return (
            who_antecedent(sentence, tokens, start - 1, lex, first),
            Some(tokens[start - 1].range.clone()),
        );
    }
    let (subject, range) = subject_after(
        &sentence[..tokens[end - 1].range.end],
        &tokens[..end],
        tokens[start].range.start,
        lex,
    );
    match subject {
        // Only a known subject carries over: "we assume malice or
        // incompetence" coordinates nouns, not verbs, and its first
        // capitalized word is no evidence of a person.
        Subject::Name => (Subject::Unknown, None),
        _ => (subject, range),
    }
}

/// Classifies the subject of a phrase starting at `at` (an offset into
/// `sentence`), from the noun phrase just before it in the same clause.
pub fn subject_before(
    sentence: &str,
    tokens: &[Token],
    at: usize,
    lex: &Lexicon,
) -> (Subject, Option<Range<usize>>) {
    let (subject, range) = nearest_subject(sentence, tokens, at, lex);
    let Some(r) = range.clone() else {
        return (subject, range);
    };
    let Some(idx) = tokens.iter().position(|t| t.range == r) else {
        return (subject, range);
    };
    let first = first_word(tokens);
    match subject {
        // "our team failed to": a group the writer belongs to.
        Subject::Person
            if tokens[idx].kind == TokenKind::Word
                && owned_by_writer(sentence, tokens, idx, lex, first) =>
        {
            (Subject::FirstPerson, range)
        }
        // "the SRE who deployed it clearly didn't care": the word found is
        // the object of a relative clause; the clause's antecedent is the
        // subject.
        Subject::System | Subject::Unknown => {
            match relative_before(sentence, tokens, idx, lex, first) {
                Some(who) => (
                    who_antecedent(sentence, tokens, who, lex, first),
                    Some(tokens[who].range.clone()),
                ),
                None => (subject, range),
            }
        }
        _ => (subject, range),
    }
}

/// The subject of a phrase starting at `at`, with the word order of the
/// lexicon's language: in a verb-final clause ("omdat Jan de flag vergat")
/// the noun phrase after the clause's opener; in a verb-second main clause
/// with nothing but adverbials before the verb ("Daarna vergat Jan de
/// flag") the noun phrase after the verb; otherwise [`subject_before`].
/// For a lexicon without `verb_final_openers` and `verb_second` this is
/// exactly [`subject_before`].
pub fn subject_of_match(
    sentence: &str,
    tokens: &[Token],
    at: usize,
    lex: &Lexicon,
) -> (Subject, Option<Range<usize>>) {
    if let Some(found) = verb_final_subject(sentence, tokens, at, lex) {
        return found;
    }
    let (subject, range) = subject_before(sentence, tokens, at, lex);
    if !lex.verb_second() {
        return (subject, range);
    }
    let end = tokens.iter().take_while(|t| t.range.end <= at).count();
    let first = first_word(tokens);
    // "Met een blik op het dashboard had de on-call ...": the clause opens
    // with a prepositional phrase, so what stands before the verb is that
    // phrase's object, never the subject.
    let fronted = (0..end)
        .rev()
        .take_while(|&i| {
            tokens[i].kind != TokenKind::Punct
                && !(tokens[i].kind == TokenKind::Word
                    && classify_at(sentence, tokens, i, lex, first) == WordClass::ClauseBreak)
        })
        .last()
        .is_some_and(|i| {
            tokens[i].kind == TokenKind::Word
                && lex.is_preposition(&sentence[tokens[i].range.clone()])
        });
    // Nothing but adverbials, a time or punctuation before the verb; a
    // determiner right before the match means it sits inside a noun phrase.
    let bare = subject == Subject::Unknown
        && range.is_none()
        && !(end > 0
            && tokens[end - 1].kind == TokenKind::Word
            && classify_at(sentence, tokens, end - 1, lex, first) == WordClass::Determiner);
    if fronted || bare {
        // The finite verb is the match's first word; the subject follows it.
        if let Some(verb) = tokens.iter().find(|t| t.range.start >= at) {
            let (after, r) = subject_after(sentence, tokens, verb.range.end, lex);
            if r.is_some() || fronted {
                return (after, r);
            }
        }
    }
    (subject, range)
}

/// The subject of a verb-final clause the position `at` is in: `None` when
/// no opener stands before `at` in its clause.
fn verb_final_subject(
    sentence: &str,
    tokens: &[Token],
    at: usize,
    lex: &Lexicon,
) -> Option<(Subject, Option<Range<usize>>)> {
    let end = tokens.iter().take_while(|t| t.range.end <= at).count();
    let first = first_word(tokens);
    let mut opener = None;
    for idx in (0..end).rev() {
        let t = &tokens[idx];
        if t.kind == TokenKind::Punct {
            return None;
        }
        if t.kind != TokenKind::Word {
            continue;
        }
        let w = &sentence[t.range.clone()];
        if lex.is_verb_final_opener(w) {
            opener = Some(idx);
            break;
        }
        if classify_at(sentence, tokens, idx, lex, first) == WordClass::ClauseBreak {
            return None;
        }
    }
    let o = opener?;
    let relative = lex.is_relative(&sentence[tokens[o].range.clone()]);
    if o + 1 >= end {
        // "klanten die vergaten": a relative right before the verb is its
        // subject, standing for the phrase before it; a generic one is a
        // group, not a person.
        if relative && o > 0 && tokens[o - 1].kind == TokenKind::Word {
            return Some(antecedent(sentence, tokens, o, lex));
        }
        // "Dat vergat Jan", "toen vergat hij": right before the verb the
        // opener is a demonstrative or an adverb; the clause is not verb-final.
        return None;
    }
    let clause_end = tokens[end - 1].range.end;
    let (subject, range) = subject_after(
        &sentence[..clause_end],
        &tokens[..end],
        tokens[o].range.end,
        lex,
    );
    if relative
        && !matches!(
            subject,
            Subject::Person | Subject::Name | Subject::FirstPerson
        )
    {
        // "de engineer die de flag vergat": the relative itself is the
        // subject and stands for the noun phrase before it.
        return Some(antecedent(sentence, tokens, o, lex));
    }
    Some((subject, range))
}

/// The phrase a relative at `tokens[rel]` stands for: the subject before
/// it, unless that is a generic person ("klanten die", "iedereen die").
fn antecedent(
    sentence: &str,
    tokens: &[Token],
    rel: usize,
    lex: &Lexicon,
) -> (Subject, Option<Range<usize>>) {
    let (subject, range) = subject_before(sentence, tokens, tokens[rel].range.start, lex);
    match &range {
        Some(r) if lex.is_generic(&sentence[r.clone()]) => (Subject::Unknown, None),
        _ => (subject, range),
    }
}

/// A group word whose phrase opens with the writer's possessive ("our
/// team", "our ops team"); "our DBA" is still a particular person.
fn owned_by_writer(
    sentence: &str,
    tokens: &[Token],
    idx: usize,
    lex: &Lexicon,
    first: Option<usize>,
) -> bool {
    if !lex.is_group(&sentence[tokens[idx].range.clone()]) {
        return false;
    }
    let mut i = idx;
    for _ in 0..3 {
        if i == 0 || tokens[i - 1].kind != TokenKind::Word {
            return false;
        }
        i -= 1;
        let w = &sentence[tokens[i].range.clone()];
        if lex.is_writer_possessive(w) {
            return true;
        }
        match classify_at(sentence, tokens, i, lex, first) {
            WordClass::Person | WordClass::System | WordClass::Other => continue,
            _ => return false,
        }
    }
    false
}

/// A person relative ("who") a few words before `idx` in the same clause,
/// with nothing but its own verb phrase in between.
fn relative_before(
    sentence: &str,
    tokens: &[Token],
    idx: usize,
    lex: &Lexicon,
    first: Option<usize>,
) -> Option<usize> {
    let mut i = idx;
    for _ in 0..6 {
        if i == 0 || tokens[i - 1].kind != TokenKind::Word {
            return None;
        }
        i -= 1;
        let w = &sentence[tokens[i].range.clone()];
        if lex.relative_is_person(w) {
            return Some(i);
        }
        if matches!(
            classify_at(sentence, tokens, i, lex, first),
            WordClass::Relative | WordClass::ClauseBreak
        ) {
            return None;
        }
    }
    None
}

fn nearest_subject(
    sentence: &str,
    tokens: &[Token],
    at: usize,
    lex: &Lexicon,
) -> (Subject, Option<Range<usize>>) {
    let end = tokens.iter().take_while(|t| t.range.end <= at).count();
    let first = first_word(tokens);
    let mut relative_seen = false;
    for idx in (0..end).rev() {
        let t = &tokens[idx];
        match t.kind {
            TokenKind::Handle => return (Subject::Person, Some(t.range.clone())),
            TokenKind::Code => return (Subject::System, Some(t.range.clone())),
            TokenKind::Number if labels_person(sentence, tokens, idx, lex, first) => {
                return (Subject::Person, Some(t.range.clone()))
            }
            TokenKind::Number => return (Subject::Unknown, None),
            TokenKind::Punct => {
                if &sentence[t.range.clone()] == "," && relative_seen {
                    continue;
                }
                return (Subject::Unknown, None);
            }
            TokenKind::Word => {}
        }
        let class = classify_at(sentence, tokens, idx, lex, first);
        let subject = match class {
            WordClass::Skip => continue,
            WordClass::Relative => {
                relative_seen = true;
                if lex.relative_is_person(&sentence[t.range.clone()]) {
                    // "the person who forgot": who is always a person.
                    return (
                        who_antecedent(sentence, tokens, idx, lex, first),
                        Some(t.range.clone()),
                    );
                }
                continue;
            }
            // "X opened the port and exposed the cluster": a verb right
            // after a conjunction shares the subject of the clause before.
            WordClass::ClauseBreak if !relative_seen => {
                return clause_subject(sentence, tokens, idx, lex, first)
            }
            WordClass::Other
                if is_label(&sentence[t.range.clone()])
                    && labels_person(sentence, tokens, idx, lex, first) =>
            {
                return (Subject::Person, Some(t.range.clone()))
            }
            // "the SRE on duty overlooked": a short prepositional phrase
            // between the person and the verb.
            WordClass::Other => match modified_person(sentence, tokens, idx, lex, first) {
                Some(r) => return (Subject::Person, Some(r)),
                None => Subject::Unknown,
            },
            WordClass::Determiner | WordClass::ClauseBreak => return (Subject::Unknown, None),
            WordClass::Pronoun if hypothetical(sentence, tokens, idx, lex) => Subject::Unknown,
            WordClass::Person | WordClass::Name | WordClass::Capitalized
                if modifies_system(sentence, tokens, idx, lex, first) =>
            {
                Subject::System
            }
            WordClass::Pronoun | WordClass::Person | WordClass::Name => Subject::Person,
            WordClass::FirstPerson => Subject::FirstPerson,
            WordClass::System => Subject::System,
            WordClass::Capitalized if after_determiner(sentence, tokens, idx, lex, first) => {
                Subject::System
            }
            WordClass::Capitalized => Subject::Name,
        };
        return (subject, Some(t.range.clone()));
    }
    (Subject::Unknown, None)
}

/// The person word at `idx` sits in a prepositional phrase attached to a
/// system noun: "the alert for the on-call engineer failed to fire".
fn modifies_system(
    sentence: &str,
    tokens: &[Token],
    idx: usize,
    lex: &Lexicon,
    first: Option<usize>,
) -> bool {
    let mut i = idx;
    for _ in 0..4 {
        if i == 0 || tokens[i - 1].kind != TokenKind::Word {
            return false;
        }
        i -= 1;
        let w = &sentence[tokens[i].range.clone()];
        if lex.is_preposition(w) {
            return i > 0
                && tokens[i - 1].kind == TokenKind::Word
                && classify_at(sentence, tokens, i - 1, lex, first) == WordClass::System;
        }
        if !matches!(
            classify_at(sentence, tokens, i, lex, first),
            WordClass::Determiner | WordClass::Person | WordClass::Name | WordClass::Other
        ) {
            return false;
        }
    }
    false
}

/// Classifies the noun phrase that starts right after `at`: "caused by the
/// on-call engineer", "the culprit was a race condition", "that's on me".
///
/// Leading punctuation, auxiliaries, determiners and up to two unknown
/// modifiers are passed over; then the phrase runs while its words are
/// known, and its last known word (the head) decides. A possessor ("Bob's
/// script") decides only when nothing follows it.
pub fn subject_after(
    sentence: &str,
    tokens: &[Token],
    at: usize,
    lex: &Lexicon,
) -> (Subject, Option<Range<usize>>) {
    let first = first_word(tokens);
    let start = tokens.iter().take_while(|t| t.range.start < at).count();
    let mut head: Option<(Subject, Range<usize>)> = None;
    let mut possessor: Option<(Subject, Range<usize>)> = None;
    let mut possessed = false;
    let mut modifiers = 0;
    let mut determiner = false;
    for idx in start..tokens.len() {
        let t = &tokens[idx];
        let started = head.is_some() || possessor.is_some();
        let word = &sentence[t.range.clone()];
        let (subject, possessive) = match t.kind {
            TokenKind::Punct | TokenKind::Number if !started && modifiers == 0 => continue,
            TokenKind::Punct | TokenKind::Number => break,
            TokenKind::Code if started => break,
            TokenKind::Code => return (Subject::System, Some(t.range.clone())),
            TokenKind::Handle => (Subject::Person, lex.is_possessive(word)),
            TokenKind::Word => match classify_at(sentence, tokens, idx, lex, first) {
                WordClass::FirstPerson if started => break,
                WordClass::FirstPerson => return (Subject::FirstPerson, Some(t.range.clone())),
                WordClass::Skip if !started => continue,
                WordClass::Determiner if !started && modifiers == 0 => {
                    determiner = true;
                    continue;
                }
                // A pronoun takes no determiner and ends no compound: in "due
                // to the way they work", "due to storage they share" it opens
                // a clause after the phrase.
                WordClass::Pronoun if started || determiner => break,
                WordClass::Skip
                | WordClass::Determiner
                | WordClass::Relative
                | WordClass::ClauseBreak => break,
                WordClass::Pronoun | WordClass::Person | WordClass::Name => {
                    (Subject::Person, lex.is_possessive(word))
                }
                WordClass::Capitalized => (Subject::Name, lex.is_possessive(word)),
                WordClass::System => (Subject::System, lex.is_possessive(word)),
                WordClass::Other => {
                    // A person word right before a plural noun is only its
                    // modifier: "due to admin operations", "because of
                    // reviewer guidelines".
                    if matches!(head, Some((Subject::Person, _)))
                        && !possessed
                        && idx > 0
                        && adjacent(sentence, &tokens[idx - 1], t)
                        && lex.is_plain_plural(word)
                    {
                        head = None;
                        modifiers += 1;
                        if modifiers > 2 {
                            break;
                        }
                        continue;
                    }
                    if head.is_some() {
                        break;
                    }
                    if possessor.is_some() {
                        possessed = true;
                    }
                    modifiers += 1;
                    if modifiers > 2 {
                        break;
                    }
                    continue;
                }
            },
        };
        if possessive {
            // "the on-call engineer's runbook": what came so far owns the head.
            possessor = Some((subject, t.range.clone()));
            head = None;
            continue;
        }
        match head {
            // A person head ends the phrase unless another person word
            // follows ("on-call engineer"); what follows it is the verb
            // ("did the contractor restart the primary").
            Some((Subject::Person | Subject::Name, _))
                if subject != Subject::Person && subject != Subject::Name =>
            {
                break
            }
            _ => head = Some((subject, t.range.clone())),
        }
    }
    match (head, possessor) {
        (Some((s, r)), _) => (s, Some(r)),
        (None, Some(_)) if possessed => (Subject::Unknown, None),
        (None, Some((s, r))) => (s, Some(r)),
        (None, None) => (Subject::Unknown, None),
    }
}

/// True when the word right after `at` is a system word (or code): "reckless
/// retries", "sloppy `timestamps`". Artifacts of a person's work ("a careless
/// change") do not count.
pub fn system_follows(sentence: &str, tokens: &[Token], at: usize, lex: &Lexicon) -> bool {
    let first = first_word(tokens);
    match tokens.iter().position(|t| t.range.start >= at) {
        Some(idx) => match tokens[idx].kind {
            TokenKind::Code => true,
            TokenKind::Word => {
                let c = match tokens.get(idx + 1) {
                    // A compound decides: "sloppy alert manager".
                    Some(next) if adjacent(sentence, &tokens[idx], next) => lex.classify_compound(
                        &sentence[tokens[idx].range.clone()],
                        &sentence[next.range.clone()],
                    ),
                    _ => None,
                };
                c.unwrap_or_else(|| classify_at(sentence, tokens, idx, lex, first))
                    == WordClass::System
                    && !lex.is_artifact(&sentence[tokens[idx].range.clone()])
            }
            _ => false,
        },
        None => false,
    }
}

/// Classifies an explicit subject span (a regex's `subject` group) by its
/// last word: "the on-call engineer" -> engineer.
pub fn subject_of_span(
    sentence: &str,
    tokens: &[Token],
    span: Range<usize>,
    lex: &Lexicon,
) -> Subject {
    let first = tokens.iter().position(|t| t.kind == TokenKind::Word);
    for (idx, t) in tokens.iter().enumerate().rev() {
        // Overlap, not containment: a group "Bob" inside the token "Bob's".
        if t.range.start < span.start || t.range.start >= span.end {
            continue;
        }
        match t.kind {
            TokenKind::Handle => return Subject::Person,
            TokenKind::Code => return Subject::System,
            TokenKind::Number | TokenKind::Punct => continue,
            TokenKind::Word => {}
        }
        return match classify_at(sentence, tokens, idx, lex, first) {
            WordClass::Pronoun | WordClass::Person | WordClass::Name => Subject::Person,
            WordClass::FirstPerson => Subject::FirstPerson,
            WordClass::System => Subject::System,
            WordClass::Capitalized => Subject::Name,
            WordClass::Skip | WordClass::Determiner | WordClass::Relative => continue,
            WordClass::ClauseBreak | WordClass::Other => Subject::Unknown,
        };
    }
    Subject::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconSpec;
    use crate::text::tokenize;

    fn lex() -> Lexicon {
        let w = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Lexicon::from_spec(&LexiconSpec {
            language: "xx".into(),
            pronouns: w(&["nobodi", "hende"]),
            generic_persons: w(&["hende"]),
            conditionals: w(&["si"]),
            writer_possessives: w(&["nos"]),
            groups: w(&["team"]),
            prepositions: w(&["riba"]),
            first_person: w(&["mi"]),
            persons: w(&["ingenier", "team", "manajer", "relis manajer"]),
            names: w(&["bobo"]),
            systems: w(&["servis", "alerta", "alerta manajer", "relis"]),
            skip: w(&["wan", "no"]),
            determiners: w(&["de", "un"]),
            relatives: w(&["kende", "ku"]),
            person_relatives: w(&["kende"]),
            clause_breaks: w(&["i"]),
            possessive_suffixes: w(&["'s"]),
            plural_suffixes: w(&["s"]),
            ..Default::default()
        })
    }

    fn before(s: &str, word: &str) -> Subject {
        subject_before(s, &tokenize(s), s.find(word).unwrap(), &lex()).0
    }

    fn after(s: &str, word: &str) -> Subject {
        let at = s.find(word).unwrap() + word.len();
        subject_after(s, &tokenize(s), at, &lex()).0
    }

    #[test]
    fn before_compounds_and_relatives() {
        assert_eq!(before("de relis manajer faal", "faal"), Subject::Person);
        assert_eq!(before("de alerta manajer faal", "faal"), Subject::System);
        assert_eq!(before("de manajer faal", "faal"), Subject::Person);
        assert_eq!(before("mi ta un kende faal", "faal"), Subject::FirstPerson);
        assert_eq!(before("Bobo ta un kende faal", "faal"), Subject::Person);
        assert_eq!(before("de servis ku faal", "faal"), Subject::System);
    }

    #[test]
    fn before_clauses() {
        // A verb right after a conjunction shares the clause's subject.
        assert_eq!(
            before("de ingenier habri e porta i eksponé e servis", "eksponé"),
            Subject::Person
        );
        assert_eq!(
            before("e servis a kai i eksponé data", "eksponé"),
            Subject::System
        );
        // ... but a capitalized guess does not carry over.
        assert_eq!(before("Nada mi sa i faal", "faal"), Subject::Unknown);
        // The object of a relative clause is not the subject of the main verb.
        assert_eq!(
            before("de ingenier kende deploy e servis no faal", "faal"),
            Subject::Person
        );
        // Our team is the writer's group; our engineer is a particular person.
        assert_eq!(before("nos team faal", "faal"), Subject::FirstPerson);
        assert_eq!(before("nos ingenier faal", "faal"), Subject::Person);
        // A generic person in a conditional is hypothetical.
        assert_eq!(before("si hende faal", "faal"), Subject::Unknown);
        assert_eq!(before("hende faal", "faal"), Subject::Person);
        // "de ingenier riba turno faal": a prepositional phrase in between.
        assert_eq!(
            before("de ingenier riba turno faal", "faal"),
            Subject::Person
        );
        assert_eq!(
            before("de servis riba turno faal", "faal"),
            Subject::Unknown
        );
        assert_eq!(
            before("de alerta riba de ingenier faal", "faal"),
            Subject::System
        );
        assert_eq!(
            before("de ingenier riba de team faal", "faal"),
            Subject::Person
        );
        // "team B", "ingenier 2".
        assert_eq!(before("team B faal", "faal"), Subject::Person);
        assert_eq!(before("ingenier 2 faal", "faal"), Subject::Person);
        assert_eq!(before("servis 2 faal", "faal"), Subject::Unknown);
    }

    /// A lexicon with verb-final clauses and verb-second main clauses.
    fn v2() -> Lexicon {
        let w = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Lexicon::from_spec(&LexiconSpec {
            language: "xx".into(),
            persons: w(&["ingenier"]),
            names: w(&["bobo"]),
            systems: w(&["servis", "flag"]),
            determiners: w(&["e"]),
            relatives: w(&["ku"]),
            generic_persons: w(&["hende"]),
            skip: w(&["ayera"]),
            prepositions: w(&["riba"]),
            verb_final_openers: w(&["pasobra", "ku"]),
            verb_second: true,
            ..Default::default()
        })
    }

    fn of_match(s: &str, word: &str) -> Subject {
        subject_of_match(s, &tokenize(s), s.find(word).unwrap(), &v2()).0
    }

    #[test]
    fn word_order_decides_where_the_subject_is() {
        // Verb-final clause: the subject follows the opener; what stands
        // right before the verb is its object.
        assert_eq!(
            of_match("e servis a faya pasobra Bobo e flag lubida", "lubida"),
            Subject::Person
        );
        assert_eq!(
            of_match("Bobo a faya pasobra e servis e flag lubida", "lubida"),
            Subject::System
        );
        // A relative: a person after it is the subject, else what it stands for.
        assert_eq!(
            of_match("e ingenier ku e flag lubida", "lubida"),
            Subject::Person
        );
        assert_eq!(of_match("e flag ku Bobo lubida", "lubida"), Subject::Person);
        assert_eq!(
            of_match("e servis ku e flag lubida", "lubida"),
            Subject::System
        );
        assert_eq!(of_match("hende ku lubida", "lubida"), Subject::Unknown);
        // Verb second: with only adverbials before the verb, the subject
        // follows it; a fronted prepositional phrase is not the subject.
        assert_eq!(
            of_match("ayera lubida e ingenier e flag", "lubida"),
            Subject::Person
        );
        assert_eq!(of_match("ayera lubida e servis", "lubida"), Subject::System);
        assert_eq!(
            of_match("riba e servis lubida e ingenier e flag", "lubida"),
            Subject::Person
        );
        // Inside a noun phrase nothing is taken from after the match.
        assert_eq!(of_match("e lubida flag", "lubida"), Subject::Unknown);
        // Without these settings only the words before the match count.
        let s = "ayera lubida e ingenier";
        assert_eq!(
            subject_of_match(s, &tokenize(s), 6, &lex()).0,
            Subject::Unknown
        );
    }

    #[test]
    fn after_head_decides() {
        assert_eq!(after("kausa pa de ingenier.", "pa"), Subject::Person);
        assert_eq!(after("kausa: @kim", "kausa"), Subject::Person);
        assert_eq!(
            after("kausa wan un alerta manajer", "kausa"),
            Subject::System
        );
        assert_eq!(
            after("kausa un grandi bug nobo ingenier", "kausa"),
            Subject::Unknown
        );
        assert_eq!(after("kausa Bobo's servis", "kausa"), Subject::System);
        assert_eq!(
            after("kausa de relis manajer's servis", "kausa"),
            Subject::System
        );
        assert_eq!(after("kausa Bobo's grandi kos", "kausa"), Subject::Unknown);
        assert_eq!(after("kausa ta Bobo's", "kausa"), Subject::Person);
        assert_eq!(after("kausa mi", "kausa"), Subject::FirstPerson);
        assert_eq!(
            after("kausa de data team i de servis", "kausa"),
            Subject::Person
        );
        assert_eq!(after("kausa \u{1}\u{1} faal", "kausa"), Subject::System);
        assert_eq!(after("kausa de ingenier relis", "kausa"), Subject::Person);
        assert_eq!(after("kausa grandi wan nobodi", "kausa"), Subject::Person);
        // After a determiner a pronoun opens a clause: "due to the way they work".
        assert_eq!(after("kausa de kos nobodi", "kausa"), Subject::Unknown);
        assert_eq!(after("kausa servis nobodi", "kausa"), Subject::System);
    }
}
