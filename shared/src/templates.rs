//! Reply and message templates: `{name}` variables filled in (the server's replies and provider
//! messages, and the workspace's previews use the same function).

/// Fills `{name}` variables; unknown ones stay as written.
pub fn render(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in vars {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_variables_are_filled_and_unknown_ones_stay() {
        let out =
            super::render("{order_id} is {status} {nope}", &[("order_id", "7".into()), ("status", "done".into())]);
        assert_eq!(out, "7 is done {nope}");
    }
}
