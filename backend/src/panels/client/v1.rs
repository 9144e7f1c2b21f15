//! Action-based `/adminapi/v1` (Rental-Panel style): one URL, `action` + `key` parameters.
use serde_json::Value;

use super::transport::Transport;
use super::types::{PanelUser, id_of, money_of, order_from_v1, text_of};
use super::{Order, PanelAdminClient, PanelConfig, PanelError, Service, Ticket, TicketEndpoints, user_api};

pub struct V1Client {
    config: PanelConfig,
    transport: Transport,
}

/// Contract §3.1: a non-empty `error` fails; `status` starting with "suc" or an `orders` key succeeds.
fn check(body: Value) -> Result<Value, PanelError> {
    if let Some(error) = text_of(&body["error"]) {
        return Err(match error.as_str() {
            "bad_auth" => PanelError::Unauthorized,
            "bad_action" => PanelError::EndpointMissing,
            _ => PanelError::api("error", error),
        });
    }
    let status = text_of(&body["status"]).unwrap_or_default().to_lowercase();
    if status.starts_with("suc") || body.get("orders").is_some() {
        Ok(body)
    } else {
        Err(PanelError::api(status, "the panel did not report success"))
    }
}

/// `orders` as an array, or as an object keyed by order id: both are accepted.
fn orders_in(body: &Value) -> Vec<Order> {
    match &body["orders"] {
        Value::Array(items) => items.iter().filter_map(order_from_v1).collect(),
        Value::Object(map) => map
            .iter()
            .filter_map(|(key, v)| {
                let mut v = v.clone();
                if v.get("id").is_none() {
                    v["id"] = Value::String(key.clone());
                }
                order_from_v1(&v)
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl V1Client {
    pub fn new(config: PanelConfig, transport: Transport) -> Self {
        Self { config, transport }
    }

    async fn action(&self, action: &str, params: &[(&str, String)]) -> Result<Value, PanelError> {
        self.call(action, params, false).await
    }

    async fn call(&self, action: &str, params: &[(&str, String)], probe: bool) -> Result<Value, PanelError> {
        let url = self.config.admin_base_url.clone();
        let build = |http: &reqwest::Client| {
            http.get(&url)
                .query(&[("action", action), ("key", self.config.admin_key.expose().as_str())])
                .query(params)
                .timeout(self.config.timeout)
        };
        let answer = if probe { self.transport.probe(build).await? } else { self.transport.get(build).await? };
        if answer.status == 404 {
            return Err(PanelError::EndpointMissing);
        }
        check(answer.body)
    }
}

#[async_trait::async_trait]
impl PanelAdminClient for V1Client {
    async fn test_connection(&self) -> Result<(), PanelError> {
        self.call("getOrders", &[("limit", "1".into())], true).await.map(|_| ())
    }

    async fn order(&self, id: &str) -> Result<Order, PanelError> {
        let mut found = self.orders(&[id.to_string()]).await;
        found.pop().map(|(_, r)| r).unwrap_or(Err(PanelError::NotFound))
    }

    async fn orders(&self, ids: &[String]) -> Vec<(String, Result<Order, PanelError>)> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(100) {
            match self.action("getOrders-by-id", &[("orders", chunk.join(",")), ("provider", "1".into())]).await {
                Ok(body) => {
                    let found = orders_in(&body);
                    for id in chunk {
                        let hit = found.iter().find(|o| &o.panel_order_id == id).cloned();
                        out.push((id.clone(), hit.ok_or(PanelError::NotFound)));
                    }
                }
                Err(e) => out.extend(chunk.iter().map(|id| (id.clone(), Err(e.clone())))),
            }
        }
        out
    }

    async fn orders_of_user(&self, username: &str, limit: usize) -> Result<Vec<Order>, PanelError> {
        let body = self
            .action(
                "getOrders-by-user",
                &[("username", username.to_string()), ("limit", limit.to_string()), ("provider", "1".into())],
            )
            .await?;
        Ok(orders_in(&body).into_iter().filter(|o| o.owner_username.as_deref() == Some(username)).collect())
    }

    async fn user(&self, username: &str) -> Result<Option<PanelUser>, PanelError> {
        match self.action("getUser", &[("username", username.to_string())]).await {
            Ok(body) => {
                let u = &body["user"];
                Ok(text_of(&u["username"]).filter(|n| n.eq_ignore_ascii_case(username)).and_then(|name| {
                    Some(PanelUser {
                        id: id_of(&u["id"])?,
                        username: name,
                        email: text_of(&u["email"]),
                        balance: money_of(&u["balance"]),
                    })
                }))
            }
            Err(PanelError::Api { .. }) => Ok(None),
            Err(PanelError::EndpointMissing) => Err(PanelError::CapabilityUnavailable("getUser")),
            Err(e) => Err(e),
        }
    }

    async fn tickets_page(&self, _limit: usize, _offset: usize) -> Result<Vec<Ticket>, PanelError> {
        Err(PanelError::CapabilityUnavailable("v1 panels cannot list tickets"))
    }

    async fn ticket(&self, _id: &str, _endpoints: &TicketEndpoints) -> Result<Ticket, PanelError> {
        Err(PanelError::CapabilityUnavailable("v1 panels cannot read tickets"))
    }

    async fn reply_ticket(&self, _id: &str, _text: &str, _e: &TicketEndpoints) -> Result<(), PanelError> {
        Err(PanelError::CapabilityUnavailable("v1 panels cannot reply to tickets"))
    }

    async fn services(&self) -> Result<Vec<Service>, PanelError> {
        user_api::services(&self.transport, &self.config).await
    }
}
