use mytool::f;
use reqwest::Client;
use serde_jsn::Value;
fn main() { anyhow::bail!("x"); }
