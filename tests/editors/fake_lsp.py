#!/usr/bin/env python3
"""Tiny stand-in language server for the editor tests (tests/editors/run.sh --fake).

Adapted from the shared client harnesses. It is NOT blamelint: source "fake", message
'Weak phrasing: "should have"', fix "could improve"; run.sh --fake sets the EXPECT_* overrides.

LSP over stdio, JSON-RPC with Content-Length framing, standard library only.

* On didOpen/didChange: publishes one Warning diagnostic (source "fake",
  code "should-have") for every occurrence of "should have"; ranges are in
  UTF-16 code units (so an emoji before the phrase counts as 2 units).
* textDocument/codeAction: one quick fix (kind "quickfix", isPreferred) per
  such diagnostic overlapping the requested range, replacing the phrase with
  "could improve" via a WorkspaceEdit `changes` map.
* Handles initialize / initialized / shutdown / exit; unknown requests get
  MethodNotFound.  Set FAKE_LSP_LOG=/path to log traffic.
* FAKE_LSP_BUG=utf8 reports columns in UTF-8 bytes instead of UTF-16 units
  (a classic bug) so the harnesses can be checked to catch it.
"""
import json
import os
import sys

PHRASE = "should have"
REPLACEMENT = "could improve"

_log_path = os.environ.get("FAKE_LSP_LOG")


def log(msg):
    if _log_path:
        with open(_log_path, "a", encoding="utf-8") as f:
            f.write(msg + "\n")


def read_message(stream):
    headers = {}
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.decode("ascii", "replace").strip()
        if not line:
            break
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", "0"))
    body = stream.read(n)
    log("<- " + body.decode("utf-8", "replace"))
    return json.loads(body)


def send(msg):
    body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
    log("-> " + body.decode("utf-8"))
    out = sys.stdout.buffer
    out.write(b"Content-Length: %d\r\n\r\n" % len(body))
    out.write(body)
    out.flush()


def utf16_len(s):
    if os.environ.get("FAKE_LSP_BUG") == "utf8":
        return len(s.encode("utf-8"))
    return len(s.encode("utf-16-le")) // 2


def find_diagnostics(text):
    diags = []
    for lnum, line in enumerate(text.split("\n")):
        line = line.rstrip("\r")
        start = 0
        while True:
            i = line.find(PHRASE, start)
            if i < 0:
                break
            c0 = utf16_len(line[:i])
            c1 = c0 + utf16_len(PHRASE)
            diags.append({
                "range": {"start": {"line": lnum, "character": c0},
                          "end": {"line": lnum, "character": c1}},
                "severity": 2,
                "source": "fake",
                "code": "should-have",
                "message": 'Weak phrasing: "should have"',
            })
            start = i + len(PHRASE)
    return diags


def overlaps(a, b):
    def key(p):
        return (p["line"], p["character"])
    return not (key(a["end"]) < key(b["start"]) or key(b["end"]) < key(a["start"]))


def main():
    docs = {}
    shutdown = False
    inp = sys.stdin.buffer
    while True:
        msg = read_message(inp)
        if msg is None:
            return 0 if shutdown else 1
        method = msg.get("method")
        mid = msg.get("id")
        params = msg.get("params") or {}
        if method == "initialize":
            send({"jsonrpc": "2.0", "id": mid, "result": {
                "capabilities": {
                    "textDocumentSync": {"openClose": True, "change": 1},
                    "codeActionProvider": {"codeActionKinds": ["quickfix"]},
                    "positionEncoding": "utf-16",
                },
                "serverInfo": {"name": "fake-lsp", "version": "0.1"},
            }})
        elif method == "initialized":
            pass
        elif method == "shutdown":
            shutdown = True
            send({"jsonrpc": "2.0", "id": mid, "result": None})
        elif method == "exit":
            return 0 if shutdown else 1
        elif method in ("textDocument/didOpen", "textDocument/didChange"):
            td = params["textDocument"]
            uri = td["uri"]
            if method == "textDocument/didOpen":
                text = td["text"]
            else:
                text = docs.get(uri, "")
                for ch in params.get("contentChanges", []):
                    if "range" not in ch:
                        text = ch["text"]
                    # incremental changes are not advertised, ignore otherwise
            docs[uri] = text
            send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                  "params": {"uri": uri, "version": td.get("version"),
                             "diagnostics": find_diagnostics(text)}})
        elif method == "textDocument/didClose":
            uri = params["textDocument"]["uri"]
            docs.pop(uri, None)
            send({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                  "params": {"uri": uri, "diagnostics": []}})
        elif method == "textDocument/codeAction":
            uri = params["textDocument"]["uri"]
            rng = params["range"]
            actions = []
            for d in find_diagnostics(docs.get(uri, "")):
                if not overlaps(d["range"], rng):
                    continue
                actions.append({
                    "title": 'Replace "should have" with "could improve"',
                    "kind": "quickfix",
                    "isPreferred": True,
                    "diagnostics": [d],
                    "edit": {"changes": {uri: [
                        {"range": d["range"], "newText": REPLACEMENT}]}},
                })
            send({"jsonrpc": "2.0", "id": mid, "result": actions})
        elif mid is not None:
            send({"jsonrpc": "2.0", "id": mid,
                  "error": {"code": -32601, "message": "method not found: %s" % method}})
        # unknown notifications ($/..., workspace/didChangeConfiguration...) ignored


if __name__ == "__main__":
    sys.exit(main())
