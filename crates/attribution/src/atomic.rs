//! Crash-safe file primitives shared by the session and checkpoint stores: atomic
//! replace (temp file + rename) and a directory lock file.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// How long to wait for a store lock before giving up.
const LOCK_WAIT: Duration = Duration::from_secs(5);
/// A lock file older than this is left over from a crashed process and is broken.
const LOCK_STALE: Duration = Duration::from_secs(30);

/// Write `bytes` to `path` atomically: a temp file in the same directory, flushed, then
/// renamed over `path`. On failure the temp file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_mode(path, bytes, None)
}

/// [`write_atomic`] for files only the user may read (0600 on Unix): session and
/// checkpoint state holds prompt text and code.
pub fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_mode(path, bytes, Some(0o600))
}

/// Create `dir` and its missing parents, each new one 0700 on Unix, and make `dir` itself
/// 0700 when it already existed with wider permissions.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let perms = fs::metadata(dir)?.permissions();
        if perms.mode() & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

fn write_atomic_mode(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| -> io::Result<()> {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if let Some(mode) = mode {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(mode);
        }
        #[cfg(not(unix))]
        let _ = mode;
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Why a lock could not be taken.
#[derive(Debug)]
pub(crate) enum LockError {
    /// Another process held it for longer than the wait.
    Timeout(PathBuf),
    /// The lock file could not be created.
    Io(PathBuf, io::Error),
}

/// An exclusive lock on a directory, held while the guard lives (a `lock` file created
/// with `O_EXCL`; one older than 30 s is treated as left by a crashed process).
pub(crate) struct DirLock {
    path: PathBuf,
}

impl DirLock {
    /// Take the lock on `dir` (which must exist), waiting up to 5 s.
    pub(crate) fn acquire(dir: &Path) -> Result<DirLock, LockError> {
        let path = dir.join("lock");
        let started = SystemTime::now();
        loop {
            let mut options = fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(&path) {
                Ok(mut f) => {
                    let _ = writeln!(f, "{}", std::process::id());
                    return Ok(DirLock { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let stale = fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > LOCK_STALE);
                    // A stale lock that cannot be removed (not a file, no permission) is
                    // waited out like a live one, never retried in a busy loop.
                    if stale && fs::remove_file(&path).is_ok() {
                        continue;
                    }
                    if started.elapsed().unwrap_or_default() > LOCK_WAIT {
                        return Err(LockError::Timeout(path));
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
                Err(e) => return Err(LockError::Io(path, e)),
            }
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Remove a file; a missing file is fine.
pub(crate) fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// serde_json's message without its trailing " at line L column C" (callers report the
/// position separately).
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_atomic_write_keeps_the_old_file_and_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("f.json");
        fs::write(&target, "old").unwrap();
        // Renaming a file over a non-empty directory fails after the temp file is written.
        let blocker = d.path().join("dir");
        fs::create_dir(&blocker).unwrap();
        fs::write(blocker.join("x"), "x").unwrap();
        assert!(write_atomic(&blocker, b"new").is_err());
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let names: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn lock_is_exclusive_and_released() {
        let d = tempfile::tempdir().unwrap();
        let a = DirLock::acquire(d.path()).unwrap();
        let start = SystemTime::now();
        let t = {
            let dir = d.path().to_path_buf();
            std::thread::spawn(move || DirLock::acquire(&dir).map(|_| ()).is_ok())
        };
        std::thread::sleep(Duration::from_millis(50));
        drop(a);
        assert!(t.join().unwrap());
        assert!(start.elapsed().unwrap() >= Duration::from_millis(50));
        assert!(!d.path().join("lock").exists());
    }
}
