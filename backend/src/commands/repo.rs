//! Command-engine data; every function takes the tenant id first.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter,
    QueryTrait, Set, Statement,
};
use shared::commands::{CommandSettings, Templates};

use crate::db::entities::{
    cooldowns, inbound_keys, order_facts, service_rules, tenant_settings,
};
use crate::db::txn::WriteTxn;
use crate::db::{new_id, now};
use crate::error::AppError;

/// Settings and templates, with defaults for anything never saved.
pub async fn settings(db: &impl ConnectionTrait, tenant_id: &str) -> Result<(CommandSettings, Templates), AppError> {
    let row = tenant_settings::Entity::find_by_id(tenant_id.to_string()).one(db).await?;
    Ok(match row {
        Some(r) => (
            serde_json::from_str(&r.settings).unwrap_or_default(),
            serde_json::from_str(&r.templates).unwrap_or_default(),
        ),
        None => (CommandSettings::default(), Templates::default()),
    })
}

pub async fn save_settings(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    settings: &CommandSettings,
    templates: &Templates,
) -> Result<(), AppError> {
    let row = tenant_settings::ActiveModel {
        tenant_id: Set(tenant_id.to_string()),
        settings: Set(json(settings)),
        templates: Set(json(templates)),
        updated_at: Set(now()),
    };
    tenant_settings::Entity::insert(row)
        .on_conflict(
            OnConflict::column(tenant_settings::Column::TenantId)
                .update_columns([
                    tenant_settings::Column::Settings,
                    tenant_settings::Column::Templates,
                    tenant_settings::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub async fn service_rule_rows(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
) -> Result<HashMap<String, service_rules::Model>, AppError> {
    let rows = service_rules::Entity::find()
        .filter(service_rules::Column::TenantId.eq(tenant_id))
        .filter(service_rules::Column::PanelId.eq(panel_id))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.service_id.clone(), r)).collect())
}

/// When the platform first saw each order Completed (only orders it has seen so).
pub async fn first_completed(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
    order_ids: &[String],
) -> Result<HashMap<String, DateTime<Utc>>, AppError> {
    let rows = order_facts::Entity::find()
        .filter(order_facts::Column::TenantId.eq(tenant_id))
        .filter(order_facts::Column::PanelId.eq(panel_id))
        .filter(order_facts::Column::OrderId.is_in(order_ids.iter().cloned()))
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|r| (r.order_id, r.first_completed_at)).collect())
}

/// Records the first sighting of Completed orders, in one statement; later sightings change nothing.
pub fn record_completed(
    backend: DbBackend,
    tenant_id: &str,
    panel_id: &str,
    completed: &[(String, DateTime<Utc>)],
) -> Option<Statement> {
    if completed.is_empty() {
        return None;
    }
    let rows = completed.iter().map(|(order_id, at)| order_facts::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        panel_id: Set(panel_id.to_string()),
        order_id: Set(order_id.clone()),
        first_completed_at: Set(*at),
    });
    let insert = order_facts::Entity::insert_many(rows).on_conflict(
        OnConflict::columns([
            order_facts::Column::TenantId,
            order_facts::Column::PanelId,
            order_facts::Column::OrderId,
        ])
        .do_nothing()
        .to_owned(),
    );
    Some(insert.build(backend))
}

/// Which cooldowns: (tenant, panel, action) for these orders.
#[derive(Clone, Copy)]
pub struct CooldownKeys<'a> {
    pub tenant_id: &'a str,
    pub panel_id: &'a str,
    pub action: &'a str,
    pub order_ids: &'a [&'a str],
}

impl<'a> CooldownKeys<'a> {
    fn condition(&self) -> Condition {
        Condition::all()
            .add(cooldowns::Column::TenantId.eq(self.tenant_id))
            .add(cooldowns::Column::PanelId.eq(self.panel_id))
            .add(cooldowns::Column::Action.eq(self.action))
            .add(cooldowns::Column::OrderId.is_in(self.order_ids.iter().copied()))
    }

    /// New cooldown rows for every order, running until `until`, taken by `command_id`.
    fn rows(
        self,
        until: DateTime<Utc>,
        command_id: &'a str,
        now: DateTime<Utc>,
    ) -> impl Iterator<Item = cooldowns::ActiveModel> + 'a {
        self.order_ids.iter().map(move |order_id| cooldowns::ActiveModel {
            id: Set(new_id()),
            tenant_id: Set(self.tenant_id.to_string()),
            panel_id: Set(self.panel_id.to_string()),
            order_id: Set(order_id.to_string()),
            action: Set(self.action.to_string()),
            until: Set(until),
            command_id: Set(command_id.to_string()),
            created_at: Set(now),
        })
    }
}

