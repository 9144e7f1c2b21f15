//! Security headers on every response. The content security policy allows our own scripts, the
//! wasm bundle (`'wasm-unsafe-eval'`) and, by hash, the small inline loader Trunk writes into
//! `index.html`; nothing may frame us.
use std::path::Path;

use actix_web::middleware::DefaultHeaders;
use base64::Engine;
use sha2::Digest;

/// The hashes (`'sha256-…'`) of the inline scripts of the built SPA's `index.html`.
fn inline_script_hashes(index_html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end];
        let body_and_more = &after[tag_end + 1..];
        let Some(close) = body_and_more.find("</script>") else { break };
        if !tag.contains("src=") {
            let digest = sha2::Sha256::digest(&body_and_more.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &body_and_more[close..];
    }
    hashes
}

pub fn content_security_policy(dist: &Path) -> String {
    // The loaders of the three bundles: the workspace app, its account pages and the console.
    let hashes = ["index.html", "account/index.html", "admin/index.html"]
        .iter()
        .filter_map(|page| std::fs::read_to_string(dist.join(page)).ok())
        .flat_map(|html| inline_script_hashes(&html));
    let scripts = std::iter::once("'self' 'wasm-unsafe-eval'".to_string()).chain(hashes).collect::<Vec<_>>().join(" ");
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

pub fn headers(dist: &Path, public_url: Option<&str>) -> DefaultHeaders {
    let mut headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", content_security_policy(dist)))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    if public_url.is_some_and(|u| u.starts_with("https://")) {
        headers = headers.add(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"));
    }
    headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_loader_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<head><script src="/a.js"></script><script type="module">import init from '/f.js';await init();</script></head>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(b"import init from '/f.js';await init();"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }
}
