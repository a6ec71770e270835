//! Offline checksums of token formats that carry one (GitHub, npm).

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), as zlib computes it.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `n` in base62 (digits, upper, lower), left-padded with `0` to `width`.
pub(crate) fn base62(mut n: u64, width: usize) -> String {
    let mut digits = Vec::new();
    while n > 0 {
        digits.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8_lossy(&digits).into_owned()
}

/// GitHub's 2021 token format (also npm's): `<prefix>_<30 random><6 base62 crc32(random)>`.
///
/// See "Behind GitHub's new authentication token formats" (GitHub blog, 2021-04-05) and
/// "Announcing npm's new access token format" (2021-09-23).
pub(crate) fn prefixed_crc32_ok(token: &str) -> bool {
    let Some((_, body)) = token.split_once('_') else {
        return false;
    };
    if body.len() != 36 || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, check) = body.split_at(30);
    base62(u64::from(crc32(random.as_bytes())), 6) == check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_matches_zlib() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn base62_pads() {
        assert_eq!(base62(0, 6), "000000");
        assert_eq!(base62(61, 2), "0z");
        assert_eq!(base62(62, 1), "10");
    }

    #[test]
    fn github_checksum_round_trip() {
        let random = "abcdefghijklmnopqrstuvwxyz0123";
        let good = format!(
            "ghp_{random}{}",
            base62(u64::from(crc32(random.as_bytes())), 6)
        );
        assert!(prefixed_crc32_ok(&good));
        let mut bad = good.clone();
        bad.replace_range(4..5, "b");
        assert!(!prefixed_crc32_ok(&bad));
        assert!(!prefixed_crc32_ok("ghp_short"));
    }
}
