//! `fake-panel [--services-with-provider] [provider-a-domain] [provider-b-domain]`: runs the fake panel with the sample data
//! on 127.0.0.1 (a free port) until stopped, and prints its addresses and keys — for the
//! browser tests and for trying PanelRelay without a real panel.
use fakes::panel::{FakePanel, sample_data};

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--services-with-provider`: the service list names each service's provider (some panels do).
    let with_provider = args.iter().any(|a| a == "--services-with-provider");
    args.retain(|a| !a.starts_with("--"));
    let a = args.first().map(String::as_str).unwrap_or("provider-one.example");
    let b = args.get(1).map(String::as_str).unwrap_or("provider-two.example");
    let data = sample_data(a, b);
    let (admin_key, user_key) = (data.admin_key.clone(), data.user_api_key.clone());
    let panel = FakePanel::start(data)?;
    panel.set_quirks(|q| q.services_with_provider = with_provider);
    println!("fake panel v2: {}", panel.admin_v2_url());
    println!("fake panel v1: {}", panel.admin_v1_url());
    println!("fake user api: {}", panel.user_api_url());
    println!("admin key: {admin_key}");
    println!("user api key: {user_key}");
    tokio::signal::ctrl_c().await?;
    panel.stop().await;
    Ok(())
}
