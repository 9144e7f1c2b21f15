//! Normalisation shared by the refill and start-time readers.
use unicode_normalization::UnicodeNormalization;

/// NFKC (mathematical letters and digits, fullwidth forms), lower case, one kind of dash,
/// variation selectors dropped.
pub fn normalize(text: &str) -> String {
    text.nfkc()
        .filter(|c| !matches!(*c, '\u{FE0E}' | '\u{FE0F}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}'))
        .map(|c| match c {
            '–' | '—' | '‐' | '‑' | '−' | '─' => '-',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Replaces the byte range with spaces (same length, so later offsets stay valid).
pub fn blank(text: &mut String, start: usize, end: usize) {
    let spaces = " ".repeat(text[start..end].chars().count());
    text.replace_range(start..end, &spaces);
}

/// Blanks every match of `re` in `text`.
pub fn blank_all(text: &mut String, re: &super::pattern::Pattern) {
    let ranges: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
    for (s, e) in ranges.into_iter().rev() {
        blank(text, s, e);
    }
}
