//! The SaaS layer: plans (what a workspace may use), subscriptions (until when), payment methods
//! and invoices. Money is integer minor units (cents) with an ISO currency code, never floats.
//! While no plan exists the platform is self-hosted: every workspace is unrestricted.
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Where customers' requests come in. Plans allow some of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Medium {
    Telegram,
    Whatsapp,
    Tickets,
}

impl Medium {
    pub const ALL: [Medium; 3] = [Medium::Telegram, Medium::Whatsapp, Medium::Tickets];

    pub fn key(self) -> &'static str {
        match self {
            Medium::Telegram => "telegram",
            Medium::Whatsapp => "whatsapp",
            Medium::Tickets => "tickets",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Medium::Telegram => "Telegram",
            Medium::Whatsapp => "WhatsApp",
            Medium::Tickets => "panel tickets",
        }
    }

    pub fn from_key(key: &str) -> Option<Medium> {
        Medium::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// Features a plan switches on. Later modules extend this list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Module {
    Broadcasts,
    AdvancedRules,
    IntegratorApi,
    AdminChats,
}

impl Module {
    pub const ALL: [Module; 4] = [Module::Broadcasts, Module::AdvancedRules, Module::IntegratorApi, Module::AdminChats];

    pub fn key(self) -> &'static str {
        match self {
            Module::Broadcasts => "broadcasts",
            Module::AdvancedRules => "advanced_rules",
            Module::IntegratorApi => "integrator_api",
            Module::AdminChats => "admin_chats",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Module::Broadcasts => "broadcasts",
            Module::AdvancedRules => "advanced service rules",
            Module::IntegratorApi => "the integrator API",
            Module::AdminChats => "admin chats",
        }
    }

    pub fn from_key(key: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.key() == key)
    }
}

/// How much a plan allows; `None` is unlimited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanLimits {
    pub panels: Option<u32>,
    pub channels: Option<u32>,
    pub linked_chats: Option<u32>,
    pub commands_per_month: Option<u32>,
}

/// What the master admin types to create or change a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
    /// Price of one month in minor units (cents).
    pub price_month: i64,
    /// Price of three months; empty = three times the monthly price.
    #[serde(default)]
    pub price_3_months: Option<i64>,
    /// Price of twelve months; empty = twelve times the monthly price.
    #[serde(default)]
    pub price_12_months: Option<i64>,
    pub mediums: Vec<Medium>,
    #[serde(default)]
    pub modules: Vec<Module>,
    #[serde(default)]
    pub limits: PlanLimits,
    #[serde(default)]
    pub trial_days: u32,
    /// New workspaces start on this plan's trial (one plan at most).
    #[serde(default)]
    pub signup: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: String,
    #[serde(flatten)]
    pub input: PlanInput,
    /// Archived plans take no new subscriptions; existing ones keep running.
    pub archived: bool,
    /// Workspaces on this plan now.
    pub subscribers: u64,
}

/// The terms a plan is sold in, in months.
pub const TERMS: [u32; 3] = [1, 3, 12];

impl PlanInput {
    /// The price of `months` (1, 3 or 12) in minor units.
    pub fn price_for(&self, months: u32) -> Option<i64> {
        match months {
            1 => Some(self.price_month),
            3 => Some(self.price_3_months.unwrap_or(self.price_month.saturating_mul(3))),
            12 => Some(self.price_12_months.unwrap_or(self.price_month.saturating_mul(12))),
            _ => None,
        }
    }

    /// What is wrong with this plan, in words for the form.
    pub fn check(&self) -> Result<(), String> {
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err("the plan needs a name of at most 80 characters".into());
        }
        if self.description.chars().count() > 1000 {
            return Err("the description is longer than 1,000 characters".into());
        }
        if self.currency.len() != 3 || !self.currency.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err("the currency is a three-letter code such as USD, EUR or INR".into());
        }
        for (what, price) in [
            ("monthly price", Some(self.price_month)),
            ("3-month price", self.price_3_months),
            ("12-month price", self.price_12_months),
        ] {
            if price.is_some_and(|p| !(0..=10_000_000_000).contains(&p)) {
                return Err(format!("the {what} must be between 0 and 100,000,000.00"));
            }
        }
        if self.mediums.is_empty() {
            return Err("a plan allows at least one medium (Telegram, WhatsApp or panel tickets)".into());
        }
        if self.trial_days > 365 {
            return Err("a trial lasts at most 365 days".into());
        }
        Ok(())
    }
}

/// A workspace's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// Self-hosted mode (no plan exists) or the sandbox: no limits, no billing.
    Unrestricted,
    Trial,
    Active,
    /// Past the period end, within the grace days: everything works, with a banner.
    Grace,
    /// Past grace: the bot pauses until a payment is approved.
    Expired,
    /// Stopped by the master admin.
    Suspended,
    /// Plans exist but this workspace has none (created before billing started): it must pick one.
    NoPlan,
}

impl SubscriptionStatus {
    /// Whether the bot works (requests reach providers).
    pub fn serves(self) -> bool {
        matches!(self, Self::Unrestricted | Self::Trial | Self::Active | Self::Grace)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unrestricted => "unrestricted",
            Self::Trial => "trial",
            Self::Active => "active",
            Self::Grace => "grace period",
            Self::Expired => "expired",
            Self::Suspended => "suspended",
            Self::NoPlan => "no plan",
        }
    }
}

/// The status at `now` of a subscription whose period ends at `period_end`: computed from the
/// dates every time, so a server that was stopped never misses an expiry.
pub fn status_at(
    now: DateTime<Utc>,
    period_end: DateTime<Utc>,
    trial: bool,
    grace_days: u32,
    suspended: bool,
) -> SubscriptionStatus {
    if suspended {
        SubscriptionStatus::Suspended
    } else if now < period_end {
        if trial { SubscriptionStatus::Trial } else { SubscriptionStatus::Active }
    } else if now < period_end + Duration::days(i64::from(grace_days)) {
        SubscriptionStatus::Grace
    } else {
        SubscriptionStatus::Expired
    }
}

/// What a workspace uses, against its limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Usage {
    pub panels: u64,
    pub channels: u64,
    pub linked_chats: u64,
    pub commands_this_month: u64,
}

/// The workspace's billing page at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscription {
    /// True while no plan exists on the platform (or in the sandbox): nothing is billed or limited.
    pub self_hosted: bool,
    pub status: SubscriptionStatus,
    pub plan_id: Option<String>,
    pub plan_name: Option<String>,
    pub period_end: Option<DateTime<Utc>>,
    /// Whole days until the period ends (negative once it has).
    pub days_left: Option<i64>,
    pub grace_days: u32,
    pub mediums: Vec<Medium>,
    pub modules: Vec<Module>,
    pub limits: PlanLimits,
    pub usage: Usage,
    /// The top bar's notice (from 7 days before the end, in grace, expired, suspended).
    pub banner: Option<String>,
    pub suspended_reason: Option<String>,
}

mod invoices;
pub mod platform;
#[cfg(test)]
mod tests;

pub use invoices::*;
