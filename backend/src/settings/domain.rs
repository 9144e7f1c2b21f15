//! Settings and reply templates: what may be saved, and the grammar settings every parse uses. Pure.
use shared::commands::{CommandSettings, Templates};
use shared::grammar::GrammarSettings;

/// The one place grammar settings are built from a tenant's settings.
pub fn grammar(settings: &CommandSettings) -> GrammarSettings {
    GrammarSettings {
        extra_words: settings.extra_words.iter().map(|w| (w.command, w.word.clone())).collect(),
        max_ids: settings.max_ids.clamp(1, 500),
    }
}

/// Enough for every language a panel's customers write in; each word is matched on every message.
const MAX_EXTRA_WORDS: usize = 200;

/// The settings as the owner may save them, or why not.
pub fn validate_settings(s: &CommandSettings) -> Result<(), String> {
    let bad = |m: &str| Err(m.to_string());
    for h in [s.cooldown_hours_refill, s.cooldown_hours_speed, s.cooldown_hours_cancel] {
        if !(0.0..=720.0).contains(&h) {
            return bad("cooldowns must be between 0 and 720 hours");
        }
    }
    if !(1..=500).contains(&s.max_ids) {
        return bad("the bulk cap must be between 1 and 500 ids");
    }
    let known = ["pending", "in_progress", "processing"];
    let mut seen = std::collections::HashSet::new();
    if s.cancel_statuses.iter().any(|c| !known.contains(&c.as_str()) || !seen.insert(c.as_str())) {
        return bad("cancel statuses are pending, in_progress and processing, each at most once");
    }
    if !(1..=365).contains(&s.message_log_days) {
        return bad("the message log keeps messages between 1 and 365 days");
    }
    if !["easy", "advanced"].contains(&s.service_rules_mode.as_str()) {
        return bad("service rules mode is easy or advanced");
    }
    if s.extra_words.len() > MAX_EXTRA_WORDS {
        return bad("at most 200 extra command words");
    }
    if s.extra_words
        .iter()
        .any(|w| w.word.trim().is_empty() || w.word.chars().count() > 40 || w.word.chars().any(|c| c.is_control()))
    {
        return bad("extra words must have 1 to 40 characters and no control characters");
    }
    Ok(())
}

fn check_variables(key: &str, value: &str) -> Result<(), String> {
    shared::templates::check(value, shared::templates::variables(key))
        .map_err(|e| format!("The reply “{}”: {e}", shared::templates::label(key)))
}

/// Templates as stored: an empty one goes back to its default, except `text_only`, where empty
/// means "say nothing". Every template has at most 2000 characters.
pub fn normalize_templates(mut t: Templates) -> Result<Templates, String> {
    let d = Templates::default();
    let fields: [(&str, &mut String, &String); 23] = [
        ("refill_ok", &mut t.refill_ok, &d.refill_ok),
        ("speed_ok", &mut t.speed_ok, &d.speed_ok),
        ("cancel_ok", &mut t.cancel_ok, &d.cancel_ok),
        ("status", &mut t.status, &d.status),
        ("refused", &mut t.refused, &d.refused),
        ("not_your_order", &mut t.not_your_order, &d.not_your_order),
        ("not_found", &mut t.not_found, &d.not_found),
        ("provider_missing", &mut t.provider_missing, &d.provider_missing),
        ("route_missing", &mut t.route_missing, &d.route_missing),
        ("api_problem", &mut t.api_problem, &d.api_problem),
        ("cooldown", &mut t.cooldown, &d.cooldown),
        ("bulk_summary", &mut t.bulk_summary, &d.bulk_summary),
        ("help", &mut t.help, &d.help),
        ("balance", &mut t.balance, &d.balance),
        ("balance_unavailable", &mut t.balance_unavailable, &d.balance_unavailable),
        ("link_required", &mut t.link_required, &d.link_required),
        ("link_received", &mut t.link_received, &d.link_received),
        ("link_pending", &mut t.link_pending, &d.link_pending),
        ("link_conflict", &mut t.link_conflict, &d.link_conflict),
        ("undelivered_refill", &mut t.undelivered_refill, &d.undelivered_refill),
        ("undelivered_speed", &mut t.undelivered_speed, &d.undelivered_speed),
        ("undelivered_cancel", &mut t.undelivered_cancel, &d.undelivered_cancel),
        ("service_paused", &mut t.service_paused, &d.service_paused),
    ];
    for (key, value, default) in fields {
        if value.trim().is_empty() {
            *value = default.clone();
        }
        if value.chars().count() > 2000 {
            return Err("a template must have at most 2000 characters".into());
        }
        check_variables(key, value)?;
    }
    if t.text_only.chars().count() > 2000 {
        return Err("a template must have at most 2000 characters".into());
    }
    check_variables("text_only", &t.text_only)?;
    Ok(t)
}
