//! Calendar dates: ISO `YYYY-MM-DD` parsing with real-calendar validation,
//! and spotting other date notations (to say "use ISO").

use regex::Regex;
use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A real calendar date, or why not.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, String> {
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}"));
        }
        let dim = days_in_month(year, month);
        if day == 0 || day > dim {
            if month == 2 && day == 29 {
                return Err(format!("{year} is not a leap year"));
            }
            return Err(format!("{} has {dim} days", MONTHS_EN[month as usize - 1]));
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn ordinal(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (the inverse of [`Date::ordinal`]).
    pub fn from_ordinal(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The calendar quarter, 1-4.
    pub fn quarter(self) -> u32 {
        self.month.div_ceil(3)
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Why a date is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// ISO-shaped but not on the calendar: the reason ("2025 is not a leap year").
    NotCalendar(String),
    /// A date, but not written `YYYY-MM-DD`.
    NotIso,
    /// No date at all.
    NotADate,
}

fn iso_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap())
}

fn loose_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let months: Vec<String> = MONTHS_EN.iter().chain(MONTHS_NL.iter()).map(|m| m[..3].to_lowercase()).collect();
        let m = format!("(?:{})[a-z]*\\.?", months.join("|"));
        Regex::new(&format!(r"(?i)\b\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{m}(?:,?\s+\d{{4}})?\b|\b{m}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b")).unwrap()
    })
}

fn written_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)^(?:(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})|([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))$").unwrap())
}

fn month_number(name: &str) -> Option<u32> {
    let l = name.to_lowercase();
    if l.len() < 3 {
        return None;
    }
    let l = l.trim_end_matches('.');
    MONTHS_EN
        .iter()
        .chain(MONTHS_NL.iter())
        .position(|m| m.to_lowercase().starts_with(l))
        .map(|i| (i % 12) as u32 + 1)
}

/// The first ISO-shaped date (`dddd-dd-dd`) in `s`: its range and, when it
/// is on the calendar, the date.
pub fn find_iso(s: &str) -> Option<(Range<usize>, Result<Date, String>)> {
    let c = iso_re().captures(s)?;
    let m = c.get(0)?;
    let y: i32 = c[1].parse().ok()?;
    let mo: u32 = c[2].parse().ok()?;
    let d: u32 = c[3].parse().ok()?;
    Some((m.range(), Date::new(y, mo, d)))
}

/// Every ISO-shaped date in `s`.
pub fn find_all_iso(s: &str) -> Vec<(Range<usize>, Result<Date, String>)> {
    iso_re()
        .captures_iter(s)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some((
                m.range(),
                Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?),
            ))
        })
        .collect()
}

/// The first non-ISO date notation in `s` ("31/01/2025", "Jan 5", "5 maart").
pub fn find_other_date(s: &str) -> Option<Range<usize>> {
    loose_re().find(s).map(|m| m.range())
}

/// A value that must be exactly an ISO date (action item due dates).
pub fn parse_iso_strict(s: &str) -> Result<Date, DateProblem> {
    let s = s.trim();
    if let Some((r, d)) = find_iso(s) {
        if r == (0..s.len()) {
            return d.map_err(DateProblem::NotCalendar);
        }
    }
    if find_other_date(s).is_some() || find_iso(s).is_some() {
        Err(DateProblem::NotIso)
    } else {
        Err(DateProblem::NotADate)
    }
}

