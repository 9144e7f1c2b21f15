//! Service rules as the owner sees them: what each service's text says, and the overrides.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A service from the panel's list with what was read from its text and the owner's overrides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceRuleRow {
    pub service_id: String,
    pub name: String,
    pub category: String,
    /// Read from the text: `none`, `lifetime`, `unknown` or a number of days.
    pub parsed_refill: String,
    pub parsed_start_max_hours: Option<f64>,
    /// The words that decided, for the owner to check.
    pub refill_matched: Option<String>,
    pub start_matched: Option<String>,
    pub refill_override: Option<String>,
    pub start_override_hours: Option<f64>,
    pub refill_on_partial: Option<bool>,
    pub cancel_allowed: Option<bool>,
    pub synced_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceOverride {
    /// `none`, `lifetime`, `unknown`, a number of days, or null to use what the text says.
    #[serde(default)]
    pub refill_override: Option<String>,
    #[serde(default)]
    pub start_override_hours: Option<f64>,
    #[serde(default)]
    pub refill_on_partial: Option<bool>,
    #[serde(default)]
    pub cancel_allowed: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceTextCheck {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceTextResult {
    pub refill: String,
    pub start_max_hours: Option<f64>,
    pub refill_matched: Option<String>,
    pub start_matched: Option<String>,
}
