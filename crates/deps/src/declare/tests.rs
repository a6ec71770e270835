use super::*;

fn names(path: &str, text: &str) -> Vec<(String, u32, Origin)> {
    declared(path, text)
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|d| (d.name, d.line, d.origin))
        .collect()
}

fn reg(n: &str, line: u32) -> (String, u32, Origin) {
    (n.to_string(), line, Origin::Registry)
}

#[test]
fn kinds() {
    assert_eq!(
        manifest_kind("requirements-dev.txt"),
        Some(ManifestKind::Requirements)
    );
    assert_eq!(
        manifest_kind("requirements/base.txt"),
        Some(ManifestKind::Requirements)
    );
    assert_eq!(
        manifest_kind("a/b/package.json"),
        Some(ManifestKind::PackageJson)
    );
    assert_eq!(manifest_kind("notes.txt"), None);
    assert!(declared("README.md", "").is_none());
}

#[test]
fn requirements_files() {
    let t = "# top\nrequests>=2.0  # http\nPyYAML[extra]==6 ; python_version>'3'\n-r other.txt\n-e ./local\ngit+https://example.invalid/x.git\nflask \\\n  ==3.0\npkg @ https://example.invalid/p.whl\nnumpy==1 --hash=sha256:00\n";
    assert_eq!(
        names("requirements.txt", t),
        [
            reg("requests", 2),
            reg("PyYAML", 3),
            reg("flask", 7),
            reg("numpy", 10)
        ]
    );
    let private = names(
        "requirements.txt",
        "--extra-index-url https://example.invalid/simple\nacme-internal\n",
    );
    assert!(matches!(&private[0].2, Origin::PrivateIndex(w) if w.contains("--extra-index-url")));
    let e = declared("requirements.txt", "ok\nrequests^2.0\n")
        .unwrap()
        .unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.to_string().starts_with("requirements.txt:2: "), "{e}");
}

#[test]
fn pyproject_every_table() {
    let t = r#"[build-system]
requires = ["setuptools>=61"]

[project]
name = "app"
dependencies = [
  "requests>=2",
  'fastjsonx',
]

[project.optional-dependencies]
fast = ["orjson"]

[dependency-groups]
dev = ["pytest", {include-group = "x"}]

[tool.poetry.dependencies]
python = "^3.11"
django = "^5"
mylib = { path = "../mylib" }
internal = { version = "1", source = "corp" }

[tool.poetry.group.test.dependencies]
hypothesis = "*"

[tool.pdm.dev-dependencies]
lint = ["ruff"]

[tool.uv]
dev-dependencies = ["mypy"]

[tool.uv.sources]
fastjsonx = { workspace = true }
"#;
    let got = names("pyproject.toml", t);
    let find = |n: &str| got.iter().find(|d| d.0 == n).cloned().unwrap();
    assert_eq!(find("requests"), reg("requests", 7));
    assert!(matches!(find("fastjsonx").2, Origin::NotRegistry(_)));
    assert_eq!(find("fastjsonx").1, 8);
    assert_eq!(find("orjson").1, 12);
    assert_eq!(find("pytest").1, 15);
    assert_eq!(find("setuptools").1, 2);
    assert_eq!(find("django"), reg("django", 19));
    assert!(matches!(find("mylib").2, Origin::NotRegistry(_)));
    assert!(matches!(find("internal").2, Origin::PrivateIndex(_)));
    assert_eq!(find("hypothesis").1, 24);
    assert_eq!(find("ruff").1, 27);
    assert_eq!(find("mypy").1, 30);
    assert!(!got.iter().any(|d| d.0 == "python"));
    let e = declared("pyproject.toml", "[project]\ndependencies = [\n")
        .unwrap()
        .unwrap_err();
    assert!(e.line >= 2 && e.reason.contains("TOML"), "{e}");
}

