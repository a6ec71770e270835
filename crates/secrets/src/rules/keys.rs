//! Private keys (multi-line blocks), JWTs and other self-describing key material.

use provenance_findings::Severity::{Critical, High, Medium};

use crate::rule::{rule, Check, RuleInfo};

pub(super) const RULES: &[RuleInfo] = &[
    rule(
        "openssh-private-key",
        Critical,
        "OpenSSH private key block",
        &["begin openssh private"],
        r"-----BEGIN OPENSSH PRIVATE KEY-----(?s:(?P<s>.{64,}?))-----END OPENSSH PRIVATE KEY-----",
        Check::KeyBlock,
    ),
    rule(
        "pgp-private-key",
        Critical,
        "PGP private key block",
        &["begin pgp private"],
        r"-----BEGIN PGP PRIVATE KEY BLOCK-----(?s:(?P<s>.{64,}?))-----END PGP PRIVATE KEY BLOCK-----",
        Check::KeyBlock,
    ),
    rule(
        "private-key",
        Critical,
        "PEM private key block (RSA, EC, DSA, PKCS#8, encrypted)",
        &["private key-----"],
        r"-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |ANY )?PRIVATE KEY-----(?s:(?P<s>.{64,}?))-----END (?:RSA |EC |DSA |ENCRYPTED |ANY )?PRIVATE KEY-----",
        Check::KeyBlock,
    ),
    rule(
        "ssh2-private-key",
        Critical,
        "SSH.com / Tectia (SSH2) private key block",
        &["begin ssh2 encrypted private key", "begin ssh2 private key"],
        r"---- BEGIN SSH2 (?:ENCRYPTED )?PRIVATE KEY ----(?s:(?P<s>.{64,}?))---- END SSH2 (?:ENCRYPTED )?PRIVATE KEY ----",
        Check::KeyBlock,
    ),
    rule(
        "putty-private-key",
        Critical,
        "PuTTY private key file (.ppk) private lines",
        &["putty-user-key-file"],
        r"PuTTY-User-Key-File-[0-9]: (?s:.*?)Private-Lines: [0-9]+\r?\n(?P<s>[A-Za-z0-9+/=\r\n]{64,}?)\r?\nPrivate-(?:MAC|Hash)",
        Check::KeyBlock,
    ),
    rule(
        "age-secret-key",
        Critical,
        "age encryption secret key",
        &["age-secret-key-1"],
        r"\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b",
        Check::Entropy(3.0),
    ),
    rule(
        "jwt",
        Medium,
        "JSON Web Token with a signature",
        &["eyj"],
        r"\b(?P<s>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{16,})",
        Check::Jwt,
    ),
    rule(
        "kubernetes-client-key-data",
        Critical,
        "kubeconfig client-key-data (base64 private key)",
        &["client-key-data"],
        r"client-key-data:\s*(?P<s>[A-Za-z0-9+/=]{64,})",
        Check::Entropy(4.0),
    ),
    rule(
        "authorization-bearer",
        High,
        "Bearer token in an Authorization header",
        &["bearer", "authorization"],
        r#"(?i)authorization["']?\s*[:=,]\s*(?:\[\]string\{\s*|\[\s*)?["']?(?:bearer|token)\s+(?P<s>[A-Za-z0-9._~+/-]{20,}=*)"#,
        Check::Entropy(3.5),
    ),
    rule(
        "bearer-token-value",
        High,
        "Bearer token stored as a token/auth setting value (token = \"Bearer …\")",
        &["bearer "],
        concat!(
            r#"(?i)(?:token|auth|authorization|credentials?)"#,
            sep!(),
            r#"["'](?:bearer|token)\s+(?P<s>[A-Za-z0-9._~+/-]{20,}=*)["']"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "authorization-basic",
        High,
        "Basic credentials in an Authorization header",
        &["basic "],
        r#"(?i)authorization["']?\s*[:=,]\s*["']?basic\s+(?P<s>[A-Za-z0-9+/]{8,}={0,2})"#,
        Check::BasicCredentials,
    ),
];
