//! Why a matched value is not a secret: placeholders, documentation examples, variable
//! references, low entropy. These run after a rule's regex matched, on the value only.

use provenance_findings::sha256_hex;

/// Shannon entropy in bits per character.
pub(crate) fn entropy(value: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in value.bytes() {
        counts[b as usize] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// How many of {lowercase, uppercase, digit, other} the value uses.
pub(crate) fn char_classes(value: &str) -> u32 {
    let mut lower = false;
    let mut upper = false;
    let mut digit = false;
    let mut other = false;
    for c in value.chars() {
        if c.is_lowercase() {
            lower = true;
        } else if c.is_uppercase() {
            upper = true;
        } else if c.is_ascii_digit() {
            digit = true;
        } else {
            other = true;
        }
    }
    u32::from(lower) + u32::from(upper) + u32::from(digit) + u32::from(other)
}

/// Markers that make any value a placeholder, whatever the rule (lowercase).
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "xxxx",
    "****",
    "....",
    "...",
    "xmpl",
    "…",
    "<your",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yourpassword",
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "redacted",
    "replace_me",
    "replaceme",
    "insert_",
    "dummy",
    "notreal",
    "not_a_real",
    "not-a-real",
    "fake",
    "sample",
    "lorem",
    "abcdefgh",
    "12345678",
    "0123456789",
    "qwerty",
];

/// Extra markers for generic assignments, where the key name is all we know (lowercase).
const GENERIC_STOPWORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "test",
    "mock",
    "foobar",
    "todo",
    "fixme",
    "null",
    "none",
    "undefined",
    "empty",
    "default",
    "admin",
    "letmein",
    "welcome",
    "hunter2",
    "demo",
    "sample",
    "string",
    "value",
    "token",
    "apikey",
    "api_key",
    "api-key",
];

/// Words that, once leetspeak is undone, mark an example password (`P@ssw0rd!`,
/// `Adm1n123`, `S3cr3t!`, `Ch4ngeM3`).
pub(crate) const LEET_STOPWORDS: &[&str] = &[
    "password", "passwort", "passw", "secret", "admin", "changeme", "changeit", "letmein",
    "welcome", "qwerty", "test", "example", "sample", "dummy", "foo", "xmpl",
];

