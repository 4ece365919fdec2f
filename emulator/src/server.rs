//! One axum server for every endpoint, and the [`Emulator`] handle that owns it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::control::{self, Control};
use crate::settings::{ControlAccess, Settings};
use crate::state::Shared;
use crate::{api, oauth, storage};

const DISCOVERY: &str = include_str!("../discovery/dataportability.v1.discovery.json");

/// A running emulator. Dropping it stops the server (it stops accepting at once; requests in
/// flight finish).
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    base_url: String,
    control: Control,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Emulator {
    /// Serves on `127.0.0.1` at a free port.
    pub async fn start(settings: Settings) -> std::io::Result<Emulator> {
        Emulator::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), settings).await
    }

    pub async fn bind(addr: SocketAddr, settings: Settings) -> std::io::Result<Emulator> {
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        // URLs handed out must be reachable: an unspecified address means "this machine".
        let host = match local.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let base_url = format!("http://{}", SocketAddr::new(host, local.port()));
        let shared = Arc::new(Shared::new(&settings, base_url.clone()));
        let own_host = settings
            .own_host_only
            .then(|| base_url["http://".len()..].to_owned());
        let app = router(shared.clone(), &settings.control, own_host);
        let (shutdown, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serving = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(error) = serving.await {
                tracing::error!("emulator server stopped: {error}");
            }
        });
        Ok(Emulator {
            addr: local,
            base_url,
            control: Control::new(shared),
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn control(&self) -> &Control {
        &self.control
    }

    pub fn client_id(&self) -> String {
        self.control.client_id()
    }

    pub fn client_secret(&self) -> String {
        self.control.client_secret()
    }

    /// Stops accepting and waits until the requests in flight are answered.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the server fails (the binary runs this until it is killed).
    pub async fn serve_forever(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

fn router(shared: Arc<Shared>, control: &ControlAccess, own_host: Option<String>) -> Router {
    let routes = Router::new()
        .route("/o/oauth2/v2/auth", get(oauth::authorize))
        .route("/o/oauth2/auth", get(oauth::authorize))
        .route("/o/oauth2/consent", post(oauth::consent_submitted))
        .route("/token", post(oauth::token))
        .route("/o/oauth2/token", post(oauth::token))
        .route("/revoke", post(oauth::revoke))
        .route("/o/oauth2/revoke", post(oauth::revoke))
        .route(
            "/connections/link",
            get(oauth::renewal_link).post(oauth::renewal_submitted),
        )
        .route("/v1/{*rest}", any(api::dispatch))
        .route("/storage/{*object}", get(storage::serve))
        .route("/$discovery/rest", get(discovery));
    let routes = match control {
        ControlAccess::Off => routes,
        access => routes.nest(
            "/_emulator",
            control::router().layer(middleware::from_fn_with_state(
                access.clone(),
                guard_control,
            )),
        ),
    };
    routes
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(own_host, guard_host))
        .layer(middleware::from_fn(log_request))
        .with_state(shared)
}

/// With [`Settings::own_host_only`], a request addressed to any other host is misdirected.
async fn guard_host(State(own): State<Option<String>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    match own {
        Some(own) if host != Some(own.as_str()) => refused(
            StatusCode::MISDIRECTED_REQUEST,
            "this server answers only to its own address",
        ),
        _ => next.run(request).await,
    }
}

/// The admin routes: a token when one is set, and JSON on every `POST`.
async fn guard_control(
    State(access): State<ControlAccess>,
    request: Request,
    next: Next,
) -> Response {
    if let ControlAccess::Token(token) = &access {
        let sent = request.headers().get(header::AUTHORIZATION);
        let expected = format!("Bearer {token}");
        if sent.and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
            return refused(
                StatusCode::UNAUTHORIZED,
                "the admin routes need their token",
            );
        }
    }
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if request.method() == Method::POST && !json {
        return refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "admin requests send JSON (Content-Type: application/json)",
        );
    }
    next.run(request).await
}

fn refused(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

async fn discovery() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json; charset=UTF-8")],
        DISCOVERY,
    )
        .into_response()
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/html; charset=UTF-8")],
        "<!DOCTYPE html>\n<html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title>\
         <p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL was not found on this \
         server. <ins>That’s all we know.</ins>\n",
    )
        .into_response()
}

/// Logs method, path and status only: queries carry signatures and bodies carry tokens.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    tracing::debug!("{method} {path} -> {}", response.status().as_u16());
    response
}
