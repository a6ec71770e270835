//! The hermetic test kit ([`provenance_testkit`]) with this package's binaries: a
//! [`TestRepo`] made here runs the `provenance` binaries cargo built for this test.
#![allow(dead_code)] // each test module uses a different part of the harness

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

pub use provenance_testkit::*;

/// Path of one of this package's binaries.
pub fn bin(name: &str) -> PathBuf {
    bin_dir().join(name)
}

/// The directory cargo built this package's binaries in.
pub fn bin_dir() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_provenance"))
        .parent()
        .expect("binary directory")
}

/// A [`provenance_testkit::TestRepo`] that runs this package's binaries; everything else
/// is the kit's (through `Deref`).
pub struct TestRepo(provenance_testkit::TestRepo);

impl TestRepo {
    /// `git init` (branch `main`) with a fixed identity.
    pub fn new() -> TestRepo {
        TestRepo::named("repo")
    }

    /// [`TestRepo::new`] with the worktree in a directory called `name` (spaces, quotes…).
    pub fn named(name: &str) -> TestRepo {
        TestRepo(provenance_testkit::TestRepo::named(name).with_bin_dir(bin_dir()))
    }

    /// A fresh repo with one human commit on `main` (file `base.txt`).
    pub fn with_base() -> TestRepo {
        TestRepo(provenance_testkit::TestRepo::with_base().with_bin_dir(bin_dir()))
    }
}

impl Deref for TestRepo {
    type Target = provenance_testkit::TestRepo;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for TestRepo {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}