/// sha256 of values published in vendors' documentation (jwt.io's default token, Stripe's
/// docs keys, Slack's docs tokens …): real formats, never live. Stored as hashes so this
/// source file contains no secret-looking text.
const DOCUMENTATION_VALUE_HASHES: &[&str] = &[
    // jwt.io's default HS256 token
    "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606",
    // Stripe API reference keys
    "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
    "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",
    "f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397",
    // Slack API docs tokens
    "2ddc147f3a3b5a1722b8ed6be3c45c49a7156b17fca5d11410137a6d04def6eb",
    "296023a8908e13bb2ae54a6793ec4ad045b1520acac30e9c19da72a926999596",
    // SendGrid docs key
    "02091175c1ae3023fb1e92ff16e1a5ca44dcd9f449916770f7d4eb192092e273",
    // Google Maps docs key
    "74170575123fcbfc8a830f337f5f67000e6f0933c6e39c30b727d2d8155b2dcd",
    // Azurite / Azure Storage Emulator well-known devstoreaccount1 key
    "0011cc25eb4320717494d2703e8cba85743e71b500283c21c8b88147992f9059",
    // OAuth 1.0 (RFC 5849) and OAuth 2.0 (RFC 6749) specification examples, quoted by oauthlib and others
    "8d567eb88afff34f31ab97fbb2731e582703bdeaf3c92b989cf568e0b23cef31",
    "9d03b692e941d5ace207a9f8048834439f6de98e5c6c1590c22c4f4577c88a42",
    "293257ab6495ebb11cf9e4aee0686ca30df8de2ab8d251f2cbbcf177bdfcae91",
    "128e8e99b7b9ff47335bfb2e33ffe28b8058dc50dec07862550a366528d7da6b",
    "bb9b1163338b2a51495834ad5c65420443d6327381cf0f94ebf92b117f209d72",
    "649e1f5c769e718ba10d1a702a36499a731441d960b06da91c4c97786bf84595",
    "cb87c87e4a138d9a72259d2a01bab15623c9846e568c1509b287721645a6ea53",
    "4c20e6f5cc11b93731e74cbe20739821d61c3563c9f50ecb884a27cd369f01fb",
    "5435a2f13f1e85e32fed9f30d49e097189047e73fb04510409a32f55ca0e863f",
    "ca7459e2b26776de081b9a07e40227fd6cff232a1e3233ff6b6aa6d036ca9981",
    "6c96130f130ab0d6d158397e24d2bcc1c9a5e73ae081f6e983f1c7b545d24a4c",
    "00cf4c781dc37003f7c7dd7d4c9a6ef1e0f4c62d9a291aa8bc398774e3fefd32",
    "a35b81a7d7927b70ec99270dd2362b88580a28574af812f2c02f56469579186f",
    "53f5da0aaa93d64cd5772c554cbf940f0539e689dddbeb8f923eec3f72c02ea9",
    // PyJWT README token (payload {"some": "payload"}, key "secret")
    "bf145d9380bbe05bdc1a72525796b224f8a8c93ae0e9e102eafbc255ac1af9e8",
    // Firebase documentation web API key
    "ac9265e56c79b234607ec72c53753cfea9f88c99eb713790ddf9be5593bb4465",
    // Firebase Android SDK sources: the API keys of its tests, samples and test fixtures
    "27a9a42931dff7eb2f8434e20a9bce976ea364e7bee49187f19d5cfeca9c7045",
    "49f777db995e8260da7ca9ffdf0c08d66f0453e97ec967018baf2cdfe3b582d0",
    "8731261cb72d86267a32a532ebd3df429e2144e5e4ced7e13568bc9e6c8fb1b1",
    "37f8f09bdf12c2f2eae4ead7273a62ddb0c23459cbf902892f282b57f7ed6619",
    "eb540d2b6ee2a0a47c5779bc8a0141784c6b753840d4c6f4e2428a6e86e9e0b1",
    "2037abcaffb2b77785da716cf7ccff4ff4d00c4ea930db0167b7d71f50af7eb4",
    "4c98242dcadc8b29005c6b4aad526552d5ea1842149154c0694adeec75847583",
    "ea9bb1082cf95663f5faca23b8b15ef2aa0fce0a5c6df9c32dcb85b2e0a4513d",
    "a19f89ab3555eac10c40741f6df79ecf0935998f15569f8db9d67bce0181fff6",
    "dc0fcf046c61640cbd1e8b999ada3262d722c2ca4bf42dceac999020ffdbb614",
    "6ca6473b42d9c17e9059568aa166fa8b542a90ec4b6c38f25ab55d2be31c12e0",
    "f56e323494a6ffc2064e7a955908957d84f0755e5f975dabd64328d0359a8f7c",
    "0b476bdf9acf2123d547b5ae76f1e59884d8ec9553ee0c47e9f31fd4768f3f3c",
    // AWS CLI documentation example password
    "e6c2d3455587c47ccdd3df1271882656bc27be85f8eb6576eea35fe1aafa172a",
    // NuGet nuget.config reference: the ClearTextPassword values of its
    // packageSourceCredentials example
    "dba72c00f41f4e4c435e2491a5e1ce0140c7b5a6a498dc4847396b5e6368970c",
    "a0702bc91d699f600970f4dc4992b13ede1a29d49fa0942dd4bed2b5e4b1016e",
    // Heroku Platform API reference example API key / OAuth token
    "a23d006bb020a81dfd1afa15968e07dcae8a9e0016934b97496d839b8aac8fea",
    // Cargo reference (registries.md) example registry token
    "3c14aab79351be94e9c4202d8f6d28c4a5d73cfb2e6e302d2d2478159ef57f9f",
];

