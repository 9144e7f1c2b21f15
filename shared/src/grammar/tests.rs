use super::*;

fn parse(text: &str) -> String {
    render(&parse_command(text, &GrammarSettings::default()))
}

fn render(p: &ParsedCommand) -> String {
    if p.command.takes_ids() {
        format!("{} {}", p.command.as_str(), p.ids.join(","))
    } else {
        p.command.as_str().to_string()
    }
}

/// Rows of `corpus/commands.tsv` (the repository's copy of the labelled corpus): (message, expected, note).
fn corpus() -> Vec<(String, String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/commands.tsv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the corpus copy must be in the repository at {}: {e}", path.display()));
    let mut lines = text.lines().skip_while(|l| l.starts_with('#'));
    assert_eq!(lines.next().map(|h| h.starts_with("message\t")), Some(true), "header row");
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let message = cols.next().unwrap_or_default().replace("\\n", "\n");
            let expected = cols.next().unwrap_or_default().to_string();
            (message, expected, cols.next().unwrap_or_default().to_string())
        })
        .collect()
}

#[test]
fn the_whole_public_corpus_parses_as_labelled() {
    let rows = corpus();
    assert!(rows.len() > 80, "read {} rows", rows.len());
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|(m, e, n)| {
            let got = parse(m);
            (got != *e).then(|| format!("{m:?}: expected {e:?}, got {got:?} ({n})"))
        })
        .collect();
    println!("command corpus: {}/{} correct", rows.len() - failures.len(), rows.len());
    assert!(failures.is_empty(), "{} of {} rows differ:\n{}", failures.len(), rows.len(), failures.join("\n"));
}

#[test]
fn tenant_words_in_any_language_and_the_cap_are_per_tenant() {
    let settings = GrammarSettings {
        extra_words: vec![(Command::Refill, "Garansi".into()), (Command::Speed, "cepat kan".into())],
        max_ids: 2,
    };
    assert_eq!(render(&parse_command("garansi 2274209 2274210 2274211", &settings)), "refill 2274209,2274210");
    assert_eq!(render(&parse_command("tolong cepat kan 2274209", &settings)), "speed 2274209");
    assert_eq!(render(&parse_command("garansi 2274209", &GrammarSettings::default())), "silent");
    assert_eq!(render(&parse_command("no garansi 2274209", &settings)), "silent");
}

#[test]
fn hostile_inputs_are_silent_or_clear() {
    let settings = GrammarSettings::default();
    let huge = "refill ".repeat(15_000) + "2274209";
    assert_eq!(render(&parse_command(&huge, &settings)), "refill 2274209");
    let many: String = (0..500).map(|i| format!("{} ", 1_000_000 + i)).collect::<String>() + "speed";
    assert_eq!(parse_command(&many, &settings).ids.len(), DEFAULT_MAX_IDS);
    for text in [
        "",
        "\u{0}\u{1}\u{7f}",
        "refill 1234567890123456789012345678901234567890",
        "שלום 2274209 مرحبا",
        "🔥🔥🔥",
        "\u{202e}refill 2274209",
    ] {
        let p = parse_command(text, &settings);
        assert!(p.command == Command::Silent || !p.ids.is_empty(), "{text:?} -> {p:?}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn never_panics_and_ids_are_substrings_of_the_normalised_text(text in ".{0,300}") {
            let p = parse_command(&text, &GrammarSettings::default());
            let normalised = normalize(&text);
            for id in &p.ids {
                prop_assert!(normalised.contains(id.as_str()), "{id} not in {normalised:?}");
                prop_assert!((3..=12).contains(&id.len()) && !id.starts_with('0'));
            }
            prop_assert!(p.command.takes_ids() || p.ids.is_empty());
        }

        #[test]
        fn ascii_ids_found_are_substrings_of_the_raw_text(words in proptest::collection::vec("(refill|speed|[0-9]{1,14}|[a-z]{1,6}|[ ,;+#:/$%.-]{1,3})", 0..30)) {
            let text = words.join(" ");
            let p = parse_command(&text, &GrammarSettings::default());
            for id in &p.ids {
                prop_assert!(text.contains(id.as_str()));
            }
        }
    }
}
