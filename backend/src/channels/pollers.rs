//! The long-poll loops (one per enabled channel in polling mode) and their supervisor: Telegram
//! getUpdates with the offset persisted past what is stored, Green API receiveNotification with
//! deleteNotification only after the store. Failures mark the channel unhealthy with a reason
//! and back off; they never end the loop.
//!
//! Several instances may share the database: a channel is polled only by the instance that holds
//! its lease (`poll:{channel id}`, 10 s). The supervisor renews all of this instance's leases in
//! one statement every 2 s, stops a poller whose lease another instance holds, stops them all
//! when it could not renew for 8 s (the database is gone: someone else may take over), and takes
//! over a channel whose lease lapsed (its holder died) within 12 s.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::runtime::ChannelRuntime;
use super::{ChannelError, greenapi, repo, telegram};
use crate::cluster::leases;
use crate::db::entities::channels;
use crate::db::entities::channels::Mode;
use crate::error::AppError;

pub const POLL_LEASE_PREFIX: &str = "poll:";
pub const POLL_LEASE_SECS: i64 = 10;
/// Without a successful renewal for this long, this instance stops polling.
const FENCE: Duration = Duration::from_secs(8);

fn lease_name(channel_id: &str) -> String {
    format!("{POLL_LEASE_PREFIX}{channel_id}")
}

impl ChannelRuntime {
    /// Starts a poller for every enabled channel in polling mode whose lease this instance holds
    /// or can take, restarts changed ones, stops the rest (and those another instance holds).
    pub async fn reconcile(self: &Arc<Self>) -> Result<(), AppError> {
        let me = self.ch.engine.instance_id.clone();
        let now = crate::db::now();
        let ttl = chrono::Duration::seconds(POLL_LEASE_SECS);
        let renewed = self.ch.db.write(async |c| leases::renew_all(c, POLL_LEASE_PREFIX, &me, now + ttl).await).await;
        let fenced = match renewed {
            Ok(_) => {
                *self.renewed_at.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot renew the channels' poll leases");
                self.renewed_at.lock().unwrap_or_else(|p| p.into_inner()).elapsed() > FENCE
            }
        };
        let held = leases::holders(&self.ch.db, POLL_LEASE_PREFIX).await.unwrap_or_default();
        let wanted: HashMap<String, (String, channels::Model)> = repo::enabled(&self.ch.db)
            .await?
            .into_iter()
            .filter(|c| c.mode == Mode::Polling)
            .map(|c| (c.id.clone(), (format!("{}|{}|{}", c.token_sealed, c.api_url, c.account_id), c)))
            .collect();
        let mut released = Vec::new();
        let mut to_start = Vec::new();
        let mut unrecorded = Vec::new();
        {
            let mut pollers = self.pollers.lock().unwrap_or_else(|p| p.into_inner());
            pollers.retain(|id, (fingerprint, handle)| {
                let still_wanted = wanted.get(id).is_some_and(|(f, _)| f == fingerprint);
                let someone_else = held.get(&lease_name(id)).is_some_and(|(holder, _)| *holder != me);
                let keep = still_wanted && !someone_else && !fenced;
                if keep && !held.contains_key(&lease_name(id)) {
                    unrecorded.push(lease_name(id));
                }
                if !keep {
                    handle.abort();
                    if !wanted.contains_key(id) {
                        released.push(id.clone());
                    }
                    if someone_else {
                        tracing::warn!(channel = %id, "another instance polls this channel now; stopped here");
                    }
                }
                keep
            });
            if !fenced {
                for (id, (fingerprint, c)) in wanted {
                    let free = match held.get(&lease_name(&id)) {
                        None => true,
                        Some((holder, expires)) => *holder == me || *expires <= now,
                    };
                    if !pollers.contains_key(&id) && free {
                        to_start.push((id, fingerprint, c));
                    }
                }
            }
        }
        // A running poller whose lease row is gone (forgotten at a SQLite start): write it again.
        for name in unrecorded {
            let _ = self.ch.db.write(async |c| leases::acquire(c, &name, &me, ttl, crate::db::now()).await).await;
        }
        for id in released {
            let name = lease_name(&id);
            let _ = self.ch.db.write(async |c| leases::release(c, &name, &me).await).await;
        }
        for (id, fingerprint, c) in to_start {
            let name = lease_name(&id);
            let lease =
                self.ch.db.write(async |db| leases::acquire(db, &name, &me, ttl, crate::db::now()).await).await?;
            if !lease.is_ours() {
                continue;
            }
            if let leases::Lease::TakenOver { from } = &lease {
                tracing::info!(channel = %id, from = %from, "took over polling from a stopped instance");
            }
            let rt = self.clone();
            let handle = match c.kind.as_str() {
                "telegram" => tokio::spawn(async move { rt.poll_telegram(c).await }).abort_handle(),
                _ => tokio::spawn(async move { rt.poll_whatsapp(c).await }).abort_handle(),
            };
            self.pollers.lock().unwrap_or_else(|p| p.into_inner()).insert(id, (fingerprint, handle));
        }
        Ok(())
    }

