//! Running an analyzer with a hard deadline: spawn in its own process group, poll, and kill
//! the whole group when time runs out.

use super::{ExternalError, Tool};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// What a finished analyzer left behind.
pub(crate) struct Output {
    /// The exit code; `None` when a signal ended it.
    pub(crate) code: Option<i32>,
    pub(crate) stdout: Vec<u8>,
    pub(crate) stderr: Vec<u8>,
}

fn reader(mut pipe: impl Read + Send + 'static) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        let _ = tx.send(buf);
    });
    rx
}

/// A pipe's contents once the writer side closes; if a leftover grandchild keeps it open
/// past a short grace, the process group (still alive, so its id is not reused) is killed.
fn collect(rx: Option<Receiver<Vec<u8>>>, pid: u32) -> Vec<u8> {
    let Some(rx) = rx else {
        return Vec::new();
    };
    match rx.recv_timeout(Duration::from_millis(500)) {
        Ok(buf) => buf,
        Err(_) => {
            #[cfg(unix)]
            kill_group(pid);
            let _ = pid;
            rx.recv_timeout(Duration::from_secs(2)).unwrap_or_default()
        }
    }
}

/// Run `cmd`, killing it (and everything it started) after `timeout`.
pub(crate) fn run(
    tool: Tool,
    mut cmd: Command,
    timeout: Duration,
) -> Result<Output, ExternalError> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ExternalError::Missing { tool }
        } else {
            ExternalError::Failed {
                tool,
                status: None,
                stderr: format!("could not start: {e}"),
            }
        }
    })?;
    let out = child.stdout.take().map(reader);
    let err = child.stderr.take().map(reader);
    let mut pause = Duration::from_millis(2);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {}
            Err(e) => {
                kill(&mut child);
                return Err(ExternalError::Failed {
                    tool,
                    status: None,
                    stderr: format!("could not wait: {e}"),
                });
            }
        }
        let elapsed = start.elapsed();
        if elapsed >= timeout {
            kill(&mut child);
            return Err(ExternalError::TimedOut {
                tool,
                after: timeout,
            });
        }
        std::thread::sleep(pause.min(timeout - elapsed));
        pause = (pause * 2).min(Duration::from_millis(50));
    };
    let pid = child.id();
    Ok(Output {
        code: status.code(),
        stdout: collect(out, pid),
        stderr: collect(err, pid),
    })
}

fn kill(child: &mut std::process::Child) {
    #[cfg(unix)]
    kill_group(child.id());
    let _ = child.kill();
    let _ = child.wait();
}

/// SIGKILL to the process group led by `pid` (it was spawned with `process_group(0)`).
#[cfg(unix)]
fn kill_group(pid: u32) {
    for kill in ["/bin/kill", "/usr/bin/kill"] {
        if Path::new(kill).exists() {
            let _ = Command::new(kill)
                .args(["-KILL", "--", &format!("-{pid}")])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            return;
        }
    }
}
