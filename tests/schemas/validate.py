#!/usr/bin/env python3
"""Validate a JSON document against a JSON Schema (Python `jsonschema`).

Usage: validate.py SCHEMA.json [INSTANCE.json|-]
Prints one line per error (`path: message`). Exit 0 valid, 1 invalid,
3 when the `jsonschema` package is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("the Python package `jsonschema` is not installed", file=sys.stderr)
    sys.exit(3)

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
src = sys.argv[2] if len(sys.argv) > 2 else "-"
instance = json.load(sys.stdin) if src == "-" else json.load(open(src, encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
for e in errors:
    print("/".join(str(p) for p in e.absolute_path) or "(root)", ": ", e.message, sep="")
sys.exit(1 if errors else 0)
