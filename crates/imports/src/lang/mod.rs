//! Per-language tokenizers and extractors.

pub(crate) mod go;
pub(crate) mod js;
pub(crate) mod python;
pub(crate) mod rust;
