#!/usr/bin/env python3
"""Measure blamelint's sentence-level precision and recall on labeled JSONL files.

Each input line is a JSON object:

    {"id": "en-0001", "text": "...", "lang": "en", "label": "blame"|"ok"|"borderline",
     "category": "..."}

All selected sentences (``borderline`` is skipped) are written into ONE temporary
Markdown file, one sentence per paragraph, and the linter is run once:

    BIN check --format json --no-config TMPFILE

A sentence counts as predicted-blame when at least one diagnostic whose category is
a blame category has its ``line`` inside the sentence's line range. Diagnostics of
other categories (document structure, action items, ...) are ignored.

Exit status: 0 = ok, 1 = below --min-precision / --min-recall, 2 = usage, input or
linter error. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

BLAME_CATEGORIES = (
    "hindsight",
    "person-as-cause",
    "character-judgement",
    "blame-question",
    "human-error",
    "minimizing",
    "blame-attribution",
)
OK_CATEGORIES = (
    "system-focused",
    "neutral-timeline",
    "accountability",
    "system-counterfactual",
    "technical-failure-verb",
    "trap-other",
)
LABELS = ("blame", "ok", "borderline")
REPO_ROOT = Path(__file__).resolve().parent.parent


class InputError(Exception):
    pass


# --------------------------------------------------------------------------- input


def load_sentences(paths):
    """Read every JSONL file; returns a list of dicts (with 'file' and 'fileline')."""
    rows = []
    seen_ids = {}
    for path in paths:
        try:
            fh = open(path, encoding="utf-8")
        except OSError as e:
            raise InputError(f"{path}: {e.strerror or e}") from e
        with fh:
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    obj = json.loads(raw)
                except json.JSONDecodeError as e:
                    raise InputError(f"{where}: invalid JSON: {e}") from e
                if not isinstance(obj, dict):
                    raise InputError(f"{where}: expected a JSON object")
                for key in ("id", "text", "lang", "label", "category"):
                    if not isinstance(obj.get(key), str):
                        raise InputError(f"{where}: missing or non-string field {key!r}")
                if obj["label"] not in LABELS:
                    raise InputError(f"{where}: unknown label {obj['label']!r}")
                if not obj["text"].strip():
                    raise InputError(f"{where}: empty text")
                if obj["id"] in seen_ids:
                    print(
                        f"warning: duplicate id {obj['id']!r} ({seen_ids[obj['id']]} and {where})",
                        file=sys.stderr,
                    )
                seen_ids.setdefault(obj["id"], where)
                obj["file"] = str(path)
                obj["fileline"] = lineno
                rows.append(obj)
    return rows


def sentence_lines(text):
    """The lines a sentence occupies in the Markdown file (no blank lines inside,
    so that a multi-line text stays one paragraph)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [ln.rstrip() for ln in text.split("\n") if ln.strip()]


def build_markdown(sentences):
    """Returns (markdown_text, ranges) with ranges[i] = (first_line, last_line), 1-based."""
    out = []
    ranges = []
    line = 1
    for s in sentences:
        lines = sentence_lines(s["text"])
        ranges.append((line, line + len(lines) - 1))
        out.extend(lines)
        out.append("")  # blank line: paragraph separator
        line += len(lines) + 1
    return "\n".join(out), ranges


# --------------------------------------------------------------------------- linter


def default_bin():
    exe = ".exe" if os.name == "nt" else ""
    target_dirs = []
    if os.environ.get("CARGO_TARGET_DIR"):
        target_dirs.append(Path(os.environ["CARGO_TARGET_DIR"]))
    target_dirs.append(REPO_ROOT / "target")
    candidates = [d / profile / f"blamelint{exe}" for profile in ("release", "debug") for d in target_dirs]
    for c in candidates:
        if c.is_file():
            return str(c)
    return str(REPO_ROOT / "target" / "debug" / f"blamelint{exe}")


