//! HTTP for one panel: a token bucket (governor), a whole-request timeout, retries with backoff
//! for idempotent reads only, and the classification of answers into `PanelError` (contract §2.2).
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use serde_json::Value;

use super::PanelError;

const MAX_RETRIES: u32 = 3;
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    limiter: Arc<DefaultDirectRateLimiter>,
    backoff: Duration,
    /// Checked before every request: a literal inside address never leaves (names are checked
    /// again by the client's resolver at connect time).
    policy: Arc<crate::outbound::OutboundPolicy>,
    /// This panel's recent calls (shared with the client that replaces this one after an edit).
    stats: Arc<super::stats::CallStats>,
}

/// What came back, before the backend reads its envelope.
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

pub fn is_html(content_type: &str, body: &str) -> bool {
    let start = body.trim_start().get(..15).unwrap_or(body.trim_start()).to_ascii_lowercase();
    content_type.contains("text/html") || start.starts_with("<!doctype") || start.starts_with("<html")
}

fn looks_like_cloudflare(status: u16, body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    (status == 403 || status == 503 || lower.contains("just a moment"))
        && (lower.contains("cloudflare") || lower.contains("cf-ray"))
}

/// The most a panel answer may weigh: a page of 100 orders is well under 1 MiB; an address that
/// streams without end must not fill our memory.
const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

async fn read_capped(mut response: reqwest::Response) -> Result<String, PanelError> {
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() + chunk.len() > MAX_ANSWER_BYTES => return Err(PanelError::Malformed),
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return Ok(String::from_utf8_lossy(&body).into_owned()),
            Err(e) => {
                let e = e.without_url();
                return Err(if e.is_timeout() { PanelError::Timeout } else { PanelError::Unreachable(e.to_string()) });
            }
        }
    }
}

impl Transport {
    pub fn new(http: reqwest::Client, rps: u32) -> Self {
        Self::new_shared(http, rps, 1)
    }

    /// A transport that uses its share of the panel's budget: `share` instances call the panel,
    /// each at most `rps / share` requests per second, so together they stay within `rps`.
    pub fn new_shared(http: reqwest::Client, rps: u32, share: u32) -> Self {
        let rps = NonZeroU32::new(rps.max(1)).unwrap_or(NonZeroU32::MIN);
        let period = Duration::from_secs_f64(f64::from(share.max(1)) / f64::from(rps.get()));
        // A burst of one: N requests take at least (N-1)/rps seconds.
        let quota = Quota::with_period(period).unwrap_or_else(|| Quota::per_second(rps)).allow_burst(NonZeroU32::MIN);
        Self {
            http,
            limiter: Arc::new(RateLimiter::direct(quota)),
            backoff: FIRST_BACKOFF,
            policy: crate::outbound::OutboundPolicy::permissive(),
            stats: Arc::default(),
        }
    }

    /// Records this panel's calls in `stats`.
    pub fn with_stats(mut self, stats: Arc<super::stats::CallStats>) -> Self {
        self.stats = stats;
        self
    }

    /// The outbound policy every request is checked against (production always sets one).
    pub fn with_policy(mut self, policy: Arc<crate::outbound::OutboundPolicy>) -> Self {
        self.policy = policy;
        self
    }

    /// Tests shorten the backoff; production keeps 500 ms.
    pub fn with_backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }

    /// Sends one request (after waiting for the bucket) and classifies the answer.
    async fn once(&self, request: reqwest::RequestBuilder) -> Result<Answer, PanelError> {
        let (client, request) = request.build_split();
        let request = request.map_err(|_| PanelError::Refused("the panel address is not a valid URL".into()))?;
        self.policy.check_url(request.url()).map_err(|e| PanelError::Refused(e.to_string()))?;
        self.limiter.until_ready().await;
        let started = std::time::Instant::now();
        let answer = self.send_and_read(client, request).await;
        let result = match &answer {
            Ok(_) => "ok",
            Err(PanelError::Timeout) => "timeout",
            Err(PanelError::RateLimited { .. }) => "rate_limited",
            Err(PanelError::Server { .. }) => "server_error",
            Err(PanelError::Unreachable(_)) => "unreachable",
            Err(PanelError::Cloudflare) => "cloudflare",
            Err(_) => "other_error",
        };
        crate::metrics::observe_panel_call(result, started.elapsed().as_secs_f64());
        self.stats.record(crate::db::now(), answer.as_ref().err().map(ToString::to_string));
        answer
    }

    async fn send_and_read(&self, client: reqwest::Client, request: reqwest::Request) -> Result<Answer, PanelError> {
        let response = client.execute(request).await.map_err(|e| {
            // Never keep the URL: v1 carries the admin key in the query string.
            let e = e.without_url();
            if e.is_timeout() { PanelError::Timeout } else { PanelError::Unreachable(e.to_string()) }
        })?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let text = read_capped(response).await?;
        if (300..400).contains(&status) {
            return Err(PanelError::Redirected);
        }
        if status == 429 {
            return Err(PanelError::RateLimited { retry_after_secs: retry_after });
        }
        let parsed = serde_json::from_str::<Value>(&text);
        match parsed {
            Err(_) if is_html(&content_type, &text) => {
                if looks_like_cloudflare(status, &text) {
                    Err(PanelError::Cloudflare)
                } else if status == 404 {
                    Err(PanelError::EndpointMissing)
                } else if status == 401 || status == 403 {
                    Err(PanelError::Unauthorized)
                } else {
                    Err(PanelError::NonJson { status })
                }
            }
            Err(_) if status >= 500 => Err(PanelError::Server { status }),
            Err(_) => Err(PanelError::Malformed),
            Ok(_) if status == 401 || status == 403 => Err(PanelError::Unauthorized),
            Ok(_) if status >= 500 => Err(PanelError::Server { status }),
            Ok(body) => Ok(Answer { status, body }),
        }
    }

    /// An idempotent read: retried up to 3 times with exponential backoff on transport errors,
    /// timeouts, 5xx and 429 (honouring Retry-After). Never used for writes.
    pub async fn get(&self, build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder) -> Result<Answer, PanelError> {
        self.get_with(build, MAX_RETRIES).await
    }

    /// A read tried once: the owner's "Test connection" wants a prompt, honest answer.
    pub async fn probe(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<Answer, PanelError> {
        self.get_with(build, 0).await
    }

    async fn get_with(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
        max_retries: u32,
    ) -> Result<Answer, PanelError> {
        let mut wait = self.backoff;
        let mut attempt = 0;
        loop {
            match self.once(build(&self.http)).await {
                Err(e) if attempt < max_retries && e.is_retryable() => {
                    let pause = match &e {
                        PanelError::RateLimited { retry_after_secs: Some(s) } => Duration::from_secs(*s).max(wait),
                        _ => wait,
                    };
                    tokio::time::sleep(pause).await;
                    wait *= 2;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// A write: sent once, never retried automatically.
    pub async fn send_once(&self, request: reqwest::RequestBuilder) -> Result<Answer, PanelError> {
        self.once(request).await
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}
