//! girok's integration tests: one test binary, one module per feature.
//! Fixture archives are under `tests/fixtures/`; insta snapshots under
//! `tests/it/snapshots/`.

// Test helpers panic on purpose: a failed I/O step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod it;
