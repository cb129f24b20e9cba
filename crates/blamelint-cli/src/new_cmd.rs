//! `blamelint new`: a fresh postmortem from the configured template.

use crate::args::NewArgs;
use crate::fsys::StdFs;
use crate::{EXIT_CLEAN, EXIT_ERROR};
use blamelint_core::discovery::{build_linter, find_config, read_config, LoadedConfig};
use blamelint_core::structure::{load_template, new_postmortem};
use std::io::Write;
use std::path::Path;

/// Today's date in UTC as `YYYY-MM-DD` (civil-from-days, H. Hinnant).
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

pub fn run(args: NewArgs) -> u8 {
    let start_dir = args
        .path
        .as_deref()
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let config_path = args.config.clone().or_else(|| {
        find_config(
            &StdFs,
            &std::fs::canonicalize(&start_dir).unwrap_or(start_dir.clone()),
        )
    });
    let loaded = match config_path {
        Some(p) => match read_config(&StdFs, &p) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_ERROR;
            }
        },
        None => LoadedConfig::default(),
    };
    let linter = match build_linter(&StdFs, &loaded) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let template = match load_template(&linter.rules, &loaded.config.postmortem) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let date = args.date.clone().unwrap_or_else(today);
    let text = new_postmortem(&template, &date, &args.title);
    let Some(path) = &args.path else {
        print!("{text}");
        return EXIT_CLEAN;
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            eprintln!("error: {}: {e}", parent.display());
            return EXIT_ERROR;
        }
    }
    let file = if args.force {
        std::fs::File::create(path)
    } else {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    match file.and_then(|mut f| f.write_all(text.as_bytes())) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            EXIT_CLEAN
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {}: already exists (use --force to overwrite)",
                path.display()
            );
            EXIT_ERROR
        }
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            EXIT_ERROR
        }
    }
}
