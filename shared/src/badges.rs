//! One mapping from the codes the engine records (outcomes, refusal reasons, dispatch states) to
//! the words and colours an owner sees: the logs, "Test a command" and the dashboard all use it,
//! so no raw code ever reaches the screen.
use crate::commands::{Outcome, RefusalReason};

/// The colour of a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Went through.
    Good,
    /// Refused by the rules or waiting: normal, worth a look.
    Warn,
    /// Failed: needs the owner.
    Bad,
    /// Neither (answered, silent, dry run).
    Neutral,
}

impl Tone {
    /// The CSS class of the badge.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "badge ok",
            Tone::Warn => "badge warn",
            Tone::Bad => "badge bad",
            Tone::Neutral => "badge",
        }
    }
}

/// A command's overall outcome as recorded in the log (`accepted`, `partly_accepted`,
/// `answered`, or one order's outcome), in words.
pub fn outcome(code: &str) -> (&'static str, Tone) {
    match code {
        "accepted" => ("Sent to provider", Tone::Good),
        "partly_accepted" => ("Partly sent", Tone::Warn),
        "answered" => ("Answered", Tone::Neutral),
        "paused" => ("Paused: subscription", Tone::Warn),
        "refused" => ("Refused by the rules", Tone::Warn),
        "not_your_order" => ("Not the customer's order", Tone::Warn),
        "not_found" => ("Order not found", Tone::Warn),
        "provider_missing" => ("No provider order yet", Tone::Warn),
        "route_missing" => ("No route for this provider", Tone::Bad),
        "api_problem" => ("Panel did not answer", Tone::Bad),
        "cooldown_active" => ("Already requested (cooldown)", Tone::Warn),
        _ => ("Other", Tone::Neutral),
    }
}

/// One order's outcome, in words.
pub fn order_outcome(o: Outcome) -> (&'static str, Tone) {
    outcome(o.as_str())
}

/// Why the rules refused an order, in words.
pub fn reason(r: RefusalReason) -> &'static str {
    match r {
        RefusalReason::NotCompleted => "the order is not completed",
        RefusalReason::NoRefillForService => "the service has no refill",
        RefusalReason::RefillWindowOver => "the refill period is over",
        RefusalReason::RefillPolicyUnknown => "the service's refill period is unknown",
        RefusalReason::NotRunning => "the order is not running",
        RefusalReason::NothingRemaining => "nothing remains to deliver",
        RefusalReason::StartTimeNotPassed => "the start time has not passed yet",
        RefusalReason::CancelNotAllowed => "cancel is not allowed for this order",
        RefusalReason::ProviderDisabled => "the provider is switched off",
    }
}

/// A provider message's state in the dispatch log, in words.
pub fn dispatch(status: &str) -> (&'static str, Tone) {
    match status {
        "pending" => ("Waiting to send", Tone::Warn),
        "sending" => ("Sending", Tone::Warn),
        "sent" => ("Sent", Tone::Good),
        "dead" => ("Failed", Tone::Bad),
        _ => ("Other", Tone::Neutral),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTCOMES: [Outcome; 8] = [
        Outcome::Accepted,
        Outcome::Refused,
        Outcome::NotYourOrder,
        Outcome::NotFound,
        Outcome::ProviderMissing,
        Outcome::RouteMissing,
        Outcome::ApiProblem,
        Outcome::CooldownActive,
    ];

    #[test]
    fn every_outcome_has_words_and_none_is_a_raw_code() {
        for o in OUTCOMES {
            let (label, _) = order_outcome(o);
            assert_ne!(label, "Other", "{o:?}");
            assert!(!label.contains('_'), "{label}");
        }
        for code in ["accepted", "partly_accepted", "answered", "paused"] {
            assert_ne!(outcome(code).0, "Other", "{code}");
        }
        assert_eq!(outcome("accepted").1, Tone::Good);
        assert_eq!(outcome("api_problem").1, Tone::Bad);
        for s in ["pending", "sending", "sent", "dead"] {
            assert_ne!(dispatch(s).0, "Other", "{s}");
        }
        assert_eq!(reason(RefusalReason::NotCompleted), "the order is not completed");
    }
}
