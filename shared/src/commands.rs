//! The command engine's settings, templates, routing and results as the API shows them.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::grammar::Command;

/// How a request for one order ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Forwarded to the provider destination (or, for status, answered).
    Accepted,
    /// The rules refuse it; `reason` says which.
    Refused,
    NotYourOrder,
    NotFound,
    /// The order has no external id (not sent to a provider yet).
    ProviderMissing,
    RouteMissing,
    /// The panel could not be asked; the customer gets the "API problem" reply.
    ApiProblem,
    CooldownActive,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Refused => "refused",
            Outcome::NotYourOrder => "not_your_order",
            Outcome::NotFound => "not_found",
            Outcome::ProviderMissing => "provider_missing",
            Outcome::RouteMissing => "route_missing",
            Outcome::ApiProblem => "api_problem",
            Outcome::CooldownActive => "cooldown_active",
        }
    }
}

/// Why the rules refused an order (selects the wording of the "refused" reply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// Refill needs a Completed order (or Partial where allowed).
    NotCompleted,
    NoRefillForService,
    RefillWindowOver,
    RefillPolicyUnknown,
    /// Speed and cancel need a running order.
    NotRunning,
    NothingRemaining,
    StartTimeNotPassed,
    CancelNotAllowed,
    ProviderDisabled,
}

/// Tenant settings for the command engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct CommandSettings {
    pub cooldown_hours_refill: f64,
    pub cooldown_hours_speed: f64,
    pub cooldown_hours_cancel: f64,
    /// Allow refill on Partial orders.
    pub refill_on_partial: bool,
    /// When a service's refill policy cannot be read: `true` forwards, `false` refuses.
    pub allow_unknown_refill: bool,
    /// Statuses where cancel is allowed: any of `pending`, `in_progress`, `processing`.
    pub cancel_statuses: Vec<String>,
    /// Extra words per command (any language), e.g. refill ← "garansi".
    pub extra_words: Vec<ExtraWord>,
    /// At most this many distinct order ids per message.
    pub max_ids: usize,
    /// `easy` reads rules from service names; `advanced` uses the synced, overridable table.
    pub service_rules_mode: String,
    pub manual_destination_id: Option<String>,
    pub fallback_destination_id: Option<String>,
    /// WhatsApp: answer a picture or voice note in a private chat with the "please send text"
    /// template (at most once an hour per chat). Off: strict silence on what is not text.
    pub ask_for_text: bool,
    /// Days the message log keeps chat messages (1–365).
    pub message_log_days: u32,
}

