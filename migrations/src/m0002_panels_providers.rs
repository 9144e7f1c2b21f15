//! Panel connections, providers (sealed domains with a keyed lookup hash, aliases) and the
//! master admin's append-only backups with their reveal audit.
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
enum Panels {
    Table,
    Id,
    TenantId,
    Name,
    Kind,
    AdminBaseUrl,
    AdminKeySealed,
    UserApiUrl,
    UserApiKeySealed,
    Rps,
    TimeoutSecs,
    OrdersUserParam,
    V2BulkIds,
    LastTestOutcome,
    LastTestedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Providers {
    Table,
    Id,
    TenantId,
    DomainSealed,
    DomainHash,
    Alias,
    Enabled,
    OrdersSeen,
    LastSeenAt,
    Source,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Backups {
    Table,
    Id,
    TenantId,
    TenantName,
    Kind,
    PanelName,
    Alias,
    Sealed,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum BackupReveals {
    Table,
    Id,
    BackupId,
    AdminUserId,
    AdminEmail,
    RevealedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tenant_fk = |from: Panels| {
            ForeignKey::create()
                .from(Panels::Table, from)
                .to(Tenants::Table, Tenants::Id)
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Panels::Table)
                    .if_not_exists()
                    .col(string_len(Panels::Id, 36).primary_key())
                    .col(string_len(Panels::TenantId, 36))
                    .col(string(Panels::Name))
                    .col(string_len(Panels::Kind, 32))
                    .col(string(Panels::AdminBaseUrl))
                    .col(text(Panels::AdminKeySealed))
                    .col(string_null(Panels::UserApiUrl))
                    .col(text_null(Panels::UserApiKeySealed))
                    .col(integer(Panels::Rps))
                    .col(integer(Panels::TimeoutSecs))
                    .col(string_len(Panels::OrdersUserParam, 16))
                    .col(boolean(Panels::V2BulkIds))
                    .col(string_len_null(Panels::LastTestOutcome, 32))
                    .col(timestamp_with_time_zone_null(Panels::LastTestedAt))
                    .col(timestamp_with_time_zone(Panels::CreatedAt))
                    .foreign_key(&mut tenant_fk(Panels::TenantId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Providers::Table)
                    .if_not_exists()
                    .col(string_len(Providers::Id, 36).primary_key())
                    .col(string_len(Providers::TenantId, 36))
                    .col(text(Providers::DomainSealed))
                    .col(string_len(Providers::DomainHash, 64))
                    .col(string(Providers::Alias))
                    .col(boolean(Providers::Enabled))
                    .col(big_integer(Providers::OrdersSeen))
                    .col(timestamp_with_time_zone_null(Providers::LastSeenAt))
                    .col(string_len(Providers::Source, 16))
                    .col(timestamp_with_time_zone(Providers::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Providers::Table, Providers::TenantId)
                            .to(Tenants::Table, Tenants::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Backups deliberately have no foreign key: they outlive providers, panels and tenants.
        manager
            .create_table(
                Table::create()
                    .table(Backups::Table)
                    .if_not_exists()
                    .col(string_len(Backups::Id, 36).primary_key())
                    .col(string_len(Backups::TenantId, 36))
                    .col(string(Backups::TenantName))
                    .col(string_len(Backups::Kind, 16))
                    .col(string_null(Backups::PanelName))
                    .col(string_null(Backups::Alias))
                    .col(text(Backups::Sealed))
                    .col(timestamp_with_time_zone(Backups::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BackupReveals::Table)
                    .if_not_exists()
                    .col(string_len(BackupReveals::Id, 36).primary_key())
                    .col(string_len(BackupReveals::BackupId, 36))
                    .col(string_len(BackupReveals::AdminUserId, 36))
                    .col(string(BackupReveals::AdminEmail))
                    .col(timestamp_with_time_zone(BackupReveals::RevealedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(BackupReveals::Table, BackupReveals::BackupId)
                            .to(Backups::Table, Backups::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, cols, unique) in [
            ("idx_panels_tenant", Panels::Table.into_iden(), vec![Panels::TenantId.into_iden()], false),
            (
                "idx_providers_hash",
                Providers::Table.into_iden(),
                vec![Providers::TenantId.into_iden(), Providers::DomainHash.into_iden()],
                true,
            ),
            (
                "idx_providers_alias",
                Providers::Table.into_iden(),
                vec![Providers::TenantId.into_iden(), Providers::Alias.into_iden()],
                true,
            ),
            ("idx_backups_created", Backups::Table.into_iden(), vec![Backups::CreatedAt.into_iden()], false),
        ] {
            index(manager, name, table, cols, unique).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                BackupReveals::Table.into_iden(),
                Backups::Table.into_iden(),
                Providers::Table.into_iden(),
                Panels::Table.into_iden(),
            ],
        )
        .await
    }
}
