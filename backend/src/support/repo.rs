//! Tickets and their threads. Every workspace query is scoped by the tenant id from the
//! session; `Side` says who reads or writes (the workspace or the platform).
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::support::{
    MESSAGE_MAX, OpenTicket, SUBJECT_MAX, Ticket, TicketMessage, TicketStatus, TicketThread, Unread, check_text,
};

use crate::db::entities::{support_messages, support_tickets, tenants};
use crate::db::{Db, new_id, now};
use crate::error::AppError;

/// Who acts on a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The workspace, with its tenant id (from the session, never from the path).
    Workspace,
    Platform,
}

fn status_of(text: &str) -> TicketStatus {
    TicketStatus::parse(text).unwrap_or(TicketStatus::Open)
}

fn to_api(t: support_tickets::Model, workspace_name: String, side: Side) -> Ticket {
    let unread = match side {
        Side::Workspace => t.unread_owner,
        Side::Platform => t.unread_admin,
    };
    Ticket {
        status: status_of(&t.status),
        id: t.id,
        workspace_id: t.tenant_id,
        workspace_name,
        subject: t.subject,
        opened_by: t.opened_by,
        unread: u32::try_from(unread).unwrap_or(0),
        created_at: t.created_at,
        updated_at: t.updated_at,
    }
}

async fn names(db: &impl ConnectionTrait) -> Result<HashMap<String, String>, AppError> {
    Ok(tenants::Entity::find().all(db).await?.into_iter().map(|t| (t.id, t.name)).collect())
}

/// The tickets one workspace (`Some`) or the platform (`None`) sees: waiting for the reader
/// first, then the most recently active.
pub async fn list(
    db: &impl ConnectionTrait,
    tenant_id: Option<&str>,
    status: Option<TicketStatus>,
) -> Result<Vec<Ticket>, AppError> {
    let mut q = support_tickets::Entity::find().order_by_desc(support_tickets::Column::UpdatedAt);
    if let Some(t) = tenant_id {
        q = q.filter(support_tickets::Column::TenantId.eq(t));
    }
    if let Some(s) = status {
        q = q.filter(support_tickets::Column::Status.eq(s.key()));
    }
    let side = if tenant_id.is_some() { Side::Workspace } else { Side::Platform };
    let waiting = match side {
        Side::Workspace => TicketStatus::Answered,
        Side::Platform => TicketStatus::Open,
    };
    let names = names(db).await?;
    let mut rows: Vec<Ticket> = q
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            let name = names.get(&t.tenant_id).cloned().unwrap_or_default();
            to_api(t, name, side)
        })
        .collect();
    rows.sort_by_key(|t| t.status != waiting);
    Ok(rows)
}

/// One ticket: the workspace's own (404 for another's), or any for the platform.
async fn find(
    db: &impl ConnectionTrait,
    tenant_id: Option<&str>,
    id: &str,
) -> Result<support_tickets::Model, AppError> {
    let mut q = support_tickets::Entity::find_by_id(id.to_string());
    if let Some(t) = tenant_id {
        q = q.filter(support_tickets::Column::TenantId.eq(t));
    }
    q.one(db).await?.ok_or(AppError::NotFound("ticket"))
}

/// The ticket with its thread; reading it clears the reader's unread count.
pub async fn thread(db: &Db, tenant_id: Option<&str>, id: &str, mark_read: bool) -> Result<TicketThread, AppError> {
    let mut ticket = find(db, tenant_id, id).await?;
    let side = if tenant_id.is_some() { Side::Workspace } else { Side::Platform };
    let unread = match side {
        Side::Workspace => support_tickets::Column::UnreadOwner,
        Side::Platform => support_tickets::Column::UnreadAdmin,
    };
    if mark_read {
        let tid = ticket.id.clone();
        db.write(async |c| {
            Ok(support_tickets::Entity::update_many()
                .col_expr(unread, Expr::value(0))
                .filter(support_tickets::Column::Id.eq(tid))
                .exec(c)
                .await?)
        })
        .await?;
        match side {
            Side::Workspace => ticket.unread_owner = 0,
            Side::Platform => ticket.unread_admin = 0,
        }
    }
    let messages = support_messages::Entity::find()
        .filter(support_messages::Column::TicketId.eq(ticket.id.clone()))
        .order_by_asc(support_messages::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|m| TicketMessage {
            id: m.id,
            from_platform: m.from_platform,
            author: m.author_email,
            body: m.body,
            at: m.created_at,
        })
        .collect();
    let name = tenants::Entity::find_by_id(ticket.tenant_id.clone()).one(db).await?.map(|t| t.name).unwrap_or_default();
    Ok(TicketThread { ticket: to_api(ticket, name, side), messages })
}

fn message(ticket_id: &str, from_platform: bool, author: &str, body: String) -> support_messages::ActiveModel {
    support_messages::ActiveModel {
        id: Set(new_id()),
        ticket_id: Set(ticket_id.to_string()),
        from_platform: Set(from_platform),
        author_email: Set(author.to_string()),
        body: Set(body),
        created_at: Set(now()),
    }
}

