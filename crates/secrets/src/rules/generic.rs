//! Generic assignments: a credential-named key and a literal value, in every syntax users
//! write (.env, YAML, JSON, TOML, XML, properties, HCL, Go, Rust, Python, JS, PHP, shell,
//! CLI arguments). These run last and lose to any specific rule on the same text; the
//! key name and the value both have to pass `crate::generic` / `crate::filter` checks.

use provenance_findings::Severity::High;

use crate::rule::{rule, Check, RuleInfo};

/// Separator between a key and its value, one for every generic rule: `=`, `:`, `=>`, Rust
/// `: &str =`, Kotlin/Swift/TypeScript `: String =`, Go/C#/C++ typed declarations
/// (`var x string =`, `string X =` is the key-first half of it), GNU make's `:=`, `::=`,
/// `:::=`, `?=`, `+=`, PHP `.=` and `??=`, with an optional closing quote/bracket after the
/// key (`"password":`, `ENV["X"] =`).
macro_rules! sep {
    () => {
        r#"["'\]]{0,2}\s*(?::\s*&(?:'static\s+)?str\s*=|:\s*(?:String|str|string)\??\s*=|[ \t]+(?:string|String|str|\[\]byte|std::string|QString)[ \t]*=|(?::{1,3}|\?\?|[?+.])?=|=>|:)\s*"#
    };
}

