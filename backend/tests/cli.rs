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
