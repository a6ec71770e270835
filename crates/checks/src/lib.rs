//! provenance-checks.
