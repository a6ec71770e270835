//! use fake_in_doc::Thing;
use serde::{Deserialize, Serialize};
use json::Value;
use crate::inner::Helper;
mod inner;
pub use inner::Other;
use std::collections::HashMap;
extern crate libc;

const S: &str = "use in_string::X; in_string2::call()";

#[derive(Serialize, Deserialize)]
pub struct Config { map: HashMap<String, Value> }

pub fn f() -> Result<(), ()> {
    let _ = json::to_string(&1);
    let _ = u8::MAX;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[test]
    fn t() { let _ = prop::collection::vec(0u8..1, 1); }
}
