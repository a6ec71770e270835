//! Checks for the rules that match by shape rather than by a vendor prefix: generic
//! `key = value` assignments, JWTs, URLs and connection strings with passwords.

use crate::filter;

/// Words in a key name that say the value is not the secret itself but something about it
/// (`password_file`, `token_url`, `secret_name`, `api_key_header`, `password_hash` …).
const NOT_SECRET_KEY_PARTS: &[&str] = &[
    // anti-forgery tokens are per-session values a page embeds for every visitor
    "csrf",
    "xsrf",
    "subject",
    "verification",
    "last",
    "used",
    "data",
    "hdr",
    "next",
    "page",
    "paging",
    "pagination",
    "continuation",
    "cursor",
    "marker",
    "resume",
    "idempotency",
    "arn",
    "kms",
    "manager",
    "verifier",
    "url",
    "uri",
    "endpoint",
    "path",
    "file",
    "dir",
    "name",
    "type",
    "id",
    "length",
    "len",
    "min",
    "max",
    "ttl",
    "expir",
    "expires",
    "policy",
    "regex",
    "pattern",
    "field",
    "label",
    "prompt",
    "hint",
    "reset",
    "hash",
    "digest",
    "sha",
    "checksum",
    "fingerprint",
    "enabled",
    "required",
    "header",
    "param",
    "env",
    "var",
    "mode",
    "format",
    "version",
    "count",
    "timeout",
    "size",
    "prefix",
    "suffix",
    "placeholder",
    "validation",
    "strength",
    "store",
    "provider",
    "source",
    "template",
    "encoding",
    "algorithm",
    "algo",
    "method",
    "scope",
    "audience",
    "issuer",
    "public",
    "pub",
    "ref",
    "arn",
    "location",
    "rotation",
    "generator",
    "bits",
    "index",
    "column",
    "table",
    "query",
    "route",
    "input",
    "form",
    "policy",
    "rule",
    "lifetime",
    "limit",
    "attempts",
    "retries",
    "cache",
    "mask",
    "masked",
    "sent",
    "changed",
    "updated",
    "created",
    "at",
    "date",
    "time",
    "by",
    "type",
    "kind",
    "class",
    "chars",
    "charset",
    "text",
    "message",
    "msg",
    "error",
    "err",
    "valid",
    "invalid",
    "check",
    "verify",
    "verified",
    "confirmation",
    "encrypted",
    "expected",
    "question",
    "answer",
    "description",
    "desc",
    "help",
    "title",
    "tooltip",
    "display",
    "show",
    "hide",
    "visible",
    "toggle",
    "icon",
    "tokenizer",
    "tokens",
    "keys",
    "passwords",
    "secrets",
    "pair",
    "pairs",
    "keyboard",
    "keycode",
    "keyspace",
    "sort",
    "primary",
    "foreign",
    "lookup",
    "map",
    "usage",
];

/// True when a generic rule's key name (group `k`) names a credential itself.
pub(crate) fn key_ok(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let parts = key_parts(key);
    // `keyStorePassword`, `truststore_pass`: the password of a store, not a store setting
    let store_password = |i: usize| {
        parts[i] == "store"
            && parts.get(i + 1).is_some_and(|n| {
                matches!(n.as_str(), "password" | "passwd" | "pass" | "passphrase")
            })
    };
    if lower.is_empty()
        || parts
            .iter()
            .enumerate()
            .any(|(i, p)| NOT_SECRET_KEY_PARTS.contains(&p.as_str()) && !store_password(i))
    {
        return false;
    }
    parts.iter().enumerate().any(|(i, p)| {
        let prev = if i > 0 { parts[i - 1].as_str() } else { "" };
        secret_part(p, prev, &parts[..i])
    })
}

