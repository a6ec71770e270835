//! Keeping a long history walk's resident memory flat.
//!
//! gix reads packs through read-only memory maps. A walk over all of history touches
//! nearly every page of every pack, and each touched page stays counted in the process's
//! resident set until the walk ends: on rust-lang/cargo that was 85 MiB of a 106 MiB pack,
//! on top of the heap. Every few hundred blobs the walk calls [`release_pack_pages`]; once
//! the file-backed resident set passes [`FILE_RESIDENT_BUDGET`], the kernel is asked to
//! reclaim the pack pages already read, and a page read again is faulted back in with the
//! same bytes.
//!
//! The advice is `MADV_PAGEOUT` (Linux 5.4+), not `MADV_DONTNEED`. Both drop the pages
//! from our resident set, but `MADV_DONTNEED` is destructive on anything that is not a
//! clean file mapping: on private anonymous memory it zero-fills the pages. The ranges
//! come from `/proc/self/maps`, read a moment before the call, while reader threads keep
//! using (and gix may unmap and the allocator remap) the address space; a range that has
//! become a heap allocation in between would be silently zeroed. `MADV_PAGEOUT` never
//! changes the contents of any mapping — clean pages are dropped and re-read, dirty or
//! anonymous ones are written back or swapped, or left alone — so a stale range is
//! harmless.
//!
//! Its cost, and the reason for the budget: reclaimed clean pages also leave the page
//! cache, so a page the walk touches again is read from disk, not remapped from memory.
//! Reclaiming on every call re-read cargo's 106 MiB pack about fifteen times over (1.6 GiB,
//! 260k major faults, twice the wall time); with the budget it is read about three times
//! and peak RSS stays where `MADV_DONTNEED` kept it. The next scan reads the pack from
//! disk once. On kernels without `MADV_PAGEOUT` the call fails with `EINVAL` and the walk
//! keeps its pages.

/// Reclaim this process's mapped pages of pack and index files once the file-backed
/// resident set is over [`FILE_RESIDENT_BUDGET`] (Linux; elsewhere a no-op).
///
/// Safe at any time and from any thread, concurrently with readers of the same mappings:
/// the advice never changes memory contents (see the module docs).
#[cfg(target_os = "linux")]
pub(crate) fn release_pack_pages() {
    if file_resident_bytes().is_some_and(|b| b < FILE_RESIDENT_BUDGET) {
        return;
    }
    advise_pack_pages();
}

/// Advise `MADV_PAGEOUT` on every read-only pack and index mapping of this process.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn advise_pack_pages() {
    use std::sync::atomic::{AtomicBool, Ordering};
    // Set once the kernel refuses MADV_PAGEOUT (before 5.4), to stop reading
    // /proc/self/maps for nothing.
    static UNSUPPORTED: AtomicBool = AtomicBool::new(false);
    if UNSUPPORTED.load(Ordering::Relaxed) {
        return;
    }
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return;
    };
    for (start, len) in pack_mappings(&maps) {
        // SAFETY: madvise takes no Rust reference and dereferences nothing we own; the
        // kernel validates the range (ENOMEM if it is no longer mapped). MADV_PAGEOUT is
        // advice that never alters what any mapping reads back — a clean file page is
        // re-read from its file, dirty and anonymous pages are written back or swapped out
        // (or kept) — so even if this range was unmapped and reused since /proc/self/maps
        // was read, no memory the program can observe changes.
        let rc = unsafe { libc::madvise(start as *mut libc::c_void, len, libc::MADV_PAGEOUT) };
        if rc != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EINVAL) {
            UNSUPPORTED.store(true, Ordering::Relaxed);
            return;
        }
    }
}

/// File-backed resident memory (pack mappings, the binary's own pages) below which
/// [`release_pack_pages`] leaves pages alone. On rust-lang/cargo: 24 MiB keeps peak RSS
/// at 94 MiB (as `MADV_DONTNEED` on every call did) for ~400 MiB read from the pack file;
/// 40 MiB reads it about once but peaks at 109 MiB.
#[cfg(target_os = "linux")]
const FILE_RESIDENT_BUDGET: u64 = 24 << 20;

