//! The subset of the OSV schema the gate reads, and OSV range evaluation.
//!
//! Fields the gate does not use (`details`, `references`, `credits`, …) are skipped when
//! parsing, and the compact on-disk form written by [`crate::Db::update_from`] keeps only
//! what is here. Ranges of type `GIT` are dropped at load: they name commits, not releases,
//! and a lockfile records releases.

use crate::{Ecosystem, Version};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// One OSV record (one advisory).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `GHSA-…`, `RUSTSEC-…`, `PYSEC-…`, `GO-…`, `MAL-…`, `CVE-…`.
    pub id: String,
    /// RFC 3339 time the record last changed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub modified: String,
    /// Set when the record was withdrawn; such records are not loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// Other ids of the same vulnerability.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// One-line summary.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Longer text; only its first line is kept, for records without a summary.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub details: String,
    /// Severity vectors (`CVSS_V3`, `CVSS_V4`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityVector>,
    /// The packages and versions affected.
    #[serde(default)]
    pub affected: Vec<Affected>,
    /// Database-specific data: the gate reads `severity` and `cwe_ids`.
    #[serde(default, skip_serializing_if = "DatabaseSpecific::is_empty")]
    pub database_specific: DatabaseSpecific,
}

/// `severity[]` entry: a scoring system and its vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityVector {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// The vector, e.g. `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`.
    pub score: String,
}

/// `database_specific`, reduced to what the gate uses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatabaseSpecific {
    /// `CRITICAL`, `HIGH`, `MODERATE`/`MEDIUM`, `LOW` (GitHub's rating).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_string"
    )]
    pub severity: Option<String>,
    /// CWE ids such as `CWE-1321`.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "lenient_strings"
    )]
    pub cwe_ids: Vec<String>,
}

impl DatabaseSpecific {
    fn is_empty(&self) -> bool {
        self.severity.is_none() && self.cwe_ids.is_empty()
    }
}

/// A string field some databases fill with other JSON types: anything else reads as absent.
fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Some(s),
        _ => None,
    })
}

fn lenient_strings<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(a) => a
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    })
}

/// `affected[]` entry: one package and the versions of it that are affected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Affected {
    /// The package.
    #[serde(default)]
    pub package: Option<Package>,
    /// Version ranges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Range>,
    /// Explicitly listed affected versions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// Per-package severity (OSV 1.5+), preferred over the record's when present.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityVector>,
}

/// `affected[].package`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// OSV ecosystem name.
    pub ecosystem: String,
    /// Package name as the ecosystem writes it.
    pub name: String,
}

/// `affected[].ranges[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// `SEMVER`, `ECOSYSTEM` or `GIT` (dropped at load).
    #[serde(rename = "type")]
    pub kind: String,
    /// Events, in any order.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// One range event; exactly one field is set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Versions from here on are affected (`"0"`: from the first release).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduced: Option<String>,
    /// Versions from here on are not affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// The last affected version; later ones are not affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_affected: Option<String>,
    /// Upper bound of the whole range (`"*"`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

impl Record {
    /// The first line of `summary`, else of `details`.
    pub fn headline(&self) -> &str {
        let s = if self.summary.trim().is_empty() {
            &self.details
        } else {
            &self.summary
        };
        s.lines().next().unwrap_or("").trim()
    }

    /// Drop what the gate never reads: `GIT` ranges, entries of other ecosystems, the tail
    /// of `details`. Returns false when nothing of a known ecosystem is left.
    pub(crate) fn trim(&mut self) -> bool {
        self.affected.retain_mut(|a| {
            let known = a
                .package
                .as_ref()
                .is_some_and(|p| Ecosystem::from_osv(&p.ecosystem).is_some());
            a.ranges.retain(|r| r.kind != "GIT");
            known && (!a.ranges.is_empty() || !a.versions.is_empty())
        });
        if !self.summary.trim().is_empty() {
            self.details.clear();
        } else if let Some(first) = self.details.lines().next() {
            self.details = first.to_string();
        }
        !self.affected.is_empty()
    }
}