/// True when the key is just `key` / `Key` (a JSON or YAML mapping entry such as
/// `"Jwt": { "Key": "…" }`), `pass` / `pw` (INI files; elsewhere often a render pass) or a vendor-qualified `…_key` (`SEGMENT_WRITE_KEY`,
/// `nytimes_key`) that is not public or an id: a credential only when its value is
/// strongly random.
pub(crate) fn bare_key(key: &str) -> bool {
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    if ["key", "pass", "pw"]
        .iter()
        .any(|k| key.eq_ignore_ascii_case(k))
    {
        return true;
    }
    let parts = key_parts(key);
    parts.len() >= 2
        && parts.last().is_some_and(|p| p == "key")
        && !parts.iter().any(|p| {
            NOT_SECRET_KEY_PARTS.contains(&p.as_str()) || PUBLIC_KEY_PARTS.contains(&p.as_str())
        })
}

/// Parts of a `…_key` name that make the value public or an identifier.
const PUBLIC_KEY_PARTS: &[&str] = &[
    "public",
    "publishable",
    "pub",
    "site",
    "anon",
    "browser",
    "client",
    "cache",
    "idempotency",
    "partition",
    "routing",
    "object",
    "s3",
    "storage",
    "file",
    "ssh",
    "gpg",
    "pgp",
    "kms",
    "foreign",
    "primary",
    "sort",
    "hash",
    "dedupe",
    "dedup",
    "lock",
    "translation",
    "i18n",
    "locale",
    "id",
];

/// `camelCase`, `snake_case`, `kebab-case` and dotted names split into lowercase parts.
fn key_parts(key: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if c == '_' || c == '-' || c == '.' || c == ' ' || c == '[' || c == ']' {
            if !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

/// Whole words that name a credential.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passwort",
    "passphrase",
    "pwd",
    "pass",
    "pw",
    "secret",
    "token",
    "apikey",
    "credential",
    "credentials",
    "creds",
    "privatekey",
    "secretkey",
    "accesskey",
    "masterkey",
    "signingkey",
    "encryptionkey",
    "authkey",
    "auth",
    "bearer",
    "pat",
];

/// Words that end a compound credential name (`dbpassword`, `adminpass`, `accesstoken`).
const SECRET_SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "pass",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "secretkey",
    "masterkey",
    "signingkey",
    "credentials",
];

/// Ordinary words that happen to end like a credential name.
const INNOCENT_WORDS: &[&str] = &[
    "bypass",
    "compass",
    "surpass",
    "overpass",
    "underpass",
    "trespass",
    "impass",
];

/// Words before `pat` that make it a personal access token (`GITHUB_PAT`, `ADO_PAT`).
const PAT_QUALIFIERS: &[&str] = &[
    "github",
    "gh",
    "gitlab",
    "gl",
    "ado",
    "azure",
    "devops",
    "personal",
    "access",
    "hf",
    "huggingface",
    "npm",
    "docker",
    "dockerhub",
    "bitbucket",
    "atlassian",
    "jira",
    "confluence",
    "figma",
    "hubspot",
    "airtable",
    "pypi",
    "git",
    "vsts",
    "tfs",
    "user",
    "bot",
    "ci",
    "api",
];

/// Compounds ending in `pass` that name a password (others, like `onepass`, `subpass`,
/// `bypass`, do not).
const PASS_COMPOUNDS: &[&str] = &[
    "dbpass",
    "adminpass",
    "rootpass",
    "userpass",
    "sqlpass",
    "ftppass",
    "smtppass",
    "mailpass",
    "redispass",
    "ldappass",
    "mypass",
    "apppass",
    "sshpass",
    "wifipass",
    "keypass",
    "storepass",
    "keystorepass",
    "truststorepass",
    "pgpass",
    "mysqlpass",
    "proxypass",
    "svnpass",
    "vncpass",
];

