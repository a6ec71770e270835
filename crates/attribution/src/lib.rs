//! provenance-attribution.
