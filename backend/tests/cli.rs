//! The operator CLI, run as a real process.
use std::process::Command;

fn panelrelay(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_panelrelay")).args(args).output().expect("run panelrelay");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_command_prints_one_json_object() {
    let (code, out, _) = panelrelay(&["check-command", "2274209, 2274210 refill"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!(v, serde_json::json!({"command": "refill", "ids": ["2274209", "2274210"]}));
    let (_, out, _) = panelrelay(&["check-command", "hello there"]);
    assert_eq!(out.trim(), r#"{"command":"silent","ids":[]}"#);
}

#[test]
fn check_command_without_text_is_a_usage_error() {
    let (code, out, err) = panelrelay(&["check-command"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("usage"), "{err}");
    let (code, _, err) = panelrelay(&["no-such-command"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown command"));
}

#[test]
fn check_service_prints_refill_and_start_time() {
    let (code, out, _) =
        panelrelay(&["check-service", "--name", "Instagram Followers [Refill: 30 Days] [Start: 0-1 Hour]"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert_eq!((v["refill"].clone(), v["start_max_hours"].clone()), (serde_json::json!(30), serde_json::json!(1.0)));
    let (_, out, _) =
        panelrelay(&["check-service", "--name", "Likes", "--description", "No refill", "--category", "Likes"]);
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("json");
    assert_eq!(
        (v["refill"].clone(), v["start_max_hours"].clone()),
        (serde_json::json!("none"), serde_json::Value::Null)
    );
    let (_, out, _) = panelrelay(&["check-service", "--name", "Views [R∞] Instant"]);
    assert!(out.contains(r#""refill":"lifetime""#) && out.contains(r#""start_max_hours":0.0"#), "{out}");
}

#[test]
fn check_service_usage_errors_are_clear() {
    for args in [&["check-service"][..], &["check-service", "--name"], &["check-service", "--nme", "x"]] {
        let (code, out, err) = panelrelay(args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(err.contains("usage") || err.contains("needs a value"), "{err}");
    }
}
