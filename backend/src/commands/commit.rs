//! Writing a decided command: claim the cooldowns, log it and queue its provider messages in one
//! transaction — in one trip to the database in the common case (see `db::txn`) — then wake
//! the outbox. Help and balance answers are only logged.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, QueryTrait, Set};
use shared::commands::{CommandResult, OrderVerdict, Outcome};
use shared::grammar::ParsedCommand;

use super::cache::TenantConfig;
use super::domain::Inbound;
use super::domain::cooldown_for;
use super::replies::{ReplyLine, compose};
use super::repo;
use crate::commands::engine::Engine;
use crate::db::entities::{command_log, dispatches};
use crate::db::txn::WriteTxn;
use crate::db::{new_id, now};
use crate::error::AppError;
use crate::routing::domain::{Accepted, MAX_MESSAGE_CHARS, plan_messages};

/// What was decided for one id, with what the reply and the dispatch need.
#[derive(Clone)]
pub(super) struct Decided {
    pub(super) verdict: OrderVerdict,
    pub(super) line: ReplyLine,
    pub(super) accepted: Option<Accepted>,
}

/// Observations made while checking, written in the command's transaction.
#[derive(Default)]
pub(super) struct Facts {
    /// Orders seen Completed for the first time, with when they completed.
    pub(super) completed: Vec<(String, DateTime<Utc>)>,
    /// One entry per order seen, by provider id.
    pub(super) seen_by_provider: Vec<String>,
    /// Panel errors met, in plain words for the owner's log (each once).
    pub(super) problems: Vec<String>,
}

impl Facts {
    pub(super) fn problem(&mut self, words: String) {
        if !self.problems.contains(&words) {
            self.problems.push(words);
        }
    }

    fn problem_text(&self) -> Option<String> {
        (!self.problems.is_empty()).then(|| self.problems.join("; "))
    }
}

/// What one command writes and answers, once its cooldowns are settled.
struct Planned {
    verdicts: Vec<OrderVerdict>,
    reply: String,
    messages: Vec<shared::commands::PlannedMessage>,
    /// First sightings, the command log and the queued provider messages.
    statements: Vec<sea_orm::Statement>,
}

/// What every step of writing one command needs to know.
struct Ctx<'a> {
    engine: &'a Engine,
    inbound: &'a Inbound,
    parsed: &'a ParsedCommand,
    config: &'a TenantConfig,
    command_id: String,
    window: Option<Duration>,
    now: DateTime<Utc>,
}

impl<'a> Ctx<'a> {
    fn cooldown_keys<'k>(&'k self, order_ids: &'k [&'k str]) -> repo::CooldownKeys<'k> {
        repo::CooldownKeys {
            tenant_id: &self.inbound.tenant_id,
            panel_id: &self.inbound.panel_id,
            action: self.parsed.command.as_str(),
            order_ids,
        }
    }
}

/// Claims cooldowns, logs the command and queues its messages in one transaction.
pub(super) async fn commit(
    engine: &Engine,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    config: &TenantConfig,
    decided: Vec<Decided>,
    facts: Facts,
    now: DateTime<Utc>,
) -> Result<CommandResult, AppError> {
    let window = cooldown_for(parsed.command, &config.settings);
    let cx = Ctx { engine, inbound, parsed, config, command_id: new_id(), window, now };
    let free = match inbound.dry_run {
        true => None,
        false => commit_expecting_free(&cx, &decided, &facts).await?,
    };
    let planned = match free {
        Some(planned) => planned,
        None => match commit_claiming(&cx, decided, &facts).await? {
            Some(planned) => planned,
            None => return Ok(redelivered(inbound, parsed)),
        },
    };
    engine.seen.add(&inbound.tenant_id, &facts.seen_by_provider);
    if !inbound.dry_run && !planned.messages.is_empty() {
        engine.outbox.wake();
    }
    Ok(CommandResult {
        command_id: Some(cx.command_id),
        command: parsed.command,
        order_ids: parsed.ids.clone(),
        verdicts: planned.verdicts,
        reply: planned.reply,
        messages: planned.messages,
        dry_run: inbound.dry_run,
    })
}

