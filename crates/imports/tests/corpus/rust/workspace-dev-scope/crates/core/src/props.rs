use tempfile::TempDir;
fn t() -> Option<TempDir> { None }