/// True when a value is a placeholder or documentation example for any rule.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    // a long random token can hold a short marker (`xmpl`) by chance
    let long_random = value.len() >= 64 && entropy(value) >= 5.0;
    if PLACEHOLDER_WORDS
        .iter()
        .any(|w| lower.contains(w) && !(long_random && w.len() < 6 && *w != "..."))
    {
        return true;
    }
    if is_reference(value) {
        return true;
    }
    // a run of one character that is a third of the value: `xxxxxxxx`, `ghp_000…`
    // (runs inside long real tokens, e.g. Twitter's leading `AAAA…`, do not count)
    let run = repeated_run(value);
    if run >= 6 && run * 3 >= value.chars().count() {
        return true;
    }
    // `888888888888-888888888888-fffffff…`: runs of one character over a third of the value
    if repeated_coverage(value) * 3 >= value.len() && value.len() >= 12 {
        return true;
    }
    // `abc123def456ghi789…` in a segment: short ascending runs typed as filler
    if value
        .split(['_', '-', '.', ':', '/'])
        .any(|seg| seg.len() >= 12 && ascending_coverage_from(seg, 3) * 3 >= seg.len() * 2)
    {
        return true;
    }
    // `0123456789`, `abcdef`, `ABCDEFGH`: typed by a person writing an example
    if ascending_run(value) >= 6
        || ascending_coverage(value) * 2 >= value.len()
        || interleaved_sequence(value)
    {
        return true;
    }
    DOCUMENTATION_VALUE_HASHES.contains(&sha256_hex(value.as_bytes()).as_str())
}

/// The longest run of consecutive ascending characters (`3456789`, `cdefg`).
fn ascending_run(value: &str) -> usize {
    let mut best = 1;
    let mut run = 1;
    let b = value.as_bytes();
    for w in b.windows(2) {
        if w[0].is_ascii_alphanumeric()
            && w[1] == w[0].wrapping_add(1)
            && w[1].is_ascii_alphanumeric()
        {
            run += 1;
            best = best.max(run);
        } else {
            run = 1;
        }
    }
    best
}

/// Two interleaved ascending sequences covering the value: `A1b2c3d4`, `a1b2c3`,
/// `A0B1C2…J9K0` (digits may wrap from 9 to 0).
fn interleaved_sequence(value: &str) -> bool {
    let next = |a: u8, b: u8| b == a.wrapping_add(1) || (a == b'9' && b == b'0');
    let b: Vec<u8> = value.bytes().map(|c| c.to_ascii_lowercase()).collect();
    b.len() >= 6
        && b.windows(3)
            .all(|w| next(w[0], w[2]) && w[0].is_ascii_alphanumeric())
}

/// Build coordinates and qualified names, which name code rather than hide a secret:
/// Maven `group:artifact:version` (`org.apache.maven.plugins:maven-surefire-plugin:3.2.5`) and
/// dotted package or class names (`com.example.billing.TokenStore`).
fn is_identifier(value: &str) -> bool {
    let mut parts = value.split(':');
    let Some(group) = parts.next() else {
        return false;
    };
    let segments: Vec<&str> = group.split('.').collect();
    let Some((last, namespace)) = segments.split_last() else {
        return false;
    };
    // `com`, `org.apache`, `io.github.acme`: lowercase words
    let lower_word = |s: &&str| {
        s.len() >= 2
            && s.as_bytes()[0].is_ascii_lowercase()
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
    };
    // `TokenStore`, `HttpClient2`: a class name made of capitalised words
    let class_name = |s: &str| {
        s.len() <= 40
            && s.split_inclusive(|c: char| c.is_ascii_uppercase())
                .all(|w| w.len() != 1 || !w.as_bytes()[0].is_ascii_uppercase())
            && s.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
            && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if namespace.is_empty() || !namespace.iter().all(lower_word) {
        return false;
    }
    if value.contains(':') {
        // Maven coordinates: group:artifact[:version…]
        lower_word(last)
            && parts.all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            })
    } else {
        namespace.len() >= 2 && (lower_word(last) || class_name(last))
    }
}

/// A client-side token that the provider makes public by design: Mapbox `pk.` tokens are
/// meant for browsers (the secret scopes are `sk.` tokens, found by their own rule).
/// Midtrans client keys (`Mid-client-…`, sandbox `SB-Mid-client-…`) are the frontend half of
/// a key pair, given to Snap.js in the browser.
fn is_public_client_token(value: &str) -> bool {
    value.starts_with("pk.eyJ")
        || value.starts_with("Mid-client-")
        || value.starts_with("SB-Mid-client-")
}

/// A package or document name with a version: `jjwt-jackson-0.11.2`, `SalesResults-1.2`.
fn is_versioned_name(value: &str) -> bool {
    let Some(at) = value.rfind(['-', '_']) else {
        return false;
    };
    let (name, version) = (&value[..at], value[at + 1..].trim_start_matches('v'));
    let version_ok = version.contains('.')
        && version
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = name.len() >= 3
        && name
            .split(['-', '_'])
            .all(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_alphabetic()));
    version_ok && name_ok
}

