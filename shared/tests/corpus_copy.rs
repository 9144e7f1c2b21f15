//! The parser tests read the repository's own copy of the labelled corpora (`corpus/`), so a clone
//! alone passes `make test`. When the shared corpus folder sits beside the repository
//! (`../shared/corpus`), the copy must be byte-identical to it: a refreshed shared corpus that was not
//! copied in fails here instead of silently testing against stale labels. Without that folder (a plain
//! clone, CI) there is nothing to compare and the test passes, saying so.
use std::path::{Path, PathBuf};

const FILES: [&str; 2] = ["commands.tsv", "service-names.tsv"];

fn repo_copy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

fn shared_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn the_repository_copy_of_the_corpora_equals_the_shared_corpus_when_present() {
    let shared = shared_corpus();
    if !shared.is_dir() {
        println!("corpus copy check skipped: {} is absent (only the repository copy is used)", shared.display());
        return;
    }
    let mut stale = Vec::new();
    for file in FILES {
        let copy = read(&repo_copy().join(file));
        let original = read(&shared.join(file));
        if copy == original {
            println!("corpus/{file}: identical to {} ({} bytes)", shared.join(file).display(), copy.len());
        } else {
            stale.push(format!(
                "corpus/{file} ({} bytes) differs from {} ({} bytes)",
                copy.len(),
                shared.join(file).display(),
                original.len()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "the repository's corpus copy is stale; copy the shared files into corpus/:\n  {}",
        stale.join("\n  ")
    );
}
