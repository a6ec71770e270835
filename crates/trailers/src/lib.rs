//! provenance-trailers.
