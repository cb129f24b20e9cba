//! The open documents: text, version, line index and the last lint result.
//!
//! Text and index sit behind `Arc`s so a lint job can take a snapshot without
//! copying; the next edit copies only if that snapshot is still alive
//! (`Arc::make_mut`), and edits in between lints are in place.

use crate::line_index::LineIndex;
use crate::lint::LintOutput;
use blamelint_core::line_index::ColumnUnit;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tower_lsp::lsp_types::{TextDocumentContentChangeEvent, Url};

pub struct Document {
    pub version: i32,
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    /// Bumped on every change and relint request; a lint result is used only
    /// while its generation is still the document's. Unique across documents
    /// and reopenings, so a result can never be mistaken for a newer one.
    pub generation: u64,
    /// The file system path, for config lookup and the postmortem globs.
    pub path: Option<PathBuf>,
    /// The config file this document resolved to (None: editor settings only).
    pub config: Option<PathBuf>,
    pub last: Option<Arc<LintOutput>>,
    /// Findings of unchanged blocks from earlier lints: a keystroke in a
    /// 5 MB document re-lints one block, not all of them.
    pub memo: Arc<std::sync::Mutex<blamelint_core::BlockMemo>>,
}

impl Document {
    pub fn new(uri: &Url, version: i32, text: String, generation: u64) -> Document {
        let index = LineIndex::new(&text);
        Document {
            version,
            text: Arc::new(text),
            index: Arc::new(index),
            generation,
            path: uri.to_file_path().ok(),
            config: None,
            last: None,
            memo: Default::default(),
        }
    }

    /// The path handed to the linter: decides Markdown vs plain text and
    /// whether the file is a postmortem.
    pub fn lint_path(&self, uri: &Url) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => uri.path().to_string(),
        }
    }

    /// Applies one change. Ranges are clamped to the text (LSP says a column
    /// past a line's end means its end), and a reversed range is reordered,
    /// so a confused client can never make us slice inside a character.
    pub fn apply(&mut self, change: TextDocumentContentChangeEvent, unit: ColumnUnit) {
        let Some(range) = change.range else {
            self.index = Arc::new(LineIndex::new(&change.text));
            self.text = Arc::new(change.text);
            return;
        };
        let a = self
            .index
            .offset(&self.text, range.start.line, range.start.character, unit);
        let b = self
            .index
            .offset(&self.text, range.end.line, range.end.character, unit);
        let (start, end) = (a.min(b), a.max(b));
        let text = Arc::make_mut(&mut self.text);
        text.replace_range(start..end, &change.text);
        Arc::make_mut(&mut self.index).update(text, start, end, change.text.len());
    }

    pub fn current_output(&self) -> Option<Arc<LintOutput>> {
        self.last
            .as_ref()
            .filter(|o| o.generation == self.generation)
            .cloned()
    }
}

#[derive(Default)]
pub struct Documents {
    docs: HashMap<Url, Document>,
    next_generation: u64,
}

impl Documents {
    pub fn next_generation(&mut self) -> u64 {
        self.next_generation += 1;
        self.next_generation
    }

    pub fn open(&mut self, uri: Url, version: i32, text: String) -> &mut Document {
        let generation = self.next_generation();
        let doc = Document::new(&uri, version, text, generation);
        self.docs.insert(uri.clone(), doc);
        self.docs.get_mut(&uri).expect("just inserted")
    }

    pub fn close(&mut self, uri: &Url) -> Option<Document> {
        self.docs.remove(uri)
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.docs.get(uri)
    }

    pub fn get_mut(&mut self, uri: &Url) -> Option<&mut Document> {
        self.docs.get_mut(uri)
    }

    /// Marks a document changed and returns its new generation.
    pub fn touch(&mut self, uri: &Url) -> Option<u64> {
        let generation = self.next_generation();
        let doc = self.docs.get_mut(uri)?;
        doc.generation = generation;
        Some(generation)
    }

    pub fn uris(&self) -> Vec<Url> {
        self.docs.keys().cloned().collect()
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&Url, &mut Document)> {
        self.docs.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp::lsp_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn clamps_and_reorders_bad_ranges() {
        let uri = Url::parse("file:///tmp/a.md").unwrap();
        let mut d = Document::new(&uri, 1, "ab\r\ncd".into(), 1);
        d.apply(change(0, 99, 0, 99, "X"), ColumnUnit::Utf16);
        assert_eq!(d.text.as_str(), "abX\r\ncd");
        d.apply(change(7, 0, 9, 9, "!"), ColumnUnit::Utf16);
        assert_eq!(d.text.as_str(), "abX\r\ncd!");
        d.apply(change(1, 1, 0, 1, ""), ColumnUnit::Utf16);
        assert_eq!(d.text.as_str(), "ad!");
        assert_eq!(*d.index, LineIndex::new(&d.text));
    }
}
