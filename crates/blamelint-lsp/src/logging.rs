//! Logging to stderr and to the client (`window/logMessage`), filtered by the
//! level in the `BLAMELINT_LOG` env var (error|warn|info|debug; default warn).
//! stdout carries the protocol, so nothing here may ever print to it.

use std::fmt;
use tower_lsp::lsp_types::MessageType;
use tower_lsp::Client;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warn,
    Info,
    Debug,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Level::Error),
            "warn" | "warning" => Some(Level::Warn),
            "info" => Some(Level::Info),
            "debug" | "trace" => Some(Level::Debug),
            _ => None,
        }
    }

    pub fn from_env() -> Level {
        std::env::var("BLAMELINT_LOG")
            .ok()
            .and_then(|v| Level::parse(&v))
            .unwrap_or(Level::Warn)
    }

    fn message_type(self) -> MessageType {
        match self {
            Level::Error => MessageType::ERROR,
            Level::Warn => MessageType::WARNING,
            Level::Info => MessageType::INFO,
            Level::Debug => MessageType::LOG,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
        })
    }
}

/// For the transport layer, which runs below the LSP session (no client to
/// send `window/logMessage` to).
pub fn to_stderr(setting: Level, level: Level, message: &str) {
    if level <= setting {
        eprintln!("[blamelint-lsp {level}] {message}");
    }
}

#[derive(Clone)]
pub struct Logger {
    level: Level,
    client: Client,
}

impl Logger {
    pub fn new(level: Level, client: Client) -> Logger {
        Logger { level, client }
    }

    pub fn enabled(&self, level: Level) -> bool {
        level <= self.level
    }

    pub fn log(&self, level: Level, message: impl Into<String>) {
        if !self.enabled(level) {
            return;
        }
        let message = message.into();
        eprintln!("[blamelint-lsp {level}] {message}");
        // Logging must not block the caller (it may hold no runtime context
        // worth awaiting in, e.g. a blocking lint thread), so the client
        // notification goes out on its own task. tower-lsp drops it if the
        // client is not initialized yet.
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            let client = self.client.clone();
            handle.spawn(async move { client.log_message(level.message_type(), message).await });
        }
    }

    pub fn error(&self, message: impl Into<String>) {
        self.log(Level::Error, message);
    }
    pub fn warn(&self, message: impl Into<String>) {
        self.log(Level::Warn, message);
    }
    pub fn info(&self, message: impl Into<String>) {
        self.log(Level::Info, message);
    }
    pub fn debug(&self, message: impl Into<String>) {
        self.log(Level::Debug, message);
    }
}
