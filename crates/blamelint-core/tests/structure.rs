//! Postmortem structure checks: sections, metadata, Action Items, timeline,
//! Five Whys, the section-insertion fix and `new_postmortem`.

use blamelint_core::fix::apply_fixes;
use blamelint_core::structure::{self, Template};
use blamelint_core::{Applicability, Diagnostic, Linter, Severity};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/structure")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .replace("\r\n", "\n")
}

/// Structure diagnostics only (blame rules are someone else's).
fn lint(path: &str, text: &str) -> Vec<Diagnostic> {
    Linter::builtin()
        .lint(path, text)
        .diagnostics
        .into_iter()
        .filter(|d| d.category == structure::CATEGORY)
        .collect()
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

const PM: &str = "docs/postmortems/";

/// `(rule, message, flagged text)` of each structure diagnostic, without
/// the (many, info-level) recommended-section ones.
fn found(name: &str) -> Vec<(String, String, String)> {
    let text = fixture(name);
    summarize(&text, &lint(&format!("{PM}{name}"), &text), false)
}

fn summarize(text: &str, diags: &[Diagnostic], recommended: bool) -> Vec<(String, String, String)> {
    diags
        .iter()
        .filter(|d| recommended || d.rule != "missing-section-recommended")
        .map(|d| {
            (
                d.rule.clone(),
                d.message.clone(),
                text[d.span.clone()].to_string(),
            )
        })
        .collect()
}

fn exp(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

const NOT_SYSTEMIC: &str = "Action item asks people to do better instead of changing the system: name a check, alert, guard rail or automation";

#[test]
fn complete_postmortem_is_clean() {
    let text = fixture("complete.md");
    let linter = Linter::builtin();
    let r = linter.lint("docs/postmortems/complete.md", &text);
    assert!(r.is_postmortem);
    let structural: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.category == "structure")
        .collect();
    assert!(structural.is_empty(), "{structural:#?}");
}

#[test]
fn detection() {
    let c = blamelint_core::config::PostmortemConfig::default();
    let plain = "# Notes\n\nSome text.\n";
    assert!(structure::is_postmortem(
        "postmortems/2024-01-db.md",
        plain,
        &c
    ));
    assert!(structure::is_postmortem("team/Incidents/db.md", plain, &c));
    assert!(structure::is_postmortem(
        "docs/2024-PostMortem-db.md",
        plain,
        &c
    ));
    assert!(structure::is_postmortem("docs/post-mortem.md", plain, &c));
    assert!(!structure::is_postmortem("docs/readme.md", plain, &c));
    // Content: front matter, first heading, or a first line in the seed template's style.
    assert!(structure::is_postmortem(
        "docs/x.md",
        &fixture("dutch.md"),
        &c
    ));
    assert!(structure::is_postmortem(
        "docs/x.md",
        &fixture("synonyms.md"),
        &c
    ));
    assert!(structure::is_postmortem(
        "docs/x.md",
        &fixture("seed-style.md"),
        &c
    ));
    // Configured globs replace the defaults.
    let c = blamelint_core::config::PostmortemConfig {
        paths: Some(vec!["rca/**".into()]),
        ..Default::default()
    };
    assert!(structure::is_postmortem("rca/one.md", plain, &c));
    assert!(!structure::is_postmortem("postmortems/one.md", plain, &c));
    // Not a postmortem: no structure diagnostics at all.
    assert!(lint("docs/readme.md", plain).is_empty());
    assert!(
        !Linter::builtin()
            .lint("docs/readme.md", plain)
            .is_postmortem
    );
}

#[test]
fn missing_sections_on_the_title() {
    let title = "Postmortem: Search index rebuild stalled";
    let text = fixture("incomplete.md");
    let diags = lint("docs/postmortems/incomplete.md", &text);
    assert_eq!(
        summarize(&text, &diags, true),
        exp(&[
            (
                "missing-section",
                "Missing required section: Timeline",
                title
            ),
            (
                "missing-section",
                "Missing required section: Root Cause Analysis",
                title
            ),
            (
                "missing-section",
                "Missing required section: Lessons Learned",
                title
            ),
            (
                "missing-section-recommended",
                "Missing recommended section: What Went Well",
                title
            ),
            (
                "missing-section-recommended",
                "Missing recommended section: What Went Poorly",
                title
            ),
            (
                "missing-section-recommended",
                "Missing recommended section: Prevention",
                title
            ),
        ])
    );
    let severities: Vec<_> = diags.iter().map(|d| d.severity).collect();
    assert_eq!(
        severities,
        [
            Severity::Warning,
            Severity::Warning,
            Severity::Warning,
            Severity::Info,
            Severity::Info,
            Severity::Info
        ]
    );
    assert!(diags.iter().all(|d| d
        .fix
        .as_ref()
        .is_some_and(|f| f.applicability == Applicability::Unsafe)));
    assert_eq!(
        diags[0].fix.as_ref().unwrap().title,
        "Insert section `Timeline`"
    );
}

#[test]
fn section_fix_inserts_in_template_order() {
    let text = fixture("incomplete.md");
    let diags = lint("docs/postmortems/incomplete.md", &text);
    let (fixed, applied) = apply_fixes(&text, &diags, true);
    assert_eq!(applied, 6);
    assert_eq!(fixed, fixture("incomplete.fixed.md"));
    // Safe-only fixing leaves the document alone.
    assert_eq!(apply_fixes(&text, &diags, false), (text.clone(), 0));
    let again = lint("docs/postmortems/incomplete.md", &fixed);
    assert!(
        again
            .iter()
            .all(|d| d.rule != "missing-section" && d.rule != "missing-section-recommended"),
        "{again:#?}"
    );
    assert_eq!(apply_fixes(&fixed, &again, true).1, 0);
    // What is left are the prompts to fill in.
    assert_eq!(
        summarize(&fixed, &again, false),
        exp(&[
            (
                "empty-section",
                "Section `Timeline` holds only placeholder text",
                "Timeline"
            ),
            (
                "empty-section",
                "Section `Root Cause Analysis` holds only placeholder text",
                "Root Cause Analysis"
            ),
            (
                "empty-section",
                "Section `Lessons Learned` holds only placeholder text",
                "Lessons Learned"
            ),
        ])
    );
    // Only the required ones: the recommended sections stay out.
    let required: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.rule == "missing-section")
        .cloned()
        .collect();
    let (fixed, applied) = apply_fixes(&text, &required, true);
    assert_eq!(applied, 3);
    assert_eq!(
        headings(&fixed),
        [
            "Postmortem: Search index rebuild stalled",
            "Summary",
            "Impact",
            "Timeline",
            "Root Cause Analysis",
            "What Happened",
            "Why It Happened",
            "Contributing Factors",
            "Action Items",
            "Lessons Learned",
            "Related Incidents"
        ]
    );
}

fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect()
}

#[test]
fn reordered_document_gets_sections_next_to_their_neighbours() {
    let text = fixture("reordered.md");
    let diags = lint("docs/postmortems/reordered.md", &text);
    assert_eq!(
        found("reordered.md"),
        exp(&[
            (
                "missing-section",
                "Missing required section: Root Cause Analysis",
                "Postmortem: DNS resolution failures"
            ),
            (
                "missing-section",
                "Missing required section: Lessons Learned",
                "Postmortem: DNS resolution failures"
            ),
        ])
    );
    let (fixed, _) = apply_fixes(&text, &diags, true);
    // Root Cause Analysis follows Timeline (its template predecessor), Lessons
    // Learned follows Action Items; the author's order is kept.
    assert_eq!(
        headings(&fixed),
        [
            "Postmortem: DNS resolution failures",
            "Timeline",
            "Root Cause Analysis",
            "What Happened",
            "Why It Happened",
            "Contributing Factors",
            "What Went Well",
            "What Went Poorly",
            "Executive Summary",
            "Action Items",
            "Lessons Learned",
            "Prevention",
            "Related Incidents",
            "Impact"
        ]
    );
    // A missing parent comes with its subsections.
    assert!(fixed.contains("## Root Cause Analysis\n\n### What Happened\n\n[Detailed technical explanation of what went wrong]\n\n### Why It Happened\n"), "{fixed}");
    assert!(fixed.ends_with("## Related Incidents\n\n[Earlier incidents with a similar cause, or \"None known\"]\n\n## Impact\n\nAbout 4% of internal requests failed.\n"));
}

#[test]
fn fix_at_end_of_file_and_without_title() {
    let text = "Postmortem: tiny\n\n## Summary\n\nShort.\n\n## Impact\n\nNone.\n\n## Timeline\n\nAll times in UTC.\n\n- 10:00 start\n\n## Root Cause\n\nA bug.\n\n## Action Items\n\n- [ ] Add a test (@kim, P2, due 2024-02-01)\n\n## Lessons Learned\n\nTest more.";
    let diags = lint("pm/postmortem-tiny.md", text);
    let (fixed, _) = apply_fixes(text, &diags, true);
    // The file had no final newline; neither has the fixed one.
    assert!(fixed.ends_with("Test more.\n\n## Prevention\n\n[How we will prevent this class of failure from recurring]\n\n## Related Incidents\n\n[Earlier incidents with a similar cause, or \"None known\"]"), "{fixed}");
    assert!(fixed.starts_with("Postmortem: tiny\n\n**Date:** [YYYY-MM-DD]\n**Duration:** [minutes]\n**Severity:** [P0 | P1 | P2 | P3]\n**Incident Commander:** [@name]\n\n## Summary\n"), "{fixed}");
    // With one final newline, the sections line up the same way.
    let (fixed, _) = apply_fixes(
        &format!("{text}\n"),
        &lint("pm/postmortem-tiny.md", &format!("{text}\n")),
        true,
    );
    assert!(fixed.ends_with("Test more.\n\n## Prevention\n\n[How we will prevent this class of failure from recurring]\n\n## Related Incidents\n\n[Earlier incidents with a similar cause, or \"None known\"]\n"), "{fixed}");
    // The diagnostics sit on the first line when there is no title heading.
    assert!(diags
        .iter()
        .filter(|d| d.rule.starts_with("missing-section"))
        .all(|d| &text[d.span.clone()] == "Postmortem: tiny"));
}

