//! Tenants, users, sessions, invites, API keys and sealed tenant secrets.
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Tenants {
    Table,
    Id,
    Name,
    Status,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    Role,
    TenantId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RefreshTokens {
    Table,
    Id,
    UserId,
    TokenHash,
    ExpiresAt,
    RevokedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Invites {
    Table,
    Id,
    TenantId,
    Email,
    TokenHash,
    ExpiresAt,
    AcceptedAt,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ApiKeys {
    Table,
    Id,
    TenantId,
    Name,
    Prefix,
    KeyHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TenantSecrets {
    Table,
    Id,
    TenantId,
    Name,
    Sealed,
    CreatedAt,
}

fn tenant_fk(table: impl IntoIden + Clone, column: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Tenants::Table, Tenants::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tenants::Table)
                    .if_not_exists()
                    .col(string_len(Tenants::Id, 36).primary_key())
                    .col(string(Tenants::Name))
                    .col(string_len(Tenants::Status, 16))
                    .col(timestamp_with_time_zone(Tenants::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .if_not_exists()
                    .col(string_len(Users::Id, 36).primary_key())
                    .col(string(Users::Email).unique_key())
                    .col(string(Users::PasswordHash))
                    .col(string_len(Users::Role, 16))
                    .col(string_len_null(Users::TenantId, 36))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .foreign_key(&mut tenant_fk(Users::Table, Users::TenantId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RefreshTokens::Table)
                    .if_not_exists()
                    .col(string_len(RefreshTokens::Id, 36).primary_key())
                    .col(string_len(RefreshTokens::UserId, 36))
                    .col(string_len(RefreshTokens::TokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(RefreshTokens::RevokedAt))
                    .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefreshTokens::Table, RefreshTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Invites::Table)
                    .if_not_exists()
                    .col(string_len(Invites::Id, 36).primary_key())
                    .col(string_len(Invites::TenantId, 36))
                    .col(string(Invites::Email))
                    .col(string_len(Invites::TokenHash, 64).unique_key())
                    .col(timestamp_with_time_zone(Invites::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invites::AcceptedAt))
                    .col(timestamp_with_time_zone(Invites::CreatedAt))
                    .foreign_key(&mut tenant_fk(Invites::Table, Invites::TenantId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .if_not_exists()
                    .col(string_len(ApiKeys::Id, 36).primary_key())
                    .col(string_len(ApiKeys::TenantId, 36))
                    .col(string(ApiKeys::Name))
                    .col(string_len(ApiKeys::Prefix, 16))
                    .col(string_len(ApiKeys::KeyHash, 64).unique_key())
                    .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                    .foreign_key(&mut tenant_fk(ApiKeys::Table, ApiKeys::TenantId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(TenantSecrets::Table)
                    .if_not_exists()
                    .col(string_len(TenantSecrets::Id, 36).primary_key())
                    .col(string_len(TenantSecrets::TenantId, 36))
                    .col(string(TenantSecrets::Name))
                    .col(text(TenantSecrets::Sealed))
                    .col(timestamp_with_time_zone(TenantSecrets::CreatedAt))
                    .foreign_key(&mut tenant_fk(TenantSecrets::Table, TenantSecrets::TenantId))
                    .to_owned(),
            )
            .await?;
        for (table, name, cols) in [
            (Users::Table.into_iden(), "idx_users_tenant", vec![Users::TenantId.into_iden()]),
            (Invites::Table.into_iden(), "idx_invites_tenant", vec![Invites::TenantId.into_iden()]),
            (ApiKeys::Table.into_iden(), "idx_api_keys_tenant", vec![ApiKeys::TenantId.into_iden()]),
            (
                TenantSecrets::Table.into_iden(),
                "idx_tenant_secrets_name",
                vec![TenantSecrets::TenantId.into_iden(), TenantSecrets::Name.into_iden()],
            ),
        ] {
            index(manager, name, table, cols, name == "idx_tenant_secrets_name").await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            vec![
                TenantSecrets::Table.into_iden(),
                ApiKeys::Table.into_iden(),
                Invites::Table.into_iden(),
                RefreshTokens::Table.into_iden(),
                Users::Table.into_iden(),
                Tenants::Table.into_iden(),
            ],
        )
        .await
    }
}
