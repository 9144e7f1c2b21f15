use chrono::{Duration, TimeZone, Utc};
use shared::commands::{CommandSettings, RefusalReason};
use shared::grammar::Command;

use super::*;
use crate::panels::client::{Order, OrderStatus};
use crate::service_rules::RefillPolicy;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).single().expect("date")
}

fn order(status: OrderStatus) -> Order {
    Order {
        panel_order_id: "2274209".into(),
        owner_username: Some("Mira_Boost".into()),
        status_raw: String::new(),
        status,
        service_id: Some("1187".into()),
        service_name: None,
        link: None,
        quantity: Some(1000),
        start_count: Some(10),
        remains: Some(100),
        charge: None,
        currency: None,
        provider_domain: None,
        external_id: Some("596723".into()),
        created_at: Some(now() - Duration::days(10)),
        updated_at: Some(now() - Duration::days(9)),
        panel_now: None,
        can_refill: None,
        can_cancel: None,
    }
}

fn facts(refill: RefillPolicy) -> ServiceFacts {
    ServiceFacts { refill, start_max_hours: Some(1.0), refill_on_partial: None, cancel_allowed: None }
}

fn check(cmd: Command, o: &Order, f: &ServiceFacts, s: &CommandSettings) -> Result<(), RefusalReason> {
    check_order(cmd, o, f, None, s, now())
}

#[test]
fn ownership_is_case_insensitive_and_admin_chats_may_act_on_any_order() {
    let o = order(OrderStatus::Completed);
    assert!(belongs_to(&o, Some("mira_boost")));
    assert!(!belongs_to(&o, Some("karan")));
    assert!(belongs_to(&o, None));
}

#[test]
fn refill_needs_a_completed_order_inside_the_window() {
    let s = CommandSettings::default();
    let done = order(OrderStatus::Completed);
    assert_eq!(check(Command::Refill, &done, &facts(RefillPolicy::Days(30)), &s), Ok(()));
    assert_eq!(check(Command::Refill, &done, &facts(RefillPolicy::Days(7)), &s), Err(RefusalReason::RefillWindowOver));
    assert_eq!(check(Command::Refill, &done, &facts(RefillPolicy::Lifetime), &s), Ok(()));
    assert_eq!(check(Command::Refill, &done, &facts(RefillPolicy::None), &s), Err(RefusalReason::NoRefillForService));
    assert_eq!(
        check(Command::Refill, &order(OrderStatus::InProgress), &facts(RefillPolicy::Days(30)), &s),
        Err(RefusalReason::NotCompleted)
    );
}

#[test]
fn the_window_counts_from_the_first_time_we_saw_it_completed() {
    let s = CommandSettings::default();
    let done = order(OrderStatus::Completed);
    let seen = Some(now() - Duration::days(2));
    assert_eq!(check_order(Command::Refill, &done, &facts(RefillPolicy::Days(7)), seen, &s, now()), Ok(()));
    let mut no_dates = done.clone();
    no_dates.updated_at = None;
    no_dates.created_at = Some(now() - Duration::days(40));
    assert_eq!(
        check(Command::Refill, &no_dates, &facts(RefillPolicy::Days(30)), &s),
        Err(RefusalReason::RefillWindowOver),
        "falls back to creation"
    );
}

#[test]
fn partial_and_unknown_policy_follow_the_tenant_and_service_settings() {
    let mut s = CommandSettings::default();
    let partial = order(OrderStatus::Partial);
    assert_eq!(check(Command::Refill, &partial, &facts(RefillPolicy::Days(30)), &s), Err(RefusalReason::NotCompleted));
    s.refill_on_partial = true;
    assert_eq!(check(Command::Refill, &partial, &facts(RefillPolicy::Days(30)), &s), Ok(()));
    let mut no_partial = facts(RefillPolicy::Days(30));
    no_partial.refill_on_partial = Some(false);
    assert_eq!(
        check(Command::Refill, &partial, &no_partial, &s),
        Err(RefusalReason::NotCompleted),
        "a service override wins"
    );
    let done = order(OrderStatus::Completed);
    assert_eq!(
        check(Command::Refill, &done, &facts(RefillPolicy::Unknown), &s),
        Err(RefusalReason::RefillPolicyUnknown)
    );
    s.allow_unknown_refill = true;
    assert_eq!(check(Command::Refill, &done, &facts(RefillPolicy::Unknown), &s), Ok(()));
}

#[test]
fn speed_needs_a_running_order_with_remains_after_its_start_time() {
    let s = CommandSettings::default();
    let running = order(OrderStatus::InProgress);
    assert_eq!(check(Command::Speed, &running, &facts(RefillPolicy::Unknown), &s), Ok(()));
    assert_eq!(
        check(Command::Speed, &order(OrderStatus::Completed), &facts(RefillPolicy::Unknown), &s),
        Err(RefusalReason::NotRunning)
    );
    let mut empty = running.clone();
    empty.remains = Some(0);
    assert_eq!(check(Command::Speed, &empty, &facts(RefillPolicy::Unknown), &s), Err(RefusalReason::NothingRemaining));
    let mut fresh = running.clone();
    fresh.created_at = Some(now() - Duration::minutes(20));
    assert_eq!(
        check(Command::Speed, &fresh, &facts(RefillPolicy::Unknown), &s),
        Err(RefusalReason::StartTimeNotPassed)
    );
}

#[test]
fn cancel_follows_the_allowed_statuses_and_the_service_override() {
    let mut s = CommandSettings::default();
    assert_eq!(check(Command::Cancel, &order(OrderStatus::Pending), &facts(RefillPolicy::Unknown), &s), Ok(()));
    assert_eq!(
        check(Command::Cancel, &order(OrderStatus::Completed), &facts(RefillPolicy::Unknown), &s),
        Err(RefusalReason::NotRunning)
    );
    s.cancel_statuses = vec!["pending".into()];
    assert_eq!(
        check(Command::Cancel, &order(OrderStatus::InProgress), &facts(RefillPolicy::Unknown), &s),
        Err(RefusalReason::NotRunning)
    );
    let mut no_cancel = facts(RefillPolicy::Unknown);
    no_cancel.cancel_allowed = Some(false);
    assert_eq!(
        check(Command::Cancel, &order(OrderStatus::Pending), &no_cancel, &s),
        Err(RefusalReason::CancelNotAllowed)
    );
}

#[test]
fn status_is_always_allowed_and_cooldowns_follow_settings() {
    let s = CommandSettings::default();
    assert_eq!(check(Command::Status, &order(OrderStatus::Canceled), &facts(RefillPolicy::None), &s), Ok(()));
    assert_eq!(cooldown_for(Command::Refill, &s), Some(Duration::hours(12)));
    assert_eq!(cooldown_for(Command::Status, &s), None);
}
