//! Ticket parsing against the shapes panels are known (or guessed) to send.
use serde_json::{Value, json};

use super::tickets::{fingerprint, thread, ticket_from, ticket_path};
use super::types::Ticket;

fn parse(v: Value) -> Ticket {
    ticket_from(&v).expect("a ticket")
}

#[test]
fn a_bare_list_item_has_no_thread() {
    let t = parse(json!({"id": 9001, "status": "pending", "created": "2026-11-21 10:00:00"}));
    assert_eq!(t.id, "9001");
    assert_eq!(t.status_raw, "pending");
    assert!(t.created_at.is_some());
    assert_eq!((t.subject, t.username, t.messages), (None, None, None));
    assert!(t.order_ids.is_empty());
    assert!(ticket_from(&json!({"status": "pending"})).is_none(), "no id, no ticket");
}

#[test]
fn a_list_item_with_one_text_becomes_one_customer_message() {
    let t = parse(json!({"id": "9001", "user": "mira_boost", "subject": "refill", "message": " please refill "}));
    assert_eq!(t.username.as_deref(), Some("mira_boost"));
    assert_eq!(t.subject.as_deref(), Some("refill"));
    let messages = t.messages.expect("a thread");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].text, "please refill");
    assert!(!messages[0].from_staff);
    // `text` and `content` are accepted too; an empty text leaves an empty (but known) thread.
    assert_eq!(parse(json!({"id": 1, "content": "hi"})).messages.expect("thread")[0].text, "hi");
    assert_eq!(parse(json!({"id": 1, "text": ""})).messages, Some(vec![]));
}

#[test]
fn thread_arrays_under_every_name_are_read() {
    for field in ["messages", "replies", "thread", "conversation", "Messages"] {
        let t = parse(json!({"id": 1, field: [{"id": 5, "text": "a"}, "b", {"body": ""}]}));
        let m = t.messages.expect(field);
        assert_eq!(m.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["a", "b"], "{field}");
        assert_eq!(m[0].key, "5");
    }
    // A detail wrapped as {ticket, messages}.
    let t = parse(json!({"ticket": {"id": 7, "status": "open"}, "messages": [{"message_id": "m1", "content": "x"}]}));
    assert_eq!(t.id, "7");
    assert_eq!(t.messages.expect("thread")[0].key, "m1");
}

#[test]
fn the_username_comes_from_any_spelling_or_a_user_object() {
    for item in [
        json!({"id": 1, "user": "mira"}),
        json!({"id": 1, "username": "mira"}),
        json!({"id": 1, "user_name": "mira"}),
        json!({"id": 1, "login": "mira"}),
        json!({"id": 1, "user": {"id": 501, "username": "mira"}}),
        json!({"id": 1, "user": {"id": 501, "login": "mira"}}),
    ] {
        assert_eq!(parse(item.clone()).username.as_deref(), Some("mira"), "{item}");
    }
}

#[test]
fn order_ids_come_in_every_shape() {
    for (item, want) in [
        (json!({"id": 1, "order_id": 2274209}), vec!["2274209"]),
        (json!({"id": 1, "order_id": "2274209"}), vec!["2274209"]),
        (json!({"id": 1, "order": "2274209, 2274210 #2274211"}), vec!["2274209", "2274210", "2274211"]),
        (json!({"id": 1, "orders": [2274209, "2274210", {"id": 2274211}]}), vec!["2274209", "2274210", "2274211"]),
        (json!({"id": 1, "order_ids": "12;12 13"}), vec!["12", "13"]),
        (json!({"id": 1, "order_id": 0, "order": "none"}), vec![]),
        (json!({"id": 1, "order_id": null}), vec![]),
    ] {
        assert_eq!(parse(item.clone()).order_ids, want, "{item}");
    }
}

