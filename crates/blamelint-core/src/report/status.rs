//! Action item statuses: which words and emoji mean done, open or
//! cancelled, and the dates a row gives for when an item was opened and
//! closed. Documented in docs/report.md ("What blamelint recognises").

use crate::config::ReportConfig;
use crate::structure::dates::{find_iso, Date};
use crate::structure::template::text_key;
use regex::Regex;
use serde::Serialize;
use std::sync::OnceLock;

/// Where an action item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Done,
    Open,
    Cancelled,
}

/// Built-in words meaning done (matched case-insensitively, as whole words).
pub const DONE: &[&str] = &[
    "done",
    "closed",
    "complete",
    "completed",
    "fixed",
    "resolved",
    "finished",
    "shipped",
    "merged",
    "deployed",
    "implemented",
    "delivered",
    "[x]",
    "✅",
    "✔️",
    "✔",
    "✓",
    "☑️",
    "☑",
    "🟢",
    "afgerond",
    "gereed",
    "klaar",
    "opgelost",
    "gesloten",
    "voltooid",
];

/// Built-in words meaning open (not done yet, still expected).
pub const OPEN: &[&str] = &[
    "open",
    "opened",
    "reopened",
    "todo",
    "to do",
    "to-do",
    "not done",
    "not started",
    "in progress",
    "in-progress",
    "wip",
    "ongoing",
    "started",
    "pending",
    "blocked",
    "on hold",
    "planned",
    "backlog",
    "in review",
    "review",
    "new",
    "[ ]",
    "⏳",
    "⌛",
    "🔄",
    "🚧",
    "❌",
    "✖",
    "⛔",
    "🛑",
    "🔴",
    "🟡",
    "🟠",
    "⚠️",
    "⚠",
    "bezig",
    "gepland",
    "geblokkeerd",
    "openstaand",
    "nog niet",
];

/// Built-in words meaning cancelled (left out of completion rates).
pub const CANCELLED: &[&str] = &[
    "cancelled",
    "canceled",
    "won't do",
    "won’t do",
    "wont do",
    "won't fix",
    "won’t fix",
    "wontfix",
    "wont fix",
    "dropped",
    "obsolete",
    "superseded",
    "duplicate",
    "descoped",
    "rejected",
    "🚫",
    "geannuleerd",
    "vervallen",
];

/// Extra-column headers (compared like headings) giving the close date.
pub const CLOSED_COLUMNS: &[&str] = &[
    "Closed",
    "Closed On",
    "Closed Date",
    "Date Closed",
    "Closed At",
    "Completed",
    "Completed On",
    "Completion Date",
    "Date Completed",
    "Done On",
    "Done Date",
    "Resolved",
    "Resolved On",
    "Finished",
    "Afgerond",
    "Afgerond Op",
    "Datum Afgerond",
    "Gesloten",
    "Gesloten Op",
];

/// Extra-column headers giving the date an item was opened (default: the
/// postmortem's date).
pub const OPENED_COLUMNS: &[&str] = &[
    "Opened",
    "Opened On",
    "Created",
    "Created On",
    "Date Opened",
    "Raised",
    "Raised On",
    "Start",
    "Started",
    "Start Date",
    "Aangemaakt",
    "Geopend",
];

/// The status vocabulary: the config's words first, then the built-in ones.
#[derive(Debug, Clone)]
pub struct Statuses {
    /// (lowercased word, state), in priority order.
    words: Vec<(String, State)>,
}

impl Statuses {
    pub fn new(config: &ReportConfig) -> Statuses {
        let mut words = Vec::new();
        for (list, state) in [
            (&config.done, State::Done),
            (&config.open, State::Open),
            (&config.cancelled, State::Cancelled),
        ] {
            words.extend(
                list.iter()
                    .map(|w| w.trim().to_lowercase())
                    .filter(|w| !w.is_empty())
                    .map(|w| (w, state)),
            );
        }
        for (list, state) in [
            (DONE, State::Done),
            (OPEN, State::Open),
            (CANCELLED, State::Cancelled),
        ] {
            words.extend(list.iter().map(|w| (w.to_string(), state)));
        }
        Statuses { words }
    }

