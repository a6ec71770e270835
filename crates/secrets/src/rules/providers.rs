//! More provider formats: prefixed tokens whose layout the provider documents (prefix,
//! length, alphabet), connection strings and URLs that carry a key, and keys of a fixed
//! shape that are only recognisable next to the provider's name.

use provenance_findings::Severity::{Critical, High, Medium};

use crate::rule::{file_rule, rule, Check, RuleInfo};

pub(super) const RULES: &[RuleInfo] = &[
    rule(
        "onepassword-secret-key",
        Critical,
        "1Password account Secret Key (A3-…)",
        &["a3-"],
        r#"\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "maxmind-license-key",
        High,
        "MaxMind license key (…_mmk)",
        &["_mmk"],
        r#"\b[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "honeycomb-ingest-key",
        High,
        "Honeycomb ingest key (hc?ik_ key id and secret)",
        &["ik_"],
        r#"\bhc[a-z]ik_[a-z0-9]{58}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "new-relic-license-key",
        High,
        "New Relic ingest license key (…NRAL)",
        &["nral"],
        r#"\b[a-z0-9]{36}NRAL\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "deno-deploy-token",
        High,
        "Deno Deploy access token (ddp_, ddw_)",
        &["ddp_", "ddw_"],
        r#"\bdd[pw]_[A-Za-z0-9]{36}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "clickhouse-cloud-api-secret",
        High,
        "ClickHouse Cloud API key secret (4b1d…)",
        &["4b1d"],
        r#"\b4b1d[A-Za-z0-9]{38}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "intra42-client-secret",
        High,
        "42 Intra OAuth client secret",
        &["s-s4t2"],
        r#"\bs-s4t2(?:ud|af)-[a-f0-9]{64}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "gitlab-session-cookie",
        High,
        "GitLab session cookie value",
        &["_gitlab_session="],
        r#"_gitlab_session=(?P<s>[0-9a-z]{32})\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "easypost-test-api-key",
        Medium,
        "EasyPost test API key (EZTK)",
        &["eztk"],
        r#"\bEZTK[a-zA-Z0-9]{54}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "sidekiq-sensitive-url",
        High,
        "Sidekiq Pro/Enterprise gem source URL with credentials",
        &["contribsys.com"],
        r#"https?://(?P<s>[a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\.contribsys\.com"#,
        // the format (8 hex : 8 hex at Contribsys' gem servers) decides
        Check::Format,
    ),
    rule(
        "yandex-static-access-secret",
        High,
        "Yandex Cloud static access key secret (YC…)",
        &["yc"],
        r#"\bYC[A-Za-z0-9_-]{38}\b"#,
        Check::Entropy(4.0),
    ),
    rule(
        "mongodb-atlas-service-account-secret",
        Critical,
        "MongoDB Atlas service account client secret",
        &["mdb_sa_sk_"],
        r#"\bmdb_sa_sk_[A-Za-z0-9_-]{6}[A-Za-z0-9]{34}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "pagarme-api-key",
        Critical,
        "Pagar.me live API key",
        &["ak_live_"],
        r#"\bak_live_[A-Za-z0-9]{30}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "pubnub-secret-key",
        High,
        "PubNub secret key (sec-c-)",
        &["sec-c-"],
        r#"\bsec-c-[A-Za-z0-9+/]{40,60}={0,2}"#,
        Check::Entropy(3.5),
    ),
    rule(
        "stackhawk-api-key",
        High,
        "StackHawk API key",
        &["hawk."],
        r#"\bhawk\.[0-9A-Za-z_-]{20}\.[0-9A-Za-z_-]{20}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "zoho-oauth-token",
        High,
        "Zoho OAuth access or refresh token (1000.…)",
        &["1000."],
        r#"\b1000\.[a-f0-9]{32}\.[a-f0-9]{32}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "ubidots-token",
        High,
        "Ubidots API token (BBFF-)",
        &["bbff-"],
        r#"\bBBFF-[0-9a-zA-Z]{30}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "dependency-track-api-key",
        High,
        "OWASP Dependency-Track API key (odt_)",
        &["odt_"],
        r#"\bodt_[A-Za-z0-9_]{32,}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "flexport-api-key",
        High,
        "Flexport API key (shltm_)",
        &["shltm_"],
        r#"\bshltm_[0-9A-Za-z_-]{40}"#,
        Check::Entropy(3.5),
    ),
    rule(
        "fleetbase-api-key",
        High,
        "Fleetbase live API key",
        &["flb_live_"],
        r#"\bflb_live_[0-9A-Za-z]{20}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "fullstory-api-key",
        High,
        "FullStory API key (na1.)",
        &["na1."],
        r#"\bna1\.[A-Za-z0-9+/]{90,}={0,2}"#,
        Check::Entropy(4.0),
    ),
    rule(
        "doppler-cli-token",
        High,
        "Doppler CLI token (dp.ct.)",
        &["dp.ct."],
        r#"\bdp\.ct\.[A-Za-z0-9]{40,44}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "doppler-service-account-token",
        High,
        "Doppler service account token (dp.sa.)",
        &["dp.sa."],
        r#"\bdp\.sa\.[A-Za-z0-9]{40,44}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "doppler-scim-token",
        High,
        "Doppler SCIM token (dp.scim.)",
        &["dp.scim."],
        r#"\bdp\.scim\.[A-Za-z0-9]{40,44}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "doppler-audit-token",
        High,
        "Doppler audit token (dp.audit.)",
        &["dp.audit."],
        r#"\bdp\.audit\.[A-Za-z0-9]{40,44}\b"#,
        Check::Entropy(3.5),
    ),
    rule(
        "fly-io-oauth-token",
        High,
        "Fly.io OAuth token (fo1_)",
        &["fo1_"],
        r#"\b(?P<s>fo1_[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$)"#,
        Check::Entropy(3.5),
    ),
    rule(
        "fly-io-macaroon-token",
        High,
        "Fly.io macaroon token without the FlyV1 scheme (fm1a_, fm1r_, fm2_)",
        &["fm1a_", "fm1r_", "fm2_"],
        r#"\b(?:fm1[ar]|fm2)_[A-Za-z0-9+/]{100,}={0,3}"#,
        Check::Entropy(4.0),
    ),
    rule(
        "aws-bedrock-short-term-key",
        Critical,
        "Amazon Bedrock short-term API key",
        &["bedrock-api-key-"],
        r#"\bbedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%_-]{20,}"#,
        Check::Entropy(3.5),
    ),
    rule(
        "authress-access-key",
        Critical,
        "Authress service client access key",
        &[".acc_", ".acc-"],
        r#"\b(?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc[_-][A-Za-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120}"#,
        Check::Entropy(3.5),
    ),
    // NuGet.Config `<packageSourceCredentials>`: `ClearTextPassword` holds the password
    // unencrypted (Microsoft, "nuget.config reference").
    rule(
        "nuget-cleartext-password",
        High,
        "Unencrypted package source password in a NuGet.Config (ClearTextPassword)",
        &["cleartextpassword"],
        r#"(?i)<add\s+key\s*=\s*["']ClearTextPassword["']\s+value\s*=\s*["'](?P<s>[^"'\r\n]{6,})["']"#,
        Check::Format,
    ),
    rule(
        "slack-legacy-bot-token",
        High,
        "Slack legacy bot token (xoxb- with two parts)",
        &["xoxb-"],
        r#"\bxoxb-[0-9]{8,14}-[A-Za-z0-9]{18,26}\b"#,
        Check::Entropy(3.5),
    ),
    // Jira / Confluence / Bitbucket Data Center personal access tokens: base64 of
    // `<12-digit id>:<20 random bytes>`, 44 characters, checked by decoding.
    rule(
        "atlassian-data-center-pat",
        High,
        "Atlassian Data Center (Jira, Confluence, Bitbucket) personal access token",
        &["jira", "confluence", "bitbucket", "bamboo", "atlassian"],
        concat!(
            r#"(?i)(?:jira|confluence|bitbucket|bamboo|atlassian)[A-Za-z0-9_.-]{0,30}"#,
            sep!(),
            r#"["']?(?:Bearer\s+)?(?P<s>(?-i:[MNO][A-Za-z0-9+/]{43}))(?:["'\s,;]|$)"#
        ),
        Check::AtlassianPat,
    ),
    rule(
        "hubspot-api-key",
        High,
        "HubSpot legacy API key (hapikey, or a UUID next to HubSpot's name)",
        &["hapikey", "hubspot"],
        r#"(?i)(?:hapikey|hubspot[A-Za-z0-9_.-]{0,20}?(?:api_?key|apikey|hapikey|_?key))[\"']?\s*[:=]\s*[\"']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
        // a UUID under the vendor's own key name: the format decides
        Check::Format,
    ),
    rule(
        "azure-app-configuration-secret",
        Critical,
        "Azure App Configuration connection string secret",
        &["azconfig.io"],
        r#"azconfig\.io;Id=[^;\s]{4,40};Secret=(?P<s>[A-Za-z0-9+/]{36,50}=)"#,
        Check::Entropy(4.0),
    ),
    rule(
        "azure-signalr-access-key",
        Critical,
        "Azure SignalR / Web PubSub connection string access key",
        &["accesskey="],
        r#"(?i)\.(?:service\.signalr\.net|webpubsub\.azure\.com)[^\s\"']*;AccessKey=(?P<s>[A-Za-z0-9+/]{43}=)"#,
        Check::Entropy(4.0),
    ),
    rule(
        "cloudinary-url",
        High,
        "Cloudinary URL with API secret",
        &["cloudinary://"],
        r#"cloudinary://[0-9]{12,16}:(?P<s>[A-Za-z0-9_-]{27})@[A-Za-z0-9_-]+"#,
        Check::Entropy(3.5),
    ),
    rule(
        "pinterest-access-token",
        High,
        "Pinterest API access or refresh token (pina_, pinr_)",
        &["pina_", "pinr_"],
        r#"\bpin[ar]_[A-Za-z0-9]{32,}"#,
        Check::Entropy(3.5),
    ),
    rule(
        "riot-games-api-key",
        High,
        "Riot Games API key (RGAPI-)",
        &["rgapi-"],
        r#"\bRGAPI-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "cloudflare-tunnel-token",
        Critical,
        "Cloudflare Tunnel token (base64 {\"a\":…})",
        &["eyjhijoi"],
        r#"\beyJhIjoi[A-Za-z0-9+/=_-]{100,}"#,
        Check::Entropy(4.0),
    ),
    rule(
        "midtrans-server-key",
        Critical,
        "Midtrans server key",
        &["mid-server-"],
        r#"\b(?:SB-)?Mid-server-[A-Za-z0-9_-]{20,}"#,
        Check::Entropy(3.5),
    ),
    rule(
        "mercadopago-access-token",
        Critical,
        "Mercado Pago access token (APP_USR-)",
        &["app_usr-"],
        r#"\bAPP_USR-[0-9]{16}-[0-9]{6}-[a-f0-9]{32}-[0-9]{6,12}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "klaviyo-private-key",
        High,
        "Klaviyo private API key",
        &["pk_"],
        r#"\bpk_[a-f0-9]{34}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "woocommerce-consumer-secret",
        High,
        "WooCommerce REST API consumer secret (cs_)",
        &["cs_"],
        r#"\bcs_[a-f0-9]{40}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "feishu-webhook-url",
        High,
        "Feishu / Lark bot webhook URL",
        &["/open-apis/bot/v2/hook/"],
        r#"open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"#,
        Check::Entropy(3.0),
    ),
    rule(
        "firecrawl-api-key",
        High,
        "Firecrawl API key (fc-)",
        &["fc-"],
        r#"\bfc-[a-f0-9]{32}\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "azure-apim-subscription-key",
        High,
        "Azure API Management subscription key (Ocp-Apim-Subscription-Key)",
        &["ocp-apim-subscription-key"],
        r#"(?i)Ocp-Apim-Subscription-Key[\"']?\s*[:=,]\s*[\"']?(?P<s>[a-f0-9]{32})\b"#,
        Check::Entropy(3.0),
    ),
    rule(
        "pagerduty-api-key",
        High,
        "PagerDuty API key (next to its name)",
        &["pagerduty"],
        concat!(
            r#"(?i)(?:pagerduty)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_+-]{20}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "opsgenie-api-key",
        High,
        "Opsgenie API key (next to its name)",
        &["opsgenie"],
        concat!(
            r#"(?i)(?:opsgenie)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "bugsnag-api-key",
        Medium,
        "Bugsnag API key (next to its name)",
        &["bugsnag"],
        concat!(
            r#"(?i)(?:bugsnag)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "rollbar-access-token",
        High,
        "Rollbar access token (next to its name)",
        &["rollbar"],
        concat!(
            r#"(?i)(?:rollbar)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "lokalise-api-token",
        High,
        "Lokalise API token (next to its name)",
        &["lokalise"],
        concat!(
            r#"(?i)(?:lokalise)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "crowdin-api-token",
        High,
        "Crowdin personal access token (next to its name)",
        &["crowdin"],
        concat!(
            r#"(?i)(?:crowdin)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{80}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "todoist-api-token",
        High,
        "Todoist API token (next to its name)",
        &["todoist"],
        concat!(
            r#"(?i)(?:todoist)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "trello-api-token",
        High,
        "Trello API token (next to its name)",
        &["trello"],
        concat!(
            r#"(?i)(?:trello)[A-Za-z0-9_. -]{0,20}?(?:token|secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:ATTA[A-Fa-f0-9]{64,}|[a-f0-9]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "freshdesk-api-key",
        High,
        "Freshdesk API key (next to its name)",
        &["freshdesk"],
        concat!(
            r#"(?i)(?:freshdesk)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{20}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "mixpanel-api-secret",
        High,
        "Mixpanel API secret (next to its name)",
        &["mixpanel"],
        concat!(
            r#"(?i)(?:mixpanel)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "amplitude-api-secret",
        High,
        "Amplitude secret key (next to its name)",
        &["amplitude"],
        concat!(
            r#"(?i)(?:amplitude)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "coveralls-repo-token",
        Medium,
        "Coveralls repository token (next to its name)",
        &["coveralls"],
        concat!(
            r#"(?i)(?:coveralls)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{32,37}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "codacy-api-token",
        Medium,
        "Codacy API or project token (next to its name)",
        &["codacy"],
        concat!(
            r#"(?i)(?:codacy)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{20,32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "cloudsmith-api-key",
        High,
        "Cloudsmith API key (next to its name)",
        &["cloudsmith"],
        concat!(
            r#"(?i)(?:cloudsmith)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "gitea-access-token",
        High,
        "Gitea / Forgejo access token (next to its name)",
        &["gitea", "forgejo"],
        concat!(
            r#"(?i)(?:gitea|forgejo)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "jenkins-api-token",
        High,
        "Jenkins API token (11 + 32 hex) (next to its name)",
        &["jenkins"],
        concat!(
            r#"(?i)(?:jenkins)[A-Za-z0-9_. -]{0,20}?(?:token|api.?key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:11[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "drone-ci-token",
        High,
        "Drone CI token (next to its name)",
        &["drone"],
        concat!(
            r#"(?i)(?:drone)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "saucelabs-access-key",
        High,
        "Sauce Labs access key (next to its name)",
        &["sauce"],
        concat!(
            r#"(?i)(?:sauce)[A-Za-z0-9_. -]{0,20}?(?:access.?key|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "browserstack-access-key",
        High,
        "BrowserStack access key (next to its name)",
        &["browserstack"],
        concat!(
            r#"(?i)(?:browserstack)[A-Za-z0-9_. -]{0,20}?(?:access.?key|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{20}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "cypress-record-key",
        Medium,
        "Cypress Cloud record key (next to its name)",
        &["cypress"],
        concat!(
            r#"(?i)(?:cypress)[A-Za-z0-9_. -]{0,20}?(?:record.?key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "percy-token",
        Medium,
        "Percy project token (next to its name)",
        &["percy"],
        concat!(
            r#"(?i)(?:percy)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "hetzner-cloud-token",
        Critical,
        "Hetzner Cloud API token (next to its name)",
        &["hcloud", "hetzner"],
        concat!(
            r#"(?i)(?:hcloud|hetzner)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "vultr-api-key",
        Critical,
        "Vultr API key (next to its name)",
        &["vultr"],
        concat!(
            r#"(?i)(?:vultr)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Z0-9]{36}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "ovh-application-secret",
        Critical,
        "OVHcloud application secret or consumer key (next to its name)",
        &["ovh"],
        concat!(
            r#"(?i)(?:\bovh)[A-Za-z0-9_. -]{0,20}?(?:secret|consumer.?key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "sanity-api-token",
        High,
        "Sanity API token (next to its name)",
        &["sanity"],
        concat!(
            r#"(?i)(?:sanity)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:sk[A-Za-z0-9]{70,}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(4.0),
    ),
    rule(
        "auth0-client-secret",
        Critical,
        "Auth0 client secret (next to its name)",
        &["auth0"],
        concat!(
            r#"(?i)(?:auth0)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_-]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(4.0),
    ),
    rule(
        "onelogin-client-secret",
        Critical,
        "OneLogin API client secret (next to its name)",
        &["onelogin"],
        concat!(
            r#"(?i)(?:onelogin)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "zerotier-api-token",
        High,
        "ZeroTier Central API token (next to its name)",
        &["zerotier"],
        concat!(
            r#"(?i)(?:zerotier)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "openweather-api-key",
        Medium,
        "OpenWeather API key (next to its name)",
        &["openweather"],
        concat!(
            r#"(?i)(?:openweather)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "rapidapi-key",
        High,
        "RapidAPI key (next to its name)",
        &["rapidapi"],
        concat!(
            r#"(?i)(?:rapidapi)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_-]{50}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "meraki-api-key",
        Critical,
        "Cisco Meraki API key (next to its name)",
        &["meraki"],
        concat!(
            r#"(?i)(?:meraki)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "splunk-hec-token",
        High,
        "Splunk HTTP Event Collector token (next to its name)",
        &["splunk"],
        concat!(
            r#"(?i)(?:splunk)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "sumologic-access-key",
        High,
        "Sumo Logic access key (next to its name)",
        &["sumo"],
        concat!(
            r#"(?i)(?:sumo)[A-Za-z0-9_. -]{0,20}?(?:access.?key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "loggly-token",
        High,
        "Loggly customer token (next to its name)",
        &["loggly"],
        concat!(
            r#"(?i)(?:loggly)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "airbrake-api-key",
        Medium,
        "Airbrake project or user key (next to its name)",
        &["airbrake"],
        concat!(
            r#"(?i)(?:airbrake)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "assemblyai-api-key",
        High,
        "AssemblyAI API key (next to its name)",
        &["assemblyai", "assembly_ai"],
        concat!(
            r#"(?i)(?:assemblyai|assembly_ai)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "deepgram-api-key",
        High,
        "Deepgram API key (next to its name)",
        &["deepgram"],
        concat!(
            r#"(?i)(?:deepgram)[A-Za-z0-9_. -]{0,20}?(?:key|token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "elevenlabs-api-key",
        High,
        "ElevenLabs API key (next to its name)",
        &["elevenlabs", "xi_api", "xi-api"],
        concat!(
            r#"(?i)(?:elevenlabs|xi[_-]api)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:sk_[a-f0-9]{48}|[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "wandb-api-key",
        High,
        "Weights & Biases API key (next to its name)",
        &["wandb"],
        concat!(
            r#"(?i)(?:wandb)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "stability-api-key",
        High,
        "Stability AI API key (next to its name)",
        &["stability"],
        concat!(
            r#"(?i)(?:stability)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:sk-[A-Za-z0-9]{48}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(4.0),
    ),
    rule(
        "binance-api-secret",
        Critical,
        "Binance API key or secret (next to its name)",
        &["binance"],
        concat!(
            r#"(?i)(?:binance)[A-Za-z0-9_. -]{0,20}?(?:secret|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "kraken-private-key",
        Critical,
        "Kraken API private key (next to its name)",
        &["kraken"],
        concat!(
            r#"(?i)(?:kraken)[A-Za-z0-9_. -]{0,20}?(?:secret|private|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9+/]{86}==))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(4.0),
    ),
    rule(
        "etherscan-api-key",
        Medium,
        "Etherscan-family explorer API key (next to its name)",
        &["etherscan", "bscscan", "polygonscan"],
        concat!(
            r#"(?i)(?:etherscan|bscscan|polygonscan)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Z0-9]{34}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "infura-api-secret",
        High,
        "Infura API key secret (next to its name)",
        &["infura"],
        concat!(
            r#"(?i)(?:infura)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "alchemy-api-key",
        High,
        "Alchemy API key (next to its name)",
        &["alchemy"],
        concat!(
            r#"(?i)(?:alchemy)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_-]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "mandrill-api-key",
        High,
        "Mailchimp Transactional (Mandrill) API key (next to its name)",
        &["mandrill"],
        concat!(
            r#"(?i)(?:mandrill)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:(?:md-)?[A-Za-z0-9_-]{22}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "sparkpost-api-key",
        High,
        "SparkPost API key (next to its name)",
        &["sparkpost"],
        concat!(
            r#"(?i)(?:sparkpost)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "plivo-auth-token",
        High,
        "Plivo auth token (next to its name)",
        &["plivo"],
        concat!(
            r#"(?i)(?:plivo)[A-Za-z0-9_. -]{0,20}?(?:token|secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_-]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "vonage-api-secret",
        High,
        "Vonage (Nexmo) API secret (next to its name)",
        &["vonage", "nexmo"],
        concat!(
            r#"(?i)(?:vonage|nexmo)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{16}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "pusher-app-secret",
        High,
        "Pusher Channels app secret (next to its name)",
        &["pusher"],
        concat!(
            r#"(?i)(?:pusher)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{20}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "ably-api-key",
        High,
        "Ably API key (app.key:secret) (next to its name)",
        &["ably"],
        concat!(
            r#"(?i)(?:\bably)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{6}:[A-Za-z0-9_+/=-]{43}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "zulip-api-key",
        High,
        "Zulip bot API key (next to its name)",
        &["zulip"],
        concat!(
            r#"(?i)(?:zulip)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "spotify-client-secret",
        High,
        "Spotify client secret (next to its name)",
        &["spotify"],
        concat!(
            r#"(?i)(?:spotify)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "steam-web-api-key",
        Medium,
        "Steam Web API key (next to its name)",
        &["steam"],
        concat!(
            r#"(?i)(?:\bsteam)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9A-F]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "veracode-api-secret",
        High,
        "Veracode API key secret (next to its name)",
        &["veracode"],
        concat!(
            r#"(?i)(?:veracode)[A-Za-z0-9_. -]{0,20}?(?:secret|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{128}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "pipedrive-api-token",
        High,
        "Pipedrive API token (next to its name)",
        &["pipedrive"],
        concat!(
            r#"(?i)(?:pipedrive)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "mailtrap-api-token",
        Medium,
        "Mailtrap API token (next to its name)",
        &["mailtrap"],
        concat!(
            r#"(?i)(?:mailtrap)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "ghost-admin-api-key",
        High,
        "Ghost Admin API key (id:secret) (next to its name)",
        &["ghost"],
        concat!(
            r#"(?i)(?:ghost)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{24}:[0-9a-f]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "webflow-api-token",
        High,
        "Webflow API token (next to its name)",
        &["webflow"],
        concat!(
            r#"(?i)(?:webflow)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{64}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "railway-token",
        High,
        "Railway API or project token (next to its name)",
        &["railway"],
        concat!(
            r#"(?i)(?:railway)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "alibaba-access-key-secret",
        Critical,
        "Alibaba Cloud AccessKey secret (next to its name)",
        &["alibaba", "aliyun", "alicloud"],
        concat!(
            r#"(?i)(?:alibaba|aliyun|alicloud)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{30}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "tencent-cloud-secret-key",
        Critical,
        "Tencent Cloud SecretKey (next to its name)",
        &["tencent", "qcloud"],
        concat!(
            r#"(?i)(?:tencent|qcloud)[A-Za-z0-9_. -]{0,20}?(?:secret.?key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "huawei-cloud-secret-key",
        Critical,
        "Huawei Cloud secret access key (next to its name)",
        &["huawei", "hwcloud"],
        concat!(
            r#"(?i)(?:huawei|hwcloud)[A-Za-z0-9_. -]{0,20}?(?:secret|sk)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "wechat-app-secret",
        High,
        "WeChat app secret (next to its name)",
        &["wechat", "weixin"],
        concat!(
            r#"(?i)(?:wechat|weixin)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "mollie-api-key",
        Critical,
        "Mollie API key (live_, test_) (next to its name)",
        &["mollie"],
        concat!(
            r#"(?i)(?:mollie)[A-Za-z0-9_. -]{0,20}?(?:key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:(?:live|test)_[A-Za-z0-9]{30}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "gitter-access-token",
        Medium,
        "Gitter access token (next to its name)",
        &["gitter"],
        concat!(
            r#"(?i)(?:gitter)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_-]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "sendbird-api-token",
        High,
        "Sendbird API token (next to its name)",
        &["sendbird"],
        concat!(
            r#"(?i)(?:sendbird)[A-Za-z0-9_. -]{0,20}?(?:token)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "looker-client-secret",
        High,
        "Looker API client secret (next to its name)",
        &["looker"],
        concat!(
            r#"(?i)(?:looker)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9]{24}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "plaid-secret",
        Critical,
        "Plaid API secret (next to its name)",
        &["plaid"],
        concat!(
            r#"(?i)(?:plaid)[A-Za-z0-9_. -]{0,20}?(?:secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{30}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "discord-client-secret",
        High,
        "Discord OAuth2 client secret (next to its name)",
        &["discord"],
        concat!(
            r#"(?i)(?:discord)[A-Za-z0-9_. -]{0,20}?(?:client.?secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_-]{32}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    rule(
        "github-oauth-client-secret",
        Critical,
        "GitHub OAuth app client secret (next to its name)",
        &["github", "gh"],
        concat!(
            r#"(?i)(?:github|gh)[A-Za-z0-9_. -]{0,20}?(?:client.?secret)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{40}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.0),
    ),
    rule(
        "contentful-delivery-token",
        Medium,
        "Contentful delivery or preview API token (next to its name)",
        &["contentful"],
        concat!(
            r#"(?i)(?:contentful)[A-Za-z0-9_. -]{0,20}?(?:token|key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[A-Za-z0-9_-]{43}))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(3.5),
    ),
    file_rule(
        "akamai-edgegrid-client-secret",
        Critical,
        "Akamai EdgeGrid client secret in .edgerc",
        &[".edgerc"],
        &["client_secret"],
        r"(?i)^\s*client_secret\s*=\s*(?P<s>[A-Za-z0-9+/]{43}=)",
        Check::Entropy(4.0),
    ),
    // Alibaba Cloud STS temporary credentials: the AccessKey ID starts with `STS.`
    rule(
        "alibaba-sts-access-key-id",
        High,
        "Alibaba Cloud STS temporary AccessKey ID (STS.…) next to Alibaba's name",
        &["sts."],
        r#"(?i)(?:alibaba|aliyun|alicloud)[ -~]{0,40}?\bSTS\.(?P<s>[A-Za-z0-9]{16,32})\b"#,
        Check::Entropy(3.5),
    ),
    // Checkout.com secret keys: `sk_sbox_` + 26 (current platform) or `sk_[test_]<uuid>`
    // (previous platform) under Checkout's name
    rule(
        "checkout-secret-key",
        Critical,
        "Checkout.com secret key",
        &["sk_sbox_", "checkout"],
        concat!(
            r#"\bsk_sbox_[a-z0-9]{26}\b|(?i)checkout[ -~]{0,20}(?:secret|key)"#,
            sep!(),
            r#"["']?(?P<s>sk_(?:test_)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#
        ),
        Check::Format,
    ),
    // CockroachDB Cloud service account API keys: `CCDB1_<id>_<secret>`
    rule(
        "cockroachdb-cloud-api-key",
        Critical,
        "CockroachDB Cloud API key (CCDB1_)",
        &["ccdb1_"],
        r"\bCCDB1_[A-Za-z0-9]{16,30}_[A-Za-z0-9]{24,48}\b",
        Check::Entropy(3.5),
    ),
    // ConfigCat SDK keys: `configcat-sdk-1/<22>/<22>`, or `<22>/<22>` before 2024
    rule(
        "configcat-sdk-key",
        Medium,
        "ConfigCat SDK key",
        &["configcat"],
        concat!(
            r#"\bconfigcat-sdk-1/[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{22}\b|(?i)configcat[ -~]{0,20}key"#,
            sep!(),
            r#"["']?(?P<s>(?:configcat-sdk-1/)?[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{22})\b"#
        ),
        Check::Format,
    ),
    // api.data.gov keys: 40 letters and digits
    rule(
        "data-gov-api-key",
        High,
        "api.data.gov API key next to data.gov's name",
        &["data.gov", "data_gov"],
        concat!(
            r#"(?i)data[._]gov[ -~]{0,20}?(?:key|token)"#,
            sep!(),
            r#"["']?(?P<s>[A-Za-z0-9]{40})\b"#
        ),
        Check::Entropy(3.5),
    ),
    // Devin (Cognition) API keys: personal `apk_user_…`, service `apk_…`, `cog_…`
    rule(
        "devin-api-key",
        High,
        "Devin API key",
        &["apk_user_", "devin"],
        concat!(
            r#"\bapk_user_[A-Za-z0-9+/_=-]{40,}|(?i)devin[ -~]{0,20}(?:key|token)"#,
            sep!(),
            r#"["']?(?P<s>(?:apk|cog)_[A-Za-z0-9+/_=-]{40,})"#
        ),
        Check::Entropy(3.5),
    ),
    // WakaTime API keys: `waka_` + [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}, or a bare [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} under WakaTime's name
    rule(
        "wakatime-api-key",
        High,
        "WakaTime API key",
        &["waka_", "wakatime"],
        concat!(
            r#"\bwaka_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|(?i)waka(?:time)?[ -~]{0,20}key"#,
            sep!(),
            r#"["']?(?P<s>(?:waka_)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#
        ),
        Check::Format,
    ),
    // Pinecone API keys before `pcsk_`: a [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} under Pinecone's name
    rule(
        "pinecone-legacy-api-key",
        High,
        "Pinecone legacy API key (a [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} next to Pinecone's name)",
        &["pinecone"],
        concat!(
            r#"(?i)pinecone[ -~]{0,20}key"#,
            sep!(),
            r#"["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#
        ),
        Check::Format,
    ),
    // Salesforce session / OAuth access tokens: `<15- or 18-character org id>!<token>`
    rule(
        "salesforce-access-token",
        Critical,
        "Salesforce access token (org id ! session)",
        &["00d"],
        r"\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,}",
        Check::Entropy(4.0),
    ),
    // Facebook app access tokens: `<app id>|<app secret or client token>`
    rule(
        "facebook-app-access-token",
        High,
        "Facebook app access token (app id | secret)",
        &["facebook", "fb_"],
        r#"(?i)(?:facebook|\bfb_)[ -~]{0,40}?\b(?P<s>[0-9]{15,16}\|[A-Za-z0-9_-]{24,40})\b"#,
        Check::Entropy(3.5),
    ),
    // Honeycomb configuration and ingest keys given bare: 22 letters and digits (or
    // 32 hex for classic keys), recognisable only next to Honeycomb's name
    rule(
        "honeycomb-api-key",
        High,
        "Honeycomb API key (22-character or classic 32-hex key next to Honeycomb's name)",
        &["honeycomb"],
        concat!(
            r#"(?i)honeycomb[ -~]{0,20}(?:key|token|writekey)"#,
            sep!(),
            r#"["']?(?P<s>[A-Za-z0-9]{22}|[a-f0-9]{32})\b"#
        ),
        Check::Entropy(3.5),
    ),
    // Formats added from the providers' documentation: legacy formats, keys whose
    // layout decodes (base64 lengths, fixed separators), and tool configuration files.
    rule(
        "azure-storage-account-key-bare",
        Critical,
        "Azure Storage account key given bare (88 base64 characters of 64 bytes) next to a storage key name or --account-key",
        &["storage", "account-key", "accountkey", "account_key"],
        concat!(
            r#"(?i)(?:(?:(?:azure|storage)[A-Za-z0-9_.-]{0,30}?(?:account_?key|access_?key|_key|key)|account_?key)[A-Za-z0-9_"'\]-]*"#,
            sep!(),
            r#"["']?|--account-key[ =]["']?)(?P<s>(?-i:[A-Za-z0-9+/]{86}==))(?:["'\s,;]|$)"#
        ),
        Check::Entropy(4.5),
    ),
    rule(
        "bitbucket-access-token",
        Critical,
        "Bitbucket Cloud repository, project or workspace access token (ATCTT3xFfGN0…)",
        &["atctt3xffgn0"],
        r"\bATCTT3xFfGN0[A-Za-z0-9_=-]{100,}",
        Check::Entropy(4.0),
    ),
    rule(
        "databento-api-key",
        High,
        "Databento API key (db- and 29 letters and digits)",
        &["db-"],
        r"\bdb-[A-Za-z0-9]{29}\b",
        Check::Entropy(4.0),
    ),
    rule(
        "tableau-personal-access-token-secret",
        Critical,
        "Tableau personal access token secret (base64 of 16 bytes, `:`, 32 characters) next to Tableau's name or tabcmd's --token-value",
        &["tableau", "personal_access_token", "personalaccesstoken", "token-value", "token_value"],
        r"(?i)(?:tableau|personal_?access_?token|token[_-]value)[ -~]{0,80}?(?P<s>(?-i:[A-Za-z0-9+/]{22}==:[A-Za-z0-9]{32}))(?:[^A-Za-z0-9]|$)",
        // the layout (16 bytes of base64, a colon, 32 characters) decides
        Check::Format,
    ),
    rule(
        "onfido-api-token",
        Critical,
        "Onfido API token (api_live., api_sandbox., regional api_live_us. / api_live_ca.)",
        &["api_live", "api_sandbox"],
        r"\bapi_(?:live|sandbox)(?:_(?:us|ca))?\.[A-Za-z0-9_-]{8,16}\.[A-Za-z0-9_-]{28,40}(?:[^A-Za-z0-9_-]|$)",
        Check::Entropy(3.5),
    ),
    rule(
        "samsara-api-token",
        High,
        "Samsara API token (samsara_api_)",
        &["samsara_api_"],
        r"\bsamsara_api_[A-Za-z0-9]{28,34}\b",
        Check::Entropy(3.5),
    ),
    rule(
        "asana-personal-access-token",
        High,
        "Asana personal access token (1/… or 2/…/…:32 hex) next to Asana's name",
        &["asana"],
        r"(?i)asana[ -~]{0,60}?(?P<s>(?-i:[0-2]/[0-9]{10,20}(?:/[0-9]{10,20})?:[a-f0-9]{32}))\b",
        Check::Format,
    ),
    rule(
        "axiom-api-token",
        High,
        "Axiom API or personal token (xaat-, xapt- and a UUID)",
        &["xaat-", "xapt-"],
        r"\bxa[ap]t-(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
        Check::Format,
    ),
    rule(
        "bitwarden-access-token",
        Critical,
        "Bitwarden Secrets Manager machine account access token (0.<uuid>.<secret>:<base64 key>)",
        &["bws", "bitwarden"],
        r"\b0\.(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.[A-Za-z0-9]{30}:[A-Za-z0-9+/]{22}==)",
        Check::Format,
    ),
    rule(
        "wireguard-private-key",
        Critical,
        "WireGuard private or preshared key (PrivateKey = / PresharedKey = with base64 of 32 bytes)",
        &["privatekey", "presharedkey", "private_key", "preshared_key"],
        r#"(?im)(?:^\s*(?:PrivateKey|PresharedKey)\s*=\s*|(?:wireguard|wg)[A-Za-z0-9_]*?_?(?:private|preshared)_?key["']?\s*[:=]\s*["']?)(?P<s>(?-i:[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=))(?:["'\s;,)]|$)"#,
        Check::Entropy(4.0),
    ),
    rule(
        "openvpn-static-key",
        Critical,
        "OpenVPN static key block (tls-auth / tls-crypt / secret)",
        &["begin openvpn static key"],
        r"-----BEGIN OpenVPN Static key V1-----(?s:(?P<s>.{64,}?))-----END OpenVPN Static key V1-----",
        Check::KeyBlock,
    ),
    rule(
        "ory-access-token",
        High,
        "Ory Network project API key or personal access token (ory_pat_, ory_apikey_)",
        &["ory_pat_", "ory_apikey_"],
        r"\bory_(?:pat|apikey)_[A-Za-z0-9]{32,64}\b",
        Check::Entropy(4.0),
    ),
    rule(
        "together-ai-api-key",
        High,
        "Together AI API key (tgp_v1_)",
        &["tgp_v1_"],
        r"\btgp_v1_[A-Za-z0-9_-]{40,64}(?:[^A-Za-z0-9_-]|$)",
        Check::Entropy(4.0),
    ),
    rule(
        "shopify-partner-api-token",
        Critical,
        "Shopify Partner API client access token (prtapi_ and 32 hex)",
        &["prtapi_"],
        r"\bprtapi_[a-f0-9]{32}\b",
        Check::Entropy(3.0),
    ),
    rule(
        "lichess-api-token",
        Medium,
        "Lichess personal API access token (lip_)",
        &["lip_"],
        r"\blip_[A-Za-z0-9]{16,32}\b",
        Check::Entropy(3.5),
    ),
    rule(
        "apple-app-specific-password",
        High,
        "Apple ID app-specific password (four groups of four lowercase letters) next to an Apple, App Store Connect, altool or notarytool name",
        &["apple", "app_specific", "app-specific", "application_specific", "application-specific", "altool", "notarytool"],
        r"(?i)(?:apple|app[_-]specific|application[_-]specific|altool|notarytool)[ -~]{0,60}?(?P<s>(?-i:[a-z]{4}-[a-z]{4}-[a-z]{4}-[a-z]{4}))\b",
        Check::Entropy(3.2),
    ),
    rule(
        "wifi-psk",
        High,
        "Wi-Fi WPA pre-shared key (wpa_supplicant psk=, NetworkManager [wifi-security] psk=, hostapd wpa_passphrase=)",
        &["psk=", "psk =", "wpa_passphrase"],
        r#"(?i)(?:^|\s)(?:psk|wpa_passphrase)\s*=\s*(?:"(?P<s>[^"\r\n]{8,63})"|(?P<s2>[^"\s#]{8,64}))\s*$"#,
        Check::PositionalPassword,
    ),
    rule(
        "postman-collection-access-key",
        High,
        "Postman collection access key (PMAT- and 26 characters)",
        &["pmat-"],
        r"\bPMAT-[A-Z0-9]{26}\b",
        Check::Entropy(3.0),
    ),
    rule(
        "teamcity-access-token",
        High,
        "JetBrains TeamCity access token (a JWT-like token whose header is {\"typ\": \"TCV2\"})",
        &["eyj0exaioiaivenwmij9"],
        r"\beyJ0eXAiOiAiVENWMiJ9\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
        Check::Entropy(4.0),
    ),
    rule(
        "signify-minisign-secret-key",
        Critical,
        "signify or minisign secret key file (untrusted comment: … secret key, then the base64 key)",
        &["untrusted comment:"],
        r"untrusted comment: (?:minisign encrypted secret key|signify secret key|[^\r\n]{0,60}secret key)[^\r\n]*\r?\n(?P<s>[A-Za-z0-9+/]{64,}={0,2})",
        Check::KeyBlock,
    ),
    rule(
        "oracle-connect-password",
        High,
        "Password in an Oracle connect string given to SQL*Plus and its tools (sqlplus user/password@db)",
        &["sqlplus", "sqlldr", "expdp", "impdp", "rman", "connect "],
        r#"(?i)\b(?:sqlplus|sqlldr|expdp|impdp|exp|imp|rman\s+target|conn(?:ect)?)\s+(?:-[A-Za-z]+\s+)*["']?(?P<u>[A-Za-z][A-Za-z0-9_$#]*)/(?P<s>[^@\s/"']{4,})@(?P<h>[^\s"']+)"#,
        Check::UrlPassword,
    ),
    rule(
        "docker-swarm-join-token",
        Critical,
        "Docker Swarm join token (SWMTKN-1-…)",
        &["swmtkn-1-"],
        r"\bSWMTKN-1-[a-z0-9]{50}-[a-z0-9]{25}\b",
        Check::Entropy(3.5),
    ),
    rule(
        "consul-nomad-acl-token",
        High,
        "HashiCorp Consul or Nomad ACL token (a UUID secret ID under CONSUL_HTTP_TOKEN, NOMAD_TOKEN, X-Consul-Token, …)",
        &["consul_http_token", "consul_token", "consul-token", "nomad_token", "nomad-token"],
        concat!(
            r#"(?i)(?:consul_http_token|consul_token|x-consul-token|nomad_token|x-nomad-token)["']?"#,
            sep!(),
            r#"["']?(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#
        ),
        // a UUID under the product's own token name: the format decides
        Check::Format,
    ),
    rule(
        "ldap-rootpw",
        High,
        "OpenLDAP root password in slapd.conf (rootpw) or cn=config (olcRootPW), not a {SSHA}-style hash",
        &["rootpw"],
        r"(?im)^\s*(?:rootpw|olcRootPW:)\s+(?P<s>[^\s{][^\s]{3,})\s*$",
        Check::PositionalPassword,
    ),
    rule(
        "cisco-type7-password",
        High,
        "Cisco IOS type 7 password (reversible obfuscation: password 7 …, key 7 …)",
        &["password 7 ", "key 7 ", "key-string 7 ", "secret 7 "],
        r"(?im)^\s*(?:username\s+\S+\s+(?:privilege\s+\d+\s+)?|enable\s+|(?:tacacs-server|radius-server)(?:\s+host\s+\S+)?\s+|(?:ip\s+ospf\s+)?(?:authentication-|message-digest-key\s+\d+\s+md5\s+)?)?(?:password|secret|key|key-string)\s+7\s+(?P<s>[01][0-9](?:[0-9A-Fa-f]{2}){2,})\s*$",
        Check::Format,
    ),
    rule(
        "cisco-plaintext-password",
        High,
        "Cisco IOS plain-text password (enable password …, username … password 0 …)",
        &["enable password ", "password 0 ", "secret 0 "],
        r"(?im)^\s*(?:enable\s+password(?:\s+level\s+\d+)?|username\s+\S+\s+(?:privilege\s+\d+\s+)?(?:password|secret)\s+0)\s+(?P<s>[^\s]{4,})\s*$",
        Check::PositionalPassword,
    ),
    rule(
        "gradle-signing-password",
        High,
        "Android/Gradle signing config password (storePassword \"…\", keyPassword \"…\")",
        &["storepassword", "keypassword"],
        r#"(?i)\b(?P<k>storePassword|keyPassword)\s*(?:=\s*|\(\s*)?(?P<s>"[^"\r\n]{4,}"|'[^'\r\n]{4,}')"#,
        Check::Generic(8),
    ),
    rule(
        "ipsec-secrets-psk",
        Critical,
        "IPsec pre-shared key or XAUTH/EAP password in ipsec.secrets (: PSK \"…\")",
        &[": psk", ":psk", ": xauth", ": eap"],
        r#"(?i)(?:^|\s):\s*(?:PSK|XAUTH|EAP)\s+"(?P<s>[^"\r\n]{4,})""#,
        Check::PositionalPassword,
    ),
    rule(
        "matrix-synapse-access-token",
        High,
        "Matrix (Synapse) access or refresh token (syt_ / syr_ <base64 user>_<random>_<checksum>)",
        &["syt_", "syr_"],
        r"\bsy[tr]_[A-Za-z0-9_-]{2,255}?_[A-Za-z0-9]{20}_[A-Za-z0-9]{6}\b",
        Check::Entropy(3.5),
    ),
    rule(
        "proxmox-api-token",
        Critical,
        "Proxmox VE / Backup Server API token (PVEAPIToken=user@realm!id=<uuid>)",
        &["pveapitoken=", "pbsapitoken="],
        r"P(?:VE|BS)APIToken=[^\s!=]+@[A-Za-z0-9.-]+![A-Za-z0-9_.-]+[=:](?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
        Check::Format,
    ),
    rule(
        "rancher-api-token",
        Critical,
        "Rancher API token (token-xxxxx: and a 54-character secret)",
        &["token-"],
        r"\btoken-[a-z0-9]{5}:(?P<s>[a-z0-9]{54})\b",
        Check::Entropy(3.5),
    ),
    rule(
        "pagerduty-integration-key",
        High,
        "PagerDuty Events API integration key (32 hex under routing_key, service_key, integration_key)",
        &["routing_key", "service_key", "integration_key", "routingkey", "integrationkey"],
        concat!(
            r#"(?i)(?:routing_?key|service_key|integration_?key)["']?"#,
            sep!(),
            r#"["']?(?P<s>(?-i:[a-f0-9]{32}))\b"#
        ),
        Check::Entropy(3.3),
    ),
    rule(
        "victorops-rest-endpoint-key",
        High,
        "Splunk On-Call (VictorOps) REST endpoint URL with its API key",
        &["alert.victorops.com"],
        r"alert\.victorops\.com/integrations/[A-Za-z0-9/_.-]*?/alert/(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})",
        Check::Format,
    ),
    rule(
        "healthchecks-ping-url",
        Medium,
        "Healthchecks.io ping URL (the UUID lets anyone report a check's status)",
        &["hc-ping.com/"],
        r"\bhc-ping\.com/(?P<s>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b",
        Check::Format,
    ),
];