def run_linter(bin_path, md_path):
    cmd = [bin_path, "check", "--format", "json", "--no-config", md_path]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
    except OSError as e:
        raise InputError(
            f"cannot run {bin_path}: {e.strerror or e} "
            "(build it with `cargo build --release` or pass --bin PATH)"
        ) from e
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise InputError(f"{' '.join(cmd)} exited with status {proc.returncode}")
    out = proc.stdout.strip()
    if not out:
        return []
    try:
        data = json.loads(out)
    except json.JSONDecodeError as e:
        sys.stderr.write(proc.stderr)
        raise InputError(f"linter output is not valid JSON: {e}; output starts with: {out[:200]!r}") from e
    if isinstance(data, dict) and isinstance(data.get("diagnostics"), list):
        data = data["diagnostics"]
    if not isinstance(data, list):
        raise InputError("linter output is not a JSON array")
    for i, d in enumerate(data):
        if not isinstance(d, dict) or not isinstance(d.get("line"), int):
            raise InputError(f"diagnostic #{i} has no integer 'line': {d!r}")
    return data


# --------------------------------------------------------------------------- scoring


class Counts:
    __slots__ = ("tp", "fp", "fn", "tn")

    def __init__(self):
        self.tp = self.fp = self.fn = self.tn = 0

    def add(self, gold_blame, predicted):
        if gold_blame and predicted:
            self.tp += 1
        elif gold_blame:
            self.fn += 1
        elif predicted:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def precision(self):
        d = self.tp + self.fp
        return self.tp / d if d else None

    @property
    def recall(self):
        d = self.tp + self.fn
        return self.tp / d if d else None

    @property
    def f1(self):
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n(self):
        return self.tp + self.fp + self.fn + self.tn


def fmt(x):
    return "  n/a" if x is None else f"{x:.3f}"


