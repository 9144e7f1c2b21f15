//! Channels (a tenant's Telegram bots and Green API WhatsApp instances, each bound to one panel)
//! and the durable inbox every received update lands in before it is processed. Also marks the
//! sandbox workspace, so it never mixes with real tenants.
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
    Sandbox,
}

#[derive(DeriveIden, Clone, Copy)]
enum Panels {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Channels {
    Table,
    Id,
    TenantId,
    PanelId,
    Kind,
    Name,
    Mode,
    Enabled,
    ApiUrl,
    MediaUrl,
    AccountId,
    AccountName,
    TokenSealed,
    HookSecretSealed,
    PollOffset,
    PrivacyOn,
    Status,
    StatusReason,
    LastUpdateAt,
    LastSendAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ChannelInbox {
    Table,
    Id,
    TenantId,
    ChannelId,
    MessageKey,
    Body,
    Status,
    Attempts,
    Error,
    ReceivedAt,
    ProcessedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Tenants::Table).add_column(boolean(Tenants::Sandbox).default(false)).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Channels::Table)
                .if_not_exists()
                .col(string_len(Channels::Id, 36).primary_key())
                .col(string_len(Channels::TenantId, 36))
                .col(string_len(Channels::PanelId, 36))
                .col(string_len(Channels::Kind, 16))
                .col(string(Channels::Name))
                .col(string_len(Channels::Mode, 16))
                .col(boolean(Channels::Enabled))
                .col(string(Channels::ApiUrl))
                .col(string_null(Channels::MediaUrl))
                .col(string_len(Channels::AccountId, 64))
                .col(string_null(Channels::AccountName))
                .col(text(Channels::TokenSealed))
                .col(text_null(Channels::HookSecretSealed))
                .col(big_integer(Channels::PollOffset).default(0))
                .col(boolean_null(Channels::PrivacyOn))
                .col(string_len(Channels::Status, 16))
                .col(text_null(Channels::StatusReason))
                .col(timestamp_with_time_zone_null(Channels::LastUpdateAt))
                .col(timestamp_with_time_zone_null(Channels::LastSendAt))
                .col(timestamp_with_time_zone(Channels::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Channels::Table, Channels::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Channels::Table, Channels::PanelId)
                        .to(Panels::Table, Panels::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ChannelInbox::Table)
                .if_not_exists()
                .col(string_len(ChannelInbox::Id, 36).primary_key())
                .col(string_len(ChannelInbox::TenantId, 36))
                .col(string_len(ChannelInbox::ChannelId, 36))
                .col(string_len(ChannelInbox::MessageKey, 160))
                .col(text(ChannelInbox::Body))
                .col(string_len(ChannelInbox::Status, 16))
                .col(integer(ChannelInbox::Attempts).default(0))
                .col(text_null(ChannelInbox::Error))
                .col(timestamp_with_time_zone(ChannelInbox::ReceivedAt))
                .col(timestamp_with_time_zone_null(ChannelInbox::ProcessedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ChannelInbox::Table, ChannelInbox::ChannelId)
                        .to(Channels::Table, Channels::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_channels_account",
            Channels::Table.into_iden(),
            vec![Channels::Kind.into_iden(), Channels::AccountId.into_iden()],
            true,
        )
        .await?;
        index(m, "idx_channels_tenant", Channels::Table.into_iden(), vec![Channels::TenantId.into_iden()], false)
            .await?;
        index(
            m,
            "idx_channel_inbox_key",
            ChannelInbox::Table.into_iden(),
            vec![ChannelInbox::ChannelId.into_iden(), ChannelInbox::MessageKey.into_iden()],
            true,
        )
        .await?;
        index(
            m,
            "idx_channel_inbox_status",
            ChannelInbox::Table.into_iden(),
            vec![ChannelInbox::Status.into_iden(), ChannelInbox::ReceivedAt.into_iden()],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(m, vec![ChannelInbox::Table.into_iden(), Channels::Table.into_iden()]).await?;
        m.alter_table(Table::alter().table(Tenants::Table).drop_column(Tenants::Sandbox).to_owned()).await
    }
}
