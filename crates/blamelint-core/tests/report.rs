//! `report`: aggregation over tests/fixtures/report with exact numbers.
//! The fixture folder spans 2025-Q3 .. 2026-Q1 plus an undated draft; it
//! also holds a README index and a runbook, which are not postmortems.
//! Every number below is worked out by hand in the comments.

use blamelint_core::config::ReportConfig;
use blamelint_core::report::{self, Health, Report, State};
use blamelint_core::structure::dates::Date;
use blamelint_core::Linter;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/report")
}

fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, base, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&p).unwrap().replace("\r\n", "\n");
            out.push((rel, text));
        }
    }
}

fn docs() -> Vec<(String, String)> {
    let mut v = Vec::new();
    walk(&root(), &root(), &mut v);
    v
}

fn date(s: &str) -> Date {
    blamelint_core::structure::dates::parse_iso_strict(s).unwrap()
}

fn fixture_report(today: &str) -> Report {
    report::build(
        &Linter::builtin(),
        &docs(),
        date(today),
        &ReportConfig::default(),
    )
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

#[test]
fn summary_numbers() {
    let r = fixture_report("2026-03-31");
    let s = &r.summary;
    assert_eq!(r.schema_version, 1);
    assert_eq!(r.today, "2026-03-31");
    assert_eq!((r.target, r.escalate_below), (0.8, 0.7));
    // 7 postmortems; README.md (an index) and notes/runbook.md are not.
    assert_eq!(s.postmortems, 7);
    // Not complete: dns-outage (no Lessons Learned), payment-timeouts (empty
    // Impact), search-latency (no Timeline, no Action Items).
    assert_eq!(s.complete_postmortems, 4);
    // Items: queue 3 + dns 4 + payment 3 + cache 4 + login 2 + search 0 + draft 1.
    let a = s.action_items;
    assert_eq!(
        (a.total, a.done, a.open, a.cancelled, a.overdue),
        (17, 7, 8, 2, 6)
    );
    // Eligible: the 7 done + the 6 overdue. Late: queue AI-2 (closed
    // 2025-09-30, due 2025-09-15). On time: 7 - 1 = 6. 6 / 13 = 0.4615.
    let c = s.completion;
    assert_eq!(
        (c.rate, c.eligible, c.on_time, c.late, c.overdue),
        (Some(0.4615), 13, 6, 1, 6)
    );
    assert_eq!(s.health, Some(Health::Escalate));
    // Close days: queue 11 and 47 (from the postmortem date 2025-08-14), dns
    // 6 ("done (2025-11-09)"), payment 14 (task "done 2026-01-02"), login 8
    // (Opened 2026-02-12, Completed 2026-02-20). Sum 86 / 5 = 17.2; median 11.
    assert_eq!(s.days_to_close.average, Some(17.2));
    assert_eq!(s.days_to_close.median, Some(11.0));
    assert_eq!(s.days_to_close.items, 5);
    // The runbook's findings do not count; the quoted "who approved" is info.
    assert_eq!(s.blame_findings.total, 8);
    assert_eq!(
        s.blame_findings.by_category,
        counts(&[
            ("blame-attribution", 1),
            ("blame-question", 1),
            ("character-judgement", 1),
            ("hindsight", 3),
            ("minimizing", 1),
            ("person-as-cause", 1),
        ])
    );
    assert_eq!(s.blame_findings_per_postmortem, 1.14);
    assert_eq!(
        s.by_severity,
        counts(&[
            ("P1", 1),
            ("SEV-1", 1),
            ("SEV-2", 3),
            ("SEV-3", 1),
            ("unknown", 1)
        ])
    );
}

#[test]
fn quarters() {
    let r = fixture_report("2026-03-31");
    let q: Vec<_> = r
        .quarters
        .iter()
        .map(|q| {
            (
                q.quarter.as_str(),
                q.postmortems,
                q.blame_findings.total,
                q.blame_findings_per_postmortem,
                q.action_items.total,
                q.action_items.done,
                q.action_items.overdue,
                q.completion.rate,
                q.completion.eligible,
                q.days_to_close.average,
            )
        })
        .collect();
    assert_eq!(
        q,
        vec![
            ("2025-Q3", 1, 1, 1.0, 3, 3, 0, Some(0.6667), 3, Some(29.0)),
            ("2025-Q4", 2, 3, 1.5, 7, 2, 3, Some(0.4), 5, Some(10.0)),
            ("2026-Q1", 3, 3, 1.0, 6, 2, 2, Some(0.5), 4, Some(8.0)),
            ("undated", 1, 1, 1.0, 1, 0, 1, Some(0.0), 1, None),
        ]
    );
    assert_eq!(
        r.quarters[1].by_severity,
        counts(&[("P1", 1), ("SEV-1", 1)])
    );
    assert_eq!(
        r.quarters[2].by_severity,
        counts(&[("SEV-2", 2), ("SEV-3", 1)])
    );
    assert_eq!(
        r.quarters[2].blame_findings.by_category,
        counts(&[("hindsight", 1), ("minimizing", 1), ("person-as-cause", 1)])
    );
}

#[test]
fn overdue_items_and_owners() {
    let r = fixture_report("2026-03-31");
    let o: Vec<(&str, &str, i64)> = r
        .overdue
        .iter()
        .map(|i| (i.owner.as_str(), i.due.as_str(), i.days_overdue))
        .collect();
    assert_eq!(
        o,
        vec![
            ("@li", "2025-12-01", 120),
            ("Omar", "2026-01-15", 75),
            ("@noor", "2026-02-01", 58),
            ("@noor", "2026-02-20", 39),
            ("@Noor", "2026-03-01", 30),
            ("(unassigned)", "2026-03-20", 11),
        ]
    );
    assert_eq!(r.overdue[0].action, "Monitor resolver latency per zone");
    assert_eq!(r.overdue[0].status.as_deref(), Some("In progress"));
    assert_eq!(r.overdue[0].path, "postmortems/2025-11-03-dns-outage.md");
    assert_eq!(
        r.overdue[0].postmortem,
        "Postmortem: INC-1288 — Internal DNS outage"
    );
    // "@noor" and "@Noor" are one owner, shown as first seen.
    let w: Vec<(&str, usize, i64)> = r
        .overdue_by_owner
        .iter()
        .map(|w| (w.owner.as_str(), w.items, w.oldest_days))
        .collect();
    assert_eq!(
        w,
        vec![
            ("@noor", 3, 58),
            ("@li", 1, 120),
            ("Omar", 1, 75),
            ("(unassigned)", 1, 11)
        ]
    );
    let u: Vec<(&str, usize)> = r
        .unrecognised_statuses
        .iter()
        .map(|u| (u.status.as_str(), u.count))
        .collect();
    assert_eq!(u, vec![("Waiting on vendor", 1)]);
}

#[test]
fn missing_sections() {
    let r = fixture_report("2026-03-31");
    let required: Vec<(&str, usize, usize)> = r
        .missing_sections
        .iter()
        .filter(|m| m.requirement == "required")
        .map(|m| (m.section.as_str(), m.missing, m.empty))
        .collect();
    assert_eq!(
        required,
        vec![
            ("Action Items", 1, 0),
            ("Impact", 0, 1),
            ("Lessons Learned", 1, 0),
            ("Timeline", 1, 0),
        ]
    );
    // Every fixture lacks Contributing Factors, Prevention, Related
    // Incidents and What Went Poorly (recommended): they lead.
    assert_eq!(r.missing_sections[0].missing, 7);
    assert_eq!(r.missing_sections[0].requirement, "recommended");
}

#[test]
fn per_postmortem() {
    let r = fixture_report("2026-03-31");
    let paths: Vec<&str> = r.postmortems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "postmortems/2025-08-14-queue-backlog.md",
            "postmortems/2025-11-03-dns-outage.md",
            "postmortems/2025-12-19-payment-timeouts.md",
            "postmortems/2026-01-20-cache-migration.md",
            "postmortems/2026-02-11-login-errors.md",
            "postmortems/2026-03-05-search-latency.md",
            "postmortems/draft-cdn-purge.md",
        ]
    );
    let queue = &r.postmortems[0];
    assert_eq!(
        queue.title,
        "Postmortem: INC-1201 — Order queue backlog during the summer sale"
    );
    assert_eq!(queue.date.as_deref(), Some("2025-08-14"));
    assert_eq!(queue.quarter, "2025-Q3");
    assert_eq!(queue.severity.as_deref(), Some("SEV-2"));
    assert!(queue.completeness.complete);
    assert_eq!(queue.completeness.score, 1.0);
    let closed: Vec<(Option<&str>, Option<i64>, State)> = queue
        .items
        .iter()
        .map(|i| (i.closed.as_deref(), i.days_to_close, i.state))
        .collect();
    assert_eq!(
        closed,
        vec![
            (Some("2025-08-25"), Some(11), State::Done),
            (Some("2025-09-30"), Some(47), State::Done),
            (None, None, State::Done),
        ]
    );

    let dns = &r.postmortems[1];
    assert_eq!(dns.completeness.missing, vec!["Lessons Learned"]);
    assert_eq!(dns.completeness.present, 5);
    assert_eq!(dns.completeness.score, 0.8333);
    let states: Vec<State> = dns.items.iter().map(|i| i.state).collect();
    assert_eq!(
        states,
        vec![State::Done, State::Open, State::Open, State::Cancelled]
    );
    assert_eq!(dns.items[3].owner, None, "TBD is a placeholder owner");

    // Task-list items: owner, priority and due date from the text.
    let pay = &r.postmortems[2];
    assert_eq!(pay.completeness.empty, vec!["Impact"]);
    assert_eq!(pay.items[1].owner.as_deref(), Some("@noor"));
    assert_eq!(pay.items[1].priority.as_deref(), Some("P2"));
    assert_eq!(pay.items[1].due.as_deref(), Some("2026-02-01"));
    assert_eq!(pay.items[0].closed.as_deref(), Some("2026-01-02"));

    // Front matter marks it a postmortem; its title does not say so.
    let cache = &r.postmortems[3];
    assert_eq!(
        cache.title,
        "INC-1390: Checkout errors after the cache migration"
    );
    assert_eq!(
        (
            cache.action_items.done,
            cache.action_items.open,
            cache.action_items.cancelled
        ),
        (1, 2, 1)
    );
    assert!(!cache.items[2].recognised);

    // The Opened column, not the postmortem date, starts the clock.
    let login = &r.postmortems[4];
    assert_eq!(login.items[0].opened.as_deref(), Some("2026-02-12"));
    assert_eq!(login.items[0].days_to_close, Some(8));
    // Due today is not overdue.
    assert_eq!(login.items[1].days_overdue, None);

    let search = &r.postmortems[5];
    assert_eq!(
        search.completeness.missing,
        vec!["Timeline", "Action Items"]
    );
    assert_eq!(search.action_items.total, 0);

    let draft = &r.postmortems[6];
    assert_eq!(
        (draft.date.as_deref(), draft.severity.as_deref()),
        (None, None)
    );
    assert_eq!(draft.quarter, "undated");
}

