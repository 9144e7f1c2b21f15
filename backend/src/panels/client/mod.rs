//! Admin API clients: one trait, two backends (Perfect Panel Admin API v2 and the action-based
//! `/adminapi/v1`), plus the panel's public user API for the service list.
pub mod stats;
mod tickets;
#[cfg(test)]
mod tickets_tests;
mod transport;
pub mod types;
mod user_api;
mod v1;
mod v2;

use std::time::Duration;

pub use transport::Transport;
pub use types::{Order, OrderStatus, PanelUser, Service, Ticket, TicketMessage};

use crate::secrets::Secret;

/// One small error enum for everything a panel can do wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PanelError {
    #[error("the panel rejected the admin key")]
    Unauthorized,
    #[error("the order does not exist on the panel")]
    NotFound,
    #[error("this address is not an Admin API (wrong base URL, or the panel has no Admin API)")]
    EndpointMissing,
    #[error(
        "the panel is behind a Cloudflare challenge; allow our server's IP or disable the challenge for /adminapi/"
    )]
    Cloudflare,
    #[error("the panel answered {status} with a web page instead of JSON")]
    NonJson { status: u16 },
    #[error("the panel answered with malformed JSON")]
    Malformed,
    #[error("the panel is rate limiting us")]
    RateLimited { retry_after_secs: Option<u64> },
    #[error("the panel reported an error ({code}): {message}")]
    Api { code: String, message: String },
    #[error("the panel had an internal error ({status})")]
    Server { status: u16 },
    #[error("the panel did not answer in time")]
    Timeout,
    #[error("the panel cannot be reached: {0}")]
    Unreachable(String),
    #[error("this panel does not offer that ({0})")]
    CapabilityUnavailable(&'static str),
    /// Redirects are never followed: the key would travel to another address.
    #[error("the panel redirected to another address; enter the final URL")]
    Redirected,
    /// The outbound policy refused the address (an inside or reserved network address).
    #[error("{0}")]
    Refused(String),
}

/// Upstream text we pass on: one short line from a known error field, never a whole body.
pub(crate) fn upstream_text(text: &str, max_chars: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max_chars).collect::<String>().trim().to_string()
}

/// Any word that looks like a domain, host or URL becomes `…`.
fn without_domains(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            let looks_like_host = bare.contains("://")
                || (bare.contains('.')
                    && bare.split('.').filter(|p| !p.is_empty()).count() >= 2
                    && bare.chars().any(|c| c.is_ascii_alphabetic())
                    && !bare.contains('@'));
            if looks_like_host { "…" } else { word }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl PanelError {
    /// The panel's own error, from its known fields (`error_code`/`error_message`, `error`), cut short.
    pub fn api(code: impl AsRef<str>, message: impl AsRef<str>) -> Self {
        Self::Api { code: upstream_text(code.as_ref(), 20), message: upstream_text(message.as_ref(), 120) }
    }

    /// What the owner reads on the command log: plain words, never an address. (A connection
    /// error's own text names the URL, and a panel's message may name anything: both are left out
    /// or stripped of domains.)
    pub fn for_owner(&self) -> String {
        match self {
            Self::Unreachable(_) => "the panel cannot be reached (connection failed)".into(),
            Self::Refused(_) => "the panel's address is not allowed (an inside or reserved network address)".into(),
            Self::Api { code, message } => {
                format!("the panel reported an error ({}): {}", without_domains(code), without_domains(message))
            }
            other => other.to_string(),
        }
    }

    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Timeout | Self::Unreachable(_) | Self::Server { .. } | Self::RateLimited { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PanelKind {
    PerfectpanelV2,
    AdminapiV1,
}

impl PanelKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PerfectpanelV2 => "perfectpanel_v2",
            Self::AdminapiV1 => "adminapi_v1",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "perfectpanel_v2" => Some(Self::PerfectpanelV2),
            "adminapi_v1" => Some(Self::AdminapiV1),
            _ => None,
        }
    }
}

/// Everything a client needs for one panel. Secrets stay wrapped.
#[derive(Debug, Clone)]
pub struct PanelConfig {
    pub kind: PanelKind,
    pub admin_base_url: String,
    pub admin_key: Secret<String>,
    pub rps: u32,
    pub timeout: Duration,
    /// `user` (default) or `username`, the filter some v2 panels expect.
    pub orders_user_param: String,
    /// Use `GET /orders?ids=` for many ids at once.
    pub v2_bulk_ids: bool,
    pub user_api_url: Option<String>,
    pub user_api_key: Option<Secret<String>>,
    /// Bounded concurrency for many-order lookups.
    pub max_in_flight: usize,
}

