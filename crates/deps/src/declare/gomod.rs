//! `go.mod`: `require` directives (single and block form); a `replace` with a local path
//! makes its module not a registry dependency.

use super::{Declared, Origin, Problem};
use crate::Ecosystem;

pub(crate) fn go_mod(text: &str) -> Result<Vec<Declared>, Problem> {
    let mut out: Vec<Declared> = Vec::new();
    let mut local: Vec<String> = Vec::new();
    let mut block: Option<&str> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i as u32 + 1;
        let l = raw.split("//").next().unwrap_or("").trim();
        if l.is_empty() {
            continue;
        }
        if let Some(b) = block {
            if l == ")" {
                block = None;
                continue;
            }
            directive(b, l, line, &mut out, &mut local)?;
            continue;
        }
        let (verb, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
        let rest = rest.trim();
        if rest == "(" {
            block = Some(match verb {
                "require" => "require",
                "replace" => "replace",
                _ => "other",
            });
            continue;
        }
        directive(verb, rest, line, &mut out, &mut local)?;
    }
    if block.is_some() {
        return Err((
            u32::try_from(text.lines().count()).unwrap_or(1),
            "unclosed `(` block".into(),
        ));
    }
    for d in out.iter_mut() {
        if local.contains(&d.name) {
            d.origin = Origin::NotRegistry("replaced by a local path".into());
        }
    }
    Ok(out)
}

fn directive(
    verb: &str,
    rest: &str,
    line: u32,
    out: &mut Vec<Declared>,
    local: &mut Vec<String>,
) -> Result<(), Problem> {
    match verb {
        "require" => {
            let mut f = rest.split_whitespace();
            let (Some(m), Some(v)) = (f.next(), f.next()) else {
                return Err((
                    line,
                    format!("`require {rest}`: expected a module path and a version"),
                ));
            };
            if !v.starts_with('v') {
                return Err((line, format!("`{m} {v}`: a version starts with `v`")));
            }
            out.push(Declared {
                name: m.trim_matches('"').to_string(),
                ecosystem: Ecosystem::Go,
                line,
                origin: Origin::Registry,
            });
        }
        "replace" => {
            if let Some((from, to)) = rest.split_once("=>") {
                let to = to.trim();
                if to.starts_with('.') || to.starts_with('/') {
                    if let Some(m) = from.split_whitespace().next() {
                        local.push(m.to_string());
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}
