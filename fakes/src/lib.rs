//! Fakes of the outside systems PanelRelay talks to, following `shared/contracts/`.
//! Each binds 127.0.0.1:0, records every request, and has switches for the quirks and faults
//! the real services show. Tests use them, and so does the sandbox.
pub mod greenapi;
pub mod panel;
pub mod recorder;
pub mod telegram;

/// Microseconds since the Unix epoch (for ordering and timing what the fakes recorded).
pub fn now_us() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros() as u64).unwrap_or(0)
}

/// Starts one fake's HTTP server on 127.0.0.1:0 inside the current tokio runtime (one worker,
/// no signal handling, 1 MiB bodies); `configure` adds its state and its one handler.
pub(crate) fn spawn_server(
    configure: impl Fn(&mut actix_web::web::ServiceConfig) + Send + Clone + 'static,
) -> std::io::Result<(std::net::SocketAddr, actix_web::dev::ServerHandle)> {
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new().app_data(actix_web::web::PayloadConfig::new(1 << 20)).configure(configure.clone())
    })
    .workers(1)
    .disable_signals()
    .bind(("127.0.0.1", 0))?;
    let addr = server.addrs().first().copied().ok_or_else(|| std::io::Error::other("no address bound"))?;
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    Ok((addr, handle))
}

/// A running fake whose behaviour lives in `core` (shared with its request handler): its
/// address, its request log, and a handle to stop it. Derefs to the core for the test-facing API.
pub struct Running<C> {
    addr: std::net::SocketAddr,
    core: std::sync::Arc<C>,
    recorder: recorder::Recorder,
    server: actix_web::dev::ServerHandle,
}

impl<C> std::ops::Deref for Running<C> {
    type Target = C;
    fn deref(&self) -> &C {
        &self.core
    }
}

impl<C: Send + Sync + 'static> Running<C> {
    /// Serves every path with `handler`, which receives the core and the recorder as app data.
    pub(crate) fn serve<F, Args>(core: C, handler: F) -> std::io::Result<Self>
    where
        F: actix_web::Handler<Args> + Send + Sync,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        let core = std::sync::Arc::new(core);
        let recorder = recorder::Recorder::default();
        let (c, r) = (core.clone(), recorder.clone());
        let (addr, server) = spawn_server(move |cfg| {
            cfg.app_data(actix_web::web::Data::new(c.clone()))
                .app_data(actix_web::web::Data::new(r.clone()))
                .default_service(actix_web::web::to(handler.clone()));
        })?;
        Ok(Self { addr, core, recorder, server })
    }

    /// The base URL, without a trailing slash.
    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<recorder::RecordedRequest> {
        self.recorder.all()
    }

    pub async fn stop(self) {
        self.server.stop(false).await;
    }
}

/// A JSON answer with any status code (the fakes answer real services' odd ones, such as 466).
pub(crate) fn json_response(status: u16, body: String) -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status).unwrap_or(actix_web::http::StatusCode::BAD_REQUEST),
    )
    .content_type("application/json")
    .body(body)
}
