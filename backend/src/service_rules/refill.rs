//! Refill policy (README "Refill labelling rules" 1–6).
use std::sync::LazyLock;

use super::pattern::Pattern;
use super::text::blank_all;
use super::{Field, Matched, RefillPolicy};

fn re(pattern: &str) -> Pattern {
    Pattern::new(pattern)
}

/// Words that promise a refill or a guarantee, in the languages panels use.
const PROMISE: &str = r"(?:auto[\s-]?refill|autorefill|refill|refil|re-fill|guarantee[ed]*|guaranted|guarentee|gurantee|garantee|warranty|garansi(?:\s+isi\s+ulang)?(?:\s+refill)?|isi\s+ulang|гарантия|гарантией|гарантии|الضمان|ضمان|bảo\s+hành|bao\s+hanh|reposição|reposicao)";
/// A unit of a refill period; a number with no unit after a refill word means days.
const UNIT: &str = r"(?:days?|d|hari|har|ngày|ngay|dias|días|дней|дня|день|يوم|ي|months?|mon|bulan|месяц[аев]*|years?|yrs?|tahun|год[а]?|лет)";
const RECYCLE: &str = "[♻🔄🔃🔂]";

/// Durations and phrases that look like refill periods but are not (rule 6), blanked first.
static NOT_REFILL: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    [
        // non-drop windows and claims: "60 days nondrop", "[10-20days non drop]", "refill: non drop"
        r"\d+\s*(?:-\s*\d+\s*)?(?:days?|d|hari)\s*(?:non|no)[\s-]*drop",
        r"(?:refill|guarantee|garansi)\s*[:=\-]*\s*(?:non|no)[\s-]*drop",
        // account age, history, testing: "best from 2 years", "before 1 year", "2+ years no drop", "tested for 2 months"
        r"(?:from|before|since|for|selama|uji)\s+\d+\s*\+?\s*(?:years?|months?|bulan|tahun)",
        r"\d+\s*\+?\s*years?\s+(?:no|non)[\s-]*drop",
        // subscription / premium periods and online time: "7 days premium", "[30 days]" on members
        r"\d+\s*(?:days?|d|months?)\s*premium",
        // processing and delivery ranges: "proses refill 2-3hari", "30-50days", "3-10 hari"
        r"\d+\s*-\s*\d+\s*(?:days?|d|hari|h|hrs?|hours?|jam)",
        r"(?:every|in\s+every|per)\s+\d+\s*(?:h|hrs?|hours?|jam|days?)",
        r"\d+\s*x\s*refill",
        r"cooldown\s+\d+\s*\w*",
    ]
    .iter()
    .map(|p| re(p))
    .collect()
});

/// "drop - no refill - 30 days" is "drop: no" + "refill: 30 days"; blank the "no".
static FLATTENED_DROP_NO: LazyLock<Pattern> =
    LazyLock::new(|| re(&format!(r"drop\s*[-:]+\s*(no)\s*{PROMISE}\s*[-:]+\s*(?:\d|lifetime)")));

static NEGATIVES: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    [
        r"\b(?:no|non|not)[\s-]*refil+s?\b",
        r"\bnr\b",
        r"\brefill\s*[:=\-!]*\s*(?:no|not\s+possible|not\s+available|none|nope|tidak)\b",
        r"\b(?:no|non|not|without|with\s+no)[\s-]*(?:guarantee[ed]*|garansi|garanti|warranty)\b",
        r"\b(?:guarantee|garansi|warranty)\s*[:=\-]*\s*(?:no|none|tidak)\b",
        r"\b(?:tidak|gk|gak|nggak)\s+(?:ada\s+)?garansi\b",
        r"\btanpa\s+(?:isi\s+ulang|garansi|refill)\b",
        r"\btidak\s+ada\s+(?:isi\s+ulang|refill)\b",
        r"без\s+гарантии",
        r"гарантия\s*[:\-]*\s*(?:нет|нету)",
        r"بدون\s+ضمان",
    ]
    .iter()
    .map(|p| re(p))
    .collect()
});

/// A negative followed by a condition ("no refill if the video is short") is an exception clause.
static EXCEPTION_AFTER: LazyLock<Pattern> =
    LazyLock::new(|| re(r"^\s*\(?\s*(?:if|for|when|after|on|in\s+case|jika|kalau|untuk|dalam\s+kasus)\b"));

static LIFETIME: LazyLock<Pattern> = LazyLock::new(|| {
    re(r"\b(?:life\s*-?\s*time|unlimited\s+refill|permanent)\b|r∞|∞\s*refill|دائم|навсегда|seumur\s+hidup")
});
static LIFETIME_NONDROP: LazyLock<Pattern> = LazyLock::new(|| re(r"\blife\s*-?\s*time\s*-?\s*(?:non|no)[\s-]*drop\b"));

/// Refill periods: "R30", "AR30", "G60", "refill: 30 days", "30 days refill", "♻️ 30 days" …
static PERIODS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    vec![
        re(r"(?:^|[^\p{L}\p{N}])(?:ar|r|g)(\d{1,4})(?:\s*(?:days?|d))?(?:[^\p{L}\p{N}]|$)"),
        re(&format!(
            r"{PROMISE}\s*(?:button\s*)?(?:working\s*)?(?:for\s*)?(?:yes\s*)?[:=\-(\[]*\s*(\d{{1,4}})\s*({UNIT})?(?:[^\p{{L}}\p{{N}}%$]|$)"
        )),
        re(&format!(r"(\d{{1,4}})\s*-?\s*({UNIT})\s*-?\s*(?:{RECYCLE}\s*)?(?:real\s+)?{PROMISE}")),
        re(&format!(r"{RECYCLE}\s*(?:real\s+)?(\d{{1,4}})\s*({UNIT})(?:[^\p{{L}}]|$)")),
        re(&format!(r"(\d{{1,4}})\s*({UNIT})\s*{RECYCLE}")),
    ]
});

