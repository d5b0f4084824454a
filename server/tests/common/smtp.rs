//! A real SMTP server for the tests of e-mail delivery: the sink of
//! `end2end/tools/smtp-sink.mjs` (npm `smtp-server`, messages parsed by `mailparser`), started
//! by the test in a Node.js process, and the app's SMTP transport pointed at it.

use server::config::{SmtpSettings, SmtpTls};
use server::mail::SmtpMailer;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The SMTP sink of `end2end/tools/smtp-sink.mjs`, a real SMTP server in a Node.js process.
pub struct SmtpSink {
    child: Child,
    lines: mpsc::Receiver<serde_json::Value>,
}

impl SmtpSink {
    pub fn start(port: u16) -> SmtpSink {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end");
        assert!(
            dir.join("node_modules/smtp-server").exists(),
            "the SMTP sink needs the end-to-end packages: run `npm ci` in end2end (scripts/test-all.sh does)"
        );
        let mut child = Command::new("node")
            .arg("tools/smtp-sink.mjs")
            .arg(port.to_string())
            .current_dir(&dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting node for the SMTP sink");
        let stdout = child.stdout.take().unwrap();
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Ok(value) = serde_json::from_str(&line) {
                    if sender.send(value).is_err() {
                        break;
                    }
                }
            }
        });
        let sink = SmtpSink { child, lines };
        let ready = sink.next();
        assert_eq!(ready["listening"].as_u64(), Some(u64::from(port)));
        sink
    }

    pub fn next(&self) -> serde_json::Value {
        self.lines
            .recv_timeout(Duration::from_secs(20))
            .expect("a line from the SMTP sink")
    }
}

impl SmtpSink {
    /// The next message if one comes within `wait`: to show that no other message came.
    pub fn next_within(&self, wait: Duration) -> Option<serde_json::Value> {
        self.lines.recv_timeout(wait).ok()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An SMTP transport to the sink's port, plain SMTP with credentials.
pub fn smtp_mailer(port: u16) -> SmtpMailer {
    SmtpMailer::new(
        &SmtpSettings {
            host: "127.0.0.1".into(),
            port,
            username: Some("mci".into()),
            password: Some("relay-secret".into()),
            tls: SmtpTls::None,
            timeout_secs: 5,
        },
        "MCI Customers <no-reply@mci-customers.test>",
    )
    .unwrap()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
