//! Perfect Panel Admin API v2: REST paths, `X-Api-Key` header, `{data, error_code, error_message}`.
use serde_json::Value;

use super::tickets::{ticket_from, ticket_path};
use super::transport::{Answer, Transport};
use super::types::{PanelUser, Ticket, id_of, money_of, order_from_v2, text_of};
use super::{Order, PanelAdminClient, PanelConfig, PanelError, Service, TicketEndpoints, lookup_each, user_api};

pub struct V2Client {
    config: PanelConfig,
    transport: Transport,
}

impl V2Client {
    pub fn new(config: PanelConfig, transport: Transport) -> Self {
        Self { config, transport }
    }

    async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Value, PanelError> {
        self.read(path, query, false).await
    }

    async fn read(&self, path: &str, query: &[(&str, String)], probe: bool) -> Result<Value, PanelError> {
        let url = format!("{}{}", self.config.admin_base_url, path);
        let build = |http: &reqwest::Client| {
            http.get(&url).header("X-Api-Key", self.config.admin_key.expose()).query(query).timeout(self.config.timeout)
        };
        let answer = if probe { self.transport.probe(build).await? } else { self.transport.get(build).await? };
        envelope(answer, true)
    }

    /// A write: JSON body, key in the header, sent once (contract §8: POSTs are never retried).
    async fn post(&self, path: &str, body: &Value) -> Result<Value, PanelError> {
        let url = format!("{}{}", self.config.admin_base_url, path);
        let request = self
            .transport
            .http()
            .post(&url)
            .header("X-Api-Key", self.config.admin_key.expose())
            .json(body)
            .timeout(self.config.timeout);
        // A write's answer may be a bare `{"error_code": 0}`: success without data.
        envelope(self.transport.send_once(request).await?, false)
    }

    /// The configured ticket path for `id`; an id that cannot be a path segment is not found.
    fn path_for(template: &str, id: &str) -> Result<String, PanelError> {
        ticket_path(template, id).ok_or(PanelError::NotFound)
    }

    /// `data.list[]` of a list answer (an empty `data: []` is an empty list).
    fn list_of(data: &Value) -> Vec<Value> {
        data.get("list").and_then(Value::as_array).or_else(|| data.as_array()).cloned().unwrap_or_default()
    }
}

/// Contract §2.2: `error_code` 0 (or "0", or missing with `data`) is success. Reads need `data`;
/// a write accepts an explicit `error_code` 0 without it (then `data` is null).
fn envelope(answer: Answer, need_data: bool) -> Result<Value, PanelError> {
    let body = answer.body;
    let code = body.get("error_code").map(|c| id_of(c).unwrap_or_default()).unwrap_or_else(|| "0".into());
    let message = text_of(&body["error_message"]).unwrap_or_default();
    if answer.status == 404 {
        return Err(PanelError::NotFound);
    }
    if code != "0" {
        return Err(PanelError::api(code, message));
    }
    match body.get("data") {
        Some(data) => Ok(data.clone()),
        None if !need_data && body.get("error_code").is_some() => Ok(Value::Null),
        None => Err(PanelError::Malformed),
    }
}

#[async_trait::async_trait]
impl PanelAdminClient for V2Client {
    async fn test_connection(&self) -> Result<(), PanelError> {
        self.read("/orders", &[("limit", "1".into())], true).await.map(|_| ())
    }

    async fn order(&self, id: &str) -> Result<Order, PanelError> {
        let data = match self.get(&format!("/orders/{id}"), &[]).await {
            // On a single lookup any API error means "not found or not visible".
            Err(PanelError::Api { .. }) => return Err(PanelError::NotFound),
            other => other?,
        };
        let order = order_from_v2(&data).ok_or(PanelError::NotFound)?;
        if order.panel_order_id != id {
            return Err(PanelError::NotFound);
        }
        Ok(order)
    }

    async fn orders(&self, ids: &[String]) -> Vec<(String, Result<Order, PanelError>)> {
        if !self.config.v2_bulk_ids {
            return lookup_each(ids, self.config.max_in_flight, |id| async move { self.order(&id).await }).await;
        }
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(100) {
            let query = [("ids", chunk.join(",")), ("limit", chunk.len().to_string())];
            match self.get("/orders", &query).await {
                Ok(data) => {
                    let found: Vec<Order> = Self::list_of(&data).iter().filter_map(order_from_v2).collect();
                    for id in chunk {
                        // Only ids we asked for count; a missing one is not found.
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
        let param = self.config.orders_user_param.as_str();
        let query =
            [(param, username.to_string()), ("limit", limit.min(100).to_string()), ("sort", "date-desc".into())];
        let data = self.get("/orders", &query).await?;
        let orders: Vec<Order> = Self::list_of(&data).iter().filter_map(order_from_v2).collect();
        let total = orders.len();
        let own: Vec<Order> = orders.into_iter().filter(|o| o.owner_username.as_deref() == Some(username)).collect();
        if own.len() < total {
            tracing::warn!(dropped = total - own.len(), "the panel ignored the user filter; foreign orders dropped");
        }
        Ok(own)
    }

    async fn user(&self, username: &str) -> Result<Option<PanelUser>, PanelError> {
        let data = self.get("/users", &[("username", username.to_string()), ("limit", "100".into())]).await?;
        Ok(Self::list_of(&data)
            .iter()
            .find(|u| text_of(&u["username"]).is_some_and(|n| n.eq_ignore_ascii_case(username)))
            .and_then(|u| {
                Some(PanelUser {
                    id: id_of(&u["id"])?,
                    username: text_of(&u["username"])?,
                    email: text_of(&u["email"]),
                    balance: money_of(&u["balance"]),
                })
            }))
    }

    async fn tickets_page(&self, limit: usize, offset: usize) -> Result<Vec<Ticket>, PanelError> {
        // No upper clamp: the caller stops on a short page, so a silently smaller page would
        // end its paging early.
        let query = [("limit", limit.max(1).to_string()), ("offset", offset.to_string()), ("sort", "date-desc".into())];
        let data = self.get("/tickets", &query).await?;
        // Items without an id cannot be followed up, so they are left out.
        Ok(Self::list_of(&data).iter().filter_map(ticket_from).collect())
    }

    async fn ticket(&self, id: &str, endpoints: &TicketEndpoints) -> Result<Ticket, PanelError> {
        let path = Self::path_for(&endpoints.get_path, id)?;
        let mut data = self.get(&path, &[]).await?;
        // `data: []` (or anything but an object) carries no ticket.
        if !data.is_object() {
            return Err(PanelError::NotFound);
        }
        // Some detail objects leave out the id the path already names.
        if data.get("id").is_none() && data.get("ticket").is_none() {
            data["id"] = Value::String(id.to_string());
        }
        let ticket = ticket_from(&data).ok_or(PanelError::NotFound)?;
        // A panel that ignores the id in the path must not hand us another customer's thread.
        if ticket.id != id.trim() {
            return Err(PanelError::NotFound);
        }
        Ok(ticket)
    }

    async fn reply_ticket(&self, id: &str, text: &str, endpoints: &TicketEndpoints) -> Result<(), PanelError> {
        let path = Self::path_for(&endpoints.reply_path, id)?;
        let mut body = serde_json::Map::new();
        body.insert(endpoints.reply_field.clone(), Value::String(text.to_string()));
        self.post(&path, &Value::Object(body)).await.map(|_| ())
    }

    async fn services(&self) -> Result<Vec<Service>, PanelError> {
        user_api::services(&self.transport, &self.config).await
    }
}