    /// The state a status cell names: the word that starts earliest (the
    /// longest one at that spot, the config's before the built-in ones).
    /// Struck-out text (`~~Open~~ Done`) is ignored. `None`: no known word.
    pub fn classify(&self, status: &str) -> Option<State> {
        let cleaned = strike_re().replace_all(status, " ");
        let s = cleaned.to_lowercase();
        let mut best: Option<(usize, usize, State)> = None;
        for (w, state) in &self.words {
            let Some(at) = find_word(&s, w) else { continue };
            let better = match best {
                None => true,
                Some((b_at, b_len, _)) => at < b_at || (at == b_at && w.len() > b_len),
            };
            if better {
                best = Some((at, w.len(), *state));
            }
        }
        best.map(|b| b.2)
    }
}

fn strike_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"~~[^~]*~~").unwrap())
}

/// The first occurrence of `word` in `s` that is not part of a longer word
/// (a boundary is only needed where `word` starts or ends with a letter or digit).
fn find_word(s: &str, word: &str) -> Option<usize> {
    let alnum_start = word.chars().next().is_some_and(char::is_alphanumeric);
    let alnum_end = word.chars().last().is_some_and(char::is_alphanumeric);
    let mut from = 0;
    while let Some(i) = s[from..].find(word) {
        let at = from + i;
        let end = at + word.len();
        let before_ok = !alnum_start || !s[..at].chars().last().is_some_and(char::is_alphanumeric);
        let after_ok = !alnum_end || !s[end..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + s[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The first calendar date written ISO `YYYY-MM-DD` in `s`.
pub fn first_date(s: &str) -> Option<Date> {
    find_iso(s).and_then(|(_, d)| d.ok())
}

/// Whether an extra column's header is one of `names`.
pub fn header_is(header: &str, names: &[&str]) -> bool {
    let k = text_key(header);
    !k.is_empty() && names.iter().any(|n| text_key(n) == k)
}

fn closed_in_text_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?i)(?:\b(?:done|closed|completed|complete|resolved|finished|fixed|shipped|afgerond)\b|✅|✔️?)\W{0,3}(?:on\s+|op\s+)?(\d{4}-\d{2}-\d{2})\b").unwrap()
    })
}

/// A close date written next to a done word in free text:
/// "Add alert (@kim, P1, due 2026-03-10) done 2026-03-08".
pub fn closed_in_text(s: &str) -> Option<Date> {
    closed_in_text_re()
        .captures(s)
        .and_then(|c| first_date(&c[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_words_and_emoji() {
        let st = Statuses::new(&ReportConfig::default());
        let c = |s: &str| st.classify(s);
        assert_eq!(c("Done"), Some(State::Done));
        assert_eq!(c("✅"), Some(State::Done));
        assert_eq!(c("✔️ merged"), Some(State::Done));
        assert_eq!(c("done (2026-03-02)"), Some(State::Done));
        assert_eq!(c("**Closed**"), Some(State::Done));
        assert_eq!(c("⏳"), Some(State::Open));
        assert_eq!(c("In progress"), Some(State::Open));
        assert_eq!(c("WIP"), Some(State::Open));
        assert_eq!(c("not done"), Some(State::Open));
        assert_eq!(c("Not started"), Some(State::Open));
        assert_eq!(c("❌ blocked on vendor"), Some(State::Open));
        assert_eq!(c("~~Open~~ Done"), Some(State::Done));
        assert_eq!(c("Won't do"), Some(State::Cancelled));
        assert_eq!(c("reopened"), Some(State::Open));
        assert_eq!(c("undone"), None);
        assert_eq!(c("waiting for Q3"), None);
        assert_eq!(c(""), None);
    }

    #[test]
    fn config_words_come_first() {
        let st = Statuses::new(&ReportConfig {
            done: vec!["Shipped 🚀".into(), "live".into()],
            open: vec!["review".into(), "Closed-pending".into()],
            ..ReportConfig::default()
        });
        assert_eq!(st.classify("live"), Some(State::Done));
        assert_eq!(st.classify("shipped 🚀"), Some(State::Done));
        assert_eq!(st.classify("closed-pending"), Some(State::Open));
    }

    #[test]
    fn dates_in_text_and_headers() {
        assert_eq!(
            closed_in_text("Alert on lag (@kim, due 2026-03-10) ✅ 2026-03-08"),
            Date::new(2026, 3, 8).ok()
        );
        assert_eq!(
            closed_in_text("done on 2026-03-02"),
            Date::new(2026, 3, 2).ok()
        );
        assert_eq!(closed_in_text("due 2026-03-10"), None);
        assert!(header_is("Closed on", CLOSED_COLUMNS));
        assert!(header_is("**Date closed**", CLOSED_COLUMNS));
        assert!(!header_is("Notes", CLOSED_COLUMNS));
        assert!(header_is("Created", OPENED_COLUMNS));
    }
}
