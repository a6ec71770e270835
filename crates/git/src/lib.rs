//! provenance-git.
