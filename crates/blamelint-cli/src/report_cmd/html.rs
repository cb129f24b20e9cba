//! `blamelint report --format html`: one self-contained page (inline CSS,
//! inline SVG charts drawn here, no scripts, nothing fetched) with the
//! summary, three charts and the tables of the Markdown report.

use super::markdown::{
    categories, completion_cell, days_to_close_text, health_text, percent, severities,
};
use blamelint_core::report::{Health, Report};
use std::fmt::Write;

/// Category colours (Tableau 10), by the category's place in the sorted list.
const PALETTE: &[&str] = &[
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac",
];
const GREEN: &str = "#3a9d5d";
const AMBER: &str = "#e0a526";
const RED: &str = "#d64545";
const GREY: &str = "#9aa3ad";
const INK: &str = "#1f2933";
const MUTED: &str = "#616e7c";
const GRID: &str = "#e4e7eb";
/// Owners shown in the overdue chart; the rest are summed as "others".
const MAX_OWNERS: usize = 12;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// At most `n` characters, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn health_color(h: Option<Health>) -> &'static str {
    match h {
        Some(Health::OnTarget) => GREEN,
        Some(Health::BelowTarget) => AMBER,
        Some(Health::Escalate) => RED,
        None => GREY,
    }
}

fn rate_color(r: &Report, rate: f64) -> &'static str {
    if rate >= r.target {
        GREEN
    } else if rate >= r.escalate_below {
        AMBER
    } else {
        RED
    }
}

/// A round axis maximum at or above `max` and its tick step.
fn nice_scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 0.25);
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| s * 4.0 >= max)
        .unwrap_or(10.0 * mag);
    ((max / step).ceil() * step, step)
}

fn fmt_num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else if (x * 10.0 - (x * 10.0).round()).abs() < 1e-9 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

fn empty_chart(o: &mut String, w: u32, h: u32, message: &str) {
    let _ = write!(
        o,
        r#"<svg class="chart-svg" viewBox="0 0 {w} {h}" role="img" aria-label="{m}"><text x="{x}" y="{y}" text-anchor="middle" fill="{MUTED}" font-size="15">{m}</text></svg>"#,
        m = esc(message),
        x = w / 2,
        y = h / 2
    );
}

/// The labels under a bar: the quarter and a note when the band is wide;
/// "Q1" over "2024" when it is narrower; only "Q1" (the year at Q1 and the
/// first bar) when it is very narrow.
fn x_label(o: &mut String, cx: f64, y: f64, quarter: &str, note: &str, band: f64, first: bool) {
    let (main, sub, size) = match quarter.split_once("-Q") {
        _ if band >= 96.0 => (quarter.to_string(), note.to_string(), 13),
        Some((year, q)) if band >= 40.0 => (format!("Q{q}"), year.to_string(), 12),
        Some((year, q)) => (
            format!("Q{q}"),
            if q == "1" || first {
                year.to_string()
            } else {
                String::new()
            },
            10,
        ),
        None => (
            quarter.to_string(),
            String::new(),
            if band >= 60.0 { 12 } else { 9 },
        ),
    };
    let _ = write!(
        o,
        r#"<text x="{cx:.1}" y="{y1:.1}" text-anchor="middle" font-size="{size}" fill="{INK}">{m}</text>"#,
        y1 = y + 18.0,
        m = esc(&main)
    );
    if !sub.is_empty() {
        let _ = write!(
            o,
            r#"<text x="{cx:.1}" y="{y2:.1}" text-anchor="middle" font-size="11" fill="{MUTED}">{s}</text>"#,
            y2 = y + 34.0,
            s = esc(&sub)
        );
    }
}

