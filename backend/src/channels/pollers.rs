//! The long-poll loops (one per enabled channel in polling mode) and their supervisor: Telegram
//! getUpdates with the offset persisted past what is stored, Green API receiveNotification with
//! deleteNotification only after the store. Failures mark the channel unhealthy with a reason
//! and back off; they never end the loop.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use super::runtime::ChannelRuntime;
use super::{ChannelError, greenapi, repo, telegram};
use crate::db::entities::channels;
use crate::db::entities::channels::Mode;
use crate::error::AppError;

impl ChannelRuntime {
    /// Starts a poller for every enabled channel in polling mode, restarts changed ones, stops the rest.
    pub async fn reconcile(self: &Arc<Self>) -> Result<(), AppError> {
        let wanted: HashMap<String, (String, channels::Model)> = repo::enabled(&self.ch.db)
            .await?
            .into_iter()
            .filter(|c| c.mode == Mode::Polling)
            .map(|c| (c.id.clone(), (format!("{}|{}|{}", c.token_sealed, c.api_url, c.account_id), c)))
            .collect();
        let mut pollers = self.pollers.lock().unwrap_or_else(|p| p.into_inner());
        pollers.retain(|id, (fingerprint, handle)| {
            let keep = wanted.get(id).is_some_and(|(f, _)| f == fingerprint);
            if !keep {
                handle.abort();
            }
            keep
        });
        for (id, (fingerprint, c)) in wanted {
            if pollers.contains_key(&id) {
                continue;
            }
            let rt = self.clone();
            let handle = match c.kind.as_str() {
                "telegram" => tokio::spawn(async move { rt.poll_telegram(c).await }).abort_handle(),
                _ => tokio::spawn(async move { rt.poll_whatsapp(c).await }).abort_handle(),
            };
            pollers.insert(id, (fingerprint, handle));
        }
        Ok(())
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
