//! Timeline: `HH:MM` entries (optionally with an ISO date, or under a date
//! line) must be in chronological order, and the section must say once
//! which time zone they are in.

use super::dates::{find_iso, parse_date_value};
use super::outline::lines_in;
use super::Ctx;
use crate::diagnostic::Severity;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

pub const OUT_OF_ORDER: &str = "timeline-out-of-order";
pub const NO_TIMEZONE: &str = "timeline-no-timezone";

#[derive(Debug, Clone)]
pub struct Entry {
    /// The date and time as written ("2024-01-15 14:05", "14:05").
    pub span: Range<usize>,
    /// Days since 1970 when the entry (or a date line above it) has a date.
    pub day: Option<i64>,
    pub minutes: u32,
    /// The time part alone, "14:05".
    pub time: String,
}

fn entry_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    // Optional date, then the time, at the start of the line's text.
    R.get_or_init(|| Regex::new(r"^(?:(?P<date>\d{4}-\d{2}-\d{2})(?:[T ,|]+|\s*[-–—]\s*|\s*\*\*\s*))?(?P<h>\d{1,2})[:h](?P<m>\d{2})(?::\d{2})?\b").unwrap())
}

fn tz_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(concat!(
            r"\b(?:UTC|GMT|CET|CEST|EET|EEST|WET|WEST|BST|IST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|AKST|AKDT|HST|JST|KST|SGT|HKT|AEST|AEDT|ACST|AWST|NZST|NZDT|BRT|ART|MSK|PT|ET|CT|MT)\b",
            r"|\d{1,2}:\d{2}(?::\d{2})?\s?(?:Z|[+-]\d{2}:?\d{2})\b",
            r"|\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Pacific|Indian)/[A-Z][A-Za-z_]+",
            r"|(?i:\b(?:local time|lokale tijd|Nederlandse tijd|Dutch time|Amsterdam time|Pacific time|Eastern time|Central European)\b)",
        ))
        .unwrap()
    })
}

/// Strips list, quote, table and emphasis markers from the start of a line.
fn entry_start(s: &str) -> usize {
    let mut i = 0;
    let b = s.as_bytes();
    loop {
        let before = i;
        while i < b.len()
            && matches!(
                b[i],
                b' ' | b'\t' | b'>' | b'|' | b'*' | b'_' | b'`' | b'[' | b'(' | b'+'
            )
        {
            i += 1;
        }
        if i < b.len() && b[i] == b'-' && b.get(i + 1) == Some(&b' ') {
            i += 2;
        }
        let d = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if d > 0
            && d <= 2
            && matches!(b.get(i + d), Some(b'.') | Some(b')'))
            && b.get(i + d + 1) == Some(&b' ')
        {
            i += d + 2;
        }
        if i == before {
            return i;
        }
    }
}

/// The timeline's entries, in document order.
pub fn entries(text: &str, range: Range<usize>, is_opaque: impl Fn(usize) -> bool) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut cur_day: Option<i64> = None;
    for l in lines_in(text, range) {
        if is_opaque(l.start) {
            continue;
        }
        let line = &text[l.clone()];
        let st = entry_start(line);
        let rest = &line[st..];
        if let Some(c) = entry_re().captures(rest) {
            let h: u32 = c["h"].parse().unwrap_or(99);
            let m: u32 = c["m"].parse().unwrap_or(99);
            if h > 23 || m > 59 {
                continue;
            }
            if let Some(d) = c.name("date") {
                if let Some((_, Ok(date))) = find_iso(d.as_str()) {
                    cur_day = Some(date.ordinal());
                }
            }
            let whole = c.get(0).unwrap();
            let span = l.start + st + whole.start()..l.start + st + whole.end();
            let time = format!("{:02}:{:02}", h, m);
            out.push(Entry {
                span,
                day: cur_day,
                minutes: h * 60 + m,
                time,
            });
            continue;
        }
        // A date on its own line (or heading) dates the entries below it.
        let bare = rest
            .trim()
            .trim_matches(|c: char| matches!(c, '*' | '_' | '#' | ':' | ' '));
        if !bare.is_empty() && bare.len() <= 40 {
            if let Ok(d) = parse_date_value(bare) {
                if find_iso(bare).is_some_and(|(r, _)| r.start == 0)
                    || bare.chars().filter(|c| c.is_alphabetic()).count() <= 12
                {
                    cur_day = Some(d.ordinal());
                }
            }
        }
    }
    out
}

