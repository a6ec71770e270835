//! Manifest parsing per ecosystem. Each parser reads one directory's manifests into the names
//! a file below it may import. Parse problems are kept as messages, never panics.

pub(crate) mod cargo;
pub(crate) mod gomod;
pub(crate) mod lock;
pub(crate) mod node;
pub(crate) mod python;

use std::path::Path;

/// Read a file as text (lossy), or `None` when it is missing or unreadable.
pub(crate) fn read_text(path: &Path) -> Option<String> {
    std::fs::read(path)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// A manifest that exists but could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ManifestError {
    /// The manifest's path (repository-relative when known).
    pub path: String,
    /// What went wrong, e.g. the TOML parser's message with line and column.
    pub reason: String,
}

/// Strip `//` and `/* */` comments and trailing commas from JSONC (tsconfig.json), keeping
/// string contents intact.
pub(crate) fn strip_jsonc(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' {
            let s = i;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i = (i + 1).min(b.len());
            out.extend_from_slice(&b[s..i]);
        } else if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += 2;
            while i < b.len() && !b[i..].starts_with(b"*/") {
                i += 1;
            }
            i = (i + 2).min(b.len());
        } else if c == b',' {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && (b[j] == b'}' || b[j] == b']') {
                i += 1;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn jsonc() {
        let s = super::strip_jsonc("{\n // c\n \"a\": \"x//y\", /* b */ \"b\": [1,2,],\n}");
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["a"], "x//y");
        assert_eq!(v["b"][1], 2);
    }
}
