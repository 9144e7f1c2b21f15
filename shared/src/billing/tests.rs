use super::*;

fn at(days: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_800_000_000, 0).expect("time") + Duration::days(days)
}

#[test]
fn the_status_follows_the_dates() {
    let end = at(30);
    assert_eq!(status_at(at(0), end, true, 3, false), SubscriptionStatus::Trial);
    assert_eq!(status_at(at(0), end, false, 3, false), SubscriptionStatus::Active);
    assert_eq!(status_at(at(30), end, false, 3, false), SubscriptionStatus::Grace);
    assert_eq!(status_at(at(32), end, false, 3, false), SubscriptionStatus::Grace);
    assert_eq!(status_at(at(33), end, false, 3, false), SubscriptionStatus::Expired);
    assert_eq!(status_at(at(31), end, false, 0, false), SubscriptionStatus::Expired);
    assert_eq!(status_at(at(0), end, false, 3, true), SubscriptionStatus::Suspended);
    assert!(SubscriptionStatus::Grace.serves() && !SubscriptionStatus::Expired.serves());
}

#[test]
fn terms_are_priced_from_the_month_unless_set() {
    let mut p = PlanInput {
        name: "Starter".into(),
        description: String::new(),
        currency: "USD".into(),
        price_month: 1900,
        price_3_months: None,
        price_12_months: Some(19_000),
        mediums: vec![Medium::Telegram],
        modules: vec![],
        limits: PlanLimits::default(),
        trial_days: 7,
        signup: false,
    };
    assert_eq!(p.price_for(1), Some(1900));
    assert_eq!(p.price_for(3), Some(5700));
    assert_eq!(p.price_for(12), Some(19_000));
    assert_eq!(p.price_for(2), None);
    assert!(p.check().is_ok());
    p.currency = "usd".into();
    assert!(p.check().expect_err("lower case").contains("three-letter"));
    p.currency = "USD".into();
    p.mediums.clear();
    assert!(p.check().expect_err("no medium").contains("medium"));
    assert_eq!(money(1900, "USD"), "19.00 USD");
    assert_eq!(money(5, "EUR"), "0.05 EUR");
}