/// Bars of the completion rate per quarter, with the target and escalation lines.
fn completion_chart(r: &Report) -> String {
    let (w, h) = (560.0, 300.0);
    let (left, right, top, bottom) = (48.0, 16.0, 22.0, 52.0);
    let pw = w - left - right;
    let ph = h - top - bottom;
    let mut o = String::new();
    if r.quarters.iter().all(|q| q.completion.rate.is_none()) {
        empty_chart(&mut o, 560, 300, "No action item is done or due yet");
        return o;
    }
    let _ = write!(
        o,
        r#"<svg class="chart-svg" viewBox="0 0 {w} {h}" role="img" aria-label="Action-item completion within due date by quarter">"#
    );
    for i in 0..=4 {
        let v = f64::from(i) * 0.25;
        let y = top + ph - v * ph;
        let _ = write!(
            o,
            r#"<line x1="{left}" x2="{x2}" y1="{y}" y2="{y}" stroke="{GRID}"/><text x="{tx}" y="{ty}" text-anchor="end" font-size="12" fill="{MUTED}">{p}%</text>"#,
            x2 = left + pw,
            tx = left - 6.0,
            ty = y + 4.0,
            p = i * 25
        );
    }
    let n = r.quarters.len() as f64;
    let band = pw / n;
    let bw = (band * 0.62).min(72.0);
    for (i, q) in r.quarters.iter().enumerate() {
        let cx = left + band * (i as f64 + 0.5);
        let c = &q.completion;
        if let Some(rate) = c.rate {
            let bh = (rate * ph).max(if rate > 0.0 { 1.0 } else { 0.0 });
            let y = top + ph - bh;
            let _ = write!(
                o,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" rx="3" fill="{col}"><title>{q}: {t}</title></rect><text x="{cx:.1}" y="{ly:.1}" text-anchor="middle" font-size="{fs}" font-weight="600" fill="{INK}">{p}</text>"#,
                fs = if band >= 48.0 {
                    13
                } else if band >= 34.0 {
                    10
                } else {
                    0
                },
                x = cx - bw / 2.0,
                col = rate_color(r, rate),
                q = esc(&q.quarter),
                t = esc(&completion_cell(c)),
                ly = y - 6.0,
                p = esc(&percent(rate)),
            );
        } else {
            let _ = write!(
                o,
                r#"<text x="{cx:.1}" y="{y:.1}" text-anchor="middle" font-size="12" fill="{MUTED}">n/a</text>"#,
                y = top + ph - 6.0
            );
        }
        let note = format!("{}/{} on time", c.on_time, c.eligible);
        x_label(&mut o, cx, top + ph, &q.quarter, &note, band, i == 0);
    }
    for (v, label, dash, col) in [
        (r.target, "target", "6 4", GREEN),
        (r.escalate_below, "escalate", "2 3", RED),
    ] {
        let y = top + ph - v.clamp(0.0, 1.0) * ph;
        let _ = write!(
            o,
            r#"<line class="threshold" x1="{left}" x2="{x2}" y1="{y:.1}" y2="{y:.1}" stroke="{col}" stroke-width="1.5" stroke-dasharray="{dash}"/><text x="{x2}" y="{ty:.1}" text-anchor="end" font-size="11" fill="{col}">{label} {p}</text>"#,
            x2 = left + pw,
            ty = y - 4.0,
            p = esc(&percent(v)),
        );
    }
    o.push_str("</svg>");
    o
}

