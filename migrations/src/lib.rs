//! Schema migrations. Append-only: never edit a migration that has shipped; add a new one.
pub use sea_orm_migration::prelude::*;

mod helpers;
mod m0001_accounts;
mod m0002_panels_providers;
mod m0003_commands;
mod m0004_chats;
mod m0005_channels;
mod m0006_delivery_status;
mod m0007_sessions;
mod m0008_reshape;
mod m0009_channel_messages;
mod m0010_reveal_reason;
mod m0011_billing;
mod m0012_support;
mod m0013_tickets;
mod m0014_instances;
mod m0015_cluster;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_accounts::Migration),
            Box::new(m0002_panels_providers::Migration),
            Box::new(m0003_commands::Migration),
            Box::new(m0004_chats::Migration),
            Box::new(m0005_channels::Migration),
            Box::new(m0006_delivery_status::Migration),
            Box::new(m0007_sessions::Migration),
            Box::new(m0008_reshape::Migration),
            Box::new(m0009_channel_messages::Migration),
            Box::new(m0010_reveal_reason::Migration),
            Box::new(m0011_billing::Migration),
            Box::new(m0012_support::Migration),
            Box::new(m0013_tickets::Migration),
            Box::new(m0014_instances::Migration),
            Box::new(m0015_cluster::Migration),
        ]
    }
}
