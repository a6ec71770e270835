//! Accepted vulnerabilities: an ignore list with expiry.

use crate::Vuln;
use chrono::NaiveDate;

/// One accepted vulnerability, e.g. from `[[sca.ignore]]` in config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    /// The advisory id or any alias (`GHSA-…`, `CVE-…`); case-insensitive.
    pub id: String,
    /// Last day the ignore applies (inclusive); from the day after, the vulnerability is
    /// reported again. `None`: no expiry.
    pub until: Option<NaiveDate>,
    /// Why it is accepted (shown in reports).
    pub reason: String,
}

impl Ignore {
    /// Whether this ignore still applies on `today`.
    pub fn is_active(&self, today: NaiveDate) -> bool {
        self.until.is_none_or(|u| today <= u)
    }
}

/// The vulnerabilities after the ignore list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Triaged {
    /// Still reported.
    pub reported: Vec<Vuln>,
    /// Ignored, each with the ignore that matched.
    pub ignored: Vec<(Vuln, Ignore)>,
    /// Ignores past their `until` that matched a vulnerability now reported again: the
    /// renderer should say the acceptance expired.
    pub expired: Vec<Ignore>,
}

/// Apply `ignores` on `today`: a vulnerability is ignored when an active ignore names its
/// id or an alias. An expired ignore no longer hides anything.
pub fn apply(vulns: Vec<Vuln>, ignores: &[Ignore], today: NaiveDate) -> Triaged {
    let mut t = Triaged::default();
    for v in vulns {
        let mut matching = ignores.iter().filter(|i| v.is_known_as(&i.id));
        let all: Vec<&Ignore> = matching.by_ref().collect();
        if let Some(active) = all.iter().find(|i| i.is_active(today)) {
            t.ignored.push((v, (*active).clone()));
            continue;
        }
        for i in all {
            if !t.expired.contains(i) {
                t.expired.push(i.clone());
            }
        }
        t.reported.push(v);
    }
    t
}
