//! Engine behaviour: skips, bad input, allow comments, line ranges, custom rules,
//! redaction. Secret-looking values are built at run time.

use std::time::{Duration, Instant};

use provenance_secrets::{redact_text, Config, CustomRule, RuleError, Scanner, Severity, Skip};

fn aws_id() -> String {
    format!("AKIA{}", "Q3ZJ7XK2W4N5R6T7")
}

fn scanner() -> Scanner {
    Scanner::new(&Config::default()).unwrap()
}

fn rules_found(s: &Scanner, path: &str, text: &[u8]) -> Vec<(u32, String)> {
    s.scan(path, text, None)
        .findings
        .into_iter()
        .map(|f| (f.line, f.rule))
        .collect()
}

#[test]
fn lfs_large_allowed_and_vendored_files_are_skipped_and_say_why() {
    let s = Scanner::new(&Config {
        allow_paths: vec!["tests/fixtures/**".into()],
        max_file_bytes: 64,
        ..Config::default()
    })
    .unwrap();
    let secret = format!("KEY={}\n", aws_id());
    let lfs = b"version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 12345\n";
    assert_eq!(
        s.scan("model.bin", lfs, None).skipped,
        Some(Skip::LfsPointer)
    );
    let big = secret.repeat(10);
    assert_eq!(
        s.scan("big.env", big.as_bytes(), None).skipped,
        Some(Skip::TooLarge {
            bytes: big.len() as u64,
            max: 64
        })
    );
    assert_eq!(
        s.scan("tests/fixtures/x.env", secret.as_bytes(), None)
            .skipped,
        Some(Skip::AllowedPath {
            glob: "tests/fixtures/**".into()
        })
    );
    for (vendored, glob) in [
        ("vendor/lib/x.env", "**/vendor/**"),
        ("web/node_modules/a/index.js", "**/node_modules/**"),
        ("Cargo.lock", "**/Cargo.lock"),
    ] {
        assert_eq!(
            s.scan(vendored, secret.as_bytes(), None).skipped,
            Some(Skip::Vendored { glob }),
            "{vendored}"
        );
    }
    let found = s.scan("app/.env", secret.as_bytes(), None);
    assert_eq!(found.skipped, None);
    assert_eq!(found.findings.len(), 1);
}

