//! Writing fixed files: atomically (temp file + rename in the same folder),
//! keeping permissions; a read-only file is refused, never replaced.
//!
//! Public (hidden from the docs) so that `tests/bad_input.rs` can inject a
//! writer that fails half-way, as a full disk does.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), String> {
    write_atomic_with(path, contents, |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] with the step that writes `contents` into the temporary
/// file supplied by the caller. Whatever it does, the file at `path` is
/// either replaced whole or untouched, and no temporary file is left behind
/// (the temp file is removed when it is dropped on an error).
pub fn write_atomic_with(
    path: &Path,
    contents: &[u8],
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.permissions().readonly() {
        return Err("file is read-only; fixes not written".into());
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".blamelint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file next to it: {e}"))?;
    write(tmp.as_file_mut(), contents)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| format!("cannot write fixes (the file is unchanged): {e}"))?;
    std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(|e| e.to_string())?;
    tmp.persist(path)
        .map_err(|e| format!("cannot replace the file: {}", e.error))?;
    Ok(())
}