pub(crate) fn check(cx: &mut Ctx, header_timezone: bool) {
    let t = cx.template;
    let o = cx.outline;
    let Some(s) = t.section("timeline") else {
        return;
    };
    let Some(h) = o.find(s) else { return };
    let range = o.content_range(h);
    let list = entries(cx.text, range.clone(), |p| o.is_opaque(p));
    if list.is_empty() {
        return;
    }
    // Order: entries without a date roll over midnight when the clock goes
    // back by more than 12 hours ("23:50" then "00:10").
    let mut prev: Option<(i64, u32, &Entry)> = None;
    let mut roll = 0i64;
    let mut last_day: Option<i64> = None;
    let mut findings = Vec::new();
    for e in &list {
        if e.day != last_day {
            roll = 0;
            last_day = e.day;
        }
        if let Some((pday, pmin, _)) = prev {
            let same_base = e.day.unwrap_or(0) + roll == pday;
            if same_base && e.minutes + 12 * 60 < pmin {
                roll += 1;
            }
        }
        let key = (e.day.unwrap_or(0) + roll, e.minutes);
        if let Some((pday, pmin, pe)) = prev {
            if key < (pday, pmin) {
                findings.push((
                    e.span.clone(),
                    format!(
                        "Timeline entry {} is earlier than the entry before it ({})",
                        &cx.text[e.span.clone()],
                        &cx.text[pe.span.clone()]
                    ),
                ));
            }
        }
        prev = Some((key.0, key.1, e));
    }
    for (span, message) in findings {
        cx.push(OUT_OF_ORDER, Severity::Warning, message, span);
    }
    if !header_timezone && !has_timezone(cx, range) {
        let heading = &o.headings[h];
        cx.push(NO_TIMEZONE, Severity::Warning, "Timeline does not say which time zone its times are in: add a line such as \"All times in UTC\"".into(), heading.text.clone());
    }
}

fn has_timezone(cx: &Ctx, range: Range<usize>) -> bool {
    let heading_and_body = &cx.text[range.clone()];
    if tz_re().is_match(heading_and_body) {
        return true;
    }
    // The heading itself: "Timeline (UTC)".
    let o = cx.outline;
    let in_heading = o
        .headings
        .iter()
        .filter(|h| h.line.end <= range.start && h.line.end + 2 >= range.start)
        .any(|h| tz_re().is_match(&cx.text[h.text.clone()]));
    if in_heading {
        return true;
    }
    let lower = heading_and_body.to_lowercase();
    cx.template
        .timezone_labels
        .iter()
        .filter(|l| !l.starts_with("all"))
        .any(|l| lower.contains(&format!("{l}:")) || lower.contains(&format!("{l}**:")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_entries() {
        let text = "All times UTC.\n\n- **14:05** - a\n- 2024-01-15 23:50 b\n| 00:10 | c |\n\n### 2024-01-16\n\n1. 09:00 d\n- 9h30 e\n- 9.30 g\n- not 12:00 f\n";
        let es = entries(text, 0..text.len(), |_| false);
        let got: Vec<(&str, Option<i64>)> =
            es.iter().map(|e| (&text[e.span.clone()], e.day)).collect();
        let d15 = super::super::dates::Date::new(2024, 1, 15)
            .unwrap()
            .ordinal();
        assert_eq!(
            got,
            vec![
                ("14:05", None),
                ("2024-01-15 23:50", Some(d15)),
                ("00:10", Some(d15)),
                ("09:00", Some(d15 + 1)),
                ("9h30", Some(d15 + 1))
            ]
        );
    }
}