#[test]
fn skip_paths_from_config_and_bad_globs() {
    let s = Scanner::new(&Config {
        skip_paths: vec!["generated/**".into()],
        ..Config::default()
    })
    .unwrap();
    let secret = format!("KEY={}\n", aws_id());
    assert_eq!(
        s.scan("generated/x.env", secret.as_bytes(), None).skipped,
        Some(Skip::SkipPath {
            glob: "generated/**".into()
        })
    );
    let err = Scanner::new(&Config {
        allow_paths: vec!["a/[".into()],
        ..Config::default()
    })
    .unwrap_err();
    assert!(
        matches!(
            err,
            RuleError::InvalidGlob {
                key: "allow_paths",
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn crlf_bom_and_invalid_utf8_scan_with_correct_lines() {
    let s = scanner();
    let mut text = b"\xef\xbb\xbfFIRST=1\r\nNAME=\xff\xfe broken\r\n".to_vec();
    text.extend(format!("AWS_ACCESS_KEY_ID={}\r\n", aws_id()).bytes());
    let out = s.scan("win.env", &text, None);
    assert_eq!(out.skipped, None);
    assert_eq!(out.findings.len(), 1);
    assert_eq!(out.findings[0].line, 3);
    assert_eq!(out.findings[0].column, 19);
    assert_eq!(out.findings[0].snippet, "AKIA…");
}

#[test]
fn minified_lines_are_bounded_and_still_found() {
    let s = scanner();
    // 900 KB on one line, keywords everywhere, one real key in the middle.
    let filler = "password=aa;token=bb;key=cc;secret=dd;".repeat(12_000);
    let text = format!(
        "var a=\"{filler}\";var k=\"{}\";var b=\"{filler}\";",
        aws_id()
    );
    let start = Instant::now();
    let found = rules_found(&s, "bundle.js", text.as_bytes());
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(found, vec![(1, "aws-access-key-id".to_string())]);
}

#[test]
fn allow_comments_suppress_findings_on_their_line() {
    let s = scanner();
    for marker in [
        "# provenance:allow",
        "# gitleaks:allow",
        "# pragma: allowlist secret",
    ] {
        let text = format!("AWS_ACCESS_KEY_ID={} {marker}\n", aws_id());
        assert!(
            rules_found(&s, "a.env", text.as_bytes()).is_empty(),
            "{marker}"
        );
    }
    let text = format!("# gitleaks:allow\nAWS_ACCESS_KEY_ID={}\n", aws_id());
    assert_eq!(
        rules_found(&s, "a.env", text.as_bytes()).len(),
        1,
        "only the same line"
    );
}

#[test]
fn line_ranges_limit_findings_to_added_lines() {
    let s = scanner();
    let text = format!("A={id}\nB=1\nC={id}\n", id = aws_id());
    let only_third = s.scan("a.env", text.as_bytes(), Some(&[(3, 3)]));
    assert_eq!(only_third.findings.len(), 1);
    assert_eq!(only_third.findings[0].line, 3);
    assert!(s
        .scan("a.env", text.as_bytes(), Some(&[(2, 2)]))
        .findings
        .is_empty());
    assert!(s
        .scan("a.env", text.as_bytes(), Some(&[]))
        .findings
        .is_empty());
}

#[test]
fn custom_rules_run_and_bad_ones_name_the_rule() {
    let rule = CustomRule {
        id: "acme-api-key".into(),
        regex: "acme_[0-9a-f]{32}".into(),
        keywords: vec!["acme_".into()],
        severity: Severity::High,
        description: None,
    };
    let s = Scanner::new(&Config {
        custom_rules: vec![rule.clone()],
        ..Config::default()
    })
    .unwrap();
    let text = format!("k = acme_{}\n", "9f86d081884c7d659a2feaa0c55ad015");
    let found = s.scan("a.py", text.as_bytes(), None).findings;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule, "acme-api-key");
    assert_eq!(found[0].severity, Severity::High);

    let bad = CustomRule {
        regex: "acme_[".into(),
        ..rule.clone()
    };
    let err = Scanner::new(&Config {
        custom_rules: vec![bad],
        ..Config::default()
    })
    .unwrap_err();
    assert!(err.to_string().contains("acme-api-key"), "{err}");
    let dup = CustomRule {
        id: "aws-access-key-id".into(),
        ..rule
    };
    let err = Scanner::new(&Config {
        custom_rules: vec![dup],
        ..Config::default()
    })
    .unwrap_err();
    assert!(matches!(err, RuleError::DuplicateId { .. }), "{err}");
}

#[test]
fn findings_are_redacted_and_fingerprinted_by_value() {
    let s = scanner();
    let a = s
        .scan("a.env", format!("X={}\n", aws_id()).as_bytes(), None)
        .findings;
    let b = s
        .scan("a.env", format!("\n\nX={}\n", aws_id()).as_bytes(), None)
        .findings;
    assert_eq!(
        a[0].fingerprint, b[0].fingerprint,
        "line moves keep the fingerprint"
    );
    assert_ne!(a[0].line, b[0].line);
    assert_eq!(a[0].gate, "secrets");
    assert_eq!(a[0].cwe.as_deref(), Some("CWE-798"));
    assert!(!a[0].message.contains(&aws_id()));
    assert!(!a[0].snippet.contains(&aws_id()));
}

#[test]
fn redact_text_hides_every_secret_and_keeps_the_rest() {
    let pw = "Xk8#mP2$vL9!qR";
    let prompt = format!("use DB_PASSWORD={pw} and key {} to deploy", aws_id());
    let red = redact_text(&prompt);
    assert!(!red.contains(pw), "{red}");
    assert!(!red.contains(&aws_id()), "{red}");
    assert!(
        red.starts_with("use DB_PASSWORD=… and key AKIA… to deploy"),
        "{red}"
    );
    assert_eq!(redact_text("nothing to see here"), "nothing to see here");
}

#[test]
fn line_ranges_still_see_a_key_block_or_name_line_that_starts_before_them() {
    let s = scanner();
    let pem = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/keys/tls.pem"
    ))
    .unwrap();
    let filler: String = (0..40).map(|i| format!("# note {i}\n")).collect();
    let text = format!("{filler}{pem}");
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i as u32 + 1)
            .unwrap()
    };
    let (begin, end) = (
        line_of("BEGIN EC PRIVATE KEY"),
        line_of("END EC PRIVATE KEY"),
    );
    assert!(end - begin > 10);
    // only the key's last body line and END line count as added: the BEGIN line is
    // unchanged, a dozen lines earlier
    let found = s.scan("certs/tls.pem", text.as_bytes(), Some(&[(end - 1, end)]));
    assert_eq!(found.findings.len(), 1, "{:?}", found.findings);
    assert_eq!(found.findings[0].line, begin);
    // a value line whose name is on the line before (YAML name/value pairs)
    let pair = format!(
        "env:\n  - name: DB_PASSWORD\n    value: \"{}\"\n",
        "pX7#kQ2!vR9$wL4@"
    );
    let all = rules_found(&s, "deploy.yaml", pair.as_bytes());
    assert_eq!(all.len(), 1, "{all:?}");
    let added = s.scan("deploy.yaml", pair.as_bytes(), Some(&[(3, 3)]));
    assert_eq!(added.findings.len(), 1);
    // and nothing when the ranges hold only unrelated lines
    let text = format!("{pem}{filler}");
    let after = text.lines().count() as u32;
    assert!(s
        .scan("certs/tls.pem", text.as_bytes(), Some(&[(after, after)]))
        .findings
        .is_empty());
}

