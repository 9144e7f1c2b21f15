//! Pure rules about accounts: no IO.
use shared::api::Role;

pub const MIN_PASSWORD_LEN: usize = 10;
pub const MAX_PASSWORD_LEN: usize = 256;
pub const MAX_NAME_LEN: usize = 80;

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

pub fn looks_like_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Only this many characters are scored: the estimator's cost grows with length, and a prefix this
/// long that is strong makes the whole password strong.
const SCORED_PREFIX: usize = 64;

/// Refuses passwords that are short, blank, contain control characters, or that a maintained
/// strength estimator (zxcvbn) guesses in under 10^10 tries — counting `related` (the email, the
/// workspace name) as known words.
pub fn check_password_strength(password: &str, related: &[&str]) -> Result<(), String> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(format!("the password must have at least {MIN_PASSWORD_LEN} characters"));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(format!("the password must have at most {MAX_PASSWORD_LEN} characters"));
    }
    if password.chars().any(char::is_control) {
        return Err("the password must not contain control characters".into());
    }
    if password.trim().is_empty() {
        return Err("the password must not be only spaces".into());
    }
    let scored: String = password.chars().take(SCORED_PREFIX).collect();
    let mut words: Vec<&str> = Vec::new();
    for r in related {
        words.push(r);
        words.extend(r.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3));
    }
    let estimate = zxcvbn::zxcvbn(&scored, &words);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let hint = estimate
        .feedback()
        .and_then(|f| f.warning().map(|w| w.to_string()))
        .filter(|w| !w.is_empty())
        .map(|w| format!(" ({})", w.trim_end_matches('.')))
        .unwrap_or_default();
    Err(format!(
        "this password is too easy to guess{hint}; use a few unrelated words or a longer mix of letters, digits and symbols"
    ))
}

/// Characters that show nothing: zero-width spaces and joiners, bidirectional controls, the
/// soft hyphen, word joiners, the BOM, Hangul fillers. Two names that differ only by these look
/// the same, and bidi controls can make a name read as something else.
pub fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFEFF | 0xFFA0
        | 0xFFF0..=0xFFFB | 0x1D173..=0x1D17A | 0xE0000..=0xE007F)
}

/// A display name (workspace, panel, channel, API key, alias): NFKC-normalised (fullwidth and
/// compatibility forms become their plain letters), trimmed, 1..=80 characters, with no control
/// or invisible characters.
pub fn clean_name(name: &str, what: &str) -> Result<String, String> {
    use unicode_normalization::UnicodeNormalization;
    if name.chars().any(is_invisible) {
        return Err(format!("the {what} must not contain invisible characters (zero-width or direction marks)"));
    }
    let name: String = name.nfkc().collect();
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("the {what} must not be empty"));
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(format!("the {what} must have at most {MAX_NAME_LEN} characters"));
    }
    if name.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Err(format!("the {what} must not contain control characters"));
    }
    Ok(name.to_string())
}

pub fn role_from_db(text: &str) -> Option<Role> {
    match text {
        "master_admin" => Some(Role::MasterAdmin),
        "owner" => Some(Role::Owner),
        "staff" => Some(Role::Staff),
        "sandbox_visitor" => Some(Role::SandboxVisitor),
        _ => None,
    }
}

pub fn role_to_db(role: Role) -> &'static str {
    match role {
        Role::MasterAdmin => "master_admin",
        Role::Owner => "owner",
        Role::Staff => "staff",
        Role::SandboxVisitor => "sandbox_visitor",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        assert!(looks_like_email("owner@panel.example"));
        for bad in ["", "x", "@a.b", "a@b", "a@.b", "a b@c.d", "a@b.", "a@b\n.c"] {
            assert!(!looks_like_email(bad), "{bad:?}");
        }
        assert_eq!(normalize_email("  Owner@Panel.Example "), "owner@panel.example");
    }

    #[test]
    fn names_and_passwords() {
        assert_eq!(clean_name("  My Panel ", "name"), Ok("My Panel".into()));
        assert!(clean_name("   ", "name").is_err());
        assert!(clean_name(&"x".repeat(81), "name").is_err());
        assert!(clean_name("a\u{7}b", "name").is_err());
        assert_eq!(clean_name("Ｆａｓｔ Likes", "name"), Ok("Fast Likes".into()), "fullwidth letters are normalised");
        for hidden in ["Fast\u{200b}Likes", "Fast\u{202e}Likes", "\u{feff}Fast", "Fast\u{2066}x"] {
            assert!(clean_name(hidden, "name").is_err(), "{hidden:?}");
        }
        assert!(check_password_strength("short", &[]).is_err());
        assert!(check_password_strength("violet anchor 1 plum", &[]).is_ok());
    }

    #[test]
    fn weak_passwords_are_refused_with_a_helpful_message() {
        let email = "owner.maria@sunrise.example";
        for weak in [
            " ".repeat(10),
            "\0".repeat(10),
            "aaaaaaaaaa".to_string(),
            "1234567890".to_string(),
            "password123".to_string(),
            email.to_string(),
        ] {
            let err = check_password_strength(&weak, &[email, "Sunrise SMM"]).expect_err(&format!("{weak:?}"));
            assert!(err.contains("password"), "{err}");
        }
        for strong in ["correct horse battery staple", "violet anchor 1 plum", "Tq8#vL2!pZ9@"] {
            assert_eq!(check_password_strength(strong, &[email]), Ok(()), "{strong}");
        }
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::MasterAdmin, Role::Owner, Role::Staff, Role::SandboxVisitor] {
            assert_eq!(role_from_db(role_to_db(role)), Some(role));
        }
        assert_eq!(role_from_db("root"), None);
    }
}
