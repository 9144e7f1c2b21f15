//! The ticket medium: which panel tickets are order requests (the owner's subject rules), and the
//! shapes of its settings and logs. The decision is pure: subject, message and order field in,
//! command and ids (or "left for the owner", with why) out.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::grammar::{Command, GrammarSettings, normalize, order_ids, parse_command};

/// What a matching subject means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketAction {
    Refill,
    Speed,
    Cancel,
    /// Read the message with the chat command grammar.
    Read,
}

impl TicketAction {
    pub const ALL: [TicketAction; 4] = [Self::Refill, Self::Speed, Self::Cancel, Self::Read];

    pub fn label(self) -> &'static str {
        match self {
            Self::Refill => "Refill",
            Self::Speed => "Speed up",
            Self::Cancel => "Cancel",
            Self::Read => "Read the message",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Refill => "refill",
            Self::Speed => "speed",
            Self::Cancel => "cancel",
            Self::Read => "read",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }

    fn command(self) -> Option<Command> {
        match self {
            Self::Refill => Some(Command::Refill),
            Self::Speed => Some(Command::Speed),
            Self::Cancel => Some(Command::Cancel),
            Self::Read => None,
        }
    }
}

/// How the subject is compared (case- and accent-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubjectMatch {
    Equals,
    Contains,
    StartsWith,
}

impl SubjectMatch {
    pub const ALL: [SubjectMatch; 3] = [Self::Equals, Self::Contains, Self::StartsWith];

    pub fn label(self) -> &'static str {
        match self {
            Self::Equals => "equals",
            Self::Contains => "contains",
            Self::StartsWith => "starts with",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Self::Equals => "equals",
            Self::Contains => "contains",
            Self::StartsWith => "starts_with",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// One row of the owner's table; the first enabled row that matches decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketRule {
    pub enabled: bool,
    #[serde(rename = "match")]
    pub matching: SubjectMatch,
    pub subject: String,
    pub action: TicketAction,
}

impl TicketRule {
    fn new(matching: SubjectMatch, subject: &str, action: TicketAction) -> Self {
        Self { enabled: true, matching, subject: subject.into(), action }
    }

    pub fn matches(&self, subject: &str) -> bool {
        let (have, want) = (fold(subject), fold(&self.subject));
        if want.is_empty() {
            return false;
        }
        match self.matching {
            SubjectMatch::Equals => have == want,
            SubjectMatch::Contains => have.contains(&want),
            SubjectMatch::StartsWith => have.starts_with(&want),
        }
    }
}

/// Case- and accent-insensitive form: the grammar's normalisation, marks removed, spaces collapsed.
fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let lowered = normalize(text);
    let bare: String = lowered.nfd().filter(|c| !is_combining_mark(*c)).collect();
    bare.split(|c: char| c.is_whitespace() || c == '-' || c == '/' || c == '|' || c == ':')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Defaults for Perfect Panel's ticket form: the subject "Orders" (or "Order") with a request
/// type — Refill, Speed Up, Cancel (sometimes "Cancellation"), the panel writes them as
/// "Orders - Refill" or alone — and "Order" tickets with free text read with the grammar.
/// Payment and other subjects are left for the owner.
pub fn default_rules() -> Vec<TicketRule> {
    use SubjectMatch::*;
    use TicketAction::*;
    vec![
        TicketRule::new(Contains, "refill", Refill),
        TicketRule::new(Contains, "speed", Speed),
        TicketRule::new(Contains, "cancel", Cancel),
        TicketRule::new(Contains, "refund", Cancel),
        TicketRule::new(StartsWith, "order", Read),
        TicketRule::new(Equals, "other", Read),
    ]
}

pub const MAX_RULES: usize = 50;

/// The rules as they may be saved, or why not.
pub fn check_rules(rules: &[TicketRule]) -> Result<(), String> {
    if rules.len() > MAX_RULES {
        return Err(format!("at most {MAX_RULES} ticket rules"));
    }
    for (i, r) in rules.iter().enumerate() {
        let n = r.subject.trim().chars().count();
        if n == 0 || n > 100 || r.subject.chars().any(char::is_control) {
            return Err(format!("rule {}: the subject needs 1 to 100 characters and no control characters", i + 1));
        }
    }
    Ok(())
}

/// What happens to one customer message of a ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketDecision {
    /// The rule that matched (1-based row of the table), if any.
    pub rule: Option<usize>,
    /// `silent` when the ticket is left for the owner.
    pub command: Command,
    pub ids: Vec<String>,
    /// In plain words: why this decision.
    pub why: String,
}

/// Subject rules, then the order ids: the ticket's own order field when it has one, else the
/// message read with the chat grammar. A ticket that is not an order request stays silent.
pub fn decide(
    rules: &[TicketRule],
    subject: &str,
    message: &str,
    order_field: &[String],
    grammar: &GrammarSettings,
) -> TicketDecision {
    let left = |rule, why: &str| TicketDecision { rule, command: Command::Silent, ids: Vec::new(), why: why.into() };
    let Some((index, rule)) = rules.iter().enumerate().find(|(_, r)| r.enabled && r.matches(subject)) else {
        return left(None, "no subject rule matched: left for you");
    };
    let rule_no = Some(index + 1);
    let capped = |ids: &[String]| ids.iter().take(grammar.max_ids).cloned().collect::<Vec<_>>();
    match rule.action.command() {
        Some(command) => {
            let (ids, from) = if order_field.is_empty() {
                (order_ids(message, grammar), "the message")
            } else {
                (capped(order_field), "the ticket's order field")
            };
            if ids.is_empty() {
                return left(rule_no, "the subject asks for an action but the ticket names no order id: left for you");
            }
            let why = format!("subject rule {} → {}, order ids from {from}", index + 1, rule.action.label());
            TicketDecision { rule: rule_no, command, ids, why }
        }
        None => {
            let mut d = read_message(message, order_field, grammar);
            d.rule = rule_no;
            d.why = match d.command {
                Command::Silent => d.why,
                c => format!("subject rule {} → the message reads as {}", index + 1, c.as_str()),
            };
            d
        }
    }
}

