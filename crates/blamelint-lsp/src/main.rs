//! `blamelint-lsp`: the blamelint language server, over stdio.
//!
//! Environment:
//! * `BLAMELINT_LOG`: error|warn|info|debug (default warn), to stderr and
//!   `window/logMessage`.
//! * `BLAMELINT_LSP_DEBOUNCE_MS`: delay between a change and its lint
//!   (default 30). A burst of keystrokes is linted once, for its last version.
//!
//! Besides the standard methods it answers `blamelint/documentText`
//! (`{ textDocument: { uri } }` -> `{ version, text }` or null): the server's
//! copy of an open document, which the tests compare against their own.
//!
//! Exit code: 0 after `shutdown` then `exit`, 1 when `exit` (or the end of
//! input) comes without `shutdown`, as the LSP specification asks.

mod actions;
mod config;
mod convert;
mod documents;
mod hover;
mod line_index;
mod lint;
mod logging;
mod server;
mod service;
mod symbols;
mod transport;
mod workers;

use server::Server;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower_lsp::LspService;

const DEFAULT_DEBOUNCE_MS: u64 = 30;

fn main() {
    let level = logging::Level::from_env();
    let debounce = Duration::from_millis(
        std::env::var("BLAMELINT_LSP_DEBOUNCE_MS")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(DEFAULT_DEBOUNCE_MS),
    );
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("[blamelint-lsp error] cannot start the async runtime: {e}");
            std::process::exit(2);
        }
    };
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    runtime.block_on(async move {
        let (service, socket) =
            LspService::build(|client| Server::new(client, level, debounce, flag))
                .custom_method("blamelint/documentText", Server::document_text)
                .finish();
        let (exit_tx, exit_rx) = tokio::sync::oneshot::channel();
        let service = service::Guard::new(service, exit_tx);
        let pipes = transport::pipes();
        let (errors_tx, errors_rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(transport::pump_input(
            tokio::io::stdin(),
            pipes.to_server,
            errors_tx,
            level,
        ));
        let output = tokio::spawn(transport::pump_output(
            pipes.from_server,
            errors_rx,
            tokio::io::stdout(),
        ));
        {
            let serve =
                tower_lsp::Server::new(pipes.server_in, pipes.server_out, socket).serve(service);
            tokio::select! {
                _ = serve => {}
                _ = exit_rx => {}
            }
        }
        // The server's output pipe is closed now; let what it wrote reach
        // stdout before the process ends.
        let _ = tokio::time::timeout(Duration::from_secs(2), output).await;
    });
    // Don't wait for a lint still running on a huge document.
    runtime.shutdown_timeout(Duration::from_millis(200));
    std::process::exit(if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    });
}
