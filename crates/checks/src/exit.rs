/// The process exit codes — the hooks' API (DESIGN.md "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    /// Clean or allowed.
    Ok,
    /// Blocked by a finding or policy.
    Blocked,
    /// Usage or config error.
    Usage,
    /// Internal or repository error.
    Internal,
}

impl ExitCode {
    /// The numeric code.
    pub fn code(self) -> i32 {
        match self {
            ExitCode::Ok => 0,
            ExitCode::Blocked => 1,
            ExitCode::Usage => 2,
            ExitCode::Internal => 3,
        }
    }
}
