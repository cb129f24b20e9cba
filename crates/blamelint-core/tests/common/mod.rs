//! Helpers shared by the core's integration tests.

use std::path::{Path, PathBuf};

/// Files under `dir` with one of `extensions`, sorted; `node_modules` (the
/// editor extension's, when installed) is not ours and is skipped.
pub fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "node_modules") {
                out.extend(files(&p, extensions));
            }
        } else if p
            .extension()
            .is_some_and(|x| extensions.iter().any(|e| x == *e))
        {
            out.push(p);
        }
    }
    out.sort();
    out
}
