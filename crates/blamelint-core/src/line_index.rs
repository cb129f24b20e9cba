//! Byte offset <-> line/column conversions. Lines end at `\n`, `\r\n` or a lone
//! `\r`; the line terminator belongs to the line it ends.

use std::ops::Range;

/// Which unit a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// UTF-8 bytes (LSP `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP default).
    Utf16,
    /// Unicode scalar values (the CLI's 1-based `column`).
    Char,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; `line_starts[0] == 0`.
    line_starts: Vec<usize>,
    len: usize,
}

/// A zero-based line and a zero-based column in some [`ColumnUnit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte range of line `line` including its terminator.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        Some(start..end)
    }

    /// Zero-based line containing `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Converts a byte offset to a line and column. An offset inside a
    /// multi-byte character is rounded down to the character's start.
    pub fn line_col(&self, text: &str, offset: usize, unit: ColumnUnit) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let prefix = &text[start..offset];
        let col = match unit {
            ColumnUnit::Utf8 => prefix.len(),
            ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            ColumnUnit::Char => prefix.chars().count(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Converts a line and column back to a byte offset. Columns past the end
    /// of the line clamp to the line's end (before its terminator); a column in
    /// the middle of a UTF-16 surrogate pair or a UTF-8 sequence rounds down.
    /// Lines past the end clamp to the end of the text.
    pub fn offset(&self, text: &str, pos: LineCol, unit: ColumnUnit) -> usize {
        let Some(range) = self.line_range(pos.line as usize) else {
            return text.len();
        };
        let line = &text[range.clone()];
        let content_len = line.trim_end_matches(['\n', '\r']).len();
        let content = &line[..content_len];
        let want = pos.col as usize;
        let mut seen = 0usize;
        for (i, ch) in content.char_indices() {
            let w = match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if seen + w > want {
                return range.start + i;
            }
            seen += w;
        }
        range.start + content_len
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_and_crlf() {
        let text = "a\r\n🎉 should have\rx\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let off = text.find("should").unwrap();
        assert_eq!(
            idx.line_col(text, off, ColumnUnit::Utf16),
            LineCol { line: 1, col: 3 }
        );
        assert_eq!(
            idx.line_col(text, off, ColumnUnit::Utf8),
            LineCol { line: 1, col: 5 }
        );
        assert_eq!(
            idx.line_col(text, off, ColumnUnit::Char),
            LineCol { line: 1, col: 2 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 1, col: 3 }, ColumnUnit::Utf16),
            off
        );
        // inside the surrogate pair rounds down to the emoji
        assert_eq!(
            idx.offset(text, LineCol { line: 1, col: 1 }, ColumnUnit::Utf16),
            3
        );
        assert_eq!(
            idx.line_col(text, text.find('x').unwrap(), ColumnUnit::Char),
            LineCol { line: 2, col: 0 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, ColumnUnit::Utf16),
            1
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, ColumnUnit::Utf16),
            text.len()
        );
    }
}
