//! provenance-imports.
