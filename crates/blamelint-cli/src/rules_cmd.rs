//! `blamelint rules` and `blamelint explain`.

use crate::args::{ExplainArgs, RulesArgs, RulesFormat};
use crate::fsys::StdFs;
use crate::{EXIT_CLEAN, EXIT_ERROR};
use blamelint_core::discovery::{build_linter, read_config};
use blamelint_core::{Linter, RuleSet};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

fn load(config: &Option<PathBuf>) -> Result<Arc<RuleSet>, String> {
    match config {
        None => Ok(Linter::builtin().rules),
        Some(p) => {
            let loaded = read_config(&StdFs, p).map_err(|e| e.to_string())?;
            build_linter(&StdFs, &loaded)
                .map(|l| l.rules)
                .map_err(|e| e.to_string())
        }
    }
}

pub fn list(args: RulesArgs) -> u8 {
    let rules = match load(&args.config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut out = anstream::stdout();
    let res = match args.format {
        RulesFormat::Text => rules.rules.iter().try_for_each(|r| {
            writeln!(
                out,
                "{:<40} {:<22} {:<3} {}",
                r.id, r.category, r.language, r.severity
            )
        }),
        RulesFormat::Literals => rules
            .prefilter_literals()
            .iter()
            .try_for_each(|l| writeln!(out, "{l}")),
        RulesFormat::Triggers => rules
            .trigger_literals()
            .iter()
            .try_for_each(|l| writeln!(out, "{l}")),
        RulesFormat::Markdown => write!(
            out,
            "{}",
            blamelint_core::rules::docs::markdown_table(&rules)
        ),
        RulesFormat::Json => {
            let v: Vec<_> = rules.rules.iter().map(|r| json!({"id": r.id, "category": r.category, "language": r.language, "severity": r.severity.as_str(), "message": r.message, "source": r.source})).collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            )
        }
    };
    if res.is_err() {
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}

pub fn explain(args: ExplainArgs) -> u8 {
    let rules = match load(&args.config) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let Some(r) = rules.rule(&args.rule) else {
        eprintln!(
            "error: unknown rule `{}`; `blamelint rules` lists them",
            args.rule
        );
        return EXIT_ERROR;
    };
    let mut out = anstream::stdout();
    let mut text = format!(
        "# {} ({}, {}, default severity {})\n\n{}\n",
        r.id,
        r.category,
        r.language,
        r.severity,
        r.explanation.trim()
    );
    if !r.suggestions.is_empty() {
        text.push_str("\n## Suggestions\n");
        for s in &r.suggestions {
            text.push_str(&format!("- {s}\n"));
        }
    }
    for (title, list) in [("Flagged", &r.flag), ("Not flagged", &r.pass)] {
        if !list.is_empty() {
            text.push_str(&format!("\n## {title}\n"));
            for s in list {
                text.push_str(&format!("- {s}\n"));
            }
        }
    }
    if write!(out, "{text}").is_err() {
        return EXIT_ERROR;
    }
    EXIT_CLEAN
}
