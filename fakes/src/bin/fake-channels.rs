//! `fake-channels`: runs the fake Telegram Bot API and the fake Green API on 127.0.0.1 (free
//! ports) until stopped, with one bot and one WhatsApp instance, and prints their addresses and
//! credentials — for the browser tests and for trying the channels without real accounts.
use fakes::greenapi::FakeGreenApi;
use fakes::telegram::FakeTelegram;

pub const BOT_TOKEN: &str = "7012345678:AAF-sandbox-fake-token_0123456789";
pub const INSTANCE_ID: i64 = 3_301_448_207;
pub const INSTANCE_TOKEN: &str = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49";

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let telegram = FakeTelegram::start()?;
    telegram.add_bot(BOT_TOKEN, "sandbox_support_bot", "Sandbox Support");
    let green = FakeGreenApi::start()?;
    green.add_instance(INSTANCE_ID, INSTANCE_TOKEN);
    println!("fake telegram: {}", telegram.api_url());
    println!("bot token: {BOT_TOKEN}");
    println!("fake greenapi: {}", green.api_url());
    println!("instance id: {INSTANCE_ID}");
    println!("instance token: {INSTANCE_TOKEN}");
    tokio::signal::ctrl_c().await?;
    telegram.stop().await;
    green.stop().await;
    Ok(())
}
