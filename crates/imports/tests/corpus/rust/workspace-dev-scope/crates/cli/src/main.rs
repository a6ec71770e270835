use acme_core::f;
fn main() { f(); }