/// A version bound of an event: `"0"` is below every version.
#[derive(Debug, Clone)]
enum Bound {
    Zero,
    At(Version),
}

impl Bound {
    fn parse(eco: Ecosystem, text: &str) -> Option<Bound> {
        if text.trim() == "0" {
            return Some(Bound::Zero);
        }
        Version::parse(eco, text).map(Bound::At)
    }

    fn cmp(&self, other: &Bound) -> Ordering {
        match (self, other) {
            (Bound::Zero, Bound::Zero) => Ordering::Equal,
            (Bound::Zero, _) => Ordering::Less,
            (_, Bound::Zero) => Ordering::Greater,
            (Bound::At(a), Bound::At(b)) => a.compare(b).unwrap_or(Ordering::Equal),
        }
    }

    /// `v` compared with this bound.
    fn of(&self, v: &Version) -> Ordering {
        match self {
            Bound::Zero => Ordering::Greater,
            Bound::At(b) => v.compare(b).unwrap_or(Ordering::Less),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    // At an equal version, `introduced` is applied first so `fixed` at the same version wins.
    Introduced,
    Fixed,
    LastAffected,
}

/// Whether `v` lies in `range`, following the OSV schema's evaluation: events sorted by
/// version, `introduced` turns affected on, `fixed` (v ≥ fixed) and `last_affected`
/// (v > last_affected) turn it off; `limit` events cap the range (v must be below one).
/// Events whose version does not parse are ignored.
pub(crate) fn in_range(eco: Ecosystem, range: &Range, v: &Version) -> bool {
    let mut events: Vec<(Bound, Kind)> = Vec::with_capacity(range.events.len());
    let mut limits: Vec<Option<Bound>> = Vec::new();
    for e in &range.events {
        let (text, kind) = if let Some(t) = &e.introduced {
            (t, Kind::Introduced)
        } else if let Some(t) = &e.fixed {
            (t, Kind::Fixed)
        } else if let Some(t) = &e.last_affected {
            (t, Kind::LastAffected)
        } else if let Some(t) = &e.limit {
            limits.push(if t == "*" { None } else { Bound::parse(eco, t) });
            continue;
        } else {
            continue;
        };
        if let Some(b) = Bound::parse(eco, text) {
            events.push((b, kind));
        }
    }
    events.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut affected = false;
    for (bound, kind) in &events {
        let ord = bound.of(v);
        match kind {
            Kind::Introduced if ord != Ordering::Less => affected = true,
            Kind::Fixed if ord != Ordering::Less => affected = false,
            Kind::LastAffected if ord == Ordering::Greater => affected = false,
            _ => {}
        }
    }
    if affected && !limits.is_empty() {
        affected = limits.iter().any(|l| match l {
            None => true,
            Some(b) => b.of(v) == Ordering::Less,
        });
    }
    affected
}

/// Whether `affected` lists or covers version `raw` (`v` is its parse, when it parses).
pub(crate) fn affects(eco: Ecosystem, affected: &Affected, raw: &str, v: Option<&Version>) -> bool {
    let listed = affected
        .versions
        .iter()
        .any(|x| match (v, Version::parse(eco, x)) {
            (Some(v), Some(x)) => v.compare(&x) == Some(Ordering::Equal),
            _ => x.trim() == raw.trim(),
        });
    listed
        || v.is_some_and(|v| {
            affected
                .ranges
                .iter()
                .filter(|r| r.kind == "SEMVER" || r.kind == "ECOSYSTEM")
                .any(|r| in_range(eco, r, v))
        })
}

/// Every `fixed` version named in `affected` that is above `v`.
pub(crate) fn fixes_above(
    eco: Ecosystem,
    affected: &Affected,
    v: &Version,
) -> Vec<(Version, String)> {
    let mut out = Vec::new();
    for r in affected.ranges.iter().filter(|r| r.kind != "GIT") {
        for e in &r.events {
            if let Some(f) = &e.fixed {
                if let Some(fv) = Version::parse(eco, f) {
                    if fv.compare(v) == Some(Ordering::Greater) {
                        out.push((fv, f.clone()));
                    }
                }
            }
        }
    }
    out
}
