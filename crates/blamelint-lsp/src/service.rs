//! A thin wrapper around tower-lsp's service, for two gaps in tower-lsp 0.20:
//!
//! * After `exit`, its transport keeps reading stdin and only stops at the
//!   next message or EOF, so a client that sends `exit` and waits for the
//!   process to end would wait forever. The wrapper signals `main` instead.
//! * A request method sent without an `id` (i.e. as a notification) trips a
//!   `debug_assert!` inside tower-lsp's router. The wrapper drops such
//!   messages with a log line, so malformed input can't kill a debug build.
//! * `"params": null` on a method without params (`shutdown`, `exit`) is
//!   rejected by tower-lsp as "unexpected params"; some clients send it, so
//!   the wrapper drops a null `params` before routing.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::oneshot;
use tower_lsp::jsonrpc::{Request, Response};
use tower_service::Service;

/// Notifications the server handles; anything else without an `id` is
/// dropped rather than routed.
const NOTIFICATIONS: &[&str] = &[
    "initialized",
    "exit",
    "textDocument/didOpen",
    "textDocument/didChange",
    "textDocument/didSave",
    "textDocument/willSave",
    "textDocument/didClose",
    "workspace/didChangeConfiguration",
    "workspace/didChangeWatchedFiles",
    "workspace/didChangeWorkspaceFolders",
];

pub struct Guard<S> {
    inner: S,
    exit: Option<oneshot::Sender<()>>,
}

impl<S> Guard<S> {
    pub fn new(inner: S, exit: oneshot::Sender<()>) -> Guard<S> {
        Guard {
            inner,
            exit: Some(exit),
        }
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> Service<Request> for Guard<S>
where
    S: Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let req = if req.params().is_some_and(|p| p.is_null()) {
            without_params(&req)
        } else {
            req
        };
        let method = req.method();
        if req.id().is_none() && !method.starts_with("$/") && !NOTIFICATIONS.contains(&method) {
            eprintln!("[blamelint-lsp warn] ignoring `{method}` sent without an id (not a notification we handle)");
            return Box::pin(async { Ok(None) });
        }
        let is_exit = method == "exit";
        let fut = self.inner.call(req);
        if !is_exit {
            return Box::pin(fut);
        }
        let tx = self.exit.take();
        Box::pin(async move {
            let res = fut.await;
            if let Some(tx) = tx {
                let _ = tx.send(());
            }
            res
        })
    }
}

fn without_params(req: &Request) -> Request {
    let builder = Request::build(req.method().to_owned());
    match req.id() {
        Some(id) => builder.id(id.clone()).finish(),
        None => builder.finish(),
    }
}