#[test]
fn crlf_documents() {
    let text = fixture("incomplete.md").replace('\n', "\r\n");
    let diags = lint("docs/postmortems/incomplete.md", &text);
    assert_eq!(
        diags.iter().filter(|d| d.rule == "missing-section").count(),
        3
    );
    let (fixed, _) = apply_fixes(&text, &diags, true);
    assert!(
        !fixed.replace("\r\n", "").contains('\n'),
        "bare LF inserted"
    );
    assert_eq!(fixed.replace("\r\n", "\n"), fixture("incomplete.fixed.md"));
}

#[test]
fn synonym_headings_count() {
    // TL;DR, "1. Customer Impact", "Timeline (all times CEST)", "Root Cause(s)",
    // "5 Whys", "Follow-ups" (a task list), "Learnings"; metadata as a list.
    assert_eq!(found("synonyms.md"), exp(&[]));
}

#[test]
fn dutch_headings_metadata_and_columns() {
    assert_eq!(
        found("dutch.md"),
        exp(&[
            (
                "action-item-missing-owner",
                "Action item owner is a placeholder (—)",
                "—"
            ),
            (
                "action-item-invalid-due-date",
                "Invalid due date `25-10-2024`: write it as ISO YYYY-MM-DD",
                "25-10-2024"
            ),
            (
                "action-item-not-systemic",
                NOT_SYSTEMIC,
                "Iedereen beter laten opletten bij certificaatwissels"
            ),
        ])
    );
}

#[test]
fn table_columns_in_any_order() {
    let text = fixture("columns-any-order.md");
    let diags = lint("docs/postmortems/c.md", &text);
    assert_eq!(
        summarize(&text, &diags, false),
        exp(&[
            (
                "action-item-missing-owner",
                "Action item owner is a placeholder (?)",
                "?"
            ),
            (
                "action-item-missing-status",
                "Action item has no status",
                " "
            ),
            (
                "action-item-missing-priority",
                "Action item has no priority",
                " "
            ),
            (
                "action-item-due-before-incident",
                "Due date 2024-08-15 is before the incident date 2024-08-20",
                "2024-08-15"
            ),
            (
                "action-item-not-systemic",
                NOT_SYSTEMIC,
                "Remind engineers to check the upload role before changing policies"
            ),
        ])
    );
    // Empty cells: the whole cell between the pipes.
    let row = "| | 2024-09-06 | @lea.roux | Document the upload role | |";
    let row_start = text.find(row).unwrap();
    let empty: Vec<_> = diags
        .iter()
        .filter(|d| d.message.starts_with("Action item has no"))
        .map(|d| d.span.clone())
        .collect();
    assert_eq!(
        empty,
        [
            row_start + 1..row_start + 2,
            row_start + row.len() - 2..row_start + row.len() - 1
        ]
    );
    let sev = |rule: &str| diags.iter().find(|d| d.rule == rule).unwrap().severity;
    assert_eq!(sev("action-item-missing-status"), Severity::Info);
    assert_eq!(sev("action-item-missing-owner"), Severity::Warning);
}

#[test]
fn broken_tables() {
    assert_eq!(
        found("broken-tables.md"),
        exp(&[
            (
                "action-item-missing-due-date",
                "Action Items table has no Due Date column",
                "| Action | Owner |"
            ),
            (
                "action-item-missing-priority",
                "Action Items table has no Priority column",
                "| Action | Owner |"
            ),
            (
                "action-item-missing-status",
                "Action Items table has no Status column",
                "| Action | Owner |"
            ),
            // A row shorter than the header: the row itself.
            (
                "action-item-missing-owner",
                "Action item has no owner",
                "| Announce maintenance windows to the exports team |"
            ),
            (
                "action-item-missing-priority",
                "Action item priority `high` is not one of P0, P1, P2, P3",
                "high"
            ),
        ])
    );
    assert_eq!(
        found("action-items-prose.md"),
        exp(&[("action-items-no-table", "`Action Items` has no table or task list, so owners, priorities and due dates cannot be checked", "Action Items")])
    );
}

