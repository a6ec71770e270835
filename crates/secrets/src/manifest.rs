//! Kubernetes `Secret` manifests. Every value under a Secret's `data:` is a base64-encoded
//! secret whatever its key is called, and every value under `stringData:` is one in plain
//! text (Kubernetes API reference, `Secret v1 core`: "data contains the secret data …
//! base64 encoded"; "stringData allows specifying non-binary secret data in string form").
//! Key names carry no signal here, so the manifest's `kind` is what decides.

/// One value of a `data:` / `stringData:` block: its byte span in the text and whether it
/// is base64 (`data`) or plain (`stringData`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct DataValue {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) base64: bool,
}

/// The text declares `kind: Secret` on a line of its own (YAML, any quoting; the value's
/// first letter in either case, as hand-written manifests have it).
pub(crate) fn is_secret_manifest(text: &str) -> bool {
    document_is_secret(text)
}

/// The YAML document (between `---` lines) around byte offset `at` declares `kind: Secret`.
pub(crate) fn document_at_is_secret(text: &str, at: usize) -> bool {
    let start = text[..at].rfind("\n---").map_or(0, |i| i + 4);
    let end = text[at..].find("\n---").map_or(text.len(), |i| at + i);
    document_is_secret(&text[start..end])
}

fn document_is_secret(text: &str) -> bool {
    text.lines().any(|line| {
        let t = line.trim();
        let Some(rest) = t
            .strip_prefix("kind")
            .or_else(|| t.strip_prefix("\"kind\""))
            .or_else(|| t.strip_prefix("'kind'"))
        else {
            return false;
        };
        let Some(v) = rest.trim_start().strip_prefix(':') else {
            return false;
        };
        let v = v.trim().trim_end_matches(',').trim_matches(['"', '\'']);
        v == "Secret" || v == "secret"
    })
}

/// The values of the `data:` or `stringData:` block whose header line starts at
/// `line_start`, and the byte offset where the block ends. `None` when that line is not
/// such a header. A value written as a block scalar (`key: |` / `key: >`) is the span of
/// its first content line, judged on all of its lines joined.
pub(crate) fn data_block(
    text: &str,
    line_start: usize,
) -> Option<(Vec<(DataValue, String)>, usize)> {
    let rest = &text[line_start..];
    let header_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let header = rest[..header_end].trim_end();
    let indent = indent_of(header);
    let base64 = match header.trim_start().trim_end() {
        "data:" | "\"data\":" => true,
        "stringData:" | "\"stringData\":" => false,
        _ => return None,
    };
    let mut values = Vec::new();
    let mut at = line_start + header_end;
    // a block scalar being read: (span, its indentation, joined text)
    let mut scalar: Option<(DataValue, usize, String)> = None;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = text[at..line_end].trim_end();
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            at = line_end;
            continue;
        }
        let ind = indent_of(line);
        if let Some((v, sind, mut joined)) = scalar.take() {
            if ind > sind {
                joined.push_str(content);
                scalar = Some((v, sind, joined));
                at = line_end;
                continue;
            }
            values.push((v, joined));
        }
        if ind <= indent {
            break;
        }
        let Some((key, value)) = content.split_once(':') else {
            break;
        };
        let names_no_secret = names_no_secret(key.trim_matches(['"', '\'']));
        let value_start = at + (line.len() - content.len()) + key.len() + 1;
        let trimmed = value.trim_start();
        let value_start = value_start + (value.len() - trimmed.len());
        if matches!(trimmed, "|" | ">" | "|-" | ">-" | "|+" | ">+") && !names_no_secret {
            // the value is on the following, deeper-indented lines
            let next = line_end;
            let next_end = text[next..].find('\n').map_or(text.len(), |i| next + i + 1);
            let first = text[next..next_end].trim_end();
            let first_content = first.trim_start();
            let s = next + (first.len() - first_content.len());
            scalar = Some((
                DataValue {
                    start: s,
                    end: s + first_content.len(),
                    base64,
                },
                ind,
                String::new(),
            ));
            at = line_end;
            continue;
        }
        let unquoted = trimmed.trim_matches(['"', '\'']);
        if !unquoted.is_empty() && !names_no_secret {
            let s = value_start + (trimmed.len() - trimmed.trim_start_matches(['"', '\'']).len());
            values.push((
                DataValue {
                    start: s,
                    end: s + unquoted.len(),
                    base64,
                },
                unquoted.to_string(),
            ));
        }
        at = line_end;
    }
    if let Some((v, _, joined)) = scalar {
        values.push((v, joined));
    }
    Some((values, at))
}

