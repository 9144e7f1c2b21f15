//! Service rules, easy mode: read the refill policy and the start-time upper bound from a
//! service's name, description and category, following `corpus/README.md`
//! (normalise first, name before description before category, negatives before positives,
//! durations that are not refill). Pure functions; both report which text matched. Advanced
//! mode keeps the synced service list with the owner's overrides (`repo`, `routes`).
mod pattern;
mod refill;
pub use pattern::check_patterns;
pub mod repo;
pub mod routes;
mod start_time;
mod text;

use serde::{Deserialize, Serialize};

/// What a service promises about refills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefillPolicy {
    /// Explicitly no refill.
    None,
    /// Refill inside this many days.
    Days(u32),
    Lifetime,
    /// The text does not say.
    Unknown,
}

impl RefillPolicy {
    /// `none`, `lifetime`, `unknown` or the number of days — the corpus's and the CLI's spelling.
    pub fn label(self) -> String {
        match self {
            RefillPolicy::None => "none".into(),
            RefillPolicy::Lifetime => "lifetime".into(),
            RefillPolicy::Unknown => "unknown".into(),
            RefillPolicy::Days(d) => d.to_string(),
        }
    }
}

/// Which field of the service a decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Description,
    Category,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matched {
    pub field: Field,
    /// The normalised text that decided.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRules {
    pub refill: RefillPolicy,
    pub refill_matched: Option<Matched>,
    /// Upper bound of the stated start time, in hours; `None` when unknown.
    pub start_max_hours: Option<f64>,
    pub start_matched: Option<Matched>,
}

/// The three text columns of a service, as the panel reports them.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServiceText<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub category: &'a str,
}

pub fn parse_service(service: ServiceText<'_>) -> ServiceRules {
    let fields = [
        (Field::Name, text::normalize(service.name)),
        (Field::Description, text::normalize(service.description)),
        (Field::Category, text::normalize(service.category)),
    ];
    let (refill, refill_matched) = refill::decide(&fields);
    let (start_max_hours, start_matched) = start_time::decide(&fields[..2]);
    ServiceRules { refill, refill_matched, start_max_hours, start_matched }
}

#[cfg(test)]
mod tests;
