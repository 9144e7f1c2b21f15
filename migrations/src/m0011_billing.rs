//! The SaaS layer: plans, one subscription per workspace, payment methods, invoices numbered
//! gap-free per year, the platform's billing settings, the master admin's audit log, channels
//! switched off by a plan (never deleted), and when a paused workspace last told a chat so.
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Plans {
    Table,
    Id,
    Name,
    Description,
    Currency,
    PriceMonth,
    Price3Months,
    Price12Months,
    Mediums,
    Modules,
    LimitPanels,
    LimitChannels,
    LimitLinkedChats,
    LimitCommands,
    TrialDays,
    Signup,
    Archived,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Subscriptions {
    Table,
    TenantId,
    PlanId,
    Trial,
    PeriodEnd,
    Suspended,
    SuspendedReason,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum PaymentMethods {
    Table,
    Id,
    Name,
    Instructions,
    Enabled,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Invoices {
    Table,
    Id,
    Number,
    Year,
    Seq,
    TenantId,
    TenantName,
    PlanId,
    PlanName,
    Months,
    Amount,
    Currency,
    MethodId,
    MethodName,
    Instructions,
    Status,
    Reference,
    Note,
    RejectReason,
    CreatedAt,
    DueAt,
    SubmittedAt,
    DecidedAt,
    DecidedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum InvoiceCounters {
    Table,
    Year,
    Last,
}

#[derive(DeriveIden, Clone, Copy)]
enum PlatformSettings {
    Table,
    Key,
    Value,
}

#[derive(DeriveIden, Clone, Copy)]
enum AdminAudit {
    Table,
    Id,
    At,
    AdminId,
    AdminEmail,
    Action,
    TenantId,
    TenantName,
    Subject,
    Reason,
}

#[derive(DeriveIden, Clone, Copy)]
enum PausedReplies {
    Table,
    TenantId,
    ChatKey,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Channels {
    Table,
    PlanBlocked,
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
                .table(Plans::Table)
                .if_not_exists()
                .col(string_len(Plans::Id, 36).primary_key())
                .col(string_len(Plans::Name, 80))
                .col(text(Plans::Description))
                .col(string_len(Plans::Currency, 3))
                .col(big_integer(Plans::PriceMonth))
                .col(big_integer_null(Plans::Price3Months))
                .col(big_integer_null(Plans::Price12Months))
                .col(string_len(Plans::Mediums, 100))
                .col(string_len(Plans::Modules, 200))
                .col(integer_null(Plans::LimitPanels))
                .col(integer_null(Plans::LimitChannels))
                .col(integer_null(Plans::LimitLinkedChats))
                .col(integer_null(Plans::LimitCommands))
                .col(integer(Plans::TrialDays))
                .col(boolean(Plans::Signup))
                .col(boolean(Plans::Archived))
                .col(timestamp_with_time_zone(Plans::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Subscriptions::Table)
                .if_not_exists()
                .col(string_len(Subscriptions::TenantId, 36).primary_key())
                .col(string_len(Subscriptions::PlanId, 36))
                .col(boolean(Subscriptions::Trial))
                .col(timestamp_with_time_zone(Subscriptions::PeriodEnd))
                .col(boolean(Subscriptions::Suspended))
                .col(text_null(Subscriptions::SuspendedReason))
                .col(timestamp_with_time_zone(Subscriptions::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Subscriptions::Table, Subscriptions::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                // A plan in use cannot be deleted.
                .foreign_key(
                    ForeignKey::create()
                        .from(Subscriptions::Table, Subscriptions::PlanId)
                        .to(Plans::Table, Plans::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        index(m, "idx_subscriptions_plan", Subscriptions::Table, vec![Subscriptions::PlanId.into_iden()], false)
            .await?;
        m.create_table(
            Table::create()
                .table(PaymentMethods::Table)
                .if_not_exists()
                .col(string_len(PaymentMethods::Id, 36).primary_key())
                .col(string_len(PaymentMethods::Name, 80))
                .col(text(PaymentMethods::Instructions))
                .col(boolean(PaymentMethods::Enabled))
                .col(timestamp_with_time_zone(PaymentMethods::CreatedAt))
                .to_owned(),
        )
        .await?;
        // Invoices are the platform's financial record: they outlive a deleted workspace (its
        // name is kept on the invoice).
        m.create_table(
            Table::create()
                .table(Invoices::Table)
                .if_not_exists()
                .col(string_len(Invoices::Id, 36).primary_key())
                .col(string_len(Invoices::Number, 20).unique_key())
                .col(integer(Invoices::Year))
                .col(integer(Invoices::Seq))
                .col(string_len_null(Invoices::TenantId, 36))
                .col(string_len(Invoices::TenantName, 120))
                .col(string_len(Invoices::PlanId, 36))
                .col(string_len(Invoices::PlanName, 80))
                .col(integer(Invoices::Months))
                .col(big_integer(Invoices::Amount))
                .col(string_len(Invoices::Currency, 3))
                .col(string_len(Invoices::MethodId, 36))
                .col(string_len(Invoices::MethodName, 80))
                .col(text(Invoices::Instructions))
                .col(string_len(Invoices::Status, 16))
                .col(string_len_null(Invoices::Reference, 200))
                .col(text_null(Invoices::Note))
                .col(text_null(Invoices::RejectReason))
                .col(timestamp_with_time_zone(Invoices::CreatedAt))
                .col(timestamp_with_time_zone(Invoices::DueAt))
                .col(timestamp_with_time_zone_null(Invoices::SubmittedAt))
                .col(timestamp_with_time_zone_null(Invoices::DecidedAt))
                .col(string_len_null(Invoices::DecidedBy, 36))
                .foreign_key(
                    ForeignKey::create()
                        .from(Invoices::Table, Invoices::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        index(
            m,
            "idx_invoices_year_seq",
            Invoices::Table,
            vec![Invoices::Year.into_iden(), Invoices::Seq.into_iden()],
            true,
        )
        .await?;
        index(m, "idx_invoices_tenant", Invoices::Table, vec![Invoices::TenantId.into_iden()], false).await?;
        index(m, "idx_invoices_status", Invoices::Table, vec![Invoices::Status.into_iden()], false).await?;
        m.create_table(
            Table::create()
                .table(InvoiceCounters::Table)
                .if_not_exists()
                .col(integer(InvoiceCounters::Year).primary_key())
                .col(integer(InvoiceCounters::Last))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(PlatformSettings::Table)
                .if_not_exists()
                .col(string_len(PlatformSettings::Key, 64).primary_key())
                .col(text(PlatformSettings::Value))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AdminAudit::Table)
                .if_not_exists()
                .col(string_len(AdminAudit::Id, 36).primary_key())
                .col(timestamp_with_time_zone(AdminAudit::At))
                .col(string_len(AdminAudit::AdminId, 36))
                .col(string_len(AdminAudit::AdminEmail, 254))
                .col(string_len(AdminAudit::Action, 40))
                .col(string_len_null(AdminAudit::TenantId, 36))
                .col(string_len_null(AdminAudit::TenantName, 120))
                .col(text(AdminAudit::Subject))
                .col(text_null(AdminAudit::Reason))
                .to_owned(),
        )
        .await?;
        index(m, "idx_admin_audit_at", AdminAudit::Table, vec![AdminAudit::At.into_iden()], false).await?;
        m.create_table(
            Table::create()
                .table(PausedReplies::Table)
                .if_not_exists()
                .col(string_len(PausedReplies::TenantId, 36))
                .col(string_len(PausedReplies::ChatKey, 160))
                .col(timestamp_with_time_zone(PausedReplies::SentAt))
                .primary_key(Index::create().col(PausedReplies::TenantId).col(PausedReplies::ChatKey))
                .foreign_key(
                    ForeignKey::create()
                        .from(PausedReplies::Table, PausedReplies::TenantId)
                        .to(Tenants::Table, Tenants::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Channels::Table).add_column(boolean(Channels::PlanBlocked).default(false)).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Channels::Table).drop_column(Channels::PlanBlocked).to_owned()).await?;
        drop_tables(
            m,
            vec![
                PausedReplies::Table.into_iden(),
                AdminAudit::Table.into_iden(),
                PlatformSettings::Table.into_iden(),
                InvoiceCounters::Table.into_iden(),
                Invoices::Table.into_iden(),
                PaymentMethods::Table.into_iden(),
                Subscriptions::Table.into_iden(),
                Plans::Table.into_iden(),
            ],
        )
        .await
    }
}
