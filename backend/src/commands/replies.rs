//! What the customer is told: friendly template text only — never a technical error, never a
//! provider, never an external id. Pure.
use chrono::Duration;
use shared::commands::{Outcome, RefusalReason, Templates};
use shared::grammar::Command;

use shared::templates::render;

/// Above this many ids the reply is one summary line instead of a line per order.
pub const BULK_SUMMARY_ABOVE: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub struct StatusInfo {
    pub label: String,
    pub start_count: Option<i64>,
    pub remains: Option<i64>,
    /// Admin chats only: service, quantity, provider alias and external id (never a domain).
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReplyLine {
    pub order_id: String,
    pub outcome: Outcome,
    pub reason: Option<RefusalReason>,
    pub status: Option<StatusInfo>,
    pub cooldown_left: Option<Duration>,
}

pub fn reason_text(reason: RefusalReason) -> &'static str {
    match reason {
        RefusalReason::NotCompleted => "a refill can be requested once the order is completed.",
        RefusalReason::NoRefillForService => "this service has no refill.",
        RefusalReason::RefillWindowOver => "the refill period for this order has ended.",
        RefusalReason::RefillPolicyUnknown => "our team needs to check the refill terms of this service first.",
        RefusalReason::NotRunning => "this order is not running any more.",
        RefusalReason::NothingRemaining => "this order has nothing left to deliver.",
        RefusalReason::StartTimeNotPassed => "it is still within its start time; please wait a little longer.",
        RefusalReason::CancelNotAllowed => "this service can't be cancelled.",
        RefusalReason::ProviderDisabled => "our team will handle this order by hand.",
    }
}

/// "3h 20m", "45m", "2d 4h".
pub fn time_left(d: Duration) -> String {
    let minutes = d.num_minutes().max(1);
    let (days, hours, mins) = (minutes / 1440, (minutes % 1440) / 60, minutes % 60);
    match (days, hours, mins) {
        (0, 0, m) => format!("{m}m"),
        (0, h, 0) => format!("{h}h"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

fn number(n: Option<i64>) -> String {
    n.map(|v| v.to_string()).unwrap_or_else(|| "—".into())
}

fn line(command: Command, l: &ReplyLine, t: &Templates) -> String {
    let id = ("order_id", l.order_id.clone());
    let cmd = ("command", command.as_str().to_string());
    match l.outcome {
        Outcome::Accepted => match (command, &l.status) {
            (Command::Status, Some(s)) => {
                let line = render(
                    &t.status,
                    &[
                        id,
                        ("status", s.label.clone()),
                        ("start_count", number(s.start_count)),
                        ("remains", number(s.remains)),
                    ],
                );
                match &s.detail {
                    Some(detail) => format!("{line}\n{detail}"),
                    None => line,
                }
            }
            (Command::Speed, _) => render(&t.speed_ok, &[id, cmd]),
            (Command::Cancel, _) => render(&t.cancel_ok, &[id, cmd]),
            _ => render(&t.refill_ok, &[id, cmd]),
        },
        Outcome::Refused => {
            let reason = l.reason.map(reason_text).unwrap_or("this request can't be done now.");
            render(&t.refused, &[id, cmd, ("reason", reason.to_string())])
        }
        Outcome::NotYourOrder => render(&t.not_your_order, &[id, cmd]),
        Outcome::NotFound => render(&t.not_found, &[id, cmd]),
        Outcome::ProviderMissing => render(&t.provider_missing, &[id, cmd]),
        Outcome::RouteMissing => render(&t.route_missing, &[id, cmd]),
        Outcome::ApiProblem => render(&t.api_problem, &[id, cmd]),
        Outcome::CooldownActive => {
            let left = l.cooldown_left.map(time_left).unwrap_or_else(|| "a while".into());
            render(&t.cooldown, &[id, cmd, ("time_left", left)])
        }
    }
}

/// One line per order, or a summary when more than five ids were sent.
pub fn compose(command: Command, lines: &[ReplyLine], t: &Templates) -> String {
    if lines.len() <= BULK_SUMMARY_ABOVE {
        return lines.iter().map(|l| line(command, l, t)).collect::<Vec<_>>().join("\n");
    }
    let count = |o: Outcome| lines.iter().filter(|l| l.outcome == o).count();
    let (accepted, refused, not_found) = (
        count(Outcome::Accepted),
        count(Outcome::Refused) + count(Outcome::NotYourOrder) + count(Outcome::CooldownActive),
        count(Outcome::NotFound),
    );
    let other = lines.len() - accepted - refused - not_found;
    let mut summary = render(
        &t.bulk_summary,
        &[
            ("command", command.as_str().to_string()),
            ("total", lines.len().to_string()),
            ("accepted", accepted.to_string()),
            ("refused", refused.to_string()),
            ("not_found", not_found.to_string()),
            ("other", other.to_string()),
        ],
    );
    if count(Outcome::ApiProblem) > 0 {
        let first =
            lines.iter().find(|l| l.outcome == Outcome::ApiProblem).map(|l| l.order_id.clone()).unwrap_or_default();
        summary.push('\n');
        summary.push_str(&render(&t.api_problem, &[("order_id", first), ("command", command.as_str().to_string())]));
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(id: &str, outcome: Outcome) -> ReplyLine {
        ReplyLine { order_id: id.into(), outcome, reason: None, status: None, cooldown_left: None }
    }

    #[test]
    fn few_ids_get_one_friendly_line_each() {
        let t = Templates::default();
        let mut refused = l("2", Outcome::Refused);
        refused.reason = Some(RefusalReason::RefillWindowOver);
        let mut cooling = l("3", Outcome::CooldownActive);
        cooling.cooldown_left = Some(Duration::minutes(200));
        let reply = compose(Command::Refill, &[l("1", Outcome::Accepted), refused, cooling], &t);
        assert_eq!(reply.lines().count(), 3);
        assert!(reply.contains("Refill requested for order 1"));
        assert!(reply.contains("refill period for this order has ended"));
        assert!(reply.contains("3h 20m"));
    }

    #[test]
    fn status_replies_show_status_start_count_and_remains_only() {
        let mut s = l("7", Outcome::Accepted);
        s.status =
            Some(StatusInfo { label: "In progress".into(), start_count: Some(120), remains: Some(880), detail: None });
        let reply = compose(Command::Status, &[s], &Templates::default());
        assert_eq!(reply, "📦 Order 7: In progress. Start count 120, remains 880.");
    }

    #[test]
    fn more_than_five_ids_get_a_summary_with_counts() {
        let mut lines: Vec<ReplyLine> = (0..6).map(|i| l(&i.to_string(), Outcome::Accepted)).collect();
        lines.push(l("x", Outcome::NotFound));
        lines.push(l("y", Outcome::ApiProblem));
        let reply = compose(Command::Speed, &lines, &Templates::default());
        assert!(
            reply.starts_with("speed: 6 of 8 orders accepted, 0 refused, 1 not found, 1 need our team."),
            "{reply}"
        );
        assert!(reply.contains("couldn't check order y"));
    }

    #[test]
    fn time_left_reads_naturally() {
        assert_eq!(time_left(Duration::seconds(30)), "1m");
        assert_eq!(time_left(Duration::hours(2)), "2h");
        assert_eq!(time_left(Duration::hours(50)), "2d 2h");
    }
}