/// `RssFile` of this process in bytes (`/proc/self/status`, in kB there).
#[cfg(target_os = "linux")]
fn file_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("RssFile:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Ask the kernel to reclaim this process's mapped pages of pack and index files (Linux;
/// elsewhere a no-op).
#[cfg(not(target_os = "linux"))]
pub(crate) fn release_pack_pages() {}

/// The read-only mappings of `.pack` and `.idx` files in a `/proc/self/maps` listing, as
/// (start address, length).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn pack_mappings(maps: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for line in maps.lines() {
        // `start-end perms offset dev inode path`
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        let Some(path) = fields.nth(3) else { continue };
        if !(path.ends_with(".pack") || path.ends_with(".idx")) || perms.contains('w') {
            continue;
        }
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        let (Ok(start), Ok(end)) = (
            usize::from_str_radix(start, 16),
            usize::from_str_radix(end, 16),
        ) else {
            continue;
        };
        if end > start {
            out.push((start, end - start));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hazard of a destructive advice: by the time it is given, a range read from
    /// /proc/self/maps may hold memory whose contents matter. A private mapping of a
    /// `.pack` file with a page changed in memory and then made read-only stands in for
    /// such a range (it passes the read-only `.pack` filter): MADV_DONTNEED threw the
    /// change away and read the file again; the advice used now must keep it.
    #[cfg(target_os = "linux")]
    #[test]
    #[allow(unsafe_code)]
    fn advice_never_changes_what_a_mapping_reads() {
        use std::os::fd::AsRawFd;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("stale.pack");
        std::fs::write(&path, vec![b'f'; 4096]).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        // SAFETY: a fresh one-page private mapping of a 4096-byte file, written and read
        // only inside its bounds while mapped, and unmapped before the file is closed.
        let seen = unsafe {
            let page = libc::mmap(
                std::ptr::null_mut(),
                4096,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            );
            assert_ne!(page, libc::MAP_FAILED);
            page.cast::<u8>().write_volatile(b'm');
            assert_eq!(libc::mprotect(page, 4096, libc::PROT_READ), 0);
            advise_pack_pages();
            let seen = page.cast::<u8>().read_volatile();
            libc::munmap(page, 4096);
            seen
        };
        assert_eq!(seen, b'm', "the advice discarded a page's contents");
    }

    /// Reader threads inflating objects from the pack while another thread advises its
    /// pages away without pause read exactly what one undisturbed thread reads.
    #[cfg(target_os = "linux")]
    #[test]
    fn scans_read_the_same_bytes_while_pages_are_advised_away() {
        use crate::{HistoryOptions, Repo};
        use std::io::Write;
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let git = |args: &[&str]| {
            let mut c = provenance_testkit::hermetic_command("git", &dir.join(".home"));
            c.current_dir(dir).args(args);
            c
        };
        assert!(git(&["init", "-q", "-b", "main"])
            .status()
            .unwrap()
            .success());
        let mut stream = Vec::new();
        let mut text = String::new();
        for n in 0..400 {
            text.push_str(&format!("line {n} of a file that grows token_{n:04x}\n"));
            write!(
                stream,
                "commit refs/heads/main\nmark :{}\ncommitter t <t@example.invalid> {} +0000\ndata 2\nc\n",
                n + 1,
                1_700_000_000 + n
            )
            .unwrap();
            if n > 0 {
                writeln!(stream, "from :{n}").unwrap();
            }
            for k in 0..3 {
                write!(
                    stream,
                    "M 100644 inline f{k}.txt\ndata {}\nfile {k}\n{text}\n",
                    text.len() + 7
                )
                .unwrap();
            }
        }
        let mut import = git(&["fast-import", "--quiet"]);
        let mut child = import.stdin(std::process::Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(&stream).unwrap();
        assert!(child.wait().unwrap().success());
        assert!(git(&["repack", "-adq"]).status().unwrap().success());

        let scan = |threads: usize| {
            let repo = Repo::discover(dir).unwrap();
            let options = HistoryOptions {
                threads,
                ..HistoryOptions::default()
            };
            let mut seen = Vec::new();
            repo.for_each_history_blob(
                &options,
                |b| (b.commit.to_string(), b.path, b.data, b.lines),
                |row| {
                    seen.push(row);
                    Ok(())
                },
            )
            .unwrap();
            seen
        };
        let one = scan(1);
        assert_eq!(one.len(), 1_200);
        let done = AtomicBool::new(false);
        let advised = AtomicUsize::new(0);
        let many = std::thread::scope(|s| {
            s.spawn(|| {
                while !done.load(Ordering::Relaxed) {
                    advise_pack_pages();
                    advised.fetch_add(1, Ordering::Relaxed);
                }
            });
            let many = scan(4);
            done.store(true, Ordering::Relaxed);
            many
        });
        assert!(advised.load(Ordering::Relaxed) > 0);
        assert!(
            one == many,
            "a 4-thread scan under advice differs from one thread"
        );
    }

    #[test]
    fn only_read_only_pack_and_index_mappings() {
        let maps = "\
7f0000000000-7f0000100000 r--s 00000000 08:01 42 /r/.git/objects/pack/pack-1.pack
7f0000100000-7f0000101000 r--p 00000000 08:01 43 /r/.git/objects/pack/pack-1.idx
7f0000200000-7f0000300000 rw-p 00000000 08:01 44 /r/.git/objects/pack/pack-2.pack
7f0000300000-7f0000400000 rw-p 00000000 00:00 0 [heap]
7f0000400000-7f0000500000 r--p 00000000 08:01 45 /usr/lib/libc.so.6
zz-yy r--p 00000000 08:01 46 /x.pack
7f0000600000-7f0000600000 r--p 00000000 08:01 47 /empty.pack
";
        assert_eq!(
            pack_mappings(maps),
            [(0x7f00_0000_0000, 0x10_0000), (0x7f00_0010_0000, 0x1000)]
        );
    }
}
