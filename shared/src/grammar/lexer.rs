//! G3: words (letters and marks, hyphens between letters) and digit runs, with their positions.
use super::normalize::is_word_char;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// A word; `slash` when a "/" stands right before it (Telegram slash command).
    Word { text: String, slash: bool },
    /// A maximal run of ASCII digits (after normalisation).
    Digits(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Char index of the first and one past the last character.
    pub start: usize,
    pub end: usize,
}

/// Splits normalised text into words and digit runs. Everything else separates them.
pub fn tokenize(chars: &[char]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            tokens.push(Token { kind: TokenKind::Digits(chars[start..i].iter().collect()), start, end: i });
        } else if is_word_char(c) {
            let start = i;
            while i < chars.len() {
                // A hyphen joins two letters (re-fill, speed-up); anything else ends the word.
                let joins =
                    chars[i] == '-' && i + 1 < chars.len() && is_word_char(chars[i + 1]) && is_word_char(chars[i - 1]);
                if is_word_char(chars[i]) || joins {
                    i += 1;
                } else {
                    break;
                }
            }
            let slash = start > 0 && chars[start - 1] == '/';
            tokens.push(Token {
                kind: TokenKind::Word { text: chars[start..i].iter().collect(), slash },
                start,
                end: i,
            });
        } else {
            i += 1;
        }
    }
    tokens
}
