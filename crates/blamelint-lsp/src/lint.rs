//! Running the core linter on a snapshot of a document, off the protocol
//! loop, and turning its findings into LSP diagnostics.

use crate::convert;
use crate::line_index::LineIndex;
use blamelint_core::line_index::ColumnUnit;
use blamelint_core::{BlockMemo, Diagnostic, Linter};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use tower_lsp::lsp_types;

/// One lint of one document version.
pub struct LintOutput {
    pub generation: u64,
    pub version: i32,
    /// The core's findings (byte spans), for hover.
    pub diagnostics: Vec<Diagnostic>,
    /// The same, converted for the client.
    pub lsp: Vec<lsp_types::Diagnostic>,
    /// The linter that produced them: hover reads rule explanations from it.
    pub linter: Arc<Linter>,
}

/// Everything a lint needs, copied out of the document store so the store's
/// lock is not held while linting.
pub struct LintJob {
    pub generation: u64,
    pub version: i32,
    pub path: String,
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    pub linter: Arc<Linter>,
    pub unit: ColumnUnit,
    pub memo: Arc<std::sync::Mutex<BlockMemo>>,
}

impl LintJob {
    pub fn run(self) -> Result<LintOutput, String> {
        let result = {
            // A poisoned memo (a panic mid-lint) is simply started afresh.
            let mut memo = self.memo.lock().unwrap_or_else(|p| {
                let mut g = p.into_inner();
                *g = BlockMemo::default();
                g
            });
            let result = catching(&self.path, || {
                self.linter
                    .lint_incremental(&self.path, &self.text, &mut memo)
            });
            if result.is_err() {
                *memo = BlockMemo::default();
            }
            result?
        };
        let lsp = result
            .diagnostics
            .iter()
            .map(|d| convert::diagnostic(d, &self.text, &self.index, self.unit, self.version))
            .collect();
        Ok(LintOutput {
            generation: self.generation,
            version: self.version,
            diagnostics: result.diagnostics,
            lsp,
            linter: self.linter,
        })
    }
}

/// Runs `f` (a lint), turning a panic in the core into an error so that one
/// bad document cannot take the server (and every other open document) down
/// with it.
fn catching<T>(path: &str, f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        format!("the linter panicked on {path}: {what}")
    })
}
