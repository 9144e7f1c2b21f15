//! The one policy for every call we make to an address a tenant gave us (panel Admin and user
//! APIs, Telegram and Green API): only public addresses, no redirects, no proxy from the
//! environment. Host names are checked when the connection is made (our resolver drops every
//! address that is not public), so a name that resolves to a public address when saved and to
//! 127.0.0.1 later (DNS rebinding) still cannot reach the inside. Literal addresses, in any
//! notation the URL parser accepts (`2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`), are checked
//! before each request.
use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Telegram's one Bot API address.
pub const TELEGRAM_API_HOST: &str = "api.telegram.org";
/// Green API's own domains (`https://3301.api.greenapi.com`, `https://api.green-api.com`, ...).
pub const GREEN_API_DOMAINS: [&str; 2] = ["greenapi.com", "green-api.com"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("the address is not a valid http(s) URL")]
    NotAUrl,
    #[error("the address must not contain a user name or password")]
    Credentials,
    #[error(
        "{0} is a private, local or reserved network address; PanelRelay only calls addresses on the public internet"
    )]
    NotPublic(String),
    #[error("{0}")]
    NotOfficial(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelApi {
    Telegram,
    GreenApi,
}

#[derive(Debug, Default)]
pub struct OutboundPolicy {
    allow_private: bool,
    allow_custom_channel_apis: bool,
    /// `host:port` of servers this process started itself (the sandbox's fakes).
    exempt: RwLock<HashSet<String>>,
}

impl OutboundPolicy {
    pub fn new(allow_private: bool, allow_custom_channel_apis: bool) -> Arc<Self> {
        Arc::new(Self { allow_private, allow_custom_channel_apis, exempt: RwLock::default() })
    }

    /// Everything allowed: for tests of a client against the project's fakes.
    pub fn permissive() -> Arc<Self> {
        Self::new(true, true)
    }

    /// Lets calls reach a server this process started (the sandbox's built-in fakes).
    pub fn exempt_origin(&self, url: &str) {
        if let Some(origin) = Url::parse(url).ok().and_then(|u| origin_of(&u)) {
            self.exempt.write().unwrap_or_else(|p| p.into_inner()).insert(origin);
        }
    }

    fn is_exempt(&self, url: &Url) -> bool {
        origin_of(url).is_some_and(|o| self.exempt.read().unwrap_or_else(|p| p.into_inner()).contains(&o))
    }

    pub fn ip_allowed(&self, ip: IpAddr) -> bool {
        self.allow_private || is_public(ip)
    }

    /// Checks an address before it is saved or called. Host names are checked again, address by
    /// address, when the connection is made.
    pub fn check_url(&self, url: &Url) -> Result<(), Refused> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refused::NotAUrl);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Refused::Credentials);
        }
        if self.is_exempt(url) || self.allow_private {
            return Ok(());
        }
        match url.host() {
            None => Err(Refused::NotAUrl),
            Some(url::Host::Ipv4(ip)) => check_ip(IpAddr::V4(ip)),
            Some(url::Host::Ipv6(ip)) => check_ip(IpAddr::V6(ip)),
            Some(url::Host::Domain(name)) => check_name(name),
        }
    }

    pub fn check(&self, url: &str) -> Result<Url, Refused> {
        let parsed = Url::parse(url.trim()).map_err(|_| Refused::NotAUrl)?;
        self.check_url(&parsed)?;
        Ok(parsed)
    }

    /// Whether `url` is the service's own address (Telegram's Bot API, a Green API domain), so a
    /// token it accepted proves who owns the bot or instance.
    pub fn is_official(&self, api: ChannelApi, url: &str) -> bool {
        let Ok(parsed) = Url::parse(url.trim()) else { return false };
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        let https = parsed.scheme() == "https" && parsed.port().is_none();
        // A bare origin: a path, query or fragment could steer the method URL built after it
        // (`…/waInstance{theirs}/…/{token}#`) to another account than the one being claimed.
        let bare = matches!(parsed.path(), "" | "/") && parsed.query().is_none() && parsed.fragment().is_none();
        https
            && bare
            && match api {
                ChannelApi::Telegram => host == TELEGRAM_API_HOST,
                ChannelApi::GreenApi => {
                    GREEN_API_DOMAINS.iter().any(|d| host == *d || host.ends_with(&format!(".{d}")))
                }
            }
    }

    /// A channel's API address: the official one unless the operator allows others
    /// (`PANELRELAY_ALLOW_CUSTOM_CHANNEL_APIS`), and in every case a permitted address with no
    /// query or fragment.
    pub fn check_channel_api(&self, api: ChannelApi, url: &str) -> Result<Url, Refused> {
        let parsed = self.check(url)?;
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Refused::NotOfficial("the API address must not have a query or a # part".into()));
        }
        if self.allow_custom_channel_apis || self.is_exempt(&parsed) {
            return Ok(parsed);
        }
        match api {
            _ if self.is_official(api, url) => Ok(parsed),
            ChannelApi::Telegram => {
                Err(Refused::NotOfficial(format!("the Telegram API address must be https://{TELEGRAM_API_HOST}")))
            }
            ChannelApi::GreenApi => Err(Refused::NotOfficial(
                "the Green API address must be the apiUrl from your Green API console (https://….api.greenapi.com or https://api.green-api.com)".into(),
            )),
        }
    }

    /// A client for calls to tenant-given addresses: this policy's resolver, no redirects (a
    /// redirect would carry a key to another origin), no proxy from the environment.
    pub fn client(self: &Arc<Self>, builder: reqwest::ClientBuilder) -> reqwest::Client {
        builder
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(PolicyResolver(self.clone())))
            .build()
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "outbound HTTP client could not be built with its settings");
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .no_proxy()
                    .dns_resolver(Arc::new(PolicyResolver(self.clone())))
                    .build()
                    .unwrap_or_default()
            })
    }

    /// The general client: a 10 s connect timeout and our user agent.
    pub fn default_client(self: &Arc<Self>) -> reqwest::Client {
        self.client(
            reqwest::Client::builder()
                .user_agent(concat!("PanelRelay/", env!("CARGO_PKG_VERSION")))
                .connect_timeout(Duration::from_secs(10)),
        )
    }
}

