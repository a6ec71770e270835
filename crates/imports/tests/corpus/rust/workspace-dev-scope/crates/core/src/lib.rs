pub fn f() { let _ = regex::Regex::new("x"); }
pub fn g() { let _ = tempfile::tempdir(); }
#[cfg(test)]
mod props;
