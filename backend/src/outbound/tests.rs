use super::*;

fn strict() -> Arc<OutboundPolicy> {
    OutboundPolicy::new(false, false)
}

#[test]
fn inside_addresses_are_refused_in_every_notation() {
    let p = strict();
    for url in [
        "http://127.0.0.1/adminapi/v2",
        "http://localhost:8080/adminapi/v2",
        "http://LOCALHOST./x",
        "http://foo.localhost/x",
        "http://2130706433/adminapi/v2",
        "http://0x7f.1/x",
        "http://0177.0.0.1/x",
        "http://127.1/x",
        "http://[::1]/x",
        "http://[::ffff:127.0.0.1]/x",
        "http://[::ffff:7f00:1]/x",
        "http://[64:ff9b::a00:1]/x",
        "http://[::ffff:0:7f00:1]/x",
        "http://[64:ff9b:1::a00:1]/x",
        "http://[2002:c0a8:101::]/x",
        "http://[fd00::1]/x",
        "http://[fe80::1]/x",
        "http://0.0.0.0/x",
        "http://10.1.2.3/x",
        "http://172.16.0.1/x",
        "http://172.31.255.255/x",
        "http://192.168.1.1/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/x",
        "http://224.0.0.1/x",
        "http://255.255.255.255/x",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://metadata/x",
        "http://router.lan/x",
        "http://printer.local/x",
    ] {
        assert!(matches!(p.check(url), Err(Refused::NotPublic(_))), "{url} was allowed");
    }
}

#[test]
fn public_addresses_and_names_pass_and_odd_urls_are_refused() {
    let p = strict();
    for url in
        ["https://mypanel.com/adminapi/v2", "https://8.8.8.8/x", "http://[2606:4700::1111]/x", "https://172.32.0.1/x"]
    {
        assert_eq!(p.check(url).map(|_| ()), Ok(()), "{url}");
    }
    assert_eq!(p.check("ftp://mypanel.com/").map(|_| ()), Err(Refused::NotAUrl));
    assert_eq!(p.check("https://user:pw@mypanel.com/").map(|_| ()), Err(Refused::Credentials));
    assert_eq!(p.check("not a url").map(|_| ()), Err(Refused::NotAUrl));
}

#[test]
fn the_operator_switch_and_the_sandbox_exemption() {
    assert!(OutboundPolicy::new(true, false).check("http://127.0.0.1:9/x").is_ok());
    let p = strict();
    p.exempt_origin("http://127.0.0.1:4545/adminapi/v2");
    assert!(p.check("http://127.0.0.1:4545/other").is_ok());
    assert!(p.check("http://127.0.0.1:4546/other").is_err());
}

#[test]
fn channel_apis_are_the_official_ones_unless_allowed() {
    let p = strict();
    assert!(p.check_channel_api(ChannelApi::Telegram, "https://api.telegram.org").is_ok());
    assert!(p.check_channel_api(ChannelApi::Telegram, "https://evil.example").is_err());
    assert!(p.check_channel_api(ChannelApi::Telegram, "http://api.telegram.org").is_err());
    assert!(p.check_channel_api(ChannelApi::GreenApi, "https://3301.api.greenapi.com").is_ok());
    assert!(p.check_channel_api(ChannelApi::GreenApi, "https://api.green-api.com").is_ok());
    assert!(p.check_channel_api(ChannelApi::GreenApi, "https://greenapi.com.evil.example").is_err());
    assert!(p.check_channel_api(ChannelApi::GreenApi, "https://evilgreenapi.com").is_err());
    // A path or fragment could point the method URL at another instance than the one claimed.
    for steering in [
        "https://api.green-api.com/waInstance1101/getStateInstance/theirtoken#",
        "https://api.green-api.com/x?y=1",
        "https://api.telegram.org/bot123:abc/",
    ] {
        let api = if steering.contains("telegram") { ChannelApi::Telegram } else { ChannelApi::GreenApi };
        assert!(p.check_channel_api(api, steering).is_err(), "{steering}");
        assert!(!p.is_official(api, steering), "{steering}");
    }
    let custom = OutboundPolicy::new(false, true);
    assert!(custom.check_channel_api(ChannelApi::Telegram, "https://bots.example.org").is_ok());
    assert!(custom.check_channel_api(ChannelApi::Telegram, "http://127.0.0.1:8081").is_err());
}

#[tokio::test]
async fn a_name_that_resolves_inside_is_refused_at_connect_time() {
    // `localhost` resolves to 127.0.0.1 here; the resolver refuses it even if a caller skipped
    // the URL check (as a name re-pointed after it was saved would).
    let policy = strict();
    let client = policy.default_client();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let err = client.get(format!("http://localhost:{port}/")).send().await.expect_err("refused");
    assert!(err.is_connect() || err.to_string().contains("error sending request"), "{err}");
}