#[test]
fn staff_messages_are_recognised_by_every_marker() {
    let staff = [
        json!({"message": "x", "is_admin": 1}),
        json!({"message": "x", "is_admin": "1"}),
        json!({"message": "x", "admin": true}),
        json!({"message": "x", "is_staff": "yes"}),
        json!({"message": "x", "staff": "true"}),
        json!({"message": "x", "support": 1}),
        json!({"message": "x", "from": "Admin"}),
        json!({"message": "x", "author": "support"}),
        json!({"message": "x", "sender": "STAFF"}),
        json!({"message": "x", "role": "moderator"}),
        json!({"message": "x", "type": "manager"}),
        json!({"message": "x", "admin_id": 3}),
        json!({"message": "x", "staff_id": "12"}),
    ];
    for m in staff {
        assert!(thread(std::slice::from_ref(&m))[0].from_staff, "{m}");
    }
    let customer = [
        json!({"message": "x"}),
        json!({"message": "x", "is_admin": 0}),
        json!({"message": "x", "is_admin": "0"}),
        json!({"message": "x", "admin": false}),
        json!({"message": "x", "from": "user"}),
        json!({"message": "x", "role": "customer"}),
        json!({"message": "x", "admin_id": 0}),
        json!({"message": "x", "admin_id": ""}),
        json!("a bare string"),
    ];
    for m in customer {
        assert!(!thread(std::slice::from_ref(&m))[0].from_staff, "{m}");
    }
}

#[test]
fn keys_are_stable_and_identical_texts_differ() {
    let item = json!({"id": 1, "messages": [
        {"message": "ok", "created": "2026-11-21 10:00:00"},
        {"message": "ok", "created": "2026-11-21 10:00:00"},
        {"message": "thanks", "created": "2026-11-21 10:01:00"},
        {"id": 44, "message": "ok"},
    ]});
    let first = parse(item.clone()).messages.expect("thread");
    let again = parse(item).messages.expect("thread");
    let keys: Vec<&str> = first.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, again.iter().map(|m| m.key.as_str()).collect::<Vec<_>>());
    assert_ne!(keys[0], keys[1], "two identical texts get two keys");
    assert!(keys.contains(&"44"), "a message's own id is its key");
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), keys.len());
}

#[test]
fn dated_threads_are_put_oldest_first() {
    let m = thread(&[
        json!({"id": 2, "message": "second", "created": "2026-11-21 10:05:00"}),
        json!({"id": 1, "message": "first", "created": "2026-11-21 10:00:00"}),
    ]);
    assert_eq!(m.iter().map(|m| m.key.as_str()).collect::<Vec<_>>(), ["1", "2"]);
    assert!(m[0].created_at.is_some());
}

#[test]
fn the_fingerprint_follows_any_change_and_ignores_key_order() {
    let before = json!({"id": 1, "status": "pending", "messages": [{"id": 1, "message": "hi"}]});
    let appended =
        json!({"id": 1, "status": "pending", "messages": [{"id": 1, "message": "hi"}, {"id": 2, "message": "?"}]});
    let answered = json!({"id": 1, "status": "answered", "messages": [{"id": 1, "message": "hi"}]});
    let reordered = json!({"messages": [{"message": "hi", "id": 1}], "status": "pending", "id": 1});
    let fp = parse(before.clone()).fingerprint;
    assert_eq!(fp.len(), 64);
    assert!(fp.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(fp, parse(before).fingerprint);
    assert_ne!(fp, parse(appended).fingerprint, "a new message changes it");
    assert_ne!(fp, parse(answered).fingerprint, "a status change changes it");
    assert_eq!(fp, fingerprint(&reordered), "key order does not matter");
    let updated = json!({"id": 1, "status": "pending", "last_update": "2026-11-21 10:09:00"});
    assert_ne!(
        parse(json!({"id": 1, "status": "pending", "last_update": "2026-11-21 10:00:00"})).fingerprint,
        parse(updated).fingerprint
    );
}

#[test]
fn ticket_paths_encode_the_id_and_start_with_a_slash() {
    assert_eq!(ticket_path("/tickets/{id}", "9001").as_deref(), Some("/tickets/9001"));
    assert_eq!(ticket_path("tickets/{id}/reply", "9001").as_deref(), Some("/tickets/9001/reply"));
    assert_eq!(ticket_path("/tickets/{id}", "a b/c?d#e").as_deref(), Some("/tickets/a%20b%2Fc%3Fd%23e"));
    assert_eq!(ticket_path("/tickets/{id}", ".."), None);
    assert_eq!(ticket_path("/tickets/{id}", " "), None);
}
