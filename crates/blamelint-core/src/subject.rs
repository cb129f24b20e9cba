//! Who is the subject of a matched phrase: a person or a system?
//! "The service failed to connect" is not blame; "Bob failed to check" is.

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

/// Classifies the subject of a phrase starting at `at` (an offset into
/// `sentence`), from the noun phrase just before it in the same clause.
pub fn subject_before(
    sentence: &str,
    tokens: &[Token],
    at: usize,
    lex: &Lexicon,
) -> (Subject, Option<Range<usize>>) {
    let before: Vec<&Token> = tokens.iter().filter(|t| t.range.end <= at).collect();
    let first_word = tokens
        .iter()
        .position(|t| t.kind != TokenKind::Punct && t.kind != TokenKind::Number);
    let mut relative_seen = false;
    for (idx, t) in before.iter().enumerate().rev() {
        let sentence_initial = Some(idx) == first_word;
        match t.kind {
            TokenKind::Handle => return (Subject::Person, Some(t.range.clone())),
            TokenKind::Code => return (Subject::System, Some(t.range.clone())),
            TokenKind::Number => return (Subject::Unknown, None),
            TokenKind::Punct => {
                let p = &sentence[t.range.clone()];
                if p == "," && relative_seen {
                    continue;
                }
                return (
                    if relative_seen {
                        Subject::Unknown
                    } else {
                        Subject::Unknown
                    },
                    None,
                );
            }
            TokenKind::Word => {}
        }
        let word = &sentence[t.range.clone()];
        let class = lex.classify(word, sentence_initial);
        let subject = match class {
            WordClass::Skip => continue,
            WordClass::Relative => {
                relative_seen = true;
                if word.eq_ignore_ascii_case("who") {
                    // "the person who forgot": who is always a person.
                    return (Subject::Person, Some(t.range.clone()));
                }
                continue;
            }
            WordClass::Determiner | WordClass::ClauseBreak => return (Subject::Unknown, None),
            WordClass::Pronoun | WordClass::Person => Subject::Person,
            WordClass::FirstPerson => Subject::FirstPerson,
            WordClass::Name => Subject::Person,
            WordClass::System => Subject::System,
            WordClass::Capitalized => Subject::Name,
            WordClass::Other => Subject::Unknown,
        };
        return (subject, Some(t.range.clone()));
    }
    (Subject::Unknown, None)
}

/// Classifies an explicit subject span (a regex's `subject` group) by its
/// last word: "the on-call engineer" -> engineer.
pub fn subject_of_span(
    sentence: &str,
    tokens: &[Token],
    span: Range<usize>,
    lex: &Lexicon,
) -> Subject {
    let first_word = tokens.iter().position(|t| t.kind == TokenKind::Word);
    for (idx, t) in tokens.iter().enumerate().rev() {
        if t.range.start < span.start || t.range.end > span.end {
            continue;
        }
        match t.kind {
            TokenKind::Handle => return Subject::Person,
            TokenKind::Code => return Subject::System,
            TokenKind::Number | TokenKind::Punct => continue,
            TokenKind::Word => {}
        }
        return match lex.classify(&sentence[t.range.clone()], Some(idx) == first_word) {
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
