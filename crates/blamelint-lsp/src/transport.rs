//! Message framing between stdio and tower-lsp.
//!
//! tower-lsp 0.20 stops serving at the first frame it cannot decode (its
//! framed reader ends the stream after an error), so one malformed message
//! would end the session. This layer reads stdin itself, answers frames that
//! are not valid JSON-RPC with an error response, and hands tower-lsp only
//! frames it is known to accept, over in-memory pipes. Output from tower-lsp
//! is copied to stdout whole frame by whole frame, so the error responses
//! injected here never split one of its messages.

use crate::logging::{self, Level};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::{Request, Response};

/// Larger frames are refused rather than buffered.
const MAX_FRAME: usize = 1 << 30;
const PIPE: usize = 1 << 20;

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    frame(
        json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
            .to_string()
            .as_bytes(),
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The `Content-Length` of a header block, if it has a valid one.
fn content_length(headers: &[u8]) -> Option<usize> {
    let text = std::str::from_utf8(headers).ok()?;
    text.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        if name.trim().eq_ignore_ascii_case("content-length") {
            value.trim().parse().ok()
        } else {
            None
        }
    })
}

/// What to do with one frame's body.
pub enum Verdict {
    Forward,
    Skip,
    Reject(Vec<u8>),
}

/// Accepts exactly what tower-lsp's decoder accepts (a JSON-RPC request,
/// notification or response), so a forwarded frame can never stop it.
pub fn check_body(body: &[u8]) -> Verdict {
    if body.is_empty() {
        return Verdict::Skip;
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return Verdict::Reject(error_frame(
            Value::Null,
            -32700,
            "Parse error: message is not UTF-8",
        ));
    };
    if serde_json::from_str::<Request>(text).is_ok()
        || serde_json::from_str::<Response>(text).is_ok()
    {
        return Verdict::Forward;
    }
    match serde_json::from_str::<Value>(text) {
        Err(_) => Verdict::Reject(error_frame(Value::Null, -32700, "Parse error")),
        Ok(v) => {
            let id = v
                .get("id")
                .filter(|id| id.is_string() || id.is_i64())
                .cloned()
                .unwrap_or(Value::Null);
            Verdict::Reject(error_frame(
                id,
                -32600,
                "Invalid request: not a JSON-RPC 2.0 message",
            ))
        }
    }
}

/// Reads framed messages from `input`, forwarding valid ones to `server` and
/// sending error responses for the rest to `errors`. Returns at end of input.
pub async fn pump_input(
    mut input: impl AsyncRead + Unpin,
    mut server: DuplexStream,
    errors: mpsc::UnboundedSender<Vec<u8>>,
    level: Level,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        // Take every complete frame out of the buffer.
        while let Some(header_end) = find(&buf, b"\r\n\r\n") {
            let Some(len) = content_length(&buf[..header_end]).filter(|&l| l <= MAX_FRAME) else {
                logging::to_stderr(
                    level,
                    Level::Warn,
                    "dropping a message with a missing or invalid Content-Length header",
                );
                let _ = errors.send(error_frame(
                    Value::Null,
                    -32700,
                    "Parse error: missing or invalid Content-Length",
                ));
                // Resynchronise at the next header that looks right.
                let rest = header_end + 4;
                match find(&buf[rest..], b"Content-Length") {
                    Some(i) => drop(buf.drain(..rest + i)),
                    None => buf.clear(),
                }
                continue;
            };
            let start = header_end + 4;
            if buf.len() < start + len {
                break;
            }
            match check_body(&buf[start..start + len]) {
                Verdict::Forward => {
                    if server
                        .write_all(&frame(&buf[start..start + len]))
                        .await
                        .is_err()
                    {
                        return;
                    }
                }
                Verdict::Skip => {}
                Verdict::Reject(response) => {
                    logging::to_stderr(
                        level,
                        Level::Warn,
                        &format!("answering a malformed message ({len} bytes) with an error"),
                    );
                    let _ = errors.send(response);
                }
            }
            buf.drain(..start + len);
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Copies tower-lsp's output to `output` frame by frame, interleaving the
/// error responses from `errors` between whole frames.
pub async fn pump_output(
    mut server: DuplexStream,
    mut errors: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut chunk = vec![0u8; 1 << 16];
    let mut server_open = true;
    loop {
        // Forward every complete frame tower-lsp has written.
        while let Some(header_end) = find(&buf, b"\r\n\r\n") {
            let len = content_length(&buf[..header_end]).unwrap_or(0);
            let end = header_end + 4 + len;
            if buf.len() < end {
                break;
            }
            if output.write_all(&buf[..end]).await.is_err() {
                return;
            }
            buf.drain(..end);
        }
        if output.flush().await.is_err() {
            return;
        }
        if !server_open && buf.is_empty() {
            return;
        }
        tokio::select! {
            read = server.read(&mut chunk), if server_open => match read {
                Ok(0) | Err(_) => server_open = false,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            },
            Some(frame) = errors.recv() => {
                if output.write_all(&frame).await.is_err() {
                    return;
                }
            }
            else => return,
        }
    }
}

/// The pipes tower-lsp reads from and writes to.
pub struct Pipes {
    pub server_in: DuplexStream,
    pub server_out: DuplexStream,
    pub to_server: DuplexStream,
    pub from_server: DuplexStream,
}

pub fn pipes() -> Pipes {
    let (to_server, server_in) = tokio::io::duplex(PIPE);
    let (server_out, from_server) = tokio::io::duplex(PIPE);
    Pipes {
        server_in,
        server_out,
        to_server,
        from_server,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert!(matches!(
            check_body(br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#),
            Verdict::Forward
        ));
        assert!(matches!(
            check_body(br#"{"jsonrpc":"2.0","method":"x"}"#),
            Verdict::Forward
        ));
        assert!(matches!(
            check_body(br#"{"jsonrpc":"2.0","id":1,"result":null}"#),
            Verdict::Forward
        ));
        assert!(matches!(check_body(b""), Verdict::Skip));
        let Verdict::Reject(r) = check_body(b"{oops") else {
            panic!()
        };
        assert!(String::from_utf8(r).unwrap().contains("-32700"));
        let Verdict::Reject(r) = check_body(br#"{"id":3,"method":"x"}"#) else {
            panic!()
        };
        let r = String::from_utf8(r).unwrap();
        assert!(r.contains("-32600") && r.contains(r#""id":3"#), "{r}");
        assert!(matches!(check_body(&[0xff, 0xfe]), Verdict::Reject(_)));
    }

    #[test]
    fn content_length_parsing() {
        assert_eq!(content_length(b"Content-Length: 12"), Some(12));
        assert_eq!(
            content_length(b"content-type: x\r\ncontent-length:7"),
            Some(7)
        );
        assert_eq!(content_length(b"X: 1"), None);
        assert_eq!(content_length(b"Content-Length: -1"), None);
    }
}