#[test]
fn armor_strings_in_parser_code_and_ternaries_are_not_secrets() {
    let s = scanner();
    let begin = |kind: &str| format!("-----BEGIN {kind} PRIVATE KEY-----");
    let end = |kind: &str| format!("-----END {kind} PRIVATE KEY-----");
    // header/footer constants of a PEM parser (libssh2's wincng.c shape)
    let defines: String = ["RSA", "DSA", "EC"]
        .iter()
        .map(|k| {
            format!(
                "#define PEM_{k}_HEADER \"{}\"\n#define PEM_{k}_FOOTER \"{}\"\n",
                begin(k),
                end(k)
            )
        })
        .collect();
    assert_eq!(rules_found(&s, "src/wincng.c", defines.as_bytes()), vec![]);
    // the same strings passed to a parse function
    let call = format!(
        "    ret = _libssh2_pem_parse(session,\n        \"{}\",\n        \"{}\",\n        passphrase, fp, &data, &datalen);\n    ret = _libssh2_pem_parse(session,\n        \"{}\",\n        \"{}\",\n        passphrase, fp, &data, &datalen);\n",
        begin("RSA"),
        end("RSA"),
        begin("DSA"),
        end("DSA")
    );
    assert_eq!(rules_found(&s, "src/libgcrypt.c", call.as_bytes()), vec![]);
    // a ternary's second branch is not `key: value`
    let ternary = "  auth_proto ? auth_proto : \"MIT-MAGIC-COOKIE-1\",\n";
    assert_eq!(rules_found(&s, "src/channel.c", ternary.as_bytes()), vec![]);
    // while a real key block embedded in a source string still counts
    let body: String = (0..6)
        .map(|i| {
            format!(
                "\"{}\\n\"\n",
                &"MIIEpAIBAAKCAQEAx7Kq9vB3mZ2pLr8sT1uWcYdNfHgJ0oXeQa5iVbRtUyPk4s"[i..]
            )
        })
        .collect();
    let embedded = format!(
        "const KEY: &str = \"{}\\n\"\n{body}\"{}\";\n",
        begin("RSA"),
        end("RSA")
    );
    let found = rules_found(&s, "src/fixture.rs", embedded.as_bytes());
    assert_eq!(found, vec![(1, "private-key".to_string())], "{embedded}");
    // and a ternary in config text is still an assignment when it is one
    let yaml = format!("token: \"{}\"\n", "ghx9Qw2LmZ7vT4pR8sKd3NfY6bHc1JaE");
    assert_eq!(rules_found(&s, "ci.yaml", yaml.as_bytes()).len(), 1);
}

