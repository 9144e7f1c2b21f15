//! Start-time upper bound (README "Start-time rules" 1–4): name first, then description.
use std::sync::LazyLock;

use regex::Captures;

use super::pattern::Pattern;
use super::text::blank_all;
use super::{Field, Matched};

fn re(pattern: &str) -> Pattern {
    Pattern::new(pattern)
}

const NUM: &str = r"(\d+(?:[.,]\d+)?)";
const TIME_UNIT: &str = r"(hours?|hrs?|hr|h|jam|часов|часа|час|ساعة|ساعات|minutes?|minutas|mins?|mint|menit|мин\.?|минут[ы]?|دقيقة|دقائق|seconds?|secs?|sec|детик|секунд[ы]?|days?|hari)";
const INSTANT: &str = r"(?:super\s*instant|superinstant|i?nstan(?:t|tly)?|мгновенно|فوري)";

/// Phrases with durations that are not start times, blanked first (rule 4).
static NOT_START: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    [
        r"(?:delivered|delivery|completed?|complete\s+in|done|selesai|finish\w*)\s*(?:within|in|dalam)?\s*[:\-]*\s*\d+[^|\[\]\n]{0,20}",
        r"\d+\s*(?:hours?|hrs?|h|jam)\s*(?:delivery|to\s+complete)",
        r"(?:stay\w*|retention|watch\s*time|video\s+length|durasi|duration|length|stream\w*)\s*(?:time)?\s*[:\-]*\s*\d+[^|\[\]\n]{0,20}",
        r"\d+\s*(?:-\s*\d+\s*)?(?:minutes?|mins?|mint|sec\w*)\s*(?:retention|video|watch|stay|concurrent)",
        r"\d+\s*(?:-\s*\d+\s*)?(?:hours?|hrs?)\s+(?:retention|watch|stay|concurrent)",
        r"\d+\s*(?:k|m)?\s*/\s*(?:h|hr|hour|d|day|jam|hari)\b",
        r"(?:speed|kecepatan|скорость\s+выполнения)[ \t]*[:\-]*[^|\[\]\n{}()]{0,30}",
        r"(?:after\s+requesting|refill)[^|\[\]\n]{0,25}(?:to\s+start|start)",
        r"(?:every|per)\s+\d+\s*\w+",
        r"\d+\s*(?:k\s*)?(?:minutes|menit|jam)\s+(?:watch|tayang)",
        r"(?:jam\s+tayang|waktu\s+tonton)[^|\[\]\n]{0,20}",
        r"\d+\s*\+?\s*(?:minutes?|mins?)\s*(?:\+|or\s+more)",
    ]
    .iter()
    .map(|p| re(p))
    .collect()
});

/// A labelled start: "start: 0-1 hour", "start time - instant - 6 hours", "waktu mulai 0-12 jam".
static LABEL_BEFORE: LazyLock<Pattern> = LazyLock::new(|| {
    re(
        r"(?:start(?:\s*time|s)?(?:\s*in)?|waktu\s+mulai|mulai(?:\s+proses)?|скорость\s+старта|старт|start\s+times?)\s*[:\-=]*\s*",
    )
});
/// A start stated before its label: "0-1 hour start!", "0-3 jam mulai", "10 minutes time".
static LABEL_AFTER: LazyLock<Pattern> = LazyLock::new(|| {
    re(&format!(
        r"{NUM}\s*(?:{TIME_UNIT})?\s*(?:-|to)\s*{NUM}\s*{TIME_UNIT}\s*(?:start|mulai|time)|{NUM}\s*{TIME_UNIT}\s*(?:start|mulai|time)"
    ))
});

static RANGE: LazyLock<Pattern> = LazyLock::new(|| {
    re(&format!(
        r"^(?:within|up\s+to|до|approx\.?|normally|mostly|almost)?\s*{NUM}\s*(?:{TIME_UNIT})?\s*(?:-|to|/)\s*{NUM}\s*{TIME_UNIT}"
    ))
});
static SINGLE: LazyLock<Pattern> = LazyLock::new(|| {
    re(&format!(r"^(?:within|up\s+to|до|approx\.?|normally|mostly|almost)?\s*{NUM}\s*{TIME_UNIT}(?:[^\p{{L}}]|$)"))
});
static INSTANT_TO: LazyLock<Pattern> =
    LazyLock::new(|| re(&format!(r"{INSTANT}\s*(?:start\s*)?(?:-|to)\s*{NUM}\s*{TIME_UNIT}")));
static INSTANT_WORD: LazyLock<Pattern> = LazyLock::new(|| re(&format!(r"(?:^|[^\p{{L}}]){INSTANT}(?:[^\p{{L}}]|$)")));
static LEADING_INSTANT: LazyLock<Pattern> =
    LazyLock::new(|| re(&format!(r"^(?:almost\s+|normally\s+|mostly\s+)?{INSTANT}")));
static MAX_AFTER: LazyLock<Pattern> = LazyLock::new(|| re(&format!(r"^[^|\n]{{0,12}}\(\s*max\s*{NUM}\s*{TIME_UNIT}")));
/// Without a label, only hours, minutes and seconds count ("30-50days" is a delivery time).
const SHORT_UNIT: &str =
    r"(hours?|hrs?|hr|h|jam|часов|часа|час|minutes?|mins?|mint|menit|мин\.?|минут[ы]?|seconds?|secs?|sec)";