fn origin_of(url: &Url) -> Option<String> {
    Some(format!("{}:{}", url.host_str()?, url.port_or_known_default()?))
}

fn check_ip(ip: IpAddr) -> Result<(), Refused> {
    if is_public(ip) { Ok(()) } else { Err(Refused::NotPublic(ip.to_string())) }
}

/// Names that never mean a public host: no dot (resolved through local search domains), and the
/// suffixes reserved for local networks and cloud metadata services.
fn check_name(name: &str) -> Result<(), Refused> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    const LOCAL_SUFFIXES: [&str; 6] = ["localhost", "local", "internal", "localdomain", "home.arpa", "lan"];
    let local = !name.contains('.') || LOCAL_SUFFIXES.iter().any(|s| name == *s || name.ends_with(&format!(".{s}")));
    if local { Err(Refused::NotPublic(name)) } else { Ok(()) }
}

/// True for addresses on the public internet; false for loopback, private, link-local, CGNAT,
/// unique-local, multicast, unspecified, documentation and other reserved ranges, including IPv4
/// addresses wrapped in IPv6 (mapped, compatible, NAT64, 6to4).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let reserved = a == 0                               // "this network", 0.0.0.0
        || a == 10                                      // private
        || a == 127                                     // loopback
        || (a == 100 && (64..128).contains(&b))         // CGNAT 100.64/10
        || (a == 169 && b == 254)                       // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))          // private
        || (a == 192 && b == 0 && c == 0)               // IETF protocol assignments
        || (a == 192 && b == 0 && c == 2)               // documentation
        || (a == 192 && b == 88 && c == 99)             // 6to4 relay anycast
        || (a == 192 && b == 168)                       // private
        || (a == 198 && (18..20).contains(&b))          // benchmarking
        || (a == 198 && b == 51 && c == 100)            // documentation
        || (a == 203 && b == 0 && c == 113)             // documentation
        || a >= 224; // multicast, reserved, broadcast
    !reserved
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    if let Some(v4) = embedded_v4(ip) {
        return is_public_v4(v4);
    }
    let reserved = ip.is_unspecified()
        || ip.is_loopback()
        || (s[0] & 0xfe00) == 0xfc00                    // unique local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80                    // link-local fe80::/10
        || (s[0] & 0xffc0) == 0xfec0                    // site-local (deprecated)
        || (s[0] & 0xff00) == 0xff00                    // multicast
        || (s[0] == 0x2001 && s[1] == 0x0db8)           // documentation
        || (s[0] == 0x2001 && s[1] < 0x0200)            // Teredo, benchmarking, ORCHID
        || (s[0] == 0x0100 && s[1..4] == [0, 0, 0])     // discard-only
        || (s[0] == 0x0064 && s[1] == 0xff9b && s[2] == 0x0001); // local-use NAT64 64:ff9b:1::/48
    !reserved
}

/// The IPv4 address inside an IPv6 one: mapped (`::ffff:a.b.c.d`), compatible (`::a.b.c.d`),
/// NAT64 (`64:ff9b::a.b.c.d`) or 6to4 (`2002:aabb:ccdd::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let low = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..5] == [0, 0, 0, 0, 0] && (s[5] == 0xffff || (s[5] == 0 && (s[6] != 0 || s[7] > 1))) {
        return Some(low);
    }
    // IPv4-translated (`::ffff:0:a.b.c.d`, RFC 2765).
    if s[..4] == [0, 0, 0, 0] && s[4] == 0xffff && s[5] == 0 {
        return Some(low);
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return Some(low);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
    }
    None
}

/// Resolves host names with the system resolver and keeps only the permitted addresses, at the
/// moment the connection is made.
struct PolicyResolver(Arc<OutboundPolicy>);

#[derive(Debug, thiserror::Error)]
#[error("{0} resolves only to private, local or reserved addresses, which PanelRelay does not call")]
struct ResolvedNotPublic(String);

impl Resolve for PolicyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.0.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            if !policy.allow_private {
                check_name(&host).map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)?;
            }
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| policy.ip_allowed(a.ip())).collect();
            if allowed.is_empty() {
                return Err(Box::new(ResolvedNotPublic(host)) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests;
