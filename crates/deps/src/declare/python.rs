//! Python manifests: requirements files, pyproject.toml, setup.cfg, Pipfile.

use super::{is_key_line, parse_toml, Declared, Lines, Origin, Problem};
use crate::Ecosystem;

/// A PEP 508 requirement: its name, or why it is not a registry requirement, or why the
/// syntax is unknown.
pub(crate) enum Req {
    Name(String),
    NotRegistry(&'static str),
}

/// Parse the start of a PEP 508 requirement (`name[extras] spec ; marker`, `name @ url`).
pub(crate) fn requirement(s: &str) -> Result<Req, String> {
    let s = s.trim();
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("git+")
        || lower.starts_with("hg+")
        || lower.starts_with("svn+")
        || lower.starts_with("bzr+")
    {
        return Ok(Req::NotRegistry("a version-control URL"));
    }
    if lower.contains("://") && !s.contains('@') || lower.starts_with("file:") {
        return Ok(Req::NotRegistry("a URL"));
    }
    if s.starts_with('.') || s.starts_with('/') || s.starts_with('~') || s.starts_with("${") {
        return Ok(Req::NotRegistry("a local path"));
    }
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(s.len());
    let name = &s[..end];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "`{s}` is not a requirement (expected a package name)"
        ));
    }
    if lower.ends_with(".whl") || lower.ends_with(".tar.gz") || lower.ends_with(".zip") {
        return Ok(Req::NotRegistry("an archive file"));
    }
    let rest = s[end..].trim_start();
    let rest = if let Some(r) = rest.strip_prefix('[') {
        match r.find(']') {
            Some(i) => r[i + 1..].trim_start(),
            None => return Err(format!("`{s}`: unclosed `[` of extras")),
        }
    } else {
        rest
    };
    match rest.chars().next() {
        None | Some('<' | '>' | '=' | '!' | '~' | ';' | '(' | ',' | '#') => {
            Ok(Req::Name(name.to_string()))
        }
        Some('@') => Ok(Req::NotRegistry("a direct URL reference")),
        Some(c) => Err(format!("`{s}`: unknown version specifier syntax at `{c}`")),
    }
}

fn decl(name: String, line: u32, origin: Origin) -> Declared {
    Declared {
        name,
        ecosystem: Ecosystem::PyPI,
        line,
        origin,
    }
}

/// `requirements*.txt`. `--index-url`/`--extra-index-url`/`--find-links` anywhere make every
/// name of the file come from an index we cannot see; `-e`, URLs, paths are not registry
/// packages; other options (`-r`, `-c`, `--hash`, …) are ignored.
pub(crate) fn requirements(text: &str) -> Result<Vec<Declared>, Problem> {
    let mut out = Vec::new();
    let mut private: Option<String> = None;
    let mut pending = String::new();
    let mut start = 0u32;
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        if pending.is_empty() {
            start = line_no;
        }
        let no_comment = match raw
            .find(" #")
            .or_else(|| raw.trim_start().starts_with('#').then_some(0))
        {
            Some(at) => &raw[..at],
            None => raw,
        };
        if let Some(cont) = no_comment.trim_end().strip_suffix('\\') {
            pending.push_str(cont);
            pending.push(' ');
            continue;
        }
        pending.push_str(no_comment);
        let l = std::mem::take(&mut pending);
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if l.starts_with('-') {
            let opt = l
                .split(|c: char| c == '=' || c.is_whitespace())
                .next()
                .unwrap_or("");
            match opt {
                "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" => {
                    private.get_or_insert_with(|| format!("the file sets {opt}"));
                }
                "-e" | "--editable" => out.push(decl(
                    String::new(),
                    start,
                    Origin::NotRegistry("an editable install".into()),
                )),
                _ => {}
            }
            continue;
        }
        // Options after a requirement (`pkg==1 --hash=…`) belong to it.
        let req = l.split(" --").next().unwrap_or(l);
        match requirement(req).map_err(|e| (start, e))? {
            Req::Name(n) => out.push(decl(n, start, Origin::Registry)),
            Req::NotRegistry(why) => {
                out.push(decl(String::new(), start, Origin::NotRegistry(why.into())))
            }
        }
    }
    out.retain(|d| !d.name.is_empty());
    if let Some(why) = private {
        for d in out.iter_mut().filter(|d| d.origin == Origin::Registry) {
            d.origin = Origin::PrivateIndex(why.clone());
        }
    }
    Ok(out)
}