/// Stacked bars: blame findings per postmortem, by category, per quarter.
fn blame_chart(r: &Report) -> String {
    let cats = categories(r);
    let (w, h) = (1120.0, 330.0);
    let (left, right, top, bottom) = (48.0, 16.0, 46.0, 50.0);
    let pw = w - left - right;
    let ph = h - top - bottom;
    let mut o = String::new();
    if cats.is_empty() || r.quarters.is_empty() {
        empty_chart(&mut o, 1120, 330, "No blame findings");
        return o;
    }
    let per_pm = |q: &blamelint_core::report::QuarterStats, c: &str| {
        let n = q.blame_findings.by_category.get(c).copied().unwrap_or(0) as f64;
        if q.postmortems == 0 {
            0.0
        } else {
            n / q.postmortems as f64
        }
    };
    let max = r
        .quarters
        .iter()
        .map(|q| cats.iter().map(|c| per_pm(q, c)).sum::<f64>())
        .fold(0.0, f64::max);
    let (ymax, step) = nice_scale(max);
    let _ = write!(
        o,
        r#"<svg class="chart-svg" viewBox="0 0 {w} {h}" role="img" aria-label="Blame findings per postmortem by category and quarter">"#
    );
    // Legend.
    let mut lx = left;
    for (i, c) in cats.iter().enumerate() {
        let col = PALETTE[i % PALETTE.len()];
        let _ = write!(
            o,
            r#"<rect class="legend" x="{lx:.1}" y="10" width="12" height="12" rx="2" fill="{col}"/><text x="{tx:.1}" y="20.5" font-size="12" fill="{INK}">{c}</text>"#,
            tx = lx + 17.0,
            c = esc(c)
        );
        lx += 17.0 + 7.2 * c.chars().count() as f64 + 18.0;
    }
    let mut v = 0.0;
    while v <= ymax + 1e-9 {
        let y = top + ph - v / ymax * ph;
        let _ = write!(
            o,
            r#"<line x1="{left}" x2="{x2}" y1="{y:.1}" y2="{y:.1}" stroke="{GRID}"/><text x="{tx}" y="{ty:.1}" text-anchor="end" font-size="12" fill="{MUTED}">{l}</text>"#,
            x2 = left + pw,
            tx = left - 6.0,
            ty = y + 4.0,
            l = fmt_num(v)
        );
        v += step;
    }
    let n = r.quarters.len() as f64;
    let band = pw / n;
    let bw = (band * 0.6).min(80.0);
    for (qi, q) in r.quarters.iter().enumerate() {
        let cx = left + band * (qi as f64 + 0.5);
        let mut y = top + ph;
        for (i, c) in cats.iter().enumerate() {
            let val = per_pm(q, c);
            if val <= 0.0 {
                continue;
            }
            let bh = val / ymax * ph;
            y -= bh;
            let count = q.blame_findings.by_category.get(c).copied().unwrap_or(0);
            let _ = write!(
                o,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{col}"><title>{qq} · {cc}: {count} finding{s} ({val:.2} per postmortem)</title></rect>"#,
                x = cx - bw / 2.0,
                col = PALETTE[i % PALETTE.len()],
                qq = esc(&q.quarter),
                cc = esc(c),
                s = if count == 1 { "" } else { "s" },
            );
        }
        if band >= 36.0 {
            let _ = write!(
                o,
                r#"<text x="{cx:.1}" y="{ty:.1}" text-anchor="middle" font-size="{fs}" font-weight="600" fill="{INK}">{v:.2}</text>"#,
                ty = y - 6.0,
                fs = if band >= 60.0 { 13 } else { 10 },
                v = q.blame_findings_per_postmortem,
            );
        }
        let note = format!(
            "{} postmortem{}",
            q.postmortems,
            if q.postmortems == 1 { "" } else { "s" }
        );
        x_label(&mut o, cx, top + ph, &q.quarter, &note, band, qi == 0);
    }
    o.push_str("</svg>");
    o
}

