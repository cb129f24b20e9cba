//! Baselines (`--write-baseline FILE`, `--baseline FILE`): accept today's
//! findings and report only new ones. A finding is recorded by rule, file and
//! the flagged text, plus a hash of its line; not by line number, so findings
//! survive lines moving. docs/baseline.md describes the format.

use crate::report::Checked;
use blamelint_core::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub text: String,
    pub context_hash: String,
}

#[derive(Serialize, Deserialize, Debug)]
struct BaselineFile {
    version: u32,
    #[serde(default)]
    tool: String,
    findings: Vec<Entry>,
}

/// A loaded baseline: for each path, the recorded entries.
pub struct Baseline {
    pub dir: PathBuf,
    by_path: HashMap<String, Vec<Entry>>,
}

impl Baseline {
    pub fn read(file: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("{}: cannot read the baseline: {e}", file.display()))?;
        let parsed: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a blamelint baseline: {e}", file.display()))?;
        if parsed.version != VERSION {
            return Err(format!(
                "{}: baseline version {} is not supported (expected {VERSION})",
                file.display(),
                parsed.version
            ));
        }
        let mut by_path: HashMap<String, Vec<Entry>> = HashMap::new();
        for e in parsed.findings {
            by_path.entry(e.path.clone()).or_default().push(e);
        }
        Ok(Baseline {
            dir: base_dir(file)?,
            by_path,
        })
    }

    /// Removes the findings the baseline records for this file. When the
    /// baseline has a (rule, text) N times, at most N findings are hidden,
    /// those whose line also hashes the same first.
    pub fn filter(&self, rel_path: &str, checked: &mut Checked) {
        let Some(recorded) = self.by_path.get(rel_path) else {
            return;
        };
        let mut exact: HashMap<(&str, &str, &str), usize> = HashMap::new();
        let mut loose: HashMap<(&str, &str), usize> = HashMap::new();
        for e in recorded {
            *exact
                .entry((e.rule.as_str(), e.text.as_str(), e.context_hash.as_str()))
                .or_default() += 1;
            *loose.entry((e.rule.as_str(), e.text.as_str())).or_default() += 1;
        }
        let keys: Vec<(String, String)> = checked
            .diagnostics
            .iter()
            .map(|d| (flagged_text(checked, d), context_hash(checked, d)))
            .collect();
        let mut hidden = vec![false; keys.len()];
        for (i, d) in checked.diagnostics.iter().enumerate() {
            let (text, hash) = (&keys[i].0, &keys[i].1);
            if let Some(n) = exact.get_mut(&(d.rule.as_str(), text.as_str(), hash.as_str())) {
                if *n > 0 {
                    *n -= 1;
                    *loose.get_mut(&(d.rule.as_str(), text.as_str())).unwrap() -= 1;
                    hidden[i] = true;
                }
            }
        }
        for (i, d) in checked.diagnostics.iter().enumerate() {
            if hidden[i] {
                continue;
            }
            if let Some(n) = loose.get_mut(&(d.rule.as_str(), keys[i].0.as_str())) {
                if *n > 0 {
                    *n -= 1;
                    hidden[i] = true;
                }
            }
        }
        let mut i = 0;
        checked.diagnostics.retain(|_| {
            i += 1;
            !hidden[i - 1]
        });
    }
}

/// The entries for one checked file.
pub fn entries(rel_path: &str, checked: &Checked) -> Vec<Entry> {
    checked
        .diagnostics
        .iter()
        .map(|d| Entry {
            path: rel_path.to_string(),
            rule: d.rule.clone(),
            text: flagged_text(checked, d),
            context_hash: context_hash(checked, d),
        })
        .collect()
}

/// Writes the baseline: entries sorted, pretty JSON, one trailing newline.
pub fn write(file: &Path, mut findings: Vec<Entry>) -> Result<(), String> {
    findings.sort();
    let doc = BaselineFile {
        version: VERSION,
        tool: "blamelint".into(),
        findings,
    };
    let mut text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(file, text)
        .map_err(|e| format!("{}: cannot write the baseline: {e}", file.display()))
}

/// How many findings per file, for the summary line.
pub fn summary(findings: &[Entry]) -> (usize, usize) {
    let mut files: BTreeMap<&str, ()> = BTreeMap::new();
    for f in findings {
        files.insert(&f.path, ());
    }
    (findings.len(), files.len())
}

/// The folder paths in a baseline are relative to: the baseline file's own.
pub fn base_dir(file: &Path) -> Result<PathBuf, String> {
    let parent = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(parent).map_err(|e| format!("{}: {e}", parent.display()))
}

/// `file` relative to `dir` with `/` separators (`..` where needed). A file
/// that does not exist (a `--stdin-filename`) is taken lexically.
pub fn relative_to(file: &Path, dir: &Path) -> String {
    let abs = std::fs::canonicalize(file).unwrap_or_else(|_| {
        let joined = std::env::current_dir().unwrap_or_default().join(file);
        normalize(&joined)
    });
    let a: Vec<Component> = abs.components().collect();
    let b: Vec<Component> = dir.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        a[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The text a finding flags, with CRLF read as LF.
pub fn flagged_text(checked: &Checked, d: &Diagnostic) -> String {
    checked
        .text
        .get(d.span.clone())
        .unwrap_or("")
        .replace("\r\n", "\n")
}

/// FNV-1a (64 bit) of the lines the finding is on, with every run of
/// whitespace read as one space and the ends trimmed; 16 hex digits.
pub fn context_hash(checked: &Checked, d: &Diagnostic) -> String {
    let text = &checked.text;
    let start = text[..d.span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[d.span.end.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| d.span.end + i);
    let context = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    format!("{:016x}", fnv1a64(context.as_bytes()))
}

pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_reference_values() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn relative_paths() {
        let d = std::env::temp_dir().canonicalize().unwrap();
        let f = d.join("x/y.md");
        assert_eq!(relative_to(&f, &d), "x/y.md");
        assert_eq!(relative_to(&d.join("y.md"), &d.join("sub")), "../y.md");
    }
}