/// How many bytes sit in runs of 4 or more of one repeated character.
fn repeated_coverage(value: &str) -> usize {
    let b = value.as_bytes();
    let (mut covered, mut run) = (0, 1);
    for i in 1..=b.len() {
        if i < b.len() && b[i] == b[i - 1] {
            run += 1;
        } else {
            if run >= 4 {
                covered += run;
            }
            run = 1;
        }
    }
    covered
}

/// How many bytes sit in ascending runs of 4 or more (`abcd1234defg5678` → 16).
fn ascending_coverage(value: &str) -> usize {
    ascending_coverage_from(value, 4)
}

/// How many bytes sit in ascending runs of at least `min` characters.
fn ascending_coverage_from(value: &str, min: usize) -> usize {
    let b = value.as_bytes();
    let (mut covered, mut run) = (0, 1);
    for i in 1..=b.len() {
        let up = i < b.len()
            && b[i - 1].is_ascii_alphanumeric()
            && b[i].is_ascii_alphanumeric()
            && b[i] == b[i - 1].wrapping_add(1);
        if up {
            run += 1;
        } else {
            if run >= min {
                covered += run;
            }
            run = 1;
        }
    }
    covered
}

/// Stored password hashes (bcrypt, crypt(3) SHA-2/MD5, Argon2, scrypt, Django's
/// `pbkdf2_sha256$…`, LDAP `{SSHA}…`): what a system keeps instead of the password.
pub(crate) fn is_password_hash(value: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "$2a$",
        "$2b$",
        "$2y$",
        "$2x$",
        "$1$",
        "$5$",
        "$6$",
        "$apr1$",
        "$argon2",
        "$scrypt$",
        "$pbkdf2",
        "$y$",
        "$7$",
        "pbkdf2_sha256$",
        "pbkdf2_sha1$",
        "argon2$",
        "bcrypt$",
        "bcrypt_sha256$",
        "sha1$",
        "md5$",
        "scrypt$",
        "{sha}",
        "{ssha}",
        "{ssha256}",
        "{ssha512}",
        "{crypt}",
        "{md5}",
        "{smd5}",
        "{pbkdf2",
    ];
    let lower = value.to_ascii_lowercase();
    // PostgreSQL's stored forms: `md5` + 32 hex, and SCRAM-SHA-256 verifiers
    let pg_md5 = lower.len() == 35
        && lower.starts_with("md5")
        && lower[3..].bytes().all(|b| b.is_ascii_hexdigit());
    pg_md5 || lower.starts_with("scram-sha-256$") || PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// `value` lowercased with leetspeak undone (`P@ssw0rd` → `password`, `S3cr3t` → `secret`),
/// so stop words catch the usual disguises of example passwords.
pub(crate) fn unleet(value: &str) -> String {
    value
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '$' | '5' => 's',
            '7' => 't',
            other => other,
        })
        .collect()
}

/// The longest run of one repeated character.
fn repeated_run(value: &str) -> usize {
    let mut best = 0;
    let mut run = 0;
    let mut prev = None;
    for c in value.chars() {
        if Some(c) == prev {
            run += 1;
        } else {
            run = 1;
            prev = Some(c);
        }
        best = best.max(run);
    }
    best
}

/// A placeholder marked as one: a reference (`${X}`, `%X%`), `xxxx`/`****`/`<…>` markers,
/// or one character repeated over half the value. Word and sequence heuristics are left
/// out: rules using this have a format specific enough that only a marker rules a value out.
pub(crate) fn is_marked_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    is_reference(value)
        || [
            "xxxx", "****", "....", "<", ">", "{{", "${", "your", "redacted", "example",
        ]
        .iter()
        .any(|m| lower.contains(m))
        || repeated_run(value) * 2 >= value.chars().count()
        || {
            // `00000000-0000-…`: two or fewer distinct letters and digits
            let mut seen = [false; 128];
            value
                .bytes()
                .filter(u8::is_ascii_alphanumeric)
                .for_each(|b| seen[usize::from(b.to_ascii_lowercase())] = true);
            seen.iter().filter(|&&x| x).count() <= 2
        }
        || DOCUMENTATION_VALUE_HASHES.contains(&sha256_hex(value.as_bytes()).as_str())
}