/// The message alone, read with the chat grammar (the ticket's order field supplies the ids a
/// message like "please refill" leaves out): how follow-up messages on a ticket are read.
pub fn read_message(message: &str, order_field: &[String], grammar: &GrammarSettings) -> TicketDecision {
    let mut parsed = parse_command(message, grammar);
    if parsed.command == Command::Silent && !order_field.is_empty() {
        parsed = parse_command(&format!("{} {message}", order_field.join(" ")), grammar);
    }
    if parsed.command == Command::Silent {
        let why = "the message is not an order request: left for you".to_string();
        return TicketDecision { rule: None, command: Command::Silent, ids: Vec::new(), why };
    }
    let why = format!("the message reads as {}", parsed.command.as_str());
    TicketDecision { rule: None, command: parsed.command, ids: parsed.ids, why }
}

/// The ticket medium of one panel, as the owner sets it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketIntake {
    pub enabled: bool,
    /// Seconds between two reads of the ticket list (at least 30).
    pub interval_secs: u32,
    /// Tickets created before this are never handled (default: when tickets were switched on).
    pub since: Option<DateTime<Utc>>,
    /// Post the answer on the ticket (needs the panel's reply path). Off by default.
    pub reply_enabled: bool,
    pub get_path: String,
    pub reply_path: String,
    pub reply_field: String,
}

impl Default for TicketIntake {
    fn default() -> Self {
        Self {
            enabled: false,
            interval_secs: 60,
            since: None,
            reply_enabled: false,
            get_path: "/tickets/{id}".into(),
            reply_path: "/tickets/{id}/reply".into(),
            reply_field: "message".into(),
        }
    }
}

pub const MIN_INTERVAL_SECS: u32 = 30;

impl TicketIntake {
    /// As it may be saved, or why not.
    pub fn check(&self) -> Result<(), String> {
        if !(MIN_INTERVAL_SECS..=86_400).contains(&self.interval_secs) {
            return Err(format!("the ticket interval must be between {MIN_INTERVAL_SECS} seconds and one day"));
        }
        for (name, path) in [("detail path", &self.get_path), ("reply path", &self.reply_path)] {
            if !path.starts_with('/') || !path.contains("{id}") || path.len() > 200 || path.contains("://") {
                return Err(format!("the ticket {name} must start with / and contain {{id}}"));
            }
        }
        let field = self.reply_field.trim();
        if field.is_empty() || field.len() > 40 || !field.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err("the reply field is a plain field name such as message".into());
        }
        Ok(())
    }
}

/// The ticket medium of one panel with how its runner is doing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketIntakeView {
    pub panel_id: String,
    pub panel_name: String,
    pub intake: TicketIntake,
    /// The panel kind can list tickets (Perfect Panel Admin API v2).
    pub supported: bool,
    pub last_run_at: Option<DateTime<Utc>>,
    pub last_ok_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Tickets the last run looked at (created after the start time).
    pub tickets_seen: i64,
    pub next_run_at: Option<DateTime<Utc>>,
}

/// "Test a ticket": the decision for a pasted subject and message, without touching the panel.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketTest {
    pub subject: String,
    #[serde(default)]
    pub message: String,
    /// The ticket's order field, if the panel's form has one.
    #[serde(default)]
    pub order_id: Option<String>,
    /// Rules not saved yet; the saved ones when absent.
    #[serde(default)]
    pub rules: Option<Vec<TicketRule>>,
}

/// One customer message of a panel ticket and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketActivity {
    pub id: String,
    pub at: DateTime<Utc>,
    pub panel_id: String,
    pub panel_name: String,
    pub ticket_id: String,
    pub subject: String,
    pub username: Option<String>,
    /// `handled`, `left` (not an order request, for the owner), `refused`, `error`, `paused`.
    pub outcome: String,
    pub rule: Option<i32>,
    pub command: String,
    pub order_ids: Vec<String>,
    pub detail: String,
    pub command_id: Option<String>,
    /// The answer for the customer (empty when there is none).
    pub reply: String,
    /// `off` (logged only), `posted` (read back on the ticket), `unverified`, `failed`, `none`.
    pub reply_state: String,
}

/// One chat message in or out, including the ignored ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageLogRow {
    pub id: String,
    pub at: DateTime<Utc>,
    /// `telegram`, `whatsapp`
    pub channel: String,
    /// `in` or `out`
    pub direction: String,
    pub chat: String,
    pub sender: String,
    pub text: String,
    /// `command`, `reply`, `ignored`, `link`, `duplicate`, `paused`
    pub outcome: String,
    pub reason: String,
    pub command_id: Option<String>,
}

#[cfg(test)]
mod tests;
