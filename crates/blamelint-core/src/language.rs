//! Which language a document, or a paragraph of it, is written in.
//!
//! A document declares its language with `<!-- blamelint-language nl -->`,
//! front matter `lang: nl` or the config's `language`. Without one (or with
//! `language = "auto"`) the language is detected: among the loaded packs
//! whose lexicon names an ISO 639-3 code (`iso639_3 = "nld"`), with
//! [`whatlang`] restricted to exactly those languages. Only confident
//! answers on enough text count; everything else is "unsure", and the caller
//! falls back (see `linter.rs`).
//!
//! No words of any language live here: the candidates come from the packs.

use crate::markdown::blocks::{split_blocks, BlockKind};
use crate::rules::RuleSet;

/// Fewer letters than this: too short to tell the languages apart.
pub const MIN_LETTERS: usize = 20;
/// whatlang's confidence (0..1) an answer needs. With two or three candidate
/// languages it is low only for short or mixed text.
pub const MIN_CONFIDENCE: f64 = 0.7;
/// A paragraph or block is judged on at most this many bytes of its words:
/// enough to tell two or three languages apart, and it keeps detection cheap
/// on long paragraphs.
const UNIT_SAMPLE_BYTES: usize = 512;
/// Document-level detection reads at most this much of the document, and at
/// most [`SAMPLE_WORDS_BYTES`] of words from it.
const SAMPLE_SOURCE_BYTES: usize = 64 * 1024;
const SAMPLE_WORDS_BYTES: usize = 2 * 1024;

/// Detects a language among the packs of a [`RuleSet`].
#[derive(Debug, Clone)]
pub struct LanguageDetector {
    packs: Vec<(whatlang::Lang, String)>,
    detector: whatlang::Detector,
}

impl LanguageDetector {
    /// `None` when fewer than two packs name a detectable language: there is
    /// nothing to choose between.
    pub fn new(set: &RuleSet) -> Option<LanguageDetector> {
        let mut packs = Vec::new();
        for name in set.languages() {
            let code = set.lexicon(name).and_then(|l| l.iso639_3.as_deref());
            if let Some(lang) = code.and_then(whatlang::Lang::from_code) {
                if !packs.iter().any(|(l, _)| *l == lang) {
                    packs.push((lang, name.to_string()));
                }
            }
        }
        if packs.len() < 2 {
            return None;
        }
        let detector = whatlang::Detector::with_allowlist(packs.iter().map(|(l, _)| *l).collect());
        Some(LanguageDetector { packs, detector })
    }

    /// The pack language of `text` (prose, possibly masked), or `None` when
    /// the text is too short or the answer is not confident.
    pub fn detect(&self, text: &str) -> Option<&str> {
        let (words, letters) = words_only(text, UNIT_SAMPLE_BYTES);
        self.detect_words(&words, letters)
    }

    fn detect_words(&self, words: &str, letters: usize) -> Option<&str> {
        if letters < MIN_LETTERS {
            return None;
        }
        let info = self.detector.detect(words)?;
        if info.confidence() < MIN_CONFIDENCE {
            return None;
        }
        self.packs
            .iter()
            .find(|(l, _)| *l == info.lang())
            .map(|(_, name)| name.as_str())
    }

    /// The language of a whole document, from a sample of its prose: code
    /// blocks, front matter and HTML comments are left out, and so are
    /// words that look like code (`snake_case`, paths, handles, numbers).
    pub fn detect_document(&self, text: &str, markdown: bool) -> Option<&str> {
        let mut cut = text.len().min(SAMPLE_SOURCE_BYTES);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let head = &text[..cut];
        let mut words = String::new();
        let mut letters = 0;
        let mut add = |piece: &str, words: &mut String| {
            let room = SAMPLE_WORDS_BYTES.saturating_sub(words.len());
            let (w, n) = words_only(piece, room);
            if !w.is_empty() {
                words.push_str(&w);
                words.push(' ');
                letters += n;
            }
        };
        if markdown {
            for block in split_blocks(head) {
                if block.kind == BlockKind::Prose {
                    add(&head[block.range], &mut words);
                }
                if words.len() >= SAMPLE_WORDS_BYTES {
                    break;
                }
            }
        } else {
            add(head, &mut words);
        }
        self.detect_words(&words, letters)
    }
}

/// The words of `text` that look like prose, space-separated (at most
/// `max_bytes` of them), and how many letters they have. Whitespace-separated
/// chunks with digits, `_`, `/`, `@`, `` ` ``, `=`, `<`, `>`, `{`, `}` or
/// masked code are dropped; punctuation around a word is trimmed.
fn words_only(text: &str, max_bytes: usize) -> (String, usize) {
    let mut out = String::new();
    let mut letters = 0;
    for chunk in text.split_whitespace() {
        if chunk.chars().any(|c| {
            c.is_ascii_digit()
                || c.is_control()
                || matches!(
                    c,
                    '_' | '/' | '@' | '`' | '=' | '<' | '>' | '{' | '}' | '\\'
                )
        }) {
            continue;
        }
        let word = chunk.trim_matches(|c: char| !c.is_alphabetic());
        if word.is_empty() {
            continue;
        }
        if out.len() + word.len() + 1 > max_bytes {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        letters += word.chars().filter(|c| c.is_alphabetic()).count();
    }
    (out, letters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_like_words_are_dropped() {
        let (w, n) = words_only(
            "Deploy `x_y` via \u{1}\u{1} @kim v5.8.0 https://a.b/c (de pipeline).",
            usize::MAX,
        );
        assert_eq!(w, "Deploy via de pipeline");
        assert_eq!(n, 19);
        assert_eq!(words_only("een twee drie", 8).0, "een twee");
    }
}
