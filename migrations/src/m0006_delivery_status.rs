//! The channel's own id for each provider message (Green API's `idMessage`), so that a delivery
//! report arriving later (`outgoingMessageStatus: failed / noAccount / notInGroup`) finds its
//! dispatch.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Dispatches {
    Table,
    TenantId,
    ProviderMessageId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Dispatches::Table)
                .add_column(string_len_null(Dispatches::ProviderMessageId, 128))
                .to_owned(),
        )
        .await?;
        // Partial: only sent WhatsApp messages carry an id, so queuing a message (a command's
        // commit) writes no page of this index.
        m.create_index(
            Index::create()
                .name("idx_dispatches_provider_message")
                .table(Dispatches::Table)
                .col(Dispatches::TenantId)
                .col(Dispatches::ProviderMessageId)
                .and_where(Expr::col(Dispatches::ProviderMessageId).is_not_null())
                .if_not_exists()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_dispatches_provider_message").table(Dispatches::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Dispatches::Table).drop_column(Dispatches::ProviderMessageId).to_owned())
            .await
    }
}
