//! The real binary in a real terminal: a tmux session running a command, driven by
//! keys, read back from the reconstructed screen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    pub name: String,
}

/// How long `wait_for` waits before failing with the screen.
const PATIENCE: Duration = Duration::from_secs(30);

impl Tmux {
    /// A detached 100×30 session in `dir` running `command`.
    pub fn start(dir: &Path, command: &str) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let name = format!("rdb-e2e-{}-{n}", std::process::id());
        // The tmux server exits when its last session ends, so a session started just
        // then by a parallel test can fail to connect: try again.
        let mut attempts = 0;
        loop {
            let out = Command::new("tmux")
                .args(["new-session", "-d", "-s", &name, "-x", "100", "-y", "30"])
                .arg("-c")
                .arg(dir)
                .arg(command)
                .env_remove("TMUX")
                .output()
                .expect("tmux is installed (.ci/run installs it)");
            attempts += 1;
            if out.status.success() {
                return Tmux { name };
            }
            assert!(
                attempts < 5,
                "tmux new-session failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn capture(&self, escapes: bool) -> String {
        let mut cmd = Command::new("tmux");
        cmd.args(["capture-pane", "-p", "-t", &self.name]);
        if escapes {
            cmd.arg("-e");
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    }

    pub fn screen(&self) -> String {
        self.capture(false)
    }

    /// The screen with its colours, as escape sequences (`capture-pane -e`).
    pub fn screen_escaped(&self) -> String {
        self.capture(true)
    }

    /// Whether the terminal shows its alternate screen (a full-screen program's).
    pub fn alternate_screen(&self) -> bool {
        let out = Command::new("tmux")
            .args(["display-message", "-p", "-t", &self.name, "#{alternate_on}"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    pub fn resize(&self, width: u16, height: u16) {
        let ok = Command::new("tmux")
            .args(["resize-window", "-t", &self.name])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Waits until the screen is as `shows` wants and returns it; fails, saying what it
    /// waited for (`wanted`) and with the screen, after `PATIENCE`.
    pub fn wait_until(&self, wanted: &str, shows: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if shows(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "never saw {wanted}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the first of `texts` to show and returns the screen.
    pub fn wait_for_any(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("any of {texts:?}"), |s| {
            texts.iter().any(|t| s.contains(t))
        })
    }

    /// Waits until `text` shows at least `count` times.
    pub fn wait_for_count(&self, text: &str, count: usize) -> String {
        self.wait_until(&format!("{text:?} {count} times"), |s| {
            s.matches(text).count() >= count
        })
    }

    /// Waits until every one of `texts` shows on one screen: a capture can catch the
    /// interface half-way through drawing a frame, so what one line says is not yet
    /// proof of what another says.
    pub fn wait_for_all(&self, texts: &[&str]) -> String {
        self.wait_until(&format!("all of {texts:?}"), |s| {
            texts.iter().all(|t| s.contains(t))
        })
    }

    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_any(&[text])
    }

    /// A left click at the (0-based) column and row of the pane, as an SGR mouse
    /// report, the form crossterm asks the terminal for.
    pub fn click(&self, column: usize, row: usize) {
        let (x, y) = (column + 1, row + 1);
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l"])
            .arg(format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"))
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Where `text` first shows on the screen: (column, row), 0-based, in characters.
    pub fn locate(&self, text: &str) -> Option<(usize, usize)> {
        self.screen()
            .lines()
            .enumerate()
            .find_map(|(row, line)| line.find(text).map(|at| (line[..at].chars().count(), row)))
    }

    pub fn keys(&self, keys: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, keys])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}