#[test]
fn invalid_and_early_due_dates() {
    let text = fixture("invalid-dates.md");
    let diags = lint("docs/postmortems/d.md", &text);
    assert_eq!(
        summarize(&text, &diags, false),
        exp(&[
            (
                "action-item-invalid-due-date",
                "Invalid due date `2026-02-30`: not a calendar date (February has 28 days)",
                "2026-02-30"
            ),
            (
                "action-item-invalid-due-date",
                "Invalid due date `2025-02-29`: not a calendar date (2025 is not a leap year)",
                "2025-02-29"
            ),
            (
                "action-item-invalid-due-date",
                "Invalid due date `28/02/2026`: write it as ISO YYYY-MM-DD",
                "28/02/2026"
            ),
            (
                "action-item-due-before-incident",
                "Due date 2026-01-31 is before the incident date 2026-02-10",
                "2026-01-31"
            ),
            (
                "action-item-missing-due-date",
                "Action item due date is a placeholder (TBD)",
                "TBD"
            ),
            (
                "action-item-invalid-due-date",
                "Invalid due date `next sprint`: not a date; write it as ISO YYYY-MM-DD",
                "next sprint"
            ),
        ])
    );
    assert!(diags
        .iter()
        .filter(|d| d.rule == "action-item-invalid-due-date")
        .all(|d| d.severity == Severity::Error));
    // Line numbers: the rows of the table.
    let lines: Vec<usize> = diags
        .iter()
        .filter(|d| d.rule.starts_with("action-item"))
        .map(|d| line_of(&text, d.span.start))
        .collect();
    assert_eq!(lines, [31, 32, 33, 34, 35, 36]);
}

#[test]
fn empty_sections() {
    assert_eq!(
        found("empty-sections.md"),
        exp(&[
            (
                "empty-section",
                "Section `Executive Summary` holds only placeholder text",
                "Executive Summary"
            ),
            (
                "empty-section",
                "Section `Impact` holds only placeholder text",
                "Impact"
            ),
            ("empty-section", "Section `Timeline` is empty", "Timeline"),
            (
                "empty-section",
                "Section `Root Cause Analysis` holds only placeholder text",
                "Root Cause Analysis"
            ),
            (
                "empty-section",
                "Section `Lessons Learned` holds only placeholder text",
                "Lessons Learned"
            ),
        ])
    );
}

#[test]
fn timeline_order_and_timezone() {
    // 23:55 -> 00:20 passes midnight; 01:15 -> 00:50 does not; the entries
    // under "### 2024-11-21" are dated and 09:00 -> 08:30 goes back.
    assert_eq!(
        found("timeline.md"),
        exp(&[
            ("timeline-no-timezone", "Timeline does not say which time zone its times are in: add a line such as \"All times in UTC\"", "Timeline"),
            ("timeline-out-of-order", "Timeline entry 00:50 is earlier than the entry before it (01:15)", "00:50"),
            ("timeline-out-of-order", "Timeline entry 08:30 is earlier than the entry before it (09:00)", "08:30"),
        ])
    );
    // Dated entries: a later date with an earlier time is in order; an
    // earlier date is not.
    let text = "# Postmortem: x\n\n## Timeline\n\nTimes in UTC.\n\n- 2024-03-01 23:00 a\n- 2024-03-02 01:00 b\n- 2024-03-01 23:30 c\n";
    let d = lint("postmortems/x.md", text);
    let t: Vec<_> = d
        .iter()
        .filter(|d| d.rule.starts_with("timeline"))
        .map(|d| (d.message.as_str(), &text[d.span.clone()]))
        .collect();
    assert_eq!(t, [("Timeline entry 2024-03-01 23:30 is earlier than the entry before it (2024-03-02 01:00)", "2024-03-01 23:30")]);
}

#[test]
fn five_whys_ending_at_a_person() {
    assert_eq!(
        found("five-whys.md"),
        exp(&[("five-whys-person-root-cause", "The last \"why\" stops at a person (\"Bob\"): keep asking why until you reach a process or system that let it happen", "Bob forgot to update the region list after draining it.")])
    );
    // A chain without a heading is found too; a system answer passes.
    let base = "# Postmortem: y\n\n## Root Cause\n\n1. **Why?** The site was down.\n2. **Why?** The pool was exhausted.\n";
    let person = format!("{base}3. **Why?** Because the on-call engineer ignored the alert.\n");
    let d = lint("postmortems/y.md", &person);
    let w: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "five-whys-person-root-cause")
        .map(|d| &person[d.span.clone()])
        .collect();
    assert_eq!(w, ["Because the on-call engineer ignored the alert."]);
    for ok in [
        "3. **Why?** Load testing is not part of CI.\n",
        "3. **Why?** We prioritized speed over reliability.\n",
    ] {
        let text = format!("{base}{ok}");
        assert!(
            lint("postmortems/y.md", &text)
                .iter()
                .all(|d| d.rule != "five-whys-person-root-cause"),
            "{ok}"
        );
    }
    let human = format!("{base}3. **Why?** Human error during the deploy.\n");
    assert!(lint("postmortems/y.md", &human)
        .iter()
        .any(|d| d.rule == "five-whys-person-root-cause"));
}

