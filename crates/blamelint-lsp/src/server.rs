//! The protocol handlers.
//!
//! Ordering: tower-lsp starts each handler's future in message order but runs
//! them concurrently, so every handler that changes document state does so
//! before its first `.await`; a later message can then never observe (or
//! apply its edit to) an earlier state. Locks are std mutexes held only for
//! short synchronous sections, never across an `.await`.

use crate::actions::{self, Target, FIX_ALL_KIND};
use crate::config::{ConfigStore, EditorSettings};
use crate::convert;
use crate::documents::Documents;
use crate::hover;
use crate::lint::{LintJob, LintOutput};
use crate::logging::{Level, Logger};
use crate::symbols;
use crate::workers::Workers;
use blamelint_core::line_index::ColumnUnit;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;
use tokio::sync::Semaphore;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

/// What the client told us at `initialize`, reduced to what we act on.
#[derive(Debug, Clone, Copy)]
struct Negotiated {
    unit: ColumnUnit,
    /// The client pulls diagnostics (`textDocument/diagnostic`); then we do
    /// not also push, or editors like VS Code would show every problem twice.
    pull: bool,
    refresh: bool,
    watch_dynamic: bool,
    configuration: bool,
    document_changes: bool,
    hierarchical_symbols: bool,
}

impl Default for Negotiated {
    fn default() -> Self {
        Negotiated {
            unit: ColumnUnit::Utf16,
            pull: false,
            refresh: false,
            watch_dynamic: false,
            configuration: false,
            document_changes: false,
            hierarchical_symbols: true,
        }
    }
}

/// Params of `blamelint/documentText`: the server's copy of an open
/// document. Used by the tests to check incremental sync; harmless to keep.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentTextParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize)]
pub struct DocumentText {
    pub version: i32,
    pub text: String,
}

pub struct Server {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    log: Logger,
    docs: Mutex<Documents>,
    configs: Mutex<ConfigStore>,
    caps: RwLock<Negotiated>,
    /// Bounds concurrent lints to the core count: 1,000 documents opened at
    /// once must queue, not spawn 1,000 blocking threads.
    lint_slots: Semaphore,
    workers: Workers,
    debounce: Duration,
    /// Held from "is this still current?" to the send, and by `didClose`
    /// around its clearing publish: a lint finishing as its document closes
    /// can then never land after the clear.
    publish: tokio::sync::Mutex<()>,
    initialized: AtomicBool,
    /// Errors found before `initialized`, when the client can't show them yet.
    pending_messages: Mutex<Vec<String>>,
    shutdown: Arc<AtomicBool>,
}

/// A poisoned lock only means another handler panicked mid-update; the data
/// is still the best we have, and refusing it would wedge the server.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Server {
    pub fn new(
        client: Client,
        level: Level,
        debounce: Duration,
        shutdown: Arc<AtomicBool>,
    ) -> Server {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (configs, startup_error) = ConfigStore::new();
        if let Some(e) = &startup_error {
            eprintln!("[blamelint-lsp error] {e}");
        }
        Server {
            inner: Arc::new(Inner {
                log: Logger::new(level, client.clone()),
                client,
                docs: Mutex::new(Documents::default()),
                configs: Mutex::new(configs),
                caps: RwLock::new(Negotiated::default()),
                lint_slots: Semaphore::new(cores),
                workers: Workers::new(cores.min(4)),
                debounce,
                publish: tokio::sync::Mutex::new(()),
                initialized: AtomicBool::new(false),
                pending_messages: Mutex::new(startup_error.into_iter().collect()),
                shutdown,
            }),
        }
    }

    /// `blamelint/documentText`.
    pub async fn document_text(&self, params: DocumentTextParams) -> Result<Option<DocumentText>> {
        let docs = lock(&self.inner.docs);
        Ok(docs.get(&params.text_document.uri).map(|d| DocumentText {
            version: d.version,
            text: d.text.as_str().to_owned(),
        }))
    }
}

impl Inner {
    fn caps(&self) -> Negotiated {
        *self.caps.read().unwrap_or_else(|e| e.into_inner())
    }

