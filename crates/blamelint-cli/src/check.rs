//! `blamelint check`: find inputs, lint them in parallel, fix, report.

use crate::args::{CheckArgs, FailOn};
use crate::baseline::{self, Baseline};
use crate::fsys::StdFs;
use crate::gitdiff::DiffBase;
use crate::input::{self, Input};
use crate::report::{self, Checked};
use crate::writeback::write_atomic;
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use blamelint_core::discovery::{build_linter, find_config, read_config, LoadedConfig};
use blamelint_core::fix::apply_fixes;
use blamelint_core::{Config, Diagnostic, Linter, Severity};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const DEFAULT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];
/// Fixes can expose new fixable text; stop after this many rounds.
const MAX_FIX_ROUNDS: usize = 4;

enum Item {
    File(PathBuf),
    Stdin,
}

enum Outcome {
    Checked(Checked),
    Skipped { path: String, reason: String },
    Failed { path: String, message: String },
}

type LinterResult = Result<Arc<Linter>, String>;

struct Linters {
    overrides: Config,
    fixed: Option<PathBuf>,
    no_config: bool,
    cache: Mutex<HashMap<Option<PathBuf>, LinterResult>>,
}

impl Linters {
    fn for_file(&self, file: &Path) -> LinterResult {
        let config_path = if self.no_config {
            None
        } else if let Some(p) = &self.fixed {
            Some(p.clone())
        } else {
            let dir = file
                .parent()
                .map(|d| {
                    if d.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        d
                    }
                })
                .unwrap_or(Path::new("."));
            let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
            find_config(&StdFs, &dir)
        };
        if let Some(hit) = self.cache.lock().unwrap().get(&config_path) {
            return hit.clone();
        }
        let built = self.build(config_path.as_deref());
        self.cache
            .lock()
            .unwrap()
            .insert(config_path, built.clone());
        built
    }

    fn build(&self, path: Option<&Path>) -> LinterResult {
        let loaded = match path {
            Some(p) => read_config(&StdFs, p).map_err(|e| e.to_string())?,
            None => LoadedConfig::default(),
        };
        let merged = LoadedConfig {
            path: loaded.path.clone(),
            config: loaded.config.merged_with(&self.overrides),
        };
        build_linter(&StdFs, &merged)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    }
}

/// What is reported of the findings: `--diff-base` (changed lines only),
/// `--baseline` (not the recorded ones), `--write-baseline` (record them).
struct Scope {
    diff: Option<DiffBase>,
    baseline: Option<Baseline>,
    /// With `--write-baseline`: the folder its paths are relative to.
    record_dir: Option<PathBuf>,
    recorded: Mutex<Vec<baseline::Entry>>,
}

impl Scope {
    fn new(args: &CheckArgs, items: &[Item]) -> Result<Scope, String> {
        let diff = match &args.diff_base {
            None => None,
            Some(_) if items.iter().any(|i| matches!(i, Item::Stdin)) => {
                return Err("--diff-base does not apply to standard input".into())
            }
            Some(base) => {
                let files: Vec<PathBuf> = items
                    .iter()
                    .filter_map(|i| match i {
                        Item::File(p) => Some(p.clone()),
                        Item::Stdin => None,
                    })
                    .collect();
                Some(DiffBase::load(base, &files).map_err(|e| format!("--diff-base: {e}"))?)
            }
        };
        let baseline = match (&args.baseline, &args.write_baseline) {
            (Some(b), None) => Some(Baseline::read(b)?),
            _ => None,
        };
        let record_dir = match &args.write_baseline {
            Some(f) => Some(baseline::base_dir(f)?),
            None => None,
        };
        Ok(Scope {
            diff,
            baseline,
            record_dir,
            recorded: Mutex::new(Vec::new()),
        })
    }

    fn apply(&self, path: &Path, checked: &mut Checked) {
        if let Some(diff) = &self.diff {
            let change = diff.change(path);
            let keep: Vec<bool> = checked
                .diagnostics
                .iter()
                .map(|d| {
                    let first = checked.index.line_of(d.span.start) + 1;
                    let last = checked.index.line_of(d.span.end.max(d.span.start + 1) - 1) + 1;
                    change.keeps(first, last, d.category == "structure")
                })
                .collect();
            let mut i = 0;
            checked.diagnostics.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        if let Some(dir) = &self.record_dir {
            let rel = baseline::relative_to(path, dir);
            self.recorded
                .lock()
                .unwrap()
                .extend(baseline::entries(&rel, checked));
        } else if let Some(b) = &self.baseline {
            b.filter(&baseline::relative_to(path, &b.dir), checked);
        }
    }
}

pub(crate) fn display(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn wanted(
    path: &Path,
    include: &Option<globset::GlobSet>,
    exclude: &Option<globset::GlobSet>,
) -> bool {
    let rel = path.strip_prefix("./").unwrap_or(path);
    if exclude.as_ref().is_some_and(|g| g.is_match(rel)) {
        return false;
    }
    match include {
        Some(g) => g.is_match(rel),
        None => path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DEFAULT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str())),
    }
}

