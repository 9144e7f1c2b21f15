use super::*;

fn grammar() -> GrammarSettings {
    GrammarSettings::default()
}

fn decide_default(subject: &str, message: &str, order_field: &[&str]) -> TicketDecision {
    let field: Vec<String> = order_field.iter().map(|s| s.to_string()).collect();
    decide(&default_rules(), subject, message, &field, &grammar())
}

#[test]
fn perfect_panel_subjects_map_to_their_action() {
    let d = decide_default("Orders - Refill", "please check", &["2274209"]);
    assert_eq!((d.command, d.ids.clone(), d.rule), (Command::Refill, vec!["2274209".to_string()], Some(1)), "{d:?}");
    assert_eq!(decide_default("Speed Up", "order 2274209 is slow", &[]).command, Command::Speed);
    assert_eq!(decide_default("Order - Cancellation", "", &["55", "56"]).ids, vec!["55", "56"]);
    assert_eq!(decide_default("Refund", "", &["4512345"]).command, Command::Cancel);
}

#[test]
fn subjects_match_without_case_or_accents() {
    let rule = TicketRule::new(SubjectMatch::Equals, "Réclamation", TicketAction::Refill);
    assert!(rule.matches("RECLAMATION"));
    assert!(rule.matches("  réclamation "));
    assert!(!rule.matches("reclamations"));
    let starts = TicketRule::new(SubjectMatch::StartsWith, "speed up", TicketAction::Speed);
    assert!(starts.matches("Speed-Up / 123"));
    assert!(!starts.matches("please speed up"));
}

#[test]
fn ids_come_from_the_message_when_the_ticket_has_no_order_field() {
    let d = decide_default("Refill", "2274209, 2274210 dropped 500 followers", &[]);
    assert_eq!(d.ids, vec!["2274209", "2274210"], "{d:?}");
}

#[test]
fn a_ticket_that_is_not_an_order_request_is_left_alone() {
    for (subject, message) in [
        ("Payment", "I paid 20 USD with 2274209 as reference, please add funds"),
        ("Order", "how do I order followers?"),
        ("Refill", "when will you add refill services?"),
        ("Other", "hello"),
    ] {
        let d = decide_default(subject, message, &[]);
        assert_eq!(d.command, Command::Silent, "{subject} / {message}: {d:?}");
        assert!(d.ids.is_empty());
        assert!(d.why.contains("left for you"), "{}", d.why);
    }
}

#[test]
fn the_read_action_uses_the_chat_grammar_and_the_order_field() {
    let d = decide_default("Order", "2274209 refill pls", &[]);
    assert_eq!((d.command, d.ids), (Command::Refill, vec!["2274209".to_string()]));
    let d = decide_default("Order", "please refill", &["2274209"]);
    assert_eq!((d.command, d.ids), (Command::Refill, vec!["2274209".to_string()]));
    let d = decide_default("Order", "don't refill 2274209", &[]);
    assert_eq!(d.command, Command::Silent);
}

#[test]
fn disabled_rules_are_skipped_and_the_first_enabled_match_wins() {
    let mut rules = default_rules();
    rules[0].enabled = false;
    let d = decide(&rules, "Refill", "2274209", &[], &grammar());
    assert_eq!(d.command, Command::Silent, "{d:?}");
    let d = decide(&rules, "Order refill", "2274209 refill", &[], &grammar());
    assert_eq!((d.command, d.rule), (Command::Refill, Some(5)));
}

#[test]
fn rules_and_settings_are_checked() {
    assert!(check_rules(&default_rules()).is_ok());
    let mut bad = default_rules();
    bad[1].subject = "  ".into();
    assert!(check_rules(&bad).expect_err("a blank subject").contains("rule 2"));
    assert!(TicketIntake::default().check().is_ok());
    let fast = TicketIntake { interval_secs: 5, ..Default::default() };
    assert!(fast.check().is_err());
    let path = TicketIntake { get_path: "https://x/tickets".into(), ..Default::default() };
    assert!(path.check().is_err());
    let field = TicketIntake { reply_field: "a b".into(), ..Default::default() };
    assert!(field.check().is_err());
}