    /// A problem the user must see (a broken config): one `showMessage` and a
    /// log line.
    fn report(&self, message: String) {
        self.log.error(message.clone());
        if !self.initialized.load(Ordering::SeqCst) {
            lock(&self.pending_messages).push(message);
            return;
        }
        let client = self.client.clone();
        tokio::spawn(async move { client.show_message(MessageType::ERROR, message).await });
    }

    /// Applies editor settings from `initializationOptions`,
    /// `didChangeConfiguration` or `workspace/configuration`. Returns whether
    /// there were settings to apply.
    fn apply_settings(&self, value: &Value) -> bool {
        match EditorSettings::from_value(value) {
            Ok(None) => false,
            Err(e) => {
                self.report(e);
                false
            }
            Ok(Some(settings)) => {
                self.log.info(format!("editor settings: {settings:?}"));
                let (config, problems) = settings.to_config();
                let errors = lock(&self.configs).set_editor(config);
                for e in problems.into_iter().chain(errors) {
                    self.report(e);
                }
                true
            }
        }
    }

    fn is_current(&self, uri: &Url, generation: u64) -> bool {
        lock(&self.docs)
            .get(uri)
            .is_some_and(|d| d.generation == generation)
    }

    /// The lint result for the document as it is now (or, with `expect`, as
    /// it was at that generation: None once the document moved on). Lints
    /// when there is no current result.
    async fn output_for(&self, uri: &Url, expect: Option<u64>) -> Option<Arc<LintOutput>> {
        let unit = self.caps().unit;
        let job = {
            let docs = lock(&self.docs);
            let doc = docs.get(uri)?;
            if expect.is_some_and(|g| g != doc.generation) {
                return None;
            }
            if let Some(out) = doc.current_output() {
                return Some(out);
            }
            let linter = lock(&self.configs).linter(doc.config.as_deref());
            LintJob {
                generation: doc.generation,
                version: doc.version,
                path: doc.lint_path(uri),
                text: doc.text.clone(),
                index: doc.index.clone(),
                linter,
                unit,
                memo: doc.memo.clone(),
            }
        };
        let _slot = self.lint_slots.acquire().await.ok()?;
        // Waiting for a slot can take a while under load; skip work that a
        // newer change has already made pointless.
        if expect.is_some_and(|g| !self.is_current(uri, g)) {
            return None;
        }
        let generation = job.generation;
        let output = match self.workers.run(job).await {
            Ok(out) => Arc::new(out),
            Err(message) => {
                self.log.error(format!("{uri}: {message}"));
                return None;
            }
        };
        if let Some(doc) = lock(&self.docs).get_mut(uri) {
            if doc.generation == generation {
                doc.last = Some(output.clone());
            }
        }
        Some(output)
    }

    /// Debounced lint-and-publish for one generation of a document. A burst
    /// of changes leaves one task whose generation is still current after the
    /// delay; the others find themselves stale and stop.
    async fn lint_and_publish(self: Arc<Self>, uri: Url, generation: u64, delay: Duration) {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let Some(output) = self.output_for(&uri, Some(generation)).await else {
            return;
        };
        // Checked again right before sending: never publish for a version
        // the client has already replaced.
        let _turn = self.publish.lock().await;
        if !self.is_current(&uri, generation) {
            return;
        }
        self.client
            .publish_diagnostics(uri, output.lsp.clone(), Some(output.version))
            .await;
    }

    fn schedule(self: &Arc<Self>, uri: Url, generation: u64, delay: Duration) {
        if self.caps().pull {
            return;
        }
        tokio::spawn(self.clone().lint_and_publish(uri, generation, delay));
    }

