//! The platform's own texts, edited by the master admin: the reply templates every new workspace
//! starts with, and the notices the platform shows in a workspace's top bar.
use serde::{Deserialize, Serialize};

use crate::commands::Templates;

/// The top bar's notices. Placeholders: `{what}` (trial or plan), `{days}` (e.g. "3 days"),
/// `{date}` (the period end), `{until}` (the end of grace), `{reason}` (a suspension's reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Notices {
    /// From 7 days before the period end.
    pub expiring: String,
    /// During the grace days.
    pub grace: String,
    /// After grace: the bot is paused.
    pub expired: String,
    pub suspended: String,
    /// A workspace without a plan (once plans exist).
    pub no_plan: String,
}

impl Default for Notices {
    fn default() -> Self {
        Notices {
            expiring: "Your {what} ends in {days} (on {date}). Renew on the Billing page.".into(),
            grace: "Your plan ended on {date}. Everything still works until {until}: renew on the Billing page.".into(),
            expired: "Your plan expired on {date}: the bot is paused (messages are logged, nothing is sent to providers). Renew on the Billing page.".into(),
            suspended: "This workspace is suspended by the platform: {reason}. The bot is paused; open a support ticket or renew on the Billing page.".into(),
            no_plan: "Choose a plan on the Billing page: the bot is paused until then.".into(),
        }
    }
}

/// What the master admin edits on the Platform templates page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlatformTexts {
    /// The reply templates a new workspace starts with (existing workspaces keep theirs).
    pub templates: Templates,
    pub notices: Notices,
}

/// Longest notice accepted (characters).
pub const NOTICE_MAX: usize = 400;

impl Notices {
    pub const LABELS: [(&'static str, &'static str); 5] = [
        ("expiring", "Plan or trial ending (7 days before)"),
        ("grace", "In grace"),
        ("expired", "Expired: bot paused"),
        ("suspended", "Suspended by the platform"),
        ("no_plan", "No plan chosen"),
    ];

    pub fn get(&self, key: &str) -> &str {
        match key {
            "expiring" => &self.expiring,
            "grace" => &self.grace,
            "expired" => &self.expired,
            "suspended" => &self.suspended,
            _ => &self.no_plan,
        }
    }

    pub fn set(&mut self, key: &str, value: String) {
        match key {
            "expiring" => self.expiring = value,
            "grace" => self.grace = value,
            "expired" => self.expired = value,
            "suspended" => self.suspended = value,
            _ => self.no_plan = value,
        }
    }

    /// Every notice trimmed, not empty and at most `NOTICE_MAX` characters; the error names it.
    pub fn check(mut self) -> Result<Self, String> {
        for (key, label) in Self::LABELS {
            let text = self.get(key).trim().to_string();
            if text.is_empty() {
                return Err(format!("the notice “{label}” is empty"));
            }
            if text.chars().count() > NOTICE_MAX {
                return Err(format!("the notice “{label}” is longer than {NOTICE_MAX} characters"));
            }
            self.set(key, text);
        }
        Ok(self)
    }
}

/// Replaces `{name}` placeholders with their values; unknown ones stay as written.
pub fn fill(text: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(text.to_string(), |acc, (k, v)| acc.replace(&format!("{{{k}}}"), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_fill_and_check() {
        let n = Notices::default();
        let text = fill(&n.expiring, &[("what", "trial"), ("days", "3 days"), ("date", "2026-12-06")]);
        assert_eq!(text, "Your trial ends in 3 days (on 2026-12-06). Renew on the Billing page.");
        let bad = Notices { grace: "  ".into(), ..Default::default() };
        assert!(bad.check().expect_err("refused").contains("In grace"));
        let long = Notices { expired: "x".repeat(NOTICE_MAX + 1), ..Default::default() };
        assert!(long.check().is_err());
    }
}
