//! What to do with a chat message, given who sent it. Pure.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatType {
    Private,
    Group,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkState {
    None,
    Pending(String),
    Approved(String),
    Rejected,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    LinkRequired,
    LinkReceived,
    LinkPending,
    LinkConflict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Say nothing.
    Ignore,
    Reply(ReplyKind),
    /// Store a pending link for this username, then reply `LinkReceived`.
    RequestLink(String),
    /// Run the command pipeline; `None` acts as an admin chat (any order).
    Handle {
        username: Option<String>,
    },
}

/// `link <username>` (or `/link`), the self-service link request. Usernames are panel usernames:
/// 1–64 letters, digits, `_`, `.`, `-` or `@`.
pub fn parse_link_request(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    let first = words.next()?.to_lowercase();
    if first != "link" && first != "/link" {
        return None;
    }
    let username = words.next()?;
    let valid = words.next().is_none()
        && (1..=64).contains(&username.chars().count())
        && username.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '@'));
    valid.then(|| username.to_string())
}

/// The order of rules: admin chats act on anything; a link request is handled in private chats
/// only; an approved link runs the pipeline; everything else answers only in private chats and
/// only when the message was a command (groups never answer unlinked users).
pub fn decide(chat: ChatType, is_admin: bool, link: &LinkState, text: &str, is_command: bool) -> Decision {
    if is_admin {
        return Decision::Handle { username: None };
    }
    if let Some(username) = parse_link_request(text) {
        if chat == ChatType::Group {
            return Decision::Ignore;
        }
        return match link {
            LinkState::None | LinkState::Rejected => Decision::RequestLink(username),
            LinkState::Pending(_) => Decision::Reply(ReplyKind::LinkPending),
            LinkState::Approved(current) if current.eq_ignore_ascii_case(&username) => {
                Decision::Reply(ReplyKind::LinkReceived)
            }
            LinkState::Approved(_) => Decision::Reply(ReplyKind::LinkConflict),
        };
    }
    match (link, chat) {
        (LinkState::Approved(username), _) => Decision::Handle { username: Some(username.clone()) },
        (_, ChatType::Group) => Decision::Ignore,
        (_, ChatType::Private) if !is_command => Decision::Ignore,
        (LinkState::Pending(_), ChatType::Private) => Decision::Reply(ReplyKind::LinkPending),
        (_, ChatType::Private) => Decision::Reply(ReplyKind::LinkRequired),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_requests_are_read_strictly() {
        assert_eq!(parse_link_request("link mira_boost"), Some("mira_boost".into()));
        assert_eq!(parse_link_request("/LINK Mira.Boost"), Some("Mira.Boost".into()));
        for bad in [
            "link",
            "link a b",
            "linking mira",
            "please link mira",
            &format!("link {}", "x".repeat(65)),
            "link <script>",
        ] {
            assert_eq!(parse_link_request(bad), None, "{bad}");
        }
    }

    #[test]
    fn unlinked_private_chats_are_asked_to_link_and_groups_stay_silent() {
        let none = LinkState::None;
        assert_eq!(
            decide(ChatType::Private, false, &none, "2274209 refill", true),
            Decision::Reply(ReplyKind::LinkRequired)
        );
        assert_eq!(decide(ChatType::Private, false, &none, "hello", false), Decision::Ignore);
        assert_eq!(decide(ChatType::Group, false, &none, "2274209 refill", true), Decision::Ignore);
        assert_eq!(decide(ChatType::Group, false, &none, "link mira", false), Decision::Ignore);
    }

    #[test]
    fn the_link_lifecycle() {
        assert_eq!(
            decide(ChatType::Private, false, &LinkState::None, "link mira", false),
            Decision::RequestLink("mira".into())
        );
        let pending = LinkState::Pending("mira".into());
        assert_eq!(
            decide(ChatType::Private, false, &pending, "2274209 refill", true),
            Decision::Reply(ReplyKind::LinkPending)
        );
        let approved = LinkState::Approved("mira".into());
        assert_eq!(
            decide(ChatType::Group, false, &approved, "2274209 refill", true),
            Decision::Handle { username: Some("mira".into()) }
        );
        assert_eq!(
            decide(ChatType::Private, false, &approved, "link karan", false),
            Decision::Reply(ReplyKind::LinkConflict)
        );
        assert_eq!(
            decide(ChatType::Private, false, &LinkState::Rejected, "link mira", false),
            Decision::RequestLink("mira".into())
        );
    }

    #[test]
    fn admin_chats_act_on_any_order() {
        assert_eq!(
            decide(ChatType::Group, true, &LinkState::None, "2274218 refill", true),
            Decision::Handle { username: None }
        );
    }
}
