//! Keeping a long history walk's resident memory flat.
//!
//! gix reads packs through read-only memory maps. A walk over all of history touches
//! nearly every page of every pack, and each touched page stays counted in the process's
//! resident set until the walk ends: on rust-lang/cargo that was 85 MiB of a 106 MiB pack,
//! on top of the heap. Every few hundred blobs the walk asks the kernel to reclaim the
//! pack pages it already read ([`release_pack_pages`]); a page read again is faulted back
//! in with the same bytes.
//!
//! The advice is `MADV_PAGEOUT` (Linux 5.4+), not `MADV_DONTNEED`. Both drop the pages
//! from our resident set, but `MADV_DONTNEED` is destructive on anything that is not a
//! clean file mapping: on private anonymous memory it zero-fills the pages. The ranges
//! come from `/proc/self/maps`, read a moment before the call, while reader threads keep
//! using (and gix may unmap and the allocator remap) the address space; a range that has
//! become a heap allocation in between would be silently zeroed. `MADV_PAGEOUT` never
//! changes the contents of any mapping — clean pages are dropped and re-read, dirty or
//! anonymous ones are written back or swapped, or left alone — so a stale range is
//! harmless. Its cost: the reclaimed clean pages also leave the page cache, so a page the
//! walk reads again (or the next scan reads) comes from the file, not from memory. On
//! kernels without it the call fails with `EINVAL` and the walk simply keeps its pages.

/// Ask the kernel to reclaim this process's mapped pages of pack and index files (Linux;
/// elsewhere a no-op).
///
/// Safe at any time and from any thread, concurrently with readers of the same mappings:
/// the advice never changes memory contents (see the module docs).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub(crate) fn release_pack_pages() {
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
            release_pack_pages();
            let seen = page.cast::<u8>().read_volatile();
            libc::munmap(page, 4096);
            seen
        };
        assert_eq!(seen, b'm', "the advice discarded a page's contents");
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
