//! The dashboard's reads: counts only (grouped in the database), every one scoped by tenant.
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use shared::dashboard::{DayFigures, Figures, OutcomeCount, ProviderCount, SetupStep};

use crate::db::entities::chat_links::LinkStatus;
use crate::db::entities::{
    channel_inbox, channels, chat_links, command_log, destinations, dispatches, panels, provider_routes,
};
use crate::dispatch::DispatchStatus;
use crate::error::AppError;

/// The setup steps, each ticked from what the workspace holds.
pub async fn checklist(db: &impl ConnectionTrait, tenant: &str) -> Result<Vec<SetupStep>, AppError> {
    let panel = panels::Entity::find()
        .filter(panels::Column::TenantId.eq(tenant))
        .filter(panels::Column::LastTestOutcome.eq("connected"))
        .count(db)
        .await?
        > 0;
    let channel = channels::Entity::find()
        .filter(channels::Column::TenantId.eq(tenant))
        .filter(channels::Column::Enabled.eq(true))
        .count(db)
        .await?
        > 0;
    let destination =
        destinations::Entity::find().filter(destinations::Column::TenantId.eq(tenant)).count(db).await? > 0;
    let route =
        provider_routes::Entity::find().filter(provider_routes::Column::TenantId.eq(tenant)).count(db).await? > 0;
    let customer = chat_links::Entity::find()
        .filter(chat_links::Column::TenantId.eq(tenant))
        .filter(chat_links::Column::Status.eq(LinkStatus::Approved))
        .count(db)
        .await?
        > 0;
    let tested = command_log::Entity::find().filter(command_log::Column::TenantId.eq(tenant)).count(db).await? > 0;
    let step = |key: &str, title: &str, done: bool, page: &str, action: &str| SetupStep {
        key: key.into(),
        title: title.into(),
        done,
        page: page.into(),
        action: action.into(),
    };
    Ok(vec![
        step("panel", "Connect your panel and test it", panel, "/panels", "Open Panels"),
        step("channel", "Connect a Telegram bot or a WhatsApp number", channel, "/channels", "Open Channels"),
        step(
            "routes",
            "Add provider groups and route each provider to one",
            destination && route,
            "/routing",
            "Open Routing",
        ),
        step("customer", "Link your first customer's chat", customer, "/customers", "Open Customers"),
        step("test", "Try a command (a dry run is enough)", tested, "/test-command", "Test a command"),
    ])
}

/// Requests and provider messages since `from`.
pub async fn figures(db: &impl ConnectionTrait, tenant: &str, from: DateTime<Utc>) -> Result<Figures, AppError> {
    let rows: Vec<(String, i64)> = command_log::Entity::find()
        .select_only()
        .column(command_log::Column::Outcome)
        .column_as(Expr::from(Func::count(Expr::col(command_log::Column::Id))), "n")
        .filter(command_log::Column::TenantId.eq(tenant))
        .filter(command_log::Column::DryRun.eq(false))
        .filter(command_log::Column::CreatedAt.gte(from))
        .group_by(command_log::Column::Outcome)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_outcome: Vec<OutcomeCount> =
        rows.into_iter().map(|(outcome, n)| OutcomeCount { outcome, count: u64::try_from(n).unwrap_or(0) }).collect();
    by_outcome.sort_by(|a, b| b.count.cmp(&a.count).then(a.outcome.cmp(&b.outcome)));
    let dispatched = |status: DispatchStatus| {
        dispatches::Entity::find()
            .filter(dispatches::Column::TenantId.eq(tenant))
            .filter(dispatches::Column::CreatedAt.gte(from))
            .filter(dispatches::Column::Status.eq(status))
            .count(db)
    };
    Ok(Figures {
        commands: by_outcome.iter().map(|o| o.count).sum(),
        by_outcome,
        dispatches_sent: dispatched(DispatchStatus::Sent).await?,
        dispatches_failed: dispatched(DispatchStatus::Dead).await?,
        dispatches_waiting: dispatched(DispatchStatus::Pending).await? + dispatched(DispatchStatus::Sending).await?,
    })
}

/// The last seven UTC days, oldest first: requests sent on (wholly or partly) and the rest.
pub async fn days(db: &impl ConnectionTrait, tenant: &str, now: DateTime<Utc>) -> Result<Vec<DayFigures>, AppError> {
    let today = now.date_naive();
    let mut out = Vec::with_capacity(7);
    for back in (0..7).rev() {
        let day = today - Duration::days(back);
        let start = day.and_hms_opt(0, 0, 0).map(|t| t.and_utc()).unwrap_or(now);
        let in_day = || {
            command_log::Entity::find()
                .filter(command_log::Column::TenantId.eq(tenant))
                .filter(command_log::Column::DryRun.eq(false))
                .filter(command_log::Column::CreatedAt.gte(start))
                .filter(command_log::Column::CreatedAt.lt(start + Duration::days(1)))
        };
        let all = in_day().count(db).await?;
        let sent =
            in_day().filter(command_log::Column::Outcome.is_in(["accepted", "partly_accepted"])).count(db).await?;
        out.push(DayFigures { day: day.format("%Y-%m-%d").to_string(), sent, other: all - sent });
    }
    Ok(out)
}

/// Providers by alias with the most provider messages since `from` (at most five).
pub async fn busiest(
    db: &impl ConnectionTrait,
    tenant: &str,
    from: DateTime<Utc>,
) -> Result<Vec<ProviderCount>, AppError> {
    let rows: Vec<(Option<String>, i64)> = dispatches::Entity::find()
        .select_only()
        .column(dispatches::Column::ProviderAlias)
        .column_as(Expr::from(Func::count(Expr::col(dispatches::Column::Id))), "n")
        .filter(dispatches::Column::TenantId.eq(tenant))
        .filter(dispatches::Column::CreatedAt.gte(from))
        .group_by(dispatches::Column::ProviderAlias)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: Vec<ProviderCount> = rows
        .into_iter()
        .map(|(alias, n)| ProviderCount {
            alias: alias.unwrap_or_else(|| "Manual services".into()),
            dispatches: u64::try_from(n).unwrap_or(0),
        })
        .collect();
    out.sort_by(|a, b| b.dispatches.cmp(&a.dispatches).then(a.alias.cmp(&b.alias)));
    out.truncate(5);
    Ok(out)
}

/// Waiting work of the whole workspace: received updates not handled yet and provider messages
/// not sent yet.
pub async fn queue_length(db: &impl ConnectionTrait, tenant: &str) -> Result<u64, AppError> {
    use crate::db::entities::channel_inbox::InboxStatus;
    let inbox = channel_inbox::Entity::find()
        .filter(channel_inbox::Column::TenantId.eq(tenant))
        .filter(channel_inbox::Column::Status.is_in([InboxStatus::New, InboxStatus::Working]))
        .count(db)
        .await?;
    let outbox = dispatches::Entity::find()
        .filter(dispatches::Column::TenantId.eq(tenant))
        .filter(dispatches::Column::Status.is_in([DispatchStatus::Pending, DispatchStatus::Sending]))
        .count(db)
        .await?;
    Ok(inbox + outbox)
}
