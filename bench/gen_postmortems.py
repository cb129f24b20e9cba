#!/usr/bin/env python3
"""Generate N synthetic postmortems spanning several quarters, for timing
`blamelint report`.

    python3 bench/gen_postmortems.py OUT_DIR [-n 1000] [--start 2024-01-01] [--quarters 8] [--seed 7]
    time target/release/blamelint report --no-config --today 2026-03-31 OUT_DIR >/dev/null

Files go to OUT_DIR/postmortems/ (so the default postmortem globs match).
Deterministic for a seed. About 1 in 6 postmortems misses a required
section, 1 in 8 has an empty one, 1 in 3 has a blame sentence; Action Items
use a mix of tables (with and without a Closed column) and task lists, and
statuses in words and emoji.
"""

import argparse
import datetime as dt
import os
import random

SERVICES = ["checkout", "search", "payments", "accounts", "queue", "cache", "dns", "cdn",
            "billing", "notifications", "auth", "inventory", "reporting", "gateway"]
TRIGGERS = ["a configuration push", "a schema migration", "a certificate expiry",
            "a traffic spike", "a dependency upgrade", "a failed node", "a full disk",
            "a provider outage", "a feature flag change", "a cron job at peak"]
OWNERS = ["@kim", "@li", "@noor", "@omar", "@ingrid", "@tomas", "@ravi", "@ana",
          "@pieter", "@sam", "Maarten", "Bogdan", ""]
ACTIONS = ["Alert on {s} error rate", "Add a canary stage for {s}",
           "Autoscale {s} workers on queue lag", "Add a circuit breaker to the {s} client",
           "Document the {s} failover runbook", "Load test {s} monthly",
           "Block deploys of {s} when the migration check fails",
           "Add a dashboard for {s} saturation", "Rate-limit retries in the {s} client",
           "Rotate {s} certificates automatically"]
STATUSES = ["Done", "done", "✅", "Closed", "complete", "Open", "⏳", "In progress",
            "WIP", "blocked", "todo", "Won't do", "❌", "Waiting on vendor"]
BLAME = ["{o} should have checked the dashboard before deploying.",
         "This is {o}'s fault.",
         "Why didn't you test the migration in staging?",
         "Frankly, that was a careless change.",
         "All they had to do was restart the worker.",
         "{o} forgot to run the backfill job."]
SEVERITIES = ["SEV-1", "SEV-2", "SEV-2", "SEV-3", "SEV-3", "P1", "P2"]
REQUIRED = ["Executive Summary", "Impact", "Timeline", "Root Cause Analysis",
            "Action Items", "Lessons Learned"]


def iso(d):
    return d.strftime("%Y-%m-%d")


def action_items(rng, date, service):
    n = rng.randint(1, 6)
    style = rng.random()
    rows = []
    for i in range(n):
        due = date + dt.timedelta(days=rng.randint(5, 90))
        status = rng.choice(STATUSES)
        closed = ""
        if status.lower() in ("done", "✅", "closed", "complete") and rng.random() < 0.7:
            closed = iso(date + dt.timedelta(days=rng.randint(2, 110)))
        rows.append((ACTIONS[(i + rng.randint(0, 9)) % len(ACTIONS)].format(s=service),
                     rng.choice(OWNERS), f"P{rng.randint(0, 3)}", iso(due), status, closed))
    if style < 0.15:
        lines = []
        for action, owner, prio, due, status, closed in rows:
            done = status.lower() in ("done", "✅", "closed", "complete")
            tail = f" done {closed}" if done and closed else ""
            lines.append(f"- [{'x' if done else ' '}] {action} ({owner or 'TBD'}, {prio}, due {due}){tail}")
        return "\n".join(lines)
    if style < 0.55:
        head = "| ID | Action | Owner | Priority | Due Date | Status | Closed |\n|----|--------|-------|----------|----------|--------|--------|"
        body = [f"| AI-{i + 1} | {a} | {o} | {p} | {d} | {s} | {c} |"
                for i, (a, o, p, d, s, c) in enumerate(rows)]
    else:
        head = "| Action | Owner | Priority | Due | Status |\n|--------|-------|----------|-----|--------|"
        body = [f"| {a} | {o} | {p} | {d} | {s} ({c}) |" if c else f"| {a} | {o} | {p} | {d} | {s} |"
                for (a, o, p, d, s, c) in rows]
    return head + "\n" + "\n".join(body)


def postmortem(rng, i, date):
    service = rng.choice(SERVICES)
    trigger = rng.choice(TRIGGERS)
    minutes = rng.randint(5, 300)
    title = f"Postmortem: INC-{1000 + i} — {service.capitalize()} degraded after {trigger}"
    meta = [f"**Date:** {iso(date)}", f"**Duration:** {minutes} minutes",
            f"**Severity:** {rng.choice(SEVERITIES)}", f"**Incident Commander:** {rng.choice(OWNERS[:-1])}"]
    if rng.random() < 0.05:
        meta[0] = "**Date:** [YYYY-MM-DD]"
    body = {
        "Executive Summary": f"{service.capitalize()} was degraded for {minutes} minutes after {trigger}. "
                             f"Rolling back restored service.",
        "Impact": f"- **Users affected:** about {rng.randint(1, 40)}% of {service} requests failed.",
        "Timeline": "All times in UTC.\n\n" + "\n".join(
            f"- **{h:02d}:{m:02d}** - {e}" for (h, m), e in zip(
                sorted((rng.randint(0, 23), rng.randint(0, 59)) for _ in range(4)),
                ["Change deployed.", "Alert fires.", "Cause identified.", "Rolled back."])),
        "Root Cause Analysis": f"{trigger.capitalize()} exposed a missing guard in {service}: "
                               f"nothing checked the change against production limits.",
        "What Went Well": "- The alert fired within minutes.",
        "Action Items": action_items(rng, date, service),
        "Lessons Learned": f"1. {service.capitalize()} needs a guard rail, not more care.",
    }
    if rng.random() < 1 / 3:
        o = rng.choice([x for x in OWNERS if x.startswith("@")]).lstrip("@").capitalize()
        body["Root Cause Analysis"] += " " + rng.choice(BLAME).format(o=o)
    if rng.random() < 1 / 6:
        del body[rng.choice(REQUIRED)]
    if rng.random() < 1 / 8:
        key = rng.choice([k for k in REQUIRED if k in body and k != "Action Items"])
        body[key] = "[TBD]"
    parts = [f"# {title}", "\n".join(meta)]
    parts += [f"## {k}\n\n{v}" for k, v in body.items()]
    return "\n\n".join(parts) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--start", default="2024-01-01")
    ap.add_argument("--quarters", type=int, default=8)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    start = dt.date.fromisoformat(a.start)
    span = a.quarters * 91
    folder = os.path.join(a.out, "postmortems")
    os.makedirs(folder, exist_ok=True)
    for i in range(a.n):
        date = start + dt.timedelta(days=rng.randrange(span))
        name = f"{iso(date)}-inc-{1000 + i}.md"
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(postmortem(rng, i, date))
    print(f"wrote {a.n} postmortems to {folder}")


if __name__ == "__main__":
    main()
