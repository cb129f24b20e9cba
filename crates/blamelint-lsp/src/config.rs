//! Which linter each document gets: the nearest `blamelint.toml` /
//! `.blamelint.toml`, with the editor's settings layered on top.
//!
//! Linters are cached per config file (building one compiles every rule), and
//! the config file each folder resolves to is cached per folder. A config that
//! fails to load or build keeps its last good linter; the error is reported
//! once per distinct message rather than once per document.

use blamelint_core::config::{Config, SeverityValue, Terms, CONFIG_FILE_NAMES};
use blamelint_core::discovery::{build_linter, find_config, read_config, Fs, LoadedConfig};
use blamelint_core::{ExtraTerms, Linter, RuleSet, Settings, Severity};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The real file system, for the core's discovery functions.
pub struct StdFs;

impl Fs for StdFs {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        std::fs::read_to_string(path)
    }
    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }
    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>> {
        std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect()
    }
}

pub fn is_config_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| CONFIG_FILE_NAMES.contains(&n))
}

/// The editor settings under the `blamelint` key (camelCase, as editors
/// write them). Unknown keys are ignored: clients put their own there too.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EditorSettings {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: BTreeMap<String, String>,
    pub person_terms: Vec<String>,
    pub system_terms: Vec<String>,
    pub language: Option<String>,
}

impl EditorSettings {
    /// Reads settings from `initializationOptions` or
    /// `didChangeConfiguration.settings`: either `{ "blamelint": {..} }` or the
    /// settings object itself. `Ok(None)`: nothing there (null or no key).
    pub fn from_value(value: &Value) -> Result<Option<EditorSettings>, String> {
        let inner = match value {
            Value::Null => return Ok(None),
            Value::Object(map) if map.contains_key("blamelint") => &map["blamelint"],
            Value::Object(map) if map.is_empty() => return Ok(None),
            other => other,
        };
        if inner.is_null() {
            return Ok(None);
        }
        serde_json::from_value(inner.clone())
            .map(Some)
            .map_err(|e| format!("invalid blamelint settings: {e}"))
    }

    /// Maps the settings onto a [`Config`] to merge over the file config.
    /// A severity of `off` ignores the rule; unknown severities are reported.
    pub fn to_config(&self) -> (Config, Vec<String>) {
        let mut problems = Vec::new();
        let mut ignore = self.ignore.clone();
        let mut severity = BTreeMap::new();
        for (rule, value) in &self.severity {
            match value.to_ascii_lowercase().as_str() {
                "off" | "none" | "ignore" => ignore.push(rule.clone()),
                v => match Severity::parse(v) {
                    Some(s) => {
                        severity.insert(rule.clone(), SeverityValue(s));
                    }
                    None => problems.push(format!("blamelint settings: unknown severity `{value}` for `{rule}`; expected error, warning, info, hint or off")),
                },
            }
        }
        let config = Config {
            select: self.select.clone(),
            ignore,
            severity,
            language: self.language.clone().filter(|l| !l.is_empty()),
            terms: Terms {
                persons: self.person_terms.clone(),
                systems: self.system_terms.clone(),
            },
            ..Config::default()
        };
        (config, problems)
    }
}

struct Entry {
    /// The last config read from the file that also built a linter.
    good: Option<LoadedConfig>,
    linter: Option<Arc<Linter>>,
    /// The last error reported for this file, so it is shown only once.
    error: Option<String>,
}

pub struct ConfigStore {
    fs: StdFs,
    editor: Config,
    /// Linter for documents with no config file: editor settings over defaults.
    fallback: Arc<Linter>,
    entries: HashMap<PathBuf, Entry>,
    /// Folder -> the config file it resolves to.
    dirs: HashMap<PathBuf, Option<PathBuf>>,
}

/// Builds a linter, turning a panic in the core (say, a broken built-in rule
/// pack in a development build) into an error the user sees.
fn build(fs: &StdFs, loaded: &LoadedConfig) -> Result<Linter, String> {
    match catch_unwind(AssertUnwindSafe(|| build_linter(fs, loaded))) {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(_) => Err("the rule engine panicked while building the rules (see stderr)".into()),
    }
}