#[test]
fn metadata_missing_and_invalid() {
    let text = fixture("metadata.md");
    let diags = lint("docs/postmortems/m.md", &text);
    assert_eq!(
        summarize(&text, &diags, false),
        exp(&[
            (
                "metadata-missing",
                "Postmortem metadata is missing Incident Commander",
                "Postmortem: Login rate limiter misfired"
            ),
            (
                "metadata-invalid",
                "Invalid date `2024-02-30`: not a calendar date (February has 29 days)",
                "2024-02-30"
            ),
            (
                "metadata-invalid",
                "Duration `a while` gives no amount of time (e.g. \"45 minutes\")",
                "a while"
            ),
            (
                "metadata-invalid",
                "Severity `High` is not one of P0, P1, P2, P3, SEV-1, SEV-2, SEV-3, SEV-4",
                "High"
            ),
        ])
    );
    let missing: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| d.rule == "metadata-missing")
        .cloned()
        .collect();
    let (fixed, n) = apply_fixes(&text, &missing, true);
    assert_eq!(n, 1);
    assert!(
        fixed.contains("**Severity:** High\n**Incident Commander:** [@name]\n\n## Summary"),
        "{fixed}"
    );
}

#[test]
fn seed_template_layout() {
    // Title as a plain first line, sections as H1, choices left in Severity.
    let title = "Postmortem: INC-77 - Cache stampede";
    assert_eq!(
        found("seed-style.md"),
        exp(&[
            (
                "missing-section",
                "Missing required section: Root Cause Analysis",
                title
            ),
            (
                "metadata-missing",
                "Severity lists the choices (P0 | P1 | P2 | P3): keep the one that applies",
                "P0 | P1 | P2 | P3"
            ),
            (
                "metadata-missing",
                "Metadata `Incident Commander` is a placeholder ([@name])",
                "[@name]"
            ),
            (
                "action-item-not-systemic",
                NOT_SYSTEMIC,
                "Bob to be more careful when flushing caches"
            ),
        ])
    );
    let text = fixture("seed-style.md");
    let (fixed, _) = apply_fixes(&text, &lint("postmortems/s.md", &text), true);
    // H1 like its siblings, after Timeline.
    assert!(fixed.contains("- **10:30** - Pages recovered.\n\n# Root Cause Analysis\n\n## What Happened\n\n[Detailed"), "{fixed}");
}

#[test]
fn config_extends_the_template() {
    use blamelint_core::config::Config;
    let config = Config::parse(
        r#"
[postmortem]
severities = ["SEV1", "SEV2"]
priorities = ["High", "Low"]
order = ["Timeline", "Executive Summary"]

[postmortem.synonyms]
"Lessons Learned" = ["Retro notes"]

[postmortem.columns]
owner = ["Driver"]

[[postmortem.sections]]
title = "Customer Communication"
synonyms = ["Comms"]
after = "Impact"
prompt = "[How and when customers were told]"

[[postmortem.sections]]
title = "Related Incidents"
requirement = "optional"
"#,
        "blamelint.toml",
    )
    .unwrap();
    let linter = Linter::new(
        blamelint_core::RuleSet::builtin(),
        blamelint_core::Settings::from_config(&config),
    );
    let text = "# Postmortem: z\n\n**Date:** 2024-01-01\n**Duration:** 1 h\n**Severity:** SEV1\n**Incident Commander:** @x\n\n## Timeline\n\nAll times in UTC.\n\n- 10:00 a\n\n## Summary\n\nS.\n\n## Impact\n\nI.\n\n## Root Cause\n\nR.\n\n## Action Items\n\n| Task | Driver | Priority | Due | Status |\n|---|---|---|---|---|\n| Add alert | @x | P1 | 2024-02-01 | Open |\n\n## Retro notes\n\nL.\n";
    let diags: Vec<Diagnostic> = linter
        .lint("postmortems/z.md", text)
        .diagnostics
        .into_iter()
        .filter(|d| d.category == "structure")
        .collect();
    assert_eq!(
        summarize(text, &diags, false),
        exp(&[
            (
                "missing-section",
                "Missing required section: Customer Communication",
                "Postmortem: z"
            ),
            (
                "action-item-missing-priority",
                "Action item priority `P1` is not one of High, Low",
                "P1"
            ),
        ])
    );
    let (fixed, _) = apply_fixes(
        text,
        &diags
            .iter()
            .filter(|d| d.rule == "missing-section")
            .cloned()
            .collect::<Vec<_>>(),
        true,
    );
    assert!(fixed.contains("## Impact\n\nI.\n\n## Customer Communication\n\n[How and when customers were told]\n\n## Root Cause\n"), "{fixed}");
    // Related Incidents became optional: not asked for.
    assert!(diags
        .iter()
        .all(|d| !d.message.contains("Related Incidents")));
    // Config severity overrides still apply per rule.
    let config = Config::parse("[severity]\nmissing-section = \"error\"\n", "b.toml").unwrap();
    let linter = Linter::new(
        blamelint_core::RuleSet::builtin(),
        blamelint_core::Settings::from_config(&config),
    );
    let d = linter
        .lint("postmortems/i.md", &fixture("incomplete.md"))
        .diagnostics;
    assert!(d
        .iter()
        .filter(|d| d.rule == "missing-section")
        .all(|d| d.severity == Severity::Error));
    assert!(d
        .iter()
        .filter(|d| d.rule == "missing-section-recommended")
        .all(|d| d.severity == Severity::Info));
}