/// Requirement strings of a TOML array, each at the line its quoted text is on.
fn array_reqs(
    v: Option<&toml::Value>,
    header: &str,
    lines: &Lines<'_>,
    out: &mut Vec<Declared>,
) -> Result<(), Problem> {
    let Some(arr) = v.and_then(|v| v.as_array()) else {
        return Ok(());
    };
    for item in arr {
        let Some(s) = item.as_str() else { continue }; // `{include-group = …}`
        let line = lines.find(Some(header), |l| {
            l.contains(&format!("\"{s}\"")) || l.contains(&format!("'{s}'"))
        });
        match requirement(s).map_err(|e| (line, e))? {
            Req::Name(n) => out.push(decl(n, line, Origin::Registry)),
            Req::NotRegistry(_) => {}
        }
    }
    Ok(())
}

/// A Poetry/Pipfile-style dependency table: `name = "spec"` or `name = { … }`.
fn table_deps(
    t: Option<&toml::Value>,
    header: &str,
    lines: &Lines<'_>,
    out: &mut Vec<Declared>,
    default_private: Option<&str>,
) {
    let Some(t) = t.and_then(|t| t.as_table()) else {
        return;
    };
    for (name, v) in t {
        if name == "python" {
            continue;
        }
        let line = lines.find(Some(header), |l| is_key_line(l, name));
        let origin = match v.as_table() {
            Some(spec) => {
                if let Some(k) = ["path", "git", "url", "file", "hg", "svn"]
                    .iter()
                    .find(|k| spec.contains_key(**k))
                {
                    Origin::NotRegistry(format!("a `{k}` dependency"))
                } else if let Some(src) = spec
                    .get("source")
                    .or_else(|| spec.get("index"))
                    .and_then(|s| s.as_str())
                {
                    if src == "pypi" {
                        Origin::Registry
                    } else {
                        Origin::PrivateIndex(format!("index `{src}`"))
                    }
                } else {
                    default_private.map_or(Origin::Registry, |s| Origin::PrivateIndex(s.into()))
                }
            }
            None => default_private.map_or(Origin::Registry, |s| Origin::PrivateIndex(s.into())),
        };
        out.push(decl(name.clone(), line, origin));
    }
}

/// `pyproject.toml`.
pub(crate) fn pyproject(text: &str) -> Result<Vec<Declared>, Problem> {
    let doc = parse_toml(text)?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let project = doc.get("project");
    array_reqs(
        project.and_then(|p| p.get("dependencies")),
        "[project]",
        &lines,
        &mut out,
    )?;
    if let Some(opt) = project
        .and_then(|p| p.get("optional-dependencies"))
        .and_then(|o| o.as_table())
    {
        for v in opt.values() {
            array_reqs(Some(v), "[project.optional-dependencies]", &lines, &mut out)?;
        }
    }
    if let Some(groups) = doc.get("dependency-groups").and_then(|g| g.as_table()) {
        for v in groups.values() {
            array_reqs(Some(v), "[dependency-groups]", &lines, &mut out)?;
        }
    }
    array_reqs(
        doc.get("build-system").and_then(|b| b.get("requires")),
        "[build-system]",
        &lines,
        &mut out,
    )?;
    let tool = doc.get("tool");
    let uv = tool.and_then(|t| t.get("uv"));
    array_reqs(
        uv.and_then(|u| u.get("dev-dependencies")),
        "[tool.uv]",
        &lines,
        &mut out,
    )?;
    if let Some(pdm) = tool
        .and_then(|t| t.get("pdm"))
        .and_then(|p| p.get("dev-dependencies"))
        .and_then(|d| d.as_table())
    {
        for v in pdm.values() {
            array_reqs(Some(v), "[tool.pdm.dev-dependencies]", &lines, &mut out)?;
        }
    }
    if let Some(poetry) = tool.and_then(|t| t.get("poetry")) {
        // A Poetry source of priority `primary`/`default` replaces the public index for all.
        let primary = poetry
            .get("source")
            .and_then(|s| s.as_array())
            .and_then(|s| {
                s.iter().find(|s| {
                    matches!(
                        s.get("priority").and_then(|p| p.as_str()),
                        Some("primary" | "default")
                    ) || s.get("default").and_then(|d| d.as_bool()) == Some(true)
                })
            });
        let primary = primary.map(|s| {
            format!(
                "Poetry source `{}`",
                s.get("name").and_then(|n| n.as_str()).unwrap_or("?")
            )
        });
        let p = primary.as_deref();
        table_deps(
            poetry.get("dependencies"),
            "[tool.poetry.dependencies]",
            &lines,
            &mut out,
            p,
        );
        table_deps(
            poetry.get("dev-dependencies"),
            "[tool.poetry.dev-dependencies]",
            &lines,
            &mut out,
            p,
        );
        if let Some(groups) = poetry.get("group").and_then(|g| g.as_table()) {
            for (g, v) in groups {
                table_deps(
                    v.get("dependencies"),
                    &format!("[tool.poetry.group.{g}.dependencies]"),
                    &lines,
                    &mut out,
                    p,
                );
            }
        }
    }
    // uv sources: `name = { path | git | url | workspace | index }`.
    if let Some(sources) = uv.and_then(|u| u.get("sources")).and_then(|s| s.as_table()) {
        for d in out.iter_mut() {
            let n = Ecosystem::PyPI.normalize(&d.name);
            let Some(spec) = sources
                .iter()
                .find(|(k, _)| Ecosystem::PyPI.normalize(k) == n)
                .map(|(_, v)| v)
            else {
                continue;
            };
            if let Some(k) = ["path", "git", "url", "workspace"]
                .iter()
                .find(|k| spec.get(**k).is_some())
            {
                d.origin = Origin::NotRegistry(format!("a uv `{k}` source"));
            } else if let Some(i) = spec.get("index").and_then(|i| i.as_str()) {
                d.origin = Origin::PrivateIndex(format!("uv index `{i}`"));
            }
        }
    }
    Ok(out)
}