impl Default for CommandSettings {
    fn default() -> Self {
        Self {
            cooldown_hours_refill: 12.0,
            cooldown_hours_speed: 12.0,
            cooldown_hours_cancel: 12.0,
            refill_on_partial: false,
            allow_unknown_refill: false,
            cancel_statuses: vec!["pending".into(), "in_progress".into(), "processing".into()],
            extra_words: Vec::new(),
            max_ids: crate::grammar::DEFAULT_MAX_IDS,
            service_rules_mode: "easy".into(),
            manual_destination_id: None,
            fallback_destination_id: None,
            ask_for_text: false,
            message_log_days: 30,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExtraWord {
    pub command: Command,
    pub word: String,
}

/// Customer reply templates. Variables in braces; see the Templates page for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Templates {
    pub refill_ok: String,
    pub speed_ok: String,
    pub cancel_ok: String,
    pub status: String,
    pub refused: String,
    pub not_your_order: String,
    pub not_found: String,
    pub provider_missing: String,
    pub route_missing: String,
    pub api_problem: String,
    pub cooldown: String,
    pub bulk_summary: String,
    pub help: String,
    pub balance: String,
    pub balance_unavailable: String,
    pub link_required: String,
    pub link_received: String,
    pub link_pending: String,
    pub link_conflict: String,
    /// WhatsApp: a voice note, picture or a message WhatsApp did not pass on (at most once an hour per chat).
    pub text_only: String,
    /// A refill request was accepted, then its provider message turned out undelivered.
    pub undelivered_refill: String,
    /// The same for a speed-up request.
    pub undelivered_speed: String,
    /// The same for a cancel request.
    pub undelivered_cancel: String,
    /// The workspace's subscription expired or was suspended: the bot is paused (at most once a
    /// day per chat).
    pub service_paused: String,
}

impl Default for Templates {
    fn default() -> Self {
        Self {
            refill_ok: "✅ Refill requested for order {order_id}.".into(),
            speed_ok: "⚡ Speed-up requested for order {order_id}.".into(),
            cancel_ok: "🛑 Cancel requested for order {order_id}. You'll be refunded if it is cancelled.".into(),
            status: "📦 Order {order_id}: {status}. Start count {start_count}, remains {remains}.".into(),
            refused: "Order {order_id}: {reason}".into(),
            not_your_order: "Order {order_id} is not linked to your account.".into(),
            not_found: "We couldn't find order {order_id}. Please check the number.".into(),
            provider_missing: "Order {order_id} can't be forwarded automatically yet; our team will look at it.".into(),
            route_missing: "Order {order_id} is noted; our team will handle it.".into(),
            api_problem: "We couldn't check order {order_id} right now. Please try again in a few minutes.".into(),
            cooldown: "Order {order_id} already has a {command} request. You can ask again in {time_left}.".into(),
            bulk_summary: "{command}: {accepted} of {total} orders accepted, {refused} refused, {not_found} not found, {other} need our team.".into(),
            help: "Send your order id and what you need, e.g. 2274209 refill, 2274209 speed, 2274209 cancel or 2274209 status. Send balance for your balance.".into(),
            balance: "💰 Your balance is {balance}.".into(),
            balance_unavailable: "We couldn't read your balance right now. Please try again later.".into(),
            link_required: "Please link your account first: send link followed by your panel username, e.g. link mira_boost".into(),
            link_received: "Thanks! We'll confirm your account {username} shortly.".into(),
            link_pending: "Your account link is waiting for confirmation. We'll let you know soon.".into(),
            link_conflict: "This chat is already linked to another account. Please contact support to change it.".into(),
            text_only: "Please send your request as a text message, e.g. 2274209 refill.".into(),
            undelivered_refill: "⚠️ Your refill request for order {order_id} did not reach our team automatically. \
                We'll pass it on by hand; no need to send it again."
                .into(),
            undelivered_speed: "⚠️ Your speed-up request for order {order_id} did not reach our team automatically. \
                We'll pass it on by hand; no need to send it again."
                .into(),
            undelivered_cancel: "⚠️ Your cancel request for order {order_id} did not reach our team automatically, \
                so the order is not cancelled yet. We'll pass it on by hand; no need to send it again."
                .into(),
            service_paused: "Automatic support is temporarily unavailable. Our team will get back to you; \
                no need to send your request again."
                .into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DestinationKind {
    WhatsappGroup,
    WhatsappNumber,
    TelegramGroup,
    TelegramUser,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Destination {
    pub id: String,
    pub name: String,
    pub kind: DestinationKind,
    /// Group id (`...@g.us`), number, or Telegram chat id.
    pub address: String,
    pub enabled: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveDestination {
    pub name: String,
    pub kind: DestinationKind,
    pub address: String,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// Message templates of a route per action; empty means the default `{external_ids} {command}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RouteTemplates {
    pub refill: String,
    pub speed: String,
    pub cancel: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderRoute {
    pub provider_id: String,
    pub provider_alias: String,
    pub destination_id: Option<String>,
    pub enabled: bool,
    pub templates: RouteTemplates,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveProviderRoute {
    pub destination_id: String,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub templates: RouteTemplates,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRoute {
    pub id: String,
    /// Service ids are the panel's own: the same id on two panels is two rules.
    pub panel_id: String,
    pub service_id: String,
    pub destination_id: String,
    pub enabled: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveServiceRoute {
    pub panel_id: String,
    pub service_id: String,
    pub destination_id: String,
    #[serde(default = "yes")]
    pub enabled: bool,
}

/// A partial change of a service-ID rule (the table's toggle, or a new destination).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatchServiceRoute {
    #[serde(default)]
    pub destination_id: Option<String>,
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// A dry run from the owner's "Test a command" box.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SimulateRequest {
    pub panel_id: String,
    pub text: String,
    /// The panel username of the customer; empty acts as an admin chat.
    #[serde(default)]
    pub username: Option<String>,
}

/// A real request from an integrator (API key): same pipeline, dispatches for real.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommandRequest {
    pub panel_id: String,
    pub text: String,
    /// The customer's panel username; orders of other users are refused.
    pub username: String,
    /// Where the request came from, for the log (e.g. your ticket id).
    #[serde(default)]
    pub chat: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderVerdict {
    pub order_id: String,
    pub outcome: Outcome,
    pub reason: Option<RefusalReason>,
    pub provider_alias: Option<String>,
    pub destination_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedMessage {
    pub destination_id: String,
    pub destination_name: String,
    pub action: Command,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommandResult {
    pub command_id: Option<String>,
    pub command: Command,
    pub order_ids: Vec<String>,
    pub verdicts: Vec<OrderVerdict>,
    /// What the customer is told (empty when the bot stays silent).
    pub reply: String,
    pub messages: Vec<PlannedMessage>,
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommandLogEntry {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub channel: String,
    pub chat: String,
    pub text: String,
    pub command: String,
    pub order_ids: Vec<String>,
    pub outcome: String,
    pub verdicts: Vec<OrderVerdict>,
    pub reply: String,
    pub dry_run: bool,
    /// Why some orders could not be checked (a panel error, in plain words); customers never see it.
    #[serde(default)]
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DispatchLogEntry {
    pub id: String,
    pub command_id: String,
    pub created_at: DateTime<Utc>,
    pub destination_name: String,
    pub provider_alias: Option<String>,
    pub action: String,
    pub message: String,
    /// `pending`, `sent` or `dead` (gave up after retries).
    pub status: String,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CooldownEntry {
    pub order_id: String,
    pub action: String,
    pub until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

pub use crate::chats::{AdminChat, ChatLink, SaveAdminChat, SaveChatLink, UpdateChatLink};
pub use crate::service_rules::{ServiceOverride, ServiceRuleRow, ServiceTextCheck, ServiceTextResult};
