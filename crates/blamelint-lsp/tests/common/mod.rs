//! Test helpers: the LSP client (shared with the benchmark) and the path of
//! the server binary cargo built for these tests.
#![allow(dead_code)]

mod client;

pub use client::*;

pub fn server_binary() -> &'static str {
    env!("CARGO_BIN_EXE_blamelint-lsp")
}