/// The ticket paths and reply field (contract §1); `{id}` stands for the ticket id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketEndpoints {
    /// `/tickets/{id}` by default (contract §1 `ticket_get_path`).
    pub get_path: String,
    /// `/tickets/{id}/reply` (`ticket_reply_path`).
    pub reply_path: String,
    /// `message` (`ticket_reply_field`).
    pub reply_field: String,
}

impl Default for TicketEndpoints {
    fn default() -> Self {
        Self {
            get_path: "/tickets/{id}".into(),
            reply_path: "/tickets/{id}/reply".into(),
            reply_field: "message".into(),
        }
    }
}

impl PanelConfig {
    pub fn new(kind: PanelKind, admin_base_url: &str, admin_key: Secret<String>) -> Self {
        Self {
            kind,
            admin_base_url: admin_base_url.trim().trim_end_matches('/').to_string(),
            admin_key,
            rps: 5,
            timeout: Duration::from_secs(15),
            orders_user_param: "user".into(),
            v2_bulk_ids: false,
            user_api_url: None,
            user_api_key: None,
            max_in_flight: 5,
        }
    }
}

/// The Admin API of one panel, whatever its kind.
#[async_trait::async_trait]
pub trait PanelAdminClient: Send + Sync {
    /// The cheapest authenticated read (contract §1 "Test connection").
    async fn test_connection(&self) -> Result<(), PanelError>;
    async fn order(&self, id: &str) -> Result<Order, PanelError>;
    /// Many orders, in the order asked, each with its own result; respects the panel's rate.
    async fn orders(&self, ids: &[String]) -> Vec<(String, Result<Order, PanelError>)>;
    /// Orders of one user, filtered again locally (panels may ignore the filter).
    async fn orders_of_user(&self, username: &str, limit: usize) -> Result<Vec<Order>, PanelError>;
    /// The user with exactly this username (case-insensitive), if any.
    async fn user(&self, username: &str) -> Result<Option<PanelUser>, PanelError>;
    /// One page of the ticket list, newest first (`GET /tickets?limit=&offset=&sort=date-desc`).
    async fn tickets_page(&self, limit: usize, offset: usize) -> Result<Vec<Ticket>, PanelError>;
    /// One ticket with its thread, from the configured detail path. A 404 HTML page
    /// (`EndpointMissing`) means the panel has no detail path.
    async fn ticket(&self, id: &str, endpoints: &TicketEndpoints) -> Result<Ticket, PanelError>;
    /// Posts a reply on the ticket (the configured path and body field, JSON body). Never retried
    /// (a POST, contract §8).
    async fn reply_ticket(&self, id: &str, text: &str, endpoints: &TicketEndpoints) -> Result<(), PanelError>;
    /// The service list from the panel's public user API (needs its URL and key).
    async fn services(&self) -> Result<Vec<Service>, PanelError>;
}

/// Builds the client the configuration names; the kind is never guessed.
pub fn build_client(
    config: PanelConfig,
    http: reqwest::Client,
    policy: std::sync::Arc<crate::outbound::OutboundPolicy>,
    stats: std::sync::Arc<stats::CallStats>,
    share: u32,
) -> Box<dyn PanelAdminClient> {
    let transport = Transport::new_shared(http, config.rps, share).with_policy(policy).with_stats(stats);
    build_client_with(config, transport)
}

pub fn build_client_with(config: PanelConfig, transport: Transport) -> Box<dyn PanelAdminClient> {
    match config.kind {
        PanelKind::PerfectpanelV2 => Box::new(v2::V2Client::new(config, transport)),
        PanelKind::AdminapiV1 => Box::new(v1::V1Client::new(config, transport)),
    }
}

/// Looks up ids one by one with at most `max_in_flight` requests in flight (the bucket still
/// paces them), keeping the order asked.
pub(crate) async fn lookup_each<F, Fut>(
    ids: &[String],
    max_in_flight: usize,
    lookup: F,
) -> Vec<(String, Result<Order, PanelError>)>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<Order, PanelError>>,
{
    use futures_util::StreamExt;
    futures_util::stream::iter(ids.iter().cloned().map(|id| {
        let fut = lookup(id.clone());
        async move { (id, fut.await) }
    }))
    .buffered(max_in_flight.max(1))
    .collect()
    .await
}

#[cfg(test)]
mod owner_words {
    use super::PanelError;

    #[test]
    fn what_the_owner_reads_names_no_address() {
        let e =
            PanelError::Unreachable("error sending request for url (https://canary-panel.example/adminapi/v2)".into());
        assert!(!e.for_owner().contains("canary"), "{}", e.for_owner());
        let e = PanelError::api("7", "order 12 of provider kx7qv2mzpt.io failed, see https://x.example/y");
        let words = e.for_owner();
        assert!(!words.contains("kx7qv2mzpt") && !words.contains("x.example"), "{words}");
        assert!(words.contains("order 12"), "{words}");
        assert_eq!(PanelError::Timeout.for_owner(), "the panel did not answer in time");
    }
}
