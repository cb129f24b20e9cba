//! `--diff-base REF`: which lines of which files were added or changed since
//! REF, from `git diff --unified=0 REF` run at the root of each file's
//! repository (the working tree against REF: committed, staged and unstaged
//! changes), plus untracked files, which count as new throughout.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How a file differs from the base revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Not in the diff: report nothing.
    Unchanged,
    /// In the diff; these 1-based line ranges of the current file are added or
    /// changed (empty when lines were only deleted).
    Lines(Vec<RangeInclusive<usize>>),
    /// Untracked: every line is new.
    Whole,
}

impl Change {
    /// Whether a finding on lines `first..=last` is reported. Structure
    /// findings are about the whole document: any change to the file counts.
    pub fn keeps(&self, first: usize, last: usize, structure: bool) -> bool {
        match self {
            Change::Unchanged => false,
            Change::Whole => true,
            Change::Lines(_) if structure => true,
            Change::Lines(ranges) => ranges
                .iter()
                .any(|r| *r.start() <= last && first <= *r.end()),
        }
    }
}

pub struct DiffBase {
    /// Canonical path of every file in the diff (new side) → its added lines.
    changed: HashMap<PathBuf, Vec<RangeInclusive<usize>>>,
    untracked: HashSet<PathBuf>,
}

impl DiffBase {
    /// Runs git once per repository that holds one of `files`. Errors: a file
    /// outside any git repository, an unknown revision, git not runnable.
    pub fn load(base: &str, files: &[PathBuf]) -> Result<DiffBase, String> {
        if base.is_empty() || base.starts_with('-') {
            return Err(format!("unknown revision `{base}`"));
        }
        let mut roots_by_dir: HashMap<PathBuf, PathBuf> = HashMap::new();
        let mut roots: BTreeMap<PathBuf, ()> = BTreeMap::new();
        for file in files {
            // A file that cannot be resolved is reported when it is read.
            let Ok(abs) = std::fs::canonicalize(file) else {
                continue;
            };
            let dir = abs.parent().unwrap_or(Path::new("/")).to_path_buf();
            if roots_by_dir.contains_key(&dir) {
                continue;
            }
            let root = repo_root(&dir)
                .ok_or_else(|| format!("{} is not in a git repository", file.display()))?;
            roots.insert(root.clone(), ());
            roots_by_dir.insert(dir, root);
        }
        let mut out = DiffBase {
            changed: HashMap::new(),
            untracked: HashSet::new(),
        };
        for root in roots.keys() {
            let ok = git(root)
                .args(["rev-parse", "--verify", "--quiet"])
                .arg(format!("{base}^{{commit}}"))
                .output()
                .map_err(|e| format!("cannot run git: {e}"))?
                .status
                .success();
            if !ok {
                return Err(format!(
                    "unknown revision `{base}` in the git repository at {}",
                    root.display()
                ));
            }
            let diff = git(root)
                .args([
                    "-c",
                    "core.quotePath=false",
                    "diff",
                    "--no-color",
                    "--no-ext-diff",
                    "--no-textconv",
                    "--unified=0",
                    "--find-renames",
                    "--src-prefix=a/",
                    "--dst-prefix=b/",
                    base,
                    "--",
                ])
                .output()
                .map_err(|e| format!("cannot run git: {e}"))?;
            if !diff.status.success() {
                return Err(format!(
                    "`git diff {base}` failed in {}: {}",
                    root.display(),
                    String::from_utf8_lossy(&diff.stderr).trim()
                ));
            }
            for (path, lines) in parse_unified_zero(&String::from_utf8_lossy(&diff.stdout)) {
                out.changed.insert(root.join(path), lines);
            }
            let others = git(root)
                .args(["ls-files", "--others", "--exclude-standard", "-z"])
                .output()
                .map_err(|e| format!("cannot run git: {e}"))?;
            for p in others.stdout.split(|&b| b == 0).filter(|p| !p.is_empty()) {
                out.untracked
                    .insert(root.join(String::from_utf8_lossy(p).as_ref()));
            }
        }
        Ok(out)
    }

    pub fn change(&self, file: &Path) -> Change {
        let Ok(abs) = std::fs::canonicalize(file) else {
            return Change::Unchanged;
        };
        if let Some(lines) = self.changed.get(&abs) {
            Change::Lines(lines.clone())
        } else if self.untracked.contains(&abs) {
            Change::Whole
        } else {
            Change::Unchanged
        }
    }
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir);
    c
}

