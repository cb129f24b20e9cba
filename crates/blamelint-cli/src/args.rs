use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "blamelint",
    version,
    about = "Lint postmortems for blame language and missing structure",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and directories (default: the current directory).
    Check(CheckArgs),
    /// List the rules.
    Rules(RulesArgs),
    /// Print a rule's explanation.
    Explain(ExplainArgs),
    /// Write a fresh postmortem from the configured template (stdout without PATH).
    New(NewArgs),
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Source line, caret under the span, message and suggestion.
    Full,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The stable JSON contract (see README).
    Json,
    /// GitHub Actions workflow-command annotations.
    Github,
    /// SARIF 2.1.0.
    Sarif,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FailOn {
    Hint,
    Info,
    Warning,
    Error,
    /// Never exit 1 for findings.
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories; `-` reads standard input.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Full)]
    pub format: OutputFormat,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Use this config file for every input instead of discovering one.
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore config files; use defaults.
    #[arg(long)]
    pub no_config: bool,
    /// Apply safe fixes in place.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply unsafe fixes.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the changes fixes would make, without writing.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// The path of standard input, for config discovery and output.
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Only these rules or categories (comma-separated), over the config.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules or categories (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Files larger than this many bytes are reported and skipped.
    #[arg(long, default_value_t = 50 * 1024 * 1024)]
    pub max_file_size: u64,
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print nothing but errors; the exit code tells.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// Use the packs named by this config too.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulesFormat {
    Text,
    Json,
    /// The README's rule table.
    Markdown,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A rule id.
    pub rule: String,
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct NewArgs {
    /// Where to write it; without a path the skeleton goes to standard output.
    pub path: Option<PathBuf>,
    /// The incident title.
    #[arg(long, default_value = "[INC-ID] - [Title]")]
    pub title: String,
    /// The postmortem date (default: today, UTC).
    #[arg(long)]
    pub date: Option<String>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
    #[arg(long)]
    pub config: Option<PathBuf>,
}
