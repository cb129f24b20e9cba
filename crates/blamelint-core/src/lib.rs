//! blamelint's core: the document model, the rule engine, rule packs,
//! structure checks, config and fixes. No I/O, no printing, no LSP types:
//! callers hand in text and get data back. Spans are byte offsets.

pub mod config;
pub mod diagnostic;
pub mod discovery;
pub mod fix;
pub mod language;
pub mod lexicon;
pub mod line_index;
pub mod linter;
pub mod markdown;
mod memo;
pub mod report;
pub mod rules;
pub mod structure;
pub mod subject;
pub mod suppress;
pub mod text;

pub use config::{Config, ConfigError};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use linter::{LintResult, Linter, Settings};
pub use rules::engine::BlockMemo;
pub use rules::{ExtraTerms, RuleError, RuleSet, RuleSource};