static UNLABELLED_RANGE: LazyLock<Pattern> = LazyLock::new(|| {
    re(&format!(
        r"(?:^|[^\p{{L}}\p{{N}}./])(?:avg\s*)?{NUM}\s*(?:{SHORT_UNIT})?\s*-\s*{NUM}\s*{SHORT_UNIT}(?:[^\p{{L}}/]|$)"
    ))
});
/// "0-1/h start time": a per-hour slash before a start label is a unit, not a speed.
static PER_HOUR_START: LazyLock<Pattern> = LazyLock::new(|| re(r"/\s*h\s+start"));
static UNLABELLED_SHORT_HOURS: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?:^|[\[\]|\-\s])(\d{1,2})\s*(?:h|hrs?)(?:[\s\]\[|\-]|$)"));

fn hours(number: &str, unit: &str) -> Option<f64> {
    let n: f64 = number.replace(',', ".").parse().ok()?;
    let u = unit.trim_end_matches('.');
    let factor = if u.starts_with('h') || u.starts_with("jam") || u.starts_with("час") || u.starts_with("ساع") {
        1.0
    } else if u.starts_with("sec") || u.starts_with("секунд") {
        1.0 / 3600.0
    } else if u.starts_with("day") || u.starts_with("hari") {
        24.0
    } else {
        1.0 / 60.0
    };
    Some(n * factor)
}

fn round4(h: f64) -> f64 {
    (h * 10_000.0).round() / 10_000.0
}

/// The upper bound of a range capture: groups (a, unit_a?, b, unit_b).
fn range_upper(c: &Captures<'_>, first: usize) -> Option<f64> {
    let upper_unit = c.get(first + 3)?.as_str();
    hours(c.get(first + 2)?.as_str(), upper_unit)
}

/// Reads a time expression at the start of `rest` (text right after a start label).
fn expression_at(rest: &str) -> Option<f64> {
    let value = if let Some(c) = RANGE.captures(rest) {
        range_upper(&c, 1)
    } else if let Some(c) = INSTANT_TO.captures(rest).filter(|c| c.get(0).is_some_and(|m| m.start() == 0)) {
        hours(c.get(1)?.as_str(), c.get(2)?.as_str())
    } else if let Some(c) = SINGLE.captures(rest) {
        hours(c.get(1)?.as_str(), c.get(2)?.as_str())
    } else if LEADING_INSTANT.is_match(rest) {
        // "instant ( avg 0-3 hrs )": a range right after beats the plain instant.
        let tail = &rest[LEADING_INSTANT.find(rest).map(|m| m.end()).unwrap_or(0)..];
        let tail = tail.trim_start_matches(|c: char| c.is_whitespace() || c == '(' || c == '[');
        match RANGE.captures(tail.trim_start_matches("avg").trim_start()) {
            Some(c) => range_upper(&c, 1),
            None => Some(0.0),
        }
    } else {
        None
    }?;
    // "1 hour (max 2 hours)": the stated maximum is the upper bound.
    let consumed = RANGE.find(rest).or_else(|| SINGLE.find(rest)).map(|m| m.end()).unwrap_or(0);
    let max = MAX_AFTER.captures(&rest[consumed..]).and_then(|c| hours(c.get(1)?.as_str(), c.get(2)?.as_str()));
    Some(match max {
        Some(m) if m > value => m,
        _ => value,
    })
}

fn read_field(original: &str) -> Option<(f64, String)> {
    let mut text = PER_HOUR_START.replace_all(original, " h start").into_owned();
    for not_start in NOT_START.iter() {
        blank_all(&mut text, not_start);
    }
    // 1. A labelled start time.
    for label in LABEL_BEFORE.find_iter(&text) {
        if let Some(h) = expression_at(&text[label.end()..]) {
            let shown: String = text[label.start()..].chars().take(40).collect();
            return Some((h, shown.trim().to_string()));
        }
    }
    if let Some(c) = LABEL_AFTER.captures(&text) {
        let h = if c.get(4).is_some() { range_upper(&c, 1) } else { hours(c.get(5)?.as_str(), c.get(6)?.as_str()) };
        if let Some(h) = h {
            return Some((h, c.get(0)?.as_str().trim().to_string()));
        }
    }
    if let Some(c) = INSTANT_TO.captures(&text)
        && let Some(h) = hours(c.get(1)?.as_str(), c.get(2)?.as_str())
    {
        return Some((h, c.get(0)?.as_str().trim().to_string()));
    }
    // 2. Inside one field a numeric range beats a plain "instant".
    if let Some(c) = UNLABELLED_RANGE.captures(&text)
        && let Some(h) = range_upper(&c, 1)
    {
        return Some((h, c.get(0)?.as_str().trim().to_string()));
    }
    if let Some(m) = INSTANT_WORD.find(&text) {
        return Some((0.0, m.as_str().trim().to_string()));
    }
    // 3. The short legend form "[6H - 5K/D - R30]", "1hrs".
    let c = UNLABELLED_SHORT_HOURS.captures(&text)?;
    Some((hours(c.get(1)?.as_str(), "h")?, c.get(0)?.as_str().trim().to_string()))
}

pub fn decide(fields: &[(Field, String)]) -> (Option<f64>, Option<Matched>) {
    for (field, text) in fields {
        if let Some((h, matched)) = read_field(text) {
            return (Some(round4(h)), Some(Matched { field: *field, text: matched }));
        }
    }
    (None, None)
}

/// Every pattern this reader uses, built now (`pattern::check_patterns`).
pub(super) fn patterns() -> Vec<&'static Pattern> {
    let mut all: Vec<&'static Pattern> = vec![
        &*LABEL_BEFORE,
        &*LABEL_AFTER,
        &*RANGE,
        &*SINGLE,
        &*INSTANT_TO,
        &*INSTANT_WORD,
        &*LEADING_INSTANT,
        &*MAX_AFTER,
        &*UNLABELLED_RANGE,
        &*PER_HOUR_START,
        &*UNLABELLED_SHORT_HOURS,
    ];
    all.extend(NOT_START.iter());
    all
}
