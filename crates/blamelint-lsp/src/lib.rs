//! The server's document store and position code as a library, for the
//! fuzz target `fuzz/fuzz_targets/lsp_edits.rs` and other out-of-crate tests.
//! The binary (`src/main.rs`) declares its own modules and does not use this.
//! Only the modules `documents` needs are here; add more only when a test
//! needs them.

pub mod convert;
pub mod documents;
pub mod line_index;
pub mod lint;
