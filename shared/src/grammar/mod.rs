//! The customer command grammar (rules G1–G7 of `corpus/commands.tsv`): which command a
//! chat message asks for and which order ids it names — or silence. Pure: text in, decision out.
mod ids;
mod lexer;
mod normalize;

use serde::{Deserialize, Serialize};

pub use normalize::{normalize, strip};

use lexer::{TokenKind, tokenize};

/// What a message asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Refill,
    Speed,
    Cancel,
    Status,
    Balance,
    Help,
    /// Not a command: the bot stays silent.
    Silent,
}

impl Command {
    pub fn as_str(self) -> &'static str {
        match self {
            Command::Refill => "refill",
            Command::Speed => "speed",
            Command::Cancel => "cancel",
            Command::Status => "status",
            Command::Balance => "balance",
            Command::Help => "help",
            Command::Silent => "silent",
        }
    }

    /// Commands that act on order ids.
    pub fn takes_ids(self) -> bool {
        matches!(self, Command::Refill | Command::Speed | Command::Cancel | Command::Status)
    }

    pub const ALL: [Command; 6] =
        [Command::Refill, Command::Speed, Command::Cancel, Command::Status, Command::Balance, Command::Help];
}

/// The decision for one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParsedCommand {
    pub command: Command,
    /// Order ids in order of first appearance, without duplicates; empty unless the command takes ids.
    pub ids: Vec<String>,
}

impl ParsedCommand {
    pub fn silent() -> Self {
        Self { command: Command::Silent, ids: Vec::new() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    Strong,
    Weak,
}

/// Default vocabulary (G4) plus a tenant's own words, and the bulk cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrammarSettings {
    /// Extra words per command, in any language (e.g. "garansi" for refill). Each counts as a strong word;
    /// a phrase of several words must appear as consecutive words.
    #[serde(default)]
    pub extra_words: Vec<(Command, String)>,
    /// At most this many distinct ids per message; the rest are ignored.
    #[serde(default = "default_cap")]
    pub max_ids: usize,
}

pub const DEFAULT_MAX_IDS: usize = 100;

fn default_cap() -> usize {
    DEFAULT_MAX_IDS
}

impl Default for GrammarSettings {
    fn default() -> Self {
        Self { extra_words: Vec::new(), max_ids: DEFAULT_MAX_IDS }
    }
}

const NEGATORS: &[&str] = &["no", "not", "dont", "never"];

fn default_word(word: &str, slash: bool) -> Option<(Command, Strength)> {
    use Command::*;
    use Strength::*;
    Some(match word {
        "refill" | "refil" | "re-fill" => (Refill, Strong),
        "speed" | "speedup" | "speed-up" | "boost" => (Speed, Strong),
        "fast" | "faster" => (Speed, Weak),
        "cancel" | "cancle" | "cancell" => (Cancel, Strong),
        "stop" => (Cancel, Weak),
        "status" => (Status, Strong),
        "check" => (Status, Weak),
        "balance" => (Balance, Strong),
        "help" | "commands" | "menu" => (Help, Strong),
        "start" if slash => (Help, Strong),
        _ => return None,
    })
}

/// One command word found in the message, at word index `at`, spanning `len` words.
struct Hit {
    command: Command,
    strength: Strength,
    at: usize,
}

fn find_hits(words: &[(String, bool)], extra: &[(Command, Vec<String>)]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (word, slash) = (&words[i].0, words[i].1);
        // The two-word phrase "re fill".
        if word == "re" && words.get(i + 1).is_some_and(|(w, _)| w == "fill") {
            hits.push(Hit { command: Command::Refill, strength: Strength::Strong, at: i });
            i += 2;
            continue;
        }
        if let Some((command, strength)) = default_word(word, slash) {
            hits.push(Hit { command, strength, at: i });
            i += 1;
            continue;
        }
        let tenant = extra.iter().find(|(_, phrase)| {
            !phrase.is_empty() && phrase.iter().enumerate().all(|(k, p)| words.get(i + k).is_some_and(|(w, _)| w == p))
        });
        if let Some((command, phrase)) = tenant {
            hits.push(Hit { command: *command, strength: Strength::Strong, at: i });
            i += phrase.len();
            continue;
        }
        i += 1;
    }
    hits
}