/// True when the value is a reference to a secret kept elsewhere, not a secret:
/// `${VAR}`, `$VAR`, `{{ .Values.x }}`, `%(x)s`, `os.environ[...]`, `process.env.X`, …
pub(crate) fn is_reference(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    const PREFIXES: &[&str] = &[
        "${",
        "$(",
        "#{",
        "{{",
        "%(",
        "%{",
        "<%",
        "os.environ",
        "os.getenv",
        "getenv(",
        "process.env",
        "import.meta.env",
        "env(",
        "env.",
        "env[",
        "env::var",
        "std::env",
        "system.getenv",
        "environment.getenvironmentvariable",
        "config(",
        "config.",
        "config[",
        "settings.",
        "secrets.",
        "vault:",
        "!ref",
        "!sub",
        "!getatt",
        "arn:",
        "var.",
        "local.",
        "data.",
        "module.",
        "self.",
        "this.",
        "ref(",
        "lookup(",
    ];
    if PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // `$VAR`, `$env:VAR`, `$config.db.pass` / `%VAR%` as the whole value
    if let Some(rest) = v.strip_prefix('$') {
        if !rest.is_empty()
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.'))
        {
            return true;
        }
    }
    if v.len() > 2 && v.starts_with('%') && v.ends_with('%') {
        return true;
    }
    // `{name}` format fields, `<password>`, `[token]`: wrapped names
    if v.starts_with('{') && v.ends_with('}') {
        return true;
    }
    if (v.starts_with('<') && v.ends_with('>')) || (v.starts_with('[') && v.ends_with(']')) {
        return true;
    }
    false
}

/// True when a UUID / GUID appears anywhere in the value (`{262E99C9-…}`, `_SA_{…}`).
pub(crate) fn contains_uuid(value: &str) -> bool {
    uuid_shaped(value)
        || value.len() >= 36
            && (0..=value.len() - 36)
                .any(|i| value.is_char_boundary(i) && value.get(i..i + 36).is_some_and(is_uuid))
}

