//! `package.json`: `dependencies`, `devDependencies`, `peerDependencies`,
//! `optionalDependencies` and `bundleDependencies`/`bundledDependencies`.

use super::{Declared, Problem};
use crate::Ecosystem;

const FIELDS: &[&str] = &[
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

/// Where a dependency of spec `spec` comes from, and the registry name (an `npm:` alias
/// names another package).
fn origin(name: &str, spec: &str) -> (String, super::Origin) {
    use super::Origin::*;
    let s = spec.trim();
    if let Some(alias) = s.strip_prefix("npm:") {
        // `npm:real-name@^1` or `npm:@scope/real@1`
        let at = alias.get(1..).and_then(|r| r.find('@')).map(|i| i + 1);
        let real = at.map_or(alias, |i| &alias[..i]);
        return (real.to_string(), Registry);
    }
    let not = |why: &str| (name.to_string(), NotRegistry(why.to_string()));
    for (p, why) in [
        ("file:", "a `file:` dependency"),
        ("link:", "a `link:` dependency"),
        ("portal:", "a `portal:` dependency"),
        ("workspace:", "a workspace dependency"),
        ("git+", "a git dependency"),
        ("git:", "a git dependency"),
        ("github:", "a GitHub dependency"),
        ("gitlab:", "a GitLab dependency"),
        ("bitbucket:", "a Bitbucket dependency"),
        ("gist:", "a gist dependency"),
        ("http:", "a URL dependency"),
        ("https:", "a URL dependency"),
    ] {
        if s.starts_with(p) {
            return not(why);
        }
    }
    if s.starts_with('.') || s.starts_with('/') || s.starts_with('~') {
        return not("a local path");
    }
    // `user/repo` or `user/repo#ref`: GitHub shorthand.
    if s.contains('/') && !s.starts_with('@') && !s.contains(' ') {
        return not("a GitHub shorthand");
    }
    (name.to_string(), Registry)
}

/// The line of key `"name"` at or after the line of `"field"`.
fn key_line(text: &str, field: &str, name: &str) -> u32 {
    let f = format!("\"{field}\"");
    let k = format!("\"{name}\"");
    let start = text.find(&f).unwrap_or(0);
    let at = text[start..]
        .match_indices(&k)
        .map(|(i, _)| start + i)
        .find(|&i| text[i + k.len()..].trim_start().starts_with(':'))
        .or_else(|| text[start..].find(&k).map(|i| start + i));
    at.map_or(1, |i| super::line_at(text, i))
}

pub(crate) fn package_json(text: &str) -> Result<Vec<Declared>, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        (
            u32::try_from(e.line()).unwrap_or(1).max(1),
            format!("not valid JSON: {e}"),
        )
    })?;
    let mut out = Vec::new();
    for field in FIELDS {
        let Some(deps) = v.get(*field) else { continue };
        let Some(deps) = deps.as_object() else {
            return Err((
                key_line(text, field, field),
                format!("`{field}` must be an object of name → version"),
            ));
        };
        for (name, spec) in deps {
            let Some(spec) = spec.as_str() else {
                return Err((
                    key_line(text, field, name),
                    format!("`{field}.{name}`: the version must be a string"),
                ));
            };
            let (real, origin) = origin(name, spec);
            out.push(Declared {
                name: real,
                ecosystem: Ecosystem::Npm,
                line: key_line(text, field, name),
                origin,
            });
        }
    }
    for field in ["bundleDependencies", "bundledDependencies"] {
        if let Some(arr) = v.get(field).and_then(|a| a.as_array()) {
            for n in arr.iter().filter_map(|n| n.as_str()) {
                if out.iter().any(|d| d.name == n) {
                    continue;
                }
                out.push(Declared {
                    name: n.to_string(),
                    ecosystem: Ecosystem::Npm,
                    line: key_line(text, field, n),
                    origin: super::Origin::Registry,
                });
            }
        }
    }
    Ok(out)
}
