//! Integration tests: the real binaries and hooks against real git repositories.
//!
//! Hermetic: every repository lives in a temp dir with its own `HOME`,
//! `GIT_CONFIG_NOSYSTEM=1`, fixed author/committer identity and dates, and no agent or
//! `GIT_*` variables inherited from the machine running the tests.

mod bad_input;
mod differential;
mod doctor;
mod foreign;
mod gates;
mod human;
mod install;
mod install_sh;
mod lines;
mod log_cli;
mod managers;
mod matrix;
mod pre_push;
mod registry;
mod report;
mod sca;
mod seams;
mod shell;
mod stats;
mod support;
mod tagging;
mod tagging_paths;
mod verify;
