//! The panel's public user API (`POST /api/v2`, form `key` + `action=services`): the service list.
use serde_json::Value;

use super::transport::Transport;
use super::types::{bool_of, count_of, id_of, lower_keys, money_of, text_of};
use super::{PanelConfig, PanelError, Service};

pub async fn services(transport: &Transport, config: &PanelConfig) -> Result<Vec<Service>, PanelError> {
    let (Some(url), Some(key)) = (&config.user_api_url, &config.user_api_key) else {
        return Err(PanelError::CapabilityUnavailable("service list: add the panel's API URL and key"));
    };
    let form = [("key", key.expose().as_str()), ("action", "services")];
    let answer = transport.get(|http| http.post(url).form(&form).timeout(config.timeout)).await?;
    if let Some(error) = text_of(&answer.body["error"]) {
        return Err(if error.to_lowercase().contains("key") {
            PanelError::Unauthorized
        } else {
            PanelError::api("error", error)
        });
    }
    let Value::Array(items) = answer.body else { return Err(PanelError::Malformed) };
    Ok(items
        .iter()
        .map(lower_keys)
        .filter_map(|s| {
            Some(Service {
                id: id_of(&s["service"])?,
                name: text_of(&s["name"])?,
                category: text_of(&s["category"]),
                rate: money_of(&s["rate"]),
                min: count_of(&s["min"]),
                max: count_of(&s["max"]),
                refill: bool_of(&s["refill"]),
                cancel: bool_of(&s["cancel"]),
                provider_domain: text_of(&s["provider"]),
            })
        })
        .collect())
}