/// `setup.cfg`: `install_requires`, `setup_requires`, `tests_require` under `[options]` and
/// every key of `[options.extras_require]`, one requirement per (continuation) line.
pub(crate) fn setup_cfg(text: &str) -> Result<Vec<Declared>, Problem> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut in_list = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i as u32 + 1;
        let t = raw.trim();
        if t.starts_with('[') {
            section = t.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            in_list = false;
            continue;
        }
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        let continuation = raw.starts_with(|c: char| c.is_whitespace());
        let value = if continuation {
            if !in_list {
                continue;
            }
            t
        } else {
            let (key, v) = t
                .split_once('=')
                .or_else(|| t.split_once(':'))
                .unwrap_or((t, ""));
            let key = key.trim();
            in_list = (section == "options"
                && matches!(key, "install_requires" | "setup_requires" | "tests_require"))
                || section == "options.extras_require";
            if !in_list {
                continue;
            }
            v.trim()
        };
        for part in value.split(';').take(1) {
            // `requests; python_version < "3.8"` keeps its name before the marker.
            let part = part.trim();
            if part.is_empty() || part.starts_with('#') {
                continue;
            }
            if part.starts_with("file:") || part.starts_with("attr:") {
                continue;
            }
            match requirement(part).map_err(|e| (line, e))? {
                Req::Name(n) => out.push(decl(n, line, Origin::Registry)),
                Req::NotRegistry(_) => {}
            }
        }
    }
    Ok(out)
}

/// `Pipfile`: `[packages]`, `[dev-packages]` and custom category tables. The source named
/// `pypi` is the public index; a dependency with another `index`, or a file whose first
/// source has another name, comes from a private index.
pub(crate) fn pipfile(text: &str) -> Result<Vec<Declared>, Problem> {
    let doc = parse_toml(text)?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let first_source = doc
        .get("source")
        .and_then(|s| s.as_array())
        .and_then(|s| s.first())
        .and_then(|s| s.get("name"))
        .and_then(|n| n.as_str());
    let private = first_source
        .filter(|n| *n != "pypi")
        .map(|n| format!("Pipfile source `{n}`"));
    for (k, v) in &doc {
        if matches!(k.as_str(), "source" | "requires" | "scripts" | "pipenv") || !v.is_table() {
            continue;
        }
        table_deps(
            Some(v),
            &format!("[{k}]"),
            &lines,
            &mut out,
            private.as_deref(),
        );
    }
    Ok(out)
}
