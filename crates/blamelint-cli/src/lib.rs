//! `blamelint`: lint postmortems and incident docs for blame language and
//! missing structure. The command line lives in this library so that more than
//! one binary target can run it: `src/main.rs` here, and the repository root's
//! package that pre-commit's `language: rust` installs (see Cargo.toml there).

mod args;
mod baseline;
mod check;
mod fsys;
mod gitdiff;
mod input;
mod new_cmd;
mod report;
mod report_cmd;
mod rules_cmd;
// Public for tests/bad_input.rs (a writer that fails like a full disk); not an API.
#[doc(hidden)]
pub mod writeback;

use clap::Parser;
use std::process::ExitCode;

/// Exit codes are part of the contract (README "Exit codes").
pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// Runs the command line and returns the exit code (README "Exit codes").
pub fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = match cli.command {
        args::Command::Check(a) => check::run(a),
        args::Command::Rules(a) => rules_cmd::list(a),
        args::Command::Explain(a) => rules_cmd::explain(a),
        args::Command::New(a) => new_cmd::run(a),
        args::Command::Report(a) => report_cmd::run(a),
    };
    ExitCode::from(code)
}
