//! Which files are tests, examples, docs or maintainer tooling rather than the code a
//! project ships. A finding there is still reported, but at most at a capped severity
//! (medium by default), because the code runs only on a developer's machine or in CI,
//! against inputs the project itself chooses: test servers with self-signed
//! certificates, release scripts that shell out to `git` with tag names, docs-site
//! scripts. The repository decides the globs (`[sast] test_paths`) and the cap
//! (`[sast] test_severity`).

use globset::{Glob, GlobSet, GlobSetBuilder};
use provenance_findings::Severity;

/// The default test and tooling globs, matched against repository-relative paths.
///
/// Directories anywhere in the tree whose name says what they hold, the file-name
/// conventions of each language's test runner, and a top-level `bin/`, `scripts/` or
/// `tools/` (maintainer scripts; a `bin/` file that `package.json` names as an executable
/// is shipped and keeps its severity, see [`PathRoles::with_shipped`]). Rust's `src/bin/`
/// and Go's `cmd/` are shipped programs and are not listed.
pub const DEFAULT_TEST_PATHS: &[&str] = &[
    "**/test/**",
    "**/tests/**",
    "**/__tests__/**",
    "**/__mocks__/**",
    "**/testing/**",
    "**/testdata/**",
    "**/test-data/**",
    "**/fixtures/**",
    "**/spec/**",
    "**/e2e/**",
    "**/examples/**",
    "**/example/**",
    "**/playground/**",
    "**/benches/**",
    "**/benchmarks/**",
    "**/docs/**",
    "**/doc/**",
    "**/docs_src/**",
    "bin/**",
    "scripts/**",
    "tools/**",
    "**/test_*.py",
    "**/*_test.py",
    "**/tests.py",
    "**/conftest.py",
    "**/*_test.go",
    "**/*.test.*",
    "**/*.spec.*",
    "**/*.stories.*",
];

/// Test and tooling paths, and the severity findings there are capped at.
#[derive(Debug, Clone)]
pub struct PathRoles {
    set: GlobSet,
    shipped: Vec<String>,
    cap: Option<Severity>,
}

impl Default for PathRoles {
    /// [`DEFAULT_TEST_PATHS`], capped at medium.
    fn default() -> Self {
        PathRoles::new(DEFAULT_TEST_PATHS, Some(Severity::Medium))
            .unwrap_or_else(|_| PathRoles::none())
    }
}

impl PathRoles {
    /// Roles from globs (gitignore-style `**` allowed) and a cap; `None` keeps every
    /// finding at its rule's severity. Fails on the first glob that does not parse,
    /// returning it with the reason.
    pub fn new<S: AsRef<str>>(
        globs: &[S],
        cap: Option<Severity>,
    ) -> Result<PathRoles, (String, String)> {
        let mut builder = GlobSetBuilder::new();
        for g in globs {
            let g = g.as_ref();
            let glob = Glob::new(g).map_err(|e| (g.to_string(), e.kind().to_string()))?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|e| (String::new(), e.kind().to_string()))?;
        Ok(PathRoles {
            set,
            shipped: Vec::new(),
            cap,
        })
    }

    /// No test paths: every finding keeps its rule's severity.
    pub fn none() -> PathRoles {
        PathRoles {
            set: GlobSet::empty(),
            shipped: Vec::new(),
            cap: None,
        }
    }

    /// Paths the project ships even though a glob matches them: the executables a
    /// `package.json` lists under `bin` (see [`package_bins`]).
    pub fn with_shipped(mut self, shipped: impl IntoIterator<Item = String>) -> PathRoles {
        self.shipped
            .extend(shipped.into_iter().map(|p| normalize(&p).to_string()));
        self
    }

    /// Whether `path` (repository-relative; a leading `./` is ignored) is test or
    /// tooling code.
    pub fn is_test_path(&self, path: &str) -> bool {
        let path = normalize(path);
        self.set.is_match(path) && !self.shipped.iter().any(|s| s == path)
    }

