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
    /// Summarize postmortems: completeness, blame findings, action items (docs/report.md).
    Report(ReportArgs),
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
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// Reviewdog Diagnostic Format, `DiagnosticResult` JSON (reviewdog -f=rdjson).
    Rdjson,
    /// JUnit XML: one test case per file, one failure per finding.
    Junit,
    /// Checkstyle XML.
    Checkstyle,
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
    /// Report only findings on lines added or changed since this git revision
    /// (structure checks of a changed file still cover the whole file).
    #[arg(long, value_name = "REF", conflicts_with_all = ["fix", "diff"])]
    pub diff_base: Option<String>,
    /// Hide the findings recorded in this baseline file (docs/baseline.md).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file, report nothing, exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "diff"])]
    pub write_baseline: Option<PathBuf>,
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
    /// Every literal of the prefilter (triggers and `requires` words), one per line.
    Literals,
    /// The literals that start a match, one per line (for `rg -F -f`).
    Triggers,
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

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    /// The stable JSON contract (docs/report.md).
    Json,
    /// One self-contained HTML page with inline SVG charts.
    Html,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Files or directories (default: the current directory); only postmortems count.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// The date to judge due dates against, YYYY-MM-DD (default: today, UTC).
    #[arg(long)]
    pub today: Option<String>,
    /// Exit 1 when the action-item completion rate (0-1) is below this.
    #[arg(long, value_name = "RATE")]
    pub fail_under_completion: Option<f64>,
    /// Write the report here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Use this config file instead of discovering one.
    #[arg(long, conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore config files; use defaults.
    #[arg(long)]
    pub no_config: bool,
    /// Files larger than this many bytes are reported and skipped.
    #[arg(long, default_value_t = 50 * 1024 * 1024)]
    pub max_file_size: u64,
}
