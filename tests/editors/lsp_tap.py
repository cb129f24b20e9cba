#!/usr/bin/env python3
"""Transparent stdio tap for a language server: logs every LSP message, changes nothing.

Usage: lsp_tap.py LOGFILE SERVER_CMD [ARGS...]

Bytes are relayed unchanged in both directions; each framed JSON-RPC message is also appended
to LOGFILE as one JSON line {"t": seconds, "dir": "c2s"|"s2c", "msg": {...}}. The tap exits
with the server's exit code. The editor tests use it to check what the client really sent
(initializationOptions, workspace/didChangeConfiguration) whatever server is under test.
"""
import json
import os
import subprocess
import sys
import threading
import time

T0 = time.time()
_lock = threading.Lock()


class Framer:
    """Splits a Content-Length framed byte stream into messages."""

    def __init__(self, direction, log):
        self.buf = b""
        self.direction = direction
        self.log = log

    def feed(self, data):
        self.buf += data
        while True:
            head_end = self.buf.find(b"\r\n\r\n")
            if head_end < 0:
                return
            length = None
            for line in self.buf[:head_end].split(b"\r\n"):
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length":
                    length = int(v.strip())
            if length is None:  # not LSP framing; give up parsing, keep relaying
                self.buf = b""
                return
            if len(self.buf) < head_end + 4 + length:
                return
            body = self.buf[head_end + 4:head_end + 4 + length]
            self.buf = self.buf[head_end + 4 + length:]
            try:
                msg = json.loads(body.decode("utf-8"))
            except ValueError:
                msg = {"unparsed": body.decode("utf-8", "replace")}
            line = json.dumps({"t": round(time.time() - T0, 4), "dir": self.direction, "msg": msg},
                              ensure_ascii=False)
            with _lock:
                self.log.write(line + "\n")
                self.log.flush()


def pump(src, dst, framer, close_dst):
    try:
        while True:
            data = os.read(src.fileno(), 65536)
            if not data:
                break
            dst.write(data)
            dst.flush()
            framer.feed(data)
    except (BrokenPipeError, OSError, ValueError):
        pass
    finally:
        if close_dst:
            try:
                dst.close()
            except OSError:
                pass


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    log = open(sys.argv[1], "a", encoding="utf-8")
    child = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    up = threading.Thread(target=pump, args=(sys.stdin.buffer, child.stdin, Framer("c2s", log), True),
                          daemon=True)
    down = threading.Thread(target=pump, args=(child.stdout, sys.stdout.buffer, Framer("s2c", log), False),
                            daemon=True)
    up.start()
    down.start()
    code = child.wait()
    down.join(timeout=2)
    with _lock:
        log.write(json.dumps({"t": round(time.time() - T0, 4), "dir": "exit", "code": code}) + "\n")
        log.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