static BARE_DAYS: LazyLock<Pattern> =
    LazyLock::new(|| re(r"(?:^|[^\p{L}\p{N}])(\d{1,4})\s*(?:days?|d|hari)(?:[^\p{L}]|$)"));
static GUARANTEED_CATEGORY: LazyLock<Pattern> = LazyLock::new(|| re(r"\bguaranteed\b"));

fn days_for(number: u32, unit: Option<&str>) -> u32 {
    let unit = unit.unwrap_or("d");
    if unit.starts_with("mon") || unit.starts_with("bulan") || unit.starts_with("месяц") {
        number.saturating_mul(30)
    } else if unit.starts_with("y") || unit.starts_with("tahun") || unit.starts_with("год") || unit == "лет" {
        number.saturating_mul(365)
    } else {
        number
    }
}

enum FieldVerdict {
    Decisive(RefillPolicy, String),
    /// A bare "N days" or "lifetime non-drop": decides only under a Guaranteed category.
    Bare(RefillPolicy, String),
    Silent,
}

fn read_field(original: &str) -> FieldVerdict {
    let mut text = original.to_string();
    if let Some(m) = FLATTENED_DROP_NO.captures(&text).and_then(|c| c.get(1)) {
        let (s, e) = (m.start(), m.end());
        super::text::blank(&mut text, s, e);
    }
    let lifetime_nondrop = LIFETIME_NONDROP.find(&text).map(|m| m.as_str().to_string());
    for not_refill in NOT_REFILL.iter() {
        blank_all(&mut text, not_refill);
    }
    if lifetime_nondrop.is_some() {
        blank_all(&mut text, &LIFETIME_NONDROP);
    }
    let mut exception_negative = None;
    for negative in NEGATIVES.iter() {
        for m in negative.find_iter(&text) {
            if EXCEPTION_AFTER.is_match(&text[m.end()..]) {
                exception_negative.get_or_insert_with(|| m.as_str().trim().to_string());
            } else {
                return FieldVerdict::Decisive(RefillPolicy::None, m.as_str().trim().to_string());
            }
        }
    }
    let mut best: Option<(usize, RefillPolicy, String)> = None;
    for period in PERIODS.iter() {
        for c in period.captures_iter(&text) {
            let Some(n) = c.get(1).and_then(|n| n.as_str().parse::<u32>().ok()).filter(|n| *n > 0) else { continue };
            let Some(whole) = c.get(0) else { continue };
            let policy = RefillPolicy::Days(days_for(n, c.get(2).map(|u| u.as_str())));
            if best.as_ref().is_none_or(|(pos, _, _)| whole.start() < *pos) {
                best = Some((whole.start(), policy, whole.as_str().trim().to_string()));
            }
        }
    }
    if let Some(m) = LIFETIME.find(&text)
        && best.as_ref().is_none_or(|(pos, _, _)| m.start() < *pos)
    {
        best = Some((m.start(), RefillPolicy::Lifetime, m.as_str().trim().to_string()));
    }
    if let Some((_, policy, matched)) = best {
        return FieldVerdict::Decisive(policy, matched);
    }
    if let Some(matched) = exception_negative {
        return FieldVerdict::Decisive(RefillPolicy::None, matched);
    }
    if let Some(c) = BARE_DAYS.captures(&text)
        && let (Some(n), Some(whole)) = (c.get(1).and_then(|n| n.as_str().parse::<u32>().ok()), c.get(0))
    {
        return FieldVerdict::Bare(RefillPolicy::Days(n), whole.as_str().trim().to_string());
    }
    if let Some(m) = lifetime_nondrop {
        return FieldVerdict::Bare(RefillPolicy::Lifetime, m);
    }
    FieldVerdict::Silent
}

/// Rule 2: the first field with a decisive statement decides; a bare duration counts only under
/// a category that says Guaranteed (a Non/Not Guaranteed category is itself a negative).
pub fn decide(fields: &[(Field, String)]) -> (RefillPolicy, Option<Matched>) {
    let mut first_bare: Option<(RefillPolicy, Matched)> = None;
    for (field, text) in fields {
        match read_field(text) {
            FieldVerdict::Decisive(policy, matched) => return (policy, Some(Matched { field: *field, text: matched })),
            FieldVerdict::Bare(policy, matched) => {
                first_bare.get_or_insert((policy, Matched { field: *field, text: matched }));
            }
            FieldVerdict::Silent => {}
        }
    }
    let category = fields.iter().find(|(f, _)| *f == Field::Category).map(|(_, t)| t.as_str()).unwrap_or("");
    match first_bare {
        Some((policy, matched)) if GUARANTEED_CATEGORY.is_match(category) => (policy, Some(matched)),
        _ => (RefillPolicy::Unknown, None),
    }
}

/// Every pattern this reader uses, built now (`pattern::check_patterns`).
pub(super) fn patterns() -> Vec<&'static Pattern> {
    let mut all: Vec<&'static Pattern> = vec![
        &*FLATTENED_DROP_NO,
        &*EXCEPTION_AFTER,
        &*LIFETIME,
        &*LIFETIME_NONDROP,
        &*BARE_DAYS,
        &*GUARANTEED_CATEGORY,
    ];
    all.extend(NOT_REFILL.iter());
    all.extend(NEGATIVES.iter());
    all.extend(PERIODS.iter());
    all
}