/// A workspace opens a ticket with its first message.
pub async fn open(db: &Db, tenant_id: &str, author: &str, req: &OpenTicket) -> Result<TicketThread, AppError> {
    let subject = check_text("subject", &req.subject, SUBJECT_MAX).map_err(AppError::BadRequest)?;
    let body = check_text("message", &req.message, MESSAGE_MAX).map_err(AppError::BadRequest)?;
    let id = new_id();
    let at = now();
    let ticket = support_tickets::ActiveModel {
        id: Set(id.clone()),
        tenant_id: Set(tenant_id.to_string()),
        subject: Set(subject),
        status: Set(TicketStatus::Open.key().into()),
        opened_by: Set(author.to_string()),
        unread_owner: Set(0),
        unread_admin: Set(1),
        created_at: Set(at),
        updated_at: Set(at),
    };
    let first = message(&id, false, author, body);
    db.transaction(async |tx| {
        ticket.insert(tx).await?;
        first.insert(tx).await?;
        Ok(())
    })
    .await?;
    thread(db, Some(tenant_id), &id, false).await
}

/// A reply from one side: the other side's unread count grows, and the status says who is
/// waiting (a workspace reply reopens a closed ticket; a platform reply marks it answered).
pub async fn reply(
    db: &Db,
    tenant_id: Option<&str>,
    id: &str,
    author: &str,
    text: &str,
) -> Result<TicketThread, AppError> {
    let body = check_text("message", text, MESSAGE_MAX).map_err(AppError::BadRequest)?;
    let ticket = find(db, tenant_id, id).await?;
    let from_platform = tenant_id.is_none();
    let (status, other) = if from_platform {
        (TicketStatus::Answered, support_tickets::Column::UnreadOwner)
    } else {
        (TicketStatus::Open, support_tickets::Column::UnreadAdmin)
    };
    let row = message(&ticket.id, from_platform, author, body);
    let tid = ticket.id.clone();
    db.transaction(async |tx| {
        row.insert(tx).await?;
        support_tickets::Entity::update_many()
            .col_expr(other, Expr::col(other).add(1))
            .col_expr(support_tickets::Column::Status, Expr::value(status.key()))
            .col_expr(support_tickets::Column::UpdatedAt, Expr::value(now()))
            .filter(support_tickets::Column::Id.eq(tid))
            .exec(tx)
            .await?;
        Ok(())
    })
    .await?;
    thread(db, tenant_id, id, true).await
}

/// The platform writes to a workspace on its own (a subscription notice): into the open thread
/// with this subject, or a new one; the owner sees it unread in the top bar.
pub async fn notify(db: &Db, tenant_id: &str, subject: &str, text: &str) -> Result<(), AppError> {
    let existing = support_tickets::Entity::find()
        .filter(support_tickets::Column::TenantId.eq(tenant_id))
        .filter(support_tickets::Column::Subject.eq(subject))
        .filter(support_tickets::Column::Status.ne(TicketStatus::Closed.key()))
        .order_by_desc(support_tickets::Column::UpdatedAt)
        .one(db)
        .await?;
    if let Some(t) = existing {
        reply(db, None, &t.id, PLATFORM_AUTHOR, text).await?;
        return Ok(());
    }
    let id = new_id();
    let at = now();
    let ticket = support_tickets::ActiveModel {
        id: Set(id.clone()),
        tenant_id: Set(tenant_id.to_string()),
        subject: Set(subject.to_string()),
        status: Set(TicketStatus::Answered.key().into()),
        opened_by: Set(PLATFORM_AUTHOR.into()),
        unread_owner: Set(1),
        unread_admin: Set(0),
        created_at: Set(at),
        updated_at: Set(at),
    };
    let first = message(&id, true, PLATFORM_AUTHOR, text.to_string());
    db.transaction(async |tx| {
        ticket.insert(tx).await?;
        first.insert(tx).await?;
        Ok(())
    })
    .await
}

/// Who the platform's own messages are from.
pub const PLATFORM_AUTHOR: &str = "PanelRelay";

/// Either side closes a ticket (a later workspace reply opens it again).
pub async fn close(db: &Db, tenant_id: Option<&str>, id: &str) -> Result<TicketThread, AppError> {
    let ticket = find(db, tenant_id, id).await?;
    db.write(async |c| {
        Ok(support_tickets::Entity::update_many()
            .col_expr(support_tickets::Column::Status, Expr::value(TicketStatus::Closed.key()))
            .col_expr(support_tickets::Column::UpdatedAt, Expr::value(now()))
            .filter(support_tickets::Column::Id.eq(ticket.id))
            .exec(c)
            .await?)
    })
    .await?;
    thread(db, tenant_id, id, false).await
}

/// What the reader has not opened yet: tickets with unread messages, and those messages.
pub async fn unread(db: &impl ConnectionTrait, tenant_id: Option<&str>) -> Result<Unread, AppError> {
    let mut q = support_tickets::Entity::find();
    let column = match tenant_id {
        Some(t) => {
            q = q.filter(support_tickets::Column::TenantId.eq(t));
            support_tickets::Column::UnreadOwner
        }
        None => support_tickets::Column::UnreadAdmin,
    };
    let counts: Vec<i32> = q
        .filter(column.gt(0))
        .all(db)
        .await?
        .into_iter()
        .map(|t| if tenant_id.is_some() { t.unread_owner } else { t.unread_admin })
        .collect();
    Ok(Unread {
        tickets: u32::try_from(counts.len()).unwrap_or(u32::MAX),
        messages: counts.iter().map(|c| u32::try_from(*c).unwrap_or(0)).sum(),
    })
}
