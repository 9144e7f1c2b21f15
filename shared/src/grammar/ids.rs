//! G6: which digit runs are order ids.
use super::lexer::{Token, TokenKind};
use super::normalize::is_word_char;

const CURRENCY_SIGNS: &[char] = &['$', '€', '£', '₹', '¥', '₨', '₦', '৳', '₱', '₩', '₫', '₺', '₽', '¢', '₭', '₮', '₴'];
const QUANTITY_OR_CURRENCY_AFTER: &[&str] = &[
    "followers",
    "follower",
    "likes",
    "like",
    "views",
    "view",
    "subs",
    "subscribers",
    "members",
    "comments",
    "shares",
    "saves",
    "k",
    "usd",
    "usdt",
    "dollar",
    "dollars",
    "rs",
    "inr",
    "pkr",
    "idr",
    "rupees",
    "taka",
    "bdt",
    "naira",
    "ngn",
];
const CURRENCY_BEFORE: &[&str] = &["rs", "rp", "inr", "usd", "idr", "pkr"];
const JOINERS: &[char] = &['-', '/', '.', ':'];

pub const MIN_ID_DIGITS: usize = 3;
pub const MAX_ID_DIGITS: usize = 12;

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// The word starting at `i` (letters, marks, inner hyphens), if any.
fn word_at(chars: &[char], i: usize) -> Option<String> {
    if !chars.get(i).is_some_and(|c| is_word_char(*c)) {
        return None;
    }
    let mut end = i;
    while end < chars.len() && is_word_char(chars[end]) {
        end += 1;
    }
    Some(chars[i..end].iter().collect())
}

/// The word ending just before `end` (exclusive), if any.
fn word_before(chars: &[char], end: usize) -> Option<String> {
    let mut start = end;
    while start > 0 && is_word_char(chars[start - 1]) {
        start -= 1;
    }
    (start < end).then(|| chars[start..end].iter().collect())
}

/// Whether the digit run `token` (in `chars`) is an order id.
pub fn is_order_id(chars: &[char], token: &Token) -> bool {
    let TokenKind::Digits(digits) = &token.kind else { return false };
    // a) 3 to 12 digits, no leading zero
    if digits.len() < MIN_ID_DIGITS || digits.len() > MAX_ID_DIGITS || digits.starts_with('0') {
        return false;
    }
    let before = token.start.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(token.end).copied();
    // b) what stands right before
    if let Some(b) = before {
        if is_word_char(b) || CURRENCY_SIGNS.contains(&b) {
            return false;
        }
        if b == '+' && !(token.start >= 2 && chars[token.start - 2].is_ascii_digit()) {
            return false;
        }
    }
    // c) what stands right after
    if after.is_some_and(|a| is_word_char(a) || a == '%' || CURRENCY_SIGNS.contains(&a)) {
        return false;
    }
    // d) joined to another digit run by one - / . :
    if after.is_some_and(|a| JOINERS.contains(&a)) && chars.get(token.end + 1).is_some_and(char::is_ascii_digit) {
        return false;
    }
    if before.is_some_and(|b| JOINERS.contains(&b)) && token.start >= 2 && chars[token.start - 2].is_ascii_digit() {
        return false;
    }
    // e) a quantity or a price
    let mut next = token.end;
    while next < chars.len() && is_space(chars[next]) {
        next += 1;
    }
    if chars.get(next).is_some_and(|c| CURRENCY_SIGNS.contains(c)) {
        return false;
    }
    if next > token.end && word_at(chars, next).is_some_and(|w| QUANTITY_OR_CURRENCY_AFTER.contains(&w.as_str())) {
        return false;
    }
    let mut prev = token.start;
    while prev > 0 && is_space(chars[prev - 1]) {
        prev -= 1;
    }
    if prev > 0 {
        let c = chars[prev - 1];
        if CURRENCY_SIGNS.contains(&c) {
            return false;
        }
        if prev < token.start && word_before(chars, prev).is_some_and(|w| CURRENCY_BEFORE.contains(&w.as_str())) {
            return false;
        }
    }
    true
}
