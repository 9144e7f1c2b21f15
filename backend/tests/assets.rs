//! How the workspace's files and answers travel: compressed when the browser accepts it (never
//! where a secret sits next to what the caller typed), hashed files cached for a year,
//! `index.html` revalidated, and a real favicon.
mod common;

use common::spawn_app_with;

async fn get(app: &common::TestApp, path: &str, encoding: &str) -> reqwest::Response {
    app.client.get(format!("{}{path}", app.base)).header("Accept-Encoding", encoding).send().await.expect("sent")
}

#[tokio::test]
async fn spa_files_are_compressed_and_cached_by_their_hash() {
    let dist = tempfile::tempdir().expect("tempdir");
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>PanelRelay</title><body></body>")
        .expect("index");
    // A stand-in for the wasm: large and compressible, like the real one.
    let wasm: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8 / 8).collect();
    std::fs::write(dist.path().join("frontend-3f9c0b1a2d3e4f50_bg.wasm"), &wasm).expect("wasm");
    let app = spawn_app_with(&[("PANELRELAY_DIST_DIR", &dist.path().display().to_string())]).await;

    let r = get(&app, "/frontend-3f9c0b1a2d3e4f50_bg.wasm", "gzip, deflate, br").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    let sent = r.bytes().await.expect("body").len();
    assert!(sent * 4 < wasm.len(), "brotli: {sent} bytes for {}", wasm.len());
    let r = get(&app, "/frontend-3f9c0b1a2d3e4f50_bg.wasm", "gzip").await;
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let r = get(&app, "/frontend-3f9c0b1a2d3e4f50_bg.wasm", "identity").await;
    assert!(r.headers().get("content-encoding").is_none_or(|e| e == "identity"));
    assert_eq!(r.bytes().await.expect("body").len(), wasm.len());

    for page in ["/", "/logs"] {
        let r = get(&app, page, "br").await;
        assert_eq!(r.headers()["cache-control"], "no-cache", "{page}");
        assert!(r.text().await.is_ok());
    }
    let icon = get(&app, "/favicon.ico", "").await;
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
    assert!(icon.text().await.expect("svg").starts_with("<svg"), "a real icon, not the SPA page");
}

/// The build writes brotli and gzip copies of the hashed files (frontend/precompress.mjs): they
/// are sent as they are, with the original's type, to browsers that take them.
#[tokio::test]
async fn precompressed_copies_are_sent_when_the_browser_takes_them() {
    let dist = tempfile::tempdir().expect("tempdir");
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>PanelRelay</title>").expect("index");
    let name = "frontend-3f9c0b1a2d3e4f50_bg.wasm";
    std::fs::write(dist.path().join(name), b"\0asm original bytes").expect("wasm");
    std::fs::write(dist.path().join(format!("{name}.br")), b"brotli copy").expect("br");
    std::fs::write(dist.path().join(format!("{name}.gz")), b"gzip copy").expect("gz");
    let app = spawn_app_with(&[("PANELRELAY_DIST_DIR", &dist.path().display().to_string())]).await;
    let path = format!("/{name}");
    for (accept, encoding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), "brotli copy"),
        ("gzip, deflate", Some("gzip"), "gzip copy"),
        ("br;q=0, gzip;q=0.8", Some("gzip"), "gzip copy"),
    ] {
        let r = get(&app, &path, accept).await;
        assert_eq!(r.status(), 200, "{accept}");
        assert_eq!(r.headers()["content-type"], "application/wasm", "{accept}");
        assert_eq!(r.headers().get("content-encoding").and_then(|v| v.to_str().ok()), encoding, "{accept}");
        assert_eq!(r.headers()["vary"], "accept-encoding");
        assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
        assert_eq!(r.text().await.expect("body"), body, "{accept}");
    }
    let r = get(&app, &path, "identity").await;
    assert!(r.headers().get("content-encoding").is_none_or(|e| e == "identity"));
    assert_eq!(r.bytes().await.expect("body").as_ref(), b"\0asm original bytes");
    // A hashed name that does not exist is a 404, not the SPA page.
    let r = get(&app, "/frontend-0000000000000000_bg.wasm", "br").await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn json_is_compressed_except_next_to_secrets() {
    let app = common::spawn_app().await;
    let owner = app.signup("assets-owner@b.co", "Assets Workspace").await;
    let r = app
        .client
        .get(format!("{}/api/openapi.json", app.base))
        .header("Accept-Encoding", "br")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.headers()["content-encoding"], "br", "large JSON is compressed");
    // A sign-in answer holds tokens next to the email the caller typed: never compressed (BREACH).
    let login = app
        .client
        .post(format!("{}/api/auth/login", app.base))
        .header("Accept-Encoding", "gzip, br")
        .json(&serde_json::json!({"email": "assets-owner@b.co", "password": "correct horse 1"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(login.status(), 200);
    assert!(login.headers().get("content-encoding").is_none_or(|e| e == "identity"));
    assert!(login.text().await.expect("body").contains("access_token"));
    drop(owner);
}

/// Three bundles: the workspace app at `/`, its account pages (Billing, Support) and the master
/// admin console under `/admin/`, each page served its own `index.html`, and each inline loader
/// allowed by its hash in the content security policy.
#[tokio::test]
async fn the_account_pages_and_the_console_are_bundles_of_their_own() {
    let dist = tempfile::tempdir().expect("tempdir");
    let page =
        |script: &str| format!("<!doctype html><title>{script}</title><script type=\"module\">{script}</script>");
    std::fs::write(dist.path().join("index.html"), page("workspace()")).expect("index");
    for (dir, script) in [("account", "account()"), ("admin", "console()")] {
        std::fs::create_dir(dist.path().join(dir)).expect("dir");
        std::fs::write(dist.path().join(dir).join("index.html"), page(script)).expect("index");
        std::fs::write(dist.path().join(dir).join(format!("{dir}-3f9c0b1a2d3e4f50.js")), format!("// {dir}"))
            .expect("js");
    }
    let app = spawn_app_with(&[("PANELRELAY_DIST_DIR", &dist.path().display().to_string())]).await;
    for (path, title) in [
        ("/", "workspace()"),
        ("/logs", "workspace()"),
        ("/billing", "account()"),
        ("/billing/invoices/abc", "account()"),
        ("/support/xyz", "account()"),
        ("/admin/customers", "console()"),
        ("/admin/support/abc", "console()"),
    ] {
        let r = get(&app, path, "").await;
        assert_eq!(r.status(), 200, "{path}");
        let csp = r.headers()["content-security-policy"].to_str().expect("csp").to_string();
        assert!(r.text().await.expect("html").contains(&format!("<title>{title}</title>")), "{path}");
        assert_eq!(csp.matches("'sha256-").count(), 3, "every bundle's loader is allowed: {csp}");
    }
    let r = get(&app, "/account/account-3f9c0b1a2d3e4f50.js", "").await;
    assert_eq!((r.status().as_u16(), r.text().await.expect("js")), (200, "// account".to_string()));
    let r = get(&app, "/admin/admin-3f9c0b1a2d3e4f50.js", "").await;
    assert_eq!(r.status(), 200);
    // The API keeps its own answers under the same words.
    let r = get(&app, "/api/support/tickets", "").await;
    assert_eq!(r.status(), 401);
}
