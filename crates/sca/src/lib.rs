//! The library behind the SCA gate: an offline [OSV] advisory database ([`Db`]), version
//! matching per ecosystem ([`Version`]), lockfile entries ([`dependencies`]), what a change
//! introduces ([`added_or_bumped`]), severity ([`severity`]) and an ignore list with expiry
//! ([`ignore::apply`]).
//!
//! ```
//! use provenance_sca::{dependencies, Db};
//! use provenance_findings::Severity;
//!
//! let record = br#"{
//!   "id": "GHSA-35jh-r3h4-6jhm",
//!   "modified": "2022-02-08T21:35:09Z",
//!   "aliases": ["CVE-2021-23337"],
//!   "summary": "Command Injection in lodash",
//!   "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"}],
//!   "affected": [{
//!     "package": {"ecosystem": "npm", "name": "lodash"},
//!     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.17.21"}]}]
//!   }]
//! }"#;
//! let db = Db::from_records(Db::parse_record(record).unwrap());
//!
//! let lock = b"lodash@^4.17.15:\n  version \"4.17.20\"\n  resolved \"x\"\n";
//! let deps = dependencies("web/yarn.lock", lock).unwrap();
//! let vulns = db.check(&deps);
//! assert_eq!(vulns.len(), 1);
//! assert_eq!(vulns[0].severity, Severity::High); // CVSS 7.2
//! assert_eq!(vulns[0].fixed.as_deref(), Some("4.17.21"));
//!
//! let finding = vulns[0].to_finding();
//! assert_eq!((finding.rule.as_str(), finding.path.as_str(), finding.line), ("GHSA-35jh-r3h4-6jhm", "web/yarn.lock", 1));
//! assert!(finding.message.contains("lodash@4.17.20") && finding.message.contains("upgrade to 4.17.21"));
//! ```
//!
//! Nothing here touches the network: [`Db::update_from`] reads a directory or zip the
//! caller already has.
//!
//! [OSV]: https://ossf.github.io/osv-schema/
#![deny(missing_docs)]

mod db;
mod ecosystem;
pub mod ignore;
mod lockfile;
pub mod osv;
pub mod severity;
mod version;
mod vuln;

pub use db::{Db, LoadError, LoadProblem, UpdateSummary, COMPACT_FILE};
pub use ecosystem::Ecosystem;
pub use ignore::{Ignore, Triaged};
pub use lockfile::{
    added_or_bumped, dependencies, introduced, is_lockfile, Dependency, Format, ParseError,
};
pub use version::Version;
pub use vuln::{Vuln, GATE};
