//! Reading one input: size limit, binary detection, UTF-8, BOM.

use std::io::Read;
use std::path::Path;

pub enum Input {
    Text {
        text: String,
        bom: bool,
    },
    /// Not an error: binary files are skipped with a note.
    Binary,
}

pub fn decode(bytes: Vec<u8>) -> Result<Input, String> {
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        return Ok(Input::Binary);
    }
    let bom = bytes.starts_with(&[0xEF, 0xBB, 0xBF]);
    let body = if bom { bytes[3..].to_vec() } else { bytes };
    match String::from_utf8(body) {
        Ok(text) => Ok(Input::Text { text, bom }),
        Err(e) => {
            let at = e.utf8_error().valid_up_to() + if bom { 3 } else { 0 };
            let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Err(format!(
                "invalid UTF-8 at byte {at} (line {line}); blamelint reads UTF-8 text only"
            ))
        }
    }
}

pub fn read_file(path: &Path, max: u64) -> Result<Input, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    if meta.is_file() && meta.len() > max {
        return Err(format!(
            "file is {} bytes, over the {max}-byte limit (--max-file-size)",
            meta.len()
        ));
    }
    // Read at most one byte past the limit: a file that grows after the
    // check, and a FIFO (`<(git show ...)`, whose size says 0), are held to
    // the limit too.
    let mut bytes = Vec::with_capacity(if meta.is_file() {
        meta.len() as usize
    } else {
        0
    });
    std::fs::File::open(path)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "input is over the {max}-byte limit (--max-file-size)"
        ));
    }
    decode(bytes)
}

pub fn read_stdin(max: u64) -> Result<Input, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > max {
        return Err(format!(
            "input is over the {max}-byte limit (--max-file-size)"
        ));
    }
    decode(bytes)
}
