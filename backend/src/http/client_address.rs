//! The client's address, for per-address limits: the TCP peer, or, behind a reverse proxy the
//! operator runs (`PANELRELAY_TRUST_PROXY_HEADERS=true`), the address that proxy appended last to
//! `X-Forwarded-For` (earlier entries are whatever the client chose to send).
use actix_web::HttpRequest;

pub fn client_address(req: &HttpRequest, trust_proxy_headers: bool) -> String {
    if trust_proxy_headers
        && let Some(last) = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|s| !s.is_empty())
        && let Ok(ip) = last.parse::<std::net::IpAddr>()
    {
        return ip.to_string();
    }
    req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn forwarded_for_counts_only_when_trusted_and_only_its_last_hop() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().expect("addr"))
            .insert_header(("x-forwarded-for", "1.1.1.1, 203.0.113.7"))
            .to_http_request();
        assert_eq!(client_address(&req, false), "10.0.0.1");
        assert_eq!(client_address(&req, true), "203.0.113.7");
        let junk = TestRequest::default()
            .peer_addr("10.0.0.1:5000".parse().expect("addr"))
            .insert_header(("x-forwarded-for", "not-an-ip"))
            .to_http_request();
        assert_eq!(client_address(&junk, true), "10.0.0.1");
    }
}
