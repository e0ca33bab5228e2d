//! Starts `wrangler dev` for a test binary: free ports, a temporary state directory, a
//! temporary env file (so a developer's `.dev.vars` never leaks into tests), and readiness
//! polling. The process group is terminated at exit, whatever the tests did.

use std::io::Write;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The admin token every test server is started with.
pub const ADMIN_TOKEN: &str = "test-admin-token-3f1d-5c8e0a9b7d6f4e21";

/// A running `wrangler dev`.
#[derive(Debug)]
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Where its state and logs live.
    pub dir: PathBuf,
    port: u16,
    /// wrangler's `--log-level`.
    log_level: &'static str,
    /// Static assets from here rather than wrangler.toml's `dist/`.
    assets: Option<PathBuf>,
}

static CHILDREN: Mutex<Vec<(Child, PathBuf)>> = Mutex::new(Vec::new());

extern "C" fn stop_children() {
    let Ok(mut children) = CHILDREN.lock() else {
        return;
    };
    for (mut child, dir) in children.drain(..) {
        let pgid = child.id() as i32;
        // SAFETY: signalling the process group we created for the server (wrangler and its
        // workerd); failure just means it is gone already.
        unsafe { libc::kill(-pgid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        unsafe { libc::kill(-pgid, libc::SIGKILL) };
        let _ = child.wait();
        // PORTHOLE_KEEP_STATE=1 keeps each server's directory (its wrangler.log) to read after.
        if std::env::var_os("PORTHOLE_KEEP_STATE").is_none() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// The workspace root (where `wrangler.toml` is).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl Server {
    /// Starts `wrangler dev` with `vars` (NAME, value) on top of the admin token, and waits
    /// until it answers. Panics with the server log if it does not come up.
    pub fn start(vars: &[(&str, &str)]) -> Server {
        Self::start_logging(vars, "warn")
    }

    /// [`Server::start`], with wrangler logging at `level` (`info` shows what the simulated
    /// bindings did, such as the emails `send_email` wrote).
    pub fn start_logging(vars: &[(&str, &str)], level: &'static str) -> Server {
        Self::launch(vars, level, true, None)
    }

    /// A deployment on its first visit: no admin token and no `JWT_SECRET`, its static assets
    /// from `assets` (where a deploy's build puts the setup code's digest, `api/setup.sha256`).
    pub fn start_unset_up(assets: &Path) -> Server {
        Self::launch(&[], "warn", false, Some(assets.to_owned()))
    }

    fn launch(
        vars: &[(&str, &str)],
        level: &'static str,
        admin: bool,
        assets: Option<PathBuf>,
    ) -> Server {
        let dir = std::env::temp_dir().join(format!(
            "porthole-test-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).expect("state dir");
        let env_file = dir.join("test.env");
        let mut env = std::fs::File::create(&env_file).expect("env file");
        if admin {
            writeln!(env, "ADMIN_TOKEN={ADMIN_TOKEN}").expect("env file");
        }
        // wrangler dev --local: the AI binding of wrangler.toml is a stand-in here.
        writeln!(env, "WORKERS_AI=unavailable").expect("env file");
        for (name, value) in vars {
            writeln!(env, "{name}={value}").expect("env file");
        }
        let port = free_port();
        let server = Server {
            base: format!("http://127.0.0.1:{port}"),
            dir,
            port,
            log_level: level,
            assets,
        };
        server.spawn();
        server
    }

    /// Starts wrangler dev on this server's port and state, and waits until it answers.
    fn spawn(&self) {
        let root = workspace_root();
        let (dir, port) = (&self.dir, self.port);
        let env_file = dir.join("test.env");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("wrangler.log"))
            .expect("log file");
        let wrangler = root.join("node_modules/.bin/wrangler");
        assert!(
            wrangler.exists(),
            "wrangler is not installed: run `make test` (or `make install`) first"
        );
        let child = Command::new(wrangler)
            .current_dir(&root)
            // --local: the Workers AI binding cannot run here.
            .args([
                "dev",
                "--local",
                "--ip",
                "127.0.0.1",
                "--port",
                &port.to_string(),
            ])
            .args(["--inspector-port", &free_port().to_string()])
            // `GET /__scheduled` runs the cron handler (the digest); wrangler's
            // `/cdn-cgi/handler/scheduled` cannot reach a class entrypoint (`DataCloneError`).
            .arg("--test-scheduled")
            .arg("--persist-to")
            .arg(dir.join("state"))
            .arg("--env-file")
            .arg(&env_file)
            .args(
                self.assets
                    .iter()
                    .flat_map(|a| [std::ffi::OsStr::new("--assets"), a.as_os_str()]),
            )
            .args([
                "--log-level",
                self.log_level,
                "--show-interactive-dev-session=false",
            ])
            .env("WRANGLER_SEND_METRICS", "false")
            // wrangler's debug log (every line at every level, the runtime's inspector traffic
            // included) stays with the server, not in ~/.config/.wrangler/logs for good.
            .env("WRANGLER_LOG_PATH", dir.join("wrangler-debug.log"))
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("CI", "1")
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("spawn wrangler dev");
        {
            static REGISTERED: std::sync::Once = std::sync::Once::new();
            // SAFETY: registering a plain extern "C" function once.
            REGISTERED.call_once(|| unsafe {
                libc::atexit(stop_children);
            });
            CHILDREN
                .lock()
                .expect("children")
                .push((child, dir.clone()));
        }
        self.wait_ready();
    }

    /// Kills the server at once — wrangler and workerd, with SIGKILL, as a crash or a power cut
    /// would — keeping its state directory.
    pub fn kill(&self) {
        let mut children = CHILDREN.lock().expect("children");
        if let Some(i) = children.iter().position(|(_, dir)| *dir == self.dir) {
            let (mut child, _) = children.remove(i);
            // SAFETY: signalling the process group we created for this server.
            unsafe { libc::kill(-(child.id() as i32), libc::SIGKILL) };
            let _ = child.wait();
        }
    }

    /// Starts the server again on the same port and the same state (after [`Server::kill`]).
    pub fn restart(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        // The port is free once the killed processes are gone.
        while Instant::now() < deadline && std::net::TcpStream::connect(self.addr()).is_ok() {
            std::thread::sleep(Duration::from_millis(100));
        }
        self.spawn();
    }

    fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(180);
        let addr = self.addr();
        while Instant::now() < deadline {
            if answers_404(&addr) {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!(
            "wrangler dev did not become ready; its log:\n{}",
            self.log()
        );
    }

    /// What the server printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("wrangler.log")).unwrap_or_default()
    }
}

/// Whether the worker at `addr` answers a config request for a malformed token with 404,
/// i.e. the runtime is up and the worker is loaded.
fn answers_404(addr: &str) -> bool {
    use std::io::Read;
    let Ok(mut stream) = std::net::TcpStream::connect(addr) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!(
        "GET /api/widget/config?token=0 HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 404")
}