/// Keys a Secret commonly holds beside its credentials that are not secret themselves
/// (`username`, `host`, `port`, `database`, …).
fn names_no_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace(['-', '.'], "_");
    let last = k.rsplit('_').next().unwrap_or(&k);
    [
        "user",
        "username",
        "login",
        "email",
        "host",
        "hostname",
        "port",
        "database",
        "db",
        "dbname",
        "name",
        "namespace",
        "url",
        "uri",
        "endpoint",
        "region",
        "bucket",
        "server",
        "address",
        "path",
        "schema",
        "protocol",
        "scheme",
        "sslmode",
        "id",
    ]
    .contains(&last)
        && !k.contains("key")
        && !k.contains("secret")
        && !k.contains("token")
        && !k.contains("pass")
}

/// Leading whitespace of a line, in characters (a tab counts as one, like a space).
fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// A `data:` value is a secret when it is base64 that decodes to at least four bytes that
/// are not a placeholder; a `stringData:` value when it passes the generic value checks.
pub(crate) fn value_is_secret(value: &str, base64: bool) -> bool {
    if !base64 {
        return !crate::filter::is_placeholder(value) && crate::filter::generic_value_ok(value, 8);
    }
    let body = value.trim_end_matches('=');
    if body.len() < 6
        || value.len() - body.len() > 2
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    {
        return false;
    }
    let Some(decoded) = crate::generic::base64_decode(value, false) else {
        return false;
    };
    if decoded.trim_ascii().len() < 4 {
        return false;
    }
    match std::str::from_utf8(&decoded) {
        Ok(s) => {
            let s = s.trim();
            // certificates and public keys are published by design
            if s.starts_with("-----BEGIN CERTIFICATE")
                || s.starts_with("-----BEGIN PUBLIC KEY")
                || s.starts_with("ssh-")
            {
                return false;
            }
            // a document (JSON docker config, PEM, an INI file) is judged by its markers only;
            // the sequence and word heuristics are for single values
            let document = s.contains(|c: char| c.is_whitespace() || matches!(c, '{' | '"'));
            let placeholder = if document {
                crate::filter::is_marked_placeholder(s)
            } else {
                crate::filter::is_placeholder(s)
            };
            !placeholder && !crate::filter::is_placeholder(value)
        }
        Err(_) => !crate::filter::is_placeholder(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_data_block_with_plain_and_block_scalar_values() {
        let text = "kind: Secret\ndata:\n  a: QUJDREVGR0g=\n  b: |\n    eyJh\n    YmNk\nmetadata:\n  name: x\n";
        assert!(is_secret_manifest(text));
        let at = text.find("data:").unwrap();
        let (values, end) = data_block(text, at).unwrap();
        let got: Vec<&str> = values.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(got, ["QUJDREVGR0g=", "eyJhYmNk"]);
        assert_eq!(&text[values[0].0.start..values[0].0.end], "QUJDREVGR0g=");
        assert_eq!(&text[values[1].0.start..values[1].0.end], "eyJh");
        assert_eq!(&text[end..], "metadata:\n  name: x\n");
    }

    #[test]
    fn kind_must_be_secret() {
        assert!(is_secret_manifest("apiVersion: v1\nkind: 'Secret'\n"));
        assert!(!is_secret_manifest("kind: ConfigMap\n"));
        assert!(!is_secret_manifest("# kind: Secret is not used here\n"));
    }
}