#[test]
fn today_decides_what_is_overdue() {
    // On 2026-01-01 only dns "Monitor resolver latency" (due 2025-12-01) is
    // overdue; eligible = 7 done + 1; on time 6 -> 0.75, below target.
    let r = fixture_report("2026-01-01");
    assert_eq!(r.summary.action_items.overdue, 1);
    assert_eq!(r.overdue[0].days_overdue, 31);
    assert_eq!(r.summary.completion.rate, Some(0.75));
    assert_eq!(r.summary.health, Some(Health::BelowTarget));
    // The same input and date give the same report.
    assert_eq!(r, fixture_report("2026-01-01"));
}

#[test]
fn config_status_words_and_targets() {
    let text = "# Postmortem: queue\n\n**Date:** 2026-01-10\n**Severity:** P2\n\n## Action Items\n\n| Action | Owner | Due | Status |\n|---|---|---|---|\n| Add alert | @a | 2026-01-20 | shipped 🚀 |\n| Add runbook | @b | 2026-01-25 | parked |\n| Drop cron | @c | 2026-01-30 | descoped |\n";
    let docs = vec![("postmortems/q.md".to_string(), text.to_string())];
    let linter = Linter::builtin();
    // Built in: "shipped" is done, "parked" unknown (open), "descoped" cancelled.
    let r = report::build(&linter, &docs, date("2026-02-01"), &ReportConfig::default());
    let a = r.summary.action_items;
    assert_eq!((a.done, a.open, a.cancelled, a.overdue), (1, 1, 1, 1));
    assert_eq!(r.summary.completion.rate, Some(0.5));
    assert_eq!(r.summary.health, Some(Health::Escalate));
    assert_eq!(r.unrecognised_statuses[0].status, "parked");
    // Config: "parked" means cancelled, and a lower target.
    let cfg = ReportConfig {
        cancelled: vec!["Parked".into()],
        target: Some(0.9),
        escalate_below: Some(0.5),
        ..ReportConfig::default()
    };
    let r = report::build(&linter, &docs, date("2026-02-01"), &cfg);
    let a = r.summary.action_items;
    assert_eq!((a.done, a.open, a.cancelled, a.overdue), (1, 0, 2, 0));
    assert_eq!(r.summary.completion.rate, Some(1.0));
    assert_eq!(r.summary.health, Some(Health::OnTarget));
    assert_eq!((r.target, r.escalate_below), (0.9, 0.5));
    assert!(r.unrecognised_statuses.is_empty());
}

