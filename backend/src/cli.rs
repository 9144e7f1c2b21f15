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