/// The common case in one trip to the database (one script on SQLite, one statement on
/// PostgreSQL, see `db::txn`): plan as if no accepted order is cooling down, and insert the
/// cooldowns strictly (expired ones cleared first) together with the log and the messages. A
/// cooldown still held breaks its unique key, which undoes all of it: `None`, and the command
/// goes the claiming way. (On PostgreSQL the clearing and the insert run against one snapshot,
/// so an expired cooldown may also send the command the claiming way; the outcome is the same.)
async fn commit_expecting_free(cx: &Ctx<'_>, decided: &[Decided], facts: &Facts) -> Result<Option<Planned>, AppError> {
    let backend = cx.engine.db.get_database_backend();
    let mut statements = Vec::new();
    if let Some(window) = cx.window {
        let wanted = accepted_ids(decided);
        let keys = cx.cooldown_keys(&wanted);
        statements.extend(repo::insert_free_cooldowns(backend, keys, cx.now + window, &cx.command_id, cx.now));
    }
    if let Some(key) = &cx.inbound.delivery {
        statements.push(repo::record_delivery(backend, &cx.inbound.tenant_id, key));
    }
    let mut planned = plan(backend, cx, decided.to_vec(), facts);
    statements.append(&mut planned.statements);
    match WriteTxn::begin(&cx.engine.db).await?.commit_with(statements).await {
        Ok(_) => Ok(Some(planned)),
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Claims the cooldowns first (reading when they end for the orders that are cooling down),
/// then plans and writes. Dry runs only read the cooldowns. `None`: the message's delivery key
/// is taken, so this is a second copy of a message already handled.
async fn commit_claiming(cx: &Ctx<'_>, mut decided: Vec<Decided>, facts: &Facts) -> Result<Option<Planned>, AppError> {
    let mut txn = WriteTxn::begin(&cx.engine.db).await?;
    if let Some(key) = cx.inbound.delivery.as_ref().filter(|_| !cx.inbound.dry_run) {
        let record = repo::record_delivery(txn.backend(), &cx.inbound.tenant_id, key);
        match txn.run(vec![record]).await {
            Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => return Ok(None),
            other => drop(other?),
        }
    }
    if let Some(window) = cx.window {
        let wanted = accepted_ids(&decided);
        let keys = cx.cooldown_keys(&wanted);
        let held = if cx.inbound.dry_run {
            repo::active_cooldowns(&mut txn, keys).await?
        } else {
            repo::claim_cooldowns(&mut txn, keys, cx.now + window, &cx.command_id).await?
        };
        for d in decided.iter_mut().filter(|d| d.accepted.is_some()) {
            if let Some(until) = held.get(&d.verdict.order_id) {
                d.accepted = None;
                d.verdict.outcome = Outcome::CooldownActive;
                d.verdict.destination_name = None;
                d.line.outcome = Outcome::CooldownActive;
                d.line.cooldown_left = Some(*until - cx.now);
            }
        }
    }
    let mut planned = plan(txn.backend(), cx, decided, facts);
    txn.commit_with(std::mem::take(&mut planned.statements)).await?;
    Ok(Some(planned))
}

/// What a second copy of an already handled message gets: nothing (it was answered the first time).
fn redelivered(inbound: &Inbound, parsed: &ParsedCommand) -> CommandResult {
    CommandResult {
        command_id: None,
        command: shared::grammar::Command::Silent,
        order_ids: parsed.ids.clone(),
        verdicts: Vec::new(),
        reply: String::new(),
        messages: Vec::new(),
        dry_run: inbound.dry_run,
    }
}

fn accepted_ids(decided: &[Decided]) -> Vec<&str> {
    decided.iter().filter(|d| d.accepted.is_some()).map(|d| d.verdict.order_id.as_str()).collect()
}

/// The reply, the grouped provider messages and the statements that record them (pure).
fn plan(backend: sea_orm::DbBackend, cx: &Ctx<'_>, decided: Vec<Decided>, facts: &Facts) -> Planned {
    let (inbound, parsed, command_id, now) = (cx.inbound, cx.parsed, cx.command_id.as_str(), cx.now);
    let tenant = inbound.tenant_id.as_str();
    let mut statements = Vec::with_capacity(3);
    statements.extend(repo::record_completed(backend, tenant, &inbound.panel_id, &facts.completed));
    let accepted: Vec<Accepted> = decided.iter().filter_map(|d| d.accepted.clone()).collect();
    let messages = plan_messages(&accepted, MAX_MESSAGE_CHARS);
    let lines: Vec<ReplyLine> = decided.iter().map(|d| d.line.clone()).collect();
    let reply = compose(parsed.command, &lines, &cx.config.templates);
    let verdicts: Vec<OrderVerdict> = decided.into_iter().map(|d| d.verdict).collect();
    let logged = (verdicts.as_slice(), overall(&verdicts));
    statements.push(log_command(backend, command_id, inbound, parsed, logged, &reply, facts.problem_text()));
    if !inbound.dry_run && !messages.is_empty() {
        let mut parts: HashMap<(&str, &str), i32> = HashMap::new();
        let rows = messages.iter().map(|m| {
            let part = parts.entry((m.destination_id.as_str(), m.action.as_str())).or_insert(0);
            *part += 1;
            let alias = accepted
                .iter()
                .find(|a| a.destination.id == m.destination_id)
                .and_then(|a| verdicts.iter().find(|v| v.order_id == a.panel_order_id))
                .and_then(|v| v.provider_alias.clone());
            dispatches::ActiveModel {
                id: Set(new_id()),
                tenant_id: Set(tenant.to_string()),
                command_id: Set(command_id.to_string()),
                destination_id: Set(m.destination_id.clone()),
                destination_name: Set(m.destination_name.clone()),
                provider_alias: Set(alias),
                action: Set(m.action.as_str().to_string()),
                part: Set(*part),
                message: Set(m.text.clone()),
                status: Set(crate::dispatch::DispatchStatus::Pending),
                attempts: Set(0),
                next_attempt_at: Set(now),
                last_error: Set(None),
                created_at: Set(now),
                sent_at: Set(None),
                provider_message_id: Set(None),
            }
        });
        statements.push(dispatches::Entity::insert_many(rows).build(backend));
    }
    Planned { verdicts, reply, messages, statements }
}

fn overall(verdicts: &[OrderVerdict]) -> &'static str {
    match verdicts {
        [] => "answered",
        v if v.iter().all(|x| x.outcome == Outcome::Accepted) => "accepted",
        v if v.iter().any(|x| x.outcome == Outcome::Accepted) => "partly_accepted",
        [one, ..] => one.outcome.as_str(),
    }
}

fn log_command(
    backend: sea_orm::DbBackend,
    id: &str,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    (verdicts, outcome): (&[OrderVerdict], &str),
    reply: &str,
    problem: Option<String>,
) -> sea_orm::Statement {
    let row = command_log::ActiveModel {
        id: Set(id.to_string()),
        tenant_id: Set(inbound.tenant_id.clone()),
        panel_id: Set(Some(inbound.panel_id.clone())),
        channel: Set(inbound.channel.clone()),
        chat: Set(inbound.chat.clone()),
        text: Set(inbound.text.chars().take(2000).collect()),
        command: Set(parsed.command.as_str().to_string()),
        order_ids: Set(serde_json::to_string(&parsed.ids).unwrap_or_default()),
        outcome: Set(outcome.to_string()),
        verdicts: Set(serde_json::to_string(verdicts).unwrap_or_default()),
        reply: Set(reply.to_string()),
        dry_run: Set(inbound.dry_run),
        created_at: Set(now()),
        problem: Set(problem),
        reply_thread: Set(inbound.reply.thread),
        reply_message: Set(inbound.reply.message.clone()),
    };
    command_log::Entity::insert(row).build(backend)
}

pub(super) async fn finish(
    engine: &Engine,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    verdicts: Vec<OrderVerdict>,
    reply: String,
    messages: Vec<shared::commands::PlannedMessage>,
    problem: Option<String>,
) -> Result<CommandResult, AppError> {
    let outcome = overall(&verdicts);
    record(engine, inbound, parsed, (verdicts, outcome), reply, messages, problem).await
}

/// A request of a paused workspace: logged with the outcome `paused`, nothing sent to a provider.
pub(super) async fn finish_paused(
    engine: &Engine,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    reply: String,
    problem: String,
) -> Result<CommandResult, AppError> {
    record(engine, inbound, parsed, (Vec::new(), "paused"), reply, Vec::new(), Some(problem)).await
}

async fn record(
    engine: &Engine,
    inbound: &Inbound,
    parsed: &ParsedCommand,
    (verdicts, outcome): (Vec<OrderVerdict>, &str),
    reply: String,
    messages: Vec<shared::commands::PlannedMessage>,
    problem: Option<String>,
) -> Result<CommandResult, AppError> {
    let id = new_id();
    let txn = WriteTxn::begin(&engine.db).await?;
    let mut statements = Vec::with_capacity(2);
    if let Some(key) = inbound.delivery.as_ref().filter(|_| !inbound.dry_run) {
        statements.push(repo::record_delivery(txn.backend(), &inbound.tenant_id, key));
    }
    statements.push(log_command(txn.backend(), &id, inbound, parsed, (&verdicts, outcome), &reply, problem));
    match txn.commit_with(statements).await {
        Err(e) if matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(redelivered(inbound, parsed));
        }
        other => drop(other?),
    }
    Ok(CommandResult {
        command_id: Some(id),
        command: parsed.command,
        order_ids: parsed.ids.clone(),
        verdicts,
        reply,
        messages,
        dry_run: inbound.dry_run,
    })
}
