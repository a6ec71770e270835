//! Dependencies as declared, and what exists to declare: the offline registry name index
//! (every PyPI name, the npm packages above a popularity floor, the Rust crates this build
//! could see) with popularity ranks, the nearest real names for one that is not listed, and
//! look-alikes of popular packages.
//!
//! ```
//! use provenance_deps::{lookalike, nearest, Ecosystem, Registry};
//!
//! let registry = Registry::new(None); // the indexes built into provenance
//! let pypi = registry.index(Ecosystem::PyPI).unwrap().unwrap();
//! assert!(pypi.contains("Requests"));
//! assert!(!pypi.contains("fastjsonx-helper"));
//! assert!(nearest(pypi, "reqests", 3).contains(&"requests".to_string()));
//! assert_eq!(lookalike(pypi, "reqeusts").unwrap().target, "requests");
//! ```
#![deny(missing_docs)]

mod build;
mod declare;
mod index;
mod name;
mod near;
mod registry;

pub use build::{
    cargo_home_crates, crate_dir_name, read_cargo_index, read_listing, read_source, SourceError,
    SourceSummary,
};
pub use declare::{declared, manifest_kind, DeclareError, Declared, ManifestKind, Origin};
pub use index::{
    Coverage, Entry, Index, IndexBuilder, IndexError, IndexMeta, FORMAT_VERSION, MAGIC,
};
pub use name::Ecosystem;
pub use near::{distance, lookalike, nearest, Imitation, Lookalike};
pub use registry::{builtin, index_path, mark_verified, Registry};
