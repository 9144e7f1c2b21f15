//! The readers' regular expressions, built once from constant text. A pattern that does not
//! compile never panics: it matches nothing and keeps its error, and `check_patterns` (run when
//! the server starts, and by a unit test) reports it.
use std::borrow::Cow;

use regex::{Captures, Match, Regex};

pub struct Pattern(Option<Regex>, Option<String>);

impl Pattern {
    pub fn new(source: &str) -> Self {
        match Regex::new(source) {
            Ok(r) => Self(Some(r), None),
            Err(e) => Self(None, Some(format!("{source}: {e}"))),
        }
    }

    /// Why it did not compile, if it did not.
    pub fn error(&self) -> Option<&str> {
        self.1.as_deref()
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.0.as_ref().is_some_and(|r| r.is_match(haystack))
    }

    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.0.as_ref().and_then(|r| r.find(haystack))
    }

    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.0.as_ref().and_then(|r| r.captures(haystack))
    }

    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + use<'r, 'h> {
        self.0.iter().flat_map(move |r| r.find_iter(haystack))
    }

    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Captures<'h>> + use<'r, 'h> {
        self.0.iter().flat_map(move |r| r.captures_iter(haystack))
    }

    pub fn replace_all<'h>(&self, haystack: &'h str, with: &str) -> Cow<'h, str> {
        match &self.0 {
            Some(r) => r.replace_all(haystack, with),
            None => Cow::Borrowed(haystack),
        }
    }
}

/// Every pattern the readers use compiles; otherwise which ones do not, and why.
pub fn check_patterns() -> Result<(), String> {
    let all = super::refill::patterns().into_iter().chain(super::start_time::patterns());
    report(all)
}

fn report<'a>(patterns: impl Iterator<Item = &'a Pattern>) -> Result<(), String> {
    let broken: Vec<&str> = patterns.filter_map(Pattern::error).collect();
    if broken.is_empty() { Ok(()) } else { Err(format!("service-rule patterns do not compile: {}", broken.join("; "))) }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn every_pattern_the_readers_use_compiles() {
        assert_eq!(super::check_patterns(), Ok(()));
    }

    #[test]
    fn a_pattern_that_does_not_compile_matches_nothing_and_is_reported() {
        let broken = Pattern::new("(unclosed");
        assert!(!broken.is_match("(unclosed"));
        assert_eq!(broken.replace_all("text", "x"), "text");
        assert_eq!(broken.find_iter("text").count(), 0);
        let fine = Pattern::new("x+");
        let report = super::report([&fine, &broken].into_iter()).expect_err("reported");
        assert!(report.contains("(unclosed"), "{report}");
    }
}
