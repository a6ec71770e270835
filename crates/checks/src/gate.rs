use crate::{Config, ExitCode, OnDegraded};
use provenance_findings::{Finding, Severity};
use serde::{Deserialize, Serialize};

/// What a gate does with its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum GateMode {
    /// Findings at or above `block_at` block.
    #[default]
    Block,
    /// Findings are reported, never block.
    Warn,
    /// The gate does not run.
    Off,
}

/// How a gate run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GateStatus {
    /// Ran, nothing blocking.
    Passed,
    /// Ran, found something that blocks.
    Blocked,
    /// Ran, found something, but the gate only warns.
    Warned,
    /// Could not run (tool missing, timeout, unreadable input) — never a pass.
    Degraded,
    /// Not run: turned off or skipped with `PROVENANCE_SKIP`.
    Skipped,
}

/// One gate's result, before policy.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GateOutcome {
    /// Gate name.
    pub gate: String,
    /// Findings (already filtered by allow comments and baselines).
    pub findings: Vec<Finding>,
    /// Why the gate could not run fully, if it could not.
    pub degraded: Option<String>,
    /// True when the gate was skipped on purpose.
    pub skipped: bool,
}

/// Policy's decision over all gates.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Verdict {
    /// Per gate: name, status, findings.
    pub gates: Vec<(String, GateStatus, Vec<Finding>)>,
    /// Reasons the run degraded, `gate: why`.
    pub degraded: Vec<String>,
    /// True when a degraded gate blocks (`on_degraded = "block"`, the default, on a gate
    /// in `block` mode).
    pub degraded_blocks: bool,
}

impl Verdict {
    /// The exit code: 1 when any gate blocked or a degraded gate blocks by policy.
    pub fn exit_code(&self) -> ExitCode {
        if self.degraded_blocks
            || self
                .gates
                .iter()
                .any(|(_, status, _)| *status == GateStatus::Blocked)
        {
            ExitCode::Blocked
        } else {
            ExitCode::Ok
        }
    }

    /// Every finding of every gate.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.gates.iter().flat_map(|(_, _, f)| f.iter())
    }
}

/// Apply the config's gate modes, `block_at` and `on_degraded` to gate outcomes.
pub fn decide(config: &Config, outcomes: Vec<GateOutcome>) -> Verdict {
    let block_at: Severity = config.severity.block_at;
    let mut verdict = Verdict {
        gates: Vec::new(),
        degraded: Vec::new(),
        degraded_blocks: false,
    };
    for outcome in outcomes {
        let mode = config.gates.mode(&outcome.gate);
        let status = if outcome.skipped || mode == GateMode::Off {
            GateStatus::Skipped
        } else if let Some(reason) = &outcome.degraded {
            verdict.degraded.push(format!("{}: {reason}", outcome.gate));
            if (mode, config.on_degraded) == (GateMode::Block, OnDegraded::Block) {
                verdict.degraded_blocks = true;
            }
            GateStatus::Degraded
        } else if outcome.findings.iter().any(|f| f.severity >= block_at) {
            match mode {
                GateMode::Block => GateStatus::Blocked,
                _ => GateStatus::Warned,
            }
        } else if outcome.findings.is_empty() {
            GateStatus::Passed
        } else {
            GateStatus::Warned
        };
        verdict.gates.push((outcome.gate, status, outcome.findings));
    }
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(sev: Severity) -> Finding {
        Finding::new("secrets", "r", sev, "a", 1)
    }

    fn outcome(gate: &str, findings: Vec<Finding>) -> GateOutcome {
        GateOutcome {
            gate: gate.into(),
            findings,
            degraded: None,
            skipped: false,
        }
    }

    #[test]
    fn high_blocks_medium_reports() {
        let config = Config::default();
        let v = decide(
            &config,
            vec![outcome("secrets", vec![finding(Severity::High)])],
        );
        assert_eq!(v.exit_code(), ExitCode::Blocked);
        let v = decide(
            &config,
            vec![outcome("secrets", vec![finding(Severity::Medium)])],
        );
        assert_eq!(v.gates[0].1, GateStatus::Warned);
        assert_eq!(v.exit_code(), ExitCode::Ok);
    }

    #[test]
    fn warn_mode_and_off_mode_never_block() {
        let config =
            Config::parse("t.toml", "[gates]\nsecrets = \"warn\"\nimports = \"off\"\n").unwrap();
        let v = decide(
            &config,
            vec![
                outcome("secrets", vec![finding(Severity::Critical)]),
                outcome("imports", vec![finding(Severity::Critical)]),
            ],
        );
        assert_eq!(v.gates[0].1, GateStatus::Warned);
        assert_eq!(v.gates[1].1, GateStatus::Skipped);
        assert_eq!(v.exit_code(), ExitCode::Ok);
    }

    #[test]
    fn degraded_is_never_a_pass() {
        let mut o = outcome("secrets", vec![]);
        o.degraded = Some("cannot read the staged content".into());
        // Blocks by default, and stays `degraded` (not `blocked`) so the report says why.
        let v = decide(&Config::default(), vec![o.clone()]);
        assert_eq!(v.gates[0].1, GateStatus::Degraded);
        assert_eq!(v.degraded.len(), 1);
        assert_eq!(v.exit_code(), ExitCode::Blocked);
        let config = Config::parse("t.toml", "on_degraded = \"warn\"\n").unwrap();
        let v = decide(&config, vec![o.clone()]);
        assert_eq!(v.gates[0].1, GateStatus::Degraded);
        assert_eq!(v.exit_code(), ExitCode::Ok);
        // A gate in warn mode never blocks, degraded or not.
        let config = Config::parse("t.toml", "[gates]\nimports = \"warn\"\n").unwrap();
        o.gate = "imports".into();
        assert_eq!(decide(&config, vec![o]).exit_code(), ExitCode::Ok);
    }
}
