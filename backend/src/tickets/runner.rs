//! One run over one panel's tickets: list them (newest first, paged), read what changed, and turn
//! each new customer message into at most one request through the same pipeline as chats.
//!
//! At most once: a message is claimed by writing its activity row (unique per panel, ticket and
//! message) before anything is decided, and its command carries the delivery key
//! `ticket/{panel}/{ticket}:{message}` in the command's own transaction. A claimed message whose
//! runner died is taken again by the next run; the pipeline then either writes the command for the
//! first time or finds the key and does nothing.
//!
//! Its place: each ticket's fingerprint is stored once all its messages are decided, so a run that
//! stops on a panel error (429 mid-page, 5xx, timeout) loses nothing: the next run re-reads the list
//! and skips every ticket that did not change.
use chrono::{DateTime, Utc};
use shared::commands::Outcome;
use shared::grammar::{Command, ParsedCommand};
use shared::tickets::{TicketRule, decide};

use super::repo;
use crate::commands::engine::Engine;
use crate::commands::pipeline::{DeliveryKey, Inbound, handle_parsed};
use crate::db::entities::{panels, ticket_activity, ticket_intake};
use crate::error::AppError;
use crate::panels::client::{PanelAdminClient, PanelError, Ticket, TicketEndpoints, TicketMessage};

pub const PAGE: usize = 100;
/// At most this many pages per run (10 000 tickets): a run always ends.
const MAX_PAGES: usize = 100;

/// What a run did, for the panel's health.
#[derive(Debug, Default)]
pub struct Report {
    pub seen: i64,
    pub handled: usize,
    pub detail_missing: Option<bool>,
}

/// Why a run stopped early.
#[derive(Debug)]
pub enum Stop {
    Panel(PanelError),
    Internal(AppError),
}

impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Self::Internal(e)
    }
}

struct Run<'a> {
    engine: &'a Engine,
    panel: &'a panels::Model,
    intake: &'a ticket_intake::Model,
    endpoints: TicketEndpoints,
    client: std::sync::Arc<dyn PanelAdminClient>,
    rules: Vec<TicketRule>,
    since: Option<DateTime<Utc>>,
    detail_missing: bool,
    /// Renewed between tickets; when it is lost the run stops at once.
    lease: &'a super::worker::Lease,
}

pub fn endpoints_of(intake: &ticket_intake::Model) -> TicketEndpoints {
    TicketEndpoints {
        get_path: intake.get_path.clone(),
        reply_path: intake.reply_path.clone(),
        reply_field: intake.reply_field.clone(),
    }
}

/// Runs one pass; the caller holds the panel's lease.
pub async fn run<'a>(
    engine: &'a Engine,
    panel: &'a panels::Model,
    intake: &'a ticket_intake::Model,
    lease: &'a super::worker::Lease,
) -> (Report, Option<Stop>) {
    let mut report = Report::default();
    let client = match engine.panels.client(panel) {
        Ok(c) => c,
        Err(e) => return (report, Some(Stop::Internal(e))),
    };
    let rules = match repo::rules(&engine.db, &panel.tenant_id).await {
        Ok(r) => r,
        Err(e) => return (report, Some(Stop::Internal(e))),
    };
    let run = Run {
        engine,
        panel,
        intake,
        endpoints: endpoints_of(intake),
        client,
        rules,
        since: intake.since,
        detail_missing: intake.detail_missing,
        lease,
    };
    let stop = run.pass(&mut report).await.err();
    (report, stop)
}

