//! `fake-channels`: runs the fake Telegram Bot API and the fake Green API on 127.0.0.1 (free
//! ports) until stopped, with one bot and one WhatsApp instance, and prints their addresses and
//! credentials — for the browser tests and for trying the channels without real accounts.
use fakes::greenapi::FakeGreenApi;
use fakes::telegram::FakeTelegram;

const BOT_TOKEN: &str = "7099887766:AAE-e2e-fake-token_9876543210abc";
const INSTANCE_ID: i64 = 1_101_000_042;
const INSTANCE_TOKEN: &str = "f00dfeed0123456789abcdef01234567";
// A second bot and number, for a second workspace (an account belongs to one workspace at a time).
const BOT_TOKEN_2: &str = "7099887767:AAE-e2e-fake-token_second_bot_0";
const INSTANCE_ID_2: i64 = 1_101_000_043;
const INSTANCE_TOKEN_2: &str = "f00dfeed0123456789abcdef0second2";

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let telegram = FakeTelegram::start()?;
    telegram.add_bot(BOT_TOKEN, "relay_test_bot", "Relay Test");
    let green = FakeGreenApi::start()?;
    green.add_instance(INSTANCE_ID, INSTANCE_TOKEN);
    telegram.add_bot(BOT_TOKEN_2, "relay_second_bot", "Relay Second");
    green.add_instance(INSTANCE_ID_2, INSTANCE_TOKEN_2);
    println!("fake telegram: {}", telegram.api_url());
    println!("bot token: {BOT_TOKEN}");
    println!("fake greenapi: {}", green.api_url());
    println!("instance id: {INSTANCE_ID}");
    println!("bot token 2: {BOT_TOKEN_2}");
    println!("instance id 2: {INSTANCE_ID_2}");
    println!("instance token 2: {INSTANCE_TOKEN_2}");
    // Printed last: the browser tests wait for this line.
    println!("instance token: {INSTANCE_TOKEN}");
    tokio::signal::ctrl_c().await?;
    telegram.stop().await;
    green.stop().await;
    Ok(())
}
