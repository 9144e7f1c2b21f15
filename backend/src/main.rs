//! `panelrelay` — starts the server, or runs an operator command.
use std::process::ExitCode;

const USAGE: &str = "usage: panelrelay [serve | openapi | check-command <text> | check-service --name <name> ... | help]\n\
  serve [--sandbox]     start the server (default); configure with PANELRELAY_* variables, see README;\n\
                        --sandbox lets visitors try a workspace of their own, wired to built-in fake panel, Telegram and WhatsApp\n\
  openapi               print the OpenAPI document\n\
  check-command <text>  print how a customer message is understood, as JSON\n\
  check-service --name <name> [--description <text>] [--category <text>]\n\
                        print the refill policy and start time read from a service, as JSON";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None => serve(false),
        Some("serve") => serve(args.iter().any(|a| a == "--sandbox")),
        Some("openapi") => match panelrelay::http::openapi::document_json() {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("panelrelay: the OpenAPI document cannot be written: {e}");
                ExitCode::FAILURE
            }
        },
        Some("check-command") => panelrelay::cli::check_command(&args[1..]),
        Some("check-service") => panelrelay::cli::check_service(&args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("unknown command {other:?}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn serve(sandbox: bool) -> ExitCode {
    let config = match panelrelay::config::Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("panelrelay: {e}");
            return ExitCode::from(2);
        }
    };
    panelrelay::telemetry::init(config.log_format);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("panelrelay: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let admin_email = config.admin_email.clone().unwrap_or_else(|| panelrelay::config::DEFAULT_ADMIN_EMAIL.into());
        let app = match panelrelay::Application::build(config).await {
            Ok(app) => app,
            Err(e) => {
                eprintln!("panelrelay: {e}");
                return ExitCode::FAILURE;
            }
        };
        let base = format!("http://{}", app.addr());
        let state = app.state().clone();
        let server = tokio::spawn(app.run_until_stopped());
        // The sandbox is ready before the address is announced, so its sign-in button shows at once.
        let ready = if sandbox { Some(panelrelay::sandbox::start(&state, &base).await) } else { None };
        if let Some(Ok(s)) = &ready {
            let _ = state.sandbox.set(s.clone());
        }
        println!("PanelRelay is running at {base}/  (API docs: {base}/api/docs/)");
        println!(
            "  Sign in at {base}/login as {admin_email} (master admin; the password is PANELRELAY_ADMIN_PASSWORD or was printed when the database was created),\n  or create a panel owner's workspace at {base}/signup"
        );
        match ready {
            Some(Ok(_)) => println!(
                "  Sandbox: open {base}/login and choose \"Try the sandbox\" (fake panel, fake Telegram and WhatsApp; no account needed).\n  \
                 The sandbox is for trying things on your own machine; a deployment runs `panelrelay serve` without --sandbox."
            ),
            Some(Err(e)) => eprintln!("panelrelay: the sandbox could not start: {e}"),
            None => {}
        }
        let stopped = server.await;
        // A clean stop gives this instance's leases up, so another instance need not wait for them to lapse.
        let _ = panelrelay::cluster::leases::release_all(state.db.conn(), &state.engine.instance_id).await;
        match stopped {
            Ok(Ok(())) => ExitCode::SUCCESS,
            Ok(Err(e)) => {
                eprintln!("panelrelay: server stopped: {e}");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("panelrelay: server task failed: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
