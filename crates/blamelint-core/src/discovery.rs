//! Finding and loading configuration for a file. The logic lives here so the
//! CLI and the language server agree; the file system is handed in by the
//! caller through [`Fs`], so the core itself does no I/O.

use crate::config::{Config, ConfigError, CONFIG_FILE_NAMES};
use crate::linter::{Linter, Settings};
use crate::rules::{ExtraTerms, RuleSet, RuleSource};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub trait Fs {
    fn read_to_string(&self, path: &Path) -> io::Result<String>;
    fn is_file(&self, path: &Path) -> bool;
    fn is_dir(&self, path: &Path) -> bool;
    /// Entries of a directory, in any order.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<PathBuf>>;
}

/// The nearest `blamelint.toml` / `.blamelint.toml` in `dir` or above.
pub fn find_config(fs: &dyn Fs, dir: &Path) -> Option<PathBuf> {
    let mut cur = Some(dir);
    while let Some(d) = cur {
        for name in CONFIG_FILE_NAMES {
            let p = d.join(name);
            if fs.is_file(&p) {
                return Some(p);
            }
        }
        cur = d.parent();
    }
    None
}

#[derive(Debug)]
pub enum LoadError {
    Config(ConfigError),
    Rules(crate::rules::RuleError),
    Io { path: PathBuf, error: String },
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Config(e) => write!(f, "{e}"),
            LoadError::Rules(e) => write!(f, "{e}"),
            LoadError::Io { path, error } => write!(f, "{}: {error}", path.display()),
        }
    }
}

impl std::error::Error for LoadError {}

/// A parsed config plus where it came from.
#[derive(Debug, Clone, Default)]
pub struct LoadedConfig {
    pub path: Option<PathBuf>,
    pub config: Config,
}

pub fn read_config(fs: &dyn Fs, path: &Path) -> Result<LoadedConfig, LoadError> {
    let text = fs.read_to_string(path).map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        error: e.to_string(),
    })?;
    let config = Config::parse(&text, &path.display().to_string()).map_err(LoadError::Config)?;
    Ok(LoadedConfig {
        path: Some(path.to_path_buf()),
        config,
    })
}

fn collect_toml(fs: &dyn Fs, p: &Path, out: &mut Vec<PathBuf>, depth: usize) -> io::Result<()> {
    if depth > 16 {
        return Ok(());
    }
    if fs.is_dir(p) {
        let mut entries = fs.read_dir(p)?;
        entries.sort();
        for e in entries {
            if fs.is_dir(&e) || e.extension().is_some_and(|x| x == "toml") {
                collect_toml(fs, &e, out, depth + 1)?;
            }
        }
    } else {
        out.push(p.to_path_buf());
    }
    Ok(())
}

/// Builds the linter a config asks for: built-in packs, the config's extra
/// packs (relative to the config file) and its extra terms.
pub fn build_linter(fs: &dyn Fs, loaded: &LoadedConfig) -> Result<Linter, LoadError> {
    let c = &loaded.config;
    let base = loaded
        .path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut sources = Vec::new();
    for rp in &c.rule_paths {
        let p = base.join(rp);
        let mut files = Vec::new();
        if !fs.is_file(&p) && !fs.is_dir(&p) {
            return Err(LoadError::Io {
                path: p,
                error: "rule path not found (named in `rule-paths`)".into(),
            });
        }
        collect_toml(fs, &p, &mut files, 0).map_err(|e| LoadError::Io {
            path: p.clone(),
            error: e.to_string(),
        })?;
        for f in files {
            let text = fs.read_to_string(&f).map_err(|e| LoadError::Io {
                path: f.clone(),
                error: e.to_string(),
            })?;
            sources.push(RuleSource {
                name: f.display().to_string(),
                text,
            });
        }
    }
    if let Some(t) = &c.postmortem.template {
        let p = base.join(t);
        let text = fs.read_to_string(&p).map_err(|e| LoadError::Io {
            path: p.clone(),
            error: e.to_string(),
        })?;
        sources.push(RuleSource {
            name: format!("template:{}", p.display()),
            text,
        });
    }
    let terms = ExtraTerms {
        persons: c.terms.persons.clone(),
        systems: c.terms.systems.clone(),
    };
    let rules = if sources.is_empty() && terms.persons.is_empty() && terms.systems.is_empty() {
        RuleSet::builtin()
    } else {
        Arc::new(RuleSet::with_user_sources(sources, &terms).map_err(LoadError::Rules)?)
    };
    Ok(Linter::new(rules, Settings::from_config(c)))
}