/// A literal value: quoted ("…", '…', `…`, with an optional Python prefix) or a bare word
/// up to whitespace / `,` / `;` (the engine strips the quotes afterwards), after an
/// optional YAML anchor (`&pw`) and tag (`!!str`).
macro_rules! value {
    () => {
        r#"(?:&[A-Za-z0-9_-]+[ \t]+)?(?:!![A-Za-z]+[ \t]+)?[rbuf]?(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}'|`[^`\r\n]{4,}`|[^\s"'`,;<=({\[:&*][^\s"'`,;<]{3,})"#
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
        &["pass", "pwd", "_pw ", "_pw=", "_pw:", "_pw\""],
        concat!(
            r#"(?i)(?P<k>[A-Za-z0-9_.$-]*?(?:pass(?:word|wd|wort|phrase)?|pwd|_pw\b)[A-Za-z0-9_.$-]*?)"#,
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
        "Password given to mysql/mariadb/sshpass/docker login (-p), redis-cli (-a), htpasswd -b, openssl (-k, -pass pass:), rabbitmqctl add_user, net user, sqlcmd -P, ldapsearch -w or smbclient -U user%pass",
        &["mysql", "mariadb", "sshpass", "redis-cli", "docker login", "htpasswd", "openssl enc", "-pass pass:", "-passin pass:", "-passout pass:", "rabbitmqctl", "net user", "sqlcmd", "ldapsearch", "ldapadd", "ldapmodify", "ldapdelete", "ldapwhoami", "smbclient", "lftp", "net use", "psexec"],
        r#"\b(?:(?:sshpass|mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n|;&]*?\s-p|redis-cli\b[^\n|;&]*?\s-a|docker\s+login\b[^\n|;&]*?\s(?:-p|--password)(?:=|\s)|htpasswd\s+-[A-Za-z]*b[A-Za-z]*\s+\S+\s+\S+\s|openssl\b[^\n|;&]*?\s(?:-k\s|-pass(?:in|out)?\s+pass:)|rabbitmqctl\s+(?:add_user|change_password)\s+\S+\s|\bnet\s+user\s+[^\s/]+\s|\bsqlcmd\b[^\n|;&]*?\s-P|\bldap(?:search|add|modify|delete|whoami|passwd)\b[^\n|;&]*?\s-w|\bsmbclient\b[^\n|;&]*?\s-U\s*['"]?[^%\s'"]+%|\blftp\b[^\n|;&]*?\s-u\s+['"]?[^,\s'"]+,|(?i:\bnet\s+use)\s+\S+\s+(?i:/user:)\S+\s|(?i:\bpsexec(?:64)?(?:\.exe)?)\b[^\n|;&]*?\s-p\s)\s*(?P<s>'[^'\s]{4,}'|"[^"\s]{4,}"|[^\s'"`=-][^\s'"`]{3,})"#,
        Check::Generic(8),
    ),
    rule(
        "generic-cli-basic-auth",
        High,
        "user:password passed to curl/wget/HTTPie (-u, --user, --http-password, http -a)",
        &["-u", "--user", "--http-password", "http -a", "https -a", "--auth"],
        r#"(?:^|[\s"'`(])(?:-u|--user|--http-user|(?:https?|xh)\s+(?:\S+\s+)*?(?:-a|--auth)(?:=|\s+))\s*['"]?[^:\s'"]*:['"]?(?P<s>[^\s'"]{4,})"#,
        Check::Generic(8),
    ),
    rule(
        "generic-http-header-credential",
        High,
        "Credential in a request header given to an HTTP client (curl -H, wget --header, HTTPie)",
        &["-h \"", "-h '", "--header"],
        r#"(?i)(?:^|[\s(])(?:-H|--header)(?:=|\s+)['"](?P<k>[A-Za-z0-9-]*(?:auth|token|key|secret|session)[A-Za-z0-9-]*)\s*:\s*(?:(?:bearer|basic|token|api-token|apikey|key|sso-key)\s+)?(?P<s>[^\s'"]{8,})['"]"#,
        Check::Header(8),
    ),
    rule(
        "sql-password",
        High,
        "Password in SQL (CREATE/ALTER USER … IDENTIFIED BY / WITH PASSWORD '…')",
        &["identified by", "password '", "password='"],
        r#"(?i)\b(?:IDENTIFIED\s+(?:WITH\s+[A-Za-z0-9_]+\s+)?BY|(?:WITH\s+)?(?:ENCRYPTED\s+)?PASSWORD\s*=?)\s*(?:'(?P<s>[^'\s]{6,})'|"(?P<s2>[^"\s]{6,})")"#,
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
    rule(
        "generic-cli-token",
        High,
        "Token or API key passed as a command-line option (--token …, --api-key=…)",
        &["-token", "-api-key", "-apikey", "-secret", "-account-key", "-access-key", "--key"],
        r#"(?:^|[\s"'`(])--(?:[a-z0-9]+-)*(?:token|api-key|apikey|secret|secret-key|account-key|access-key|key)(?:=|\s+)(?P<s>'[^'\s]{16,}'|"[^"\s]{16,}"|[A-Za-z0-9_./+=-]{16,})(?:$|[\s"'`)])"#,
        Check::Generic(16),
    ),
    rule(
        "libpq-dsn-password",
        High,
        "Password in a PostgreSQL key/value connection string (host=… user=… password=…)",
        &["password="],
        r#"(?i)\b(?:host|hostaddr|dbname|user|port)=[^\s'"`]+\s+(?:[a-z_]+=[^\s'"`]+\s+)*?password=(?P<s>'[^'\r\n]{4,}'|[^\s'"`]{4,})"#,
        Check::Generic(8),
    ),
    rule(
        "code-positional-password",
        High,
        "Password as a positional argument: new PDO(dsn, user, pass), DriverManager.getConnection(url, user, pass), mysqli, login(user, pass), auth=(user, pass), HTTPBasicAuth(user, pass)",
        &["new pdo(", "dbi->connect(", "mysqli", ".login(", "auth=(", "auth = (", "basicauth(", "basic_auth(", "getconnection(", "networkcredential(", "passwordauthentication(", "passwordcredentials(", "digestauth(", "plainauth(", "new sequelize(", "plaincredentials(", "simple_bind", "credentials::new(", "credentials.basic(", "->credentials(", "sql.newinstance(", "mysql_real_connect(", "'auth' => [", "\"auth\" => [", "net::smtp.start(", "request :authorization", "request :basic_auth"],
        r#"(?i)(?:\bgetConnection\(\s*[^,()\r\n]+,|\bsmtp\.PlainAuth\(\s*"[^"\r\n]*"\s*,|\bnew\s+Sequelize\(\s*(?:'[^']*'|"[^"]*")\s*,|\bDBI->connect\(\s*(?:'[^']*'|"[^"]*")\s*,|\b(?:new\s+)?(?:NetworkCredential|PasswordAuthentication|UsernamePasswordCredentials|HTTPDigestAuth|basic_auth)\(|\bnew\s+PDO\(\s*(?:'[^']*'|"[^"]*")\s*,|\b(?:new\s+mysqli|mysqli_connect)\(\s*(?:'[^']*'|"[^"]*")\s*,|\.login\(|\bauth\s*=\s*\(|BasicAuth\(|\bPlainCredentials\(|\bsimple_bind(?:_s)?\(|\bCredentials::new\(|\bCredentials\.basic\(|->credentials\(\s*(?:'[^'\r\n]*'|"[^"\r\n]*")\s*,\s*(?:'[^'\r\n]*'|"[^"\r\n]*")\s*,|\bSql\.newInstance\(\s*[^,()\r\n]+,|\bmysql_real_connect\(\s*[^,()\r\n]+,\s*(?:"[^"\r\n]*"|NULL)\s*,|['"]auth['"]\s*=>\s*\[|\bNet::SMTP\.start\(\s*(?:'[^'\r\n]*'|"[^"\r\n]*")\s*,\s*\d+\s*,\s*(?:'[^'\r\n]*'|"[^"\r\n]*")\s*,|\brequest\s+:(?:authorization\s*,\s*:basic|basic_auth)\s*,)\s*(?:'[^'\r\n]*'|"[^"\r\n]*")(?:\.into\(\)|\.to_string\(\)|\.to_owned\(\))?\s*,\s*(?:Some\(\s*)?(?P<s>'[^'\r\n]{4,}'|"[^"\r\n]{4,}")"#,
        Check::Generic(8),
    ),
    rule(
        "basic-auth-users-map",
        High,
        "Plain-text password in a basic-auth users map (express-basic-auth `users: { admin: '…' }`)",
        &["basicauth"],
        r#"(?i)basicAuth\(\s*\{[^}]*?users\s*:\s*\{\s*['"]?[A-Za-z0-9_.@-]+['"]?\s*:\s*(?P<s>'[^'\r\n]{4,}'|"[^"\r\n]{4,}")"#,
        Check::Generic(8),
    ),
    rule(
        "powershell-plaintext-securestring",
        High,
        "Password turned into a SecureString from plain text (ConvertTo-SecureString \"…\" -AsPlainText)",
        &["convertto-securestring"],
        r#"(?i)ConvertTo-SecureString\s+(?:-String\s+)?(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}')\s+-AsPlainText"#,
        Check::Generic(8),
    ),
    rule(
        "echo-piped-password",
        High,
        "Password echoed into a login or chpasswd (echo '…' | docker login --password-stdin)",
        &["password-stdin", "chpasswd"],
        r#"\becho\s+(?:-n\s+)?(?:(?P<s>'[^'\s]{6,}'|"[^"\s$]{6,}")\s*\|\s*(?:sudo\s+)?[a-z]+\s+(?:registry\s+)?login\b[^\n]*--password-stdin|["']?[A-Za-z0-9_.-]+:(?P<s2>[^\s'"$]{6,})["']?\s*\|\s*(?:sudo\s+)?chpasswd)"#,
        Check::Generic(8),
    ),
    rule(
        "env-default-credential",
        High,
        "Credential as the default or value of an environment or property call (getenv(\"DB_PASSWORD\", \"…\"), setProperty(\"…password\", \"…\"))",
        &["getenv(", "environ.get(", "setdefault(", "setenv(", ".put(\"", ".put('", "setproperty(", "set_var(", "putenv(", ".option(\"", ".config(\""],
        r#"(?i)(?:getenv|environ\.get|setdefault|Setenv|\.put|setProperty|set_var|putenv|\.option|\.config)\(\s*["'](?P<k>[A-Za-z0-9_.-]+)["']\s*,\s*(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}')\s*\)"#,
        Check::Generic(8),
    ),
    rule(
        "js-env-fallback-credential",
        High,
        "Credential as the fallback of a process.env lookup (process.env.DB_PASSWORD || '…')",
        &["process.env"],
        r#"process\.env(?:\.|\[["'])(?P<k>[A-Za-z0-9_]+)["'\]]*\s*(?:\|\||\?\?)\s*(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}'|`[^`\r\n]{4,}`)"#,
        Check::Generic(8),
    ),
    rule(
        "builder-credential",
        High,
        "Credential passed to a builder method (.password(\"…\"), .token(\"…\"))",
        &[".password(", ".passwd(", ".secret(", ".token(", ".api_key(", ".apikey("],
        r#"(?i)\.(?P<k>password|passwd|secret|token|api_key|apikey)\(\s*(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}')\s*\)"#,
        Check::Generic(8),
    ),
    rule(
        "auth-object-password",
        High,
        "Password in an auth object ({ auth: { user: '…', pass: '…' } }, nodemailer, got, axios)",
        &["auth: {", "auth:{"],
        r#"(?i)\bauth\s*:\s*\{\s*(?:user(?:name)?\s*:\s*(?:'[^'\r\n]*'|"[^"\r\n]*")\s*,\s*)?pass(?:word)?\s*:\s*(?P<s>'[^'\r\n]{4,}'|"[^"\r\n]{4,}")"#,
        Check::Generic(8),
    ),
    rule(
        "plist-credential",
        High,
        "Credential in a property list (<key>APIKey</key> then <string>…</string>)",
        &["<key>"],
        r#"<key>(?P<k>[^<\r\n]+)</key>[ \t]*\r?\n?[ \t]*<string>(?P<s>[^<\s]{6,})</string>"#,
        Check::GenericPair(8),
    ),
    rule(
        "json-key-value-credential",
        High,
        "Credential in a JSON key/value pair ({\"key\": \"password\", \"value\": \"…\"}, Postman)",
        &["\"key\""],
        r#""key"\s*:\s*"(?:value"\s*,\s*"value"\s*:\s*(?P<s2>"[^"\r\n]{16,}")|(?P<k>[^"\r\n]+)"\s*,\s*"value"\s*:\s*(?P<s>"[^"\r\n]{4,}"))"#,
        Check::Generic(8),
    ),
    rule(
        "env-directive-credential",
        High,
        "Credential in an ENV / SetEnv / setenv / setx directive with a space (Dockerfile, Apache, csh, Windows)",
        &["env ", "setx "],
        r#"(?im)^[ \t]*(?:ENV|SetEnv|setenv|setx)[ \t]+(?P<k>[A-Za-z_][A-Za-z0-9_]*)[ \t]+(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}'|[^\s"'=][^\s]{3,})[ \t]*$"#,
        Check::Generic(8),
    ),
    rule(
        "xml-named-credential",
        High,
        "Credential in a named XML entry (<string name=\"api_secret\">…</string>, Android resources)",
        &["<string name=", "<entry name=", "<entry key=", "<param name=", "<setting name="],
        r#"(?i)<(?:string|entry|param|setting)\s+(?:name|key)\s*=\s*"(?P<k>[^"]+)"[^>]*>(?P<s>[^<\s]{6,})</"#,
        Check::Generic(8),
    ),
    rule(
        "terraform-variable-default",
        High,
        "Credential as a Terraform variable default (variable \"db_password\" { default = \"…\" })",
        &["variable \""],
        r#"variable\s+"(?P<k>[^"]+)"\s*\{[ \t]*(?:\r?\n[ \t]*)?default\s*=\s*(?P<s>"[^"\r\n]{4,}")"#,
        Check::GenericPair(8),
    ),
    rule(
        "escaped-json-credential",
        High,
        "Credential in JSON embedded in a string literal ({\\\"password\\\":\\\"…\\\"})",
        &["\\\":\\\"", "\\\": \\\""],
        r#"(?i)\\"[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api_?key|apikey|access_?key|credential)\\"\s*:\s*\\"(?P<s>[^"\\\r\n]{4,})\\""#,
        Check::Generic(8),
    ),
    rule(
        "c-define-credential",
        High,
        "Credential in a C/C++ #define (#define API_KEY \"…\")",
        &[
            "password \"",
            "password\t\"",
            "passwd \"",
            "passphrase \"",
            "_pass \"",
            "_pwd \"",
            "secret \"",
            "secret\t\"",
            "token \"",
            "token\t\"",
            "key \"",
            "key\t\"",
            "credential \"",
            "credentials \"",
        ],
        r#"(?i)#[ \t]*define[ \t]+(?P<k>[A-Za-z0-9_]*(?:PASSWORD|PASSWD|PASSPHRASE|_PASS|_PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|AUTH_?KEY|PRIVATE_?KEY|CREDENTIALS?))[ \t]+(?P<s>"[^"\r\n]{4,}")"#,
        Check::Generic(8),
    ),
    rule(
        "pgpass-heredoc",
        High,
        "PostgreSQL password written to a .pgpass file from a script (host:port:db:user:password)",
        &[".pgpass"],
        r#"(?m)\.pgpass\b[^\r\n]*\r?\n[ \t]*[A-Za-z0-9_.*-]+:(?:[0-9]+|\*):[^:\s]+:[^:\s]+:(?P<s>[^\s:]{4,})[ \t]*\r?$"#,
        Check::GenericPair(8),
    ),
    rule(
        "yaml-block-credential",
        High,
        "Credential as a YAML block scalar (password: >- then the value on the next line)",
        &["password: >", "password: |", "passwd: >", "passwd: |", "secret: >", "secret: |", "token: >", "token: |"],
        r#"(?m)(?P<k>[A-Za-z0-9_.-]*(?:password|passwd|secret|token))[ \t]*:[ \t]*[>|][-+]?[ \t]*\r?\n[ \t]+(?P<s>\S{6,})(?:[ \t]+#[^\r\n]*)?[ \t]*\r?$"#,
        Check::GenericPair(8),
    ),
    rule(
        "jwt-signing-secret-literal",
        High,
        "Literal HMAC secret passed to a JWT signing call (jwt.sign(payload, \"…\"), jwt.encode(payload, \"…\"))",
        &["jwt.sign(", "jwt.encode(", "jwt.verify(", "jwt.decode("],
        r#"(?i)\bjwt\.(?:sign|encode|verify|decode)\((?:[^'"`\r\n]|'[^'\r\n]*'|"[^"\r\n]*")*?,\s*(?P<s>"[^"\r\n]{8,}"|'[^'\r\n]{8,}')\s*[,)]"#,
        Check::Generic(8),
    ),
    rule(
        "htpasswd-batch-password",
        High,
        "Password given on the htpasswd command line (htpasswd -b file user password)",
        &["htpasswd"],
        r#"\bhtpasswd\s+(?:-[A-Za-z]+\s+)*-[A-Za-z]*b[A-Za-z]*\s+(?:-[A-Za-z]+\s+)*[^\s-][^\s]*\s+[^\s-][^\s]*\s+(?P<s>'[^'\r\n]{4,}'|"[^"\r\n]{4,}"|[^\s'"$]{4,})"#,
        Check::Generic(8),
    ),
    rule(
        "placeholder-default-credential",
        High,
        "Credential as the default of a ${name:default} placeholder (Spring @Value, shell/compose ${DB_PASSWORD:-…})",
        &["password:", "passwd:", "secret:", "token:", "apikey:", "api-key:", "api_key:"],
        r#"(?i)\$\{(?:[A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key)[A-Za-z0-9_.-]*):-?(?P<s>[^}\s$'"]{4,})\}"#,
        Check::Generic(8),
    ),
    rule(
        "curl-userpwd-option",
        High,
        "user:password given to libcurl (CURLOPT_USERPWD, CURLOPT_PASSWORD)",
        &["curlopt_userpwd", "curlopt_password", "curlopt_proxyuserpwd"],
        r#"\bCURLOPT_(?:(?:PROXY)?USERPWD\s*,\s*"[^":\r\n]*:|PASSWORD\s*,\s*")(?P<s>[^"\r\n]{4,})""#,
        Check::Generic(8),
    ),
    rule(
        "nginx-proxy-header-credential",
        High,
        "Credential in an nginx proxy_set_header (X-Api-Key, Authorization Bearer)",
        &["proxy_set_header"],
        r#"(?i)\bproxy_set_header\s+(?:(?P<k>X-[A-Za-z-]*(?:Key|Token|Secret)|Api-Key)\s+"?(?P<s>[^\s";$]{8,})"?\s*;|Authorization\s+"(?:Bearer|Token)\s+(?P<s2>[^\s";$]{8,})")"#,
        Check::Generic(8),
    ),
    rule(
        "redis-conf-password",
        High,
        "Password in redis.conf / sentinel.conf (requirepass, masterauth)",
        &["requirepass", "masterauth", "auth-pass"],
        r##"(?m)^[ \t]*(?:requirepass|masterauth|sentinel\s+auth-pass\s+\S+)[ \t]+(?P<s>"[^"\r\n]{4,}"|[^\s"]{4,})[ \t]*\r?$"##,
        Check::Generic(8),
    ),
    rule(
        "basic-auth-encoded-literal",
        High,
        "A literal user:password being base64-encoded for a Basic auth header (btoa(\"u:p\"), b64encode(b\"u:p\"), \"u:p\".bytes.encodeBase64())",
        &["btoa(", "b64encode(", "encodebase64", "encodetostring(", "base64_encode(", "strict_encode64(", "encode64("],
        r#"(?:\b(?:btoa|b64encode|base64_encode|strict_encode64|encode64|encodeToString)\(\s*b?["'][^"':\s/]+:(?P<s>[^"'\s/][^"'\s]{3,})["']|["'][^"':\s/]+:(?P<s2>[^"'\s/][^"'\s]{3,})["']\.(?:bytes\.encodeBase64|getBytes\())"#,
        Check::Generic(8),
    ),
];