pub(crate) fn globset(patterns: &[String]) -> Result<Option<globset::GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = globset::GlobSetBuilder::new();
    for p in patterns {
        b.add(globset::Glob::new(p).map_err(|e| format!("invalid glob `{p}`: {e}"))?);
    }
    b.build().map(Some).map_err(|e| e.to_string())
}

fn collect(
    args: &CheckArgs,
    include: &Option<globset::GlobSet>,
    exclude: &Option<globset::GlobSet>,
    failures: &mut Vec<Outcome>,
) -> Vec<Item> {
    let roots: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut items = Vec::new();
    for root in roots {
        if root.as_os_str() == "-" {
            items.push(Item::Stdin);
            continue;
        }
        match std::fs::metadata(&root) {
            Err(e) => failures.push(Outcome::Failed {
                path: display(&root),
                message: e.to_string(),
            }),
            // A FIFO named on the command line (`<(git show HEAD:x.md)`) is
            // read like a file; only directories are walked.
            Ok(m) if !m.is_dir() => items.push(Item::File(root)),
            Ok(_) => {
                let mut walker = ignore::WalkBuilder::new(&root);
                walker.follow_links(true).require_git(false);
                let mut found: Vec<PathBuf> = Vec::new();
                for entry in walker.build() {
                    match entry {
                        Ok(e)
                            if e.file_type().is_some_and(|t| t.is_file())
                                && wanted(e.path(), include, exclude) =>
                        {
                            found.push(e.into_path())
                        }
                        Ok(_) => {}
                        Err(err) => failures.push(Outcome::Failed {
                            path: walk_error_path(&err).unwrap_or_else(|| display(&root)),
                            message: walk_error_message(&err),
                        }),
                    }
                }
                found.sort();
                items.extend(found.into_iter().map(Item::File));
            }
        }
    }
    items
}

fn walk_error_path(err: &ignore::Error) -> Option<String> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(display(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(display(child)),
        _ => None,
    }
}

fn walk_error_message(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to {}", display(ancestor))
        }
        // The walker's I/O errors repeat the path ("IO error for operation on
        // PATH: ..."), which the caller already shows: report the cause alone.
        ignore::Error::Io(e) => e
            .get_ref()
            .and_then(|inner| inner.source())
            .map(|cause| cause.to_string())
            .unwrap_or_else(|| e.to_string()),
        other => other.to_string(),
    }
}

/// Fix replacements are written with `\n`; a CRLF file gets CRLF.
fn adapt_line_endings(text: &str, diags: &mut [Diagnostic]) {
    if !text.contains("\r\n") {
        return;
    }
    for d in diags {
        if let Some(f) = &mut d.fix {
            for e in &mut f.edits {
                if e.replacement.contains('\n') && !e.replacement.contains("\r\n") {
                    e.replacement = e.replacement.replace('\n', "\r\n");
                }
            }
        }
    }
}

fn lint(linter: &Linter, path: &str, text: &str) -> Vec<Diagnostic> {
    let mut d = linter.lint(path, text).diagnostics;
    adapt_line_endings(text, &mut d);
    d
}

/// Applies fixes until none apply; returns the new text if it changed.
fn fixed_text(linter: &Linter, path: &str, original: &str, unsafe_fixes: bool) -> Option<String> {
    let mut text = original.to_string();
    for _ in 0..MAX_FIX_ROUNDS {
        let diags = lint(linter, path, &text);
        let (next, applied) = apply_fixes(&text, &diags, unsafe_fixes);
        if applied == 0 || next == text {
            break;
        }
        text = next;
    }
    (text != original).then_some(text)
}

fn process(item: &Item, args: &CheckArgs, linters: &Linters, scope: &Scope) -> Outcome {
    let (path_buf, shown, read) = match item {
        Item::Stdin => {
            let p = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from("-"));
            let shown = if args.stdin_filename.is_some() {
                display(&p)
            } else {
                "<stdin>".to_string()
            };
            (p, shown, input::read_stdin(args.max_file_size))
        }
        Item::File(p) => (
            p.clone(),
            display(p),
            input::read_file(p, args.max_file_size),
        ),
    };
    let (text, bom) = match read {
        Ok(Input::Text { text, bom }) => (text, bom),
        Ok(Input::Binary) => {
            return Outcome::Skipped {
                path: shown,
                reason: "binary file".into(),
            }
        }
        Err(message) => {
            return Outcome::Failed {
                path: shown,
                message,
            }
        }
    };
    let linter = match linters.for_file(&path_buf) {
        Ok(l) => l,
        Err(message) => {
            return Outcome::Failed {
                path: shown,
                message,
            }
        }
    };
    let lint_path = path_buf.to_string_lossy().to_string();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut diff = None;
        let mut write_error = None;
        let mut text = text.clone();
        if args.fix || args.diff {
            if let Some(new) = fixed_text(&linter, &lint_path, &text, args.unsafe_fixes) {
                if args.diff {
                    diff = Some(report::unified_diff(&shown, &text, &new));
                } else if matches!(item, Item::Stdin) {
                    text = new;
                } else {
                    let mut bytes = Vec::with_capacity(new.len() + 3);
                    if bom {
                        bytes.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
                    }
                    bytes.extend_from_slice(new.as_bytes());
                    match write_atomic(&path_buf, &bytes) {
                        Ok(()) => text = new,
                        Err(e) => write_error = Some(e),
                    }
                }
            }
        }
        let diagnostics = lint(&linter, &lint_path, &text);
        (text, diagnostics, diff, write_error)
    }));
    match run {
        Ok((text, diagnostics, diff, None)) => {
            let mut checked = Checked::new(
                shown,
                text,
                bom,
                diagnostics,
                diff,
                matches!(item, Item::Stdin),
            );
            scope.apply(&path_buf, &mut checked);
            Outcome::Checked(checked)
        }
        Ok((_, _, _, Some(message))) => Outcome::Failed {
            path: shown,
            message,
        },
        Err(_) => Outcome::Failed {
            path: shown,
            message: "internal error while linting (please report this file)".into(),
        },
    }
}