/// Horizontal bars: overdue items per owner.
fn owners_chart(r: &Report) -> String {
    let mut o = String::new();
    if r.overdue_by_owner.is_empty() {
        empty_chart(&mut o, 560, 300, "No overdue action items");
        return o;
    }
    let mut rows: Vec<(String, usize, i64)> = r
        .overdue_by_owner
        .iter()
        .take(MAX_OWNERS)
        .map(|w| (w.owner.clone(), w.items, w.oldest_days))
        .collect();
    if r.overdue_by_owner.len() > MAX_OWNERS {
        let rest = &r.overdue_by_owner[MAX_OWNERS..];
        rows.push((
            format!(
                "{} other{}",
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
            rest.iter().map(|w| w.items).sum(),
            rest.iter().map(|w| w.oldest_days).max().unwrap_or(0),
        ));
    }
    let (left, right, top) = (150.0, 120.0, 12.0);
    let w = 560.0;
    // Few owners: rows share the chart's height (up to 56 px each).
    let row_h = ((300.0 - top * 2.0) / rows.len() as f64).clamp(30.0, 56.0);
    let bar_h = (row_h * 0.55).min(24.0);
    let h = (top * 2.0 + row_h * rows.len() as f64).max(300.0);
    let pw = w - left - right;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1) as f64;
    let _ = write!(
        o,
        r#"<svg class="chart-svg" viewBox="0 0 {w} {h}" role="img" aria-label="Overdue action items by owner">"#
    );
    for (i, (owner, items, oldest)) in rows.iter().enumerate() {
        let y = top + row_h * i as f64 + (row_h - bar_h) / 2.0;
        let bw = (*items as f64 / max * pw).max(2.0);
        let _ = write!(
            o,
            r#"<text x="{tx}" y="{ty:.1}" text-anchor="end" font-size="13" fill="{INK}">{name}</text><rect x="{left}" y="{y:.1}" width="{bw:.1}" height="{bar_h:.1}" rx="3" fill="{RED}"><title>{full}: {items} overdue, oldest {oldest} days</title></rect><text x="{vx:.1}" y="{ty:.1}" font-size="12" fill="{INK}"><tspan font-weight="600">{items}</tspan><tspan fill="{MUTED}"> · oldest {oldest} d</tspan></text>"#,
            tx = left - 8.0,
            ty = y + bar_h / 2.0 + 4.5,
            name = esc(&clip(owner, 20)),
            full = esc(owner),
            vx = left + bw + 6.0,
        );
    }
    o.push_str("</svg>");
    o
}

