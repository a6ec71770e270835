//! Credential files people commit, framework secrets, and URLs / connection strings that
//! carry a password.

use provenance_findings::Severity::{Critical, High, Medium};

use crate::rule::{file_rule, rule, Check, RuleInfo};

/// `scheme://user:password@host` with the scheme alternatives spliced in.
macro_rules! url_rule {
    ($id:expr, $desc:expr, $kw:expr, $schemes:expr) => {
        rule(
            $id,
            Critical,
            $desc,
            $kw,
            concat!(
                r#"(?i)\b(?:"#,
                $schemes,
                r#")://(?P<u>[^:/\s@'"`]*):(?P<s>[^@/\s'"`]{3,})@(?P<h>[^\s/'"`?#:,;@]+)"#
            ),
            Check::UrlPassword,
        )
    };
}

pub(super) const RULES: &[RuleInfo] = &[
    // credential files
    // Apache htpasswd and crypt(3) shadow files: a stored hash can be cracked offline, so
    // it is reported at medium (not blocking at the default `block_at = "high"`).
    file_rule("htpasswd-hash", Medium, "Password hash in an Apache htpasswd file",
        &[".htpasswd", "htpasswd", ".htdigest"], &[],
        r#"^(?P<u>[^:\s#][^:\s]*):(?P<s>\$(?:apr1|2[abxy]|1|5|6)\$[./A-Za-z0-9$]{8,}|\{SHA\}[A-Za-z0-9+/]{27}=)\s*$"#,
        Check::Entropy(3.0)),
    file_rule("shadow-password-hash", Medium, "Password hash in a shadow file",
        &["shadow", "shadow-", "gshadow"], &[],
        r#"^(?P<u>[a-z_][a-z0-9_.-]*\$?):(?P<s>\$(?:1|2[abxy]|5|6|y|7|gy)\$[^:\s]{8,}):"#,
        Check::Entropy(3.0)),
    // FileZilla's site manager and recent servers keep passwords base64-encoded, not encrypted
    file_rule("filezilla-password", Critical, "Password in a FileZilla site manager or recent servers file",
        &["sitemanager.xml", "recentservers.xml", "filezilla.xml"], &["<pass"],
        r#"<Pass(?:\s+encoding="base64")?\s*>(?P<s>[^<\s]{4,})</Pass>"#,
        Check::Generic(6)),
    file_rule("git-credentials", Critical, "Password or token in a .git-credentials file",
        &[".git-credentials", "git-credentials", "git/credentials"], &["://"],
        r#"(?m)^\s*https?://(?P<u>[^:\s/@]+):(?P<s>[^@\s]{4,})@(?P<h>[^\s/]+)"#, Check::UrlPassword),
    file_rule("netrc-password", Critical, "Password in a .netrc file",
        &[".netrc", "_netrc", "netrc"], &["password"],
        r"(?:^|\s)password\s+(?P<s>\S{4,})", Check::UrlPassword),
    file_rule("editor-ftp-config-password", Critical,
        "Password in an editor's FTP/SFTP deploy config (.ftpconfig, sftp-config.json, .vscode/sftp.json, .remote-sync.json)",
        &[".ftpconfig", "sftp-config.json", "sftp.json", ".remote-sync.json", "ftp-config.json", "deploy-config.json"],
        &["pass"],
        r#"(?i)"(?:pass|password|passwd|passphrase)"\s*:\s*"(?P<s>[^"\r\n]{4,})""#, Check::PositionalPassword),
    file_rule("pgpass-password", Critical, "Password in a PostgreSQL .pgpass file",
        &[".pgpass", "pgpass.conf"], &[],
        r"^(?P<h>[^:\s#][^:]*):(?:[0-9]+|\*):[^:]+:(?P<u>[^:]+):(?P<s>\S+)\s*$", Check::UrlPassword),
    file_rule("pgbouncer-userlist-password", High, "Plain-text password in a PgBouncer userlist.txt",
        &["userlist.txt"], &[],
        r#"^\s*"(?P<u>[^"\s]+)"\s+"(?P<s>[^"\r\n]{4,})"\s*$"#, Check::Generic(8)),
    file_rule("pypirc-password", Critical, "Password or token in a .pypirc file",
        &[".pypirc"], &["password"],
        r"(?i)^\s*password\s*[:=]\s*(?P<s>\S{6,})", Check::Entropy(2.5)),
    file_rule("kubeconfig-token", Critical, "Bearer token in a kubeconfig user entry",
        &["kubeconfig", ".kube/config", "kubeconfig.yaml", "kubeconfig.yml"], &["token"],
        r"(?m)^\s*(?:token|id-token|refresh-token):\s*(?P<s>[A-Za-z0-9._~+/=-]{20,})\s*$", Check::Entropy(3.5)),
    file_rule("docker-config-auth", Critical, "Registry credentials in a Docker config.json",
        &[".docker/config.json", ".dockercfg", "docker/config.json"], &["\"auth\""],
        r#""auth"\s*:\s*"(?P<s>[A-Za-z0-9+/]{12,}={0,2})""#, Check::Entropy(3.0)),
    file_rule("rails-master-key", Critical, "Rails master key file",
        &["config/master.key", "master.key", "production.key", "development.key"], &[],
        r"^(?P<s>[0-9a-f]{32})\s*$", Check::Entropy(3.0)),
    rule("npmrc-auth-token", Critical, "Registry auth token in .npmrc / .yarnrc", &["_authtoken", "npmauthtoken"],
        r#"(?i)(?:_authToken|npmAuthToken)["']?\s*[=:]\s*["']?(?P<s>[A-Za-z0-9._~+/=-]{16,})"#, Check::Entropy(3.5)),
    rule("npmrc-auth", Critical, "Base64 user:password in .npmrc `_auth`", &["_auth"],
        r"(?im)^\s*(?:\S*:)?_auth\s*=\s*(?P<s>[A-Za-z0-9+/]{12,}={0,2})\s*$", Check::Entropy(3.0)),
    rule("npmrc-password", Critical, "Base64 password in .npmrc `_password`", &["_password"],
        r"(?im)^\s*(?:\S*:)?_password\s*=\s*(?P<s>[A-Za-z0-9+/]{8,}={0,2})\s*$", Check::Entropy(3.0)),
    rule("composer-auth-token", Critical, "Token in a Composer auth.json (bearer, github-oauth, gitlab-token) keyed by host", &["\"bearer\"", "github-oauth", "gitlab-token", "gitlab-oauth", "bitbucket-oauth"],
        r#""(?:bearer|github-oauth|gitlab-token|gitlab-oauth)"\s*:\s*\{\s*"[^"]+"\s*:\s*"(?P<s>[A-Za-z0-9_.~+/=-]{16,})""#, Check::Entropy(3.5)),
    // framework secrets
    rule("django-secret-key", High, "Django / Flask SECRET_KEY setting", &["secret_key"],
        r#"(?:^|[\s(,])SECRET_KEY\s*=\s*[rbu]?["'](?P<s>[^"'\s]{30,})["']"#, Check::Entropy(3.5)),
    rule("flask-secret-key", High, "Flask app.config SECRET_KEY", &["secret_key"],
        r#"config\[\s*["']SECRET_KEY["']\s*\]\s*=\s*[rbu]?["'](?P<s>[^"'\s]{16,})["']"#, Check::Entropy(3.5)),
    rule("laravel-app-key", High, "Laravel APP_KEY", &["app_key"],
        r#"\bAPP_KEY\s*[=:]\s*["']?(?P<s>base64:[A-Za-z0-9+/]{43}=)"#, Check::Entropy(3.5)),
    rule("rails-master-key-env", Critical, "RAILS_MASTER_KEY value", &["rails_master_key"],
        r#"RAILS_MASTER_KEY["']?\s*[=:]\s*["']?(?P<s>[0-9a-f]{32})\b"#, Check::Entropy(3.0)),
    rule("rails-secret-key-base", High, "Rails secret_key_base", &["secret_key_base"],
        r#"(?i)secret_key_base["']?\s*[=:]\s*["']?(?P<s>[0-9a-f]{64,})"#, Check::Entropy(3.0)),
    rule("symfony-app-secret", Medium, "Symfony APP_SECRET", &["app_secret"],
        r#"\bAPP_SECRET\s*[=:]\s*["']?(?P<s>[0-9a-f]{32})\b"#, Check::Entropy(3.0)),
    rule("wordpress-auth-salt", Medium, "WordPress authentication key or salt in wp-config.php", &["define("],
        r#"define\(\s*['"](?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)['"]\s*,\s*['"](?P<s>[^'"]{32,})['"]"#, Check::Entropy(4.0)),
    rule("php-define-password", High, "Password or secret in a PHP define()", &["define("],
        r#"(?i)define\(\s*['"](?P<k>[A-Za-z0-9_]*(?:PASSWORD|PASS|SECRET|TOKEN|API_KEY)[A-Za-z0-9_]*)['"]\s*,\s*['"](?P<s>[^'"]{6,})['"]"#, Check::Generic(8)),
    // URLs and connection strings with passwords
    url_rule!("postgres-url-password", "PostgreSQL connection URL with a password", &["postgres"], r"postgres(?:ql)?(?:\+[A-Za-z0-9_]+)?"),
    url_rule!("mysql-url-password", "MySQL / MariaDB connection URL with a password", &["mysql", "mariadb"], r"mysql(?:x|2)?(?:\+[A-Za-z0-9_]+)?|mariadb(?:\+[A-Za-z0-9_]+)?"),
    url_rule!("mongodb-url-password", "MongoDB connection URL with a password", &["mongodb"], r"mongodb(?:\+srv)?"),
    url_rule!("redis-url-password", "Redis connection URL with a password", &["redis"], r"rediss?"),
    url_rule!("amqp-url-password", "AMQP (RabbitMQ) URL with a password", &["amqp"], r"amqps?"),
    url_rule!("mssql-url-password", "SQL Server URL with a password", &["mssql", "sqlserver"], r"mssql(?:\+[A-Za-z0-9_]+)?|sqlserver"),
    url_rule!("oracle-url-password", "Oracle connection URL with a password", &["oracle"], r"oracle(?:\+[A-Za-z0-9_]+)?"),
    url_rule!("ftp-url-password", "FTP / SFTP URL with a password", &["ftp"], r"s?ftps?"),
    url_rule!("smtp-url-password", "SMTP URL with a password", &["smtp"], r"smtps?"),
    url_rule!("ldap-url-password", "LDAP URL with a password", &["ldap"], r"ldaps?"),
    url_rule!("database-url-password", "Database or broker URL with a password (ClickHouse, CockroachDB, Neo4j, NATS, Cassandra, CouchDB, InfluxDB, Kafka, Snowflake)", &["cloudinary", "clickhouse", "cockroach", "neo4j", "bolt", "nats", "cassandra", "couchdb", "influxdb", "kafka", "snowflake", "elasticsearch"], r"cloudinary|clickhouse|cockroachdb|neo4j(?:\+s)?|bolt|nats|cassandra|couchdb|influxdb|kafka|snowflake|elasticsearch"),
    rule("mysql-dsn-password", Critical, "Go MySQL driver DSN with a password (user:pass@tcp(host))", &["@tcp("],
        r#"(?:^|["'`\s=])(?P<u>[A-Za-z0-9_.-]+):(?P<s>[^@"'`\s]{4,})@tcp\((?P<h>[^)\s]+)\)"#, Check::UrlPassword),
    rule("oracle-jdbc-thin-password", Critical, "Oracle thin JDBC URL with user/password@host", &["jdbc:oracle:thin:"],
        r#"(?i)jdbc:oracle:thin:(?P<u>[A-Za-z0-9_$#]+)/(?P<s>[^@\s"'`/]{3,})@(?://)?(?P<h>[A-Za-z0-9_.-]+)"#, Check::UrlPassword),
    rule("jdbc-url-password", Critical, "JDBC URL with a password parameter", &["jdbc:"],
        r#"(?i)jdbc:[a-z0-9]+:[^\s"'`]*?[;?&:](?:password|pwd)=(?P<s>[^;&\s"'`]{3,})"#, Check::UrlPassword),
    rule("odbc-connection-string-password", Critical, "ADO.NET / ODBC connection string with a password", &["password=", "pwd="],
        r#"(?i)(?:server|data source|host|address|addr)\s*=[^;"'\n]+;[^"'\n]*?\b(?:password|pwd)\s*=\s*(?P<s>[^;"'\n]{4,})"#, Check::UrlPassword),
    url_rule!("other-url-password", "MQTT, SOCKS, RTSP, SSH, IMAP/POP3, SIP or SVN URL with a password", &["mqtt", "socks", "rtsp", "ssh://", "imap", "pop3", "sip:", "sips:", "svn:", "svn+"], r"mqtts?|socks[45]h?|rtsps?|ssh|git\+ssh|svn(?:\+ssh)?|imaps?|pop3s?|sips?"),
    rule("basic-auth-url", Critical, "URL with user:password@ credentials (HTTP, WebSocket and any scheme not listed above: rsync, smb, telnet, vnc, db2, trino, couchbase, memcached …)", &["://"],
        r#"(?i)\b[a-z][a-z0-9+.-]{1,24}://(?P<u>[^:/\s@'"`]*):(?P<s>[^@/\s:'"`]{3,})@(?P<h>[^\s/'"`?#:,;@]+)"#, Check::UrlPassword),
];
