//! The layers point one way: HTTP (routes, extractors, `AppState`, start-up) → context services
//! → repos → `db`. This test reads every source file under `backend/src` and fails when a
//! module below HTTP names `AppState`/`crate::state`, when `db` names any context, when a repo
//! or a pure domain file names a service, a route or the runtime, or when a foundation module
//! (cache, config, error, outbound, secrets, telemetry) names a context other than its pure
//! `domain`. The rules are checked against made-up files first, so the test can fail.
use std::path::Path;

/// Files that make up the HTTP layer and the start-up (they may hold `AppState`).
fn is_http_layer(path: &str) -> bool {
    matches!(path, "lib.rs" | "main.rs" | "state.rs" | "auth/extractors.rs")
        || path.starts_with("http/")
        || path.starts_with("bin/")
        || path.starts_with("sandbox/")
        || path.ends_with("routes.rs")
}

const FOUNDATION: [&str; 7] = ["cache", "config", "error", "outbound", "secrets", "telemetry", "db"];

/// The `crate::x` (and `crate::x::y`) paths a line of code names, outside comments.
fn named_paths(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let tail = &rest[i + 7..];
            let end = tail.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(tail.len());
            out.push((n + 1, tail[..end].trim_end_matches(':').to_string()));
            rest = &tail[end..];
        }
        if code.contains("AppState") {
            out.push((n + 1, "state::AppState".to_string()));
        }
    }
    out
}

/// What is wrong with one file (its path relative to `src`), in words.
fn violations(path: &str, source: &str) -> Vec<String> {
    let mut found = Vec::new();
    let top = |p: &str| p.split("::").next().unwrap_or("").to_string();
    let file_top = path.split('/').next().unwrap_or("").trim_end_matches(".rs").to_string();
    let file_name = path.rsplit('/').next().unwrap_or("");
    for (line, named) in named_paths(source) {
        let module = top(&named);
        let at = format!("{path}:{line} names crate::{named}");
        if module == "state" && !is_http_layer(path) {
            found.push(format!("{at}: only the HTTP layer holds AppState; pass the handle the code needs"));
        }
        if module == "http" && !is_http_layer(path) {
            found.push(format!("{at}: only the HTTP layer uses the http module"));
        }
        if file_top == "db" && !matches!(module.as_str(), "db" | "error") {
            found.push(format!("{at}: db imports no context"));
        }
        let below_services = file_name == "repo.rs" || file_name == "domain.rs";
        let upper = ["routes", "service", "pipeline", "runtime", "engine", "handle", "outbox", "commit", "start"];
        if below_services && named.split("::").skip(1).any(|part| upper.contains(&part)) {
            found.push(format!("{at}: a repo or domain file names no service, route or runtime"));
        }
        if file_name == "domain.rs" && module == "db" {
            found.push(format!("{at}: a domain file is pure (no database)"));
        }
        let is_foundation = FOUNDATION.contains(&file_top.as_str()) && file_top != "db";
        let names_pure_domain = named.split("::").nth(1) == Some("domain");
        if is_foundation && !FOUNDATION.contains(&module.as_str()) && !names_pure_domain {
            found.push(format!("{at}: a foundation module names no context (only a pure domain)"));
        }
    }
    found
}

fn sources(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(base).map(|p| p.to_string_lossy().replace('\\', "/")).unwrap_or_default();
            out.push((rel, std::fs::read_to_string(&path).unwrap_or_default()));
        }
    }
}

#[test]
fn the_rules_catch_what_they_are_for() {
    let bad = [
        ("commands/pipeline.rs", "use crate::state::AppState;", "AppState"),
        ("channels/runtime.rs", "fn f(s: &AppState) {}", "AppState"),
        ("db/txn.rs", "use crate::commands::engine::Engine;", "db imports no context"),
        ("routing/repo.rs", "use crate::providers::service::upsert;", "repo or domain"),
        ("settings/domain.rs", "use crate::db::entities::tenants;", "pure"),
        ("cache.rs", "use crate::commands::cache::ConfigCache;", "foundation"),
        ("dispatch/outbox.rs", "use crate::http::errors::X;", "http module"),
    ];
    for (path, source, expected) in bad {
        let found = violations(path, source);
        assert!(found.iter().any(|v| v.contains(expected)), "{path}: {source} → {found:?}");
    }
    let good = [
        ("panels/routes.rs", "use crate::state::AppState; use crate::panels::repo;"),
        ("commands/pipeline.rs", "use crate::commands::engine::Engine; // an AppState in a comment"),
        ("db/handle.rs", "use crate::error::AppError;"),
        ("config.rs", "crate::auth::domain::normalize_email(x)"),
        ("chats/repo.rs", "use crate::auth::repo::x;"),
    ];
    for (path, source) in good {
        assert_eq!(violations(path, source), Vec::<String>::new(), "{path}: {source}");
    }
}

#[test]
fn every_module_keeps_to_its_layer() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&base, &base, &mut files);
    assert!(files.len() > 50, "the sources were read ({} files)", files.len());
    let found: Vec<String> = files.iter().flat_map(|(path, source)| violations(path, source)).collect();
    assert!(found.is_empty(), "{} layering violations:\n{}", found.len(), found.join("\n"));
}