impl Run<'_> {
    async fn pass(&self, report: &mut Report) -> Result<(), Stop> {
        self.retake_unfinished().await?;
        let mut detail_missing = self.detail_missing;
        let mut offset = 0;
        for _ in 0..MAX_PAGES {
            let page = self.client.tickets_page(PAGE, offset).await.map_err(Stop::Panel)?;
            let mut older = false;
            for ticket in &page {
                if self.since.is_some_and(|s| ticket.created_at.is_some_and(|c| c < s)) {
                    older = true;
                    continue;
                }
                report.seen += 1;
                if !self.lease.keep().await {
                    return Ok(());
                }
                let known = repo::fingerprint(&self.engine.db, &self.panel.id, &ticket.id).await?;
                if known.as_deref() == Some(ticket.fingerprint.as_str()) {
                    continue;
                }
                // The detail's thread is the whole conversation with stable message ids; a list
                // item carries at most a first message, so it is read only without a detail path.
                let full = match detail_missing {
                    true => ticket.clone(),
                    false => match self.client.ticket(&ticket.id, &self.endpoints).await {
                        Ok(detail) => merged(ticket, detail),
                        Err(PanelError::EndpointMissing) => {
                            // Contract §2.4: no detail path on this panel; read what the list gives.
                            detail_missing = true;
                            report.detail_missing = Some(true);
                            ticket.clone()
                        }
                        Err(e) => return Err(Stop::Panel(e)),
                    },
                };
                report.handled += self.ticket(&full).await?;
                let db = &self.engine.db;
                let (tenant, panel) = (&self.panel.tenant_id, &self.panel.id);
                db.write(async |c| repo::set_fingerprint(c, tenant, panel, &ticket.id, &ticket.fingerprint).await)
                    .await?;
            }
            // Panels may not sort: stop on a short page, or once a whole page is older than the start.
            if page.len() < PAGE || (older && page.iter().all(|t| self.is_old(t))) {
                break;
            }
            offset += page.len();
        }
        Ok(())
    }

    fn is_old(&self, t: &Ticket) -> bool {
        self.since.is_some_and(|s| t.created_at.is_some_and(|c| c < s))
    }

    /// Every customer message not decided yet: the first one with the subject rules, later ones
    /// only when they are order requests by themselves (a "any news?" is not a new refill).
    async fn ticket(&self, t: &Ticket) -> Result<usize, Stop> {
        let messages: Vec<&TicketMessage> = match &t.messages {
            Some(m) => m.iter().filter(|m| !m.from_staff).collect(),
            None => Vec::new(),
        };
        let synthetic;
        let messages = if messages.is_empty() && t.messages.is_none() && !t.order_ids.is_empty() {
            // No thread readable at all, but the form's order field and subject say enough.
            synthetic = TicketMessage { key: "form".into(), text: String::new(), from_staff: false, created_at: None };
            vec![&synthetic]
        } else {
            messages
        };
        let mut handled = 0;
        for (i, m) in messages.into_iter().enumerate() {
            if repo::exists(&self.engine.db, &self.panel.id, &t.id, &m.key).await? {
                continue;
            }
            if self.message(t, m, i == 0).await? {
                handled += 1;
            }
        }
        Ok(handled)
    }

    async fn message(&self, t: &Ticket, m: &TicketMessage, first: bool) -> Result<bool, Stop> {
        let (tenant, panel) = (self.panel.tenant_id.as_str(), self.panel.id.as_str());
        let mut row = repo::new_activity(tenant, panel, &t.id, &m.key);
        row.subject = t.subject.clone().unwrap_or_default().chars().take(200).collect();
        row.username = t.username.clone().map(|u| u.chars().take(200).collect());
        let claim = row.clone();
        if !self.engine.db.write(async |c| repo::claim_message(c, claim).await).await? {
            return Ok(false); // another runner has it
        }
        self.decide_and_finish(t, m, first, row).await?;
        Ok(true)
    }

    /// Claimed messages a dead runner left: decided again (the delivery key keeps the request once).
    async fn retake_unfinished(&self) -> Result<(), Stop> {
        for row in repo::unfinished(&self.engine.db, &self.panel.id).await? {
            let ticket = match self.client.ticket(&row.ticket_id, &self.endpoints).await {
                Ok(t) => t,
                Err(PanelError::EndpointMissing) => {
                    let mut done = row.clone();
                    done.outcome = "error".into();
                    done.detail = "interrupted, and the ticket cannot be read again: check it yourself".into();
                    self.engine.db.write(async |c| repo::finish_message(c, done).await).await?;
                    continue;
                }
                Err(e) => return Err(Stop::Panel(e)),
            };
            let found = ticket.messages.as_ref().and_then(|ms| ms.iter().find(|m| m.key == row.message_key).cloned());
            let message = found.unwrap_or(TicketMessage {
                key: row.message_key.clone(),
                text: String::new(),
                from_staff: false,
                created_at: None,
            });
            let first = ticket
                .messages
                .as_ref()
                .and_then(|ms| ms.iter().find(|m| !m.from_staff))
                .is_none_or(|m| m.key == row.message_key);
            self.decide_and_finish(&ticket, &message, first, row).await?;
        }
        Ok(())
    }

    async fn decide_and_finish(
        &self,
        t: &Ticket,
        m: &TicketMessage,
        first: bool,
        mut row: ticket_activity::Model,
    ) -> Result<(), Stop> {
        let engine = self.engine;
        let config = engine.config(&self.panel.tenant_id).await?;
        let grammar = crate::settings::domain::grammar(&config.settings);
        let subject = t.subject.clone().unwrap_or_default();
        let decision = if first {
            decide(&self.rules, &subject, &m.text, &t.order_ids, &grammar)
        } else {
            // A follow-up counts only when it reads as a request by itself.
            let mut d = shared::tickets::read_message(&m.text, &t.order_ids, &grammar);
            if d.command == Command::Silent {
                d.why = "a follow-up message that is not an order request: left for you".into();
            }
            d
        };
        row.rule = decision.rule.and_then(|r| i32::try_from(r).ok()).filter(|_| first);
        row.command = decision.command.as_str().into();
        row.order_ids = serde_json::to_string(&decision.ids).unwrap_or_else(|_| "[]".into());
        row.detail = decision.why.clone();
        let username = t.username.clone().filter(|u| !u.trim().is_empty());
        if decision.command == Command::Silent || username.is_none() {
            row.outcome = "left".into();
            if username.is_none() && decision.command != Command::Silent {
                row.detail =
                    "the ticket names no customer username, so ownership cannot be checked: left for you".into();
            }
            self.engine.db.write(async |c| repo::finish_message(c, row).await).await?;
            return Ok(());
        }
        let inbound = Inbound {
            tenant_id: self.panel.tenant_id.clone(),
            panel_id: self.panel.id.clone(),
            channel: "ticket".into(),
            chat: format!("ticket #{}", t.id).chars().take(100).collect(),
            text: m.text.chars().take(crate::chats::inbound::MAX_TEXT_CHARS).collect(),
            username,
            dry_run: false,
            delivery: Some(DeliveryKey {
                channel: "ticket".into(),
                source: self.panel.id.clone(),
                message_key: format!("{}:{}", t.id, m.key).chars().take(200).collect(),
                request_key: None,
            }),
            reply: Default::default(),
        };
        let parsed = ParsedCommand { command: decision.command, ids: decision.ids };
        let result = handle_parsed(engine, &config, inbound, parsed).await?;
        row.command_id = result.command_id.clone();
        row.outcome = match () {
            _ if result.command_id.is_none() => "handled",
            _ if result.verdicts.is_empty() && decision.command.takes_ids() => "paused",
            _ if result.verdicts.iter().any(|v| v.outcome == Outcome::Accepted) => "handled",
            _ if result.verdicts.iter().any(|v| v.outcome == Outcome::ApiProblem) => "error",
            _ => "refused",
        }
        .into();
        if result.command_id.is_none() {
            row.detail = format!("{} · handled before an interruption; see the command log", row.detail);
        }
        row.reply = result.reply.clone();
        row.reply_state = self.answer(&t.id, &result.reply, result.command_id.is_some()).await.into();
        self.engine.db.write(async |c| repo::finish_message(c, row).await).await?;
        Ok(())
    }

    /// Posts the answer on the ticket and reads it back. Never retried: a failed or unverifiable
    /// post is logged and the ticket left for the owner.
    async fn answer(&self, ticket_id: &str, text: &str, fresh: bool) -> &'static str {
        if text.trim().is_empty() || !fresh {
            return "none";
        }
        if !self.intake.reply_enabled {
            return "off";
        }
        if let Err(e) = self.client.reply_ticket(ticket_id, text, &self.endpoints).await {
            tracing::warn!(panel = %self.panel.id, ticket = %ticket_id, error = %e.for_owner(), "ticket reply failed");
            return "failed";
        }
        match self.client.ticket(ticket_id, &self.endpoints).await {
            Ok(t) if t.messages.iter().flatten().any(|m| m.from_staff && m.text.trim() == text.trim()) => "posted",
            _ => "unverified",
        }
    }
}

/// The list item and the detail read together: the detail's thread, the list's fields where the
/// detail lacks them, the list's fingerprint (what the next run compares).
fn merged(item: &Ticket, detail: Ticket) -> Ticket {
    Ticket {
        id: item.id.clone(),
        status_raw: item.status_raw.clone(),
        created_at: item.created_at.or(detail.created_at),
        subject: detail.subject.or_else(|| item.subject.clone()),
        username: detail.username.or_else(|| item.username.clone()),
        order_ids: if detail.order_ids.is_empty() { item.order_ids.clone() } else { detail.order_ids },
        messages: detail.messages.or_else(|| item.messages.clone()),
        fingerprint: item.fingerprint.clone(),
    }
}