/// Atomically claims the cooldowns of every order in one statement: of any number of concurrent
/// claims for one order, exactly one succeeds while the window lasts. Returns, per order not
/// claimed, until when its cooldown is held.
pub async fn claim_cooldowns(
    txn: &mut WriteTxn,
    keys: CooldownKeys<'_>,
    until: DateTime<Utc>,
    command_id: &str,
) -> Result<HashMap<String, DateTime<Utc>>, AppError> {
    if keys.order_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let now = now();
    let mut insert = cooldowns::Entity::insert_many(keys.rows(until, command_id, now)).on_conflict(
        OnConflict::columns([
            cooldowns::Column::TenantId,
            cooldowns::Column::PanelId,
            cooldowns::Column::OrderId,
            cooldowns::Column::Action,
        ])
        .update_columns([cooldowns::Column::Until, cooldowns::Column::CommandId, cooldowns::Column::CreatedAt])
        .action_and_where(Expr::col((cooldowns::Entity, cooldowns::Column::Until)).lte(now))
        .to_owned(),
    );
    insert.query().returning_col(cooldowns::Column::OrderId);
    let claimed: HashSet<String> = txn
        .run(vec![insert.build(txn.backend())])
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "order_id"))
        .collect::<Result<_, _>>()?;
    if claimed.len() == keys.order_ids.len() {
        return Ok(HashMap::new());
    }
    let held: Vec<&str> = keys.order_ids.iter().copied().filter(|id| !claimed.contains(*id)).collect();
    let mut until_of = active_cooldowns(txn, CooldownKeys { order_ids: &held, ..keys }).await?;
    // Released between the two statements: still held by the claim that just won it.
    for id in held {
        until_of.entry(id.to_string()).or_insert(until);
    }
    Ok(until_of)
}

/// The cooldowns for orders expected to be free, as two statements: clear the expired ones, then
/// insert without any conflict clause. A cooldown still running breaks the unique key of
/// (tenant, panel, order, action), which fails the transaction: exactly one of concurrent
/// requests gets in, as with `claim_cooldowns`.
pub fn insert_free_cooldowns(
    backend: DbBackend,
    keys: CooldownKeys<'_>,
    until: DateTime<Utc>,
    command_id: &str,
    now: DateTime<Utc>,
) -> Vec<Statement> {
    if keys.order_ids.is_empty() {
        return Vec::new();
    }
    let clear = cooldowns::Entity::delete_many().filter(keys.condition()).filter(cooldowns::Column::Until.lte(now));
    let insert = cooldowns::Entity::insert_many(keys.rows(until, command_id, now));
    vec![clear.build(backend), insert.build(backend)]
}

/// The cooldowns still running for these orders, with their end.
pub async fn active_cooldowns(
    txn: &mut WriteTxn,
    keys: CooldownKeys<'_>,
) -> Result<HashMap<String, DateTime<Utc>>, AppError> {
    if keys.order_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let select = cooldowns::Entity::find().filter(keys.condition()).filter(cooldowns::Column::Until.gt(now()));
    let rows = txn.run(vec![select.build(txn.backend())]).await?;
    rows.iter()
        .map(|row| cooldowns::Model::from_query_result(row, "").map(|r| (r.order_id, r.until)))
        .collect::<Result<_, _>>()
        .map_err(AppError::from)
}

pub async fn upsert_service_rule(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    panel_id: &str,
    service: &crate::panels::client::Service,
) -> Result<(), AppError> {
    let row = service_rules::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        panel_id: Set(panel_id.to_string()),
        service_id: Set(service.id.clone()),
        name: Set(service.name.clone()),
        category: Set(service.category.clone().unwrap_or_default()),
        description: Set(String::new()),
        refill_override: Set(None),
        start_override_hours: Set(None),
        refill_on_partial: Set(None),
        cancel_allowed: Set(service.cancel.filter(|c| !c)),
        synced_at: Set(now()),
    };
    service_rules::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                service_rules::Column::TenantId,
                service_rules::Column::PanelId,
                service_rules::Column::ServiceId,
            ])
            .update_columns([
                service_rules::Column::Name,
                service_rules::Column::Category,
                service_rules::Column::SyncedAt,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn save_service_override(
    db: &impl ConnectionTrait,
    row: service_rules::Model,
) -> Result<service_rules::Model, AppError> {
    let mut active: service_rules::ActiveModel = row.clone().into();
    active.refill_override = Set(row.refill_override);
    active.start_override_hours = Set(row.start_override_hours);
    active.refill_on_partial = Set(row.refill_on_partial);
    active.cancel_allowed = Set(row.cancel_allowed);
    Ok(active.reset_all().update(db).await?)
}

pub async fn all_service_rules(
    db: &impl ConnectionTrait,
    tenant_id: &str,
) -> Result<Vec<service_rules::Model>, AppError> {
    Ok(service_rules::Entity::find().filter(service_rules::Column::TenantId.eq(tenant_id)).all(db).await?)
}

/// The strict insert of a delivery key, written in the same transaction as the command it
/// became: a second copy of the message breaks the unique key and undoes its command.
pub fn record_delivery(
    backend: sea_orm::DbBackend,
    tenant_id: &str,
    key: &super::pipeline::DeliveryKey,
) -> sea_orm::Statement {
    let row = inbound_keys::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        channel: Set(key.channel.clone()),
        source: Set(key.source.clone()),
        message_key: Set(key.message_key.clone()),
        received_at: Set(now()),
    };
    inbound_keys::Entity::insert(row).build(backend)
}
