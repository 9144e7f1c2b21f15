//! Table test over the public corpus `corpus/service-names.tsv`: refill accuracy must be
//! at least 95%; start-time accuracy is reported.
use super::*;

struct Row {
    name: String,
    description: String,
    category: String,
    refill: String,
    start: String,
}

fn corpus() -> Vec<Row> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/service-names.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the corpus copy must be in the repository at {}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let col = |i: usize| c.get(i).copied().unwrap_or_default().to_string();
            Row {
                name: col(0),
                description: col(1).replace("\\n", "\n"),
                category: col(2),
                refill: col(3),
                start: col(4),
            }
        })
        .collect()
}

fn start_matches(expected: &str, got: Option<f64>) -> bool {
    match (expected.parse::<f64>().ok(), got) {
        (None, None) => true,
        (Some(e), Some(g)) => (e - g).abs() <= 0.001,
        _ => false,
    }
}

#[test]
fn public_corpus_refill_accuracy_is_at_least_95_percent_and_start_time_is_reported() {
    let rows = corpus();
    assert!(rows.len() > 150, "read {} rows", rows.len());
    let (mut refill_ok, mut start_ok) = (0, 0);
    let mut misses = Vec::new();
    for r in &rows {
        let got = parse_service(ServiceText { name: &r.name, description: &r.description, category: &r.category });
        if got.refill.label() == r.refill {
            refill_ok += 1;
        } else {
            misses.push(format!(
                "REFILL want {} got {} ({:?}) | {}",
                r.refill,
                got.refill.label(),
                got.refill_matched,
                r.name
            ));
        }
        if start_matches(&r.start, got.start_max_hours) {
            start_ok += 1;
        } else {
            misses.push(format!(
                "START want {} got {:?} ({:?}) | {}",
                r.start, got.start_max_hours, got.start_matched, r.name
            ));
        }
    }
    let n = rows.len() as f64;
    let (refill_acc, start_acc) = (refill_ok as f64 / n * 100.0, start_ok as f64 / n * 100.0);
    println!(
        "service corpus: refill {refill_ok}/{} = {refill_acc:.1}%, start time {start_ok}/{} = {start_acc:.1}%",
        rows.len(),
        rows.len()
    );
    for m in &misses {
        println!("  {m}");
    }
    assert!(refill_acc >= 95.0, "refill accuracy {refill_acc:.1}% is below 95%");
}

#[test]
fn readme_examples_hold() {
    let p = |name: &str, category: &str| parse_service(ServiceText { name, description: "", category });
    assert_eq!(p("Likes [No Refill] [R30]", "").refill, RefillPolicy::None, "negatives before positives");
    assert_eq!(p("Followers 3month Guarantee", "").refill, RefillPolicy::Days(90));
    assert_eq!(p("Views Refill 1 year", "").refill, RefillPolicy::Days(365));
    assert_eq!(p("Members [30 Days]", "").refill, RefillPolicy::Unknown, "a bare duration is not a promise");
    assert_eq!(p("Members [30 Days]", "Members [Guaranteed]").refill, RefillPolicy::Days(30));
    assert_eq!(p("Members [30 Days]", "Members [Non Guaranteed]").refill, RefillPolicy::None);
    assert_eq!(p("Likes No Drop 10% Drop", "").refill, RefillPolicy::Unknown, "no drop is not a negative");
    assert_eq!(p("Followers [R∞]", "").refill, RefillPolicy::Lifetime);
    assert_eq!(p("Views [Lifetime Non Drop]", "").refill, RefillPolicy::Unknown);
    assert_eq!(p("Views [Start: 1 hour (max 2 hours)]", "").start_max_hours, Some(2.0));
    assert_eq!(p("Views Instant ( Avg 0-3 hrs )", "").start_max_hours, Some(3.0));
    assert_eq!(p("Views 0 - 12 hrs, in some case 24hrs", "").start_max_hours, Some(12.0));
    assert_eq!(p("Views Delivered Within 12H-48H", "").start_max_hours, None);
    assert_eq!(p("Скорость старта: До 6 часов", "").start_max_hours, Some(6.0));
    assert_eq!(p("Likes mulai 0-2 jam", "").start_max_hours, Some(2.0));
    let next_line = parse_service(ServiceText { name: "", description: "speed 300/jam\nmulai 0-2 jam", category: "" });
    assert_eq!(next_line.start_max_hours, Some(2.0), "a speed on one line does not swallow the next");
}

#[test]
fn hostile_text_never_panics() {
    for s in
        ["", "R", "refill:", "start:", "R99999999999", "0-", "∞∞∞", &"refill 30 days ".repeat(2000), "\u{0}\u{202e}"]
    {
        let _ = parse_service(ServiceText { name: s, description: s, category: s });
    }
}
