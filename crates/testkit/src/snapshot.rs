//! Snapshot files: the expected text of a document model, committed next to the tests in
//! `tests/snapshots/` of the crate under test.

use std::path::Path;

/// Compares `actual` with `tests/snapshots/NAME` of the calling crate;
/// `UPDATE_SNAPSHOTS=1` rewrites the file instead.
#[macro_export]
macro_rules! assert_snapshot {
    ($name:expr, $actual:expr) => {
        $crate::snapshot::assert_snapshot_in(
            &::std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"),
            $name,
            $actual,
        )
    };
}

/// Compares `actual` with `dir/name`; `UPDATE_SNAPSHOTS=1` rewrites the file instead.
pub fn assert_snapshot_in(dir: &Path, name: &str, actual: &str) {
    let path = dir.join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{name} differs (UPDATE_SNAPSHOTS=1 rewrites it):\n{actual}"
    );
}