    /// An inbox item left `working` by a dead instance is claimed again once its lease lapsed;
    /// another live instance's items are never taken. On SQLite only this process uses the file,
    /// so what a killed process left (its claims, its poll leases) is released at once.
    pub(super) async fn release_after_restart(&self) {
        if !self.ch.db.is_sqlite() {
            return;
        }
        let released = self
            .ch
            .db
            .write(async |c| {
                leases::forget_prefix(c, POLL_LEASE_PREFIX).await?;
                repo::release_stale_claims(c).await
            })
            .await;
        if let Err(e) = released {
            tracing::error!(error = %e, "cannot release what a stopped process had claimed");
        }
    }

    pub fn pollers_running(&self) -> usize {
        self.pollers.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    async fn poll_telegram(self: Arc<Self>, c: channels::Model) {
        let bot = match repo::token(&self.ch.vault.secrets, &c)
            .map_err(|_| ChannelError::Credentials("the stored token cannot be opened".into()))
            .and_then(|t| telegram::bot(&self.ch.telegram_http, &self.ch.outbound, t.expose(), &c.api_url))
        {
            Ok(b) => b,
            Err(e) => return self.unhealthy(&c, &e).await,
        };
        let mut offset = c.poll_offset;
        let mut failures = 0u32;
        let mut was_failing = c.status != "ok";
        loop {
            match telegram::get_updates(&bot, offset, self.ch.config.poll_timeout_secs).await {
                Ok(updates) => {
                    failures = 0;
                    if was_failing {
                        let _ = repo::set_status(&self.ch.db, &c.id, "ok", None).await;
                        was_failing = false;
                    }
                    if updates.is_empty() {
                        continue;
                    }
                    let mut next = offset;
                    let mut stored_all = true;
                    for (id, body) in &updates {
                        match self.ch.inbox.store(&c, &format!("u:{id}"), body).await {
                            Ok(()) => next = next.max(id + 1),
                            Err(e) => {
                                tracing::error!(channel = %c.id, error = %e, "cannot store an update");
                                stored_all = false;
                                break;
                            }
                        }
                    }
                    // The offset moves only past what is stored: a restart neither loses nor replays.
                    let saved = next != offset
                        && self.ch.db.write(async |db| repo::save_offset(db, &c.id, next).await).await.is_ok();
                    if saved {
                        offset = next;
                    }
                    if !stored_all {
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
                Err(e) => {
                    failures += 1;
                    was_failing = true;
                    self.unhealthy(&c, &e).await;
                    let wait = match e {
                        ChannelError::RetryAfter(s) => s,
                        ChannelError::Credentials(_) | ChannelError::Conflict(_) => 60,
                        _ => [1, 2, 5, 10, 30][(failures as usize - 1).min(4)],
                    };
                    tracing::warn!(channel = %c.id, error = %e, wait, "telegram polling paused");
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                }
            }
        }
    }

    async fn poll_whatsapp(self: Arc<Self>, c: channels::Model) {
        let instance = match self.instance(&c) {
            Ok(i) => i,
            Err(e) => return self.unhealthy(&c, &e).await,
        };
        // Never poll an instance that pushes to a webhook: the two modes exclude each other.
        match greenapi::webhook_url(&self.wa_http, &instance).await {
            Ok(url) if !url.is_empty() => {
                let e = ChannelError::Conflict(
                    "this instance sends to a webhook, so it cannot be polled; switch the channel to webhook mode, \
                     or save it in polling mode again to clear the webhook"
                        .into(),
                );
                return self.unhealthy(&c, &e).await;
            }
            _ => {}
        }
        let timeout = u64::from(self.ch.config.poll_timeout_secs);
        let mut failures = 0u32;
        let mut was_failing = c.status != "ok";
        loop {
            match greenapi::receive(&self.wa_http, &instance, timeout).await {
                Ok(None) => failures = 0,
                Ok(Some((receipt, body))) => {
                    failures = 0;
                    if was_failing {
                        let _ = repo::set_status(&self.ch.db, &c.id, "ok", None).await;
                        was_failing = false;
                    }
                    let raw = body.to_string();
                    let key = serde_json::from_value::<greenapi::Notification>(body)
                        .map(|n| n.dedupe_key(raw.as_bytes()))
                        .unwrap_or_else(|_| format!("r:{receipt}"));
                    // Delete only after the body is stored.
                    match self.ch.inbox.store(&c, &key, &raw).await {
                        Ok(()) => {
                            if let Err(e) = greenapi::delete(&self.wa_http, &instance, receipt).await {
                                tracing::warn!(channel = %c.id, error = %e, "deleteNotification failed");
                            }
                        }
                        Err(e) => {
                            tracing::error!(channel = %c.id, error = %e, "cannot store a notification");
                            tokio::time::sleep(Duration::from_secs(1)).await;
                        }
                    }
                }
                Err(e) => {
                    failures += 1;
                    was_failing = true;
                    self.unhealthy(&c, &e).await;
                    let wait = match e {
                        ChannelError::Credentials(_) | ChannelError::Conflict(_) => 60,
                        _ => [1, 2, 5, 10, 30][(failures as usize - 1).min(4)],
                    };
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                }
            }
        }
    }
}
