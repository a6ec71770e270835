//! Turning resolution outcomes into findings: rule, severity and message per outcome, the
//! `provenance:allow` comment, and fingerprints.

use crate::import::Import;
use crate::manifest::ManifestError;
use crate::{rules, GATE};
use provenance_findings::{fingerprint, Finding, Severity};

/// A comment on the import's line that accepts its findings.
const ALLOW_MARKER: &str = "provenance:allow";

/// Up to eight names, comma-separated, then how many more.
pub(super) fn shorten(names: &[String]) -> String {
    const MAX: usize = 8;
    if names.is_empty() {
        return "none".into();
    }
    let mut s = names
        .iter()
        .take(MAX)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > MAX {
        s.push_str(&format!(", … {} more", names.len() - MAX));
    }
    s
}

fn line_text(text: &str, line: u32) -> String {
    let l = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("")
        .trim();
    l.chars().take(200).collect()
}

pub(super) struct Out<'a> {
    path: &'a str,
    /// The decoded source (notebooks: the joined code cells).
    pub(super) text: &'a str,
    pub(super) findings: Vec<Finding>,
    /// Set when the file is example/docs code (the example directory, e.g. `examples`).
    pub(super) example: Option<String>,
    /// Set when no manifest of the file's language exists between it and the root: why
    /// nothing can be called declared, e.g. "no manifest declares Python dependencies here
    /// (…)". Undeclared imports are then `no-manifest` (medium), not `undeclared-import`.
    pub(super) no_manifest: Option<&'static str>,
}

impl<'a> Out<'a> {
    /// No findings yet for `path`, whose decoded content is `text`.
    pub(super) fn new(path: &'a str, text: &'a str) -> Out<'a> {
        Out {
            path,
            text,
            findings: Vec::new(),
            example: None,
            no_manifest: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn push(
        &mut self,
        rule: &str,
        severity: Severity,
        line: u32,
        column: u32,
        key: &str,
        message: String,
    ) {
        // Same allow comment as the secrets gate: `import x  # provenance:allow`.
        let raw = self
            .text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("");
        if line > 0 && raw.contains(ALLOW_MARKER) {
            return;
        }
        let f = Finding::new(GATE, rule, severity, self.path, line)
            .with_column(column)
            .with_message(message)
            .with_snippet(line_text(self.text, line))
            .with_fingerprint(fingerprint(rule, self.path, key));
        self.findings.push(f);
    }

    pub(super) fn manifest_errors(&mut self, errors: &[ManifestError]) {
        for e in errors {
            if self
                .findings
                .iter()
                .any(|f| f.rule == rules::MANIFEST_UNREADABLE && f.message.contains(&e.path))
            {
                continue;
            }
            self.push(
                rules::MANIFEST_UNREADABLE,
                Severity::Info,
                0,
                0,
                &e.path,
                format!("{e}; its dependencies were not read, so imports below it may be reported as undeclared"),
            );
        }
    }

    /// `transitive-import`: `how` says how the package is in the dependency tree.
    pub(super) fn transitive(
        &mut self,
        imp: &Import,
        name: &str,
        display: &str,
        how: &str,
        where_: &str,
    ) {
        self.push(
            rules::TRANSITIVE_IMPORT,
            Severity::Info,
            imp.line,
            imp.column,
            name,
            format!("{display} {how} but not declared in {where_}; declare it directly"),
        );
    }

    /// `undeclared-import`, `near-miss` or (guarded) `guarded-import`.
    pub(super) fn missing(
        &mut self,
        imp: &Import,
        name: &str,
        where_: &str,
        near: Option<(String, usize)>,
    ) {
        self.missing_with(imp, name, &format!("`{name}`"), where_, near, "");
    }

    /// `display` names the import in the message (e.g. "`yaml` (distribution `PyYAML`)");
    /// `note` is appended (e.g. that it is installed only as a transitive dependency).
    pub(super) fn missing_with(
        &mut self,
        imp: &Import,
        name: &str,
        display: &str,
        where_: &str,
        near: Option<(String, usize)>,
        note: &str,
    ) {
        if imp.guarded {
            self.push(
                rules::GUARDED_IMPORT,
                Severity::Info,
                imp.line,
                imp.column,
                name,
                format!("{display} is not declared in {where_}, but the import is guarded ({}), so it is treated as optional", imp.guard),
            );
        } else if let Some((meant, d)) = near {
            self.push(
                rules::NEAR_MISS,
                Severity::High,
                imp.line,
                imp.column,
                name,
                format!("{display} is imported but not declared in {where_}; did you mean `{meant}`? ({d} edit{} away — look-alike names are how slopsquatted packages get installed){note}", if d == 1 { "" } else { "s" }),
            );
        } else if let Some(dir) = &self.example {
            let msg = format!("{display} is imported by example code (`{dir}/` is not part of the shipped package) but not declared in {where_}; dependency not declared, not blocking{note}");
            self.push(
                rules::UNDECLARED_EXAMPLE_IMPORT,
                Severity::Info,
                imp.line,
                imp.column,
                name,
                msg,
            );
        } else if let Some(why) = self.no_manifest {
            // Without any manifest the gate cannot tell an undeclared package from one the
            // project installs some other way (a script, a Dockerfile, a system package), so
            // it reports without blocking; look-alikes of popular packages are caught above.
            self.push(
                rules::NO_MANIFEST,
                Severity::Medium,
                imp.line,
                imp.column,
                name,
                format!("{display} is not declared: {why}{note}"),
            );
        } else {
            self.push(
                rules::UNDECLARED_IMPORT,
                Severity::High,
                imp.line,
                imp.column,
                name,
                format!("{display} is imported but not declared in {where_}{note}"),
            );
        }
    }
}