/// Qualifiers that make a bare `key` part a credential (`api_key`, `STRIPE_KEY`).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "private",
    "secret",
    "auth",
    "signing",
    "encryption",
    "master",
    "client",
    "app",
    "service",
    "account",
    "admin",
    "session",
    "jwt",
    "hmac",
    "crypto",
    "cipher",
    "consumer",
    "subscription",
    "license",
    "shared",
    "sas",
    "storage",
    "server",
    "webhook",
    "integration",
    "developer",
    "partner",
    "merchant",
    "stripe",
    "mailgun",
    "sendgrid",
    "twilio",
    "openai",
    "anthropic",
    "google",
    "maps",
    "firebase",
    "aws",
    "azure",
    "gcp",
    "algolia",
    "mapbox",
    "pusher",
    "segment",
    "mixpanel",
    "amplitude",
    "sentry",
    "datadog",
    "newrelic",
    "cloudflare",
    "shopify",
    "paypal",
    "braintree",
    "plaid",
    "zoom",
    "okta",
    "auth0",
    "contentful",
    "airtable",
    "hubspot",
    "zendesk",
    "salesforce",
    "openweather",
    "weather",
    "youtube",
    "tmdb",
    "giphy",
    "rapidapi",
    "deepl",
    "elevenlabs",
    "pinecone",
    "cohere",
    "mistral",
    "groq",
    "replicate",
    "together",
    "fireworks",
    "gemini",
    "claude",
    "llm",
    "ai",
    "openrouter",
    "perplexity",
    "serp",
    "serpapi",
    "tavily",
    "exa",
    "bing",
    "recaptcha",
    "captcha",
    "hcaptcha",
    "turnstile",
    "vapid",
    "sms",
    "mailchimp",
    "postmark",
    "resend",
    "brevo",
    "mailjet",
    "sparkpost",
    "vonage",
    "nexmo",
    "plivo",
    "messagebird",
    "onesignal",
    "pagerduty",
    "opsgenie",
    "bugsnag",
    "rollbar",
    "honeybadger",
    "logdna",
    "loggly",
    "papertrail",
    "raygun",
    "splunk",
    "sumologic",
    "coveralls",
    "codecov",
    "snyk",
    "sonar",
    "circleci",
];

fn secret_part(part: &str, prev: &str, before: &[String]) -> bool {
    // `pat` is mostly "pattern"; a personal access token only after a vendor word
    if part == "pat" {
        return before.iter().any(|b| PAT_QUALIFIERS.contains(&b.as_str()));
    }
    // `pass` alone is too often something else (a render pass, a bypass flag)
    if part == "pass" || part == "pw" {
        return !prev.is_empty();
    }
    if SECRET_WORDS.contains(&part) {
        return true;
    }
    if part.ends_with("pass") && !PASS_COMPOUNDS.contains(&part) {
        return false;
    }
    if part == "key" || part == "keys" {
        return KEY_QUALIFIERS.contains(&prev);
    }
    if INNOCENT_WORDS.iter().any(|w| part.ends_with(w)) {
        return false;
    }
    SECRET_SUFFIXES.iter().any(|s| part.ends_with(s))
        || ["password", "passwd", "secret"]
            .iter()
            .any(|s| part.starts_with(s))
}

fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    base64_decode(s, true)
}

