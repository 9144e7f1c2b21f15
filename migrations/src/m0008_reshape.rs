//! Fixes found when the house was reshaped:
//! - service-ID rules belong to one panel (the same service id on two panels is two rules);
//!   an existing rule is copied to each of its tenant's panels, as it applied to all of them;
//! - the master admin's backup records which alias a rename replaced (history, not overwrite);
//! - a command remembers, in plain words, the panel error it met.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum ServiceRoutes {
    Table,
    TenantId,
    PanelId,
    ServiceId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Backups {
    Table,
    PreviousAlias,
}

#[derive(DeriveIden, Clone, Copy)]
enum CommandLog {
    Table,
    Problem,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(ServiceRoutes::Table)
                .add_column(string_len_null(ServiceRoutes::PanelId, 36))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO service_routes (id, tenant_id, panel_id, service_id, destination_id, enabled, created_at) \
             SELECT substr(r.id, 1, 18) || substr(p.id, 19, 18), r.tenant_id, p.id, r.service_id, r.destination_id, \
                    r.enabled, r.created_at \
             FROM service_routes r JOIN panels p ON p.tenant_id = r.tenant_id WHERE r.panel_id IS NULL",
        )
        .await?;
        db.execute_unprepared("DELETE FROM service_routes WHERE panel_id IS NULL").await?;
        m.drop_index(Index::drop().name("idx_service_routes_service").table(ServiceRoutes::Table).to_owned()).await?;
        m.create_index(
            Index::create()
                .name("idx_service_routes_panel_service")
                .table(ServiceRoutes::Table)
                .col(ServiceRoutes::TenantId)
                .col(ServiceRoutes::PanelId)
                .col(ServiceRoutes::ServiceId)
                .unique()
                .if_not_exists()
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Backups::Table).add_column(string_len_null(Backups::PreviousAlias, 64)).to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(CommandLog::Table).add_column(text_null(CommandLog::Problem)).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(CommandLog::Table).drop_column(CommandLog::Problem).to_owned()).await?;
        m.alter_table(Table::alter().table(Backups::Table).drop_column(Backups::PreviousAlias).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_service_routes_panel_service").table(ServiceRoutes::Table).to_owned())
            .await?;
        m.get_connection()
            .execute_unprepared(
                "DELETE FROM service_routes WHERE id NOT IN \
                 (SELECT MIN(id) FROM service_routes GROUP BY tenant_id, service_id)",
            )
            .await?;
        m.create_index(
            Index::create()
                .name("idx_service_routes_service")
                .table(ServiceRoutes::Table)
                .col(ServiceRoutes::TenantId)
                .col(ServiceRoutes::ServiceId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.alter_table(Table::alter().table(ServiceRoutes::Table).drop_column(ServiceRoutes::PanelId).to_owned()).await
    }
}
