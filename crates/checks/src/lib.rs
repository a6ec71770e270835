//! Policy: `.provenance.toml` config, gate modes, severities, gate results and exit codes.
//!
//! Pure data in, data out — no git, no clap, no printing.
//!
//! ```
//! use provenance_checks::{Config, ExitCode, GateMode};
//!
//! let config = Config::parse(".provenance.toml", "[gates]\nsecrets = \"warn\"\n")?;
//! assert_eq!(config.gates.secrets, GateMode::Warn);
//! assert_eq!(ExitCode::Blocked.code(), 1);
//! # Ok::<(), provenance_checks::ConfigError>(())
//! ```
#![deny(missing_docs)]

mod config;
mod exit;
mod gate;
mod review;

pub use config::{
    is_iso_date, user_config_path, AttributionConfig, Config, ConfigError, CoverageConfig,
    CoverageScope, GatesConfig, ImportsConfig, OnDegraded, SastConfig, ScaConfig, ScaIgnore,
    SeverityConfig, TestSeverity, TrailerKey, VendorTrailers, CONFIG_FILE,
    DEFAULT_ATTRIBUTION_EXCLUDE, EXTERNAL_ANALYZERS,
};
pub use exit::ExitCode;
pub use gate::{decide, GateMode, GateOutcome, GateStatus, Verdict};
pub use review::{unreviewed, PushedCommit, ReviewConfig, UNREVIEWED};