def summary_line(name, c, width):
    return (
        f"{name:<{width}}  n={c.n:<4} P={fmt(c.precision)}  R={fmt(c.recall)}  F1={fmt(c.f1)}  "
        f"TP={c.tp:<4} FP={c.fp:<4} FN={c.fn:<4} TN={c.tn}"
    )


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Sentence-level precision/recall of blamelint on labeled JSONL files."
    )
    ap.add_argument("files", nargs="+", metavar="FILE.jsonl")
    ap.add_argument("--bin", help="blamelint binary (default: target/release/blamelint, else target/debug/blamelint)")
    ap.add_argument("--lang", choices=("en", "nl", "all"), default="all")
    ap.add_argument("--min-precision", type=float, metavar="X")
    ap.add_argument("--min-recall", type=float, metavar="Y")
    ap.add_argument("--show-errors", action="store_true", help="list every false positive and false negative")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the generated Markdown file and print its path")
    args = ap.parse_args(argv)

    try:
        rows = load_sentences(args.files)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    n_borderline = sum(r["label"] == "borderline" for r in rows)
    n_other_lang = sum(r["label"] != "borderline" and args.lang != "all" and r["lang"] != args.lang for r in rows)
    sentences = [
        r for r in rows if r["label"] != "borderline" and (args.lang == "all" or r["lang"] == args.lang)
    ]
    if not sentences:
        print("error: no blame/ok sentences selected", file=sys.stderr)
        return 2

    md, ranges = build_markdown(sentences)
    line_owner = {}
    for idx, (a, b) in enumerate(ranges):
        for ln in range(a, b + 1):
            line_owner[ln] = idx

    bin_path = args.bin or default_bin()
    fd, md_path = tempfile.mkstemp(prefix="blamelint-accuracy-", suffix=".md")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(md)
        diags = run_linter(bin_path, md_path)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        if args.keep_tmp:
            print(f"markdown kept at {md_path}", file=sys.stderr)
        else:
            try:
                os.unlink(md_path)
            except OSError:
                pass

    fired = defaultdict(list)  # sentence index -> [rule, ...] (blame categories)
    ignored = defaultdict(list)  # sentence index -> [rule, ...] (other categories)
    ignored_cats = Counter()
    unattributed = 0
    for d in diags:
        idx = line_owner.get(d["line"])
        cat = d.get("category")
        rule = str(d.get("rule", "?"))
        if cat not in BLAME_CATEGORIES:
            ignored_cats[str(cat)] += 1
            if idx is not None:
                ignored[idx].append(rule)
            continue
        if idx is None:
            unattributed += 1
            continue
        fired[idx].append(rule)

    overall = Counts()
    by_lang = defaultdict(Counts)
    by_cat = defaultdict(Counts)
    by_rule = defaultdict(Counter)
    errors = []
    for idx, s in enumerate(sentences):
        gold = s["label"] == "blame"
        pred = idx in fired
        overall.add(gold, pred)
        by_lang[s["lang"]].add(gold, pred)
        by_cat[(s["label"], s["category"])].add(gold, pred)
        for rule in sorted(set(fired.get(idx, ()))):
            by_rule[rule]["TP" if gold else "FP"] += 1
        if gold != pred:
            errors.append(("FN" if gold else "FP", s, idx))

    # ---- report
    print(f"files: {', '.join(args.files)}")
    print(f"linter: {bin_path}")
    print(
        f"sentences: {len(sentences)} scored "
        f"(blame {sum(s['label'] == 'blame' for s in sentences)}, ok {sum(s['label'] == 'ok' for s in sentences)}); "
        f"skipped {n_borderline} borderline" + (f", {n_other_lang} other-language" if n_other_lang else "")
    )
    print(f"diagnostics: {len(diags)} total, {sum(len(v) for v in fired.values())} blame-category in sentences", end="")
    if ignored_cats:
        print(", ignored (non-blame category): " + ", ".join(f"{k}={v}" for k, v in sorted(ignored_cats.items())), end="")
    if unattributed:
        print(f", {unattributed} blame-category outside any sentence", end="")
    print()
    print()
    width = 8
    print(summary_line("overall", overall, width))
    for lang in sorted(by_lang):
        print(summary_line(lang, by_lang[lang], width))

    print()
    print("blame categories (recall = flagged / total)")
    for (label, cat), c in sorted(by_cat.items(), key=lambda kv: _cat_order(kv[0])):
        if label == "blame":
            print(f"  {cat:<24} {c.tp:>4}/{c.tp + c.fn:<4} recall {fmt(c.recall)}")
    print("ok categories (false-positive rate = flagged / total)")
    for (label, cat), c in sorted(by_cat.items(), key=lambda kv: _cat_order(kv[0])):
        if label == "ok":
            rate = c.fp / (c.fp + c.tn) if c.fp + c.tn else None
            print(f"  {cat:<24} {c.fp:>4}/{c.fp + c.tn:<4} FP rate {fmt(rate)}")

    if by_rule:
        print("rules (sentences flagged)")
        for rule, c in sorted(by_rule.items(), key=lambda kv: (-(kv[1]["TP"] + kv[1]["FP"]), kv[0])):
            print(f"  {rule:<32} TP={c['TP']:<4} FP={c['FP']}")

    if args.show_errors:
        print()
        print(f"errors ({len(errors)}):")
        for kind, s, idx in sorted(errors, key=lambda e: (e[0], e[1]["label"], _cat_order((e[1]["label"], e[1]["category"])), e[1]["id"])):
            rules = ", ".join(sorted(set(fired.get(idx, ())))) or "-"
            extra = ""
            if idx in ignored:
                extra = f"  [ignored: {', '.join(sorted(set(ignored[idx])))}]"
            print(f"  {kind} {s['id']:<10} {s['label'] + '/' + s['category']:<30} rules: {rules}{extra}")
            print("       " + "\n       ".join(sentence_lines(s["text"])))

    status = 0
    checks = (
        ("precision", overall.precision, args.min_precision),
        ("recall", overall.recall, args.min_recall),
    )
    for name, value, minimum in checks:
        if minimum is None:
            continue
        if value is None:
            print(f"note: {name} is undefined for this selection; --min-{name} not checked", file=sys.stderr)
        elif value < minimum:
            print(f"FAIL: {name} {value:.3f} < {minimum:.3f}", file=sys.stderr)
            status = 1
    return status


def _cat_order(key):
    label, cat = key
    order = BLAME_CATEGORIES if label == "blame" else OK_CATEGORIES
    return (LABELS.index(label), order.index(cat) if cat in order else len(order), cat)


if __name__ == "__main__":
    sys.exit(main())