const CSS: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f7fa; color: #1f2933; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 10px; }
.sub { color: #616e7c; margin: 0 0 20px; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; }
.card { background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; padding: 14px 16px; }
.card .label { color: #616e7c; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 28px; font-weight: 700; margin: 4px 0 2px; }
.card .note { color: #616e7c; font-size: 12px; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; margin-top: 12px; }
figure.chart { margin: 0; background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; padding: 14px 16px 8px; }
figure.chart.wide { grid-column: 1 / -1; }
figcaption { font-weight: 600; margin-bottom: 6px; }
figcaption span { font-weight: 400; color: #616e7c; font-size: 12px; margin-left: 6px; }
.chart-svg { display: block; width: 100%; height: auto; font-family: inherit; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #e4e7eb; border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
th { background: #f0f3f7; font-weight: 600; font-size: 12px; color: #3e4c59; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.date { white-space: nowrap; }
tr:last-child td { border-bottom: 0; }
.pill { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; color: #fff; }
a { color: #2d5fa3; text-decoration: none; }
.muted { color: #616e7c; }
footer { margin-top: 32px; color: #9aa3ad; font-size: 12px; }
"#;

fn card(o: &mut String, label: &str, value: &str, note: &str, color: Option<&str>) {
    let style = color.map_or_else(String::new, |c| format!(r#" style="color:{c}""#));
    let _ = write!(
        o,
        r#"<div class="card"><div class="label">{}</div><div class="value"{style}>{}</div><div class="note">{}</div></div>"#,
        esc(label),
        esc(value),
        esc(note)
    );
}

pub fn render(r: &Report) -> String {
    let s = &r.summary;
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="blamelint report">
<title>Postmortem report — {today}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<h1>Postmortem report</h1>
<p class="sub">As of {today} · {pm} postmortem{pms} · {ai} action item{ais}</p>
<section class="cards">"#,
        today = esc(&r.today),
        pm = s.postmortems,
        pms = if s.postmortems == 1 { "" } else { "s" },
        ai = s.action_items.total,
        ais = if s.action_items.total == 1 { "" } else { "s" },
    );
    let c = &s.completion;
    card(
        &mut o,
        "Completion within due date",
        &c.rate.map_or_else(|| "n/a".into(), percent),
        &health_text(r).map_or_else(
            || "nothing done or due yet".to_string(),
            |h| format!("{} of {} · {h}", c.on_time, c.eligible),
        ),
        Some(health_color(s.health)),
    );
    card(
        &mut o,
        "Overdue action items",
        &s.action_items.overdue.to_string(),
        &format!(
            "{} owner{} · {} open in total",
            r.overdue_by_owner.len(),
            if r.overdue_by_owner.len() == 1 {
                ""
            } else {
                "s"
            },
            s.action_items.open
        ),
        Some(if s.action_items.overdue > 0 {
            RED
        } else {
            GREEN
        }),
    );
    card(
        &mut o,
        "Days to close",
        &s.days_to_close
            .average
            .map_or_else(|| "n/a".into(), |d| format!("{d:.1}")),
        &s.days_to_close.median.map_or_else(
            || "no close dates recorded".to_string(),
            |m| format!("average · median {m:.1} · {} items", s.days_to_close.items),
        ),
        None,
    );
    card(
        &mut o,
        "Blame findings",
        &format!("{:.2}", s.blame_findings_per_postmortem),
        &format!("per postmortem · {} in total", s.blame_findings.total),
        None,
    );
    card(
        &mut o,
        "Complete postmortems",
        &format!("{} / {}", s.complete_postmortems, s.postmortems),
        "every required section filled in",
        None,
    );
    o.push_str("</section>\n<section class=\"charts\">\n");
    let _ = writeln!(
        o,
        "<figure class=\"chart\" id=\"chart-completion\"><figcaption>Action-item completion by quarter<span>within due date, by postmortem quarter</span></figcaption>{}</figure>",
        completion_chart(r)
    );
    let _ = writeln!(
        o,
        "<figure class=\"chart\" id=\"chart-overdue\"><figcaption>Overdue action items by owner<span>open past the due date on {}</span></figcaption>{}</figure>",
        esc(&r.today),
        owners_chart(r)
    );
    let _ = writeln!(
        o,
        "<figure class=\"chart wide\" id=\"chart-blame\"><figcaption>Blame findings by category over time<span>findings per postmortem, by postmortem quarter</span></figcaption>{}</figure>",
        blame_chart(r)
    );
    o.push_str("</section>\n");
    tables(&mut o, r);
    let _ = write!(
        o,
        "<footer>Generated by blamelint report · schema {} · days to close: {}</footer>\n</main>\n</body>\n</html>\n",
        r.schema_version,
        esc(&days_to_close_text(r))
    );
    o
}

fn th(o: &mut String, cols: &[(&str, bool)]) {
    o.push_str("<thead><tr>");
    for (c, num) in cols {
        let class = if *num { r#" class="num""# } else { "" };
        let _ = write!(o, "<th{class}>{}</th>", esc(c));
    }
    o.push_str("</tr></thead><tbody>");
}

fn td(o: &mut String, v: &str) {
    let _ = write!(o, "<td>{}</td>", esc(v));
}

fn td_date(o: &mut String, v: &str) {
    let _ = write!(o, r#"<td class="date">{}</td>"#, esc(v));
}

fn td_num(o: &mut String, v: impl std::fmt::Display) {
    let _ = write!(o, r#"<td class="num">{v}</td>"#);
}

fn tables(o: &mut String, r: &Report) {
    o.push_str("<h2>By quarter</h2>\n<table>");
    th(
        o,
        &[
            ("Quarter", false),
            ("Postmortems", true),
            ("By severity", false),
            ("Blame findings", true),
            ("Per postmortem", true),
            ("Action items", true),
            ("Done", true),
            ("Overdue", true),
            ("Completion", true),
            ("Days to close", true),
        ],
    );
    for q in &r.quarters {
        o.push_str("<tr>");
        td(o, &q.quarter);
        td_num(o, q.postmortems);
        td(o, &severities(&q.by_severity));
        td_num(o, q.blame_findings.total);
        td_num(o, format!("{:.2}", q.blame_findings_per_postmortem));
        td_num(o, q.action_items.total);
        td_num(o, q.action_items.done);
        td_num(o, q.action_items.overdue);
        td_num(o, esc(&completion_cell(&q.completion)));
        td_num(
            o,
            q.days_to_close
                .average
                .map_or_else(|| "n/a".to_string(), |d| format!("{d:.1}")),
        );
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>\n");

    o.push_str("<h2>Overdue action items</h2>\n");
    if r.overdue.is_empty() {
        o.push_str("<p class=\"muted\">None.</p>\n");
    } else {
        o.push_str("<table>");
        th(
            o,
            &[
                ("Owner", false),
                ("Action", false),
                ("Priority", false),
                ("Due", false),
                ("Days overdue", true),
                ("Postmortem", false),
            ],
        );
        for i in &r.overdue {
            o.push_str("<tr>");
            td(o, &i.owner);
            td(o, &i.action);
            td(o, i.priority.as_deref().unwrap_or(""));
            td_date(o, &i.due);
            td_num(o, i.days_overdue);
            let _ = write!(
                o,
                r#"<td><a href="{}">{}</a></td>"#,
                esc(&i.path),
                esc(&i.postmortem)
            );
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table>\n");
    }

    o.push_str("<h2>Most common missing sections</h2>\n");
    if r.missing_sections.is_empty() {
        o.push_str("<p class=\"muted\">None: every postmortem has every section.</p>\n");
    } else {
        o.push_str("<table>");
        th(
            o,
            &[
                ("Section", false),
                ("Requirement", false),
                ("Missing", true),
                ("Empty", true),
            ],
        );
        for m in &r.missing_sections {
            o.push_str("<tr>");
            td(o, &m.section);
            td(o, &m.requirement);
            td_num(o, m.missing);
            td_num(o, m.empty);
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table>\n");
    }

    if !r.unrecognised_statuses.is_empty() {
        o.push_str("<h2>Unrecognised statuses</h2>\n<p class=\"muted\">Counted as open. Name them under <code>[report]</code> (<code>done</code>, <code>open</code>, <code>cancelled</code>) in blamelint.toml.</p>\n<table>");
        th(o, &[("Status", false), ("Items", true)]);
        for u in &r.unrecognised_statuses {
            o.push_str("<tr>");
            td(o, &u.status);
            td_num(o, u.count);
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table>\n");
    }

    o.push_str("<h2>Postmortems</h2>\n");
    if r.postmortems.is_empty() {
        o.push_str("<p class=\"muted\">No postmortems found.</p>\n");
        return;
    }
    o.push_str("<table>");
    th(
        o,
        &[
            ("Postmortem", false),
            ("Date", false),
            ("Severity", false),
            ("Complete", false),
            ("Blame findings", true),
            ("Action items", true),
            ("Done", true),
            ("Open", true),
            ("Overdue", true),
        ],
    );
    for p in &r.postmortems {
        let c = &p.completeness;
        o.push_str("<tr>");
        let _ = write!(
            o,
            r#"<td><a href="{}">{}</a></td>"#,
            esc(&p.path),
            esc(&p.title)
        );
        td_date(o, p.date.as_deref().unwrap_or("—"));
        td(o, p.severity.as_deref().unwrap_or("—"));
        if c.complete {
            let _ = write!(
                o,
                r#"<td><span class="pill" style="background:{GREEN}">complete</span></td>"#
            );
        } else {
            let mut gaps: Vec<String> = c.missing.iter().map(|m| format!("no {m}")).collect();
            gaps.extend(c.empty.iter().map(|m| format!("empty {m}")));
            let _ = write!(
                o,
                r#"<td><span class="pill" style="background:{AMBER}">{}/{}</span> <span class="muted">{}</span></td>"#,
                c.present,
                c.required,
                esc(&gaps.join(", "))
            );
        }
        td_num(o, p.blame_findings.total);
        td_num(o, p.action_items.total);
        td_num(o, p.action_items.done);
        td_num(o, p.action_items.open);
        td_num(o, p.action_items.overdue);
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>\n");
}
