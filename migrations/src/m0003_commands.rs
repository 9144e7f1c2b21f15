//! The command engine: tenant settings, destinations and routes, cached service rules, order
//! facts, cooldowns, the command log and the dispatch outbox.
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum TenantSettings {
    Table,
    TenantId,
    Settings,
    Templates,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Destinations {
    Table,
    Id,
    TenantId,
    Name,
    Kind,
    Address,
    Enabled,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProviderRoutes {
    Table,
    Id,
    TenantId,
    ProviderId,
    DestinationId,
    Enabled,
    Templates,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceRoutes {
    Table,
    Id,
    TenantId,
    ServiceId,
    DestinationId,
    Enabled,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ServiceRules {
    Table,
    Id,
    TenantId,
    PanelId,
    ServiceId,
    Name,
    Category,
    Description,
    RefillOverride,
    StartOverrideHours,
    RefillOnPartial,
    CancelAllowed,
    SyncedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum OrderFacts {
    Table,
    Id,
    TenantId,
    PanelId,
    OrderId,
    FirstCompletedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Cooldowns {
    Table,
    Id,
    TenantId,
    PanelId,
    OrderId,
    Action,
    Until,
    CommandId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CommandLog {
    Table,
    Id,
    TenantId,
    PanelId,
    Channel,
    Chat,
    Text,
    Command,
    OrderIds,
    Outcome,
    Verdicts,
    Reply,
    DryRun,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Dispatches {
    Table,
    Id,
    TenantId,
    CommandId,
    DestinationId,
    DestinationName,
    ProviderAlias,
    Action,
    Part,
    Message,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    CreatedAt,
    SentAt,
}

fn tenant_fk<T: IntoIden + Copy>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Tenants::Table, Tenants::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(TenantSettings::Table)
                .if_not_exists()
                .col(string_len(TenantSettings::TenantId, 36).primary_key())
                .col(text(TenantSettings::Settings))
                .col(text(TenantSettings::Templates))
                .col(timestamp_with_time_zone(TenantSettings::UpdatedAt))
                .foreign_key(&mut tenant_fk(TenantSettings::Table, TenantSettings::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Destinations::Table)
                .if_not_exists()
                .col(string_len(Destinations::Id, 36).primary_key())
                .col(string_len(Destinations::TenantId, 36))
                .col(string(Destinations::Name))
                .col(string_len(Destinations::Kind, 32))
                .col(string(Destinations::Address))
                .col(boolean(Destinations::Enabled))
                .col(timestamp_with_time_zone(Destinations::CreatedAt))
                .foreign_key(&mut tenant_fk(Destinations::Table, Destinations::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ProviderRoutes::Table)
                .if_not_exists()
                .col(string_len(ProviderRoutes::Id, 36).primary_key())
                .col(string_len(ProviderRoutes::TenantId, 36))
                .col(string_len(ProviderRoutes::ProviderId, 36))
                .col(string_len(ProviderRoutes::DestinationId, 36))
                .col(boolean(ProviderRoutes::Enabled))
                .col(text(ProviderRoutes::Templates))
                .col(timestamp_with_time_zone(ProviderRoutes::CreatedAt))
                .foreign_key(&mut tenant_fk(ProviderRoutes::Table, ProviderRoutes::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ServiceRoutes::Table)
                .if_not_exists()
                .col(string_len(ServiceRoutes::Id, 36).primary_key())
                .col(string_len(ServiceRoutes::TenantId, 36))
                .col(string_len(ServiceRoutes::ServiceId, 32))
                .col(string_len(ServiceRoutes::DestinationId, 36))
                .col(boolean(ServiceRoutes::Enabled))
                .col(timestamp_with_time_zone(ServiceRoutes::CreatedAt))
                .foreign_key(&mut tenant_fk(ServiceRoutes::Table, ServiceRoutes::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ServiceRules::Table)
                .if_not_exists()
                .col(string_len(ServiceRules::Id, 36).primary_key())
                .col(string_len(ServiceRules::TenantId, 36))
                .col(string_len(ServiceRules::PanelId, 36))
                .col(string_len(ServiceRules::ServiceId, 32))
                .col(text(ServiceRules::Name))
                .col(text(ServiceRules::Category))
                .col(text(ServiceRules::Description))
                .col(string_len_null(ServiceRules::RefillOverride, 16))
                .col(double_null(ServiceRules::StartOverrideHours))
                .col(boolean_null(ServiceRules::RefillOnPartial))
                .col(boolean_null(ServiceRules::CancelAllowed))
                .col(timestamp_with_time_zone(ServiceRules::SyncedAt))
                .foreign_key(&mut tenant_fk(ServiceRules::Table, ServiceRules::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(OrderFacts::Table)
                .if_not_exists()
                .col(string_len(OrderFacts::Id, 36).primary_key())
                .col(string_len(OrderFacts::TenantId, 36))
                .col(string_len(OrderFacts::PanelId, 36))
                .col(string_len(OrderFacts::OrderId, 24))
                .col(timestamp_with_time_zone(OrderFacts::FirstCompletedAt))
                .foreign_key(&mut tenant_fk(OrderFacts::Table, OrderFacts::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Cooldowns::Table)
                .if_not_exists()
                .col(string_len(Cooldowns::Id, 36).primary_key())
                .col(string_len(Cooldowns::TenantId, 36))
                .col(string_len(Cooldowns::PanelId, 36))
                .col(string_len(Cooldowns::OrderId, 24))
                .col(string_len(Cooldowns::Action, 16))
                .col(timestamp_with_time_zone(Cooldowns::Until))
                .col(string_len(Cooldowns::CommandId, 36))
                .col(timestamp_with_time_zone(Cooldowns::CreatedAt))
                .foreign_key(&mut tenant_fk(Cooldowns::Table, Cooldowns::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(CommandLog::Table)
                .if_not_exists()
                .col(string_len(CommandLog::Id, 36).primary_key())
                .col(string_len(CommandLog::TenantId, 36))
                .col(string_len_null(CommandLog::PanelId, 36))
                .col(string_len(CommandLog::Channel, 16))
                .col(string(CommandLog::Chat))
                .col(text(CommandLog::Text))
                .col(string_len(CommandLog::Command, 16))
                .col(text(CommandLog::OrderIds))
                .col(string_len(CommandLog::Outcome, 24))
                .col(text(CommandLog::Verdicts))
                .col(text(CommandLog::Reply))
                .col(boolean(CommandLog::DryRun))
                .col(timestamp_with_time_zone(CommandLog::CreatedAt))
                .foreign_key(&mut tenant_fk(CommandLog::Table, CommandLog::TenantId))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Dispatches::Table)
                .if_not_exists()
                .col(string_len(Dispatches::Id, 36).primary_key())
                .col(string_len(Dispatches::TenantId, 36))
                .col(string_len(Dispatches::CommandId, 36))
                .col(string_len(Dispatches::DestinationId, 36))
                .col(string(Dispatches::DestinationName))
                .col(string_null(Dispatches::ProviderAlias))
                .col(string_len(Dispatches::Action, 16))
                .col(integer(Dispatches::Part))
                .col(text(Dispatches::Message))
                .col(string_len(Dispatches::Status, 16))
                .col(integer(Dispatches::Attempts))
                .col(timestamp_with_time_zone(Dispatches::NextAttemptAt))
                .col(text_null(Dispatches::LastError))
                .col(timestamp_with_time_zone(Dispatches::CreatedAt))
                .col(timestamp_with_time_zone_null(Dispatches::SentAt))
                .foreign_key(&mut tenant_fk(Dispatches::Table, Dispatches::TenantId))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_destinations_tenant",
            Destinations::Table.into_iden(),
            vec![Destinations::TenantId.into_iden()],
            false,
        )
        .await?;
        index(
            m,
            "idx_provider_routes_provider",
            ProviderRoutes::Table,
            vec![ProviderRoutes::TenantId.into_iden(), ProviderRoutes::ProviderId.into_iden()],
            true,
        )
        .await?;
        index(
            m,
            "idx_service_routes_service",
            ServiceRoutes::Table,
            vec![ServiceRoutes::TenantId.into_iden(), ServiceRoutes::ServiceId.into_iden()],
            true,
        )
        .await?;
        index(
            m,
            "idx_service_rules_service",
            ServiceRules::Table,
            vec![
                ServiceRules::TenantId.into_iden(),
                ServiceRules::PanelId.into_iden(),
                ServiceRules::ServiceId.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            m,
            "idx_order_facts_order",
            OrderFacts::Table,
            vec![OrderFacts::TenantId.into_iden(), OrderFacts::PanelId.into_iden(), OrderFacts::OrderId.into_iden()],
            true,
        )
        .await?;
        index(
            m,
            "idx_cooldowns_key",
            Cooldowns::Table,
            vec![
                Cooldowns::TenantId.into_iden(),
                Cooldowns::PanelId.into_iden(),
                Cooldowns::OrderId.into_iden(),
                Cooldowns::Action.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            m,
            "idx_command_log_tenant_time",
            CommandLog::Table,
            vec![CommandLog::TenantId.into_iden(), CommandLog::CreatedAt.into_iden()],
            false,
        )
        .await?;
        index(
            m,
            "idx_dispatches_due",
            Dispatches::Table,
            vec![Dispatches::Status.into_iden(), Dispatches::NextAttemptAt.into_iden()],
            false,
        )
        .await?;
        index(
            m,
            "idx_dispatches_part",
            Dispatches::Table,
            vec![
                Dispatches::CommandId.into_iden(),
                Dispatches::DestinationId.into_iden(),
                Dispatches::Action.into_iden(),
                Dispatches::Part.into_iden(),
            ],
            true,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            vec![
                Dispatches::Table.into_iden(),
                CommandLog::Table.into_iden(),
                Cooldowns::Table.into_iden(),
                OrderFacts::Table.into_iden(),
                ServiceRules::Table.into_iden(),
                ServiceRoutes::Table.into_iden(),
                ProviderRoutes::Table.into_iden(),
                Destinations::Table.into_iden(),
                TenantSettings::Table.into_iden(),
            ],
        )
        .await
    }
}
