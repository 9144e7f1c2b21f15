//! Sessions: one row per sign-in. Every refresh token of a sign-in (its rotation family) points
//! at it, and every access token names it (`sid`), so reusing a rotated refresh token ends the
//! whole family and signing out ends the access tokens too.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    EndedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum RefreshTokens {
    Table,
    SessionId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .if_not_exists()
                .col(string_len(Sessions::Id, 36).primary_key())
                .col(string_len(Sessions::UserId, 36))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone_null(Sessions::EndedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sessions_user")
                .table(Sessions::Table)
                .col(Sessions::UserId)
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        // Tokens issued before sessions existed have none and are refused at their next use.
        m.alter_table(
            Table::alter()
                .table(RefreshTokens::Table)
                .add_column(string_len_null(RefreshTokens::SessionId, 36))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_refresh_tokens_session")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::SessionId)
                .if_not_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_refresh_tokens_session").table(RefreshTokens::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(RefreshTokens::Table).drop_column(RefreshTokens::SessionId).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Sessions::Table).to_owned()).await
    }
}
