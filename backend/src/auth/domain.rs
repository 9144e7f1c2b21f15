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

pub fn check_password_strength(password: &str) -> Result<(), String> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_LEN {
        return Err(format!("the password must have at least {MIN_PASSWORD_LEN} characters"));
    }
    if len > MAX_PASSWORD_LEN {
        return Err(format!("the password must have at most {MAX_PASSWORD_LEN} characters"));
    }
    Ok(())
}

/// A display name (workspace, API key): trimmed, 1..=80 characters, no control characters.
pub fn clean_name(name: &str, what: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("the {what} must not be empty"));
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(format!("the {what} must have at most {MAX_NAME_LEN} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err(format!("the {what} must not contain control characters"));
    }
    Ok(name.to_string())
}

pub fn role_from_db(text: &str) -> Option<Role> {
    match text {
        "master_admin" => Some(Role::MasterAdmin),
        "owner" => Some(Role::Owner),
        "staff" => Some(Role::Staff),
        _ => None,
    }
}

pub fn role_to_db(role: Role) -> &'static str {
    match role {
        Role::MasterAdmin => "master_admin",
        Role::Owner => "owner",
        Role::Staff => "staff",
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
        assert!(check_password_strength("short").is_err());
        assert!(check_password_strength("long enough pw").is_ok());
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::MasterAdmin, Role::Owner, Role::Staff] {
            assert_eq!(role_from_db(role_to_db(role)), Some(role));
        }
        assert_eq!(role_from_db("root"), None);
    }
}