    /// After a config or settings change: lint every open document again.
    fn relint_all(self: &Arc<Self>) {
        let touched: Vec<(Url, u64)> = {
            let mut docs = lock(&self.docs);
            docs.uris()
                .into_iter()
                .filter_map(|u| docs.touch(&u).map(|g| (u, g)))
                .collect()
        };
        self.log
            .info(format!("relinting {} open documents", touched.len()));
        let caps = self.caps();
        if caps.pull {
            if caps.refresh {
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.workspace_diagnostic_refresh().await;
                });
            }
            return;
        }
        for (uri, generation) in touched {
            self.schedule(uri, generation, Duration::ZERO);
        }
    }

    /// Config files (or rule packs) changed on disk: reload them, re-resolve
    /// which config each open document uses, and relint.
    fn files_changed(self: &Arc<Self>, paths: Vec<PathBuf>) {
        self.log.info(format!("files changed: {paths:?}"));
        let mut errors = lock(&self.configs).files_changed(&paths);
        {
            let mut docs = lock(&self.docs);
            let mut configs = lock(&self.configs);
            for (_, doc) in docs.iter_mut() {
                let (config, errs) = configs.resolve(doc.path.as_deref());
                doc.config = config;
                errors.extend(errs);
            }
        }
        for e in errors {
            self.report(e);
        }
        self.relint_all();
    }

    async fn fetch_settings(self: Arc<Self>) {
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("blamelint".into()),
        }];
        match self.client.configuration(items).await {
            Ok(values) => {
                if values.first().is_some_and(|v| self.apply_settings(v)) {
                    self.relint_all();
                }
            }
            Err(e) => self
                .log
                .warn(format!("workspace/configuration failed: {e}")),
        }
    }

    async fn register_watchers(self: Arc<Self>) {
        // One glob for config files and rule packs alike; events for other
        // TOML files are filtered out cheaply in `ConfigStore::files_changed`.
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.toml".into()),
                kind: None,
            }],
        };
        let registration = Registration {
            id: "blamelint-config-watcher".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            self.log
                .warn(format!("could not register file watchers: {e}"));
        }
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let c = &params.capabilities;
        let (unit, encoding) = convert::negotiate(
            c.general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let ws = c.workspace.as_ref();
        let td = c.text_document.as_ref();
        let caps = Negotiated {
            unit,
            pull: td.and_then(|t| t.diagnostic.as_ref()).is_some(),
            refresh: ws
                .and_then(|w| w.diagnostic.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            watch_dynamic: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            hierarchical_symbols: td
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
        };
        *self.inner.caps.write().unwrap_or_else(|e| e.into_inner()) = caps;
        self.inner.log.info(format!("initialize: {caps:?}"));
        if let Some(options) = &params.initialization_options {
            self.inner.apply_settings(options);
        }
        let capabilities = ServerCapabilities {
            position_encoding: Some(encoding),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::SOURCE_FIX_ALL,
                    CodeActionKind::new(FIX_ALL_KIND),
                ]),
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            diagnostic_provider: caps.pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("blamelint".into()),
                    inter_file_dependencies: false,
                    workspace_diagnostics: false,
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })
            }),
            ..ServerCapabilities::default()
        };
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "blamelint-lsp".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let inner = &self.inner;
        inner.initialized.store(true, Ordering::SeqCst);
        let pending = std::mem::take(&mut *lock(&inner.pending_messages));
        for message in pending {
            inner.client.show_message(MessageType::ERROR, message).await;
        }
        let caps = inner.caps();
        // Both wait for the client's answer; on their own tasks so a client
        // that never answers can't hold up a handler slot.
        if caps.watch_dynamic {
            tokio::spawn(inner.clone().register_watchers());
        }
        if caps.configuration {
            tokio::spawn(inner.clone().fetch_settings());
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.inner.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let inner = &self.inner;
        let TextDocumentItem {
            uri, version, text, ..
        } = params.text_document;
        let (generation, errors) = {
            let mut docs = lock(&inner.docs);
            let doc = docs.open(uri.clone(), version, text);
            let (config, errors) = lock(&inner.configs).resolve(doc.path.as_deref());
            doc.config = config;
            (doc.generation, errors)
        };
        for e in errors {
            inner.report(e);
        }
        if inner.log.enabled(Level::Debug) {
            inner.log.debug(format!("open {uri} v{version}"));
        }
        inner.schedule(uri, generation, Duration::ZERO);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let inner = &self.inner;
        let unit = inner.caps().unit;
        let DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier { uri, version },
            content_changes,
        } = params;
        let generation = {
            let mut docs = lock(&inner.docs);
            let Some(doc) = docs.get_mut(&uri) else {
                drop(docs);
                inner
                    .log
                    .warn(format!("didChange for a document that is not open: {uri}"));
                return;
            };
            if version <= doc.version {
                let current = doc.version;
                drop(docs);
                inner.log.warn(format!(
                    "ignoring stale didChange for {uri}: version {version}, have {current}"
                ));
                return;
            }
            for change in content_changes {
                doc.apply(change, unit);
            }
            doc.version = version;
            docs.touch(&uri)
        };
        if let Some(generation) = generation {
            inner.schedule(uri, generation, inner.debounce);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // Clients without file watching still tell us about configs saved in
        // the editor itself.
        if let Ok(path) = params.text_document.uri.to_file_path() {
            if path.extension().is_some_and(|e| e == "toml") {
                self.inner.files_changed(vec![path]);
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if lock(&self.inner.docs).close(&uri).is_none() {
            self.inner
                .log
                .info(format!("didClose for a document that is not open: {uri}"));
            return;
        }
        let _turn = self.inner.publish.lock().await;
        self.inner
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let inner = &self.inner;
        if inner.apply_settings(&params.settings) {
            inner.relint_all();
        } else if inner.caps().configuration {
            // The notification may carry no settings ("pull them yourself").
            tokio::spawn(inner.clone().fetch_settings());
        }
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| c.uri.to_file_path().ok())
            .collect();
        if !paths.is_empty() {
            self.inner.files_changed(paths);
        }
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let inner = &self.inner;
        let TextDocumentPositionParams {
            text_document,
            position,
        } = params.text_document_position_params;
        let Some(output) = inner.output_for(&text_document.uri, None).await else {
            inner.log.info(format!(
                "hover for a document that is not open: {}",
                text_document.uri
            ));
            return Ok(None);
        };
        let (text, index) = {
            let docs = lock(&inner.docs);
            match docs.get(&text_document.uri) {
                // The result must describe the text the position refers to.
                Some(doc) if doc.version == output.version => (doc.text.clone(), doc.index.clone()),
                _ => return Ok(None),
            }
        };
        let unit = inner.caps().unit;
        let offset = convert::offset(&text, &index, position, unit);
        Ok(hover::hover(&output, &text, &index, offset, unit))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let inner = &self.inner;
        let caps = inner.caps();
        let uri = params.text_document.uri;
        let only = params.context.only.as_deref();
        let Some((version, text, index)) = lock(&inner.docs)
            .get(&uri)
            .map(|d| (d.version, d.text.clone(), d.index.clone()))
        else {
            inner
                .log
                .info(format!("codeAction for a document that is not open: {uri}"));
            return Ok(None);
        };
        let mut out = Vec::new();
        let target = Target {
            uri: &uri,
            version,
            text: &text,
            index: &index,
            unit: caps.unit,
            document_changes: caps.document_changes,
        };
        if actions::wanted(only, CodeActionKind::QUICKFIX.as_str()) {
            out.extend(actions::quick_fixes(&target, &params.context.diagnostics));
        }
        if actions::wanted(only, FIX_ALL_KIND) {
            if let Some(output) = inner.output_for(&uri, None).await {
                if output.version == version {
                    out.extend(
                        actions::fix_all(&target, &output.diagnostics)
                            .map(CodeActionOrCommand::CodeAction),
                    );
                }
            }
        }
        Ok(Some(out))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let inner = &self.inner;
        let uri = params.text_document.uri;
        let Some((text, index)) = lock(&inner.docs)
            .get(&uri)
            .map(|d| (d.text.clone(), d.index.clone()))
        else {
            inner.log.info(format!(
                "documentSymbol for a document that is not open: {uri}"
            ));
            return Ok(None);
        };
        let caps = inner.caps();
        Ok(Some(if caps.hierarchical_symbols {
            DocumentSymbolResponse::Nested(symbols::document_symbols(&text, &index, caps.unit))
        } else {
            DocumentSymbolResponse::Flat(symbols::symbol_information(
                &uri, &text, &index, caps.unit,
            ))
        }))
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let inner = &self.inner;
        let uri = params.text_document.uri;
        let (result_id, items) = match inner.output_for(&uri, None).await {
            Some(out) => (out.generation.to_string(), out.lsp.clone()),
            None => {
                inner.log.info(format!(
                    "diagnostic pull for a document that is not open: {uri}"
                ));
                (String::from("closed"), Vec::new())
            }
        };
        let report = if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id,
                },
            })
        } else {
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            })
        };
        Ok(DocumentDiagnosticReportResult::Report(report))
    }
}