    /// The severity a finding of `severity` at `path` is reported at.
    pub fn severity_at(&self, path: &str, severity: Severity) -> Severity {
        match self.cap {
            Some(cap) if severity > cap && self.is_test_path(path) => cap,
            _ => severity,
        }
    }
}

fn normalize(path: &str) -> &str {
    let mut p = path;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p
}

/// The executables a `package.json` declares (`"bin": "cli.js"` or `"bin": {"name":
/// "bin/cli.js"}`), as paths relative to the file's directory joined onto `dir`
/// (`""` for the repository root). A text that is not JSON declares none.
pub fn package_bins(dir: &str, package_json: &str) -> Vec<String> {
    fn one(dir: &str, value: &str) -> String {
        let v = normalize(value);
        if dir.is_empty() {
            v.to_string()
        } else {
            format!("{}/{v}", dir.trim_end_matches('/'))
        }
    }
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(package_json) else {
        return Vec::new();
    };
    match doc.get("bin") {
        Some(serde_json::Value::String(s)) => vec![one(dir, s)],
        Some(serde_json::Value::Object(map)) => map
            .values()
            .filter_map(|v| v.as_str())
            .map(|s| one(dir, s))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_roles_cover_tests_docs_and_tooling() {
        let roles = PathRoles::default();
        for p in [
            "tests/conftest.py",
            "./tests/a.py",
            "src/pkg/tests/test_x.py",
            "test_app.py",
            "pkg/app_test.py",
            "gin_test.go",
            "internal/x_test.go",
            "test/unit/adapters/http.js",
            "src/button.test.tsx",
            "src/a.spec.ts",
            "docs/en/docs/js/custom.js",
            "docs/plugins/main.py",
            "playground/fs-serve/root/x.ts",
            "tools/make_width_tables.py",
            "bin/repo.js",
            "scripts/release.sh.py",
            "examples/server.rs",
            "crates/x/benches/b.rs",
        ] {
            assert!(roles.is_test_path(p), "{p}");
        }
        for p in [
            "app.py",
            "src/app.py",
            "pydantic/deprecated/parse.py",
            "packages/vite/src/node/utils.ts",
            "src/bin/main.rs",
            "cmd/server/main.go",
            "gitoxide-core/src/corpus/engine.rs",
            "src/testimonials.js",
            "lib/docs.rs",
            "pkg/bin/run.js",
        ] {
            assert!(!roles.is_test_path(p), "{p}");
        }
    }

    #[test]
    fn caps_only_above_the_cap_and_only_on_test_paths() {
        let roles = PathRoles::default();
        assert_eq!(
            roles.severity_at("tests/a.py", Severity::Critical),
            Severity::Medium
        );
        assert_eq!(
            roles.severity_at("tests/a.py", Severity::Low),
            Severity::Low
        );
        assert_eq!(
            roles.severity_at("src/a.py", Severity::Critical),
            Severity::Critical
        );
        let keep = PathRoles::new(DEFAULT_TEST_PATHS, None).unwrap();
        assert_eq!(
            keep.severity_at("tests/a.py", Severity::High),
            Severity::High
        );
    }

    #[test]
    fn declared_executables_are_shipped() {
        let bins = package_bins("", r#"{"name":"x","bin":{"x":"./bin/cli.js"}}"#);
        assert_eq!(bins, ["bin/cli.js"]);
        assert_eq!(
            package_bins("pkg", r#"{"bin":"bin/x.js"}"#),
            ["pkg/bin/x.js"]
        );
        assert!(package_bins("", "not json").is_empty());
        let roles = PathRoles::default().with_shipped(bins);
        assert!(!roles.is_test_path("bin/cli.js"));
        assert!(roles.is_test_path("bin/release.js"));
    }

    #[test]
    fn bad_glob_is_named() {
        let err = PathRoles::new(&["tests/[", "ok/**"], None).unwrap_err();
        assert_eq!(err.0, "tests/[");
    }
}
