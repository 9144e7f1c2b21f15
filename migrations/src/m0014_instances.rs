//! The server processes sharing this database: each writes a heartbeat, so the platform's health
//! page lists the instances, their version and uptime, and shows which stopped answering.
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::drop_tables;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Instances {
    Table,
    Id,
    Version,
    StartedAt,
    HeartbeatAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Instances::Table)
                .if_not_exists()
                .col(string_len(Instances::Id, 100).primary_key())
                .col(string_len(Instances::Version, 40))
                .col(timestamp_with_time_zone(Instances::StartedAt))
                .col(timestamp_with_time_zone(Instances::HeartbeatAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(m, vec![Instances::Table.into_iden()]).await
    }
}
