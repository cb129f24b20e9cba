//! Sentences and word tokens over masked prose.

use crate::markdown::prose::CODE_BYTE;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    /// `@handle`
    Handle,
    /// A masked code span or URL.
    Code,
    Number,
    /// Clause punctuation: `, ; : ( ) " —` and friends.
    Punct,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub range: Range<usize>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `s` into tokens. Words keep inner apostrophes and hyphens
/// ("didn't", "on-call", "Bob's").
pub fn tokenize(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c as u32 == CODE_BYTE as u32 {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if d as u32 != CODE_BYTE as u32 {
                    break;
                }
                end = j + 1;
                it.next();
            }
            out.push(Token {
                kind: TokenKind::Code,
                range: i..end,
            });
        } else if is_word_char(c) || (c == '@' && it.peek().is_some_and(|&(_, d)| is_word_char(d)))
        {
            let mut end = i + c.len_utf8();
            let mut digits_only = c.is_ascii_digit();
            while let Some(&(j, d)) = it.peek() {
                let joins = matches!(d, '\'' | '’' | '-' | '.' | ':' | '/')
                    && s[j + d.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char);
                if is_word_char(d) || joins {
                    if !d.is_ascii_digit() && !matches!(d, ':' | '.') {
                        digits_only = false;
                    }
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            let kind = if c == '@' {
                TokenKind::Handle
            } else if s[i..end].starts_with(|c: char| c.is_ascii_digit()) && digits_only {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            out.push(Token {
                kind,
                range: i..end,
            });
        } else if matches!(
            c,
            ',' | ';'
                | ':'
                | '('
                | ')'
                | '"'
                | '“'
                | '”'
                | '—'
                | '–'
                | '|'
                | '['
                | ']'
                | '→'
                | '='
                | '>'
                | '<'
        ) {
            out.push(Token {
                kind: TokenKind::Punct,
                range: i..i + c.len_utf8(),
            });
        } else if c == '-' && it.peek().is_some_and(|&(_, d)| d == ' ') && s[..i].ends_with(' ') {
            // A spaced hyphen is a dash: "14:05 - Alice rolled back".
            out.push(Token {
                kind: TokenKind::Punct,
                range: i..i + 1,
            });
        }
    }
    out
}

/// Quotation marks: (opening, closing). A straight `"` both opens and closes.
const QUOTE_PAIRS: &[(char, char)] = &[
    ('"', '"'),
    ('“', '”'),
    ('„', '“'),
    ('„', '”'),
    ('«', '»'),
    ('»', '«'),
];

/// Single quotation marks, which double as apostrophes: they only count at
/// the edge of a word ("the 'human error' label", not "didn't").
const SINGLE_QUOTES: &[(char, char)] = &[('\'', '\''), ('‘', '’')];

fn single_quoted(s: &str, span: Range<usize>) -> bool {
    let wordy = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    // An opening mark has no letter before it and one after it; a closing
    // mark the other way round.
    let opening = |i: usize, c: char| {
        !wordy(s[..i].chars().next_back()) && wordy(s[i + c.len_utf8()..].chars().next())
    };
    let closing = |i: usize, c: char| {
        wordy(s[..i].chars().next_back()) && !wordy(s[i + c.len_utf8()..].chars().next())
    };
    SINGLE_QUOTES.iter().any(|&(open, close)| {
        let Some(o) = s[..span.start]
            .char_indices()
            .rev()
            .find(|&(i, c)| c == open && opening(i, c))
            .map(|(i, _)| i)
        else {
            return false;
        };
        let closed_before = s[o + open.len_utf8()..span.start]
            .char_indices()
            .any(|(i, c)| c == close && closing(o + open.len_utf8() + i, c));
        let closes_after = s[span.end..]
            .char_indices()
            .any(|(i, c)| c == close && closing(span.end + i, c));
        !closed_before && closes_after
    })
}

/// True when `span` lies between a pair of quotation marks in `s` (both
/// within `s`): the words are quoted, mentioned rather than used.
pub fn in_quotes(s: &str, span: Range<usize>) -> bool {
    let before = &s[..span.start];
    let after = &s[span.end..];
    if single_quoted(s, span.clone()) {
        return true;
    }
    QUOTE_PAIRS.iter().any(|&(open, close)| {
        if open == close {
            before.matches(open).count() % 2 == 1 && after.contains(close)
        } else {
            match before.rfind(open) {
                Some(o) => !before[o..].contains(close) && after.contains(close),
                None => false,
            }
        }
    })
}

const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "vs", "dr", "mr", "mrs", "ms", "approx", "incl", "no", "fig", "bijv",
    "o.a", "d.w.z", "mvg", "ca",
];

/// Splits a unit of masked prose into sentence ranges (relative to `s`),
/// trimmed of surrounding whitespace.
pub fn sentences(s: &str) -> Vec<Range<usize>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b')' | b'\'') {
                j += 1;
            }
            let at_end = j >= bytes.len();
            let followed_by_space = at_end || matches!(bytes[j], b' ' | b'\n' | b'\r' | b'\t');
            if followed_by_space && !(b == b'.' && ends_with_abbreviation(&s[start..i])) {
                push_trimmed(s, start..j, &mut out);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(s, start..s.len(), &mut out);
    out
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
        || word.chars().all(|c| c.is_ascii_digit()) && !word.is_empty()
}

fn push_trimmed(s: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let piece = &s[r.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| &s[t.range]).collect()
    }

    #[test]
    fn tokens() {
        assert_eq!(
            words("14:05 Bob's on-call didn't — @kim, v1.2 e.g. \u{1}\u{1} x"),
            vec![
                "14:05",
                "Bob's",
                "on-call",
                "didn't",
                "—",
                "@kim",
                ",",
                "v1.2",
                "e.g",
                "\u{1}\u{1}",
                "x"
            ]
        );
    }

    #[test]
    fn quotes() {
        let s = "We avoid \"careless mistake\" and “lazy” but careless here";
        let at = |w: &str, nth: usize| {
            let i = s.match_indices(w).nth(nth).unwrap().0;
            i..i + w.len()
        };
        assert!(in_quotes(s, at("careless", 0)));
        assert!(in_quotes(s, at("lazy", 0)));
        assert!(!in_quotes(s, at("careless", 1)));
        assert!(!in_quotes(s, at("avoid", 0)));
        assert!(!in_quotes("Bob said \"no\" and forgot", 17..23));
        let s = "the 'human error' label, and 'x' but Bob didn't forget it's";
        let at = |w: &str| {
            let i = s.find(w).unwrap();
            i..i + w.len()
        };
        assert!(in_quotes(s, at("human error")));
        assert!(!in_quotes(s, at("label")));
        assert!(!in_quotes(s, at("forget")));
        assert!(in_quotes("a ‘careless’ b", 5..13));
        let s = "Bob’s careless fix, it’s";
        assert!(!in_quotes(
            s,
            s.find("careless").unwrap()..s.find(" fix").unwrap()
        ));
    }

    #[test]
    fn splits_sentences() {
        let s = "Bob forgot. The alert (e.g. the pager) fired at 14.05 today! Why? Done";
        let got: Vec<&str> = sentences(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(
            got,
            vec![
                "Bob forgot.",
                "The alert (e.g. the pager) fired at 14.05 today!",
                "Why?",
                "Done"
            ]
        );
    }
}
