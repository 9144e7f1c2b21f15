//! Command-engine data; every function takes the tenant id first.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryTrait, Set,
    Statement,
};

use crate::db::entities::{cooldowns, inbound_keys, order_facts};
use crate::db::txn::WriteTxn;
use crate::db::{new_id, now};
use crate::error::AppError;

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

/// The strict insert of a delivery key, written in the same transaction as the command it
/// became: a second copy of the message breaks the unique key and undoes its command.
pub fn record_delivery(
    backend: sea_orm::DbBackend,
    tenant_id: &str,
    key: &super::domain::DeliveryKey,
) -> sea_orm::Statement {
    let row = |message_key: &str| inbound_keys::ActiveModel {
        id: Set(new_id()),
        tenant_id: Set(tenant_id.to_string()),
        channel: Set(key.channel.clone()),
        source: Set(key.source.clone()),
        message_key: Set(message_key.to_string()),
        received_at: Set(now()),
    };
    // One statement: either key already taken undoes the whole command.
    let rows = std::iter::once(row(&key.message_key)).chain(key.request_key.as_deref().map(row));
    inbound_keys::Entity::insert_many(rows).build(backend)
}

/// Whether a paused workspace should tell this chat "temporarily unavailable" now: at most once a
/// day per chat (the first of two at once wins).
pub async fn take_paused_reply(
    db: &impl ConnectionTrait,
    tenant_id: &str,
    chat_key: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<bool, AppError> {
    use crate::db::entities::paused_replies;
    let updated = paused_replies::Entity::update_many()
        .col_expr(paused_replies::Column::SentAt, sea_orm::sea_query::Expr::value(now))
        .filter(paused_replies::Column::TenantId.eq(tenant_id))
        .filter(paused_replies::Column::ChatKey.eq(chat_key))
        .filter(paused_replies::Column::SentAt.lte(now - chrono::Duration::days(1)))
        .exec(db)
        .await?;
    if updated.rows_affected == 1 {
        return Ok(true);
    }
    let row = paused_replies::ActiveModel {
        tenant_id: sea_orm::Set(tenant_id.to_string()),
        chat_key: sea_orm::Set(chat_key.to_string()),
        sent_at: sea_orm::Set(now),
    };
    // Present already (told within the day): the insert fails and nothing is said.
    Ok(paused_replies::Entity::insert(row).exec(db).await.is_ok())
}