/// Exactly one command among `hits` of this strength, if there is exactly one.
fn single(hits: &[&Hit], strength: Strength) -> Option<Option<Command>> {
    let mut found: Vec<Command> = hits.iter().filter(|h| h.strength == strength).map(|h| h.command).collect();
    found.sort();
    found.dedup();
    match found.len() {
        0 => None,
        1 => Some(Some(found[0])),
        _ => Some(None),
    }
}

/// The order ids a text names (G1, G2 and G6 only: no command word needed), for requests whose
/// action is known from elsewhere (a panel ticket's subject).
pub fn order_ids(text: &str, settings: &GrammarSettings) -> Vec<String> {
    let cleaned = strip(&normalize(text)).replace('_', " ");
    let chars: Vec<char> = cleaned.chars().collect();
    let mut found: Vec<String> = Vec::new();
    for token in &tokenize(&chars) {
        if let TokenKind::Digits(digits) = &token.kind
            && ids::is_order_id(&chars, token)
            && !found.contains(digits)
            && found.len() < settings.max_ids
        {
            found.push(digits.clone());
        }
    }
    found
}

/// Applies G1–G7 to a message.
pub fn parse_command(text: &str, settings: &GrammarSettings) -> ParsedCommand {
    let cleaned = strip(&normalize(text)).replace('_', " ");
    let chars: Vec<char> = cleaned.chars().collect();
    let tokens = tokenize(&chars);

    // Words and digit runs in order; a negator counts only right before a command word (G5).
    let mut words: Vec<(String, bool)> = Vec::new();
    let mut word_is_after_negator: Vec<bool> = Vec::new();
    let mut previous_was_negator = false;
    let mut ids: Vec<String> = Vec::new();
    for token in &tokens {
        match &token.kind {
            TokenKind::Word { text, slash } => {
                word_is_after_negator.push(previous_was_negator);
                previous_was_negator = NEGATORS.contains(&text.as_str());
                words.push((text.clone(), *slash));
            }
            TokenKind::Digits(digits) => {
                previous_was_negator = false;
                if ids::is_order_id(&chars, token) && !ids.contains(digits) && ids.len() < settings.max_ids {
                    ids.push(digits.clone());
                }
            }
        }
    }
    let extra: Vec<(Command, Vec<String>)> = settings
        .extra_words
        .iter()
        .map(|(c, w)| (*c, strip(&normalize(w)).split_whitespace().map(str::to_string).collect()))
        .collect();
    let hits = find_hits(&words, &extra);

    // G7.1: a negated command word anywhere silences the whole message.
    if hits.iter().any(|h| word_is_after_negator[h.at]) {
        return ParsedCommand::silent();
    }
    if !ids.is_empty() {
        // G7.2: strong words decide; weak ones only when no strong word is present.
        let id_hits: Vec<&Hit> = hits.iter().filter(|h| h.command.takes_ids()).collect();
        let decided = single(&id_hits, Strength::Strong).or_else(|| single(&id_hits, Strength::Weak)).flatten();
        return match decided {
            Some(command) => ParsedCommand { command, ids },
            None => ParsedCommand::silent(),
        };
    }
    // G7.3: no id — exactly one of balance/help.
    let mut no_id: Vec<Command> =
        hits.iter().map(|h| h.command).filter(|c| matches!(c, Command::Balance | Command::Help)).collect();
    no_id.sort();
    no_id.dedup();
    match no_id.as_slice() {
        [only] => ParsedCommand { command: *only, ids: Vec::new() },
        _ => ParsedCommand::silent(),
    }
}

#[cfg(test)]
mod tests;
