//! The scheduler and the cluster's claims, on one database with two instance names: a job runs
//! once per interval whoever asks, each run is recorded (and failures shown first), a panel's
//! service list is refreshed by its job in advanced mode, a lapsed lease is taken over and a live
//! one never, and an inbox item claimed by a live instance is never taken by another.
mod common;

use chrono::Duration;
use common::engine::setup;
use panelrelay::cluster::leases::{self, Lease};
use panelrelay::scheduler::{self, repo::Outcome};
use serde_json::json;

async fn advanced(s: &common::engine::Setup) {
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["service_rules_mode"] = json!("advanced");
    let r = s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn each_job_runs_once_per_interval_whichever_instance_asks() {
    let s = setup().await;
    let engine = &s.app.state.engine;
    let now = panelrelay::db::now();
    scheduler::sync_jobs(engine, 60_000, now).await.expect("jobs");
    // Two instances step at the same moment: each job runs once.
    let (a, b) = tokio::join!(scheduler::step(engine, "instance-a", now), scheduler::step(engine, "instance-b", now));
    let (a, b) = (a.expect("a"), b.expect("b"));
    let mut names: Vec<&str> = a.iter().chain(b.iter()).map(|(n, _)| n.as_str()).collect();
    names.sort();
    assert_eq!(names, ["retention", "subscription-notices", "tickets"], "each job once across the two instances");
    // Not again before its interval; again after it.
    let soon = scheduler::step(engine, "instance-b", now + Duration::seconds(30)).await.expect("step");
    assert!(soon.is_empty(), "{soon:?}");
    let later = scheduler::step(engine, "instance-a", now + Duration::seconds(61)).await.expect("step");
    assert_eq!(later.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["tickets"]);
    let ran = later[0].1.clone();
    assert_eq!(ran, Outcome::Idle, "no panel reads tickets: nothing to do");

    // The runs are counted on the job; the retention run is in the history with its outcome.
    let jobs = scheduler::repo::list(engine.db.conn(), None).await.expect("jobs");
    let tickets = jobs.iter().find(|j| j.name == "tickets").expect("tickets job");
    assert_eq!((tickets.runs, tickets.failures, tickets.holder.as_deref()), (2, 0, None));
    let runs = scheduler::repo::runs(engine.db.conn(), "retention", 10).await.expect("runs");
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].outcome, "ok");
    assert!(runs[0].finished_at >= runs[0].started_at);
}

#[tokio::test]
async fn a_panel_s_service_list_is_refreshed_by_its_job_and_a_failure_is_shown_first() {
    let s = setup().await;
    let engine = &s.app.state.engine;
    advanced(&s).await;
    let now = panelrelay::db::now();
    scheduler::sync_jobs(engine, 60_000, now).await.expect("jobs");
    let name = format!("services:{}", s.panel_id);
    let done = scheduler::step(engine, "instance-a", now).await.expect("step");
    let (_, outcome) = done.iter().find(|(n, _)| *n == name).expect("the panel's refresh ran at once (never synced)");
    assert!(matches!(outcome, Outcome::Ok(words) if words.contains("service(s) read")), "{outcome:?}");
    let r = s.app.get(&format!("/api/panels/{}/services", s.panel_id), Some(&s.owner.access)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body.as_array().is_some_and(|rows| !rows.is_empty()), "the services were stored: {}", r.text);

    // Six hours later the panel fails: the run is recorded as failed, in words, and listed first.
    s.fake.set_quirks(|q| q.server_error = true);
    let later = now + Duration::hours(6) + Duration::seconds(1);
    let done = scheduler::step(engine, "instance-b", later).await.expect("step");
    let (_, outcome) = done.iter().find(|(n, _)| *n == name).expect("ran again after its interval");
    assert!(matches!(outcome, Outcome::Failed(why) if why.contains("service list could not be read")), "{outcome:?}");
    let health = s.app.get("/api/workspace/health", Some(&s.owner.access)).await;
    assert_eq!(health.status, 200, "{}", health.text);
    let first = &health.body["jobs"][0];
    assert_eq!(first["kind"], "services", "{}", health.body);
    assert_eq!(first["subject"], "Main");
    assert_eq!(first["last_outcome"], "failed");
    assert_eq!(first["failures"], 1);

    // The console lists it first too, with its workspace.
    let admin = s.app.admin().await;
    let platform = s.app.get("/api/admin/health", Some(&admin.access)).await.body;
    assert_eq!(platform["jobs"][0]["kind"], "services", "{platform}");
    assert_eq!(platform["jobs"][0]["workspace_name"], "Commands");

    // Back to easy mode: the job is retired.
    let mut settings = s.app.get("/api/settings", Some(&s.owner.access)).await.body;
    settings["service_rules_mode"] = json!("easy");
    s.app.call("PUT", "/api/settings", Some(&s.owner.access), Some(settings)).await;
    scheduler::sync_jobs(engine, 60_000, later).await.expect("jobs");
    let jobs = scheduler::repo::list(engine.db.conn(), None).await.expect("jobs");
    assert!(jobs.iter().all(|j| j.name != name), "retired");
}

