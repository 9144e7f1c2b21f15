//! A real `panelrelay serve` process killed with SIGKILL in the middle of a load of WhatsApp
//! webhook messages, twice, and started again on the same data (a SQLite file, or one
//! PostgreSQL database when `TEST_DATABASE_URL` is set). Every message the server answered 200
//! must end as exactly one logged command, and no provider message may go out twice.
mod common;

#[path = "../src/bin/support/flood.rs"]
#[allow(dead_code)]
mod flood;

#[path = "../src/bin/support/procs.rs"]
mod process;

use std::time::{Duration, Instant};

use fakes::greenapi::FakeGreenApi;
use process::{Server, configure, customer, logged_commands, post_all, provider_lines, refill_notes};

const MESSAGES: usize = 30;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_message_survives_sigkill_as_exactly_one_command() {
    // Slow enough that commands are mid-way when the process dies.
    let panel = process::panel_with_orders(MESSAGES, 150);
    let wa = std::sync::Arc::new(FakeGreenApi::start().expect("fake green api"));
    let data = common::ProcessData::new().await;
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_panelrelay"));
    let mut server = Server::new(bin, data.dir.path(), data.database_url.as_deref(), &[]);
    server.start().await;
    let base = server.base();
    let ws = configure(&base, &panel, &wa, MESSAGES, 5, 0).await;
    let token = ws.token;
    let hooks = [format!("{base}/wa/{}", ws.wa_channel_id)];
    let hook_token = wa.settings(ws.instance)["webhookUrlToken"].as_str().expect("webhook token").to_string();
    let notes = refill_notes(&wa, ws.instance, 0..MESSAGES);

    // Two rounds: a third of the load each time, the process killed while it works on it.
    let mut accepted = Vec::new();
    for round in notes.chunks(MESSAGES / 3).take(2) {
        accepted.extend(post_all(&wa, &hooks, &hook_token, round).await);
        tokio::time::sleep(Duration::from_millis(200)).await;
        server.kill();
        server.start().await;
    }
    // The last third, plus Green API redelivering everything already acknowledged.
    accepted.extend(post_all(&wa, &hooks, &hook_token, &notes[2 * (MESSAGES / 3)..]).await);
    let again: Vec<(usize, serde_json::Value)> = notes.iter().filter(|(i, _)| accepted.contains(i)).cloned().collect();
    post_all(&wa, &hooks, &hook_token, &again).await;
    assert!(accepted.len() >= MESSAGES * 2 / 3, "most messages were acknowledged: {accepted:?}");

    let deadline = Instant::now() + Duration::from_secs(90);
    let commands = loop {
        let commands = logged_commands(&base, &token).await;
        if accepted.iter().all(|i| commands.contains_key(&customer(*i))) || Instant::now() > deadline {
            break commands;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    let lost: Vec<usize> = accepted.iter().copied().filter(|i| !commands.contains_key(&customer(*i))).collect();
    assert!(lost.is_empty(), "{} acknowledged messages never became a command: {lost:?}", lost.len());
    let doubled: Vec<(&String, &usize)> = commands.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "messages logged twice: {doubled:?}");

    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = provider_lines(&wa, ws.instance);
    let twice: Vec<(&String, &usize)> = sent.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "provider messages sent twice: {twice:?}");
    println!(
        "{}: {} acknowledged, {} commands, {} provider lines",
        common::engine(),
        accepted.len(),
        commands.len(),
        sent.len()
    );
}
