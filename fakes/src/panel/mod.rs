//! Fake SMM panel: Perfect Panel Admin API v2 (`/adminapi/v2/...`), the action-based
//! `/adminapi/v1`, and the panel's public user API (`/api/v2`, for the service list), following
//! `shared/contracts/panel-admin-api.md`. Seeded orders, users, services and tickets; the key is
//! checked; every request is recorded; quirks and faults are switched per instance at run time.
mod fixtures;
mod render;
pub(crate) mod routes;
mod tickets;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

pub use fixtures::sample_data;

use crate::recorder::{RecordedRequest, Recorder};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeOrder {
    pub id: u64,
    pub user: String,
    pub service_id: u64,
    pub service_name: String,
    pub link: String,
    pub quantity: i64,
    pub start_count: i64,
    pub remains: i64,
    /// Canonical lower-case status: pending, processing, in progress, completed, partial, canceled.
    pub status: String,
    pub charge: String,
    /// "YYYY-MM-DD HH:MM:SS" in the panel's time zone (UTC here).
    pub created: String,
    pub last_update: String,
    /// The provider's domain; `None` for manual services.
    pub provider: Option<String>,
    pub external_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeUser {
    pub id: u64,
    pub username: String,
    pub email: String,
    pub balance: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeTicket {
    pub id: u64,
    pub user: String,
    pub subject: String,
    pub status: String,
    /// "YYYY-MM-DD HH:MM:SS" (UTC).
    pub created: String,
    /// Reported as `order_id` in the list and the detail when set.
    pub order_id: Option<u64>,
    /// The thread, oldest first.
    pub messages: Vec<FakeTicketMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeTicketMessage {
    /// Unique across the whole panel.
    pub id: u64,
    pub text: String,
    /// Written by the panel's staff (reported as `is_admin` 1).
    pub staff: bool,
    /// "YYYY-MM-DD HH:MM:SS" (UTC).
    pub created: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeService {
    pub id: u64,
    pub name: String,
    pub category: String,
    pub rate: String,
    pub min: i64,
    pub max: i64,
    pub refill: bool,
    pub cancel: bool,
    /// Reported only with the `services_with_provider` quirk (some panels expose it).
    pub provider: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusCase {
    /// `completed`, `in progress`
    #[default]
    Lower,
    /// `Completed`, `In progress`
    Title,
    /// `in_progress`
    Snake,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownOrder {
    /// 200 with `{"data": [], "error_message": "Order not found", "error_code": 100}`
    #[default]
    Envelope100,
    /// 404 with the same envelope
    Http404,
}

/// Switches for every quirk and fault in the contract; all off by default.
#[derive(Debug, Clone, Default)]
pub struct Quirks {
    pub numbers_as_strings: bool,
    pub status_case: StatusCase,
    pub unknown_order: UnknownOrder,
    /// Return every order whatever the filters say.
    pub ignore_filters: bool,
    /// A 403 Cloudflare challenge page for every request.
    pub cloudflare: bool,
    /// 404 HTML for every request (a wrong base URL, or a panel without the Admin API).
    pub not_admin_api: bool,
    /// 429 with `Retry-After: 1` once this many requests were served.
    pub rate_limit_after_n: Option<usize>,
    /// Milliseconds to wait before answering.
    pub delay_ms: u64,
    /// 404 HTML on ticket paths.
    pub no_tickets: bool,
    /// Ticket list items carry only `id`, `status` and `created` (no subject, user or message):
    /// the client must read the detail.
    pub tickets_list_bare: bool,
    /// 404 HTML for `GET /tickets/{id}` only (the list still works).
    pub ticket_detail_missing: bool,
    /// 404 HTML for `POST /tickets/{id}/reply` only.
    pub ticket_reply_missing: bool,
    /// The reply POST answers success (and is recorded in `ticket_replies`) but the message is
    /// not added to the thread.
    pub ticket_reply_not_stored: bool,
    /// Every ticket list request with `offset > 0` first adds a new newest ticket (user
    /// "newcomer", subject "Other", one message "hello"), as if a customer wrote while we paged.
    pub tickets_appear_while_paging: bool,
    /// v1 `getOrders*` answer an object keyed by id instead of an array.
    pub v1_orders_as_map: bool,
    /// v1 answers `"status": "sucess"`.
    pub misspelt_success: bool,
    /// A truncated JSON body.
    pub malformed_json: bool,
    /// 500 for every request.
    pub server_error: bool,
    /// The user API's service list names each service's provider domain.
    pub services_with_provider: bool,
}

/// What the panel holds.
#[derive(Debug, Clone, Default)]
pub struct PanelData {
    pub admin_key: String,
    pub user_api_key: String,
    pub orders: Vec<FakeOrder>,
    pub users: Vec<FakeUser>,
    pub tickets: Vec<FakeTicket>,
    pub services: Vec<FakeService>,
}

#[derive(Debug, Default)]
pub(crate) struct PanelState {
    pub data: PanelData,
    pub quirks: Quirks,
    pub served: usize,
    pub ticket_replies: Vec<(u64, String)>,
}

/// A running fake panel.
pub struct FakePanel {
    addr: SocketAddr,
    state: Arc<Mutex<PanelState>>,
    recorder: Recorder,
    server: actix_web::dev::ServerHandle,
}

impl FakePanel {
    /// Starts on 127.0.0.1:0 inside the current tokio runtime.
    pub fn start(data: PanelData) -> std::io::Result<Self> {
        let state = Arc::new(Mutex::new(PanelState { data, ..Default::default() }));
        let recorder = Recorder::default();
        let (s, r) = (state.clone(), recorder.clone());
        let (addr, server) = crate::spawn_server(move |cfg| {
            cfg.app_data(actix_web::web::Data::new(s.clone()))
                .app_data(actix_web::web::Data::new(r.clone()))
                .default_service(actix_web::web::to(routes::handle));
        })?;
        Ok(Self { addr, state, recorder, server })
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn admin_v2_url(&self) -> String {
        format!("{}/adminapi/v2", self.base_url())
    }
    pub fn admin_v1_url(&self) -> String {
        format!("{}/adminapi/v1", self.base_url())
    }
    pub fn user_api_url(&self) -> String {
        format!("{}/api/v2", self.base_url())
    }

    /// Changes the quirks at run time.
    pub fn set_quirks(&self, change: impl FnOnce(&mut Quirks)) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        change(&mut state.quirks);
        state.served = 0;
    }

    /// Changes the data at run time (e.g. an order completes).
    pub fn update_data(&self, change: impl FnOnce(&mut PanelData)) {
        change(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()).data);
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.recorder.all()
    }

    pub fn clear_requests(&self) {
        self.recorder.clear();
    }

    /// Every reply POSTed, as (ticket id, text), in order.
    pub fn ticket_replies(&self) -> Vec<(u64, String)> {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).ticket_replies.clone()
    }

    /// Adds (or replaces, by id) a ticket.
    pub fn add_ticket(&self, ticket: FakeTicket) {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        state.data.tickets.retain(|t| t.id != ticket.id);
        state.data.tickets.push(ticket);
    }

    /// Appends a message to a ticket's thread with the next message id and the current UTC time;
    /// returns the message id, or `None` when the panel has no such ticket.
    pub fn add_ticket_message(&self, ticket_id: u64, text: &str, staff: bool) -> Option<u64> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        tickets::append_message(&mut state.data, ticket_id, text, staff)
    }

    pub async fn stop(self) {
        self.server.stop(false).await;
    }
}
