//! `go.mod` (`module`, `require`, `replace`), `go.work` (`use`) and `vendor/modules.txt`.

use super::read_text;
use std::path::Path;

/// One `go.mod`.
#[derive(Debug, Default, Clone)]
pub(crate) struct GoMod {
    pub module: Option<String>,
    /// Required and replaced module paths.
    pub required: Vec<String>,
}

/// Parse the directive lines of a go.mod / go.work file: (directive, args) with blocks
/// `require ( … )` expanded.
fn directives(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for raw in text.lines() {
        let line = raw.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(b) = &block {
            if line == ")" {
                block = None;
                continue;
            }
            out.push((b.clone(), line.split_whitespace().map(unquote).collect()));
            continue;
        }
        let mut words = line.split_whitespace();
        let Some(d) = words.next() else { continue };
        let rest: Vec<String> = words.map(unquote).collect();
        if rest.first().is_some_and(|r| r == "(") {
            block = Some(d.to_string());
            continue;
        }
        out.push((d.to_string(), rest));
    }
    out
}

fn unquote(s: &str) -> String {
    s.trim_matches(|c| c == '"' || c == '`').to_string()
}

pub(crate) fn load(dir: &Path) -> Option<GoMod> {
    let text = read_text(&dir.join("go.mod"))?;
    let mut g = GoMod::default();
    for (d, args) in directives(&text) {
        match d.as_str() {
            "module" => g.module = args.first().cloned(),
            "require" => g.required.extend(args.first().cloned()),
            "replace" => {
                g.required.extend(args.first().cloned());
                // `=> other/module v1.2.3` (a path starting with `.` is a local directory).
                if let Some(pos) = args.iter().position(|a| a == "=>") {
                    if let Some(target) = args.get(pos + 1).filter(|t| !t.starts_with('.')) {
                        g.required.push(target.clone());
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(v) = read_text(&dir.join("vendor/modules.txt")) {
        for line in v.lines() {
            if let Some(rest) = line.strip_prefix("# ") {
                g.required
                    .extend(rest.split_whitespace().next().map(str::to_string));
            }
        }
    }
    Some(g)
}

/// `use` directories of a go.work.
pub(crate) fn load_work(dir: &Path) -> Option<Vec<String>> {
    let text = read_text(&dir.join("go.work"))?;
    Some(
        directives(&text)
            .into_iter()
            .filter(|(d, _)| d == "use")
            .filter_map(|(_, a)| a.first().cloned())
            .collect(),
    )
}

/// `path` equals `module` or lies below it (`module/...`).
pub(crate) fn under(path: &str, module: &str) -> bool {
    path == module || (path.starts_with(module) && path.as_bytes().get(module.len()) == Some(&b'/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gomod() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("go.mod"),
            "module example.com/me/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0 // indirect\n\tgopkg.in/yaml.v3 v3.0.1\n)\nrequire github.com/x/y/v2 v2.0.0\nreplace github.com/old/mod => github.com/new/mod v1.0.0\nreplace example.com/local => ./local\n",
        )
        .unwrap();
        let g = load(dir.path()).unwrap();
        assert_eq!(g.module.as_deref(), Some("example.com/me/app"));
        for m in [
            "github.com/spf13/cobra",
            "gopkg.in/yaml.v3",
            "github.com/x/y/v2",
            "github.com/old/mod",
            "github.com/new/mod",
            "example.com/local",
        ] {
            assert!(g.required.iter().any(|r| r == m), "{m}");
        }
        assert!(under("github.com/x/y/v2/pkg", "github.com/x/y/v2"));
        assert!(!under("github.com/x/yz", "github.com/x/y"));
    }
}
