//! Which commit of a range each line of a file at the range's tip comes from, as
//! `git blame` says (the same answer `git blame A..B -- FILE` gives).

use crate::{run_git, GitError, Repo};

/// One line of a file at the tip, traced to the commit that last changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlamedLine {
    /// 1-based line number in the file at the tip.
    pub line: u32,
    /// The commit that introduced the line, when it is inside the range; `None` for lines
    /// that were already there at the range's base.
    pub commit: Option<String>,
    /// 1-based line number in that commit's version of the file.
    pub original_line: u32,
    /// The file's path in that commit (differs after a rename).
    pub original_path: String,
}

impl Repo {
    /// `git blame --porcelain` of `path` at `tip`, limited to the commits not reachable
    /// from `hidden`: lines older than the range come back with `commit: None`. A root
    /// commit inside the range is no boundary (`--root`): its lines are its own.
    pub fn blame_range(
        &self,
        tip: &str,
        hidden: &[String],
        path: &str,
    ) -> Result<Vec<BlamedLine>, GitError> {
        let mut args: Vec<String> = vec!["blame".into(), "--porcelain".into(), "--root".into()];
        args.push(tip.to_string());
        args.extend(hidden.iter().map(|h| format!("^{h}")));
        args.push("--".into());
        args.push(path.to_string());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run_git(&self.run_dir, &argv, None)?;
        Ok(parse_porcelain(&out))
    }

    /// `git blame --porcelain [-L …] <tip> -- <path>` over the whole history, following
    /// renames as git blame does; `ranges` are `-L` arguments exactly as git takes them.
    pub fn blame_lines(
        &self,
        tip: &str,
        path: &str,
        ranges: &[String],
    ) -> Result<Vec<BlamedLine>, GitError> {
        let mut args: Vec<String> = vec!["blame".into(), "--porcelain".into()];
        for r in ranges {
            args.push("-L".into());
            args.push(r.clone());
        }
        args.push(tip.to_string());
        args.push("--".into());
        args.push(path.to_string());
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run_git(&self.run_dir, &argv, None)?;
        // The root commit is `boundary` only with a range; here every line has a commit.
        Ok(parse_porcelain_all(&out))
    }
}

fn parse_porcelain_all(out: &[u8]) -> Vec<BlamedLine> {
    parse(out, false)
}

/// Porcelain: a header `<sha> <orig> <final> [<count>]` per line, `boundary` for a commit
/// at the range's edge, metadata lines, then the content line starting with a tab.
fn parse_porcelain(out: &[u8]) -> Vec<BlamedLine> {
    parse(out, true)
}

fn parse(out: &[u8], limited: bool) -> Vec<BlamedLine> {
    let mut lines = Vec::new();
    let mut paths: std::collections::HashMap<String, String> = Default::default();
    let mut boundary: std::collections::HashSet<String> = Default::default();
    let mut current: Option<(String, u32, u32)> = None;
    for raw in out.split(|b| *b == b'\n') {
        if raw.first() == Some(&b'\t') {
            if let Some((sha, original, line)) = current.take() {
                let inside = !limited || !boundary.contains(&sha);
                lines.push(BlamedLine {
                    line,
                    original_path: paths.get(&sha).cloned().unwrap_or_default(),
                    commit: inside.then_some(sha),
                    original_line: original,
                });
            }
            continue;
        }
        let text = String::from_utf8_lossy(raw);
        let mut words = text.split(' ');
        let first = words.next().unwrap_or("");
        if first.len() == 40 && first.bytes().all(|b| b.is_ascii_hexdigit()) {
            let original = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
            let line = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
            // A commit's metadata (and `boundary`) follows only its first header.
            current = Some((first.to_string(), original, line));
        } else if first == "filename" {
            if let Some((sha, _, _)) = &current {
                let name = text.strip_prefix("filename ").unwrap_or("").to_string();
                paths.insert(sha.clone(), name);
            }
        } else if first == "boundary" {
            if let Some((sha, _, _)) = &current {
                boundary.insert(sha.clone());
            }
        }
    }
    // A `^`-limited blame marks every line older than the range with the boundary commit.
    lines
        .into_iter()
        .map(|mut l| {
            if limited && l.commit.as_ref().is_some_and(|c| boundary.contains(c)) {
                l.commit = None;
            }
            l
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porcelain_lines_inside_and_at_the_boundary() {
        let a = "a".repeat(40);
        let b = "b".repeat(40);
        let out = format!(
            "{a} 1 1 2\nauthor X\nboundary\nfilename f\n\told\n{a} 2 2\n\told2\n\
             {b} 1 3 1\nauthor Y\nfilename f\n\tnew\n"
        );
        let lines = parse_porcelain(out.as_bytes());
        assert_eq!(
            lines,
            [
                BlamedLine {
                    line: 1,
                    commit: None,
                    original_line: 1,
                    original_path: "f".into()
                },
                BlamedLine {
                    line: 2,
                    commit: None,
                    original_line: 2,
                    original_path: "f".into()
                },
                BlamedLine {
                    line: 3,
                    commit: Some(b),
                    original_line: 1,
                    original_path: "f".into()
                },
            ]
        );
    }
}
