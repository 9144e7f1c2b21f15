//! The workspace's dashboard: the setup checklist from live state, and today's and the last
//! seven days' figures.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    /// The setup steps in order, each ticked from what the workspace holds now.
    pub checklist: Vec<SetupStep>,
    pub today: Figures,
    pub week: Figures,
    /// The last seven days, oldest first (UTC days), for the chart.
    pub days: Vec<DayFigures>,
    /// Received messages not handled yet plus provider messages waiting to go out.
    pub queue_length: u64,
    /// Providers (by alias) with the most provider messages in the last seven days.
    pub busiest_providers: Vec<ProviderCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetupStep {
    /// `panel`, `channel`, `routes`, `customer`, `test`.
    pub key: String,
    pub title: String,
    pub done: bool,
    /// The workspace page that does this step.
    pub page: String,
    /// The button's words.
    pub action: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Customer requests (dry runs not counted).
    pub commands: u64,
    /// Requests by overall outcome (`accepted`, `partly_accepted`, `refused`…), most first.
    pub by_outcome: Vec<OutcomeCount>,
    pub dispatches_sent: u64,
    /// Provider messages that failed for good (dead).
    pub dispatches_failed: u64,
    pub dispatches_waiting: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeCount {
    pub outcome: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayFigures {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Requests sent on to a provider (wholly or partly).
    pub sent: u64,
    /// Every other request (refused, not found, cooldown, answered…).
    pub other: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderCount {
    pub alias: String,
    pub dispatches: u64,
}
