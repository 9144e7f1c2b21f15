//! What the webhook receivers know about channels without a database read.
use crate::cache::TtlCache;
use crate::cluster::changes::{Change, ChangeFeed};
use crate::db::entities::channels;

pub(super) type CachedChannel = Option<(channels::Model, [u8; 32])>;

/// The webhook receivers' view of channels: the row and the digest of its webhook secret, so a
/// webhook call costs no database read and no decryption. Entries live a few seconds and are
/// dropped whenever the owner changes a channel. Keyed by (kind, channel id): a call to the other
/// receiver's path with a real channel's id caches only "no such WhatsApp channel", never a
/// negative answer that would refuse the real Telegram deliveries (and the other way round).
#[derive(Clone)]
pub struct WebhookCache(TtlCache<String, CachedChannel>, ChangeFeed);

impl Default for WebhookCache {
    fn default() -> Self {
        Self::with_feed(ChangeFeed::default())
    }
}

impl WebhookCache {
    pub fn with_feed(feed: ChangeFeed) -> Self {
        Self(TtlCache::new(std::time::Duration::from_secs(5), 10_000), feed)
    }

    /// Forgets every channel here and on the other instances (their pollers are reconciled too).
    pub fn invalidate(&self) {
        self.0.clear();
        self.1.publish(Change::Channels);
    }

    /// Forgets every channel here only (another instance changed one).
    pub fn drop_local(&self) {
        self.0.clear();
    }

    pub(super) fn get(&self, kind: &str, id: &str) -> Option<CachedChannel> {
        self.0.get(&format!("{kind}:{id}"))
    }

    pub(super) fn put(&self, kind: &str, id: &str, entry: CachedChannel) {
        self.0.put(format!("{kind}:{id}"), entry);
    }
}
