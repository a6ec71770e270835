//! Keeping a long history walk's resident memory flat.
//!
//! gix reads packs through read-only memory maps. A walk over all of history touches
//! nearly every page of every pack, and each touched page stays counted in the process's
//! resident set until the walk ends: on rust-lang/cargo that was 85 MiB of a 106 MiB pack,
//! on top of the heap. The pages belong to the kernel's page cache either way; dropping
//! our mapping of the ones already read costs a minor fault if they are read again, and
//! keeps peak RSS to what the walk is actually holding.

/// Drop this process's mapped pages of pack and index files (Linux; elsewhere a no-op).
///
/// Safe at any time: the mappings are read-only views of files that do not change, so a
/// page read again after this is faulted back in with the same bytes.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
pub(crate) fn release_pack_pages() {
    let Ok(maps) = std::fs::read_to_string("/proc/self/maps") else {
        return;
    };
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
        // SAFETY: the range is a whole mapping of this process, read from the kernel's own
        // list; MADV_DONTNEED on a read-only file mapping only unmaps its pages, and the
        // next access maps the same file contents back in.
        unsafe {
            libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED);
        }
    }
}

/// Drop this process's mapped pages of pack and index files (Linux; elsewhere a no-op).
#[cfg(not(target_os = "linux"))]
pub(crate) fn release_pack_pages() {}