#[test]
fn postmortem_config_is_strict() {
    use blamelint_core::config::Config;
    let err = Config::parse("[postmortem]\nsection = []\n", "blamelint.toml").unwrap_err();
    assert!(
        err.message.contains("unknown field `section`"),
        "{}",
        err.message
    );
    assert_eq!(err.line, 2);
    let err = Config::parse(
        "[[postmortem.sections]]\ntitle = \"X\"\nrequirement = \"must\"\n",
        "blamelint.toml",
    )
    .unwrap_err();
    assert_eq!(err.line, 3, "{}", err.message);
    let ok = Config::parse("[postmortem]\npaths = [\"docs/rca/**\"]\ntemplate = \"t.toml\"\nseverities = [\"SEV1\"]\npriorities = [\"P1\"]\norder = [\"Impact\"]\n[postmortem.synonyms]\nImpact = [\"Blast radius\"]\n[postmortem.columns]\ndue-date = [\"When\"]\n[[postmortem.sections]]\ntitle = \"Comms\"\nsynonyms = [\"Communication\"]\nrequirement = \"recommended\"\nparent = \"Impact\"\nafter = \"Impact\"\nprompt = \"[x]\"\n", "b.toml");
    assert!(ok.is_ok(), "{:?}", ok.err());
}

#[test]
fn team_template_replaces_the_builtin() {
    use blamelint_core::{ExtraTerms, RuleSet, RuleSource};
    let team = r#"
title = "Incident review: {title}"
[[sections]]
title = "What happened"
requirement = "required"
prompt = "[Story]"
[[sections]]
title = "Action Items"
synonyms = ["Follow-ups"]
requirement = "required"
"#;
    let rules = RuleSet::with_user_sources(
        vec![RuleSource {
            name: "template:/repo/team-template.toml".into(),
            text: team.into(),
        }],
        &ExtraTerms::default(),
    )
    .unwrap();
    let config = blamelint_core::config::PostmortemConfig {
        template: Some("team-template.toml".into()),
        ..Default::default()
    };
    let t = structure::load_template(&rules, &config).unwrap();
    assert_eq!(
        t.sections
            .iter()
            .map(|s| s.title.as_str())
            .collect::<Vec<_>>(),
        ["What happened", "Action Items"]
    );
    // Keys it leaves out keep the built-in values.
    assert_eq!(t.metadata.len(), 4);
    let linter = Linter::new(
        std::sync::Arc::new(rules),
        blamelint_core::Settings::default(),
    );
    let text = "# Postmortem: t\n\n**Date:** 2024-01-01\n**Duration:** 1 h\n**Severity:** P1\n**Incident Commander:** @x\n\n## Follow-ups\n\n| Action | Owner | Priority | Due Date | Status |\n|---|---|---|---|---|\n| Add alert |  | P1 | 2024-02-01 | Open |\n";
    let d: Vec<Diagnostic> = linter
        .lint("postmortems/t.md", text)
        .diagnostics
        .into_iter()
        .filter(|d| d.category == "structure")
        .collect();
    assert_eq!(
        summarize(text, &d, true),
        exp(&[
            (
                "missing-section",
                "Missing required section: What happened",
                "Postmortem: t"
            ),
            (
                "action-item-missing-owner",
                "Action item has no owner",
                "  "
            )
        ])
    );
    // A broken team template is reported by `load_template`, and linting falls back to the built-in.
    let rules = RuleSet::with_user_sources(
        vec![RuleSource {
            name: "template:/repo/bad.toml".into(),
            text: "sections = 3\n".into(),
        }],
        &ExtraTerms::default(),
    )
    .unwrap();
    let err = structure::load_template(&rules, &config).unwrap_err();
    assert!(err.to_string().contains("template:/repo/bad.toml"), "{err}");
    let linter = Linter::new(
        std::sync::Arc::new(rules),
        blamelint_core::Settings::default(),
    );
    assert!(!linter
        .lint("postmortems/i.md", &fixture("incomplete.md"))
        .diagnostics
        .is_empty());
}

