//! Sending a text to a provider destination. The channels (Telegram, WhatsApp) implement
//! `Sender`; the recording sender serves tests and the sandbox.
use std::sync::{Arc, Mutex};

use shared::commands::DestinationKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub kind: DestinationKind,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth retrying later (network, 5xx, rate limit).
    #[error("temporary: {0}")]
    Temporary(String),
    /// Retrying will not help (no channel connected, chat not found, bot removed).
    #[error("permanent: {0}")]
    Permanent(String),
}

/// Where in the customer's chat an answer goes: the Telegram forum topic it was asked in, and
/// the customer's message to quote (groups). Empty for a private chat's plain reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyTo {
    pub thread: Option<i64>,
    pub message: Option<String>,
}

/// Whose message it is: the tenant, and the panel whose channel should carry it.
#[derive(Debug, Clone, Copy)]
pub struct Route<'a> {
    pub tenant_id: &'a str,
    pub panel_id: Option<&'a str>,
}

#[async_trait::async_trait]
pub trait Sender: Send + Sync {
    /// A provider message to a destination. Returns the channel's id for it when the channel
    /// reports delivery later (Green API's `idMessage`; of the last part of a split message).
    async fn send(&self, route: Route<'_>, to: &Address, text: &str) -> Result<Option<String>, SendError>;

    /// A follow-up to a customer's chat (`channel` is `telegram` or `whatsapp`), e.g. when a
    /// request could not be delivered to the provider after all.
    async fn notify_customer(
        &self,
        route: Route<'_>,
        channel: &str,
        chat: &str,
        reply: &ReplyTo,
        text: &str,
    ) -> Result<(), SendError>;
}

/// Used until a channel is connected: every send fails permanently with a clear reason, so the
/// dispatch log shows the message waiting for a channel instead of pretending it was sent.
pub struct NoChannelSender;

#[async_trait::async_trait]
impl Sender for NoChannelSender {
    async fn notify_customer(&self, _: Route<'_>, _: &str, _: &str, _: &ReplyTo, _: &str) -> Result<(), SendError> {
        Ok(())
    }

    async fn send(&self, _route: Route<'_>, to: &Address, _text: &str) -> Result<Option<String>, SendError> {
        Err(SendError::Permanent(format!(
            "no {} channel is connected for this destination",
            match to.kind {
                DestinationKind::WhatsappGroup | DestinationKind::WhatsappNumber => "WhatsApp",
                DestinationKind::TelegramGroup | DestinationKind::TelegramUser => "Telegram",
            }
        )))
    }
}

/// Records every message; can be told to fail the next sends.
#[derive(Clone, Default)]
pub struct RecordingSender {
    sent: Arc<Mutex<Vec<(Address, String)>>>,
    notices: Arc<Mutex<Vec<(String, String)>>>,
    failures: Arc<Mutex<Vec<SendError>>>,
}

impl RecordingSender {
    pub fn sent(&self) -> Vec<(Address, String)> {
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Follow-ups sent to customers: `(chat, text)`.
    pub fn notices(&self) -> Vec<(String, String)> {
        self.notices.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The next sends fail with these errors, in order.
    pub fn fail_next(&self, errors: Vec<SendError>) {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).extend(errors);
    }
}

#[async_trait::async_trait]
impl Sender for RecordingSender {
    async fn notify_customer(
        &self,
        _: Route<'_>,
        _channel: &str,
        chat: &str,
        _: &ReplyTo,
        text: &str,
    ) -> Result<(), SendError> {
        self.notices.lock().unwrap_or_else(|p| p.into_inner()).push((chat.to_string(), text.to_string()));
        Ok(())
    }

    async fn send(&self, _route: Route<'_>, to: &Address, text: &str) -> Result<Option<String>, SendError> {
        let failure = {
            let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
            (!f.is_empty()).then(|| f.remove(0))
        };
        if let Some(e) = failure {
            return Err(e);
        }
        self.sent.lock().unwrap_or_else(|p| p.into_inner()).push((to.clone(), text.to_string()));
        Ok(None)
    }
}