#[test]
fn utf16_files_with_a_bom_are_decoded_and_scanned() {
    let s = scanner();
    let text = format!(
        "# settings\r\n$env:AWS_ACCESS_KEY_ID = \"{}\"\r\n",
        aws_id()
    );
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    for (name, bytes) in [("le", &le), ("be", &be)] {
        let found = s.scan("deploy.ps1", bytes, None);
        assert_eq!(found.skipped, None, "{name}");
        let rules: Vec<(u32, String)> = found
            .findings
            .into_iter()
            .map(|f| (f.line, f.rule))
            .collect();
        assert_eq!(rules, vec![(2, "aws-access-key-id".to_string())], "{name}");
    }
    // without a BOM it is a binary whose UTF-16LE strings are scanned
    let found = s.scan("x.bin", &le[2..], None);
    assert_eq!(
        found.skipped,
        Some(Skip::BinaryStringsOnly {
            bytes: le.len() as u64 - 2
        })
    );
    assert_eq!(found.findings.len(), 1, "{:?}", found.findings);
    assert_eq!(found.findings[0].rule, "aws-access-key-id");
}

#[test]
fn a_text_file_with_a_stray_nul_is_scanned_as_text() {
    let s = scanner();
    let text = format!(
        "# settings\nNAME=app\0\nAWS_ACCESS_KEY_ID={}\nDEBUG=true\n",
        aws_id()
    );
    let out = s.scan("deploy/.env", text.as_bytes(), None);
    assert_eq!(out.skipped, None);
    let found: Vec<(u32, u32, String)> = out
        .findings
        .into_iter()
        .map(|f| (f.line, f.column, f.rule))
        .collect();
    assert_eq!(found, vec![(3, 19, "aws-access-key-id".to_string())]);
    // line ranges keep working on such a file
    assert!(s
        .scan("deploy/.env", text.as_bytes(), Some(&[(1, 2)]))
        .findings
        .is_empty());
}

/// Bytes of a made-up executable: a header, machine code, then a string table.
fn binary_with(strings: &[&str]) -> Vec<u8> {
    let mut out = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec();
    out.extend((0u32..600).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8 | 0x80));
    out.extend_from_slice(b"\0\0\x01\0\n\0");
    for s in strings {
        out.extend_from_slice(s.as_bytes());
        out.extend_from_slice(b"\0\x03\0");
    }
    out.extend((0u32..300).map(|i| (i.wrapping_mul(40503) >> 7) as u8 | 0x80));
    out
}

#[test]
fn a_key_inside_a_binary_is_found_in_its_printable_strings() {
    let s = scanner();
    let key = format!("AWS_ACCESS_KEY_ID={}", aws_id());
    let bin = binary_with(&["GLIBC_2.34", "usage: tool [options]", &key, "%s: %d"]);
    let out = s.scan("dist/tool", &bin, None);
    assert_eq!(
        out.skipped,
        Some(Skip::BinaryStringsOnly {
            bytes: bin.len() as u64
        })
    );
    assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
    let f = &out.findings[0];
    assert_eq!(f.rule, "aws-access-key-id");
    // one `\n` byte comes before the string table: the run starts on raw line 2, and the
    // column counts bytes from that line's start
    let at = bin
        .windows(aws_id().len())
        .position(|w| w == aws_id().as_bytes())
        .unwrap();
    let line_start = bin[..at].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    assert_eq!((f.line, f.column), (2, (at - line_start) as u32 + 1));
    assert_eq!(f.snippet, "AKIA…");
    // a line range that does not hold the run reports nothing
    assert!(s
        .scan("dist/tool", &bin, Some(&[(1, 1)]))
        .findings
        .is_empty());
    assert_eq!(s.scan("dist/tool", &bin, Some(&[(2, 2)])).findings.len(), 1);
    // and a binary with no secret has no finding, only the note that it was a binary
    let clean = binary_with(&["GLIBC_2.34", "usage: tool [options]"]);
    let out = s.scan("dist/tool", &clean, None);
    assert!(out.findings.is_empty());
    assert!(!out.skipped.unwrap().could_hide_secret());
}