/// A metadata date: ISO (with anything after it, such as a time), or a
/// written-out month ("15 January 2024", "January 15, 2024", "15 januari 2024").
pub fn parse_date_value(s: &str) -> Result<Date, DateProblem> {
    let t = s.trim();
    if let Some((r, d)) = find_iso(t) {
        if r.start == 0 {
            return d.map_err(DateProblem::NotCalendar);
        }
    }
    let head: &str = t.split([';', '(']).next().unwrap_or(t).trim();
    // Drop a weekday in front: "Monday, 15 January 2024".
    let head = head
        .split_once(", ")
        .filter(|(w, _)| w.chars().all(char::is_alphabetic))
        .map_or(head, |(_, rest)| rest);
    // Cut a time after it: "January 15, 2024 14:00 UTC".
    let words: Vec<&str> = head.split_whitespace().collect();
    for n in (2..=words.len().min(4)).rev() {
        let cand = words[..n].join(" ");
        if let Some(c) = written_re().captures(&cand) {
            let (d, m, y) = if c.get(1).is_some() {
                (&c[1], &c[2], &c[3])
            } else {
                (&c[5], &c[4], &c[6])
            };
            if let (Some(mo), Ok(day), Ok(year)) =
                (month_number(m), d.parse::<u32>(), y.parse::<i32>())
            {
                return Date::new(year, mo, day).map_err(DateProblem::NotCalendar);
            }
        }
    }
    if find_other_date(t).is_some() || find_iso(t).is_some() {
        Err(DateProblem::NotIso)
    } else {
        Err(DateProblem::NotADate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        assert!(Date::new(2024, 2, 29).is_ok());
        assert_eq!(
            Date::new(2025, 2, 29),
            Err("2025 is not a leap year".into())
        );
        assert_eq!(Date::new(2026, 2, 30), Err("February has 28 days".into()));
        assert_eq!(Date::new(2026, 13, 1), Err("there is no month 13".into()));
        assert_eq!(Date::new(2026, 4, 31), Err("April has 30 days".into()));
        assert!(Date::new(2000, 2, 29).is_ok());
        assert!(Date::new(1900, 2, 29).is_err());
        assert_eq!(Date::new(1970, 1, 1).unwrap().ordinal(), 0);
        assert_eq!(
            Date::new(2024, 3, 1).unwrap().ordinal() - Date::new(2024, 2, 28).unwrap().ordinal(),
            2
        );
        for days in [-800_000, -1, 0, 59, 11_016, 19_782, 20_513, 2_932_896] {
            assert_eq!(Date::from_ordinal(days).ordinal(), days);
        }
        assert_eq!(Date::from_ordinal(20_514).to_string(), "2026-03-02");
        assert_eq!(Date::new(2026, 3, 31).unwrap().quarter(), 1);
        assert_eq!(Date::new(2026, 10, 1).unwrap().quarter(), 4);
    }

    #[test]
    fn strict_and_loose() {
        assert_eq!(
            parse_iso_strict("2024-01-20"),
            Ok(Date {
                year: 2024,
                month: 1,
                day: 20
            })
        );
        assert_eq!(
            parse_iso_strict("2026-02-30"),
            Err(DateProblem::NotCalendar("February has 28 days".into()))
        );
        assert_eq!(parse_iso_strict("31/01/2025"), Err(DateProblem::NotIso));
        assert_eq!(parse_iso_strict("17-10-2024"), Err(DateProblem::NotIso));
        assert_eq!(parse_iso_strict("2024-1-5"), Err(DateProblem::NotIso));
        assert_eq!(parse_iso_strict("next sprint"), Err(DateProblem::NotADate));
        assert_eq!(
            parse_date_value("January 15, 2024"),
            Ok(Date {
                year: 2024,
                month: 1,
                day: 15
            })
        );
        assert_eq!(
            parse_date_value("15 januari 2024"),
            Ok(Date {
                year: 2024,
                month: 1,
                day: 15
            })
        );
        assert_eq!(
            parse_date_value("2024-01-15 14:00 UTC"),
            Ok(Date {
                year: 2024,
                month: 1,
                day: 15
            })
        );
        assert_eq!(
            parse_date_value("Monday, 15 Jan 2024"),
            Ok(Date {
                year: 2024,
                month: 1,
                day: 15
            })
        );
        assert_eq!(
            parse_date_value("30 February 2024"),
            Err(DateProblem::NotCalendar("February has 29 days".into()))
        );
        assert_eq!(parse_date_value("15/01/2024"), Err(DateProblem::NotIso));
        assert_eq!(parse_date_value("yesterday"), Err(DateProblem::NotADate));
    }
}
