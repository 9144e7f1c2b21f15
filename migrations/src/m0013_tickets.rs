//! The ticket medium and the message log: per panel, whether its tickets are read (and the
//! runner's lease and health); the owner's subject rules; each ticket's last seen fingerprint;
//! what became of every customer message on a ticket; and every chat message in and out.
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum TicketIntake {
    Table,
    PanelId,
    TenantId,
    Enabled,
    IntervalSecs,
    Since,
    ReplyEnabled,
    GetPath,
    ReplyPath,
    ReplyField,
    /// Detail reads answered 404 HTML: the panel has no detail path (contract §2.4).
    DetailMissing,
    /// The instance running the panel's tickets now, and until when (a lease, renewed per run).
    LeaseHolder,
    LeaseUntil,
    NextRunAt,
    LastRunAt,
    LastOkAt,
    LastError,
    Failures,
    TicketsSeen,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TicketRules {
    Table,
    TenantId,
    Rules,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TicketSeen {
    Table,
    Id,
    TenantId,
    PanelId,
    TicketId,
    Fingerprint,
    SeenAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TicketActivity {
    Table,
    Id,
    TenantId,
    PanelId,
    TicketId,
    MessageKey,
    At,
    Subject,
    Username,
    Outcome,
    Rule,
    Command,
    OrderIds,
    Detail,
    CommandId,
    Reply,
    ReplyState,
}

#[derive(DeriveIden, Clone, Copy)]
enum MessageLog {
    Table,
    Id,
    TenantId,
    At,
    Channel,
    Direction,
    Chat,
    Sender,
    Body,
    Outcome,
    Reason,
    CommandId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Panels {
    Table,
    Id,
}

fn tenant_fk<T: IntoIden + Copy>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Tenants::Table, Tenants::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn panel_fk<T: IntoIden + Copy>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(Panels::Table, Panels::Id).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use TicketIntake as I;
        m.create_table(
            Table::create()
                .table(I::Table)
                .if_not_exists()
                .col(string_len(I::PanelId, 36).primary_key())
                .col(string_len(I::TenantId, 36))
                .col(boolean(I::Enabled))
                .col(integer(I::IntervalSecs))
                .col(timestamp_with_time_zone_null(I::Since))
                .col(boolean(I::ReplyEnabled))
                .col(string_len(I::GetPath, 200))
                .col(string_len(I::ReplyPath, 200))
                .col(string_len(I::ReplyField, 40))
                .col(boolean(I::DetailMissing))
                .col(string_len_null(I::LeaseHolder, 64))
                .col(timestamp_with_time_zone_null(I::LeaseUntil))
                .col(timestamp_with_time_zone_null(I::NextRunAt))
                .col(timestamp_with_time_zone_null(I::LastRunAt))
                .col(timestamp_with_time_zone_null(I::LastOkAt))
                .col(text_null(I::LastError))
                .col(integer(I::Failures))
                .col(big_integer(I::TicketsSeen))
                .col(timestamp_with_time_zone(I::UpdatedAt))
                .foreign_key(&mut tenant_fk(I::Table, I::TenantId))
                .foreign_key(&mut panel_fk(I::Table, I::PanelId))
                .to_owned(),
        )
        .await?;
        index(m, "idx_ticket_intake_tenant", I::Table, vec![I::TenantId.into_iden()], false).await?;
        m.create_table(
            Table::create()
                .table(TicketRules::Table)
                .if_not_exists()
                .col(string_len(TicketRules::TenantId, 36).primary_key())
                .col(text(TicketRules::Rules))
                .col(timestamp_with_time_zone(TicketRules::UpdatedAt))
                .foreign_key(&mut tenant_fk(TicketRules::Table, TicketRules::TenantId))
                .to_owned(),
        )
        .await?;
        use TicketSeen as S;
        m.create_table(
            Table::create()
                .table(S::Table)
                .if_not_exists()
                .col(string_len(S::Id, 200).primary_key())
                .col(string_len(S::TenantId, 36))
                .col(string_len(S::PanelId, 36))
                .col(string_len(S::TicketId, 120))
                .col(string_len(S::Fingerprint, 64))
                .col(timestamp_with_time_zone(S::SeenAt))
                .foreign_key(&mut panel_fk(S::Table, S::PanelId))
                .to_owned(),
        )
        .await?;
        use TicketActivity as A;
        m.create_table(
            Table::create()
                .table(A::Table)
                .if_not_exists()
                .col(string_len(A::Id, 36).primary_key())
                .col(string_len(A::TenantId, 36))
                .col(string_len(A::PanelId, 36))
                .col(string_len(A::TicketId, 120))
                .col(string_len(A::MessageKey, 120))
                .col(timestamp_with_time_zone(A::At))
                .col(string_len(A::Subject, 200))
                .col(string_len_null(A::Username, 200))
                .col(string_len(A::Outcome, 16))
                .col(integer_null(A::Rule))
                .col(string_len(A::Command, 16))
                .col(text(A::OrderIds))
                .col(text(A::Detail))
                .col(string_len_null(A::CommandId, 36))
                .col(text(A::Reply))
                .col(string_len(A::ReplyState, 16))
                .foreign_key(&mut tenant_fk(A::Table, A::TenantId))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_ticket_activity_once",
            A::Table,
            vec![A::PanelId.into_iden(), A::TicketId.into_iden(), A::MessageKey.into_iden()],
            true,
        )
        .await?;
        index(m, "idx_ticket_activity_tenant_at", A::Table, vec![A::TenantId.into_iden(), A::At.into_iden()], false)
            .await?;
        use MessageLog as L;
        m.create_table(
            Table::create()
                .table(L::Table)
                .if_not_exists()
                .col(string_len(L::Id, 36).primary_key())
                .col(string_len(L::TenantId, 36))
                .col(timestamp_with_time_zone(L::At))
                .col(string_len(L::Channel, 16))
                .col(string_len(L::Direction, 4))
                .col(string_len(L::Chat, 160))
                .col(string_len(L::Sender, 160))
                .col(text(L::Body))
                .col(string_len(L::Outcome, 16))
                .col(string_len(L::Reason, 200))
                .col(string_len_null(L::CommandId, 36))
                .foreign_key(&mut tenant_fk(L::Table, L::TenantId))
                .to_owned(),
        )
        .await?;
        index(m, "idx_message_log_tenant_at", L::Table, vec![L::TenantId.into_iden(), L::At.into_iden()], false).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            m,
            vec![
                MessageLog::Table.into_iden(),
                TicketActivity::Table.into_iden(),
                TicketSeen::Table.into_iden(),
                TicketRules::Table.into_iden(),
                TicketIntake::Table.into_iden(),
            ],
        )
        .await
    }
}
