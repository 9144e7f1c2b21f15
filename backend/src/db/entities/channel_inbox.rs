use sea_orm::entity::prelude::*;

/// One received update or notification, stored before it is acknowledged; unique per
/// (channel, message key), which is what makes a redelivery count once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channel_inbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub tenant_id: String,
    pub channel_id: String,
    pub message_key: String,
    pub body: String,
    pub status: InboxStatus,
    pub attempts: i32,
    pub error: Option<String>,
    pub received_at: DateTimeUtc,
    pub processed_at: Option<DateTimeUtc>,
    /// The instance handling it (while `working`), and until when its claim holds: the holder's
    /// heartbeat extends it; another instance takes the item over only after it lapsed.
    pub claimed_by: Option<String>,
    pub lease_until: Option<DateTimeUtc>,
}

/// Where a stored update is: waiting, being handled (claimed by a worker), handled, ignored on purpose (not a customer's text), failed with its error, or unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum InboxStatus {
    #[sea_orm(string_value = "new")]
    New,
    #[sea_orm(string_value = "working")]
    Working,
    #[sea_orm(string_value = "done")]
    Done,
    #[sea_orm(string_value = "ignored")]
    Ignored,
    #[sea_orm(string_value = "failed")]
    Failed,
    /// A body we could not read (not JSON, or a message without its chat): kept with the
    /// parse error, logged, and counted on the channel's health.
    #[sea_orm(string_value = "unreadable")]
    Unreadable,
}

impl InboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Working => "working",
            Self::Done => "done",
            Self::Ignored => "ignored",
            Self::Failed => "failed",
            Self::Unreadable => "unreadable",
        }
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
