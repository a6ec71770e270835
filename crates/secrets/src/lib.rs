//! provenance-secrets.
