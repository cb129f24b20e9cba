//! A fixed set of threads that run lints, one per core.
//!
//! Lints used to run on tokio's blocking pool, whose threads come and go:
//! every new thread grew its own malloc arena and its own slot in every
//! regex's cache pool, and the server's memory crept up over a long session
//! (the soak test measured it). Long-lived workers keep those per-thread
//! caches to a fixed few, warm and bounded.

use crate::lint::{LintJob, LintOutput};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

type Reply = oneshot::Sender<Result<LintOutput, String>>;

pub struct Workers {
    jobs: Mutex<mpsc::Sender<(LintJob, Reply)>>,
}

impl Workers {
    pub fn new(threads: usize) -> Workers {
        let (tx, rx) = mpsc::channel::<(LintJob, Reply)>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("blamelint-lint-{i}"))
                .spawn(move || loop {
                    // The lock is held only while waiting for the next job.
                    let next = rx.lock().map(|r| r.recv());
                    let Ok(Ok((job, reply))) = next else {
                        return; // the server is gone
                    };
                    // `run` catches panics in the core; the receiver may have
                    // given up on a stale version, which is fine.
                    let _ = reply.send(job.run());
                });
            if spawned.is_err() && i == 0 {
                // Without threads, jobs would wait forever: fail them instead.
                break;
            }
        }
        Workers {
            jobs: Mutex::new(tx),
        }
    }

    /// Runs `job` on a worker and waits for its result without blocking the
    /// async runtime.
    pub async fn run(&self, job: LintJob) -> Result<LintOutput, String> {
        let (reply, result) = oneshot::channel();
        let sent = self
            .jobs
            .lock()
            .map_err(|_| "lint workers unavailable".to_string())?
            .send((job, reply));
        if sent.is_err() {
            return Err("lint workers stopped".into());
        }
        result
            .await
            .map_err(|_| "a lint worker stopped mid-job".to_string())?
    }
}