#[test]
fn a_token_in_compiled_python_is_found() {
    let s = scanner();
    // .pyc: magic, flags, mtime, size, then marshalled code whose string constants are
    // stored as length-prefixed bytes
    let token = format!(
        "xoxb-{}-{}-{}",
        "2048613740", "4820416532", "dK3vQ8mZr2TxW9pLs7Yb4NcE"
    );
    let mut pyc = vec![
        0xa7, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 0x12, 0x9a, 0x5f, 0x67, 0x40, 0, 0, 0,
    ];
    pyc.extend_from_slice(&[0xe3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0]);
    for constant in ["SLACK_TOKEN", token.as_str(), "post_message"] {
        pyc.push(0xda);
        pyc.push(constant.len() as u8);
        pyc.extend_from_slice(constant.as_bytes());
        pyc.extend_from_slice(&[0x4e, 0x29, 0x02]);
    }
    let out = s.scan("app/__pycache__/notify.cpython-312.pyc", &pyc, None);
    assert!(matches!(out.skipped, Some(Skip::BinaryStringsOnly { .. })));
    let rules: Vec<&str> = out.findings.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, vec!["slack-bot-token"], "{:?}", out.findings);
}

#[test]
fn skips_say_whether_they_could_hide_a_secret() {
    let too_large = Skip::TooLarge {
        bytes: 2_000_000,
        max: 1_048_576,
    };
    assert!(too_large.could_hide_secret());
    assert!(!too_large.scanned_in_part());
    assert_eq!(
        too_large.to_string(),
        "not scanned: 2000000 bytes is over secrets.max_file_bytes = 1048576"
    );
    let unavailable = Skip::RuleUnavailable {
        rule: "x".into(),
        message: "bad".into(),
    };
    assert!(unavailable.could_hide_secret());
    assert!(unavailable.scanned_in_part());
    for chosen in [
        Skip::LfsPointer,
        Skip::AllowedPath {
            glob: "tests/**".into(),
        },
        Skip::SkipPath {
            glob: "gen/**".into(),
        },
        Skip::Vendored {
            glob: "**/vendor/**",
        },
        Skip::BinaryStringsOnly { bytes: 10 },
    ] {
        assert!(!chosen.could_hide_secret(), "{chosen}");
        assert!(!chosen.to_string().is_empty());
    }
    assert!(Skip::AllowedPath {
        glob: "tests/**".into()
    }
    .to_string()
    .contains("secrets.allow_paths `tests/**`"));
}

#[test]
fn every_built_in_and_custom_regex_builds_eagerly() {
    scanner().compile_all_rules().unwrap();
    let s = Scanner::new(&Config {
        custom_rules: vec![CustomRule {
            id: "acme-api-key".into(),
            regex: "acme_[0-9a-f]{32}".into(),
            keywords: vec!["acme_".into()],
            severity: Severity::High,
            description: None,
        }],
        ..Config::default()
    })
    .unwrap();
    s.compile_all_rules().unwrap();
}

#[test]
fn format_strings_and_doc_examples_in_a_binary_are_not_secrets() {
    let s = scanner();
    let doc = format!(
        "oauth_token={}&oauth_token_secret={}&realm=movies",
        "lsdkfol23w54jlksdef", "qwe089234lkjsdf"
    );
    let bin = binary_with(&[
        " token:%04x(id:%hhu)/%04x(id:%hhu)",
        "C_GetObjectSize(hSession=0x%08lX, pulSize=%p)=0x%08lX",
        "password=%s user=%s",
        &doc,
    ]);
    let out = s.scan("lib/libtool.so", &bin, None);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
}