/// A linter with no rules: what is left when even the built-in rules fail
/// to build. The server keeps answering; it just finds nothing.
fn empty_linter() -> Linter {
    // No sources means nothing to parse or compile: this cannot fail (tested).
    let rules = RuleSet::load(Vec::new(), &ExtraTerms::default()).expect("an empty rule set loads");
    Linter::new(Arc::new(rules), Settings::default())
}

impl ConfigStore {
    /// The store with the built-in rules, plus an error to report if those
    /// could not be built.
    pub fn new() -> (ConfigStore, Option<String>) {
        let (fallback, error) = match build(&StdFs, &LoadedConfig::default()) {
            Ok(l) => (l, None),
            Err(e) => (
                empty_linter(),
                Some(format!("blamelint: cannot build the built-in rules: {e}")),
            ),
        };
        (
            ConfigStore {
                fs: StdFs,
                editor: Config::default(),
                fallback: Arc::new(fallback),
                entries: HashMap::new(),
                dirs: HashMap::new(),
            },
            error,
        )
    }

    /// Replaces the editor settings and rebuilds every linter. Returns errors
    /// to report.
    pub fn set_editor(&mut self, editor: Config) -> Vec<String> {
        // Clients resend unchanged settings often (on start, on every
        // settings-file save); rebuilding rule sets for nothing would stall
        // every request queued behind it.
        if editor == self.editor {
            return Vec::new();
        }
        self.editor = editor;
        let mut errors = Vec::new();
        let base = LoadedConfig {
            path: None,
            config: Config::default().merged_with(&self.editor),
        };
        match build(&self.fs, &base) {
            Ok(l) => self.fallback = Arc::new(l),
            Err(e) => errors.push(format!("blamelint settings: {e}")),
        }
        let paths: Vec<PathBuf> = self.entries.keys().cloned().collect();
        for p in paths {
            errors.extend(self.rebuild(&p));
        }
        errors
    }

    /// The config file for a document at `doc_path` (loading it on first
    /// use), plus errors to report.
    pub fn resolve(&mut self, doc_path: Option<&Path>) -> (Option<PathBuf>, Vec<String>) {
        let Some(dir) = doc_path.and_then(Path::parent) else {
            return (None, Vec::new());
        };
        let found = match self.dirs.get(dir) {
            Some(f) => f.clone(),
            None => {
                let f = find_config(&self.fs, dir);
                self.dirs.insert(dir.to_path_buf(), f.clone());
                f
            }
        };
        let mut errors = Vec::new();
        if let Some(p) = &found {
            if !self.entries.contains_key(p) {
                errors.extend(self.load(p));
            }
        }
        (found, errors)
    }

    pub fn linter(&self, config: Option<&Path>) -> Arc<Linter> {
        config
            .and_then(|p| self.entries.get(p))
            .and_then(|e| e.linter.clone())
            .unwrap_or_else(|| self.fallback.clone())
    }

    /// Files changed on disk (watched-file events, or a config saved in the
    /// editor). Returns errors to report. Callers re-resolve open documents
    /// afterwards: a created or deleted config changes which file applies.
    pub fn files_changed(&mut self, paths: &[PathBuf]) -> Vec<String> {
        let mut errors = Vec::new();
        let mut reload: Vec<PathBuf> = Vec::new();
        for p in paths {
            if is_config_file(p) {
                self.dirs.clear();
                if self.entries.contains_key(p) {
                    reload.push(p.clone());
                }
            } else {
                // A rule pack or template: any config pulling in extra files
                // may depend on it.
                for (cp, e) in &self.entries {
                    if e.good.as_ref().is_some_and(|g| {
                        !g.config.rule_paths.is_empty() || g.config.postmortem.template.is_some()
                    }) {
                        reload.push(cp.clone());
                    }
                }
            }
        }
        reload.sort();
        reload.dedup();
        for p in reload {
            if self.fs.is_file(&p) {
                errors.extend(self.load(&p));
            } else {
                self.entries.remove(&p);
            }
        }
        errors
    }

