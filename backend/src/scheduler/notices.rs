//! Subscription notices: once an hour, each workspace whose plan or trial ends within 7 days,
//! is in its grace period, expired or was suspended gets the platform's notice (the top bar's
//! words) once, as a message from the platform in its Support page, so the owner reads it even
//! without opening the workspace that day. Each (workspace, kind, period end) is claimed by
//! inserting its row before the message is written, so two instances never send it twice.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use shared::billing::SubscriptionStatus;

use super::repo::Outcome;
use crate::commands::engine::Engine;
use crate::db::entities::{plans, subscription_notices, tenants};
use crate::error::AppError;

/// The support thread the notices go to.
pub const SUBJECT: &str = "Your subscription";

fn kind(status: SubscriptionStatus, period_end: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<&'static str> {
    match status {
        SubscriptionStatus::Trial | SubscriptionStatus::Active
            if period_end.is_some_and(|end| (end - now).num_days() < 7) =>
        {
            Some("expiring")
        }
        SubscriptionStatus::Grace => Some("grace"),
        SubscriptionStatus::Expired => Some("expired"),
        SubscriptionStatus::Suspended => Some("suspended"),
        _ => None,
    }
}

pub async fn send_due(engine: &Engine, now: DateTime<Utc>) -> Result<Outcome, AppError> {
    let db = &engine.db;
    if plans::Entity::find().count(db.conn()).await? == 0 {
        return Ok(Outcome::Idle); // self-hosted: no plans, nothing ends
    }
    let grace_days = crate::billing::repo::settings(db.conn()).await?.grace_days;
    let texts = crate::billing::platform::notices(db.conn()).await?;
    let mut sent = 0;
    for t in tenants::Entity::find().filter(tenants::Column::Sandbox.eq(false)).all(db.conn()).await? {
        let e = crate::billing::repo::load_entitlements(db, &t.id, now).await?;
        let Some(kind) = kind(e.status, e.period_end, now) else { continue };
        let Some(text) = crate::billing::routes::banner(&e, now, grace_days, &texts) else { continue };
        let period = e.period_end.map_or_else(|| "none".to_string(), |d| d.format("%Y-%m-%d").to_string());
        let row = subscription_notices::ActiveModel {
            id: Set(crate::db::new_id()),
            tenant_id: Set(t.id.clone()),
            kind: Set(kind.into()),
            period_end: Set(period),
            sent_at: Set(now),
        };
        let claimed = db
            .write(async |c| {
                Ok(subscription_notices::Entity::insert(row)
                    .on_conflict(
                        OnConflict::columns([
                            subscription_notices::Column::TenantId,
                            subscription_notices::Column::Kind,
                            subscription_notices::Column::PeriodEnd,
                        ])
                        .do_nothing()
                        .to_owned(),
                    )
                    .exec_without_returning(c)
                    .await?)
            })
            .await?;
        if claimed == 1 {
            let message = format!("{text}\n\nThe Billing page shows your plan and invoices.");
            crate::support::repo::notify(db, &t.id, SUBJECT, &message).await?;
            sent += 1;
        }
    }
    Ok(if sent == 0 { Outcome::Idle } else { Outcome::Ok(format!("{sent} subscription notice(s) sent")) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_is_due_in_the_last_week_in_grace_after_expiry_and_when_suspended() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("time");
        let days = |n| Some(now + chrono::Duration::days(n));
        assert_eq!(kind(SubscriptionStatus::Active, days(30), now), None);
        assert_eq!(kind(SubscriptionStatus::Active, days(6), now), Some("expiring"));
        assert_eq!(kind(SubscriptionStatus::Trial, days(2), now), Some("expiring"));
        assert_eq!(kind(SubscriptionStatus::Grace, days(-1), now), Some("grace"));
        assert_eq!(kind(SubscriptionStatus::Expired, days(-9), now), Some("expired"));
        assert_eq!(kind(SubscriptionStatus::Suspended, days(20), now), Some("suspended"));
    }
}
