//! `blamelint report`: the health of a team's postmortems at a glance.
//! Finds postmortems, reads them in parallel with the core's
//! `report::analyze`, aggregates, and prints Markdown, JSON or HTML.

mod html;
mod markdown;

use crate::args::{ReportArgs, ReportFormat};
use crate::check::{display, globset};
use crate::fsys::StdFs;
use crate::input::{self, Input};
use crate::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use blamelint_core::config::ReportConfig;
use blamelint_core::discovery::{build_linter, find_config, read_config, LoadedConfig};
use blamelint_core::report::{self, Analysis, Report};
use blamelint_core::structure::dates::{parse_iso_strict, Date};
use blamelint_core::structure::is_postmortem;
use blamelint_core::Linter;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

const EXTENSIONS: &[&str] = &["md", "markdown"];

/// Today in UTC.
fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    Date::from_ordinal((secs / 86_400) as i64)
}

struct Filter {
    include: Option<globset::GlobSet>,
    exclude: Option<globset::GlobSet>,
}

impl Filter {
    fn wanted(&self, path: &Path) -> bool {
        let rel = path.strip_prefix("./").unwrap_or(path);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(rel)) {
            return false;
        }
        let markdown = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        match &self.include {
            Some(g) => markdown && g.is_match(rel),
            None => markdown,
        }
    }
}

/// The files to read, sorted per root; walk errors go to `errors`.
fn collect(roots: &[PathBuf], filter: &Filter, errors: &mut Vec<String>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for root in roots {
        match std::fs::metadata(root) {
            Err(e) => errors.push(format!("{}: {e}", display(root))),
            Ok(m) if m.is_file() => files.push(root.clone()),
            Ok(_) => {
                let mut found = Vec::new();
                let mut walker = ignore::WalkBuilder::new(root);
                walker.follow_links(true).require_git(false);
                for entry in walker.build() {
                    match entry {
                        Ok(e)
                            if e.file_type().is_some_and(|t| t.is_file())
                                && filter.wanted(e.path()) =>
                        {
                            found.push(e.into_path())
                        }
                        Ok(_) => {}
                        Err(err) => errors.push(format!("{}: {err}", display(root))),
                    }
                }
                found.sort();
                files.extend(found);
            }
        }
    }
    files.dedup();
    files
}

/// The config for the whole report: `--config`, or the one found from the
/// first PATH's folder (else the current directory).
fn load_config(args: &ReportArgs) -> Result<LoadedConfig, String> {
    if args.no_config {
        return Ok(LoadedConfig::default());
    }
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => {
            let start = args
                .paths
                .first()
                .map(|p| {
                    if p.is_dir() {
                        p.clone()
                    } else {
                        p.parent()
                            .filter(|d| !d.as_os_str().is_empty())
                            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
                    }
                })
                .unwrap_or_else(|| PathBuf::from("."));
            let start = std::fs::canonicalize(&start).unwrap_or(start);
            find_config(&StdFs, &start)
        }
    };
    match path {
        Some(p) => read_config(&StdFs, &p).map_err(|e| e.to_string()),
        None => Ok(LoadedConfig::default()),
    }
}

/// Reads and analyzes one file; `Ok(None)` when it is not a postmortem.
fn analyze_file(
    path: &Path,
    linter: &Linter,
    config: &ReportConfig,
    max: u64,
) -> Result<Option<Analysis>, String> {
    let shown = display(path);
    let text = match input::read_file(path, max) {
        Ok(Input::Text { text, .. }) => text,
        Ok(Input::Binary) => return Ok(None),
        Err(e) => return Err(format!("{shown}: {e}")),
    };
    if text.trim_start().starts_with(markdown::MARKER) {
        return Ok(None);
    }
    // Postmortem globs are matched against the path as given, else the
    // absolute one (so `report .` inside `postmortems/` still finds them).
    let pm = &linter.settings.postmortem;
    let lint_path = if is_postmortem(&shown, &text, pm) {
        shown.clone()
    } else {
        match std::fs::canonicalize(path) {
            Ok(abs) if is_postmortem(&abs.to_string_lossy(), &text, pm) => {
                abs.to_string_lossy().into_owned()
            }
            _ => return Ok(None),
        }
    };
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        report::analyze(linter, &lint_path, &text, config)
    }));
    match run {
        Ok(a) => Ok(a.map(|mut a| {
            a.path = shown;
            a
        })),
        Err(_) => Err(format!(
            "{shown}: internal error while reading (please report this file)"
        )),
    }
}

/// Builds the report for `args`; errors are printed as they come.
fn build(args: &ReportArgs, today: Date) -> Result<(Report, bool), String> {
    let loaded = load_config(args)?;
    let filter = Filter {
        include: globset(&loaded.config.include)?,
        exclude: globset(&loaded.config.exclude)?,
    };
    let linter = build_linter(&StdFs, &loaded).map_err(|e| e.to_string())?;
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut errors = Vec::new();
    let files = collect(&roots, &filter, &mut errors);
    let config = &loaded.config.report;
    let results: Vec<Result<Option<Analysis>, String>> = files
        .par_iter()
        .map(|f| analyze_file(f, &linter, config, args.max_file_size))
        .collect();
    let mut analyses = Vec::new();
    for r in results {
        match r {
            Ok(Some(a)) => analyses.push(a),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        eprintln!("error: {e}");
    }
    Ok((
        report::aggregate(analyses, today, config),
        !errors.is_empty(),
    ))
}

pub fn run(args: ReportArgs) -> u8 {
    let today = match &args.today {
        Some(s) => match parse_iso_strict(s) {
            Ok(d) => d,
            Err(_) => {
                eprintln!("error: --today `{s}`: expected a date as YYYY-MM-DD");
                return EXIT_ERROR;
            }
        },
        None => today_utc(),
    };
    if let Some(r) = args.fail_under_completion {
        if !(0.0..=1.0).contains(&r) {
            eprintln!("error: --fail-under-completion {r}: expected a rate from 0 to 1 (e.g. 0.8)");
            return EXIT_ERROR;
        }
    }
    let (report, had_errors) = match build(&args, today) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let out = match args.format {
        ReportFormat::Markdown => markdown::render(&report),
        ReportFormat::Json => {
            let mut s = serde_json::to_string_pretty(&report).unwrap_or_default();
            s.push('\n');
            s
        }
        ReportFormat::Html => html::render(&report),
    };
    match &args.output {
        Some(p) => {
            if let Err(e) = std::fs::write(p, out) {
                eprintln!("error: {}: {e}", p.display());
                return EXIT_ERROR;
            }
        }
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return EXIT_ERROR;
            }
        }
    }
    if had_errors {
        return EXIT_ERROR;
    }
    if let Some(min) = args.fail_under_completion {
        match report.summary.completion.rate {
            Some(rate) if rate < min => {
                eprintln!(
                    "action-item completion {:.1}% is below {:.1}% (--fail-under-completion)",
                    rate * 100.0,
                    min * 100.0
                );
                return EXIT_FINDINGS;
            }
            Some(_) => {}
            None => eprintln!(
                "note: no action item is done or past its due date yet; --fail-under-completion not applied"
            ),
        }
    }
    EXIT_CLEAN
}
