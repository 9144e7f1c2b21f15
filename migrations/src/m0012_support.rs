//! SaaS support: tickets between a workspace owner and the platform (not the panel's tickets),
//! each a thread of messages, with what each side has not read yet.
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum SupportTickets {
    Table,
    Id,
    TenantId,
    Subject,
    Status,
    OpenedBy,
    /// Messages from the platform the workspace has not opened yet.
    UnreadOwner,
    /// Messages from the workspace the platform has not opened yet.
    UnreadAdmin,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum SupportMessages {
    Table,
    Id,
    TicketId,
    FromPlatform,
    AuthorEmail,
    Body,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SupportTickets::Table)
                .if_not_exists()
                .col(string_len(SupportTickets::Id, 36).primary_key())
                .col(string_len(SupportTickets::TenantId, 36))
                .col(string_len(SupportTickets::Subject, 200))
                .col(string_len(SupportTickets::Status, 16))
                .col(string_len(SupportTickets::OpenedBy, 320))
                .col(integer(SupportTickets::UnreadOwner))
                .col(integer(SupportTickets::UnreadAdmin))
                .col(timestamp_with_time_zone(SupportTickets::CreatedAt))
                .col(timestamp_with_time_zone(SupportTickets::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SupportTickets::Table, SupportTickets::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_support_tickets_tenant",
            SupportTickets::Table,
            vec![SupportTickets::TenantId.into_iden()],
            false,
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SupportMessages::Table)
                .if_not_exists()
                .col(string_len(SupportMessages::Id, 36).primary_key())
                .col(string_len(SupportMessages::TicketId, 36))
                .col(boolean(SupportMessages::FromPlatform))
                .col(string_len(SupportMessages::AuthorEmail, 320))
                .col(text(SupportMessages::Body))
                .col(timestamp_with_time_zone(SupportMessages::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SupportMessages::Table, SupportMessages::TicketId)
                        .to(SupportTickets::Table, SupportTickets::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_support_messages_ticket",
            SupportMessages::Table,
            vec![SupportMessages::TicketId.into_iden(), SupportMessages::CreatedAt.into_iden()],
            false,
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(m, vec![SupportMessages::Table.into_iden(), SupportTickets::Table.into_iden()]).await
    }
}
