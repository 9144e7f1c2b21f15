//! Pure rules for panels: input validation and what panel failures mean for the owner.
use shared::panels::ConnectionOutcome;

use super::client::PanelError as Failure;
use crate::error::AppError;

pub const DEFAULT_RPS: u32 = 5;
pub const MAX_RPS: u32 = 100;

/// An http(s) URL without credentials, trimmed of trailing slashes.
pub fn clean_url(input: &str, what: &str) -> Result<String, String> {
    let url = input.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(h) if !h.is_empty() && !h.contains('@') && !url.contains(char::is_whitespace) && url.len() <= 500 => {
            Ok(url.to_string())
        }
        _ => Err(format!("the {what} must be a full address like https://yourpanel.com/adminapi/v2")),
    }
}

pub fn clean_key(input: &str, what: &str) -> Result<String, String> {
    let key = input.trim();
    if key.is_empty() || key.len() > 500 || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("the {what} must be the key from your panel's settings, without spaces"));
    }
    Ok(key.to_string())
}

pub fn clean_rps(rps: Option<u32>) -> Result<u32, String> {
    match rps.unwrap_or(DEFAULT_RPS) {
        n if (1..=MAX_RPS).contains(&n) => Ok(n),
        _ => Err(format!("requests per second must be between 1 and {MAX_RPS}")),
    }
}

pub fn clean_timeout(secs: Option<u32>) -> Result<u32, String> {
    match secs.unwrap_or(15) {
        n if (1..=120).contains(&n) => Ok(n),
        _ => Err("the timeout must be between 1 and 120 seconds".into()),
    }
}

/// The service list's refresh interval in hours: default 6, 0 = only by hand, at most a week.
pub fn clean_refresh_hours(hours: Option<u32>) -> Result<i32, String> {
    match hours.unwrap_or(6) {
        n if n <= 168 => Ok(n as i32),
        _ => Err("the service list refresh must be between 0 (only by hand) and 168 hours".into()),
    }
}

pub fn clean_user_param(p: Option<String>) -> Result<String, String> {
    match p.as_deref().map(str::trim) {
        None | Some("") | Some("user") => Ok("user".into()),
        Some("username") => Ok("username".into()),
        Some(other) => Err(format!("the orders user filter must be user or username, not {other:?}")),
    }
}

/// Panel order ids are whole numbers: 1 to 20 digits, no sign, no leading zero.
pub fn clean_order_id(input: &str) -> Result<String, String> {
    let id = input.trim();
    let ok = !id.is_empty() && id.len() <= 20 && id.chars().all(|c| c.is_ascii_digit()) && !id.starts_with('0');
    if ok {
        Ok(id.to_string())
    } else {
        Err(format!("{input:?} is not an order id: use the number from your panel's Orders page"))
    }
}

/// "Test connection" in words an owner can act on.
pub fn outcome_of(result: &Result<(), Failure>) -> (ConnectionOutcome, String) {
    use ConnectionOutcome::*;
    match result {
        Ok(()) => (Connected, "Connected: the Admin API answered with this key.".into()),
        Err(Failure::Unauthorized) => (KeyRejected, "The panel rejected the admin key. Copy the Admin API key again from your panel's settings.".into()),
        Err(Failure::EndpointMissing | Failure::NonJson { .. }) => {
            (NotAdminApi, "This address is not an Admin API. Check the base URL (it ends in /adminapi/v2 or /adminapi/v1) and that the Admin API is enabled.".into())
        }
        Err(Failure::Cloudflare) => (Cloudflare, "Cloudflare blocked the request with a challenge page. Allow our server's IP or turn the challenge off for /adminapi/.".into()),
        Err(Failure::Unreachable(_)) => (Unreachable, "The panel cannot be reached. Check the domain and that the site is online.".into()),
        Err(Failure::Timeout) => (TimedOut, "The panel did not answer in time. Try again, or check that it is not overloaded.".into()),
        Err(Failure::RateLimited { .. }) => (RateLimited, "The panel is rate limiting us. Wait a minute or lower the requests per second.".into()),
        Err(Failure::Redirected) => (NotAdminApi, "The panel redirected to another address. Enter the final URL (for example with https:// and the right www), ending in /adminapi/v2 or /adminapi/v1.".into()),
        Err(Failure::Refused(why)) => (Unreachable, format!("PanelRelay does not call this address: {why}.")),
        Err(e) => (ConnectionOutcome::PanelError, format!("The panel answered, but not as expected: {e}.")),
    }
}

