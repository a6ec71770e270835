//! Generic assignments: a credential-named key and a literal value, in every syntax users
//! write (.env, YAML, JSON, TOML, XML, properties, HCL, Go, Rust, Python, JS, PHP, shell,
//! CLI arguments). These run last and lose to any specific rule on the same text; the
//! key name and the value both have to pass `crate::generic` / `crate::filter` checks.

use provenance_findings::Severity::High;

use crate::rule::{rule, Check, RuleInfo};

/// Separator between a key and its value: `=`, `:`, `:=`, `=>`, Rust `: &str =`, with an
/// optional closing quote/bracket after the key (`"password":`, `ENV["X"] =`).
macro_rules! sep {
    () => {
        r#"["'\]]{0,2}\s*(?::\s*&(?:'static\s+)?str\s*=|:\s*(?:String|str)\s*=|[:?+]?=|=>|:)\s*"#
    };
}

/// A literal value: quoted ("…", '…', `…`, with an optional Python prefix) or a bare word
/// up to whitespace / `,` / `;` (the engine strips the quotes afterwards).
macro_rules! value {
    () => {
        r#"[rbuf]?(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}'|`[^`\r\n]{4,}`|[^\s"'`,;<=({\[:&*][^\s"'`,;<]{3,})"#
    };
}

pub(super) const RULES: &[RuleInfo] = &[
    rule(
        "generic-cli-password",
        High,
        "Password passed on a command line (--password …, -p'…' attached)",
        &["pass", "pwd", "-p'", "-p\""],
        r#"(?:^|[\s"'`(])(?:--(?:[a-z0-9]+-)*(?:password|passwd|pass|pwd)(?:=|\s+)(?P<s>'[^'\s]{4,}'|"[^"\s]{4,}"|[^\s'"`=-][^\s'"`]{3,})|-p(?P<s2>'[^'\s]{4,}'|"[^"\s]{4,}"))"#,
        Check::Generic(8),
    ),
    rule(
        "generic-password",
        High,
        "Password assigned to a password-named key or option",
        &["pass", "pwd"],
        concat!(
            r#"(?i)(?P<k>[A-Za-z0-9_.$-]*?(?:pass(?:word|wd|wort|phrase)?|pwd)[A-Za-z0-9_.$-]*?)"#,
            sep!(),
            value!()
        ),
        Check::Generic(8),
    ),
    rule(
        "generic-secret",
        High,
        "Secret assigned to a secret- or credential-named key",
        &["secret", "credential", "private_key", "privatekey"],
        concat!(
            r#"(?i)(?P<k>[A-Za-z0-9_.$-]*?(?:secret|credentials?|private_?key)[A-Za-z0-9_.$-]*?)"#,
            sep!(),
            value!()
        ),
        Check::Generic(10),
    ),
    rule(
        "generic-api-key",
        High,
        "API key assigned to a key-named setting",
        &["key"],
        concat!(
            r#"(?i)(?P<k>[A-Za-z0-9_.$-]*?key[A-Za-z0-9_.$-]*?)"#,
            sep!(),
            value!()
        ),
        Check::Generic(16),
    ),
    rule(
        "generic-token",
        High,
        "Token assigned to a token- or auth-named key",
        &["token", "auth", "bearer", "pat"],
        concat!(
            r#"(?i)(?P<k>[A-Za-z0-9_.$-]*?(?:token|auth|bearer|pat)[A-Za-z0-9_.$-]*?)"#,
            sep!(),
            value!()
        ),
        Check::Generic(16),
    ),
    rule(
        "generic-xml-credential",
        High,
        "Credential in an XML element (<password>…</password>, Maven settings, …)",
        &["pass", "secret", "token", "key>"],
        r#"(?i)<(?P<k>[A-Za-z0-9_:.-]*(?:password|passwd|passphrase|secret|token|apikey|api_key|api-key|accesskey)[A-Za-z0-9_.-]*)(?:\s[^>]*)?>(?P<s>[^<\s]{6,})</"#,
        Check::Generic(8),
    ),
    rule(
        "generic-xml-key-value",
        High,
        "Credential in an XML key/value pair (<add key=\"DbPassword\" value=\"…\"/>)",
        &["key="],
        r#"(?i)(?:key|name)\s*=\s*"(?P<k>[^"]*(?:password|passwd|secret|token|apikey|api_key|api-key)[^"]*)"\s+value\s*=\s*"(?P<s>[^"]{6,})""#,
        Check::Generic(8),
    ),
    rule(
        "generic-setter-credential",
        High,
        "Credential passed to a setter (setPassword(\"…\"), WithSecret(\"…\"))",
        &[
            "setpass",
            "setsecret",
            "settoken",
            "setapikey",
            "withpass",
            "withsecret",
            "withtoken",
        ],
        r#"(?i)\b(?:set|with)(?P<k>[A-Za-z0-9_]*(?:password|passwd|secret|token|apikey))\(\s*"(?P<s>[^"\r\n]{6,})"\s*\)"#,
        Check::Generic(8),
    ),
    rule(
        "cli-tool-password",
        High,
        "Password given to mysql/mariadb/sshpass (-p) or redis-cli (-a)",
        &["mysql", "mariadb", "sshpass", "redis-cli"],
        r#"\b(?:(?:sshpass|mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n|;&]*?\s-p|redis-cli\b[^\n|;&]*?\s-a)\s*(?P<s>'[^'\s]{4,}'|"[^"\s]{4,}"|[^\s'"`=-][^\s'"`]{3,})"#,
        Check::Generic(8),
    ),
    rule(
        "generic-cli-basic-auth",
        High,
        "user:password passed to curl/wget (-u, --user, --http-password)",
        &["-u", "--user", "--http-password"],
        r#"(?:^|[\s"'`(])(?:-u|--user|--http-user)\s*['"]?[^:\s'"]+:(?P<s>[^\s'"@]{4,})"#,
        Check::Generic(8),
    ),
    rule(
        "sql-password",
        High,
        "Password in SQL (CREATE/ALTER USER … IDENTIFIED BY / WITH PASSWORD '…')",
        &["identified by", "password '", "password='"],
        r#"(?i)\b(?:IDENTIFIED\s+(?:WITH\s+[A-Za-z0-9_]+\s+)?BY|(?:WITH\s+)?(?:ENCRYPTED\s+)?PASSWORD\s*=?)\s*'(?P<s>[^'\s]{6,})'"#,
        Check::Generic(8),
    ),
    rule(
        "generic-name-value-pair",
        High,
        "Credential in a name/value pair (Kubernetes env, ECS task definitions, CI variables)",
        &["name"],
        r#"(?i)["']?name["']?\s*:\s*["']?(?P<k>[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api_key|apikey|credential)[A-Za-z0-9_.-]*)["']?\s*,?[ \t]*\r?\n?[ \t]*["']?value["']?\s*:\s*(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}'|[^\s"'#{\[][^\s#]{3,})"#,
        Check::GenericPair(8),
    ),
];
