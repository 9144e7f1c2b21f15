//! Operator commands that need no database and no server: for owners debugging their catalogue
//! and for scripts. Each prints one JSON object on stdout; usage errors go to stderr with exit 2.
use std::process::ExitCode;

use shared::grammar::{GrammarSettings, parse_command};

fn usage_error(message: &str) -> ExitCode {
    eprintln!("panelrelay: {message}");
    ExitCode::from(2)
}

/// `panelrelay check-command "<text>"` → `{"command": "refill", "ids": ["2274209"]}`.
pub fn check_command(args: &[String]) -> ExitCode {
    let [text] = args else {
        return usage_error("usage: panelrelay check-command \"<customer message>\" (one argument; quote it)");
    };
    let parsed = parse_command(text, &GrammarSettings::default());
    println!("{}", serde_json::json!({ "command": parsed.command.as_str(), "ids": parsed.ids }));
    ExitCode::SUCCESS
}

/// `panelrelay check-service --name "<name>" [--description "<text>"] [--category "<text>"]` →
/// `{"refill": 30 | "none" | "lifetime" | "unknown", "start_max_hours": 1.0 | null, ...}`.
pub fn check_service(args: &[String]) -> ExitCode {
    const USAGE: &str =
        "usage: panelrelay check-service --name \"<service name>\" [--description \"<text>\"] [--category \"<text>\"]";
    let (mut name, mut description, mut category) = (None, String::new(), String::new());
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let Some(value) = it.next() else { return usage_error(&format!("{flag} needs a value\n{USAGE}")) };
        match flag.as_str() {
            "--name" => name = Some(value.clone()),
            "--description" => description = value.clone(),
            "--category" => category = value.clone(),
            other => return usage_error(&format!("unknown option {other:?}\n{USAGE}")),
        }
    }
    let Some(name) = name else { return usage_error(USAGE) };
    let rules = crate::service_rules::parse_service(crate::service_rules::ServiceText {
        name: &name,
        description: &description,
        category: &category,
    });
    let refill = match rules.refill {
        crate::service_rules::RefillPolicy::Days(d) => serde_json::json!(d),
        other => serde_json::json!(other.label()),
    };
    let out = serde_json::json!({
        "refill": refill,
        "start_max_hours": rules.start_max_hours,
        "refill_matched": rules.refill_matched,
        "start_matched": rules.start_matched,
    });
    println!("{out}");
    ExitCode::SUCCESS
}