#[test]
fn config_parses_report_table() {
    let c = blamelint_core::Config::parse(
        "[report]\ndone = [\"shipped\"]\nopen = [\"parked\"]\ncancelled = [\"nope\"]\ntarget = 0.9\nescalate-below = 0.6\n",
        "blamelint.toml",
    )
    .unwrap();
    assert_eq!(c.report.done, vec!["shipped"]);
    assert_eq!(c.report.escalate_below, Some(0.6));
    let err =
        blamelint_core::Config::parse("[report]\nfinished = [\"x\"]\n", "b.toml").unwrap_err();
    assert!(
        err.message.contains("unknown field `finished`"),
        "{}",
        err.message
    );
}

#[test]
fn nothing_to_report() {
    let docs = vec![(
        "notes/todo.md".to_string(),
        "# Todo\n\nBob should have fixed it.\n".to_string(),
    )];
    let r = report::build(
        &Linter::builtin(),
        &docs,
        date("2026-01-01"),
        &ReportConfig::default(),
    );
    assert_eq!(r.summary.postmortems, 0);
    assert_eq!(r.summary.completion.rate, None);
    assert_eq!(r.summary.health, None);
    assert_eq!(r.summary.days_to_close.average, None);
    assert_eq!(r.summary.blame_findings_per_postmortem, 0.0);
    assert!(r.quarters.is_empty() && r.postmortems.is_empty());
}

#[test]
fn json_shape() {
    let r = fixture_report("2026-03-31");
    let v = serde_json::to_value(&r).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut want = vec![
        "schema_version",
        "today",
        "target",
        "escalate_below",
        "summary",
        "quarters",
        "overdue",
        "overdue_by_owner",
        "missing_sections",
        "unrecognised_statuses",
        "postmortems",
    ];
    let mut got = keys.clone();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want);
    assert_eq!(v["summary"]["health"], "escalate");
    assert_eq!(v["postmortems"][1]["items"][3]["state"], "cancelled");
    assert_eq!(v["summary"]["completion"]["rate"], 0.4615);
    assert!(v["postmortems"][6]["date"].is_null());
}
