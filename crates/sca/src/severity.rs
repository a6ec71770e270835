//! Severity of an advisory: the CVSS base score computed from the record's vector, else the
//! database's own rating; `MAL-` records (malicious packages) are always critical.
//!
//! CVSS v3.0/v3.1 is scored here by the specification's formulas. CVSS v4's base score comes
//! from the specification's published table of macro-vector scores and its interpolation,
//! which the RustSec `cvss` crate implements; v4 is scored with it. A record with both uses
//! the v3 score (the one the databases rate by today).

use crate::osv::Record;
use provenance_findings::Severity;

/// The severity of a record that carries no score and no rating. Medium: it is reported,
/// and blocks only where policy lowers `block_at`.
pub const UNKNOWN: Severity = Severity::Medium;

/// A record's severity and, when it came from a CVSS vector, the base score.
pub fn of_record(record: &Record) -> (Severity, Option<f64>) {
    if is_malicious(record) {
        return (Severity::Critical, None);
    }
    let best = |kind: &str, score: fn(&str) -> Option<f64>| {
        record
            .affected
            .iter()
            .flat_map(|a| a.severity.iter())
            .chain(record.severity.iter())
            .filter(|s| s.kind == kind)
            .filter_map(|s| score(&s.score))
            .fold(None, |acc: Option<f64>, s| {
                Some(acc.map_or(s, |a| a.max(s)))
            })
    };
    let scored = best("CVSS_V3", cvss3_base_score).or_else(|| best("CVSS_V4", cvss4_base_score));
    if let Some(score) = scored {
        return (rating(score), Some(score));
    }
    let db = record
        .database_specific
        .severity
        .as_deref()
        .and_then(from_label);
    (db.unwrap_or(UNKNOWN), None)
}

/// Whether a record reports a malicious package (OpenSSF `MAL-` ids).
pub fn is_malicious(record: &Record) -> bool {
    std::iter::once(&record.id)
        .chain(record.aliases.iter())
        .any(|id| id.starts_with("MAL-"))
}

/// A database rating: `CRITICAL`, `HIGH`, `MODERATE`/`MEDIUM`, `LOW` (any case).
pub fn from_label(label: &str) -> Option<Severity> {
    match label.trim().to_ascii_uppercase().as_str() {
        "CRITICAL" => Some(Severity::Critical),
        "HIGH" => Some(Severity::High),
        "MODERATE" | "MEDIUM" => Some(Severity::Medium),
        "LOW" => Some(Severity::Low),
        _ => None,
    }
}

/// The CVSS v3 qualitative rating of a base score: 9.0–10 critical, 7.0–8.9 high,
/// 4.0–6.9 medium, 0.1–3.9 low, 0 none (info).
pub fn rating(score: f64) -> Severity {
    if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else if score > 0.0 {
        Severity::Low
    } else {
        Severity::Info
    }
}

/// The CVSS v3.0/v3.1 base score of a vector such as
/// `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H` (9.8), by the v3.1 specification's
/// formulas (section 7.1) and its `Roundup` (Appendix A). `None` when a base metric is
/// missing or has an unknown value. Temporal and environmental metrics are ignored.
pub fn cvss3_base_score(vector: &str) -> Option<f64> {
    let mut parts = vector.trim().split('/');
    let head = parts.next()?;
    if head != "CVSS:3.1" && head != "CVSS:3.0" {
        return None;
    }
    let (mut av, mut ac, mut pr, mut ui, mut s, mut c, mut i, mut a) =
        (None, None, None, None, None, None, None, None);
    for p in parts {
        let (k, v) = p.split_once(':')?;
        match k {
            "AV" => av = Some(v),
            "AC" => ac = Some(v),
            "PR" => pr = Some(v),
            "UI" => ui = Some(v),
            "S" => s = Some(v),
            "C" => c = Some(v),
            "I" => i = Some(v),
            "A" => a = Some(v),
            _ => {}
        }
    }
    let changed = match s? {
        "U" => false,
        "C" => true,
        _ => return None,
    };
    let av = match av? {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        "P" => 0.2,
        _ => return None,
    };
    let ac = match ac? {
        "L" => 0.77,
        "H" => 0.44,
        _ => return None,
    };
    let pr = match (pr?, changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        ("H", false) => 0.27,
        ("H", true) => 0.5,
        _ => return None,
    };
    let ui = match ui? {
        "N" => 0.85,
        "R" => 0.62,
        _ => return None,
    };
    let cia = |x: Option<&str>| match x? {
        "H" => Some(0.56),
        "L" => Some(0.22),
        "N" => Some(0.0),
        _ => None,
    };
    let (c, i, a) = (cia(c)?, cia(i)?, cia(a)?);
    let iss = 1.0 - (1.0 - c) * (1.0 - i) * (1.0 - a);
    let impact = if changed {
        7.52 * (iss - 0.029) - 3.25 * f64::powi(iss - 0.02, 15)
    } else {
        6.42 * iss
    };
    let exploitability = 8.22 * av * ac * pr * ui;
    if impact <= 0.0 {
        return Some(0.0);
    }
    let base = if changed {
        roundup(f64::min(1.08 * (impact + exploitability), 10.0))
    } else {
        roundup(f64::min(impact + exploitability, 10.0))
    };
    Some(base)
}

/// The CVSS v4.0 base score of a vector such as
/// `CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N` (9.3), by the
/// specification's macro-vector lookup (RustSec `cvss`). `None` when the vector does not parse.
pub fn cvss4_base_score(vector: &str) -> Option<f64> {
    let v: cvss::v4::Vector = vector.trim().parse().ok()?;
    Some(v.score().value())
}

/// CVSS v3.1 Appendix A: the smallest number, to one decimal, that is ≥ the input, computed
/// on integers so floating-point noise (e.g. 4.000000001) does not round up.
fn roundup(x: f64) -> f64 {
    let int_input = (x * 100_000.0).round() as i64;
    if int_input % 10_000 == 0 {
        int_input as f64 / 100_000.0
    } else {
        ((int_input / 10_000) + 1) as f64 / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cvss3_scores_match_the_specification_examples() {
        let cases = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2),
            ("CVSS:3.1/AV:L/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 6.2),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
            ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),
        ];
        for (v, want) in cases {
            assert_eq!(cvss3_base_score(v), Some(want), "{v}");
        }
        assert_eq!(cvss3_base_score("CVSS:3.1/AV:X/AC:L"), None);
        assert_eq!(
            cvss3_base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            None
        );
    }

    #[test]
    fn cvss4_scores_come_from_the_published_lookup() {
        let cases = [
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                9.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
                10.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N",
                0.0,
            ),
        ];
        for (v, want) in cases {
            assert_eq!(cvss4_base_score(v), Some(want), "{v}");
        }
        assert_eq!(cvss4_base_score("CVSS:4.0/AV:N"), None);
    }

    #[test]
    fn ratings_follow_the_cvss_bands() {
        assert_eq!(rating(9.0), Severity::Critical);
        assert_eq!(rating(8.9), Severity::High);
        assert_eq!(rating(4.0), Severity::Medium);
        assert_eq!(rating(0.1), Severity::Low);
        assert_eq!(from_label("moderate"), Some(Severity::Medium));
    }
}