#[test]
fn new_postmortem_passes_all_but_placeholder_checks() {
    let t = Template::builtin();
    let doc = structure::new_postmortem(&t, "2024-05-06", "Checkout errors after deploy");
    assert!(doc.starts_with("# Postmortem: Checkout errors after deploy\n\n**Date:** 2024-05-06\n**Duration:** [minutes]\n"), "{doc}");
    assert!(
        doc.contains("\n## Root Cause Analysis\n\n### What Happened\n\n[Detailed"),
        "{doc}"
    );
    assert!(!doc.contains("\n\n\n"), "{doc}");
    assert!(doc.ends_with("]\n") && !doc.ends_with("\n\n"));
    let linter = Linter::builtin();
    // Detected by its title, wherever it is saved.
    let r = linter.lint("docs/new.md", &doc);
    assert!(r.is_postmortem);
    let structural: Vec<&Diagnostic> = r
        .diagnostics
        .iter()
        .filter(|d| d.category == "structure")
        .collect();
    for d in &structural {
        assert!(
            d.rule == "empty-section"
                || d.message.contains("placeholder")
                || d.message.contains("lists the choices"),
            "skeleton fails `{}`: {} at {:?}",
            d.rule,
            d.message,
            &doc[d.span.clone()]
        );
    }
    assert!(structural.iter().any(|d| d.rule == "empty-section"));
    // Every section heading of the template (required and recommended) is there.
    for s in t
        .sections
        .iter()
        .filter(|s| s.requirement != blamelint_core::config::Requirement::Optional)
    {
        assert!(doc.contains(&format!(" {}\n\n", s.title)), "{}", s.title);
    }
    // Filled in, it is clean.
    let filled = fill_placeholders(&doc);
    let left: Vec<_> = lint("docs/new.md", &filled);
    assert!(left.is_empty(), "{filled}\n{left:#?}");
}