fn repo_root(dir: &Path) -> Option<PathBuf> {
    let o = git(dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()?;
    if !o.status.success() {
        return None;
    }
    let s = String::from_utf8_lossy(&o.stdout)
        .trim_end_matches('\n')
        .to_string();
    std::fs::canonicalize(&s).ok()
}

/// Parses `git diff --unified=0` output into (path relative to the repository
/// root, added line ranges of the new file). Deleted files are left out; a file
/// whose hunks only delete lines has an empty list.
pub fn parse_unified_zero(diff: &str) -> Vec<(String, Vec<RangeInclusive<usize>>)> {
    let mut out: Vec<(String, Vec<RangeInclusive<usize>>)> = Vec::new();
    let mut current: Option<usize> = None;
    let mut lines = diff.split('\n');
    while let Some(line) = lines.next() {
        if line.starts_with("diff --git ") {
            current = None;
        } else if let Some(rest) = line.strip_prefix("+++ ") {
            let rest = rest.strip_suffix('\t').unwrap_or(rest);
            current = None;
            if rest != "/dev/null" {
                let path = if rest.starts_with('"') {
                    unquote_c(rest)
                } else {
                    rest.to_string()
                };
                if let Some(p) = path.strip_prefix("b/") {
                    out.push((p.to_string(), Vec::new()));
                    current = Some(out.len() - 1);
                }
            }
        } else if let Some(header) = line.strip_prefix("@@ ") {
            let mut parts = header.split(' ');
            let old = parts.next().and_then(|s| s.strip_prefix('-'));
            let new = parts.next().and_then(|s| s.strip_prefix('+'));
            let (Some(old), Some(new)) = (old, new) else {
                continue;
            };
            let (_, old_count) = hunk_range(old);
            let (start, count) = hunk_range(new);
            if let (Some(i), true) = (current, count > 0) {
                out[i].1.push(start..=start + count - 1);
            }
            // Skip the hunk body, whose lines may look like headers.
            let mut remaining = old_count + count;
            while remaining > 0 {
                match lines.next() {
                    Some(l) if l.starts_with('\\') => {}
                    Some(_) => remaining -= 1,
                    None => break,
                }
            }
        }
    }
    out
}

/// `c,d` or `c` (count 1) from a hunk header.
fn hunk_range(s: &str) -> (usize, usize) {
    match s.split_once(',') {
        Some((a, b)) => (a.parse().unwrap_or(0), b.parse().unwrap_or(0)),
        None => (s.parse().unwrap_or(0), 1),
    }
}

/// Git's C-style quoting of unusual paths: `"a\tb\303\251"`.
fn unquote_c(s: &str) -> String {
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(s);
    let mut bytes = Vec::with_capacity(inner.len());
    let mut it = inner.bytes().peekable();
    while let Some(b) = it.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match it.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b'a') => bytes.push(7),
            Some(b'b') => bytes.push(8),
            Some(b'f') => bytes.push(12),
            Some(b'v') => bytes.push(11),
            Some(d @ b'0'..=b'7') => {
                let mut v = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&n @ b'0'..=b'7') = it.peek() {
                        v = v * 8 + u32::from(n - b'0');
                        it.next();
                    }
                }
                bytes.push(v as u8);
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_renames_deletions_and_tricky_bodies() {
        let diff = "\
diff --git a/docs/pm.md b/docs/pm.md
index 1111111..2222222 100644
--- a/docs/pm.md
+++ b/docs/pm.md
@@ -3 +3 @@ intro
-old
+new
@@ -10,0 +11,3 @@ ctx
+++ b/not-a-header.md
+two
+three
@@ -20,2 +22,0 @@
-gone
-gone too
diff --git a/old.md b/moved.md
similarity index 90%
rename from old.md
rename to moved.md
--- a/old.md
+++ b/moved.md
@@ -1 +1,2 @@
-a
+b
+c
\\ No newline at end of file
diff --git a/gone.md b/gone.md
deleted file mode 100644
--- a/gone.md
+++ /dev/null
@@ -1 +0,0 @@
-x
diff --git a/only-del.md b/only-del.md
--- a/only-del.md
+++ b/only-del.md
@@ -2 +1,0 @@
-x
diff --git \"a/sp\\303\\251cial\\tname.md\" \"b/sp\\303\\251cial\\tname.md\"
--- \"a/sp\\303\\251cial\\tname.md\"
+++ \"b/sp\\303\\251cial\\tname.md\"
@@ -0,0 +1 @@
+hi
diff --git a/with space.md b/with space.md
--- a/with space.md\t
+++ b/with space.md\t
@@ -1 +1 @@
-a
+b
";
        assert_eq!(
            parse_unified_zero(diff),
            vec![
                ("docs/pm.md".to_string(), vec![3..=3, 11..=13]),
                ("moved.md".to_string(), vec![1..=2]),
                ("only-del.md".to_string(), vec![]),
                ("spécial\tname.md".to_string(), vec![1..=1]),
                ("with space.md".to_string(), vec![1..=1]),
            ]
        );
    }

    #[test]
    fn keeps_overlapping_lines_and_structure_on_changed_files() {
        let c = Change::Lines(vec![3..=3, 11..=13]);
        assert!(c.keeps(3, 3, false));
        assert!(c.keeps(2, 4, false));
        assert!(c.keeps(13, 20, false));
        assert!(!c.keeps(4, 10, false));
        assert!(c.keeps(1, 1, true));
        assert!(Change::Lines(vec![]).keeps(1, 1, true));
        assert!(!Change::Lines(vec![]).keeps(1, 1, false));
        assert!(!Change::Unchanged.keeps(1, 1, true));
        assert!(Change::Whole.keeps(7, 7, false));
    }
}
