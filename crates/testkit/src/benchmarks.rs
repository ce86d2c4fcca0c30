//! What the benchmarks share: a seeded generator, and the marked section of
//! BENCHMARKS.md each owns (`<!-- NAME:start -->` … `<!-- NAME:end -->`) and rewrites.

use std::path::Path;

/// A small deterministic generator (xorshift), so every run of a benchmark builds the
/// same data from the same seed.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

fn markers(name: &str) -> (String, String) {
    (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    )
}

/// The section `name` with its markers around `body`.
pub fn section(name: &str, body: &str) -> String {
    let (start, end) = markers(name);
    format!("{start}\n{}\n{end}\n", body.trim_end())
}

/// `document` with the section `name` replaced by `body`, or with it appended when the
/// markers are missing.
pub fn replace_section(document: &str, name: &str, body: &str) -> String {
    let (start, end) = markers(name);
    let new = section(name, body);
    match (document.find(&start), document.find(&end)) {
        (Some(a), Some(b)) if b > a => format!(
            "{}{}{}",
            &document[..a],
            new.trim_end(),
            &document[b + end.len()..]
        ),
        _ => format!("{}\n\n{new}", document.trim_end()),
    }
}

/// Rewrites the section `name` of the file at `path` (created when missing).
pub fn write_section(path: &Path, name: &str, body: &str) -> std::io::Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_else(|_| "# Benchmarks\n".into());
    std::fs::write(path, replace_section(&old, name, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_named_section_changes_and_a_missing_one_is_appended() {
        let doc = "# Benchmarks\n\n<!-- a:start -->\nold a\n<!-- a:end -->\n\n<!-- b:start -->\nold b\n<!-- b:end -->\n";
        assert_eq!(
            replace_section(doc, "a", "new a\n"),
            "# Benchmarks\n\n<!-- a:start -->\nnew a\n<!-- a:end -->\n\n<!-- b:start -->\nold b\n<!-- b:end -->\n"
        );
        assert_eq!(
            replace_section("# Benchmarks\n", "c", "c"),
            "# Benchmarks\n\n<!-- c:start -->\nc\n<!-- c:end -->\n"
        );
    }
}