    /// (Re)reads a config file and builds its linter. On failure the last good
    /// linter stays.
    fn load(&mut self, path: &Path) -> Option<String> {
        let entry = self.entries.entry(path.to_path_buf()).or_insert(Entry {
            good: None,
            linter: None,
            error: None,
        });
        let result = read_config(&self.fs, path)
            .map_err(|e| e.to_string())
            .and_then(|loaded| {
                let merged = LoadedConfig {
                    path: loaded.path.clone(),
                    config: loaded.config.merged_with(&self.editor),
                };
                build(&self.fs, &merged).map(|l| (loaded, l))
            });
        match result {
            Ok((loaded, linter)) => {
                entry.good = Some(loaded);
                entry.linter = Some(Arc::new(linter));
                entry.error = None;
                None
            }
            Err(e) => report_once(
                entry,
                format!("blamelint: cannot load {}: {e}", path.display()),
            ),
        }
    }

    /// Rebuilds a linter from the last good config (after a settings change).
    fn rebuild(&mut self, path: &Path) -> Option<String> {
        let entry = self.entries.get_mut(path)?;
        let good = entry.good.as_ref()?;
        let merged = LoadedConfig {
            path: good.path.clone(),
            config: good.config.merged_with(&self.editor),
        };
        match build(&self.fs, &merged) {
            Ok(l) => {
                entry.linter = Some(Arc::new(l));
                None
            }
            Err(e) => report_once(
                entry,
                format!("blamelint: cannot build rules for {}: {e}", path.display()),
            ),
        }
    }
}

fn report_once(entry: &mut Entry, message: String) -> Option<String> {
    if entry.error.as_deref() == Some(message.as_str()) {
        return None;
    }
    entry.error = Some(message.clone());
    Some(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_accept_both_shapes_and_map_onto_config() {
        let wrapped = json!({ "blamelint": { "ignore": ["a"], "severity": { "hindsight": "error", "b": "off" }, "personTerms": ["Alex"], "systemTerms": ["pgbouncer"], "language": "en", "other": 1 } });
        let s = EditorSettings::from_value(&wrapped).unwrap().unwrap();
        let (c, problems) = s.to_config();
        assert!(problems.is_empty());
        assert_eq!(c.ignore, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(c.severity["hindsight"], SeverityValue(Severity::Error));
        assert_eq!(c.terms.persons, vec!["Alex".to_string()]);
        assert_eq!(c.terms.systems, vec!["pgbouncer".to_string()]);
        assert_eq!(c.language.as_deref(), Some("en"));
        let bare = EditorSettings::from_value(&json!({ "select": ["hindsight"] }))
            .unwrap()
            .unwrap();
        assert_eq!(bare.select, vec!["hindsight".to_string()]);
        assert_eq!(EditorSettings::from_value(&Value::Null).unwrap(), None);
        assert_eq!(
            EditorSettings::from_value(&json!({ "blamelint": null })).unwrap(),
            None
        );
        assert!(EditorSettings::from_value(&json!({ "blamelint": { "select": 5 } })).is_err());
        let (_, problems) = EditorSettings::from_value(&json!({ "severity": { "x": "loud" } }))
            .unwrap()
            .unwrap()
            .to_config();
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn empty_linter_lints_nothing() {
        assert!(empty_linter()
            .lint("a.md", "Bob should have checked.")
            .diagnostics
            .is_empty());
    }

    #[test]
    fn broken_config_keeps_last_good_linter_and_reports_once() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("blamelint.toml");
        std::fs::write(&cfg, "ignore = [\"hindsight\"]\n").unwrap();
        let doc = dir.path().join("a.md");
        let mut store = ConfigStore::new().0;
        let (found, errors) = store.resolve(Some(&doc));
        assert_eq!(found.as_deref(), Some(cfg.as_path()));
        assert!(errors.is_empty());
        assert_eq!(
            store.linter(found.as_deref()).settings.ignore,
            vec!["hindsight".to_string()]
        );
        std::fs::write(&cfg, "ignore = [\n").unwrap();
        let errors = store.files_changed(std::slice::from_ref(&cfg));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            store.linter(found.as_deref()).settings.ignore,
            vec!["hindsight".to_string()]
        );
        assert!(
            store.files_changed(std::slice::from_ref(&cfg)).is_empty(),
            "the same error is reported once"
        );
        std::fs::remove_file(&cfg).unwrap();
        store.files_changed(std::slice::from_ref(&cfg));
        assert_eq!(store.resolve(Some(&doc)).0, None);
    }
}
