//! Line starts of an open document, updated in place on every edit.
//!
//! The core has a `LineIndex` too, but it can only be rebuilt from scratch;
//! on a 5 MB file that is a full scan per keystroke. This one rescans only the
//! lines an edit touches and shifts the rest. Line terminators follow the core
//! (and LSP): `\n`, `\r\n` or a lone `\r`, and belong to the line they end.

use blamelint_core::line_index::ColumnUnit;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset where each line starts; `starts[0] == 0`.
    starts: Vec<usize>,
    len: usize,
}

/// Pushes the line starts found while scanning `bytes` from `from` (a line
/// start). Stops after pushing the first start beyond `stop_after`, so an
/// edit rescans only up to the end of the line it ends in.
fn scan(bytes: &[u8], from: usize, stop_after: usize, out: &mut Vec<usize>) -> bool {
    let mut i = from;
    while i < bytes.len() {
        let next = match bytes[i] {
            b'\n' => i + 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i + 2,
            b'\r' => i + 1,
            _ => {
                i += 1;
                continue;
            }
        };
        out.push(next);
        if next > stop_after {
            return true;
        }
        i = next;
    }
    false
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        scan(text.as_bytes(), 0, usize::MAX, &mut starts);
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Updates the index after `old[start..old_end]` was replaced by
    /// `new_len` bytes; `text` is the text after the edit.
    pub fn update(&mut self, text: &str, start: usize, old_end: usize, new_len: usize) {
        let new_end = start + new_len;
        // Start one byte early: inserting "\n" right after a "\r" merges two
        // terminators into one CRLF, which removes the line start at `start`.
        let first_line = self.line_of(start.saturating_sub(1));
        let from = self.starts[first_line];
        let mut fresh = Vec::new();
        let synced = scan(text.as_bytes(), from, new_end, &mut fresh);
        // Past the first start after `new_end`, every line start depends only
        // on unchanged bytes, so the old starts beyond it are still valid,
        // shifted by the edit's length change.
        let tail_from = if synced {
            let old_sync = fresh[fresh.len() - 1] + (old_end - start) - new_len;
            self.starts.partition_point(|&s| s <= old_sync)
        } else {
            self.starts.len()
        };
        let added = fresh.len();
        self.starts.splice(first_line + 1..tail_from, fresh);
        for s in &mut self.starts[first_line + 1 + added..] {
            *s = *s + new_len - (old_end - start);
        }
        self.len = text.len();
    }

    /// Byte range of line `line` including its terminator.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(line)?;
        let end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        Some(start..end)
    }

    /// Zero-based line containing `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset -> (line, column in `unit`). An offset inside a character
    /// rounds down to the character's start.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> (u32, u32) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let prefix = text.get(self.starts[line]..offset).unwrap_or("");
        let col = match unit {
            ColumnUnit::Utf8 => prefix.len(),
            ColumnUnit::Utf16 => prefix.chars().map(char::len_utf16).sum(),
            ColumnUnit::Char => prefix.chars().count(),
        };
        (line as u32, col as u32)
    }

    /// (line, column in `unit`) -> byte offset, clamped the way LSP asks:
    /// a column past the line's end means the end of its content (before the
    /// terminator), a line past the end means the end of the text, and a
    /// column inside a character rounds down to its start.
    pub fn offset(&self, text: &str, line: u32, col: u32, unit: ColumnUnit) -> usize {
        let Some(range) = self.line_range(line as usize) else {
            return text.len();
        };
        let Some(content) = text.get(range.clone()) else {
            return text.len();
        };
        let content = content.trim_end_matches(['\n', '\r']);
        let want = col as usize;
        if unit == ColumnUnit::Utf8 && want <= content.len() {
            let mut o = want;
            while !content.is_char_boundary(o) {
                o -= 1;
            }
            return range.start + o;
        }
        let mut seen = 0usize;
        for (i, ch) in content.char_indices() {
            seen += match unit {
                ColumnUnit::Utf8 => ch.len_utf8(),
                ColumnUnit::Utf16 => ch.len_utf16(),
                ColumnUnit::Char => 1,
            };
            if seen > want {
                return range.start + i;
            }
        }
        range.start + content.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*: deterministic and dependency-free.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn boundary(text: &str, mut o: usize) -> usize {
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }

    #[test]
    fn incremental_update_matches_rebuild() {
        let pieces = [
            "a", "\n", "\r", "\r\n", "é", "🎉", "漢字", " ", "x\ry", "\n\n",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut text = String::from("start\r\nmiddle\rend\n");
        let mut idx = LineIndex::new(&text);
        for _ in 0..5_000 {
            let a = boundary(&text, rng.below(text.len() + 1));
            let b = boundary(&text, rng.below(text.len() + 1));
            let (s, e) = (a.min(b), a.max(b));
            let e = if rng.below(3) == 0 {
                e
            } else {
                boundary(&text, (s + rng.below(4)).min(text.len()))
            };
            let mut ins = String::new();
            for _ in 0..rng.below(4) {
                ins.push_str(pieces[rng.below(pieces.len())]);
            }
            text.replace_range(s..e, &ins);
            idx.update(&text, s, e, ins.len());
            assert_eq!(
                idx,
                LineIndex::new(&text),
                "after replacing {s}..{e} with {ins:?} in {text:?}"
            );
            if text.len() > 400 {
                text.truncate(boundary(&text, 100));
                idx = LineIndex::new(&text);
            }
        }
    }

    #[test]
    fn positions_round_trip_in_every_unit() {
        let text = "a\r\n🎉 should have\rx\u{301}漢\n";
        let idx = LineIndex::new(text);
        let off = text.find("should").unwrap();
        assert_eq!(idx.position(text, off, ColumnUnit::Utf16), (1, 3));
        assert_eq!(idx.position(text, off, ColumnUnit::Utf8), (1, 5));
        assert_eq!(idx.offset(text, 1, 3, ColumnUnit::Utf16), off);
        assert_eq!(idx.offset(text, 1, 5, ColumnUnit::Utf8), off);
        // inside the surrogate pair / UTF-8 sequence rounds down
        assert_eq!(idx.offset(text, 1, 1, ColumnUnit::Utf16), 3);
        assert_eq!(idx.offset(text, 1, 2, ColumnUnit::Utf8), 3);
        // past the line's end clamps before the terminator; past the end of text
        assert_eq!(idx.offset(text, 0, 99, ColumnUnit::Utf16), 1);
        assert_eq!(idx.offset(text, 9, 0, ColumnUnit::Utf16), text.len());
        let han = text.find('漢').unwrap();
        assert_eq!(idx.position(text, han, ColumnUnit::Utf16), (2, 2));
        assert_eq!(idx.position(text, han + 1, ColumnUnit::Utf16), (2, 2));
    }
}
