//! Who holds a bot or a WhatsApp instance. A channel is unique per (kind, account id) across the
//! platform, but a claim proves only what was checked: a token checked against Telegram's or
//! Green API's real address proves ownership; one checked against an address of the tenant's
//! choosing (allowed only with `PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS`) proves nothing. So an
//! unproven claim never blocks a proven one: the later owner who proves the token wins, and the
//! earlier claim is switched off with a reason its owner sees on the Channels page.
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::db::entities::channels;
use crate::error::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Nobody holds this account: connect it.
    Free,
    /// Another workspace's claim gives way to this proven one.
    Supersede,
    /// Refused: already connected here, or held elsewhere and this claim proves nothing.
    Refuse,
}

/// `existing`: the tenant of the current holder, if any.
pub fn decide(existing: Option<&str>, tenant_id: &str, proven: bool) -> Claim {
    match existing {
        None => Claim::Free,
        Some(holder) if holder == tenant_id => Claim::Refuse,
        Some(_) if proven => Claim::Supersede,
        Some(_) => Claim::Refuse,
    }
}

pub const SUPERSEDED_REASON: &str = "another workspace connected this account with its token, so it was switched off here. \
     If the bot or number is yours, revoke the token (BotFather's /revoke, or a new Green API token) and connect it again.";

pub async fn holder(
    db: &impl ConnectionTrait,
    kind: &str,
    account_id: &str,
) -> Result<Option<channels::Model>, AppError> {
    Ok(channels::Entity::find()
        .filter(channels::Column::Kind.eq(kind))
        .filter(channels::Column::AccountId.eq(account_id))
        .one(db)
        .await?)
}

/// Switches the earlier claim off and frees the account id for the new one (the old row keeps
/// its history under a marked id; its owner sees why in the health column).
pub async fn supersede(db: &impl ConnectionTrait, earlier: channels::Model) -> Result<(), AppError> {
    let marked = format!("superseded:{}", earlier.id);
    let mut row: channels::ActiveModel = earlier.into();
    row.account_id = Set(marked);
    row.enabled = Set(false);
    row.status = Set("off".into());
    row.status_reason = Set(Some(SUPERSEDED_REASON.into()));
    row.update(db).await?;
    Ok(())
}

/// Gives the account back to the earlier claim, as it was (the new one could not be activated).
pub async fn restore(db: &impl ConnectionTrait, earlier: channels::Model) -> Result<(), AppError> {
    let mut row: channels::ActiveModel = earlier.clone().into();
    row.account_id = Set(earlier.account_id);
    row.enabled = Set(earlier.enabled);
    row.status = Set(earlier.status);
    row.status_reason = Set(earlier.status_reason);
    row.update(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unproven_claim_never_blocks_a_proven_one() {
        assert_eq!(decide(None, "t1", false), Claim::Free);
        assert_eq!(decide(Some("squatter"), "owner", true), Claim::Supersede);
        assert_eq!(decide(Some("owner"), "squatter", false), Claim::Refuse);
        assert_eq!(decide(Some("t1"), "t1", true), Claim::Refuse, "the same workspace twice is a mistake, not a claim");
    }
}