/// Replaces every `[...]` prompt and `HH:MM` with plausible text.
fn fill_placeholders(doc: &str) -> String {
    let mut out = String::new();
    let mut minute = 0;
    for line in doc.lines() {
        let mut l = line.to_string();
        while l.contains("HH:MM") {
            minute += 5;
            l = l.replacen("HH:MM", &format!("10:{minute:02}"), 1);
        }
        for (from, to) in [
            ("[minutes]", "40 minutes"),
            ("[P0 | P1 | P2 | P3]", "P2"),
            ("[@name]", "@kim"),
            ("[@owner]", "@kim"),
            ("[P0-P3]", "P1"),
            ("[YYYY-MM-DD]", "2024-05-20"),
        ] {
            l = l.replace(from, to);
        }
        while let (Some(a), Some(b)) = (l.find('['), l.find(']')) {
            if b < a {
                break;
            }
            l.replace_range(a..=b, "The queue consumer had no timeout");
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[test]
fn every_structure_rule_has_a_doc() {
    let rules = blamelint_core::RuleSet::builtin();
    let ids = [
        "missing-section",
        "missing-section-recommended",
        "empty-section",
        "metadata-missing",
        "metadata-invalid",
        "action-items-no-table",
        "action-item-missing-owner",
        "action-item-missing-priority",
        "action-item-missing-due-date",
        "action-item-invalid-due-date",
        "action-item-due-before-incident",
        "action-item-missing-status",
        "action-item-not-systemic",
        "timeline-out-of-order",
        "timeline-no-timezone",
        "five-whys-person-root-cause",
    ];
    for id in ids {
        let r = rules.rule(id).unwrap_or_else(|| panic!("no doc for {id}"));
        assert_eq!(
            r.kind,
            blamelint_core::rules::spec::RuleKind::Structure,
            "{id}"
        );
        assert_eq!(r.category, structure::CATEGORY, "{id}");
        for part in ["## What", "## Why", "## Example"] {
            assert!(
                r.explanation.contains(part),
                "{id}: explanation lacks {part}"
            );
        }
    }
    let structure_rules = rules
        .rules
        .iter()
        .filter(|r| r.kind == blamelint_core::rules::spec::RuleKind::Structure)
        .count();
    assert_eq!(structure_rules, ids.len());
}

#[test]
fn ignore_by_rule_or_category() {
    use blamelint_core::config::Config;
    let text = fixture("invalid-dates.md");
    let lint_with = |cfg: &str| {
        let c = Config::parse(cfg, "b.toml").unwrap();
        Linter::new(
            blamelint_core::RuleSet::builtin(),
            blamelint_core::Settings::from_config(&c),
        )
        .lint("postmortems/d.md", &text)
        .diagnostics
    };
    assert!(lint_with("ignore = [\"structure\"]\n")
        .iter()
        .all(|d| d.category != "structure"));
    let d = lint_with("ignore = [\"action-item-invalid-due-date\"]\n");
    assert!(d.iter().all(|d| d.rule != "action-item-invalid-due-date"));
    assert!(d
        .iter()
        .any(|d| d.rule == "action-item-due-before-incident"));
    // Suppression comments work as for any rule.
    let text = format!(
        "<!-- blamelint-disable-file missing-section -->\n{}",
        fixture("incomplete.md")
    );
    let d = lint("postmortems/i.md", &text);
    assert!(d.iter().all(|d| d.rule != "missing-section"));
    assert!(d.iter().any(|d| d.rule == "missing-section-recommended"));
}

#[test]
fn never_panics_on_odd_input() {
    let pieces = [
        "# Postmortem: x\n",
        "## Action Items\n",
        "| a | Owner |\n",
        "|---|---|\n",
        "| x |\n",
        "||||\n",
        "| \\| | é |\n",
        "## Timeline\n",
        "- 25:99 x\n",
        "- 23:59 y\n",
        "- 00:00 z\n",
        "1. **Why?**\n",
        "**Date:** 2024-13-45\n",
        "---\n",
        "```\n",
        "<!-- c\n",
        "🧊 ü\n",
        "\r\n",
        "",
        "- [ ] \n",
        "#\n",
        "Setext\n===\n",
        "**Why?** he did\n",
    ];
    let linter = Linter::builtin();
    let mut seed = 7u64;
    for _ in 0..400 {
        let mut text = String::new();
        for _ in 0..(seed % 14) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        for d in linter.lint("postmortems/fuzz.md", &text).diagnostics {
            assert!(
                d.span.end <= text.len()
                    && text.is_char_boundary(d.span.start)
                    && text.is_char_boundary(d.span.end),
                "{text:?} {d:?}"
            );
            if let Some(f) = &d.fix {
                for e in &f.edits {
                    assert!(e.range.end <= text.len() && text.is_char_boundary(e.range.start));
                }
            }
        }
        let _ = apply_fixes(
            &text,
            &linter.lint("postmortems/fuzz.md", &text).diagnostics,
            true,
        );
    }
}

/// Measures the linter against the developer corpus (not part of the repo):
/// `cargo test -p blamelint-core --test structure corpus_expectations -- --ignored --nocapture`.
/// The corpus folder is `$BLAMELINT_CORPUS` or `../shared/corpus` beside the repo.
#[test]
#[ignore]
fn corpus_expectations() {
    let dir = std::env::var("BLAMELINT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")
        })
        .join("docs");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("no corpus at {}", dir.display());
        return;
    };
    let template = Template::builtin();
    let mut names: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    let (mut matched, mut missed, mut extra) = (0, 0, 0);
    for md in names {
        let text = std::fs::read_to_string(&md).unwrap();
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(md.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        let name = md.file_name().unwrap().to_string_lossy().to_string();
        // The corpus files are not under postmortems/: detection by title.
        let diags = lint(&name, &text);
        println!("== {name}");
        // Sections.
        let missing_msgs: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.rule == "missing-section")
            .collect();
        let mut reported: Vec<String> = missing_msgs
            .iter()
            .map(|d| {
                d.message
                    .trim_start_matches("Missing required section: ")
                    .to_string()
            })
            .collect();
        for exp in expected["missing_sections"].as_array().unwrap() {
            let exp = exp.as_str().unwrap();
            let title = template
                .match_heading(exp)
                .map(|i| template.sections[i].title.clone())
                .unwrap_or(exp.to_string());
            match reported.iter().position(|r| *r == title) {
                Some(i) => {
                    reported.remove(i);
                    matched += 1;
                    println!("  matched  missing section {exp}");
                }
                None => {
                    missed += 1;
                    println!("  MISSED   missing section {exp}");
                }
            }
        }
        for r in reported {
            extra += 1;
            println!("  EXTRA    missing section {r}");
        }
        // Action items.
        let mut ai: Vec<(usize, &Diagnostic)> = diags
            .iter()
            .filter(|d| d.rule.starts_with("action-item"))
            .map(|d| (line_of(&text, d.span.start), d))
            .collect();
        for p in expected["action_item_problems"].as_array().unwrap() {
            let line = p["line"].as_u64().unwrap() as usize;
            let problem = p["problem"].as_str().unwrap();
            let rule = if problem.starts_with("missing owner") {
                "action-item-missing-owner"
            } else if problem.starts_with("missing due date") {
                "action-item-missing-due-date"
            } else if problem.starts_with("invalid due date") {
                "action-item-invalid-due-date"
            } else {
                "?"
            };
            match ai.iter().position(|(l, d)| *l == line && d.rule == rule) {
                Some(i) => {
                    let (_, d) = ai.remove(i);
                    matched += 1;
                    println!(
                        "  matched  line {line} {problem}: {} `{}`",
                        d.message,
                        &text[d.span.clone()]
                    );
                }
                None => {
                    missed += 1;
                    println!("  MISSED   line {line} {problem}");
                }
            }
        }
        for (l, d) in ai {
            extra += 1;
            println!("  EXTRA    line {l} {}: {}", d.rule, d.message);
        }
        for d in diags
            .iter()
            .filter(|d| d.rule != "missing-section" && !d.rule.starts_with("action-item"))
        {
            println!(
                "  (other)  line {} {}: {}",
                line_of(&text, d.span.start),
                d.rule,
                d.message
            );
        }
    }
    println!("matched {matched}, missed {missed}, extra {extra}");
}
