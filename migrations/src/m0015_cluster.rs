//! Several instances on one database: lease rows (one poller per channel), the scheduler's jobs
//! (one run at a time across instances, each run recorded), the change feed that keeps every
//! instance's caches fresh, leases on claimed inbox items, a per-panel service-list refresh
//! interval, and the subscription notices already sent (each once).
use sea_orm_migration::{prelude::*, schema::*};

use crate::helpers::{drop_tables, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Leases {
    Table,
    Name,
    Holder,
    AcquiredAt,
    ExpiresAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ScheduledJobs {
    Table,
    Name,
    Kind,
    TenantId,
    SubjectId,
    IntervalMs,
    NextRunAt,
    Holder,
    LeaseUntil,
    LastStartedAt,
    LastFinishedAt,
    LastOutcome,
    LastError,
    LastDurationMs,
    Runs,
    Failures,
}

#[derive(DeriveIden, Clone, Copy)]
enum JobRuns {
    Table,
    Id,
    Job,
    Kind,
    TenantId,
    Instance,
    StartedAt,
    FinishedAt,
    DurationMs,
    Outcome,
    Detail,
}

#[derive(DeriveIden, Clone, Copy)]
enum ClusterChanges {
    Table,
    Id,
    Origin,
    Scope,
    TenantId,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum SubscriptionNotices {
    Table,
    Id,
    TenantId,
    Kind,
    PeriodEnd,
    SentAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ChannelInbox {
    Table,
    ClaimedBy,
    LeaseUntil,
}

#[derive(DeriveIden, Clone, Copy)]
enum Panels {
    Table,
    ServicesRefreshHours,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Leases::Table)
                .if_not_exists()
                .col(string_len(Leases::Name, 200).primary_key())
                .col(string_len(Leases::Holder, 100))
                .col(timestamp_with_time_zone(Leases::AcquiredAt))
                .col(timestamp_with_time_zone(Leases::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ScheduledJobs::Table)
                .if_not_exists()
                .col(string_len(ScheduledJobs::Name, 200).primary_key())
                .col(string_len(ScheduledJobs::Kind, 40))
                .col(string_len_null(ScheduledJobs::TenantId, 36))
                .col(string_len_null(ScheduledJobs::SubjectId, 36))
                .col(big_integer(ScheduledJobs::IntervalMs))
                .col(timestamp_with_time_zone(ScheduledJobs::NextRunAt))
                .col(string_len_null(ScheduledJobs::Holder, 100))
                .col(timestamp_with_time_zone_null(ScheduledJobs::LeaseUntil))
                .col(timestamp_with_time_zone_null(ScheduledJobs::LastStartedAt))
                .col(timestamp_with_time_zone_null(ScheduledJobs::LastFinishedAt))
                .col(string_len_null(ScheduledJobs::LastOutcome, 20))
                .col(text_null(ScheduledJobs::LastError))
                .col(big_integer_null(ScheduledJobs::LastDurationMs))
                .col(big_integer(ScheduledJobs::Runs).default(0))
                .col(big_integer(ScheduledJobs::Failures).default(0))
                .to_owned(),
        )
        .await?;
        index(m, "ix_scheduled_jobs_due", ScheduledJobs::Table, vec![ScheduledJobs::NextRunAt.into_iden()], false)
            .await?;
        index(m, "ix_scheduled_jobs_tenant", ScheduledJobs::Table, vec![ScheduledJobs::TenantId.into_iden()], false)
            .await?;
        m.create_table(
            Table::create()
                .table(JobRuns::Table)
                .if_not_exists()
                .col(string_len(JobRuns::Id, 36).primary_key())
                .col(string_len(JobRuns::Job, 200))
                .col(string_len(JobRuns::Kind, 40))
                .col(string_len_null(JobRuns::TenantId, 36))
                .col(string_len(JobRuns::Instance, 100))
                .col(timestamp_with_time_zone(JobRuns::StartedAt))
                .col(timestamp_with_time_zone(JobRuns::FinishedAt))
                .col(big_integer(JobRuns::DurationMs))
                .col(string_len(JobRuns::Outcome, 20))
                .col(text_null(JobRuns::Detail))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ix_job_runs_job",
            JobRuns::Table,
            vec![JobRuns::Job.into_iden(), JobRuns::StartedAt.into_iden()],
            false,
        )
        .await?;
        index(m, "ix_job_runs_started", JobRuns::Table, vec![JobRuns::StartedAt.into_iden()], false).await?;
        m.create_table(
            Table::create()
                .table(ClusterChanges::Table)
                .if_not_exists()
                .col(big_pk_auto(ClusterChanges::Id))
                .col(string_len(ClusterChanges::Origin, 100))
                .col(string_len(ClusterChanges::Scope, 40))
                .col(string_len_null(ClusterChanges::TenantId, 36))
                .col(timestamp_with_time_zone(ClusterChanges::At))
                .to_owned(),
        )
        .await?;
        index(m, "ix_cluster_changes_at", ClusterChanges::Table, vec![ClusterChanges::At.into_iden()], false).await?;
        m.create_table(
            Table::create()
                .table(SubscriptionNotices::Table)
                .if_not_exists()
                .col(string_len(SubscriptionNotices::Id, 36).primary_key())
                .col(string_len(SubscriptionNotices::TenantId, 36))
                .col(string_len(SubscriptionNotices::Kind, 20))
                .col(string_len(SubscriptionNotices::PeriodEnd, 20))
                .col(timestamp_with_time_zone(SubscriptionNotices::SentAt))
                .to_owned(),
        )
        .await?;
        index(
            m,
            "ux_subscription_notices_once",
            SubscriptionNotices::Table,
            vec![
                SubscriptionNotices::TenantId.into_iden(),
                SubscriptionNotices::Kind.into_iden(),
                SubscriptionNotices::PeriodEnd.into_iden(),
            ],
            true,
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ChannelInbox::Table)
                .add_column(string_len_null(ChannelInbox::ClaimedBy, 100))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(ChannelInbox::Table)
                .add_column(timestamp_with_time_zone_null(ChannelInbox::LeaseUntil))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table(Panels::Table).add_column(integer(Panels::ServicesRefreshHours).default(6)).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Panels::Table).drop_column(Panels::ServicesRefreshHours).to_owned()).await?;
        m.alter_table(Table::alter().table(ChannelInbox::Table).drop_column(ChannelInbox::LeaseUntil).to_owned())
            .await?;
        m.alter_table(Table::alter().table(ChannelInbox::Table).drop_column(ChannelInbox::ClaimedBy).to_owned())
            .await?;
        drop_tables(
            m,
            vec![
                SubscriptionNotices::Table.into_iden(),
                ClusterChanges::Table.into_iden(),
                JobRuns::Table.into_iden(),
                ScheduledJobs::Table.into_iden(),
                Leases::Table.into_iden(),
            ],
        )
        .await
    }
}
