//! G1 (normalise) and G2 (strip URLs and @mentions).
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Zero of every Unicode `Nd` block (each block is ten consecutive digits).
const DIGIT_ZEROS: &[u32] = &[
    0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6,
    0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40,
    0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x10D40, 0x11066,
    0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0,
    0x11950, 0x11BF0, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50, 0x16D70, 0x1CCF0,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

/// The ASCII digit for any Unicode decimal digit (`Nd`).
pub fn decimal_digit(c: char) -> Option<char> {
    let cp = c as u32;
    let idx = DIGIT_ZEROS.partition_point(|&zero| zero <= cp);
    let zero = *DIGIT_ZEROS.get(idx.checked_sub(1)?)?;
    let value = cp - zero;
    (value < 10).then(|| char::from(b'0' + value as u8))
}

/// Unicode format characters (`Cf`): zero-width space/joiners, direction marks, BOM, tags …
pub fn is_format_char(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// A letter or a combining mark: what words are made of (G3).
pub fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining_mark(c)
}

/// G1: NFKC, every decimal digit to ASCII, format characters to spaces, lower case, no apostrophes.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc() {
        if c == '\'' || c == '\u{2019}' {
            continue;
        }
        if is_format_char(c) {
            out.push(' ');
        } else if let Some(d) = decimal_digit(c) {
            out.push(d);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// G2: URLs (a token with "://" or starting with "www.") and @mentions become spaces.
pub fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let token_start = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
        out.push_str(&rest[..token_start]);
        rest = &rest[token_start..];
        let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..token_end];
        if token.contains("://") || token.starts_with("www.") {
            out.push(' ');
        } else {
            strip_mentions(token, &mut out);
        }
        rest = &rest[token_end..];
    }
    out
}

fn strip_mentions(token: &str, out: &mut String) {
    let mut chars = token.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_name = chars.peek().is_some_and(|n| n.is_alphanumeric() || *n == '_');
        if c == '@' && starts_name {
            while chars.peek().is_some_and(|n| n.is_alphanumeric() || *n == '_' || is_combining_mark(*n)) {
                chars.next();
            }
            out.push(' ');
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_every_script_become_ascii() {
        assert_eq!(normalize("٢٢٧٤٢٠٩ २२७४२०९ ２２７ 𝟐𝟐𝟕 ໕"), "2274209 2274209 227 227 5");
        assert_eq!(decimal_digit('a'), None);
        assert_eq!(decimal_digit('\u{0669}'), Some('9'));
    }

    #[test]
    fn apostrophes_go_and_format_chars_become_spaces() {
        assert_eq!(normalize("Don’t RE\u{200B}FILL"), "dont re fill");
    }

    #[test]
    fn urls_and_mentions_are_removed() {
        assert_eq!(strip("/refill@panelbot 123 https://t.me/x/994 www.a.b/5"), "/refill  123    ");
        assert_eq!(strip("@bot speed 1"), "  speed 1");
    }
}
