//! The SaaS layer on the server: what a workspace's plan allows (`Entitlements`, read at every
//! enforcement point, cached for two seconds), plans and payment methods, invoices and their
//! approval, and the master admin's console for them. While no plan exists the platform is
//! self-hosted and every workspace is unrestricted; the sandbox always is.
use std::sync::Arc;
use std::time::Duration;

use shared::billing::{Medium, Module, PlanLimits, SubscriptionStatus};

use crate::cache::TtlCache;
use crate::clock::Clock;
use crate::error::AppError;

pub mod admin_plan_routes;
pub mod admin_routes;
pub mod invoices;
pub mod platform;
pub mod repo;
pub mod routes;

/// What one workspace may use now.
#[derive(Debug, Clone, PartialEq)]
pub struct Entitlements {
    pub status: SubscriptionStatus,
    pub self_hosted: bool,
    pub plan_id: Option<String>,
    pub plan_name: Option<String>,
    pub mediums: Vec<Medium>,
    pub modules: Vec<Module>,
    pub limits: PlanLimits,
    pub period_end: Option<chrono::DateTime<chrono::Utc>>,
    pub trial: bool,
    pub suspended_reason: Option<String>,
}

/// The counted things a plan limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Panels,
    Channels,
    LinkedChats,
}

impl Entitlements {
    pub fn unrestricted(self_hosted: bool) -> Self {
        Entitlements {
            status: SubscriptionStatus::Unrestricted,
            self_hosted,
            plan_id: None,
            plan_name: None,
            mediums: Medium::ALL.to_vec(),
            modules: Module::ALL.to_vec(),
            limits: PlanLimits::default(),
            period_end: None,
            trial: false,
            suspended_reason: None,
        }
    }

    fn plan_words(&self) -> String {
        match &self.plan_name {
            Some(name) => format!("Your plan “{name}”"),
            None => "Your workspace has no plan yet: choose one on the Billing page. It".into(),
        }
    }

    pub fn allows_medium(&self, medium: Medium) -> bool {
        self.status == SubscriptionStatus::Unrestricted || self.mediums.contains(&medium)
    }

    /// 403 naming the plan and what it allows, when `medium` is not in it.
    pub fn require_medium(&self, medium: Medium) -> Result<(), AppError> {
        if self.allows_medium(medium) {
            return Ok(());
        }
        let allowed: Vec<&str> = self.mediums.iter().map(|m| m.label()).collect();
        let allows = if allowed.is_empty() { "no medium".to_string() } else { allowed.join(" and ") };
        Err(AppError::Forbidden(format!(
            "{} allows {allows} only: {} is not included. Change plan on the Billing page.",
            self.plan_words(),
            medium.label()
        )))
    }

    pub fn allows_module(&self, module: Module) -> bool {
        self.status == SubscriptionStatus::Unrestricted || self.modules.contains(&module)
    }

    pub fn require_module(&self, module: Module) -> Result<(), AppError> {
        if self.allows_module(module) {
            return Ok(());
        }
        Err(AppError::Forbidden(format!(
            "{} does not include {}. Change plan on the Billing page.",
            self.plan_words(),
            module.label()
        )))
    }

    pub fn limit(&self, what: Limit) -> Option<u32> {
        if self.status == SubscriptionStatus::Unrestricted {
            return None;
        }
        match what {
            Limit::Panels => self.limits.panels,
            Limit::Channels => self.limits.channels,
            Limit::LinkedChats => self.limits.linked_chats,
        }
    }

    /// 403 when one more of `what` would go over the plan's limit (`used` = how many exist now).
    pub fn require_room(&self, what: Limit, used: u64) -> Result<(), AppError> {
        let Some(max) = self.limit(what) else { return Ok(()) };
        if used < u64::from(max) {
            return Ok(());
        }
        let noun = match what {
            Limit::Panels => "panels",
            Limit::Channels => "channels",
            Limit::LinkedChats => "linked customer chats",
        };
        Err(AppError::Forbidden(format!(
            "{} allows {max} {noun} and you have {used}. Change plan on the Billing page to add more.",
            self.plan_words()
        )))
    }
}

/// The billing clock and a short cache of each workspace's entitlements.
#[derive(Clone)]
pub struct Billing {
    pub clock: Clock,
    cache: TtlCache<String, Arc<Entitlements>>,
    feed: crate::cluster::changes::ChangeFeed,
}

impl Default for Billing {
    fn default() -> Self {
        Self::with_feed(Default::default())
    }
}

impl Billing {
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    /// What `tenant_id` may use now (read again at most two seconds later).
    pub async fn entitlements(&self, db: &crate::db::Db, tenant_id: &str) -> Result<Arc<Entitlements>, AppError> {
        if let Some(e) = self.cache.get(tenant_id) {
            return Ok(e);
        }
        let e = Arc::new(repo::load_entitlements(db, tenant_id, self.now()).await?);
        self.cache.put(tenant_id.to_string(), e.clone());
        Ok(e)
    }

    pub fn with_feed(feed: crate::cluster::changes::ChangeFeed) -> Self {
        Billing { clock: Clock::default(), cache: TtlCache::new(Duration::from_secs(2), 10_000), feed }
    }

    /// Forget cached entitlements after a change (a plan edit forgets them all), here and on the
    /// other instances.
    pub fn forget(&self, tenant_id: Option<&str>) {
        self.forget_local(tenant_id);
        self.feed.publish(crate::cluster::changes::Change::Billing(tenant_id.map(str::to_string)));
    }

    /// Forget here only (another instance made the change).
    pub fn forget_local(&self, tenant_id: Option<&str>) {
        match tenant_id {
            Some(t) => self.cache.remove(t),
            None => self.cache.clear(),
        }
    }
}

/// What an action needs from the workspace's plan.
#[derive(Debug, Clone, Copy)]
pub enum Need {
    Medium(Medium),
    Module(Module),
    /// Room for one more of this.
    Room(Limit),
}

impl Billing {
    /// Why the workspace's bot is paused now, if it is: its subscription does not serve
    /// (expired, suspended, no plan), or the plan's requests for this month are used up.
    pub async fn pause_reason(&self, db: &crate::db::Db, tenant_id: &str) -> Result<Option<String>, AppError> {
        let e = self.entitlements(db, tenant_id).await?;
        if !e.status.serves() {
            return Ok(Some(format!("subscription {}", e.status.label())));
        }
        let Some(max) = e.limits.commands_per_month.filter(|_| e.status != SubscriptionStatus::Unrestricted) else {
            return Ok(None);
        };
        let used = repo::commands_this_month(db, tenant_id, self.now()).await?;
        Ok((used >= u64::from(max)).then(|| format!("the plan's {max} requests this month are used")))
    }

    /// Checks the workspace's plan before an action: a 403 naming the plan when it does not allow it.
    pub async fn require(&self, db: &crate::db::Db, tenant_id: &str, need: Need) -> Result<(), AppError> {
        let e = self.entitlements(db, tenant_id).await?;
        match need {
            Need::Medium(m) => e.require_medium(m),
            Need::Module(m) => e.require_module(m),
            Need::Room(what) => {
                if e.limit(what).is_none() {
                    return Ok(());
                }
                let used = repo::usage(db, tenant_id, self.now()).await?;
                let n = match what {
                    Limit::Panels => used.panels,
                    Limit::Channels => used.channels,
                    Limit::LinkedChats => used.linked_chats,
                };
                e.require_room(what, n)
            }
        }
    }
}