pub fn outcome_name(o: ConnectionOutcome) -> &'static str {
    use ConnectionOutcome::*;
    match o {
        Connected => "connected",
        KeyRejected => "key_rejected",
        NotAdminApi => "not_admin_api",
        Cloudflare => "cloudflare",
        Unreachable => "unreachable",
        TimedOut => "timed_out",
        RateLimited => "rate_limited",
        PanelError => "panel_error",
    }
}

pub fn outcome_from_name(s: &str) -> Option<ConnectionOutcome> {
    use ConnectionOutcome::*;
    [Connected, KeyRejected, NotAdminApi, Cloudflare, Unreachable, TimedOut, RateLimited, PanelError]
        .into_iter()
        .find(|o| outcome_name(*o) == s)
}

/// A panel failure during a request, as the API reports it. Panel texts are not passed on
/// (they could name a provider); the owner gets what to do.
pub fn app_error(e: Failure, order_id: Option<&str>) -> AppError {
    match e {
        Failure::NotFound => AppError::Panel(match order_id {
            Some(id) => format!("order {id} was not found on the panel"),
            None => "not found on the panel".into(),
        }),
        Failure::RateLimited { retry_after_secs } => {
            AppError::PanelRateLimited { retry_after_secs: retry_after_secs.unwrap_or(60) }
        }
        Failure::Api { code, .. } => AppError::Panel(format!("the panel reported an error (code {code})")),
        other => AppError::Panel(outcome_of(&Err(other)).1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_ids_are_positive_whole_numbers_of_up_to_20_digits() {
        assert_eq!(clean_order_id(" 2274209 ").as_deref(), Ok("2274209"));
        for bad in ["", "-5", "0", "012", "12a", "1.5", &"9".repeat(40), "1 2"] {
            assert!(clean_order_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_keys_and_rates_are_checked() {
        assert_eq!(clean_url("https://p.example/adminapi/v2/", "URL").as_deref(), Ok("https://p.example/adminapi/v2"));
        for bad in ["p.example", "ftp://p.example", "https://", "https://user:pw@p.example", "https://a b"] {
            assert!(clean_url(bad, "URL").is_err(), "{bad}");
        }
        assert!(
            clean_key("  ", "key").is_err() && clean_key("ab cd", "key").is_err() && clean_key("abc", "key").is_ok()
        );
        assert_eq!(clean_rps(None), Ok(5));
        assert!(clean_rps(Some(0)).is_err() && clean_rps(Some(1000)).is_err());
    }

    #[test]
    fn every_outcome_round_trips_and_has_advice() {
        for e in [
            Failure::Unauthorized,
            Failure::EndpointMissing,
            Failure::Cloudflare,
            Failure::Timeout,
            Failure::Unreachable("x".into()),
            Failure::Malformed,
        ] {
            let (o, message) = outcome_of(&Err(e));
            assert_eq!(outcome_from_name(outcome_name(o)), Some(o));
            assert!(message.len() > 20);
        }
    }
}

/// A base URL without an Admin API path (`https://mypanel.com`): the address it most likely
/// means, for the error. `None` when the path already names an Admin API (or anything else
/// deliberate, such as a proxy path that contains `adminapi`).
pub fn admin_api_suggestion(url: &str, kind: shared::panels::PanelKind) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    if parsed.path().to_lowercase().contains("adminapi") {
        return None;
    }
    let version = match kind {
        shared::panels::PanelKind::AdminapiV1 => "v1",
        _ => "v2",
    };
    Some(format!("{}/adminapi/{version}", url.trim_end_matches('/')))
}

#[cfg(test)]
mod suggestion_tests {
    use super::admin_api_suggestion;
    use shared::panels::PanelKind;

    #[test]
    fn a_bare_domain_gets_the_admin_api_path_suggested() {
        assert_eq!(
            admin_api_suggestion("https://mypanel.com", PanelKind::PerfectpanelV2).as_deref(),
            Some("https://mypanel.com/adminapi/v2")
        );
        assert_eq!(
            admin_api_suggestion("https://mypanel.com/", PanelKind::AdminapiV1).as_deref(),
            Some("https://mypanel.com/adminapi/v1")
        );
        assert_eq!(admin_api_suggestion("https://mypanel.com/adminapi/v2", PanelKind::PerfectpanelV2), None);
        assert_eq!(admin_api_suggestion("https://proxy.example/shop/AdminAPI/v2", PanelKind::PerfectpanelV2), None);
    }
}
