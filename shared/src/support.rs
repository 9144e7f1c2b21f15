//! SaaS support: tickets between a workspace owner and the platform (separate from a panel's
//! own tickets), each a thread of messages.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest subject and message accepted (characters).
pub const SUBJECT_MAX: usize = 200;
pub const MESSAGE_MAX: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Waiting for the platform.
    Open,
    /// The platform replied; waiting for the workspace.
    Answered,
    Closed,
}

impl TicketStatus {
    pub fn key(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::Answered => "answered",
            TicketStatus::Closed => "closed",
        }
    }
    pub fn parse(text: &str) -> Option<Self> {
        [TicketStatus::Open, TicketStatus::Answered, TicketStatus::Closed].into_iter().find(|s| s.key() == text)
    }
    /// The badge class of the shared badge styles.
    pub fn badge(self) -> &'static str {
        match self {
            TicketStatus::Open => "badge warn",
            TicketStatus::Answered => "badge ok",
            TicketStatus::Closed => "badge off",
        }
    }
}

/// A ticket in a list. `unread` counts the other side's messages this reader has not opened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ticket {
    pub id: String,
    pub workspace_id: String,
    pub workspace_name: String,
    pub subject: String,
    pub status: TicketStatus,
    pub opened_by: String,
    pub unread: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketMessage {
    pub id: String,
    /// True for the platform's replies, false for the workspace's messages.
    pub from_platform: bool,
    pub author: String,
    pub body: String,
    pub at: DateTime<Utc>,
}

/// A ticket with its whole thread, oldest message first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketThread {
    pub ticket: Ticket,
    pub messages: Vec<TicketMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenTicket {
    pub subject: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reply {
    pub message: String,
}

/// Unread support replies, for the top bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unread {
    pub tickets: u32,
    pub messages: u32,
}

/// Checks a subject or message: trimmed, not empty, not longer than `max` characters.
pub fn check_text(what: &str, text: &str, max: usize) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    let len = text.chars().count();
    if len > max {
        return Err(format!("the {what} is {len} characters long; at most {max} are accepted"));
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(check_text("subject", "  Refill stuck ", SUBJECT_MAX), Ok("Refill stuck".into()));
        assert!(check_text("subject", "   ", SUBJECT_MAX).expect_err("refused").contains("empty"));
        let long = "é".repeat(SUBJECT_MAX + 1);
        assert!(check_text("subject", &long, SUBJECT_MAX).expect_err("refused").contains("201 characters"));
        assert_eq!(TicketStatus::parse("answered"), Some(TicketStatus::Answered));
        assert_eq!(TicketStatus::parse("nope"), None);
    }
}