#[tokio::test]
async fn a_lease_is_taken_over_only_after_it_lapsed() {
    let s = setup().await;
    let db = s.app.state.engine.db.conn();
    let now = panelrelay::db::now();
    let ttl = Duration::seconds(10);
    assert_eq!(leases::acquire(db, "poll:x", "a", ttl, now).await.expect("a"), Lease::Acquired);
    assert_eq!(
        leases::acquire(db, "poll:x", "b", ttl, now + Duration::seconds(5)).await.expect("b"),
        Lease::Held { by: "a".into() },
        "a live lease is never taken"
    );
    assert_eq!(leases::acquire(db, "poll:x", "a", ttl, now + Duration::seconds(6)).await.expect("a"), Lease::Renewed);
    let before = panelrelay::cluster::takeovers();
    let later = now + Duration::seconds(17);
    assert_eq!(
        leases::acquire(db, "poll:x", "b", ttl, later).await.expect("b"),
        Lease::TakenOver { from: "a".into() },
        "a lapsed lease is taken over"
    );
    assert_eq!(panelrelay::cluster::takeovers(), before + 1);
    assert_eq!(
        leases::acquire(db, "poll:x", "a", ttl, later).await.expect("a"),
        Lease::Held { by: "b".into() },
        "the old holder learns it lost the lease"
    );
    leases::release(db, "poll:x", "a").await.expect("release");
    assert_eq!(leases::holders(db, "poll:").await.expect("holders")["poll:x"].0, "b", "only the holder releases");
}

#[tokio::test]
async fn an_inbox_item_of_a_live_instance_is_never_taken_and_a_dead_one_s_is() {
    use panelrelay::channels::repo::{claim_new, renew_claims};
    use panelrelay::db::entities::channel_inbox;
    use sea_orm::{ActiveModelTrait, Set};
    let s = setup().await;
    let tg = fakes::telegram::FakeTelegram::start().expect("fake telegram");
    let bot = common::channels::add_bot(&s, &tg, "polling").await;
    let db = s.app.state.engine.db.conn();
    let item = channel_inbox::ActiveModel {
        id: Set(panelrelay::db::new_id()),
        tenant_id: Set(s.owner.workspace_id.clone().expect("workspace")),
        channel_id: Set(bot["id"].as_str().expect("channel").to_string()),
        message_key: Set("u:1".into()),
        body: Set("{}".into()),
        status: Set(channel_inbox::InboxStatus::New),
        attempts: Set(0),
        error: Set(None),
        received_at: Set(panelrelay::db::now()),
        processed_at: Set(None),
        claimed_by: Set(None),
        lease_until: Set(None),
    };
    item.insert(db).await.expect("stored");
    let mine = claim_new(db, "instance-a", 10).await.expect("claim");
    assert_eq!(mine.len(), 1);
    assert!(claim_new(db, "instance-b", 10).await.expect("claim").is_empty(), "a's item stays a's");
    // a's heartbeat keeps it; a lapsed lease (a died) lets b take it.
    assert_eq!(renew_claims(db, "instance-a", panelrelay::db::now() + Duration::seconds(30)).await.expect("renew"), 1);
    assert!(claim_new(db, "instance-b", 10).await.expect("claim").is_empty());
    renew_claims(db, "instance-a", panelrelay::db::now() - Duration::seconds(1)).await.expect("lapse");
    let taken = claim_new(db, "instance-b", 10).await.expect("claim");
    assert_eq!(taken.len(), 1, "taken over after the lease lapsed");
    assert_eq!((taken[0].claimed_by.as_deref(), taken[0].attempts), (Some("instance-b"), 2));
}

#[tokio::test]
async fn the_workspace_health_names_what_stops_requests_with_a_fix_link() {
    let s = setup().await;
    advanced(&s).await;
    // A provider with no route, and no fallback.
    s.app.get(&format!("/api/panels/{}/orders/2274210", s.panel_id), Some(&s.owner.access)).await;
    let (staff, _) = s.app.add_staff(&s.owner, "health-staff@b.co").await;
    let r = s.app.get("/api/workspace/health", Some(&staff.access)).await;
    assert_eq!(r.status, 200, "staff read it: {}", r.text);
    let checks: Vec<(String, String)> = r.body["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .map(|c| {
            (c["code"].as_str().unwrap_or_default().to_string(), c["fix_path"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    assert!(checks.contains(&("destination_unreachable".into(), "/channels".into())), "{checks:?}");
    assert!(checks.contains(&("stale_service_list".into(), "/panels".into())), "{checks:?}");
    let panel = &r.body["panels"][0];
    assert_eq!(panel["name"], "Main");
    assert!(panel["calls_last_hour"].as_u64().is_some_and(|n| n > 0), "the setup's lookups are counted: {panel}");
    assert!(panel["last_ok_at"].is_string());
    assert_eq!(r.body["channels"], json!([]));
    // Without a session: 401.
    assert_eq!(s.app.get("/api/workspace/health", None).await.status, 401);
}
