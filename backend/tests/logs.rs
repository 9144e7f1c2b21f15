//! The owner's logs: why a command failed is on its log entry in plain words, never an address;
//! the customer's reply stays the template.
mod common;

use common::engine::{command, setup};

#[tokio::test]
async fn a_panel_error_met_during_a_command_is_on_its_log_entry_in_plain_words() {
    let s = setup().await;
    let owner = Some(s.owner.access.as_str());
    let panel_host = s.fake.base_url().trim_start_matches("http://").to_string();
    for (quirk, words) in
        [("cloudflare", "Cloudflare"), ("server_error", "internal error"), ("key", "rejected the admin key")]
    {
        match quirk {
            "cloudflare" => s.fake.set_quirks(|q| q.cloudflare = true),
            "server_error" => s.fake.set_quirks(|q| {
                q.cloudflare = false;
                q.server_error = true
            }),
            _ => {
                s.fake.set_quirks(|q| q.server_error = false);
                let r = s
                    .app
                    .call(
                        "PUT",
                        &format!("/api/panels/{}", s.panel_id),
                        owner,
                        Some(serde_json::json!({
                        "name": "Main", "kind": "perfectpanel_v2", "admin_base_url": s.fake.admin_v2_url(),
                        "admin_key": "a-wrong-admin-key-0000"})),
                    )
                    .await;
                assert_eq!(r.status, 200, "{}", r.text);
            }
        }
        let r = command(&s, "2274209 refill", "mira_boost").await;
        let reply = r["reply"].as_str().unwrap_or_default();
        assert!(!reply.contains(words) && !reply.contains(&panel_host), "the customer sees the template: {reply}");
        let logs = s.app.get("/api/logs/commands?per_page=1", owner).await;
        let entry = &logs.body["items"][0];
        let problem = entry["problem"].as_str().unwrap_or_default();
        assert!(problem.contains(words), "{quirk}: {}", logs.text);
        assert!(!logs.text.contains(&panel_host) && !logs.text.contains("http"), "no address: {}", logs.text);
    }
    s.fake.set_quirks(|q| q.cloudflare = false);
    let logs = s.app.get("/api/logs/commands?per_page=50", owner).await;
    assert_eq!(logs.body["items"].as_array().map(Vec::len), Some(3));
}