/// Decode base64 up to its padding; with `url_safe`, `-` and `_` are accepted as well as
/// `+` and `/`. `None` on any other byte.
pub(crate) fn base64_decode(s: &str, url_safe: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'-' if url_safe => 62,
            b'_' if url_safe => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A JWT whose header decodes to a JSON object with `alg` and whose payload is JSON.
pub(crate) fn jwt_ok(token: &str) -> bool {
    let mut parts = token.split('.');
    let (Some(h), Some(p), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let Some(header) = b64url_decode(h) else {
        return false;
    };
    let Some(payload) = b64url_decode(p) else {
        return false;
    };
    let header: serde_json::Value = match serde_json::from_slice(&header) {
        Ok(v) => v,
        Err(_) => return false,
    };
    let Ok(claims) = serde_json::from_slice::<serde_json::Value>(&payload) else {
        return false;
    };
    if header.get("alg").is_none() {
        return false;
    }
    // jwt.io's and the RFCs' example claims (`"sub": "1234567890", "name": "John Doe"`,
    // `"iss": "joe"`) and placeholder claims mark a documentation token.
    let claim = |k: &str| claims.get(k).and_then(|v| v.as_str()).unwrap_or("");
    if claim("sub") == "1234567890" || claim("name") == "John Doe" || claim("iss") == "joe" || {
        let text = String::from_utf8_lossy(&payload).to_ascii_lowercase();
        [
            "example",
            "placeholder",
            "changeme",
            "dummy",
            "lorem",
            "<your",
            "your-",
            "your_",
        ]
        .iter()
        .any(|w| text.contains(w))
    } {
        return false;
    }
    // An unsigned token (alg none) grants nothing by itself; a signature must be present.
    sig.len() >= 16 && filter::entropy(sig) >= 3.0
}

/// Passwords seen in documentation and local-dev examples of connection strings.
const DEFAULT_PASSWORDS: &[&str] = &[
    // Oracle's sample schema password (scott/tiger)
    "tiger",
    "password",
    "pass",
    "passwd",
    "pwd",
    "secret",
    "changeme",
    "root",
    "admin",
    "postgres",
    "mysql",
    "redis",
    "guest",
    "user",
    "username",
    "test",
    "example",
    "xxx",
    "xxxx",
    "dbpass",
    "dbpassword",
    "mypassword",
    "yourpassword",
    "your_password",
    "pw",
    "p",
    "s3cr3t",
];

/// A URL / connection-string password that is not a placeholder, a default or a variable.
pub(crate) fn url_password_ok(user: &str, password: &str, host: &str) -> bool {
    let lower = password.to_ascii_lowercase();
    if password.len() < 4
        || password.len() > 128
        || DEFAULT_PASSWORDS.contains(&lower.as_str())
        || lower.starts_with("anonymous")
    {
        return false;
    }
    // `mysecretpassword`, `Passw0rd`, `test`: documentation and local-dev values
    let plain = filter::unleet(password);
    if filter::LEET_STOPWORDS.iter().any(|w| plain.contains(w))
        || filter::is_password_hash(password)
    {
        return false;
    }
    if password == user
        || filter::is_user_pass_pair(user, password)
        || filter::is_placeholder(password)
        || filter::is_reference(password)
        || filter::looks_like_regex(password)
    {
        return false;
    }
    if password.starts_with('$') || password.starts_with('%') || password.starts_with('{') {
        return false;
    }
    let host = host.to_ascii_lowercase();
    const DOC_HOSTS: &[&str] = &[
        "example",
        "company.com",
        "yourdomain",
        "mydomain",
        "domain.com",
        "host.com",
        "server.com",
        "bogus",
        "dummy",
        "invalid",
    ];
    if DOC_HOSTS.iter().any(|d| host.contains(d))
        || host == "host"
        || host == "hostname"
        || host.contains('$')
        || host.contains('{')
    {
        return false;
    }
    // a local development server with a simple password (`redis://default:redispw@localhost`)
    let local = matches!(
        host.as_str(),
        "localhost" | "127.0.0.1" | "0.0.0.0" | "[::1]"
    );
    if local && filter::char_classes(password) < 3 && !filter::strong_random(password) {
        return false;
    }
    // `user:pass` masked as `***` or `…`
    !password
        .chars()
        .all(|c| c == '*' || c == '.' || c == 'x' || c == 'X')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names() {
        for k in [
            "password",
            "DB_PASSWORD",
            "dbPassword",
            "client_secret",
            "api-key",
            "AUTH_TOKEN",
        ] {
            assert!(key_ok(k), "{k}");
        }
        for k in [
            "password_file",
            "tokenUrl",
            "secret_name",
            "PASSWORD_HASH",
            "api_key_header",
        ] {
            assert!(!key_ok(k), "{k}");
        }
    }

    #[test]
    fn url_passwords() {
        assert!(url_password_ok("app", "Zx9!vQ2#pL", "db.internal"));
        assert!(!url_password_ok("user", "password", "db.internal"));
        assert!(!url_password_ok("app", "${DB_PASS}", "db.internal"));
        assert!(!url_password_ok("app", "Zx9!vQ2#pL", "db.example.com"));
    }
}
