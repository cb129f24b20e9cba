//! The `blamelint` binary: everything is in the library (`src/lib.rs`).

fn main() -> std::process::ExitCode {
    blamelint_cli::main()
}