#[test]
fn setup_cfg_and_pipfile() {
    let t = "[metadata]\nname = x\n[options]\ninstall_requires =\n    requests\n    click>=8; python_version>'3'\n[options.extras_require]\ntest = pytest\n";
    assert_eq!(
        names("setup.cfg", t),
        [reg("requests", 5), reg("click", 6), reg("pytest", 8)]
    );
    let p = "[[source]]\nname = \"pypi\"\nurl = \"https://example.invalid/simple\"\n\n[packages]\nrequests = \"*\"\ncorp = { version = \"*\", index = \"corp\" }\nlocal = { path = \".\" }\n\n[dev-packages]\npytest = \"*\"\n";
    let got = names("Pipfile", p);
    assert!(got.contains(&(
        "corp".into(),
        7,
        Origin::PrivateIndex("index `corp`".into())
    )));
    assert!(got.contains(&reg("requests", 6)));
    assert!(got.contains(&reg("pytest", 11)));
    assert!(matches!(
        got.iter().find(|d| d.0 == "local").unwrap().2,
        Origin::NotRegistry(_)
    ));
}

#[test]
fn package_json_fields() {
    let t = r#"{
  "name": "app",
  "dependencies": {
    "express": "^4",
    "@acme/ui": "workspace:*",
    "lib": "file:../lib",
    "gh": "user/repo#main",
    "alias": "npm:lodash@^4"
  },
  "devDependencies": { "jest": "^29" },
  "peerDependencies": {
    "react": ">=18"
  }
}"#;
    let got = names("package.json", t);
    let find = |n: &str| got.iter().find(|d| d.0 == n).cloned().unwrap();
    assert_eq!(find("express"), reg("express", 4));
    for n in ["@acme/ui", "lib", "gh"] {
        assert!(matches!(find(n).2, Origin::NotRegistry(_)), "{n}");
    }
    assert_eq!(find("lodash"), reg("lodash", 8));
    assert_eq!(find("jest"), reg("jest", 10));
    assert_eq!(find("react"), reg("react", 12));
    assert_eq!(got.len(), 7);
    let e = declared(
        "package.json",
        "{\n  \"dependencies\": {\n    \"a\": 1\n  }\n}",
    )
    .unwrap()
    .unwrap_err();
    assert_eq!(e.line, 3);
    let e = declared("package.json", "{\n  \"dependencies\": {,\n}")
        .unwrap()
        .unwrap_err();
    assert_eq!(e.line, 2, "{e}");
}

#[test]
fn cargo_toml_tables() {
    let t = r#"[package]
name = "app"

[dependencies]
serde = "1"
json = { package = "serde_json", version = "1" }
local = { path = "../local" }
corp = { version = "1", registry = "corp" }
shared.workspace = true

[dev-dependencies.proptest]
version = "1"

[target.'cfg(unix)'.dependencies]
libc = "0.2"

[workspace.dependencies]
anyhow = "1"
"#;
    let got = names("Cargo.toml", t);
    let find = |n: &str| got.iter().find(|d| d.0 == n).cloned().unwrap();
    assert_eq!(find("serde"), reg("serde", 5));
    assert_eq!(find("serde_json"), reg("serde_json", 6));
    assert!(matches!(find("local").2, Origin::NotRegistry(_)));
    assert!(matches!(find("corp").2, Origin::PrivateIndex(_)));
    assert!(matches!(find("shared").2, Origin::NotRegistry(_)));
    assert_eq!(find("proptest").1, 11);
    assert_eq!(find("libc"), reg("libc", 15));
    assert_eq!(find("anyhow"), reg("anyhow", 18));
    let e = declared("Cargo.toml", "[dependencies]\nserde = 1\n")
        .unwrap()
        .unwrap_err();
    assert_eq!((e.line, e.path.as_str()), (2, "Cargo.toml"));
}

#[test]
fn go_mod_requires() {
    let t = "module example.invalid/app\n\ngo 1.22\n\nrequire github.com/a/b v1.0.0\nrequire (\n\tgithub.com/c/d v0.1.0 // indirect\n\texample.invalid/local v0.0.0\n)\nreplace example.invalid/local => ../local\n";
    let got = names("go.mod", t);
    assert_eq!(
        got[0],
        (String::from("github.com/a/b"), 5, Origin::Registry)
    );
    assert_eq!(got[1].1, 7);
    assert!(matches!(got[2].2, Origin::NotRegistry(_)));
    let e = declared("go.mod", "require (\n x v1\n")
        .unwrap()
        .unwrap_err();
    assert!(e.reason.contains("unclosed"));
}