/// 8-4-4-4-12 groups of letters and digits: an id in UUID clothing (docs often write
/// `12cs345-67cd-890b-1cd2-c3a4567d89f1`).
fn uuid_shaped(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups.iter().map(|g| g.len()).skip(1).eq([4, 4, 4, 12])
        && (6..=8).contains(&groups[0].len())
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// True for a canonical UUID (8-4-4-4-12 hex).
pub(crate) fn is_uuid(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// True for a value that is an identifier or expression in code, not a literal secret:
/// `user_password`, `cfg.db.password`, `getPassword()`, `DB_PASSWORD`.
pub(crate) fn is_code_expression(value: &str) -> bool {
    let v = value
        .trim_end_matches([',', ';', '?', ')'])
        .trim_start_matches(['&', '*', '!']);
    let ident = |s: &str| {
        let s = s.strip_suffix('!').unwrap_or(s); // macro: `vec!`
        let mut chars = s.chars();
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let path = |s: &str| !s.is_empty() && s.split(['.', ':']).filter(|p| !p.is_empty()).all(ident);
    // dotted identifier path without digits (`cfg.db.password`)
    if v.split('.').all(ident) && !v.chars().any(|c| c.is_ascii_digit()) {
        return true;
    }
    // `::` paths (`super::Foundation::HANDLE`, `Token::Ident`)
    if v.contains("::") && path(v) {
        return true;
    }
    // call or index: `ident(`, `a.b.get(…)`, `env::var(`, `vec![…]`, `cfg[…]`
    if let Some(open) = v.find(['(', '[']) {
        if path(&v[..open]) {
            return true;
        }
    }
    // SCREAMING_SNAKE constant (`MSV1_0_PACKAGE_NAME`)
    if v.contains('_')
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && v.bytes().filter(u8::is_ascii_uppercase).count() * 2 >= v.len()
    {
        return true;
    }
    matches!(
        v,
        "true" | "false" | "True" | "False" | "nil" | "None" | "null"
    )
}

/// A machine-generated key: ≥ 20 alphanumerics mixing upper, lower and digits with
/// near-maximal entropy for its length, and none of the `/+=.-` of base64 blobs, paths,
/// ids or versions; or a symbol-rich password (≥ 10 characters of all four classes).
pub(crate) fn strong_random(value: &str) -> bool {
    let len = value.len();
    // a symbol-rich password (`Gm4#kZ9!qT2x`) is as deliberate as a random key
    // (a symbol beyond base64's `+/=_-`, so not a key blob or a prefixed SDK key)
    if len >= 10
        && char_classes(value) == 4
        && entropy(value) >= 3.0
        && value
            .bytes()
            .any(|b| b.is_ascii_punctuation() && !matches!(b, b'+' | b'/' | b'=' | b'_' | b'-'))
        && !value.contains(char::is_whitespace)
        && !value.contains(['\\', '{', '}'])
        && !is_placeholder(value)
    {
        return true;
    }
    // 0.85 of the most a value of this length can reach (log2 len), capped at 4.5
    let needed = (0.85 * (len as f64).log2()).min(4.5);
    len >= 20
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && char_classes(value) >= 3
        && entropy(value) >= needed
        && !is_placeholder(value)
        && !PUBLIC_KEY_PREFIXES.iter().any(|p| value.starts_with(p))
}

/// Prefixes of keys that are meant to ship in clients (Stripe publishable, PostHog project,
/// RevenueCat SDK keys): under a plain `…Key` name they are not secrets.
const PUBLIC_KEY_PREFIXES: &[&str] = &[
    "pk_live_", "pk_test_", "phc_", "appl_", "goog_", "amzn_", "strp_", "rcb_",
];

/// A setting that names an algorithm (`password_encryption = scram-sha-256`).
fn is_algorithm_name(value: &str) -> bool {
    let v = value.to_ascii_lowercase();
    const PREFIXES: &[&str] = &[
        "scram-sha",
        "sha-",
        "sha1",
        "sha2",
        "sha3",
        "sha5",
        "md5",
        "aes-",
        "aes1",
        "aes2",
        "hmac-",
        "hmacsha",
        "argon2",
        "pbkdf2",
        "bcrypt",
        "chacha20",
        "rsa-",
        "ecdsa-",
        "ed25519",
    ];
    let jwa = matches!(
        v.as_str(),
        "hs256" | "hs384" | "hs512" | "rs256" | "rs384" | "rs512" | "es256" | "es384" | "es512"
    );
    jwa || (v.len() <= 24 && PREFIXES.iter().any(|p| v.starts_with(p)))
}

/// Words joined by `:._-/` with no digit: a name (`Access-Control-Allow-Credentials`,
/// `serverlessrepo:applicationId`), not a chosen secret.
fn word_like(value: &str) -> bool {
    !value.bytes().any(|b| b.is_ascii_digit())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphabetic() || matches!(b, b':' | b'.' | b'_' | b'-' | b'/'))
}

/// An ISO-8601 date or timestamp (`2016-09-08T21:47:36Z`).
fn looks_like_date(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// The text a padded base64 value encodes, when it is printable ASCII.
fn printable_base64(value: &str) -> Option<String> {
    if value.len() < 8 || value.len() % 4 != 0 || !value.ends_with('=') {
        return None;
    }
    let out = crate::generic::base64_decode(value, false)?;
    let text = String::from_utf8(out).ok()?;
    text.bytes()
        .all(|b| (0x20..0x7f).contains(&b))
        .then_some(text)
}

/// A regular expression, not a credential (`(?:[0-9]{1,3}\.){3}`, `[0-9A-Fa-f]{1,4}`).
pub(crate) fn looks_like_regex(value: &str) -> bool {
    [
        "(?:", "(?i", "(?P<", "\\d", "\\w", "\\s", "\\.", "\\+", "\\(", "\\k", "[0-9", "[a-z",
        "[A-Z", "{1,", "{0,", ".*", ".+",
    ]
    .iter()
    .any(|m| value.contains(m))
}

/// GitHub / npm 2021-format tokens: `gh?_` or `npm_` plus 36 alphanumerics.
fn looks_checksummed(value: &str) -> bool {
    let b = value.as_bytes();
    let prefixed = (b.len() == 40 && b[0] == b'g' && b[1] == b'h' && b[3] == b'_')
        || (b.len() == 40 && value.starts_with("npm_"));
    prefixed && b[4..].iter().all(u8::is_ascii_alphanumeric)
}

/// `uploads/2026/01/a3f9.png`: directories and a file extension (base64 has no `.`).
fn relative_file_path(value: &str) -> bool {
    let Some((dirs, ext)) = value.rsplit_once('.') else {
        return false;
    };
    dirs.contains('/')
        && (1..=5).contains(&ext.len())
        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        && dirs
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'))
}

/// `P@ssw0rd!rg9mzk#`: a leetspeak example word followed (or preceded) by a random part
/// that is a password on its own (at least 8 characters, three character classes, no
/// other stopword), unlike `P@ssw0rd2024!` or `S3cur3!Pa55w0rd`.
fn strong_beyond_stopword(value: &str) -> bool {
    if !value.is_ascii() {
        return false;
    }
    let plain = unleet(value);
    let mut covered = vec![false; value.len()];
    for w in LEET_STOPWORDS {
        for (at, _) in plain.match_indices(w) {
            covered[at..at + w.len()].iter_mut().for_each(|c| *c = true);
        }
    }
    if !covered.contains(&true) {
        return false;
    }
    let rest: String = value
        .chars()
        .zip(&covered)
        .filter(|(_, &c)| !c)
        .map(|(ch, _)| ch)
        .collect();
    let rest_plain = unleet(&rest);
    rest.len() >= 8
        && char_classes(&rest) >= 3
        && entropy(&rest) >= 2.8
        && !LEET_STOPWORDS.iter().any(|w| rest_plain.contains(w))
        && !GENERIC_STOPWORDS
            .iter()
            .any(|w| rest.to_ascii_lowercase().contains(w))
}

/// The generic-assignment acceptance test: the value must look chosen by a machine or a
/// careful human, and not be a word, a reference or an obvious test value.
pub(crate) fn generic_value_ok(value: &str, min_len: usize) -> bool {
    let len = value.chars().count();
    // A short password is still a password when it uses all four character classes.
    let min_len = if min_len <= 8 && char_classes(value) == 4 {
        6
    } else {
        min_len
    };
    if len < min_len || len > 256 {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    let plain = unleet(value);
    if GENERIC_STOPWORDS.iter().any(|w| lower.contains(w))
        || (LEET_STOPWORDS.iter().any(|w| plain.contains(w)) && !strong_beyond_stopword(value))
    {
        return false;
    }
    if is_password_hash(value)
        || looks_like_regex(value)
        || word_like(value)
        || looks_like_date(value)
        || is_algorithm_name(value)
    {
        return false;
    }
    let letters: String = lower.chars().filter(char::is_ascii_alphabetic).collect();
    if LEET_STOPWORDS.iter().any(|w| letters.contains(w)) && !strong_beyond_stopword(value) {
        return false;
    }
    // short hex strings under api-key/token names are ids and hashes, not keys
    if min_len > 8 && len < 24 && value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    // Kubernetes `data:` values are base64: judge a placeholder by what it encodes
    if let Some(decoded) = printable_base64(value) {
        let d = decoded.to_ascii_lowercase();
        if is_placeholder(&decoded)
            || GENERIC_STOPWORDS.iter().any(|w| d.contains(w))
            || LEET_STOPWORDS.iter().any(|w| unleet(&decoded).contains(w))
        {
            return false;
        }
    }
    if is_code_expression(value)
        || contains_uuid(value)
        || is_identifier(value)
        || is_versioned_name(value)
        || is_public_client_token(value)
    {
        return false;
    }
    // A JWT-shaped value is judged as a JWT: an unsigned (`alg: none`) or example token is
    // not a credential under any key name.
    if value.starts_with("eyJ") && value.matches('.').count() == 2 && !crate::generic::jwt_ok(value)
    {
        return false;
    }
    if value.contains(char::is_whitespace) {
        return false;
    }
    // Paths and URLs are not passwords (`mkdir -p /var/lib/x`, `token_url = https://…`).
    if value.starts_with('/')
        || value.starts_with("./")
        || value.starts_with("~/")
        || value.contains("://")
        || relative_file_path(value)
    {
        return false;
    }
    // A checksummed format belongs to its specific rule, which already verified it.
    if looks_checksummed(value) {
        return false;
    }
    let classes = char_classes(value);
    let h = entropy(value);
    (classes >= 3 && h >= 2.5)
        || (len >= 16 && h >= 3.5)
        || (len >= 24 && h >= 3.2)
        || (len >= 6 && classes == 4 && h >= 2.4)
}

/// A password made of the words people type in examples and tests (`secret`, `test123`,
/// `P@ssw0rd`); the user name is not judged (`admin` is a real account name).
/// A password named after its user name (`proxyuser:proxypass`, `dbuser:dbpass`,
/// `admin_user:admin_password`): the user's "user"/"usr"/"name" part swapped for
/// "pass"/"pwd"/"password" — documentation pairs, not credentials.
pub(crate) fn is_user_pass_pair(user: &str, password: &str) -> bool {
    let (user, password) = (user.to_ascii_lowercase(), password.to_ascii_lowercase());
    ["username", "user", "usr", "name", "login"]
        .iter()
        .any(|u| {
            user.match_indices(u).any(|(i, _)| {
                let (head, tail) = (&user[..i], &user[i + u.len()..]);
                ["password", "passwd", "pass", "pwd", "pw", "secret"]
                    .iter()
                    .any(|p| password == format!("{head}{p}{tail}"))
            })
        })
}

pub(crate) fn is_example_password(password: &str) -> bool {
    let lower = password.to_ascii_lowercase();
    GENERIC_STOPWORDS.iter().any(|w| lower.contains(w))
        || LEET_STOPWORDS.iter().any(|w| unleet(password).contains(w))
}

/// A password where only a password can stand (`curl -u user:…`): the generic checks, or
/// ten to 128 characters of two or more character classes with some randomness that no
/// placeholder, reference, stopword or leetspeak word marks as an example.
pub(crate) fn positional_password_ok(value: &str) -> bool {
    if is_placeholder(value) {
        return false;
    }
    if generic_value_ok(value, 8) {
        return true;
    }
    let len = value.chars().count();
    let lower = value.to_ascii_lowercase();
    (10..=128).contains(&len)
        && !value.contains(char::is_whitespace)
        && !value.starts_with(['$', '%', '{', '<', '[', '('])
        && !value.contains("://")
        && !value.contains("::")
        && !GENERIC_STOPWORDS.iter().any(|w| lower.contains(w))
        && !LEET_STOPWORDS.iter().any(|w| unleet(value).contains(w))
        && !is_code_expression(value)
        && char_classes(value) >= 2
        && entropy(value) >= 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_pass_pairs_are_documentation() {
        assert!(is_user_pass_pair("proxyuser", "proxypass"));
        assert!(is_user_pass_pair("db_user", "db_password"));
        assert!(is_user_pass_pair("myname", "mypwd"));
        assert!(!is_user_pass_pair("deploy", "Vk7qPzL2mWx9"));
        assert!(!is_user_pass_pair("proxyuser", "proxypass9Xk"));
    }

    #[test]
    fn entropy_orders_values() {
        assert!(entropy("aaaaaaaa") < 0.1);
        assert!(entropy("q8Zr2LmX0vPa7TyE") > 3.5);
    }

    #[test]
    fn placeholders_and_references() {
        // AWS's documented example key id, assembled so no key-shaped literal sits in source.
        let aws_example = format!("AKIA{}", "IOSFODNN7EXAMPLE");
        for v in [
            aws_example.as_str(),
            "xxxxxxxxxxxxxxxx",
            "${DB_PASSWORD}",
            "$DB_PASSWORD",
            "<your-api-key>",
            "os.environ['X']",
            "process.env.STRIPE_KEY",
            "{{ .Values.password }}",
        ] {
            assert!(is_placeholder(v), "{v}");
        }
        assert!(!is_placeholder("q8Zr2LmX0vPa7TyE"));
    }

    #[test]
    fn code_expressions() {
        for v in [
            "user_password",
            "cfg.db.password",
            "getPassword()",
            "DB_PASSWORD",
            "None",
        ] {
            assert!(is_code_expression(v), "{v}");
        }
        assert!(!is_code_expression("Tr0ub4dor&3"));
    }

    #[test]
    fn generic_values() {
        assert!(generic_value_ok("Vq7!Lm3#Xz9@", 8));
        assert!(
            !generic_value_ok("S3cur3!Pa55w0rd", 8),
            "leetspeak example password"
        );
        assert!(!generic_value_ok(
            "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
            8
        ));
        assert!(generic_value_ok("k9#Lq2$vZ8", 8));
        assert!(!generic_value_ok("hunter2", 8));
        assert!(!generic_value_ok("password123!", 8));
        assert!(!generic_value_ok("P@ssw0rd2024!", 8));
        assert!(generic_value_ok("p@ssW0rd!rg9mzk#", 8));
        assert!(!generic_value_ok("550e8400-e29b-41d4-a716-446655440000", 8));
    }
}