pub fn run(args: CheckArgs) -> u8 {
    let overrides = Config {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        ..Config::default()
    };
    let mut stderr = anstream::stderr();
    let (include, exclude, fixed) = if args.no_config {
        (None, None, None)
    } else {
        let global = match &args.config {
            Some(p) => match read_config(&StdFs, p) {
                Ok(c) => Some(c),
                Err(e) => {
                    let _ = writeln!(stderr, "error: {e}");
                    return EXIT_ERROR;
                }
            },
            None => std::env::current_dir()
                .ok()
                .and_then(|d| find_config(&StdFs, &d))
                .and_then(|p| read_config(&StdFs, &p).ok()),
        };
        let (inc, exc) = match &global {
            Some(g) => match (globset(&g.config.include), globset(&g.config.exclude)) {
                (Ok(i), Ok(e)) => (i, e),
                (Err(e), _) | (_, Err(e)) => {
                    let _ = writeln!(
                        stderr,
                        "error: {}: {e}",
                        g.path.as_deref().map(display).unwrap_or_default()
                    );
                    return EXIT_ERROR;
                }
            },
            None => (None, None),
        };
        (inc, exc, args.config.clone())
    };
    let linters = Linters {
        overrides,
        fixed,
        no_config: args.no_config,
        cache: Mutex::new(HashMap::new()),
    };
    let mut outcomes = Vec::new();
    let items = collect(&args, &include, &exclude, &mut outcomes);
    let stdin_count = items.iter().filter(|i| matches!(i, Item::Stdin)).count();
    if stdin_count > 1 {
        let _ = writeln!(stderr, "error: `-` (standard input) given more than once");
        return EXIT_ERROR;
    }
    let scope = match Scope::new(&args, &items) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_ERROR;
        }
    };
    let results: Vec<Outcome> = items
        .par_iter()
        .map(|i| process(i, &args, &linters, &scope))
        .collect();
    outcomes.extend(results);

    let mut checked = Vec::new();
    let mut had_error = false;
    let mut shown_errors = BTreeSet::new();
    for o in outcomes {
        match o {
            Outcome::Checked(c) => checked.push(c),
            Outcome::Skipped { path, reason } => {
                if !args.quiet {
                    let _ = writeln!(stderr, "note: {path}: skipped: {reason}");
                }
            }
            Outcome::Failed { path, message } => {
                had_error = true;
                if shown_errors.insert((path.clone(), message.clone())) {
                    let _ = writeln!(stderr, "error: {path}: {message}");
                }
            }
        }
    }
    if let Some(file) = &args.write_baseline {
        let findings = std::mem::take(&mut *scope.recorded.lock().unwrap());
        let (n, files) = baseline::summary(&findings);
        if let Err(e) = baseline::write(file, findings) {
            let _ = writeln!(stderr, "error: {e}");
            return EXIT_ERROR;
        }
        if !args.quiet {
            let _ = writeln!(
                stderr,
                "Wrote {n} finding{} in {files} file{} to {}.",
                if n == 1 { "" } else { "s" },
                if files == 1 { "" } else { "s" },
                display(file)
            );
        }
        return if had_error { EXIT_ERROR } else { EXIT_CLEAN };
    }
    let mut stdout =
        anstream::AutoStream::new(std::io::stdout().lock(), report::color_choice(args.color));
    if !args.quiet || args.format != crate::args::OutputFormat::Full {
        if let Err(e) = report::print(args.format, &checked, &mut stdout, args.fix) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                let _ = writeln!(stderr, "error: writing output: {e}");
                return EXIT_ERROR;
            }
        }
    }
    let _ = stdout.flush();
    if had_error {
        return EXIT_ERROR;
    }
    let threshold = match args.fail_on {
        FailOn::Never => None,
        FailOn::Hint => Some(Severity::Hint),
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Error => Some(Severity::Error),
    };
    let failing = threshold.is_some_and(|t| {
        checked
            .iter()
            .flat_map(|c| &c.diagnostics)
            .any(|d| d.severity >= t)
    });
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}
