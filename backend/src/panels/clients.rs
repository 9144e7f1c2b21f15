//! One Admin API client per panel (so every request to one panel goes through one token bucket),
//! rebuilt when the panel's settings change.
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use super::client::stats::{CallSnapshot, CallStats};
use super::client::{PanelAdminClient, build_client};
use crate::db::entities::panels;
use crate::error::AppError;
use crate::outbound::OutboundPolicy;
use crate::secrets::SecretBox;

type Clients = std::collections::HashMap<String, (String, Arc<dyn PanelAdminClient>)>;
type Stats = std::collections::HashMap<String, Arc<CallStats>>;

#[derive(Clone)]
pub struct PanelClients {
    http: reqwest::Client,
    outbound: Arc<OutboundPolicy>,
    secrets: SecretBox,
    clients: Arc<Mutex<Clients>>,
    /// Each panel's recent calls, kept across client rebuilds.
    stats: Arc<Mutex<Stats>>,
    /// How many instances share each panel's request budget (the live ones in the instances'
    /// heartbeat table): each uses its share, so together they stay within the panel's budget.
    instances: Arc<AtomicU32>,
}

impl PanelClients {
    pub fn new(http: reqwest::Client, outbound: Arc<OutboundPolicy>, secrets: SecretBox) -> Self {
        Self {
            http,
            outbound,
            secrets,
            clients: Arc::default(),
            stats: Arc::default(),
            instances: Arc::new(AtomicU32::new(1)),
        }
    }

    /// The shared client of a panel.
    pub fn client(&self, panel: &panels::Model) -> Result<Arc<dyn PanelAdminClient>, AppError> {
        let share = self.instances.load(Ordering::Relaxed).max(1);
        let fingerprint = format!(
            "{}|{}|{}|{}|{}|{}|{}|{:?}|{:?}|{share}",
            panel.kind,
            panel.admin_base_url,
            panel.admin_key_sealed,
            panel.rps,
            panel.timeout_secs,
            panel.orders_user_param,
            panel.v2_bulk_ids,
            panel.user_api_url,
            panel.user_api_key_sealed
        );
        let mut cache = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, client)) = cache.get(&panel.id).filter(|(known, _)| *known == fingerprint) {
            return Ok(client.clone());
        }
        let config = super::repo::client_config(&self.secrets, panel)?;
        let stats = self.stats.lock().unwrap_or_else(|p| p.into_inner()).entry(panel.id.clone()).or_default().clone();
        let client: Arc<dyn PanelAdminClient> =
            Arc::from(build_client(config, self.http.clone(), self.outbound.clone(), stats, share));
        cache.insert(panel.id.clone(), (fingerprint, client.clone()));
        Ok(client)
    }

    /// The number of live instances changed: clients are rebuilt with their new share of each
    /// panel's budget at their next use.
    pub fn set_instances(&self, n: u32) {
        self.instances.store(n.max(1), Ordering::Relaxed);
    }

    /// What this instance's calls to the panel looked like lately (none: no call yet).
    pub fn stats(&self, panel_id: &str, now: chrono::DateTime<chrono::Utc>) -> Option<CallSnapshot> {
        self.stats.lock().unwrap_or_else(|p| p.into_inner()).get(panel_id).map(|s| s.snapshot(now))
    }
}
