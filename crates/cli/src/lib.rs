//! provenance command line.
#![deny(missing_docs)]
use std::ffi::OsString;

/// Run `provenance` with the given args; returns the exit code.
pub fn main_with_args(_args: impl IntoIterator<Item = OsString>) -> i32 {
    0
}

/// Run one git hook; returns the exit code.
pub fn run_hook(_hook: &str, _args: impl IntoIterator<Item = OsString>) -> i32 {
    0
}
