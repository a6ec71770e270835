//! One module per language; each walks a syntax tree once and returns its rule matches.

mod go;
mod js;
mod python;
mod rust;

use crate::syntax::{Ctx, Hit};
use crate::Language;
use tree_sitter::Node;

/// Every rule match of `language` in the tree under `root`.
pub(crate) fn check(language: Language, root: Node<'_>, src: &[u8], path: &str) -> Vec<Hit> {
    let mask = match language {
        Language::Python => python::MASK,
        Language::JavaScript | Language::TypeScript => js::MASK,
        Language::Go => go::MASK,
        Language::Rust => rust::MASK,
    };
    let mut cx = Ctx::new(src, path, mask);
    match language {
        Language::Python => python::check(root, &mut cx),
        Language::JavaScript | Language::TypeScript => js::check(root, &mut cx),
        Language::Go => go::check(root, &mut cx),
        Language::Rust => rust::check(root, &mut cx),
    }
    cx.hits
}
