//! Customer chats linked to panel usernames, privileged admin chats, and the inbound dedupe keys
//! that make a redelivered message count once.
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
enum ChatLinks {
    Table,
    Id,
    TenantId,
    PanelId,
    Channel,
    SenderId,
    Username,
    Status,
    CreatedAt,
    DecidedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum AdminChats {
    Table,
    Id,
    TenantId,
    Channel,
    ChatId,
    Label,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum InboundKeys {
    Table,
    Id,
    TenantId,
    Channel,
    Source,
    MessageKey,
    ReceivedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let fk = |table: DynIden, col: DynIden| {
            ForeignKey::create()
                .from(table, col)
                .to(Tenants::Table, Tenants::Id)
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned()
        };
        m.create_table(
            Table::create()
                .table(ChatLinks::Table)
                .if_not_exists()
                .col(string_len(ChatLinks::Id, 36).primary_key())
                .col(string_len(ChatLinks::TenantId, 36))
                .col(string_len(ChatLinks::PanelId, 36))
                .col(string_len(ChatLinks::Channel, 16))
                .col(string_len(ChatLinks::SenderId, 64))
                .col(string(ChatLinks::Username))
                .col(string_len(ChatLinks::Status, 16))
                .col(timestamp_with_time_zone(ChatLinks::CreatedAt))
                .col(timestamp_with_time_zone_null(ChatLinks::DecidedAt))
                .foreign_key(&mut fk(ChatLinks::Table.into_iden(), ChatLinks::TenantId.into_iden()))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AdminChats::Table)
                .if_not_exists()
                .col(string_len(AdminChats::Id, 36).primary_key())
                .col(string_len(AdminChats::TenantId, 36))
                .col(string_len(AdminChats::Channel, 16))
                .col(string_len(AdminChats::ChatId, 64))
                .col(string(AdminChats::Label))
                .col(timestamp_with_time_zone(AdminChats::CreatedAt))
                .foreign_key(&mut fk(AdminChats::Table.into_iden(), AdminChats::TenantId.into_iden()))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(InboundKeys::Table)
                .if_not_exists()
                .col(string_len(InboundKeys::Id, 36).primary_key())
                .col(string_len(InboundKeys::TenantId, 36))
                .col(string_len(InboundKeys::Channel, 16))
                .col(string_len(InboundKeys::Source, 64))
                .col(string_len(InboundKeys::MessageKey, 128))
                .col(timestamp_with_time_zone(InboundKeys::ReceivedAt))
                .foreign_key(&mut fk(InboundKeys::Table.into_iden(), InboundKeys::TenantId.into_iden()))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_chat_links_sender",
            ChatLinks::Table.into_iden(),
            vec![
                ChatLinks::TenantId.into_iden(),
                ChatLinks::PanelId.into_iden(),
                ChatLinks::Channel.into_iden(),
                ChatLinks::SenderId.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            m,
            "idx_admin_chats_chat",
            AdminChats::Table.into_iden(),
            vec![AdminChats::TenantId.into_iden(), AdminChats::Channel.into_iden(), AdminChats::ChatId.into_iden()],
            true,
        )
        .await?;
        index(
            m,
            "idx_inbound_keys_key",
            InboundKeys::Table.into_iden(),
            vec![
                InboundKeys::Channel.into_iden(),
                InboundKeys::Source.into_iden(),
                InboundKeys::MessageKey.into_iden(),
            ],
            true,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            vec![InboundKeys::Table.into_iden(), AdminChats::Table.into_iden(), ChatLinks::Table.into_iden()],
        )
        .await
    }
}
