//! A small LSP client for the tests and `examples/lsp_bench.rs`: spawns the
//! real server binary and speaks Content-Length framed JSON-RPC over its
//! stdio. Server-to-client requests (`client/registerCapability`,
//! `workspace/configuration`, ...) are answered automatically.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// Generous: a debug build starting under load can take seconds to build its rules.
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for something else.
    backlog: VecDeque<Value>,
    /// Requests the server sent us, in order.
    pub server_requests: Vec<Value>,
    /// What `workspace/configuration` answers for the `blamelint` section.
    pub settings: Value,
    pub stderr: Arc<Mutex<String>>,
}

fn params_is_null(msg: &Value) -> bool {
    msg["params"].is_null()
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    pub fn spawn(binary: &str, env: &[(&str, &str)]) -> Client {
        let mut cmd = Command::new(binary);
        cmd.stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawn the server");
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::with_capacity(1 << 16, stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stderr);
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            rx,
            next_id: 0,
            backlog: VecDeque::new(),
            server_requests: Vec::new(),
            settings: Value::Null,
            stderr: log,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to server");
        stdin.flush().expect("flush");
    }

    pub fn frame(msg: &Value) -> Vec<u8> {
        let body = serde_json::to_vec(msg).unwrap();
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend(body);
        out
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(&Self::frame(msg));
    }

    /// `Value::Null` params are left out, as clients do for `exit`.
    pub fn notify(&mut self, method: &str, params: Value) {
        let mut msg = json!({ "jsonrpc": "2.0", "method": method, "params": params });
        if params_is_null(&msg) {
            msg.as_object_mut().unwrap().remove("params");
        }
        self.send(&msg);
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params });
        if params_is_null(&msg) {
            msg.as_object_mut().unwrap().remove("params");
        }
        self.send(&msg);
        id
    }

    /// Sends a request and returns the whole response (`result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(id)
    }

    /// The result of a request, panicking on an error response.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    pub fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        if let Some(i) = self
            .backlog
            .iter()
            .position(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
        {
            return self.backlog.remove(i).unwrap();
        }
        loop {
            let m = self.next_message(deadline).unwrap_or_else(|| {
                panic!(
                    "no response to request {id} within {TIMEOUT:?}; stderr:\n{}",
                    self.stderr.lock().unwrap()
                )
            });
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            // tower-lsp may still be starting: keep reading.
            self.backlog.push_back(m);
        }
    }

    /// The next response with a null id (the answer to a message the server
    /// could not parse).
    pub fn response_with_null_id(&mut self) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        if let Some(i) = self
            .backlog
            .iter()
            .position(|m| m.get("id") == Some(&Value::Null))
        {
            return self.backlog.remove(i).unwrap();
        }
        loop {
            let m = self.next_message(deadline).expect("an error response");
            if m.get("id") == Some(&Value::Null) {
                return m;
            }
            self.backlog.push_back(m);
        }
    }

    /// Reads the next message, answering server requests on the way.
    fn next_message(&mut self, deadline: Instant) -> Option<Value> {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    return None
                }
            };
            if m.get("method").is_some() && m.get("id").is_some_and(|id| !id.is_null()) {
                let result = match m["method"].as_str() {
                    Some("workspace/configuration") => {
                        let n = m["params"]["items"].as_array().map_or(0, Vec::len);
                        Value::Array(vec![self.settings.clone(); n])
                    }
                    _ => Value::Null,
                };
                self.send(&json!({ "jsonrpc": "2.0", "id": m["id"], "result": result }));
                self.server_requests.push(m);
                continue;
            }
            return Some(m);
        }
    }

    /// Waits for a notification `method` whose params satisfy `pred`;
    /// earlier non-matching messages are kept for later waits.
    pub fn wait_for(
        &mut self,
        method: &str,
        timeout: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        if let Some(i) = self
            .backlog
            .iter()
            .position(|m| m["method"] == method && pred(&m["params"]))
        {
            return self.backlog.remove(i).map(|m| m["params"].clone());
        }
        let deadline = Instant::now() + timeout;
        loop {
            let m = self.next_message(deadline)?;
            if m["method"] == method && pred(&m["params"]) {
                return Some(m["params"].clone());
            }
            self.backlog.push_back(m);
        }
    }

    /// All notifications `method` read so far (and still unclaimed), draining
    /// what arrives within `wait`.
    pub fn collect(&mut self, method: &str, wait: Duration) -> Vec<Value> {
        let deadline = Instant::now() + wait;
        while let Some(m) = self.next_message(deadline) {
            self.backlog.push_back(m);
        }
        let (hit, rest): (Vec<Value>, Vec<Value>) =
            self.backlog.drain(..).partition(|m| m["method"] == method);
        self.backlog = rest.into();
        hit.into_iter().map(|m| m["params"].clone()).collect()
    }

    /// The next diagnostics published for `uri` at `version` (or any
    /// version when None).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let p = self
            .wait_for("textDocument/publishDiagnostics", TIMEOUT, |p| {
                p["uri"] == uri && (version.is_none() || p["version"].as_i64() == version)
            })
            .unwrap_or_else(|| {
                panic!(
                    "no diagnostics for {uri} v{version:?}; stderr:\n{}",
                    self.stderr.lock().unwrap()
                )
            });
        p["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn initialize(&mut self, capabilities: Value, options: Value) -> Value {
        let r = self.call("initialize", json!({ "processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options }));
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, version: i64, text: &str) {
        self.notify("textDocument/didOpen", json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": version, "text": text } }));
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify("textDocument/didChange", json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }));
    }

    pub fn document_text(&mut self, uri: &str) -> Value {
        self.call(
            "blamelint/documentText",
            json!({ "textDocument": { "uri": uri } }),
        )
    }

    /// Closes stdin-less: sends `exit` and waits for the process to end
    /// without closing its input, as a client may.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().ok().flatten() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn shutdown_and_exit(&mut self) -> ExitStatus {
        self.call("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit(TIMEOUT)
            .expect("server exits after shutdown/exit")
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Client capabilities: the given position encodings, push diagnostics,
/// hierarchical symbols, dynamic file watching and versioned edits.
pub fn capabilities(encodings: &[&str]) -> Value {
    json!({
        "general": { "positionEncodings": encodings },
        "textDocument": {
            "publishDiagnostics": { "versionSupport": true, "codeDescriptionSupport": true, "dataSupport": true },
            "documentSymbol": { "hierarchicalDocumentSymbolSupport": true },
            "codeAction": { "isPreferredSupport": true, "dataSupport": true }
        },
        "workspace": {
            "didChangeWatchedFiles": { "dynamicRegistration": true },
            "workspaceEdit": { "documentChanges": false },
            "configuration": false
        }
    })
}

/// xorshift64*: seeded, reproducible, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Which unit LSP columns count, for the reference model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    pub fn width(self, c: char) -> usize {
        match self {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }
}

/// Byte ranges of the lines' contents (terminators excluded): `\n`, `\r\n`
/// and a lone `\r` end a line. Written independently of the server's index.
pub fn line_contents(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push((start, i));
            i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            start = i;
        } else {
            i += 1;
        }
    }
    out.push((start, b.len()));
    out
}

