//! What each block of a document gave last time, keyed by a hash of the
//! block's text, so that an edit recomputes only the blocks it touched: the
//! engine's findings and the structure outline both keep one per document.

use std::collections::{HashMap, HashSet};

/// A 64-bit hash of a block, eight bytes per multiply (wyhash's folded
/// 128-bit product): SipHash over every block of a 5 MB buffer on every
/// keystroke was a tenth of an edit's time.
pub(crate) fn block_key(text: &str, continues_list: bool) -> u64 {
    const K0: u64 = 0xa076_1d64_78bd_642f;
    const K1: u64 = 0xe703_7ed1_a0b4_28db;
    let mix = |a: u64, b: u64| {
        let r = (a as u128).wrapping_mul(b as u128);
        (r as u64) ^ ((r >> 64) as u64)
    };
    let bytes = text.as_bytes();
    let mut h = mix(bytes.len() as u64 ^ K0, K1 ^ u64::from(continues_list));
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().expect("8 bytes"));
        h = mix(h ^ w ^ K0, K1);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    mix(h ^ u64::from_le_bytes(tail) ^ K0, K1)
}

/// Values per block hash. A pass calls [`BlockCache::begin`], looks blocks
/// up and fills them in, then [`BlockCache::finish`], which drops what no
/// block of the latest version used.
#[derive(Debug)]
pub(crate) struct BlockCache<V> {
    entries: HashMap<u64, V>,
    used: HashSet<u64>,
}

impl<V> Default for BlockCache<V> {
    fn default() -> Self {
        BlockCache {
            entries: HashMap::new(),
            used: HashSet::new(),
        }
    }
}

impl<V> BlockCache<V> {
    pub fn begin(&mut self) {
        self.used.clear();
    }

    pub fn get(&mut self, key: u64) -> Option<&V> {
        if self.entries.contains_key(&key) {
            self.used.insert(key);
        }
        self.entries.get(&key)
    }

    pub fn insert(&mut self, key: u64, value: V) {
        self.used.insert(key);
        self.entries.insert(key, value);
    }

    pub fn get_or_insert_with(&mut self, key: u64, make: impl FnOnce() -> V) -> &V {
        self.used.insert(key);
        self.entries.entry(key).or_insert_with(make)
    }

    pub fn finish(&mut self) {
        let used = std::mem::take(&mut self.used);
        self.entries.retain(|k, _| used.contains(k));
        self.used = used;
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }
}
