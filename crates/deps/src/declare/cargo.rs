//! `Cargo.toml`: `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, their
//! `[target.'cfg'.…]` forms and `[workspace.dependencies]`.

use super::{is_key_line, parse_toml, Declared, Lines, Origin, Problem};
use crate::Ecosystem;

const TABLES: &[&str] = &[
    "dependencies",
    "dev-dependencies",
    "build-dependencies",
    "dev_dependencies",
    "build_dependencies",
];

fn deps(
    t: &toml::Value,
    header: &str,
    lines: &Lines<'_>,
    out: &mut Vec<Declared>,
) -> Result<(), Problem> {
    let Some(t) = t.as_table() else {
        return Err((
            lines.find(Some(header), |_| true),
            format!("`{}` must be a table", header.trim_matches(['[', ']'])),
        ));
    };
    for (key, v) in t {
        let sub = format!("{}.{key}]", header.trim_end_matches(']'));
        let line = lines.find(Some(header), |l| is_key_line(l, key));
        let line = if line == 1 {
            lines.find(Some(&sub), |l| l.trim_start().starts_with(&sub))
        } else {
            line
        };
        let (name, origin) = match v {
            toml::Value::String(_) => (key.clone(), Origin::Registry),
            toml::Value::Table(spec) => {
                let name = spec
                    .get("package")
                    .and_then(|p| p.as_str())
                    .unwrap_or(key)
                    .to_string();
                let origin =
                    if let Some(k) = ["path", "git"].iter().find(|k| spec.contains_key(**k)) {
                        Origin::NotRegistry(format!("a `{k}` dependency"))
                    } else if spec.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
                        Origin::NotRegistry(
                        "inherited from the workspace (checked where the workspace declares it)"
                            .into(),
                    )
                    } else if let Some(r) = spec.get("registry").and_then(|r| r.as_str()) {
                        Origin::PrivateIndex(format!("registry `{r}`"))
                    } else if spec.contains_key("registry-index") {
                        Origin::PrivateIndex("a `registry-index`".into())
                    } else {
                        Origin::Registry
                    };
                (name, origin)
            }
            _ => {
                return Err((
                    line,
                    format!("dependency `{key}`: expected a version string or a table"),
                ))
            }
        };
        out.push(Declared {
            name,
            ecosystem: Ecosystem::Crates,
            line,
            origin,
        });
    }
    Ok(())
}

pub(crate) fn cargo_toml(text: &str) -> Result<Vec<Declared>, Problem> {
    let doc = parse_toml(text)?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for t in TABLES {
        if let Some(v) = doc.get(*t) {
            deps(v, &format!("[{t}]"), &lines, &mut out)?;
        }
    }
    if let Some(targets) = doc.get("target").and_then(|t| t.as_table()) {
        for (cfg, v) in targets {
            for t in TABLES {
                if let Some(d) = v.get(*t) {
                    deps(d, &format!("[target.{cfg}.{t}]"), &lines, &mut out)
                        .or_else(|_| deps(d, "[target.", &lines, &mut out))?;
                }
            }
        }
    }
    if let Some(v) = doc.get("workspace").and_then(|w| w.get("dependencies")) {
        deps(v, "[workspace.dependencies]", &lines, &mut out)?;
    }
    Ok(out)
}