/// LSP position of a byte offset (which must be a char boundary).
pub fn lsp_position(text: &str, offset: usize, enc: Enc) -> Value {
    let lines = line_contents(text);
    let line = lines.iter().rposition(|(s, _)| *s <= offset).unwrap();
    let (s, e) = lines[line];
    let col: usize = text[s..offset.min(e)].chars().map(|c| enc.width(c)).sum();
    json!({ "line": line, "character": col })
}

pub fn lsp_range(text: &str, start: usize, end: usize, enc: Enc) -> Value {
    json!({ "start": lsp_position(text, start, enc), "end": lsp_position(text, end, enc) })
}

/// Byte offset of a valid LSP position.
pub fn offset_of(text: &str, pos: &Value, enc: Enc) -> usize {
    let lines = line_contents(text);
    let line = pos["line"].as_u64().unwrap() as usize;
    let Some(&(s, e)) = lines.get(line) else {
        return text.len();
    };
    let want = pos["character"].as_u64().unwrap() as usize;
    let mut seen = 0;
    for (i, c) in text[s..e].char_indices() {
        if seen >= want {
            return s + i;
        }
        seen += enc.width(c);
    }
    e
}

/// Applies LSP `TextEdit`s (non-overlapping) to `text`.
pub fn apply_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset_of(text, &e["range"]["start"], enc),
                offset_of(text, &e["range"]["end"], enc),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let mut out = text.to_string();
    for (s, e, t) in spans.into_iter().rev() {
        out.replace_range(s..e, &t);
    }
    out
}

/// The `TextEdit`s of a code action's workspace edit for `uri`.
pub fn action_edits(action: &Value, uri: &str) -> Vec<Value> {
    let edit = &action["edit"];
    if let Some(e) = edit["changes"][uri].as_array() {
        return e.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["textDocument"]["uri"] == uri)
        .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

pub fn find_rule<'a>(diags: &'a [Value], rule: &str) -> Option<&'a Value> {
    diags.iter().find(|d| d["code"] == rule)
}
